"""The simulated gateway keeps its state apart: a migrated database carries no fake bank, and the
gateway creates its own tables on first use, only when it is the configured gateway."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from tortoise import connections

import tasks.app  # noqa: F401  (it hands the simulated gateway its webhook queue, as in the app)
from core.gateways import get_gateway, simulated_store
from core.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
SIMULATED_TABLES = ["simulated_intents", "simulated_requests"]
# Run in a child process: aerich's Command sets up Tortoise globally, over this session's own.
MIGRATE = """
import asyncio, sys
from aerich import Command
from core.db import MIGRATIONS, migrate, tortoise_config

async def downgrade_to(version: int) -> None:
    command = Command(tortoise_config=tortoise_config(), app="models", location=str(MIGRATIONS))
    await command.init()
    try:
        await command.downgrade(version + 1, delete=False)
    finally:
        await command.aclose()

asyncio.run(migrate() if sys.argv[1] == "up" else downgrade_to(int(sys.argv[1])))
"""


def _other_database(url: str, name: str) -> str:
    base, _, query = url.partition("?")
    base = base.rsplit("/", 1)[0] + "/" + name
    return f"{base}?{query}" if query else base


def _migrate(database_url: str, to: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    done = subprocess.run(
        [sys.executable, "-c", MIGRATE, to], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr


async def _tables_of(conn: asyncpg.Connection) -> list[str]:
    rows = await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'simulated%'"
    )
    return sorted(r["tablename"] for r in rows)


async def test_a_migrated_database_has_no_simulated_tables_and_the_downgrade_gives_them_back() -> None:
    admin_url = os.environ["DATABASE_URL"]
    name = f"roost_fresh_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = _other_database(admin_url, name)
    try:
        await asyncio.to_thread(_migrate, url, "up")
        fresh = await asyncpg.connect(url)
        try:
            assert await _tables_of(fresh) == []
            await asyncio.to_thread(_migrate, url, "8")  # undo migration 9 only
            assert await _tables_of(fresh) == SIMULATED_TABLES
            await asyncio.to_thread(_migrate, url, "up")
            assert await _tables_of(fresh) == []
        finally:
            await fresh.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _drop_simulated_tables() -> None:
    await connections.get("default").execute_script(
        'DROP TABLE IF EXISTS "simulated_requests", "simulated_intents"'
    )
    simulated_store.forget_tables()


async def _charge(key: str) -> Any:
    return await get_gateway("simulated").create_intent(
        amount=1000, currency="USD", token="tok_visa", capture=True, idempotency_key=key, metadata={}
    )


async def test_the_simulated_tables_are_made_on_first_use_only_when_it_is_the_configured_gateway(
    isolate: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = get_settings()
    monkeypatch.setattr("core.gateways.simulated._send_tasks", _no_webhooks)
    await _drop_simulated_tables()
    try:
        monkeypatch.setattr(settings, "payment_gateway", "stripe")
        with pytest.raises(RuntimeError, match="not the configured one"):
            await _charge("first")
        assert await simulated_store.existing_tables() == []

        monkeypatch.setattr(settings, "payment_gateway", "simulated")
        # First uses at once: one creates the tables, the others wait for them; each key answered once.
        results = await asyncio.gather(*(_charge(f"key-{i % 2}") for i in range(4)))
        assert await simulated_store.existing_tables() == SIMULATED_TABLES
        assert {r.intent_id for r in results[0::2]} == {results[0].intent_id}
        assert {r.intent_id for r in results[1::2]} == {results[1].intent_id}
        assert await simulated_store.answer_count() == 2
        assert sorted(i.id for i in await simulated_store.intents()) == sorted(
            {results[0].intent_id, results[1].intent_id}
        )
    finally:
        # The session's worker and later tests find the tables, as the gateway left them.
        monkeypatch.setattr(settings, "payment_gateway", "simulated")
        await simulated_store.ensure_tables()


async def _no_webhooks(*args: Any) -> None:
    """Nothing is sent: this test is about the gateway's tables."""
