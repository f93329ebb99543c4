"""`roost serve` with nothing configured, as a real process: everything embedded, and nothing left
running after Ctrl-C (SIGINT) or SIGTERM."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
import redis

from tests.conftest import LOGIN, PASSWORD, REGISTER, ROOT, free_port
from tests.integration.test_cli import ROOST

STOP_SECONDS = 10  # the promise: every child is gone this long after the signal


def wait_until(condition, what: str, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"roost serve exited while waiting for {what}"
        assert time.monotonic() < deadline, f"no {what} within {timeout}s"
        time.sleep(0.1)


def ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def embedded_env(var_dir: Path) -> dict[str, str]:
    """A newcomer's environment: no DATABASE_URL, REDIS_URL or PUBLIC_URL."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "PUBLIC_URL"}}
    env.update(VAR_DIR=str(var_dir), EMAIL_BACKEND="file", LOG_LEVEL="WARNING")
    return env


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`roost serve --port P` in embedded mode."""
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")  # its log, which the supervision test reads
    proc = subprocess.Popen(
        [ROOST, "serve", "--port", str(port)], cwd=ROOT, env=embedded_env(tmp_path), stderr=log
    )
    try:
        wait_until(lambda: ready(port), "readiness", proc)
        yield proc, port
    finally:
        log.close()
        sys.stderr.write((tmp_path / "serve.log").read_text(errors="replace")[-5000:])  # shown on failure
        if proc.poll() is None:  # the test failed before stopping it
            proc.kill()
            proc.wait()
        for leftover in everything_it_runs(proc.pid, tmp_path, include_parent=False):
            leftover.kill()


def everything_it_runs(pid: int, var_dir: Path, include_parent: bool = True) -> list[psutil.Process]:
    """The serve process, its descendants (worker, pool, beat), and the embedded servers it started,
    which are daemons (not descendants): PostgreSQL by its data directory, Redis by its socket."""
    found: dict[int, psutil.Process] = {}
    try:
        parent = psutil.Process(pid)
        for process in [parent, *parent.children(recursive=True)]:
            found[process.pid] = process
    except psutil.NoSuchProcess:
        pass
    postmaster = var_dir / "pg" / "postmaster.pid"
    if postmaster.exists():
        with_children = psutil.Process(int(postmaster.read_text().split()[0]))
        for process in [with_children, *with_children.children(recursive=True)]:
            found[process.pid] = process
    sockets = {str(p) for p in (var_dir / "redis").glob("*.socket")} | redis_sockets(found.values())
    for process in psutil.process_iter(["cmdline"]):
        if any(s in " ".join(process.info["cmdline"] or []) for s in sockets):
            found[process.pid] = process
    if not include_parent:
        found.pop(pid, None)
    return list(found.values())


def redis_sockets(processes) -> set[str]:
    sockets = set()
    for process in processes:
        try:
            url = process.environ().get("REDIS_URL", "")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if url.startswith("unix://"):
            sockets.add(url.removeprefix("unix://"))
    return sockets


def still_running(process: psutil.Process) -> bool:
    """Exited means exited: a daemon's exit is reaped by init, whenever init gets to it (a zombie)."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def names(processes: list[psutil.Process]) -> list[str]:
    described = []
    for process in processes:
        try:
            described.append(" ".join(process.cmdline())[:80])
        except psutil.NoSuchProcess:
            pass
    return described


def stop_and_check(proc: subprocess.Popen[bytes], var_dir: Path, signum: int) -> None:
    """Everything runs (serve, worker and its pool, beat, PostgreSQL, Redis); after the signal,
    within STOP_SECONDS, nothing does, and the embedded PostgreSQL is stopped too (README)."""

    def running() -> list[psutil.Process]:
        return everything_it_runs(proc.pid, var_dir)

    def complete() -> bool:
        commands = " ".join(names(running()))
        return commands.count("celery") >= 4 and "redis-server" in commands and "postgres" in commands

    wait_until(complete, "worker pool, beat, PostgreSQL and Redis", proc)
    before = running()
    proc.send_signal(signum)
    deadline = time.monotonic() + STOP_SECONDS
    while (alive := [p for p in before if still_running(p)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive, f"still running {STOP_SECONDS}s after {signal.Signals(signum).name}: {names(alive)}"
    assert proc.wait(timeout=1) == 0
    assert not (var_dir / "pg" / "postmaster.pid").exists()


def test_serve_runs_everything_embedded_and_ctrl_c_stops_it_all(serve, tmp_path):
    """The README's first command: embedded PostgreSQL and Redis, worker and beat included; links
    use the port it serves; the emailed link works on this server; Ctrl-C leaves nothing behind."""
    proc, port = serve
    base = f"http://127.0.0.1:{port}"
    # Another command on the same VAR_DIR uses the running embedded servers and leaves them running.
    migrate = subprocess.run([ROOST, "migrate"], cwd=ROOT, env=embedded_env(tmp_path), timeout=120)
    assert migrate.returncode == 0
    assert ready(port)
    # redis-server's files stay in VAR_DIR (not in a temporary folder left behind).
    embedded_redis = redis.Redis(unix_socket_path=str(tmp_path / "redis" / "redis.socket"))
    with embedded_redis:
        assert embedded_redis.info("server")["config_file"] == str(tmp_path / "redis" / "redis.config")
        assert embedded_redis.config_get("logfile")["logfile"] == str(tmp_path / "redis" / "redis.log")
    body = {
        "query": REGISTER,
        "variables": {"input": {"email": "e@x.io", "password": PASSWORD, "firstName": "E"}},
    }
    registered = httpx.post(f"{base}/graphql", json=body, timeout=30).json()
    assert registered["data"]["register"]["errors"] == []
    login = {"query": LOGIN, "variables": {"input": {"email": "e@x.io", "password": PASSWORD}}}
    token = httpx.post(f"{base}/graphql", json=login, timeout=30).json()["data"]["login"]["accessToken"]
    me = httpx.post(
        f"{base}/graphql", json={"query": "{ me { email } }"}, headers={"authorization": f"Bearer {token}"}
    )
    assert me.json() == {"data": {"me": {"email": "e@x.io"}}}
    ide = httpx.get(f"{base}/graphql", headers={"accept": "text/html"}, timeout=10)
    assert "graphiql" in ide.text.lower()
    # The embedded Celery worker sends the verification email and the sign-in alert to the outbox.
    mail = tmp_path / "mail"
    wait_until(lambda: mail.exists() and len(list(mail.iterdir())) >= 2, "two emails", proc, 60)
    emails = {
        re.search(rb"Subject: (.+)", eml.read_bytes()).group(1): eml.read_bytes() for eml in mail.iterdir()
    }
    assert sorted(emails) == [b"Confirm your email for Roost", b"New sign-in to your Roost account"]
    # PUBLIC_URL unset: the link points at the port being served, and the page there completes it.
    link = re.search(rb"(http://\S+/verify-email\?token=\S+)", emails[b"Confirm your email for Roost"]).group(
        1
    )
    assert link.startswith(f"{base}/verify-email?token=".encode())
    assert "Email verified" in httpx.get(link.decode(), timeout=30).text
    assert (tmp_path / "pg" / "PG_VERSION").exists()
    stop_and_check(proc, tmp_path, signal.SIGINT)


def child(proc: subprocess.Popen[bytes], name: str) -> psutil.Process | None:
    """The running `celery worker` or `celery beat` that serve started (its direct child)."""
    for process in psutil.Process(proc.pid).children():
        with contextlib.suppress(psutil.NoSuchProcess):
            if name in process.cmdline() and still_running(process):
                return process
    return None


def worker_with_pool(proc: subprocess.Popen[bytes], not_pid: int = 0) -> psutil.Process | None:
    worker = child(proc, "worker")
    ok = worker is not None and worker.pid != not_pid and len(worker.children()) >= 2
    return worker if ok else None


def verification_email(base: str, email: str, var_dir: Path, proc: subprocess.Popen[bytes]) -> None:
    """Register `email`, and wait until the worker has written its verification email."""
    body = {
        "query": REGISTER,
        "variables": {"input": {"email": email, "password": PASSWORD, "firstName": "S"}},
    }
    assert httpx.post(f"{base}/graphql", json=body, timeout=30).json()["data"]["register"]["errors"] == []
    mail = var_dir / "mail"

    def sent() -> bool:
        return mail.exists() and any(f"To: {email}".encode() in eml.read_bytes() for eml in mail.iterdir())

    wait_until(sent, f"the verification email to {email}", proc, 60)


def test_sigterm_stops_every_child(serve, tmp_path):
    """The worker and beat are supervised: kill -9 of a pool process, of the worker, of beat, and
    jobs still run, each restart is logged; and SIGTERM then stops everything, restarts included."""
    proc, port = serve
    base = f"http://127.0.0.1:{port}"
    worker = wait_until_value(lambda: worker_with_pool(proc), "the worker and its pool", proc)
    worker.children()[0].kill()  # one pool process: the worker replaces it and goes on
    verification_email(base, "pool@x.io", tmp_path, proc)
    worker = wait_until_value(lambda: worker_with_pool(proc), "the worker and its pool", proc)
    pool = worker.children()
    worker.kill()  # the worker itself: serve starts another, and the old pool does not linger
    wait_until_value(lambda: worker_with_pool(proc, not_pid=worker.pid), "a new worker", proc, 30)
    wait_until(lambda: not any(still_running(p) for p in pool), "the old pool gone", proc, 30)
    verification_email(base, "worker@x.io", tmp_path, proc)
    beat = wait_until_value(lambda: child(proc, "beat"), "beat", proc)
    beat.kill()
    wait_until_value(lambda: (b := child(proc, "beat")) and b.pid != beat.pid, "a new beat", proc, 30)
    logged = [
        json.loads(line)
        for line in (tmp_path / "serve.log").read_text().splitlines()
        if line.startswith("{") and "restarted" in line
    ]
    assert {(r["child"], r["message"]) for r in logged} >= {
        ("worker", "worker restarted"),
        ("beat", "beat restarted"),
    }
    stop_and_check(proc, tmp_path, signal.SIGTERM)


def wait_until_value(get, what: str, proc: subprocess.Popen[bytes], timeout: float = 120.0):
    found = []
    wait_until(lambda: bool(found.append(get()) or found[-1]), what, proc, timeout)
    return found[-1]


def test_uvicorn_alone_stops_the_embedded_redis_it_started(tmp_path):
    """`uvicorn app:app` with REDIS_URL unset: the lifespan starts the embedded Redis and stops it."""
    env = {**embedded_env(tmp_path), "DATABASE_URL": os.environ["DATABASE_URL"]}
    port = free_port()
    uvicorn = Path(ROOST).with_name("uvicorn")
    proc = subprocess.Popen([str(uvicorn), "app:app", "--port", str(port)], cwd=ROOT, env=env)
    try:
        wait_until(lambda: ready(port), "readiness", proc)
        redis_server = next(p for p in everything_it_runs(proc.pid, tmp_path) if p.name() == "redis-server")
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=STOP_SECONDS)
        deadline = time.monotonic() + STOP_SECONDS
        while still_running(redis_server) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not still_running(redis_server)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for leftover in everything_it_runs(proc.pid, tmp_path, include_parent=False):
            leftover.kill()
