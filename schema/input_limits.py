"""Every string and list that enters the schema, checked once, before anything runs.

Inline literals and variables alike, however deeply nested in input objects and lists, are
walked against the argument types of the operation about to run (a document that passed
validation). A string may hold no control character (tab, newline and carriage return aside)
and no unpaired surrogate: PostgreSQL cannot store NUL, UTF-8 cannot encode a lone surrogate,
and neither belongs in any text of ours. A string is at most `max_string_length` characters
(10,000) unless a smaller cap applies: one declared by its field or argument
(`strawberry.field(metadata=limits(max_length=200))`), one for its name (NAME_CAPS: emails,
passwords, tokens, codes) or one for its scalar (SCALAR_CAPS: ids, dates, decimals). A list holds
at most `max_list_items` items (100), a list of dates 366, or what its field declares
(`limits(max_items=...)`).

The first offence refuses the whole operation: a GraphQL error with `extensions.code`
BAD_USER_INPUT and `extensions.field` the camelCase path of the offending value from the
argument down (`input.title`, `filter.amenities.1`), no data and no path, so no resolver runs
and nothing is written (no lockout key for a 900 KB email, no 9,000 seasonal rates). The
domain rules still apply after this; this only bounds what they are asked to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLError,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    Node,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    get_named_type,
)
from graphql.utilities import get_operation_ast
from strawberry.extensions import ValidationCache

from core.settings import get_settings
from schema.document_limits import document_problem

# Smaller caps by argument or input field name: the column's own length where a longer value
# would fail the ORM's validation of a lookup (an email, a slug); elsewhere above what the domain
# rule allows (so a near miss still gets the domain's own, friendlier error).
NAME_CAPS: Mapping[str, int] = {
    "email": 254,  # models.users.MAX_EMAIL_LENGTH (RFC 5321)
    "slug": 160,  # Listing.slug
    "password": 1024,
    "currentPassword": 1024,
    "newPassword": 1024,
    "token": 1024,
    "refreshToken": 1024,
    "code": 64,
    "otpCode": 64,
    "idempotencyKey": 255,
    "currency": 16,
    "after": 1024,
}
# By scalar: a global id is ~60 characters, a date 10, a decimal amount a few dozen.
SCALAR_CAPS: Mapping[str, int] = {"ID": 256, "Date": 64, "DateTime": 64, "Decimal": 64, "BigInt": 32}
# Lists of these scalars may be longer than the default: a year of nights.
LIST_CAPS_BY_ITEM: Mapping[str, int] = {"Date": 366}
# Decimal inputs (prices, rates, amounts) are plain decimal strings: no exponent, "_", sign "+",
# spaces, NaN or Infinity, and ASCII digits only (Python's Decimal takes all of those).
_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_NOT_A_DECIMAL = 'must be a decimal string of digits, with an optional "-" and ".", such as "1250.50".'
# C0 controls but tab, LF and CR; and unpaired surrogates (JSON's "\ud800" decodes to one).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

Holder = GraphQLArgument | GraphQLInputField


def string_problem(value: str, cap: int) -> str | None:
    """What is wrong with one input string under the rules above (its characters, then the length
    `cap`), worded to follow the string's name ("`input.title` ...", "The new password ..."), or
    None. The one check for every way a string comes in: the walk below, and the HTML forms of
    webhooks/account_links.py, which reach the same resolvers without GraphQL."""
    if (found := _FORBIDDEN.search(value)) is not None:
        return f"cannot contain control characters or unpaired surrogates (U+{ord(found.group()):04X})."
    if len(value) > cap:
        return f"is too long: at most {cap} characters."
    return None


def name_cap(name: str) -> int:
    """The cap on a string passed as argument or input field `name`, where nothing smaller is declared."""
    default = get_settings().max_string_length
    return min(default, NAME_CAPS.get(name, default))


def limits(*, max_length: int | None = None, max_items: int | None = None) -> dict[str, int]:
    """Field or argument metadata declaring smaller caps than the defaults:
    `title: str = strawberry.field(metadata=limits(max_length=200))`."""
    declared = {"max_length": max_length, "max_items": max_items}
    return {k: v for k, v in declared.items() if v is not None}


class _Refused(Exception):
    def __init__(self, path: list[str], message: str, node: Node | None) -> None:
        self.field = ".".join(path)
        self.message = f"`{self.field}` {message}"
        self.node = node


def _declared(holder: Holder | None, name: str) -> int | None:
    definition = holder.extensions.get("strawberry-definition") if holder is not None else None
    metadata = getattr(definition, "metadata", None) or {}
    value = metadata.get(name)
    return value if isinstance(value, int) else None


def _holder_name(path: list[str]) -> str:
    """The name of the argument or input field a value belongs to: the last segment not an index."""
    return next((p for p in reversed(path) if not p.isdigit()), path[-1])


def _unwrap(type_: Any) -> Any:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def _is_decimal(type_: Any) -> bool:
    return isinstance(type_, GraphQLScalarType) and type_.name == "Decimal"


class _Walk:
    """One operation's inputs against the schema's types; raises _Refused at the first offence."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any],
        max_length: int,
        max_items: int,
    ) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.variables = variables
        self.defaults: dict[str, ValueNode | None] = {}
        self.max_length = max_length
        self.max_items = max_items
        self.seen_fragments: set[str] = set()

    def operation(self, operation: OperationDefinitionNode) -> None:
        self.defaults = {d.variable.name.value: d.default_value for d in operation.variable_definitions or ()}
        root = self.schema.get_root_type(operation.operation)
        if root is not None:
            self.selections(root, operation.selection_set)

    def selections(self, parent: GraphQLNamedType, selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections or ():
            if isinstance(selection, FieldNode):
                self.field(parent, selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                scope = self.schema.get_type(condition.name.value) if condition else parent
                self.selections(scope or parent, selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in self.seen_fragments:
                    self.seen_fragments.add(name)  # its arguments are the same wherever it is spread
                    scope = self.schema.get_type(fragment.type_condition.name.value)
                    self.selections(scope or parent, fragment.selection_set)

    def field(self, parent: GraphQLNamedType, node: FieldNode) -> None:
        definition = self.schema.get_field(parent, node.name.value)  # type: ignore[arg-type]
        if definition is None:
            return
        for argument in node.arguments or ():
            holder = definition.args.get(argument.name.value)
            if holder is not None:
                self.literal(argument.value, holder.type, [argument.name.value], holder)
        if node.selection_set is not None:
            self.selections(get_named_type(definition.type), node.selection_set)

    def literal(self, node: ValueNode, type_: Any, path: list[str], holder: Holder | None) -> None:
        """An inline value of `type_` at `path`; a variable in it is checked as its raw JSON."""
        type_ = _unwrap(type_)
        if isinstance(node, VariableNode):
            name = node.name.value
            if name in self.variables:
                self.raw(self.variables[name], type_, path, holder, node)
            elif (default := self.defaults.get(name)) is not None:
                self.literal(default, type_, path, holder)
        elif isinstance(node, StringValueNode):
            self.text(node.value, type_, path, holder, node)
        elif _is_decimal(type_) and isinstance(node, IntValueNode | FloatValueNode):
            raise _Refused(path, _NOT_A_DECIMAL, node)
        elif isinstance(type_, GraphQLList):
            values = (node.values or ()) if isinstance(node, ListValueNode) else (node,)
            self.count(len(values), type_, path, holder, node)
            for i, item in enumerate(values):
                self.literal(item, type_.of_type, [*path, str(i)], holder)
        elif isinstance(node, ObjectValueNode):
            fields = type_.fields if isinstance(type_, GraphQLInputObjectType) else {}
            for child in node.fields or ():
                field = fields.get(child.name.value)
                self.literal(child.value, field.type if field else None, [*path, child.name.value], field)
        elif isinstance(node, ListValueNode):  # a list where none belongs: validation refused it
            for i, item in enumerate(node.values or ()):
                self.literal(item, None, [*path, str(i)], holder)

    def raw(self, value: Any, type_: Any, path: list[str], holder: Holder | None, node: Node) -> None:
        """A variable's JSON value where `type_` is expected (None: no type known, strings only)."""
        type_ = _unwrap(type_)
        if isinstance(value, str):
            self.text(value, type_, path, holder, node)
        elif _is_decimal(type_) and isinstance(value, int | float):  # a JSON number: 0.1 is not exact
            raise _Refused(path, _NOT_A_DECIMAL, node)
        elif isinstance(type_, GraphQLList):
            values = value if isinstance(value, list) else (value,)
            self.count(len(values), type_, path, holder, node)
            for i, item in enumerate(values):
                self.raw(item, type_.of_type, [*path, str(i)], holder, node)
        elif isinstance(value, dict):
            fields = type_.fields if isinstance(type_, GraphQLInputObjectType) else {}
            for key, item in value.items():
                field = fields.get(key) if isinstance(key, str) else None
                self.raw(item, field.type if field else None, [*path, str(key)], field, node)
        elif isinstance(value, list):  # coercion will refuse it; its strings are checked all the same
            for i, item in enumerate(value):
                self.raw(item, None, [*path, str(i)], holder, node)

    def text(self, value: str, type_: Any, path: list[str], holder: Holder | None, node: Node) -> None:
        caps = [self.max_length, NAME_CAPS.get(_holder_name(path), self.max_length)]
        if (declared := _declared(holder, "max_length")) is not None:
            caps.append(declared)
        if type_ is not None:
            caps.append(SCALAR_CAPS.get(get_named_type(type_).name, self.max_length))
        if (problem := string_problem(value, min(caps))) is not None:
            raise _Refused(path, problem, node)
        if _is_decimal(type_) and not _PLAIN_DECIMAL.fullmatch(value):
            raise _Refused(path, _NOT_A_DECIMAL, node)

    def count(
        self, size: int, type_: GraphQLList[Any], path: list[str], holder: Holder | None, node: Node
    ) -> None:
        cap = _declared(holder, "max_items")
        if cap is None:
            cap = LIST_CAPS_BY_ITEM.get(get_named_type(type_).name, self.max_items)
        if size > cap:
            raise _Refused(path, f"has too many items: at most {cap}.", node)


def check_inputs(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    *,
    max_length: int,
    max_items: int,
) -> GraphQLError | None:
    """The BAD_USER_INPUT error for the first string or list over its limits, or None."""
    operation = get_operation_ast(document, operation_name if isinstance(operation_name, str) else None)
    if operation is None:
        return None  # Strawberry refuses an unknown or ambiguous operation itself
    walk = _Walk(schema, document, variables if isinstance(variables, Mapping) else {}, max_length, max_items)
    try:
        walk.operation(operation)
    except _Refused as refused:
        return GraphQLError(
            refused.message,
            refused.node,
            extensions={"code": "BAD_USER_INPUT", "field": refused.field},
        )
    return None


class InputLimits(ValidationCache):
    """Validation (cached, as ValidationCache), then the input limits on a document that passed.

    Both in `on_validate`, so a refusal is a pre-execution error on every transport: HTTP,
    WebSocket subscriptions and operations alike, with nothing executed.
    """

    def __init__(
        self,
        *,
        max_length: int | None = None,
        max_items: int | None = None,
        max_selections: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        settings = get_settings()
        self.max_length = max_length if max_length is not None else settings.max_string_length
        self.max_items = max_items if max_items is not None else settings.max_list_items
        self.max_selections = max_selections if max_selections is not None else settings.max_selections

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        # Before validation, whose cost these checks bound (schema/document_limits.py).
        problem = document_problem(
            context.graphql_document, context._provided_operation_name, self.max_selections
        )
        if problem is not None:
            context.pre_execution_errors = [problem]
            yield
            return
        errors = self.cached_validate_document(
            context.schema._schema, context.graphql_document, context.validation_rules
        )
        if not errors:
            refusal = check_inputs(
                context.schema._schema,
                context.graphql_document,
                context.operation_name,
                context.variables,
                max_length=self.max_length,
                max_items=self.max_items,
            )
            errors = [refusal] if refusal is not None else []
        context.pre_execution_errors = errors
        yield
