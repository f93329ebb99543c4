"""The `roost` command line, run as a newcomer would, in real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import PASSWORD, ROOT

ROOST = str(Path(sys.executable).parent / "roost")


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


def test_worker_passes_celery_arguments_through(tmp_path):
    """`roost worker --concurrency=1 ...` is Celery's own command line: a real worker, one pool process.
    Run apart from `roost serve` without PUBLIC_URL, it warns that its links may miss the server."""
    import psutil

    from tests.conftest import _stop

    env = {k: v for k, v in os.environ.items() if k != "PUBLIC_URL"}
    with (tmp_path / "stderr").open("wb") as stderr:
        proc = subprocess.Popen(
            [
                ROOST,
                "worker",
                "--concurrency=1",
                "-Q",
                "roost-cli-test",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 60
        while not psutil.Process(proc.pid).children():  # the pool starts once the worker is up
            assert proc.poll() is None, "roost worker exited"
            assert time.monotonic() < deadline, "no pool process"
            time.sleep(0.1)
        assert len(psutil.Process(proc.pid).children()) == 1
    finally:
        _stop(proc)
    assert proc.returncode == 0
    warning = next(line for line in (tmp_path / "stderr").read_text().splitlines() if "PUBLIC_URL" in line)
    assert json.loads(warning)["level"] == "WARNING"
    assert "PUBLIC_URL is unset" in warning and "http://127.0.0.1:8000" in warning
