"""The GraphQL request envelope, checked before Strawberry looks inside it.

Every way a request arrives (a JSON body, GET parameters, a multipart upload, a WebSocket
message) is JSON from outside: strict UTF-8, nested at most `max_json_depth` deep, and of the
shape the GraphQL-over-HTTP and graphql-transport-ws specs give it (`query` and `operationName`
strings, `variables` and `extensions` objects). Anything else is a 400 (HTTP) or close code 4400
(WebSocket), never an exception deeper in: an unhashable `operationName` reaching the response
cache, a RecursionError, a multipart `map` pointing nowhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.base import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from core import jsonsafe
from core.settings import get_settings

# Each member of a GraphQL request, and the JSON type it must have when present (null is fine).
_MEMBERS = (("query", str), ("operationName", str), ("variables", dict), ("extensions", dict))
_KIND = {str: "a string", dict: "an object"}
# Subscriptions run over the WebSocket only: neither multipart nor SSE subscriptions are enabled.
_HTTP_OPERATIONS = {
    "GET": frozenset({OperationType.QUERY}),
    "POST": frozenset({OperationType.QUERY, OperationType.MUTATION}),
}
SUBSCRIPTIONS_NEED_WEBSOCKET = (
    "Subscriptions need the WebSocket at /graphql (subprotocol graphql-transport-ws), not HTTP."
)
_INDEX = re.compile(r"[0-9]{1,6}")  # not str.isdigit: "²" is a digit that int() refuses


def envelope_problem(data: object) -> str | None:
    """What is wrong with a GraphQL request's JSON (an object with members of the right types)."""
    if not isinstance(data, dict):
        return "A GraphQL request is a JSON object."
    for member, kind in _MEMBERS:
        if not isinstance(data.get(member), kind | None):
            return f"The GraphQL operation's `{member}` must be {_KIND[kind]} or null, if provided."
    return None


def _place_files(operations: Any, files_map: Any, files: Mapping[str, Any]) -> None:
    """Put each uploaded file where the multipart `map` says, in place: only into a null
    placeholder under `variables` (so never twice into one), through objects and list indices."""
    most = get_settings().max_list_items
    if not isinstance(files_map, dict) or len(files_map) > most:
        raise HTTPException(400, f"The multipart `map` must be an object naming at most {most} files.")
    for name, paths in files_map.items():
        upload = files.get(name)
        if not isinstance(upload, UploadFile):
            raise HTTPException(400, f"The multipart `map` names a file that was not sent: {name!r}.")
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise HTTPException(400, "The multipart `map` must give each file a list of paths.")
        for path in paths:
            keys = path.split(".")
            if keys[0] != "variables" or len(keys) < 2:
                raise HTTPException(400, f"The multipart `map` path {path!r} is not a variable.")
            parent = operations
            for key in keys[:-1]:
                parent = _step(parent, key, path)
            _step(parent, keys[-1], path, expect_placeholder=True)
            if isinstance(parent, list):
                parent[int(keys[-1])] = upload
            else:
                parent[keys[-1]] = upload


def _step(container: Any, key: str, path: str, *, expect_placeholder: bool = False) -> Any:
    if isinstance(container, dict) and key in container:
        value = container[key]
    elif isinstance(container, list) and _INDEX.fullmatch(key) and int(key) < len(container):
        value = container[int(key)]
    else:
        raise HTTPException(400, f"The multipart `map` path {path!r} points nowhere in `operations`.")
    if expect_placeholder and value is not None:
        raise HTTPException(400, f"The multipart `map` path {path!r} is not a null placeholder.")
    return value


def _message_problem(message: object) -> str | None:
    """What is wrong with a graphql-transport-ws message (None: Strawberry may handle it)."""
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        return "A message is a JSON object with a string `type`."
    if message["type"] in {"subscribe", "complete"} and not isinstance(message.get("id"), str):
        return "The message `id` must be a string."
    if message["type"] == "subscribe":
        payload = message.get("payload")
        problem = envelope_problem(payload)
        if problem is None and not isinstance(payload["query"], str):  # type: ignore[index]
            problem = "The GraphQL operation's `query` must be a string."
        return problem
    return None


class StrictTransportWSHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    """graphql-transport-ws: a message of the wrong shape closes the socket with 4400."""

    async def handle_message(self, message: Any) -> None:
        if (problem := _message_problem(message)) is not None:
            await self.handle_invalid_message(problem)
            return
        await super().handle_message(message)


class StrictRequests:
    """Mixed into the GraphQL view (app.RoostGraphQL): Strawberry's request parsing, stricter."""

    schema: BaseSchema  # set by the view this is mixed into
    graphql_transport_ws_handler_class: type[BaseGraphQLTransportWSHandler[Any, Any]] = (
        StrictTransportWSHandler
    )

    def decode_json(self, data: str | bytes) -> object:
        # Raises a JSONDecodeError (UnsafeJson) for bad UTF-8 or deep nesting, which Strawberry
        # answers as malformed JSON: a 400 over HTTP, close code 4400 over WebSocket.
        return jsonsafe.loads(data, get_settings().max_json_depth)

    def parse_json(self, data: str | bytes) -> Any:
        try:
            return self.decode_json(data)
        except jsonsafe.UnsafeJson as exc:
            raise HTTPException(400, str(exc)) from exc
        except json.JSONDecodeError as exc:
            raise HTTPException(400, "Unable to parse request body as JSON") from exc

    async def execute_single(
        self,
        request: Any,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Any,
        context: Any,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Strawberry's, with subscriptions kept to the WebSocket: over HTTP (no multipart or SSE
        transport is enabled) one would execute as a query and fail inside (a 500)."""
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=_HTTP_OPERATIONS[request_adapter.method],
                operation_extensions=request_data.extensions,
            )
        except CannotGetOperationTypeError as exc:
            raise HTTPException(400, exc.as_http_error_reason()) from exc
        except InvalidOperationTypeError as exc:
            if exc.operation_type == OperationType.SUBSCRIPTION:
                raise HTTPException(400, SUBSCRIPTIONS_NEED_WEBSOCKET) from exc
            # GraphQL over HTTP: a mutation over GET is 405, Method Not Allowed.
            raise HTTPException(405, exc.as_http_error_reason(request_adapter.method)) from exc
        except MissingQueryError as exc:
            raise HTTPException(400, "No GraphQL query found in the request") from exc

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        content_type, _ = parse_content_type(request.content_type or "")
        if request.method == "GET":
            data = self.parse_query_params(request.query_params)  # type: ignore[attr-defined]
        elif "application/json" in content_type:
            data = self.parse_json(await request.get_body())
        elif content_type == "multipart/form-data" and self.multipart_uploads_enabled:  # type: ignore[attr-defined]
            data = await self.parse_multipart(request)
        else:
            raise HTTPException(400, "Unsupported content type")
        if isinstance(data, list):
            raise HTTPException(400, "Batching is not enabled")
        if (problem := envelope_problem(data)) is not None:
            raise HTTPException(400, problem)
        assert isinstance(data, dict)
        transport = self._get_stream_transport_from_headers(request.headers)  # type: ignore[attr-defined]
        return GraphQLRequestData(
            query=data.get("query"),
            variables=data.get("variables"),
            operation_name=data.get("operationName"),
            extensions=data.get("extensions"),
            protocol=transport.protocol if transport else "http",
        )

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, Any]:
        try:
            form = await request.get_form_data()
        except (ValueError, StarletteHTTPException) as exc:  # Starlette's MultiPartException is a 400
            raise HTTPException(400, "Unable to parse the multipart body") from exc
        operations, files_map = form.form.get("operations"), form.form.get("map")
        if not isinstance(operations, str) or not isinstance(files_map, str):
            raise HTTPException(400, "A multipart request needs `operations` and `map` fields.")
        data: dict[str, Any] = self.parse_json(operations)  # envelope_problem refuses all but an object
        if (problem := envelope_problem(data)) is not None:
            raise HTTPException(400, problem)
        _place_files(data, self.parse_json(files_map), form.files)
        return data
