"""The transient-error classifier, fed the errors real clients raise, and the retry schedule."""

from __future__ import annotations

import asyncio
import os
import smtplib

import asyncpg
import httpx
import pytest
import redis
import redis.asyncio
from tortoise.exceptions import IntegrityError, OperationalError

from core.transient import is_transient
from tests.conftest import free_port


async def test_a_refused_database_connection_is_transient():
    with pytest.raises(Exception) as caught:
        await asyncpg.connect(f"postgres://postgres@127.0.0.1:{free_port()}/postgres", timeout=3)
    assert is_transient(caught.value)


async def test_a_dropped_database_connection_is_transient_even_wrapped():
    url = os.environ["DATABASE_URL"]
    victim, admin = await asyncpg.connect(url), await asyncpg.connect(url)
    try:
        await admin.execute("SELECT pg_terminate_backend($1)", victim.get_server_pid())
        with pytest.raises(Exception) as caught:
            await victim.fetchval("SELECT 1")
        # An idle pooled connection the server dropped fails its next query with this one.
        assert isinstance(caught.value, asyncpg.InternalClientError | asyncpg.PostgresError)
        assert not isinstance(caught.value, ConnectionError | OSError)  # Python's own would miss it
        assert is_transient(caught.value)
        try:
            raise OperationalError(caught.value) from caught.value
        except OperationalError as wrapped:
            assert is_transient(wrapped)
        with pytest.raises(Exception) as closed:
            await victim.fetchval("SELECT 1")  # a connection known to be closed: InterfaceError
        assert is_transient(closed.value)
    finally:
        await victim.close()
        await admin.close()


async def test_database_errors_about_the_query_are_not_transient():
    conn = await asyncpg.connect(os.environ["DATABASE_URL"])
    try:
        with pytest.raises(asyncpg.PostgresError) as syntax:
            await conn.execute("SELEC 1")
        with pytest.raises(asyncpg.PostgresError) as unique:
            await conn.execute("CREATE TEMP TABLE t (id int UNIQUE); INSERT INTO t VALUES (1), (1)")
        with pytest.raises(asyncpg.exceptions.DataError) as data:
            await conn.fetchval("SELECT $1::int", "not a number")
    finally:
        await conn.close()
    for error in (syntax.value, unique.value, data.value, IntegrityError(unique.value)):
        assert not is_transient(error), error


async def test_redis_down_is_transient_from_both_clients():
    url = f"redis://127.0.0.1:{free_port()}/0"
    client = redis.asyncio.Redis.from_url(url)
    try:
        with pytest.raises(redis.RedisError) as async_error:
            await client.ping()
    finally:
        await client.aclose()
    with redis.Redis.from_url(url) as sync_client, pytest.raises(redis.RedisError) as sync_error:
        sync_client.ping()
    for error in (async_error.value, sync_error.value):
        assert not isinstance(error, ConnectionError)  # redis-py's ConnectionError is its own
        assert is_transient(error)
    assert not is_transient(redis.ResponseError("WRONGTYPE Operation against a key"))


async def test_http_and_smtp_faults_are_transient_only_when_temporary():
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError) as refused:
            await client.get(f"http://127.0.0.1:{free_port()}/")
    assert is_transient(refused.value)
    with pytest.raises(OSError) as smtp_down:
        await asyncio.to_thread(smtplib.SMTP, "127.0.0.1", free_port(), timeout=3)
    assert is_transient(smtp_down.value)
    assert is_transient(smtplib.SMTPRecipientsRefused({"a@example.com": (451, b"greylisted")}))
    assert not is_transient(smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"no such user")}))
