"""Tortoise configuration shared by the app, aerich, Celery and the tests."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise

from core.settings import ROOT, get_settings

MODEL_MODULES = [
    "models.users",
    "models.listings",
    "models.bookings",
    "models.payments",
    "models.reviews",
    "aerich.models",
]
MIGRATIONS = ROOT / "migrations"


def tortoise_url(url: str) -> str:
    """Accept postgres://, postgresql:// (as pgserver gives) or asyncpg:// URLs."""
    scheme, _, rest = url.partition("://")
    if scheme in {"postgres", "postgresql"}:
        return f"asyncpg://{rest}"
    return url


def tortoise_config(database_url: str | None = None) -> dict[str, Any]:
    url = database_url or get_settings().database_url
    if not url:
        raise RuntimeError("DATABASE_URL is not set (roost serve starts an embedded one)")
    return {
        "connections": {"default": tortoise_url(url)},
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def __getattr__(name: str) -> Any:
    # aerich's CLI imports `core.db.TORTOISE_ORM`; build it then, from the settings of the day.
    if name == "TORTOISE_ORM":
        return tortoise_config()
    raise AttributeError(name)


async def init_db(database_url: str | None = None) -> None:
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_db() -> None:
    # Also releases the global context, so a later init (next Celery job) may set its own.
    await Tortoise.close_connections()


async def migrate(database_url: str | None = None) -> list[str]:
    """Apply pending aerich migrations; return the versions applied."""
    from aerich import Command

    command = Command(tortoise_config=tortoise_config(database_url), app="models", location=str(MIGRATIONS))
    await command.init()
    try:
        return await command.upgrade(run_in_transaction=True)
    finally:
        await command.aclose()
