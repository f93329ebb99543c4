"""Idle subscribers: what N open `notifications` subscriptions cost one server process.

    python -m bench.subscribers --url http://127.0.0.1:8040 --subscribers 1000 [--pid PID]

Connects N graphql-transport-ws sockets (signed in as one bench user, each with a `notifications`
subscription) from one asyncio loop, then prints the connect time per socket (TCP + WebSocket
handshake + `connection_init` to `connection_ack`: p50/p99), the total time, the server's RSS
before and after and per subscriber (from /proc/<pid>/status: the pid given, else the process
listening on the URL's port), checks that a request still answers while they are all open, and
that one event (a new sign-in of the user) reaches every one of them. Raise the open-files limit
(`ulimit -n`) of the server and of this script above N.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import psutil
import websockets
from websockets.typing import Subprotocol

from bench.auth import EMAIL, PASSWORD

SUBSCRIBE = {
    "id": "1",
    "type": "subscribe",
    "payload": {"query": "subscription { notifications { kind data } }"},
}
LOGIN = "mutation($i: LoginInput!) { login(input: $i) { accessToken errors { code message } } }"
REGISTER = "mutation($i: RegisterInput!) { register(input: $i) { errors { code } } }"
ME = "{ me { id } }"
CHECK_AGENT = "bench-subscribers-check"
WARM_UP = tuple(f"bench-warm-up-{n}" for n in range(1, 11))


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise SystemExit(f"no VmRSS for pid {pid}")


def server_pid(port: int) -> int:
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port and conn.pid:
            return conn.pid
    raise SystemExit(f"no process of yours listens on port {port}: pass --pid")


async def login(http: httpx.AsyncClient, agent: str = "bench") -> str:
    variables = {"i": {"email": EMAIL, "password": PASSWORD}}
    response = await http.post(
        "/graphql", json={"query": LOGIN, "variables": variables}, headers={"user-agent": agent}
    )
    token: str | None = response.json()["data"]["login"]["accessToken"]
    if not token:
        raise SystemExit(f"login failed: {response.text}")
    return token


async def sign_up(http: httpx.AsyncClient) -> str:
    variables = {"i": {"email": EMAIL, "password": PASSWORD, "firstName": "Bench"}}
    await http.post("/graphql", json={"query": REGISTER, "variables": variables})  # or already there
    return await login(http)


class Subscriber:
    def __init__(self, url: str, token: str, compression: str | None) -> None:
        self.url, self.token, self.compression = url, token, compression
        self.ws: Any = None
        self.connect_seconds = 0.0
        self.seen: set[str] = set()  # the user agents of the sign-ins it has heard of

    async def open(self, gate: asyncio.Semaphore) -> None:
        async with gate:
            started = time.perf_counter()
            # No client pings: idle means idle. Compression offered as browsers do, unless told not to.
            self.ws = await websockets.connect(
                self.url,
                subprotocols=[Subprotocol("graphql-transport-ws")],
                ping_interval=None,
                open_timeout=60,
                compression=self.compression,
            )
            await self.ws.send(json.dumps({"type": "connection_init", "payload": {"token": self.token}}))
            ack = json.loads(await self.ws.recv())
            if ack["type"] != "connection_ack":
                raise SystemExit(f"refused: {ack}")
            self.connect_seconds = time.perf_counter() - started
            await self.ws.send(json.dumps(SUBSCRIBE))

    async def until(self, *agents: str) -> None:
        """Take events until a sign-in from one of `agents` arrives."""
        while not self.seen.intersection(agents):
            message = json.loads(await self.ws.recv())
            if message["type"] != "next" or message["payload"].get("errors"):
                raise SystemExit(f"unexpected message: {message}")
            event = message["payload"]["data"]["notifications"]
            if event["kind"] == "new_login":
                self.seen.add(event["data"]["userAgent"])


async def warm_up(http: httpx.AsyncClient, subscribers: list[Subscriber]) -> int:
    """A subscription has no acknowledgement: sign in until every socket has heard of it, then
    let the last of those events reach all of them (so the server is idle again)."""
    agents: list[str] = []
    waiting = asyncio.gather(*(s.until(*WARM_UP) for s in subscribers))
    while not waiting.done():
        agents.append(WARM_UP[len(agents)])
        await login(http, agents[-1])
        await asyncio.wait([waiting], timeout=5)
    await waiting
    await asyncio.gather(*(s.until(agents[-1]) for s in subscribers))
    return len(agents)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def run(args: argparse.Namespace) -> None:
    parts = urlsplit(args.url)
    ws_url = f"ws://{parts.netloc}/graphql"
    pid = args.pid or server_pid(parts.port or 80)
    async with httpx.AsyncClient(base_url=args.url, timeout=60) as http:
        token = await sign_up(http)
        before = rss_kib(pid)
        subscribers = [
            Subscriber(ws_url, token, None if args.no_compression else "deflate")
            for _ in range(args.subscribers)
        ]
        gate = asyncio.Semaphore(args.concurrency)
        started = time.perf_counter()
        await asyncio.gather(*(s.open(gate) for s in subscribers))
        connected = time.perf_counter() - started
        rounds = await warm_up(http, subscribers)
        after = rss_kib(pid)
        t0 = time.perf_counter()
        me = await http.post("/graphql", json={"query": ME}, headers={"authorization": f"Bearer {token}"})
        me_seconds = time.perf_counter() - t0
        if me.status_code != 200 or not me.json().get("data", {}).get("me"):
            raise SystemExit(f"a request failed under the load: {me.status_code} {me.text}")
        t0 = time.perf_counter()
        await login(http, CHECK_AGENT)
        await asyncio.gather(*(s.until(CHECK_AGENT) for s in subscribers))
        fan_out = time.perf_counter() - t0
        await asyncio.gather(*(s.ws.close() for s in subscribers))
    times = sorted(s.connect_seconds for s in subscribers)
    n = len(times)
    deflate = "off" if args.no_compression else "offered"
    print(
        f"subscribers: {n} (connect concurrency {args.concurrency}, permessage-deflate {deflate}), pid {pid}"
    )
    print(f"connect: p50 {ms(statistics.median(times))}, p99 {ms(times[min(n - 1, int(n * 0.99))])}")
    print(f"all connected in {connected:.2f} s; all listening after {rounds} warm-up sign-in(s)")
    print(f"server RSS: {before / 1024:.0f} MiB before, {after / 1024:.0f} MiB after, ", end="")
    print(f"{(after - before) / n:.0f} KiB per subscriber")
    print(f"during the load: `me` answered in {ms(me_seconds)}; ", end="")
    print(f"one sign-in event reached all {n} in {ms(fan_out)} (sign-in included)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=100, help="handshakes in flight at once")
    parser.add_argument("--no-compression", action="store_true", help="do not offer permessage-deflate")
    parser.add_argument("--pid", type=int, help="the server's pid (default: whoever listens on the port)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
