"""ROOST_ENV=production without services: what it refuses to start with, and what it keeps to itself."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.routing import Route

from tests.conftest import ROOT

STRONG = "kq3N8vX1-rT7pZ2mW9yB4cL6hJ0sD5fG"  # 32 bytes, many distinct characters
PRODUCTION = {
    "roost_env": "production",
    "secret_key": STRONG,
    "simulated_webhook_secret": STRONG[::-1],
    # (the tests' own environment lowers these: production takes the defaults)
    "password_hash_time_cost": 3,
    "password_hash_memory_kib": 65536,
    "password_hash_parallelism": 4,
}


def production_settings(**overrides: Any) -> Any:
    from core.settings import Settings

    return Settings(**{**PRODUCTION, **overrides})


def production_client(**overrides: Any) -> httpx.AsyncClient:
    from app import create_app

    app = create_app(production_settings(**overrides), lifespan_services=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


# ---- 14: secrets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"secret_key": "secret"}, "SECRET_KEY"),
        ({"secret_key": "x"}, "SECRET_KEY"),
        ({"secret_key": ""}, "SECRET_KEY"),
        ({"secret_key": "dev-insecure-change-me-dev-insecure-change-me"}, "SECRET_KEY"),
        ({"secret_key": "x" * 64}, "SECRET_KEY"),  # long, but no key material
        ({"secret_key": STRONG[:31]}, "SECRET_KEY"),
        ({"simulated_webhook_secret": "whsec_simulated_dev"}, "SIMULATED_WEBHOOK_SECRET"),
        ({"payment_gateway": "stripe", "stripe_webhook_secret": None}, "STRIPE_WEBHOOK_SECRET"),
        ({"metrics_token": "token"}, "METRICS_TOKEN"),
        ({"password_hash_time_cost": 1}, "PASSWORD_HASH_TIME_COST"),
        ({"password_hash_memory_kib": 1024}, "PASSWORD_HASH_TIME_COST"),
    ],
)
def test_production_refuses_weak_or_default_secrets(monkeypatch, overrides, named):
    from core.settings import get_settings, production_problems

    assert production_problems(production_settings()) == []
    problems = production_problems(production_settings(**overrides))
    assert len(problems) == 1 and problems[0].startswith(named)
    # The same check is what get_settings() (the app, the worker, every command) runs first.
    for key, value in {**PRODUCTION, **overrides}.items():
        monkeypatch.setenv(key.upper(), "" if value is None else str(value))
    get_settings.cache_clear()
    try:
        with pytest.raises(RuntimeError, match=named):
            get_settings()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_a_production_server_with_the_readme_defaults_does_not_start():
    env = {**os.environ, "ROOST_ENV": "production", "SECRET_KEY": STRONG}
    env.pop("SIMULATED_WEBHOOK_SECRET", None)  # the README's whsec_simulated_dev
    result = subprocess.run(
        [sys.executable, "-c", "import app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SIMULATED_WEBHOOK_SECRET" in result.stderr


async def test_production_serves_no_graphiql_assets():
    async with production_client() as client:
        assert (await client.get("/static/graphiql/graphiql-3.8.3.min.js")).status_code == 404


# ---- 16: /metrics and 500s ----------------------------------------------------------------------


async def test_metrics_need_the_token_in_production():
    async with production_client() as no_token:
        assert (await no_token.get("/metrics")).status_code == 404
    token = "m" + STRONG
    async with production_client(metrics_token=token) as client:
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get("/metrics", headers={"authorization": f"Bearer {STRONG}"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"].startswith("Bearer")
        right = await client.get("/metrics", headers={"authorization": f"Bearer {token}"})
        assert right.status_code == 200 and "roost_http_requests_total" in right.text


async def test_an_unhandled_error_is_a_500_with_the_request_id(caplog):
    from app import create_app

    async def boom(request: Request) -> None:
        raise RuntimeError("the disk is on fire")

    app = create_app(production_settings(), lifespan_services=False)
    app.router.routes.append(Route("/boom", boom))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        given = await client.get("/boom", headers={"x-request-id": "req-boom-1234"})
        fresh = await client.get("/boom")
    assert given.status_code == 500 and given.headers["x-request-id"] == "req-boom-1234"
    error = given.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-boom-1234"}
    assert "fire" not in given.text
    assert (
        fresh.status_code == 500
        and fresh.json()["errors"][0]["extensions"]["requestId"] == (fresh.headers["x-request-id"])
    )
    logged = [r for r in caplog.records if r.name == "roost.http" and r.exc_info]
    assert logged and "fire" in str(logged[0].exc_info[1])
