"""Probes: /healthz (the process answers), /readyz (database and Redis answer), /metrics (token)."""

from __future__ import annotations

import asyncio
import hmac

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from tortoise import connections

from core.cache import get_redis
from core.metrics import render
from core.settings import Settings, get_settings

PROBE_TIMEOUT = 2.0


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def _database() -> None:
    await connections.get("default").execute_query("SELECT 1")


async def _redis() -> None:
    await get_redis().ping()


async def readyz(request: Request) -> JSONResponse:
    checks = {"database": _database, "redis": _redis}
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            await asyncio.wait_for(check(), PROBE_TIMEOUT)
            results[name] = "ok"
        except Exception as exc:  # a probe reports any failure, it never raises
            results[name] = f"error: {type(exc).__name__}"
    ready = all(v == "ok" for v in results.values())
    return JSONResponse(
        {"status": "ok" if ready else "unavailable", **results}, status_code=200 if ready else 503
    )


def _settings(request: Request) -> Settings:
    # The app's own settings (create_app may be given some), else the process's.
    return getattr(request.app.state, "settings", None) or get_settings()


async def metrics(request: Request) -> PlainTextResponse:
    """With METRICS_TOKEN set, only `Authorization: Bearer <token>` (else 401); without it, open
    outside production and absent (404) in production: the figures are for operators only."""
    settings = _settings(request)
    if not settings.metrics_token:
        if settings.production:
            return PlainTextResponse("Not Found", status_code=404)
    else:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if not (
            scheme.lower() == "bearer"
            and hmac.compare_digest(given.strip().encode(), settings.metrics_token.encode())
        ):
            return PlainTextResponse(
                "Unauthorized", status_code=401, headers={"www-authenticate": 'Bearer realm="metrics"'}
            )
    return PlainTextResponse(render(), media_type="text/plain; version=0.0.4")


routes = [Route("/healthz", healthz), Route("/readyz", readyz), Route("/metrics", metrics)]
