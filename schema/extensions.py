"""Schema extensions: abuse limits and the masking of unexpected errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationRule,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    max_aliases,
    query_depth_limiter,
)
from strawberry.relay.types import GlobalIDValueError, InvalidGlobalIDError

from core.errors import AccessDenied, DomainError, ErrorCode
from core.logs import request_id_var
from core.redis_guard import unavailable
from core.settings import Settings
from schema.error_paths import schema_path
from schema.input_limits import InputLimits

log = logging.getLogger("roost.graphql")

# Field metadata of a mutation that checks (or hashes) a password or a second factor.
CHECKS_PASSWORD = {"checks_password": True}


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
                extensions={"code": original.code.name, "field": schema_path(original.field)},
            )
        if isinstance(original, InvalidGlobalIDError | GlobalIDValueError):
            return GraphQLError(
                str(original), error.nodes, path=error.path, extensions={"code": "BAD_USER_INPUT"}
            )
        if _expected(error):
            return error
        request_id = request_id_var.get()
        if original is not None and (down := unavailable(original)) is not None:
            log.warning("service unavailable in %s: %r", ".".join(str(p) for p in error.path or []), original)
            return GraphQLError(
                down.message,
                error.nodes,
                path=error.path,
                extensions={
                    "code": ErrorCode.SERVICE_UNAVAILABLE.name,
                    "retryAfter": down.retry_after,
                    "requestId": request_id,
                },
            )
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


class OnePasswordCheckPerOperation(ValidationRule):
    """An operation may hold at most one mutation field marked CHECKS_PASSWORD.

    Aliases (`a: enableTwoFactor(...) b: enableTwoFactor(...)`), which GraphQL runs at once,
    would otherwise buy many argon2 checks and lockout attempts with one request. Refused at
    validation, so nothing runs; distinct response keys count, through fragments too.
    """

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
        root = self.context.schema.mutation_type
        if node.operation != OperationType.MUTATION or root is None:
            return
        keys: set[str] = set()
        self._collect(node.selection_set, root, keys, set())
        if len(keys) > 1:
            self.report_error(
                GraphQLError(
                    "Send one password or two-factor check per request: "
                    f"this operation has {len(keys)} ({', '.join(sorted(keys))}).",
                    node,
                    extensions={"code": "TOO_MANY_PASSWORD_CHECKS"},
                )
            )

    def _collect(
        self, selections: SelectionSetNode, root: GraphQLObjectType, keys: set[str], seen: set[str]
    ) -> None:
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                field = root.fields.get(selection.name.value)
                definition = field.extensions.get("strawberry-definition") if field else None
                if definition is not None and definition.metadata.get("checks_password"):
                    keys.add((selection.alias or selection.name).value)
            elif isinstance(selection, InlineFragmentNode):
                self._collect(selection.selection_set, root, keys, seen)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                seen.add(selection.name.value)
                fragment = self.context.get_fragment(selection.name.value)
                if fragment is not None:
                    self._collect(fragment.selection_set, root, keys, seen)


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
        OnePasswordCheckPerOperation,
    ]
    if settings.production:
        rules.append(NoSchemaIntrospectionCustomRule)
    return [
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(AddValidationRules, rules),
        ParserCache,
        # The document's size and shape (before validation), ValidationCache, then every string
        # and list input checked against its limits.
        partial(
            InputLimits,
            max_length=settings.max_string_length,
            max_items=settings.max_list_items,
            max_selections=settings.max_selections,
        ),
        MaskUnexpectedErrors,
    ]
