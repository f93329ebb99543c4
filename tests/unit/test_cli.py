"""The `roost` command line, run as a newcomer would, in real processes that need no database or
Redis: refusals, arguments and derived settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSWORD, ROOT

ROOST = str(Path(sys.executable).parent / "roost")


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ROOST, *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


def test_createadmin_refuses_a_bad_email_before_it_starts_or_migrates_anything(tmp_path):
    env = {"ROOST_ADMIN_PASSWORD": PASSWORD, "VAR_DIR": str(tmp_path), "DATABASE_URL": "", "REDIS_URL": ""}
    result = run("createadmin", "not-an-email", **env)
    assert result.returncode != 0
    assert "valid email" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no embedded PostgreSQL or Redis was started


def without(*names: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in names}


def test_worker_and_beat_refuse_to_run_without_the_urls(tmp_path):
    """Without REDIS_URL Celery would take its default broker (amqp://localhost, whoever's it is)."""
    for command in ("worker", "beat"):
        result = subprocess.run(
            [ROOST, command, "--concurrency=1"],
            cwd=ROOT,
            env={**without("REDIS_URL", "DATABASE_URL"), "VAR_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines() == [
            f"roost: error: roost {command} needs DATABASE_URL and REDIS_URL: in embedded mode `roost serve`"
            " runs its own worker and beat; to run them apart, set REDIS_URL and DATABASE_URL"
        ]
    assert not (tmp_path / "redis").exists() and not (tmp_path / "pg").exists()  # nothing started


def test_weak_production_settings_are_one_line_not_a_traceback():
    for command in ("serve", "migrate", "worker"):
        result = run(command, ROOST_ENV="production", SECRET_KEY="short")
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert result.stderr.startswith(
            "roost: error: ROOST_ENV=production refuses to start: SECRET_KEY must"
        )
    invalid = run("migrate", ROOST_ENV="prod")
    assert invalid.returncode == 2
    assert invalid.stderr == (
        "roost: error: invalid settings: ROOST_ENV: Input should be 'development', 'test' or 'production'\n"
    )


def test_celery_arguments_go_to_worker_and_beat_only():
    from cli import parse_args

    assert parse_args(["worker", "--concurrency=1", "-Q", "mail,default"]).celery_args == [
        "--concurrency=1",
        "-Q",
        "mail,default",
    ]
    assert parse_args(["beat", "--schedule=/tmp/s"]).celery_args == ["--schedule=/tmp/s"]
    serve = parse_args(["serve", "--port", "8200"])
    assert serve.port == 8200 and serve.celery_args == []
    result = run("serve", "--concurrency=1")
    assert result.returncode == 2 and "unrecognized arguments: --concurrency=1" in result.stderr


def test_serve_derives_public_url_from_the_address_it_serves(monkeypatch):
    from cli import _derive_public_url
    from core.settings import get_settings
    from core.storage import get_storage

    monkeypatch.delenv("PUBLIC_URL")
    try:
        _derive_public_url("127.0.0.1", 8200)
        assert get_settings().public_url == "http://127.0.0.1:8200"
        assert get_storage().url("p/1.jpg") == "http://127.0.0.1:8200/media/p/1.jpg"  # photo URLs
        monkeypatch.delenv("PUBLIC_URL")
        _derive_public_url("::1", 8300)
        assert get_settings().public_url == "http://[::1]:8300"
        monkeypatch.setenv("PUBLIC_URL", "https://roost.example.com")  # set: kept as it is
        _derive_public_url("0.0.0.0", 8400)
        assert os.environ["PUBLIC_URL"] == "https://roost.example.com"
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
