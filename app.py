"""The Starlette application and the `roost` command line."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any, cast

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult as StrawberryExecutionResult

from core import graphiql, revocation
from core.cache import close_redis
from core.db import close_db, init_db
from core.logs import configure_logging
from core.middleware import BodyLimitMiddleware, CsrfMiddleware, HeaderLimitMiddleware, RequestIdMiddleware
from core.security import ExpiredToken, InvalidToken, decode_access_token
from core.settings import Settings, get_settings
from core.storage import MEDIA_ROUTE, media_root
from resolvers.sessions import AccountSuspended, authenticate
from schema import build_schema, response_cache
from schema.context import Context
from schema.transport import StrictRequests
from tasks.photos import UPLOAD_SUFFIX
from webhooks import account_links, calendars, payments, probes

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
    except AccountSuspended as exc:
        raise Unauthenticated(exc.message) from exc
    except InvalidToken as exc:
        if not isinstance(exc, ExpiredToken):  # expiry is routine; a revoked or forged token is not
            log.warning("access token refused: %s", exc)
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


_SOCKET_WATCH = "roost.socket_watch"  # scope key of a WebSocket's revocation guard


class _SocketAdapter(ASGIWebSocketAdapter):
    """Closing twice is harmless: the revocation guard and Strawberry may both close a socket."""

    async def close(self, code: int, reason: str) -> None:
        if self.ws.application_state != WebSocketState.DISCONNECTED:
            await super().close(code, reason)


async def _close_socket(websocket: WebSocket, code: int, reason: str) -> None:
    if websocket.application_state == WebSocketState.DISCONNECTED:
        return
    with contextlib.suppress(RuntimeError, OSError, WebSocketDisconnect):  # the client left meanwhile
        await websocket.close(code, reason)


async def _watch_socket(context: Context, header: str | None) -> None:
    """Close this socket when its session is revoked (4403) or its access token expires (4401)."""
    token = _bearer(header)
    if token is None:
        return
    websocket = context.request
    assert isinstance(websocket, WebSocket)  # only a WebSocket's context is watched (on_ws_connect)
    try:
        claims = decode_access_token(token)
    except ExpiredToken as exc:
        await _close_socket(websocket, revocation.CLOSE_EXPIRED, revocation.EXPIRED_REASON)
        raise Unauthenticated(revocation.EXPIRED_REASON) from exc
    except InvalidToken as exc:
        raise Unauthenticated("The access token is invalid or expired; refresh it.") from exc
    context.watch = websocket.scope[_SOCKET_WATCH] = await revocation.watch(
        user_id=claims.user_id,
        session_id=claims.session_id,
        expires_at=claims.expires_at,
        close=functools.partial(_close_socket, websocket),
    )


class RoostGraphQL(StrictRequests, GraphQL[Context, None]):
    """Strawberry's ASGI view with our context, auth, and GraphQL-over-HTTP media types; its
    request parsing made strict (schema/transport.py): a malformed request is a 400, never a 500."""

    websocket_adapter_class = _SocketAdapter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            try:
                return await super().__call__(scope, receive, send)
            finally:
                if (watch := scope.get(_SOCKET_WATCH)) is not None:
                    watch.stop()
        request = Request(scope, receive)
        try:
            response = await self.run(request)
        except HTTPException as exc:  # transport errors as GraphQL-shaped JSON, not plain text
            status = exc.status_code  # a mutation over GET: 405 (schema/transport.py)
            response = _error_response(exc.reason, "BAD_REQUEST" if status == 400 else "HTTP_ERROR", status)
        except Unauthenticated as exc:
            response = _error_response(str(exc), "UNAUTHENTICATED", 401)
            response.headers["www-authenticate"] = 'Bearer error="invalid_token"'
        finally:
            await request.close()  # multipart uploads spool to temporary files, read or not
        await response(scope, receive, send)

    async def execute_operation(
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

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(graphiql.page())  # its assets from this package, not a CDN

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
        header = header if isinstance(header, str) else None
        try:
            await _watch_socket(context, header)
            # Checked once the socket is watched: a revocation is then either stored already
            # (and refused here) or still to be announced (and closes the socket).
            await _sign_in(context, header)
        except Unauthenticated as exc:
            raise ConnectionRejectionError({"message": str(exc)}) from exc

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        if not getattr(sub_response, "accepts_graphql_response_json", False):
            return super().create_response(response_data, sub_response)
        # GraphQL over HTTP, application/graphql-response+json: a request error (the document
        # did not parse or validate, so nothing executed) has no `data` and a 4xx status.
        errors = response_data.get("errors") if isinstance(response_data, Mapping) else None
        request_error = (
            isinstance(response_data, Mapping)
            and response_data.get("data") is None
            and all("path" not in cast(Mapping[str, object], e) for e in errors or [{"path": None}])
        )
        if request_error and isinstance(response_data, Mapping):
            response_data = cast(GraphQLHTTPResponse, {k: v for k, v in response_data.items() if k != "data"})
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


def _lifespan(settings: Settings, lifespan_services: bool) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        configure_logging(settings.log_level)
        if not lifespan_services:
            yield
            return
        # `uvicorn app:app` with nothing configured: the embedded servers, stopped with the app
        # (`roost serve` starts them itself and hands their URLs down, so this is not needed there).
        embedded = not (get_settings().database_url and get_settings().redis_url)
        if embedded:
            from core.embedded import ensure_services

            ensure_services()
        await init_db()
        try:
            yield
        finally:
            await revocation.stop_listener()
            await close_redis()
            await close_db()
            if embedded:
                from core.embedded import stop_services

                await asyncio.to_thread(stop_services)  # only those it started, not those it found

    return lifespan


def _routes(settings: Settings) -> list[Any]:
    graphql = RoostGraphQL(
        build_schema(settings),
        graphql_ide=None if settings.production else "graphiql",
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),  # legacy graphql-ws stays off
        max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
        allowed_origins=settings.cors_origins,
        multipart_uploads_enabled=True,  # GraphQL multipart request spec; CsrfMiddleware guards it
    )
    media_root().mkdir(parents=True, exist_ok=True)
    return [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Mount(MEDIA_ROUTE, MediaFiles(directory=media_root(), check_dir=False), name="media"),
        *calendars.routes,
        *payments.routes,
        *probes.routes,
        *([] if settings.production else graphiql.routes()),
        # With no frontend, the account emails link here (see webhooks/account_links.py).
        *([] if settings.frontend_url else account_links.routes),
    ]


def _middleware(settings: Settings) -> list[Middleware]:
    return [
        Middleware(RequestIdMiddleware),
        Middleware(HeaderLimitMiddleware, max_bytes=settings.max_header_bytes),
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
    ]


def create_app(settings: Settings | None = None, *, lifespan_services: bool = True) -> Starlette:
    settings = settings or get_settings()
    app = Starlette(
        routes=_routes(settings),
        middleware=_middleware(settings),
        lifespan=_lifespan(settings, lifespan_services),
    )
    app.state.settings = settings  # for routes that read them (probes), whatever get_settings() says
    return app


app = create_app()


# The command line is cli.py; `app.main` stays for whoever calls it from here.
from cli import main  # noqa: E402

if __name__ == "__main__":
    main()
