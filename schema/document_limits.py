"""What a parsed document must satisfy before it is validated: cheap checks, one pass.

- At most `max_selections` selections (fields, fragment spreads, inline fragments, fragments'
  own included). The token limit does not bound validation: graphql-core's
  OverlappingFieldsCanBeMerged compares same-named fields pairwise, so 490 copies of
  `amenities { name }` (9 KB, under 2,000 tokens) held the event loop for ~2 s. Refused with
  `extensions.code` TOO_MANY_SELECTIONS, before validation runs.
- One operation, or an `operationName`: the GraphQL spec makes a document with several
  operations and no name a request error, where Strawberry would run the first one.
- No number literal longer than MAX_NUMBER_CHARS: Python refuses ints over 4,300 digits with a
  message naming its own internals (`sys.set_int_max_str_digits`). BAD_USER_INPUT naming the
  argument or variable, as the input limits do.
"""

from __future__ import annotations

from graphql import (
    ArgumentNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
)

MAX_NUMBER_CHARS = 40  # a BigInt amount has at most 19 digits; no number of ours is longer


class _Refused(Exception):
    def __init__(self, error: GraphQLError) -> None:
        self.error = error


def _number(node: ValueNode, path: list[str]) -> None:
    if isinstance(node, IntValueNode | FloatValueNode) and len(node.value) > MAX_NUMBER_CHARS:
        field = ".".join(path)
        raise _Refused(
            GraphQLError(
                f"`{field}` is too long a number: at most {MAX_NUMBER_CHARS} characters.",
                node,
                extensions={"code": "BAD_USER_INPUT", "field": field},
            )
        )
    if isinstance(node, ListValueNode):
        for i, item in enumerate(node.values):
            _number(item, [*path, str(i)])
    elif isinstance(node, ObjectValueNode):
        for child in node.fields:
            _number(child.value, [*path, child.name.value])


def _arguments(
    arguments: tuple[ArgumentNode, ...] | None, directives: tuple[DirectiveNode, ...] | None
) -> None:
    for argument in arguments or ():
        _number(argument.value, [argument.name.value])
    for directive in directives or ():
        _arguments(directive.arguments, None)


def _selections(selection_set: SelectionSetNode | None) -> int:
    """How many selections `selection_set` holds, at every depth (fragments are counted once,
    in their definitions); checks the numbers in their arguments on the way."""
    count = 0
    for selection in selection_set.selections if selection_set is not None else ():
        count += 1
        _arguments(getattr(selection, "arguments", None), selection.directives)
        if isinstance(selection, FieldNode | InlineFragmentNode):
            count += _selections(selection.selection_set)
    return count


def document_problem(
    document: DocumentNode, operation_name: str | None, max_selections: int
) -> GraphQLError | None:
    """The request error for the first check `document` fails, or None."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None and len(operations) > 1:
        return GraphQLError(
            "operationName is required when the document has several operations.",
            extensions={"code": "OPERATION_NAME_REQUIRED"},
        )
    count = 0
    try:
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                for variable in definition.variable_definitions or ():
                    if variable.default_value is not None:
                        _number(variable.default_value, [variable.variable.name.value])
            if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
                _arguments(None, definition.directives)
                count += _selections(definition.selection_set)
    except _Refused as refused:
        return refused.error
    if count > max_selections:
        return GraphQLError(
            f"The document has {count} selections; at most {max_selections} are allowed.",
            extensions={"code": "TOO_MANY_SELECTIONS"},
        )
    return None
