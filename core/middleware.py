"""Pure ASGI middleware: request ids, header and body size limits, CSRF guard for /graphql."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.logs import request_id_var
from core.metrics import HTTP_REQUESTS
from core.redis_guard import unavailable

log = logging.getLogger("roost.http")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


async def _send_error(
    send: Send,
    status: int,
    message: str,
    code: str,
    request_id: str | None = None,
    retry_after: int | None = None,
) -> None:
    extensions: dict[str, object] = {"code": code, **({"requestId": request_id} if request_id else {})}
    headers = [(b"content-type", b"application/json")]
    if retry_after is not None:
        extensions["retryAfter"] = retry_after
        headers.append((b"retry-after", str(retry_after).encode()))
    body = json.dumps({"errors": [{"message": message, "extensions": extensions}]}).encode()
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _loggable(path: str) -> str:
    # The iCal export URL is a secret (its token is the only credential): keep it out of logs.
    return "/calendars/[redacted].ics" if path.startswith("/calendars/") else path


class RequestIdMiddleware:
    """Every response carries X-Request-ID (the caller's, if sane); every log line too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            return await self.app(scope, receive, send)
        HTTP_REQUESTS.value += 1
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            # An unhandled error: answer the 500 here, with the id (Starlette's own 500 is sent
            # outside this middleware, without it), and log it while the id is still set.
            if scope["type"] != "http" or status:
                raise  # too late for a response of our own: the server closes the connection
            down = unavailable(exc)
            if down is not None:  # Redis or PostgreSQL is down: say so, and when to retry
                log.warning("service unavailable: %r", exc, extra={"path": _loggable(scope["path"])})
                await _send_error(
                    send_with_id, 503, down.message, "SERVICE_UNAVAILABLE", request_id, down.retry_after
                )
                return
            log.exception("unhandled error", extra={"path": _loggable(scope["path"])})
            await _send_error(
                send_with_id, 500, "Internal server error.", "INTERNAL_SERVER_ERROR", request_id=request_id
            )
        finally:
            if scope["type"] == "http" and scope["path"] not in {"/healthz", "/readyz"}:
                log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "path": _loggable(scope["path"]),
                        "status": status,
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            request_id_var.reset(token)


class HeaderLimitMiddleware:
    """Refuse requests whose headers (names and values together) exceed `max_bytes`: 431.

    uvicorn's httptools parser sets no limit of its own, and every header is copied and scanned
    several times on its way through (dict(scope["headers"]) in each middleware, the view). A
    WebSocket handshake over the limit is refused (403) before it is accepted."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in {"http", "websocket"}:
            size = sum(len(name) + len(value) for name, value in scope["headers"])
            if size > self.max_bytes:
                if scope["type"] == "websocket":
                    return await send({"type": "websocket.close", "code": 1008})
                message = f"Request headers too large: at most {self.max_bytes} bytes in all."
                return await _send_error(send, 431, message, "HEADERS_TOO_LARGE")
        await self.app(scope, receive, send)


def _media_type(headers: dict[bytes, bytes]) -> str:
    return headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()


class BodyLimitMiddleware:
    """Refuse request bodies over the limit (413), whether declared or streamed.

    multipart/form-data (file uploads) gets its own, larger `max_upload_bytes`; everything else,
    JSON included, keeps `max_bytes`. CsrfMiddleware admits multipart only with a preflight header.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, max_upload_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max_bytes if max_upload_bytes is None else max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        limit = self.max_upload_bytes if _media_type(headers) == "multipart/form-data" else self.max_bytes
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await _send_error(send, 413, "Request body too large.", "PAYLOAD_TOO_LARGE")
        seen = 0

        class TooLarge(Exception):
            pass

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge
            return message

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except TooLarge:
            if not started:
                await _send_error(send, 413, "Request body too large.", "PAYLOAD_TOO_LARGE")


# Content types a plain HTML form can send without a CORS preflight.
_FORM_TYPES = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}
# Any of these non-simple headers forces a preflight, which a cross-site form cannot pass.
_PREFLIGHT_HEADERS = {b"apollo-require-preflight", b"x-apollo-operation-name", b"graphql-preflight"}


class CsrfMiddleware:
    """Refuse POSTs to `path` that a cross-site HTML form could have sent."""

    def __init__(self, app: ASGIApp, path: str = "/graphql") -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == self.path:
            headers = dict(scope["headers"])
            content_type = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
            if content_type == "multipart/form-data" and _PREFLIGHT_HEADERS & headers.keys():
                # Uploads need credentials: nobody may make us parse up to max_upload_bytes
                # anonymously (the token itself is checked by the GraphQL view, before parsing).
                if b"authorization" not in headers:
                    return await _send_error(send, 401, "Sign in to upload files.", "UNAUTHENTICATED")
            elif content_type in _FORM_TYPES or not content_type:
                return await _send_error(
                    send, 415, "Send GraphQL as application/json (CSRF protection).", "UNSUPPORTED_MEDIA_TYPE"
                )
        await self.app(scope, receive, send)
