"""The `roost` command line: serve (with the embedded services), migrate, worker, beat, seed, createadmin.

Kept apart from app.py so that `roost worker` and friends do not build the web application."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys

from pydantic import ValidationError

from core.db import close_db, init_db
from core.logs import configure_logging
from core.settings import Settings, SettingsError, get_settings

log = logging.getLogger("roost")


def _celery(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "tasks.app:celery_app", *args]


def _interrupt(signum: int, frame: object) -> None:
    # uvicorn re-raises the signal it stopped on once it has shut down: with SIGTERM's default
    # action the process would die there, before _serve's cleanup; as KeyboardInterrupt (what
    # Ctrl-C gives), uvicorn.run returns and the cleanup runs.
    raise KeyboardInterrupt


def _derive_public_url(host: str, port: int) -> None:
    """PUBLIC_URL unset (environment and .env): the links we hand out (photos, calendar exports,
    emails) point at the address being served. Exported, so uvicorn workers and Celery see it."""
    if "public_url" in Settings().model_fields_set:
        return
    wildcard = host in {"0.0.0.0", "::", ""}
    name = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(host, host)
    name = f"[{name}]" if ":" in name and not name.startswith("[") else name
    os.environ["PUBLIC_URL"] = f"http://{name}:{port}"
    get_settings.cache_clear()
    if wildcard:
        log.warning("serving on all interfaces: set PUBLIC_URL, the links use %s", os.environ["PUBLIC_URL"])


def _children() -> dict[str, list[str]]:
    """One command runs everything: the worker and beat come along, supervised (core.supervise)."""
    var = get_settings().var_dir.resolve()
    return {
        "worker": _celery("worker", "--loglevel=INFO", "--concurrency=2"),
        "beat": _celery("beat", "--loglevel=INFO", f"--schedule={var / 'celerybeat-schedule'}"),
    }


def _stop_children(children: list[subprocess.Popen[bytes]], timeout: float = 5.0) -> None:
    """SIGTERM each child (Celery's warm shutdown), then SIGKILL whatever of them and their own
    children (the worker's pool) is still there after `timeout` seconds."""
    import psutil

    from core.embedded import wait_gone

    family: list[int] = []
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            family += [child.pid, *(p.pid for p in psutil.Process(child.pid).children(recursive=True))]
        child.terminate()
    killed = wait_gone(family, timeout)
    for pid in killed:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    for child in children:
        child.wait()  # reap
    log.info("worker and beat stopped", extra={"killed": killed})


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from core.db import migrate
    from core.embedded import ensure_services, stop_services
    from core.supervise import Supervisor

    signal.signal(signal.SIGTERM, _interrupt)  # from here on, SIGTERM cleans up as Ctrl-C does
    _derive_public_url(args.host, args.port)
    settings = get_settings()
    embedded = not (settings.database_url and settings.redis_url)
    supervisor = Supervisor(_children() if embedded else {})
    try:
        ensure_services()
        configure_logging(get_settings().log_level)
        applied = asyncio.run(migrate())
        log.info("migrations applied", extra={"versions": applied})
        supervisor.start()  # each child is listed once started: a signal in between stops the first
        uvicorn.run(
            "app:app",
            host=args.host,
            port=args.port,
            workers=args.workers,
            reload=args.reload,
            log_config=None,
            proxy_headers=True,
            access_log=False,  # RequestIdMiddleware logs each request, with its id
            ws_max_size=get_settings().max_body_bytes,  # the body limit holds for WebSocket messages too
            timeout_graceful_shutdown=3,  # open WebSockets must not hold a shutdown up
        )
    except KeyboardInterrupt:
        pass  # a signal before uvicorn ran (during migrations): clean up all the same
    finally:
        # A second Ctrl-C or SIGTERM must not cut the cleanup short; it is bounded anyway.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_IGN)
        _stop_children(supervisor.stop())  # supervision ends first: no restart during the shutdown
        stop_services()  # the embedded Redis and PostgreSQL this process started, if any
        log.info("stopped")


def _migrate(args: argparse.Namespace) -> None:
    from core.db import migrate
    from core.embedded import ensure_services

    ensure_services()
    print(json.dumps({"applied": asyncio.run(migrate())}))


class Refused(Exception):
    """What the command cannot run with, said in one line: `roost: error: ...`, exit status 2."""


def _need_urls(command: str, args: argparse.Namespace) -> None:
    """A worker or beat of its own needs the servers' URLs: without them Celery would use its
    default broker (amqp://localhost), whoever's that is. `--help` needs nothing."""
    settings = get_settings()
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not getattr(settings, name.lower())]
    if missing and not {"-h", "--help"} & set(args.celery_args):
        raise Refused(
            f"roost {command} needs {' and '.join(missing)}: in embedded mode `roost serve` runs its own"
            " worker and beat; to run them apart, set REDIS_URL and DATABASE_URL"
        )


def _worker(args: argparse.Namespace) -> None:
    from tasks.app import configure

    _need_urls("worker", args)
    if "public_url" not in Settings().model_fields_set:
        # Apart from `roost serve` (which hands its own address down), the worker cannot know
        # where the server answers: email links and simulated webhooks would go to the default.
        configure_logging(get_settings().log_level)
        log.warning(
            "PUBLIC_URL is unset: email links and the simulated gateway's webhooks use %s;"
            " set PUBLIC_URL to the address the server answers on",
            get_settings().public_url,
        )
    configure().worker_main(["worker", "--loglevel=INFO", *args.celery_args])


def _beat(args: argparse.Namespace) -> None:
    from tasks.app import configure

    _need_urls("beat", args)
    configure().start(["beat", "--loglevel=INFO", *args.celery_args])


def _createadmin(args: argparse.Namespace) -> None:
    import getpass

    from core.db import migrate
    from core.embedded import ensure_services
    from core.errors import DomainError
    from models.users import is_valid_email, normalize_email
    from resolvers.accounts import create_admin

    if not is_valid_email(normalize_email(args.email)):  # refused before anything starts or migrates
        sys.exit("error: Enter a valid email address.")
    ensure_services()
    password = os.environ.get("ROOST_ADMIN_PASSWORD") or getpass.getpass("Password: ")

    async def run() -> str:
        await migrate()
        await init_db()
        try:
            user = await create_admin(email=args.email, password=password)
            return str(user.id)
        finally:
            await close_db()

    try:
        print(f"admin {args.email} ready (id {asyncio.run(run())})")
    except DomainError as exc:
        sys.exit(f"error: {exc.message}")


def _seed(args: argparse.Namespace) -> None:
    from bench import seed
    from core.db import migrate
    from core.embedded import ensure_services

    database_url, _ = ensure_services()
    asyncio.run(migrate())
    seed.main(database_url, args.listings, args.batch, args.seed)


CELERY_COMMANDS = {"worker", "beat"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="roost", description="Roost GraphQL server")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="apply migrations, then run the server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--reload", action="store_true")
    serve.set_defaults(run=_serve)
    commands.add_parser("migrate", help="apply pending migrations").set_defaults(run=_migrate)
    for name, run in (("worker", _worker), ("beat", _beat)):
        # Every other argument is Celery's own (`roost worker --concurrency=1 -Q mail`), --help too.
        sub = commands.add_parser(name, help=f"run the Celery {name} [its arguments]", add_help=False)
        sub.set_defaults(run=run)
    seed = commands.add_parser("seed", help="load generated listings, hosts and calendars (benchmarks)")
    seed.add_argument("--listings", type=int, default=1000)
    seed.add_argument("--batch", type=int, default=5000)
    seed.add_argument("--seed", type=int, default=42, help="random seed: same seed, same data")
    seed.set_defaults(run=_seed)
    admin = commands.add_parser("createadmin", help="create (or promote) an admin account")
    admin.add_argument("email")
    admin.set_defaults(run=_createadmin)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in CELERY_COMMANDS:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.celery_args = extra
    return args


def _settings_problem(exc: Exception) -> str | None:
    """One line naming what is wrong when `exc` is about the settings, else None."""
    if isinstance(exc, SettingsError):
        return str(exc)
    if isinstance(exc, ValidationError) and exc.title == Settings.__name__:
        return "invalid settings: " + "; ".join(
            f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
    return None


def main(argv: list[str] | None = None) -> None:
    from core.embedded import stop_services

    args = parse_args(argv)
    try:
        args.run(args)
    except (Refused, SettingsError, ValidationError) as exc:
        message = str(exc) if isinstance(exc, Refused) else _settings_problem(exc)
        if message is None:
            raise
        print(f"roost: error: {message}", file=sys.stderr)
        sys.exit(2)
    finally:
        stop_services()  # whatever embedded server this command started, nothing is left running


if __name__ == "__main__":
    main()
