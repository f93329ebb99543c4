"""Hostile WebSocket messages (issue 9): a message of the wrong shape, or JSON we refuse, closes the
socket with 4400, never a crash; operations get the same input checks as over HTTP."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets

# ---- WebSocket: messages of the wrong shape close the socket with 4400, never a crash ---------------


def _subscribe(payload: Any, id_: Any = "1") -> str:
    return json.dumps({"id": id_, "type": "subscribe", "payload": payload})


@pytest.mark.parametrize(
    "message",
    [
        "[]",
        "1",
        json.dumps({"type": 1}),
        json.dumps({"type": ["subscribe"]}),
        _subscribe({"query": "{ __typename }"}, id_={"a": 1}),
        _subscribe("x"),
        _subscribe({"query": 1}),
        _subscribe({"query": "{ __typename }", "variables": [1]}),
        _subscribe({"query": "{ __typename }", "operationName": {"a": 1}}),
        _subscribe({"query": "{ __typename }", "extensions": "x"}),
        '{"type": "ping", "payload": ' + "[" * 5000 + "]" * 5000 + "}",
        # An integer over Python's 4,300 digits once dropped the socket (1006) with a logged crash.
        '{"type": "ping", "payload": {"a": ' + "1" * 5000 + "}}",
        _subscribe({"query": "{ __typename }"})[:-2] + ', "variables": {"a": ' + "9" * 5000 + "}}}",
    ],
)
async def test_websocket_messages_of_wrong_types_close_with_4400(live_servers, message):
    async with websockets.connect(
        f"ws://{live_servers[0]}/graphql", subprotocols=["graphql-transport-ws"]
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 15))["type"] == "connection_ack"
        await ws.send(message)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 15)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4400


async def test_websocket_operations_get_the_same_input_checks(live_servers):
    async with websockets.connect(
        f"ws://{live_servers[0]}/graphql", subprotocols=["graphql-transport-ws"]
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 15))["type"] == "connection_ack"
        await ws.send(
            _subscribe(
                {"query": "query($s: String!) { listing(slug: $s) { id } }", "variables": {"s": "\x00"}}
            )
        )
        reply = json.loads(await asyncio.wait_for(ws.recv(), 15))
    assert reply["type"] == "error"
    assert reply["payload"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "slug"}


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"query": "{ " + "amenities { name } " * 490 + "}"}, "TOO_MANY_SELECTIONS"),
        ({"query": "query Q { __typename } query R { __typename }"}, "OPERATION_NAME_REQUIRED"),
        ({"query": "{ searchListings(first: " + "1" * 5000 + ") { totalCount } }"}, "BAD_USER_INPUT"),
    ],
)
async def test_websocket_operations_get_the_same_document_checks(live_servers, payload, code):
    async with websockets.connect(
        f"ws://{live_servers[0]}/graphql", subprotocols=["graphql-transport-ws"]
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 15))["type"] == "connection_ack"
        await ws.send(_subscribe(payload))
        reply = json.loads(await asyncio.wait_for(ws.recv(), 15))
    assert reply["type"] == "error", reply
    assert reply["payload"][0]["extensions"]["code"] == code
