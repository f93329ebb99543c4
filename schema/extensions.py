"""Schema extensions: abuse limits and the masking of unexpected errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
    max_aliases,
    query_depth_limiter,
)
from strawberry.relay.types import GlobalIDValueError, InvalidGlobalIDError

from core.errors import AccessDenied, DomainError
from core.logs import request_id_var
from core.settings import Settings

log = logging.getLogger("roost.graphql")


def _expected(error: GraphQLError) -> bool:
    """Parse/validation errors and deliberate GraphQL errors pass; anything else is masked."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError | AccessDenied | DomainError)


class MaskUnexpectedErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: True, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, AccessDenied):
            return GraphQLError(
                str(original), error.nodes, path=error.path, extensions={"code": original.code}
            )
        if isinstance(original, DomainError):
            return GraphQLError(
                original.message,
                error.nodes,
                path=error.path,
                extensions={"code": original.code.name, "field": original.field},
            )
        if isinstance(original, InvalidGlobalIDError | GlobalIDValueError):
            return GraphQLError(
                str(original), error.nodes, path=error.path, extensions={"code": "BAD_USER_INPUT"}
            )
        if _expected(error):
            return error
        request_id = request_id_var.get()
        log.error(
            "unexpected error in %s",
            ".".join(str(p) for p in error.path or []),
            exc_info=original,
        )
        return GraphQLError(
            self.error_message,
            error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        )


def _skip_introspection(context: object) -> bool:
    return getattr(context, "field_name", "").startswith("__")


def schema_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Classes or factories, never instances: each request gets fresh extension state.

    The depth and alias rules are built once, here: ValidationCache keys on the rule
    classes, so rules made anew per request (QueryDepthLimiter(...) in a factory) would
    miss the cache on every request and revalidate every document.
    """
    rules = [
        query_depth_limiter.create_validator(settings.max_query_depth, _skip_introspection),
        max_aliases.create_validator(settings.max_aliases),
    ]
    if settings.production:
        rules.append(NoSchemaIntrospectionCustomRule)
    return [
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(AddValidationRules, rules),
        ParserCache,
        ValidationCache,
        MaskUnexpectedErrors,
    ]
