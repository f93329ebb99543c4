"""The HTTP surface of /graphql, the parts decided before any request: query depth, and what
production turns off and requires."""

from __future__ import annotations

import pytest


async def test_over_deep_query_is_refused():
    # The schema is shallow today, so prove the limit with a lower one on the same schema.
    from core.settings import Settings
    from schema import build_schema
    from schema.context import Context

    schema = build_schema(Settings(max_query_depth=2))
    context = Context(request=None, response=None)  # type: ignore[arg-type]
    shallow = await schema.execute("{ me { id } }", context_value=context)
    assert shallow.errors is None
    deep = await schema.execute("{ users { edges { node { id } } } }", context_value=context)
    assert deep.errors and "exceeds maximum operation depth" in deep.errors[0].message


async def test_production_turns_off_introspection_graphiql_and_suggestions():
    import httpx

    from app import create_app
    from core.settings import Settings

    app = create_app(Settings(roost_env="production", secret_key="p" * 48), lifespan_services=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        introspect = await client.post("/graphql", json={"query": "{ __schema { types { name } } }"})
        assert "introspection" in introspect.json()["errors"][0]["message"].lower()
        ide = await client.get("/graphql", headers={"accept": "text/html"})
        assert ide.status_code == 404
        typo = await client.post("/graphql", json={"query": "{ mee { id } }"})
        message = typo.json()["errors"][0]["message"]
        assert "Cannot query field 'mee'" in message and "Did you mean" not in message
    dev = await httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(lifespan_services=False)), base_url="http://t"
    ).post("/graphql", json={"query": "{ mee { id } }"})
    assert "Did you mean 'me'" in dev.json()["errors"][0]["message"]


def test_production_requires_a_secret_key(monkeypatch):
    from core.settings import get_settings

    monkeypatch.setenv("ROOST_ENV", "production")
    get_settings.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="SECRET_KEY"):
            get_settings()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
