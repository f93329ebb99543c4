"""Schema extensions: abuse limits and the masking of unexpected errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
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
                original.message, error.nodes, path=error.path, extensions={"code": original.code.name}
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
    """Classes or factories, never instances: each request gets fresh extension state."""
    extensions: list[Callable[[], SchemaExtension]] = [
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(QueryDepthLimiter, max_depth=settings.max_query_depth, should_ignore=_skip_introspection),
        partial(MaxAliasesLimiter, max_alias_count=settings.max_aliases),
        ParserCache,
        ValidationCache,
        MaskUnexpectedErrors,
    ]
    if settings.production:
        extensions.append(DisableIntrospection)
    return extensions
