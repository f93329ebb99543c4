"""Throughput and latency of the auth basics against a running Roost server.

    python -m bench.auth --url http://127.0.0.1:8000 --duration 10 --concurrency 16

Scenarios: an unauthenticated trivial query (`{ __typename }`) and `me` with a bearer token.
Prints requests/s, p50/p95/p99 latency, SQL queries per request and the server's peak RSS
(both read from the server's /metrics, so run the server with a single worker for exact
figures).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Sequence

import httpx

EMAIL = "bench@roost.example"
PASSWORD = "benchmark passphrase 42"


async def metrics(http: httpx.AsyncClient) -> dict[str, float]:
    text = (await http.get("/metrics")).text
    return {k: float(v) for k, v in (line.split() for line in text.splitlines() if not line.startswith("#"))}


async def access_token(http: httpx.AsyncClient) -> str:
    register = "mutation($i: RegisterInput!) { register(input: $i) { errors { code } } }"
    await http.post(
        "/graphql",
        json={
            "query": register,
            "variables": {"i": {"email": EMAIL, "password": PASSWORD, "firstName": "Bench"}},
        },
    )
    login = "mutation($i: LoginInput!) { login(input: $i) { accessToken errors { code message } } }"
    body = (
        await http.post(
            "/graphql", json={"query": login, "variables": {"i": {"email": EMAIL, "password": PASSWORD}}}
        )
    ).json()
    token: str | None = body["data"]["login"]["accessToken"]
    if not token:
        raise SystemExit(f"login failed: {body}")
    return token


class Connection:
    """A minimal HTTP/1.1 keep-alive client: httpx's async pool, not the server, capped the
    figures at ~220 req/s here, so the load goes through raw asyncio streams instead."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def post(self, request: bytes) -> None:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = int(next(v for k, v in _headers(head) if k == b"content-length"))
        await self.reader.readexactly(length)
        if status != 200:
            raise RuntimeError(f"HTTP {status}")

    def close(self) -> None:
        self.writer.close()


def _headers(head: bytes) -> list[tuple[bytes, bytes]]:
    lines = head.split(b"\r\n")[1:]
    return [(k.strip().lower(), v.strip()) for k, _, v in (line.partition(b":") for line in lines if line)]


def build_request(
    host: str, query: str, headers: dict[str, str], variables: dict[str, object] | None = None
) -> bytes:
    body = json.dumps({"query": query, "variables": variables}).encode()
    lines = [
        "POST /graphql HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


Request = tuple[str, dict[str, object] | None]  # a GraphQL document and its variables


async def scenario(
    http: httpx.AsyncClient,
    name: str,
    queries: Sequence[Request],
    duration: float,
    concurrency: int,
    headers: dict[str, str] | None = None,
) -> None:
    """Run `queries` in turn from `concurrency` keep-alive connections for `duration` seconds
    (after a 1 s warm-up), then print throughput, latency percentiles, SQL per request, RSS."""
    url = http.base_url
    host = f"{url.host}:{url.port}"
    requests = [build_request(host, q, headers or {}, v) for q, v in queries]
    latencies: list[float] = []
    stop_at = 0.0
    turn = 0

    async def worker() -> None:
        nonlocal turn
        connection = Connection(url.host, url.port or 80)
        await connection.open()
        try:
            while time.perf_counter() < stop_at:
                request = requests[turn % len(requests)]
                turn += 1
                started = time.perf_counter()
                await connection.post(request)
                latencies.append(time.perf_counter() - started)
        finally:
            connection.close()

    stop_at = time.perf_counter() + 1.0  # warm up (and, for a fixed request, fill the caches)
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    latencies.clear()
    before = await metrics(http)
    began = time.perf_counter()
    stop_at = began + duration
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    after = await metrics(http)
    count = len(latencies)
    cuts = statistics.quantiles(latencies, n=100)
    queries_per = (after["roost_sql_queries_total"] - before["roost_sql_queries_total"]) / count
    print(
        f"{name:<24} {count / elapsed:7.0f} req/s   p50 {cuts[49] * 1000:6.2f} ms   "
        f"p95 {cuts[94] * 1000:6.2f} ms   p99 {cuts[98] * 1000:6.2f} ms   "
        f"{queries_per:.2f} SQL/req   peak RSS {after['roost_peak_rss_bytes'] / 2**20:.0f} MiB",
        flush=True,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=30) as http:
        token = await access_token(http)
        print(f"{args.url}  concurrency {args.concurrency}  {args.duration:.0f} s per scenario")
        await scenario(
            http, "anonymous __typename", [("{ __typename }", None)], args.duration, args.concurrency
        )
        me = [("{ me { id email displayName } }", None)]
        auth = {"authorization": f"Bearer {token}"}
        await scenario(http, "me (authenticated)", me, args.duration, args.concurrency, auth)


if __name__ == "__main__":
    asyncio.run(main())
