"""The Starlette application and the `roost` command line."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult as StrawberryExecutionResult

from core.cache import close_redis
from core.db import close_db, init_db
from core.logs import configure_logging
from core.middleware import BodyLimitMiddleware, CsrfMiddleware, RequestIdMiddleware
from core.security import InvalidToken
from core.settings import Settings, get_settings
from core.storage import MEDIA_ROUTE, media_root
from resolvers.sessions import authenticate
from schema import build_schema, response_cache
from schema.context import Context
from tasks.photos import UPLOAD_SUFFIX
from webhooks import calendars, payments, probes

log = logging.getLogger("roost")
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


class Unauthenticated(Exception):
    pass


def _bearer(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Use the header `Authorization: Bearer <access token>`.")
    return token.strip()


async def _sign_in(context: Context, header: str | None) -> None:
    token = _bearer(header)
    if token is None:
        return
    try:
        context.user, context.session_id = await authenticate(token)
    except InvalidToken as exc:
        raise Unauthenticated("The access token is invalid or expired; refresh it.") from exc
    context.loaders.user_by_id.prime(context.user.id, context.user)


def _error_response(message: str, code: str, status: int) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return Response(json.dumps(body), status, media_type="application/json")


class MediaFiles(StaticFiles):
    """Stored media (photo renditions), but never a raw upload: it still carries its EXIF/GPS."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if UPLOAD_SUFFIX in path:  # also the ".part" file an upload is written through
            raise StarletteHTTPException(404)
        return await super().get_response(path, scope)


class RoostGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with our context, auth, and GraphQL-over-HTTP media types."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        request = Request(scope, receive)
        try:
            response = await self.run(request)
        except HTTPException as exc:  # transport errors as GraphQL-shaped JSON, not plain text
            # GraphQL over HTTP: a mutation over GET is 405, Method Not Allowed.
            status = 405 if isinstance(exc.__cause__, InvalidOperationTypeError) else exc.status_code
            response = _error_response(exc.reason, "BAD_REQUEST" if status == 400 else "HTTP_ERROR", status)
        except Unauthenticated as exc:
            response = _error_response(str(exc), "UNAUTHENTICATED", 401)
            response.headers["www-authenticate"] = 'Bearer error="invalid_token"'
        finally:
            await request.close()  # multipart uploads spool to temporary files, read or not
        await response(scope, receive, send)

    async def execute_operation(  # type: ignore[override]
        self,
        request: Any,
        request_adapter: Any,
        request_data: Any,
        context: Context,
        root_value: Any,
        sub_response: Any,
    ) -> Any:
        def execute() -> Any:
            return super(RoostGraphQL, self).execute_operation(
                request, request_adapter, request_data, context, root_value, sub_response
            )

        single = isinstance(request_data, GraphQLRequestData) and request_data.protocol == "http"
        if not (single and context.user is None and request_data.query):
            return await execute()
        if not response_cache.cacheable(request_data.query, request_data.operation_name):
            return await execute()
        outcome = await response_cache.cached_response(
            request_data.query, request_data.variables, request_data.operation_name, execute
        )
        return StrawberryExecutionResult(data=outcome, errors=None) if isinstance(outcome, dict) else outcome

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        context = Context(request=request, response=response)
        if isinstance(request, Request):
            await _sign_in(context, request.headers.get("authorization"))
        return context

    async def on_ws_connect(self, context: Context) -> None:
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        if header is None and params.get("token"):
            header = f"Bearer {params['token']}"
        try:
            await _sign_in(context, header if isinstance(header, str) else None)
        except Unauthenticated as exc:
            raise ConnectionRejectionError({"message": str(exc)}) from exc

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        if not getattr(sub_response, "accepts_graphql_response_json", False):
            return super().create_response(response_data, sub_response)
        # GraphQL over HTTP, application/graphql-response+json: a request error (the document
        # did not parse or validate, so nothing executed) has no `data` and a 4xx status.
        request_error = (
            isinstance(response_data, Mapping)
            and response_data.get("data") is None
            and all("path" not in e for e in response_data.get("errors") or [{"path": None}])
        )
        if request_error:
            response_data = {k: v for k, v in response_data.items() if k != "data"}  # type: ignore[union-attr]
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = GRAPHQL_RESPONSE_JSON + "; charset=utf-8"
        if request_error:
            response.status_code = 400
        return response

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        accept = request.headers.get("accept", "")
        sub_response.accepts_graphql_response_json = GRAPHQL_RESPONSE_JSON in accept  # type: ignore[attr-defined]
        return sub_response


def create_app(settings: Settings | None = None, *, lifespan_services: bool = True) -> Starlette:
    settings = settings or get_settings()
    graphql = RoostGraphQL(
        build_schema(settings),
        graphql_ide=None if settings.production else "graphiql",
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),  # legacy graphql-ws stays off
        max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
        allowed_origins=settings.cors_origins,
        multipart_uploads_enabled=True,  # GraphQL multipart request spec; CsrfMiddleware guards it
    )
    media_root().mkdir(parents=True, exist_ok=True)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        configure_logging(settings.log_level)
        if not lifespan_services:
            yield
            return
        if not (get_settings().database_url and get_settings().redis_url):
            from core.embedded import ensure_services

            ensure_services()
        await init_db()
        try:
            yield
        finally:
            await close_redis()
            await close_db()

    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Mount(MEDIA_ROUTE, MediaFiles(directory=media_root(), check_dir=False), name="media"),
            *calendars.routes,
            *payments.routes,
            *probes.routes,
        ],
        middleware=[
            Middleware(RequestIdMiddleware),
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type", "x-request-id", "apollo-require-preflight"],
                expose_headers=["x-request-id"],
            ),
            Middleware(
                BodyLimitMiddleware,
                max_bytes=settings.max_body_bytes,
                max_upload_bytes=settings.max_upload_bytes,
            ),
            Middleware(CsrfMiddleware),
        ],
        lifespan=lifespan,
    )


app = create_app()


# ---- command line ----------------------------------------------------------------------------


def _celery(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "tasks.app:celery_app", *args]


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from core.db import migrate
    from core.embedded import ensure_services

    settings = get_settings()
    embedded = not (settings.database_url and settings.redis_url)
    ensure_services()
    configure_logging(get_settings().log_level)
    applied = asyncio.run(migrate())
    log.info("migrations applied", extra={"versions": applied})
    children: list[subprocess.Popen[bytes]] = []
    if embedded:  # one command runs everything: the worker and beat come along
        var = get_settings().var_dir.resolve()
        children.append(subprocess.Popen(_celery("worker", "--loglevel=INFO", "--concurrency=2")))
        children.append(
            subprocess.Popen(_celery("beat", "--loglevel=INFO", f"--schedule={var / 'celerybeat-schedule'}"))
        )
    try:
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
        )
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        if embedded:
            from core.embedded import stop_redis

            stop_redis()


def _migrate(args: argparse.Namespace) -> None:
    from core.db import migrate
    from core.embedded import ensure_services

    ensure_services()
    print(json.dumps({"applied": asyncio.run(migrate())}))


def _worker(args: argparse.Namespace) -> None:
    from tasks.app import configure

    configure().worker_main(["worker", "--loglevel=INFO", *args.celery_args])


def _beat(args: argparse.Namespace) -> None:
    from tasks.app import configure

    configure().start(["beat", "--loglevel=INFO", *args.celery_args])


def _createadmin(args: argparse.Namespace) -> None:
    import getpass

    from core.db import migrate
    from core.embedded import ensure_services
    from core.errors import DomainError
    from resolvers.accounts import create_admin

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


def main(argv: list[str] | None = None) -> None:
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
        sub = commands.add_parser(name, help=f"run the Celery {name}")
        sub.add_argument("celery_args", nargs=argparse.REMAINDER)
        sub.set_defaults(run=run)
    seed = commands.add_parser("seed", help="load generated listings, hosts and calendars (benchmarks)")
    seed.add_argument("--listings", type=int, default=1000)
    seed.add_argument("--batch", type=int, default=5000)
    seed.add_argument("--seed", type=int, default=42, help="random seed: same seed, same data")
    seed.set_defaults(run=_seed)
    admin = commands.add_parser("createadmin", help="create (or promote) an admin account")
    admin.add_argument("email")
    admin.set_defaults(run=_createadmin)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
