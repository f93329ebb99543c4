"""Error paths at the schema boundary: resolvers name input fields in Python, clients read the schema's names.

A DomainError's `field` is a dotted path of Python names and list indexes (`stays.2.check_in`). Every
path that reaches a client (a payload's `errors[].field`, a GraphQL error's `extensions.field`) passes
through `schema_path` once, here at the boundary, so no resolver or rule spells a GraphQL name.
"""

from __future__ import annotations

from strawberry.utils.str_converters import to_camel_case


def schema_path(path: str | None) -> str | None:
    """`path` in the schema's spelling, segment by segment: `stays.2.check_in` -> `stays.2.checkIn`.

    The conversion is Strawberry's own for field names (build_schema leaves auto_camel_case on), so
    a path names exactly the field a client sent. Indexes and single words are left as they are, and
    a path already in camelCase (input_limits builds its paths from the document) comes back unchanged.
    """
    if path is None:
        return None
    return ".".join(to_camel_case(segment) for segment in path.split("."))
