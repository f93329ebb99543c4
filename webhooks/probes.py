"""Probes: /healthz (the process answers), /readyz (database and Redis answer), /metrics."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from tortoise import connections

from core.cache import get_redis
from core.metrics import render

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


async def metrics(request: Request) -> PlainTextResponse:
    return PlainTextResponse(render(), media_type="text/plain; version=0.0.4")


routes = [Route("/healthz", healthz), Route("/readyz", readyz), Route("/metrics", metrics)]
