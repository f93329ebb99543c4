"""The simulated gateway's own state: its intents and its answers by idempotency key.

These are the fake bank's tables, not the application's: they are no Tortoise models (aerich never
migrates them, and a production database never carries them). The gateway creates them itself, on
its first use, and only when it is the configured gateway (PAYMENT_GATEWAY=simulated).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from core.settings import get_settings

TABLES = ("simulated_intents", "simulated_requests")
# One creator at a time across processes: concurrent CREATE TABLE IF NOT EXISTS of the same table
# can still fail in PostgreSQL (on its catalog's unique index), so the creators queue on this lock.
_LOCK_KEY = "roost:simulated_gateway_tables"
_CREATE = """
CREATE TABLE IF NOT EXISTS "simulated_intents" (
    "id" VARCHAR(40) NOT NULL PRIMARY KEY,
    "token" VARCHAR(100) NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "captured" BIGINT NOT NULL,
    "refunded" BIGINT NOT NULL,
    "capture_on_authorize" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "simulated_intents" IS
    'The simulated gateway''s own record of a payment intent (its side of the wire).';
CREATE TABLE IF NOT EXISTS "simulated_requests" (
    "key" VARCHAR(150) NOT NULL PRIMARY KEY,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "simulated_requests" IS
    'The simulated gateway''s idempotency: the first answer to a key is the answer.';
"""
_INTENT_COLUMNS = "id, token, amount, currency, status, captured, refunded, capture_on_authorize"

_created = False  # in this process (the tables are created once per database, kept after)
_creating = asyncio.Lock()


@dataclass
class SimulatedIntent:
    """The gateway's record of one payment intent (its side of the wire)."""

    id: str
    token: str
    amount: int
    currency: str
    status: str
    captured: int = 0
    refunded: int = 0
    capture_on_authorize: bool = False


async def ensure_tables() -> None:
    """Create the tables once, if the simulated gateway is the configured one; refuse otherwise."""
    global _created
    if _created:
        return
    if get_settings().payment_gateway != "simulated":
        raise RuntimeError("the simulated gateway is not the configured one (PAYMENT_GATEWAY)")
    async with _creating:
        if _created:
            return
        async with in_transaction() as conn:
            await conn.execute_query("SELECT pg_advisory_xact_lock(hashtext($1))", [_LOCK_KEY])
            await conn.execute_script(_CREATE)
        _created = True


async def existing_tables() -> list[str]:
    """Which of the tables this database has (none until the gateway is first used)."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY($1::text[])"
        " AND pg_table_is_visible(oid)",
        [list(TABLES)],
    )
    return sorted(r["relname"] for r in rows)


def forget_tables() -> None:
    """Check for the tables again on next use (after something outside the gateway dropped them)."""
    global _created
    _created = False


# ---- answers by idempotency key -------------------------------------------------------------------


async def answer_of(conn: BaseDBAsyncClient, key: str) -> dict[str, Any] | None:
    rows = await conn.execute_query_dict('SELECT response FROM "simulated_requests" WHERE key = $1', [key])
    return _json(rows[0]["response"]) if rows else None


async def record_answer(conn: BaseDBAsyncClient, key: str, response: dict[str, Any]) -> None:
    """Store the answer to `key`; IntegrityError when another call answered it first."""
    await conn.execute_query(
        'INSERT INTO "simulated_requests" (key, response, created_at) VALUES ($1, $2::jsonb, now())',
        [key, json.dumps(response)],
    )


async def answer_count() -> int:
    rows = await connections.get("default").execute_query_dict(
        'SELECT count(*) AS n FROM "simulated_requests"'
    )
    return int(rows[0]["n"])


def _json(value: Any) -> dict[str, Any]:
    # asyncpg hands jsonb over as text unless a codec is set on the connection.
    return json.loads(value) if isinstance(value, str | bytes) else dict(value)


# ---- intents --------------------------------------------------------------------------------------


async def insert_intent(conn: BaseDBAsyncClient, intent: SimulatedIntent) -> None:
    await conn.execute_query(
        f'INSERT INTO "simulated_intents" ({_INTENT_COLUMNS}, created_at)'
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())",
        [
            intent.id,
            intent.token,
            intent.amount,
            intent.currency,
            intent.status,
            intent.captured,
            intent.refunded,
            intent.capture_on_authorize,
        ],
    )


async def save_intent(conn: BaseDBAsyncClient, intent: SimulatedIntent) -> None:
    await conn.execute_query(
        'UPDATE "simulated_intents" SET status = $2, captured = $3, refunded = $4 WHERE id = $1',
        [intent.id, intent.status, intent.captured, intent.refunded],
    )


async def locked_intent(conn: BaseDBAsyncClient, intent_id: str) -> SimulatedIntent | None:
    """The intent, its row locked until `conn`'s transaction ends."""
    rows = await conn.execute_query_dict(
        f'SELECT {_INTENT_COLUMNS} FROM "simulated_intents" WHERE id = $1 FOR UPDATE', [intent_id]
    )
    return SimulatedIntent(**rows[0]) if rows else None


async def token_has_paid(conn: BaseDBAsyncClient, token: str) -> bool:
    """Whether a charge with this card token was authorized or captured before."""
    rows = await conn.execute_query_dict(
        "SELECT 1 FROM \"simulated_intents\" WHERE token = $1 AND status IN ('authorized', 'captured')"
        " LIMIT 1",
        [token],
    )
    return bool(rows)


async def intent(intent_id: str) -> SimulatedIntent:
    """The gateway's intent `intent_id` (as the gateway's dashboard would show it)."""
    rows = await connections.get("default").execute_query_dict(
        f'SELECT {_INTENT_COLUMNS} FROM "simulated_intents" WHERE id = $1', [intent_id]
    )
    if not rows:
        raise LookupError(f"no simulated intent {intent_id}")
    return SimulatedIntent(**rows[0])


async def intents() -> list[SimulatedIntent]:
    """Every intent, oldest first."""
    rows = await connections.get("default").execute_query_dict(
        f'SELECT {_INTENT_COLUMNS} FROM "simulated_intents" ORDER BY created_at, id'
    )
    return [SimulatedIntent(**row) for row in rows]
