"""Reads of members for the schema's lists."""

from __future__ import annotations

from models.users import User
from resolvers.paging import Page, newest_first


async def members(*, email: str | None, first: int | None, after: str | None) -> Page[User]:
    """All members newest first; with `email`, those whose address contains it (any case)."""
    query = User.all()
    if email:
        query = query.filter(email__icontains=email.strip())
    return await newest_first(query, first=first, after=after)
