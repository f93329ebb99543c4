"""ROOST_ENV=production: what it refuses to start with, and what it keeps to itself."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

STRONG = "kq3N8vX1-rT7pZ2mW9yB4cL6hJ0sD5fG"  # 32 bytes, many distinct characters
PRODUCTION = {"roost_env": "production", "secret_key": STRONG, "simulated_webhook_secret": STRONG[::-1]}


def production_settings(**overrides: Any) -> Any:
    from core.settings import Settings

    return Settings(**{**PRODUCTION, **overrides})


def production_client(**overrides: Any) -> httpx.AsyncClient:
    from app import create_app

    app = create_app(production_settings(**overrides), lifespan_services=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


# ---- 15: no "Did you mean" ----------------------------------------------------------------------

TYPOS = {
    "field": ("{ mee { id } }", None),
    "argument": ('{ listing(idd: "x") { id } }', None),
    "type": ("query($x: Strin) { __typename }", None),
    "enum value": ("{ searchListings(sort: RELEVANC) { totalCount } }", None),
    "input field": (
        'mutation { register(input: {emial: "a@b.io", password: "x", firstName: "A"}) { errors { code } } }',
        None,
    ),
    "fragment type": ("{ me { ... on Usr { id } } }", None),
    "enum variable": (
        "query($s: ListingSort) { searchListings(sort: $s) { totalCount } }",
        {"s": "RELEVANC"},
    ),
    "input field variable": (
        "mutation($i: RegisterInput!) { register(input: $i) { errors { code } } }",
        {"i": {"emial": "a@b.io", "password": "x", "firstName": "A"}},
    ),
}


@pytest.mark.parametrize("case", TYPOS)
async def test_production_gives_no_suggestions(client, case):
    query, variables = TYPOS[case]
    body = {"query": query, "variables": variables}
    development = (await client.post("/graphql", json=body)).json()
    assert "Did you mean" in str(development["errors"])  # the hint exists outside production
    async with production_client() as production:
        answer = (await production.post("/graphql", json=body)).json()
    messages = [e["message"] for e in answer["errors"]]
    assert messages and not any("Did you mean" in m for m in messages), messages
    assert len(messages) == len(development["errors"])  # the errors themselves remain


async def test_metrics_stay_open_in_development(client):
    response = await client.get("/metrics")
    assert response.status_code == 200 and "roost_sql_queries_total" in response.text
