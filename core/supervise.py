"""What `roost serve` started, it keeps running: a worker or beat that dies (kill -9, OOM, a crash)
is started again within seconds, with backoff if it keeps dying, and each restart is logged.

The children run in their own process group, so a Ctrl-C at the terminal reaches `roost serve`
alone, which stops them in order (supervision first, so that nothing is restarted during a
shutdown). A child that died leaves nothing behind: what is left of its family (the pool of a
worker killed with -9) is killed before the new one starts; their unacknowledged jobs come back
after the visibility timeout."""

from __future__ import annotations

import contextlib
import logging
import subprocess
import threading
import time
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("roost")

POLL_SECONDS = 0.5
FIRST_BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 30.0
STABLE_SECONDS = 60.0  # a child that ran this long before dying is restarted without delay


@dataclass
class Child:
    name: str
    command: list[str]
    proc: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    family: list[Any] = field(default_factory=list)  # its descendants (psutil.Process), last seen
    backoff: float = 0.0
    restart_at: float | None = None
    restarts: int = 0


class Supervisor:
    """Starts the commands and restarts those that exit until stop(); a thread polls them."""

    def __init__(self, commands: dict[str, list[str]]) -> None:
        self.children = [Child(name, command) for name, command in commands.items()]
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)

    def start(self) -> None:
        for child in self.children:
            with self._lock:
                if self._stopping.is_set():
                    return
                self._spawn(child)
        if self.children:
            self._thread.start()

    def processes(self) -> list[subprocess.Popen[bytes]]:
        return [child.proc for child in self.children if child.proc is not None]

    def stop(self) -> list[subprocess.Popen[bytes]]:
        """No restart from now on; returns the current processes, for the caller to stop."""
        with self._lock:
            self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()
        return self.processes()

    def _spawn(self, child: Child) -> None:
        # process_group=0: its own group, so the terminal's Ctrl-C goes to serve, not to it.
        child.proc = subprocess.Popen(child.command, process_group=0)
        child.started, child.family, child.restart_at = time.monotonic(), [], None

    def _watch(self) -> None:
        while not self._stopping.wait(POLL_SECONDS):
            for child in self.children:
                with self._lock:
                    if self._stopping.is_set():
                        return
                    self._check(child)

    def _check(self, child: Child) -> None:
        import psutil

        assert child.proc is not None
        code = child.proc.poll()
        if code is None:
            with contextlib.suppress(psutil.Error):
                child.family = psutil.Process(child.proc.pid).children(recursive=True)
            return
        now = time.monotonic()
        if child.restart_at is None:  # just found dead
            ran = now - child.started
            child.backoff = (
                0.0
                if ran >= STABLE_SECONDS
                else min(MAX_BACKOFF_SECONDS, max(FIRST_BACKOFF_SECONDS, child.backoff * 2))
            )
            child.restart_at = now + child.backoff
            _kill_leftovers(child.family)
            log.warning(
                "%s exited, restarting it in %.0fs",
                child.name,
                child.backoff,
                extra={"child": child.name, "pid": child.proc.pid, "returncode": code, "ran_seconds": ran},
            )
        if now >= child.restart_at:
            child.restarts += 1
            self._spawn(child)
            log.warning(
                "%s restarted",
                child.name,
                extra={"child": child.name, "pid": child.proc.pid, "restarts": child.restarts},
            )


def _kill_leftovers(family: list[Any]) -> None:
    """SIGKILL what is left of a dead child's family (a killed worker's pool processes). psutil
    checks that each is still the process it was (not a new one that reuses its pid)."""
    import psutil

    for process in family:
        with contextlib.suppress(psutil.Error):
            process.kill()
