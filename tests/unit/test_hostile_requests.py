"""Hostile requests, the pure part: the response cache's operation-name key, the schema walk that
finds input positions, and per-field caps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import strawberry
from graphql import (
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
    is_leaf_type,
)

from schema import build_schema, response_cache
from schema.input_limits import InputLimits, limits


def test_the_response_cache_never_hashes_a_wrong_operation_name():
    assert response_cache.cacheable("{ __typename }", {"a": 1}) is False  # type: ignore[arg-type]
    assert response_cache.cacheable("{ __typename }", None) is True


# ---- the schema walked: every string and list argument, however deeply nested -------------------------


def _input_paths(
    type_: GraphQLInputType, path: tuple[str, ...], wanted: type, seen: frozenset[str] = frozenset()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path, wrap) for every position under `type_` holding a `wanted` (a String/ID or a list);
    wrap(value) builds the variable value that puts `value` at that path."""
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(inner, GraphQLList):
        if wanted is GraphQLList:
            yield path, lambda v: v
        for sub, wrap in _input_paths(inner.of_type, (*path, "0"), wanted, seen):
            yield sub, lambda v, wrap=wrap: [wrap(v)]
    elif isinstance(inner, GraphQLScalarType) and wanted is str and inner.name in {"String", "ID"}:
        yield path, lambda v: v
    elif isinstance(inner, GraphQLInputObjectType) and inner.name not in seen:
        for name, field in inner.fields.items():
            for sub, wrap in _input_paths(field.type, (*path, name), wanted, seen | {inner.name}):
                yield sub, lambda v, name=name, wrap=wrap: {name: wrap(v)}


def _operations(wanted: type) -> Iterator[tuple[str, dict[str, Any], str, Any]]:
    """(document, other variables, field path, wrap) for each position of the schema's Query and Mutation."""
    schema = build_schema()._schema
    for kind, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert isinstance(root, GraphQLObjectType)
        for name, field in root.fields.items():
            if not field.args:
                continue
            declared = ", ".join(f"${a}: {arg.type}" for a, arg in field.args.items())
            passed = ", ".join(f"{a}: ${a}" for a in field.args)
            selection = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
            document = f"{kind}({declared}) {{ {name}({passed}){selection} }}"
            for arg_name, arg in field.args.items():
                for path, wrap in _input_paths(arg.type, (arg_name,), wanted):
                    others = {a: None for a in field.args if a != arg_name}
                    yield document, others, ".".join(path), lambda v, a=arg_name, w=wrap: {a: w(v)}


STRING_POSITIONS = list(_operations(str))
LIST_POSITIONS = list(_operations(GraphQLList))


def test_the_walk_finds_the_schema_positions():
    fields = {f for _, _, f, _ in STRING_POSITIONS}
    assert {"slug", "input.email", "input.title", "filter.amenities.0", "input.bio"} <= fields
    assert {"input.rates", "filter.amenities", "input.photoIds"} <= {f for _, _, f, _ in LIST_POSITIONS}


@strawberry.input
class Note:
    text: str = strawberry.field(metadata=limits(max_length=5))
    tags: list[str] = strawberry.field(default_factory=list, metadata=limits(max_items=2))


@strawberry.type
class EchoQuery:
    @strawberry.field
    def echo(
        self, note: Note, label: Annotated[str, strawberry.argument(metadata=limits(max_length=3))]
    ) -> str:
        return note.text + label


async def test_a_field_may_declare_smaller_caps():
    schema = strawberry.Schema(query=EchoQuery, extensions=[InputLimits])
    document = "query($n: Note!, $l: String!) { echo(note: $n, label: $l) }"
    ok = await schema.execute(document, {"n": {"text": "hello", "tags": ["a", "b"]}, "l": "abc"})
    assert ok.errors is None and ok.data == {"echo": "helloabc"}
    for variables, field in (
        ({"n": {"text": "hello!"}, "l": "abc"}, "note.text"),
        ({"n": {"text": "hi", "tags": ["a", "b", "c"]}, "l": "abc"}, "note.tags"),
        ({"n": {"text": "hi"}, "l": "abcd"}, "label"),
    ):
        result = await schema.execute(document, variables)
        assert result.data is None and result.errors
        assert result.errors[0].extensions == {"code": "BAD_USER_INPUT", "field": field}
