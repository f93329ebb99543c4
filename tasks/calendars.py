"""Channel calendar import: fetch each feed, make its imported nights equal to the feed's nights.

A feed that cannot be fetched or read is marked `error` and nothing else changes: its nights
stay as they were (freeing them on a network blip would invite double bookings) and the other
feeds of the listing sync on their own. Beat re-syncs every feed every 15 minutes, so a
failure needs no retry of its own.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import httpx
from tortoise.transactions import in_transaction

from core.ical import MAX_FEED_BYTES, InvalidFeed, ParsedFeed, is_public_address, parse_feed
from core.settings import get_settings
from models.feed_errors import FEED_ERROR_MESSAGES, FeedErrorReason, feed_failure_code, feed_skips_code
from models.listings import CalendarFeed, Listing
from resolvers.listings import listing_changed
from tasks.app import LONG_JOB, celery_app, enqueue, run_async

log = logging.getLogger(__name__)

SYNC_FEED = "tasks.calendars.sync_feed"
SYNC_ALL = "tasks.calendars.sync_all_feeds"
FETCH_TIMEOUT = 10.0  # per connect / read; the whole download gets TOTAL_TIMEOUT
TOTAL_TIMEOUT = 30.0  # a server dripping one byte per 9 s must not hold the worker forever
MAX_REDIRECTS = 5
USER_AGENT = "Roost-CalendarSync/1.0 (+https://roost.example/calendar-sync)"


class FeedError(Exception):
    """Why a feed could not be downloaded: one of a fixed set of reasons (and the HTTP status),
    never anything the server sent, which may be a secret of whatever the URL points at."""

    def __init__(self, reason: FeedErrorReason, http_status: int | None = None) -> None:
        super().__init__(FEED_ERROR_MESSAGES[reason].format(status=http_status))
        self.reason = reason
        self.http_status = http_status

    @property
    def code(self) -> str:
        return feed_failure_code(self.reason, self.http_status)


@dataclass(frozen=True)
class SyncResult:
    added: list[date]
    freed: list[date]
    conflicts: int


# ---- download -----------------------------------------------------------------------------------


async def _check_destination(url: httpx.URL) -> None:
    """In production, refuse feeds that resolve to our own network (SSRF). Tests serve feeds
    on 127.0.0.1, hence production only. Every redirect hop is checked too."""
    if not get_settings().production:
        return
    host = url.host
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, url.port or 443)
    except OSError as exc:
        raise FeedError(FeedErrorReason.UNREACHABLE) from exc
    if not infos or not all(is_public_address(str(info[4][0])) for info in infos):
        log.info("calendar feed host %s is not a public address", host)
        raise FeedError(FeedErrorReason.UNREACHABLE)


async def _download(client: httpx.AsyncClient, url: httpx.URL, max_bytes: int) -> bytes:
    for _ in range(MAX_REDIRECTS + 1):
        if url.scheme not in ("http", "https"):
            raise FeedError(FeedErrorReason.UNREACHABLE)  # redirected to another scheme
        await _check_destination(url)
        async with client.stream("GET", url) as response:
            if response.is_redirect and "location" in response.headers:
                url = response.url.join(response.headers["location"])
                continue
            if response.status_code >= 400:  # the status only: the reason phrase is the server's text
                raise FeedError(FeedErrorReason.HTTP_STATUS, response.status_code)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FeedError(FeedErrorReason.TOO_LARGE)
            body = bytearray()
            async for chunk in response.aiter_bytes():  # counted as it comes: no Content-Length trust
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise FeedError(FeedErrorReason.TOO_LARGE)
            return bytes(body)
    raise FeedError(FeedErrorReason.UNREACHABLE)  # too many redirects


async def fetch_feed(url: str, *, max_bytes: int = MAX_FEED_BYTES) -> bytes:
    """The feed's body, or FeedError with its reason."""
    headers = {"user-agent": USER_AGENT, "accept": "text/calendar, */*;q=0.5"}
    try:
        async with (
            asyncio.timeout(TOTAL_TIMEOUT),
            httpx.AsyncClient(timeout=FETCH_TIMEOUT, headers=headers, follow_redirects=False) as client,
        ):
            return await _download(client, httpx.URL(url), max_bytes)
    except (httpx.TimeoutException, TimeoutError) as exc:
        raise FeedError(FeedErrorReason.TIMED_OUT) from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:  # connection, bad URL, protocol, compression...
        raise FeedError(FeedErrorReason.UNREACHABLE) from exc


# ---- apply --------------------------------------------------------------------------------------


async def apply_feed(feed_id: uuid.UUID, parsed: ParsedFeed) -> SyncResult | None:
    """In one transaction, make the feed's IMPORTED nights equal to `parsed.nights`.

    Nights held by a Roost booking are never overwritten: each becomes a CalendarConflict for
    the host to resolve. Nights blocked by the host or imported by another feed stay as they
    are: they are unavailable already. None when the feed was removed meanwhile.
    """
    wanted = sorted(parsed.nights)
    async with in_transaction() as conn:
        # The row lock serialises two syncs of one feed (beat and a manual sync) and a sync
        # with the feed's removal, which would otherwise insert nights for a deleted feed.
        feed = await CalendarFeed.filter(id=feed_id).select_for_update().using_db(conn).first()
        if feed is None:
            return None
        freed = await conn.execute_query_dict(
            "DELETE FROM nights WHERE feed_id = $1 AND kind = 'imported' AND night <> ALL($2::date[])"
            " RETURNING night",
            [feed.id, wanted],
        )
        # ON CONFLICT DO NOTHING: whichever claim of a night came first keeps it, whatever the
        # concurrency; a booking racing this insert loses or wins at the UNIQUE constraint.
        added = await conn.execute_query_dict(
            "INSERT INTO nights (listing_id, night, kind, feed_id, created_at)"
            " SELECT $1, n, 'imported', $2, now() FROM unnest($3::date[]) AS n"
            " ON CONFLICT (listing_id, night) DO NOTHING RETURNING night",
            [feed.listing_id, feed.id, wanted],
        )
        # Read after the insert, so a booking committed meanwhile is seen here.
        booked = await conn.execute_query_dict(
            "SELECT night FROM nights WHERE listing_id = $1 AND kind = 'booked' AND night = ANY($2::date[])",
            [feed.listing_id, wanted],
        )
        clashes = sorted(row["night"] for row in booked)
        events = [parsed.nights[night] for night in clashes]
        uids, summaries = [e.uid for e in events], [e.summary for e in events]
        # The feed's conflicts are the current ones: a cancelled booking or an event the
        # channel dropped resolves its conflict; a lasting one keeps its first detected_at.
        await conn.execute_query(
            "DELETE FROM calendar_conflicts WHERE feed_id = $1 AND (night, event_uid) NOT IN"
            " (SELECT * FROM unnest($2::date[], $3::text[]))",
            [feed.id, clashes, uids],
        )
        await conn.execute_query(
            "INSERT INTO calendar_conflicts (id, feed_id, listing_id, night, event_uid, summary, detected_at)"
            " SELECT c.id, $1, $2, c.night, c.uid, c.summary, now()"
            " FROM unnest($3::uuid[], $4::date[], $5::text[], $6::text[]) AS c(id, night, uid, summary)"
            " ON CONFLICT (feed_id, night, event_uid) DO UPDATE SET summary = EXCLUDED.summary",
            [feed.id, feed.listing_id, [uuid.uuid4() for _ in clashes], clashes, uids, summaries],
        )
        feed.last_synced_at = datetime.now(UTC)
        feed.last_status = "ok"
        # On a successful sync lastError carries what was skipped, if anything (counts only).
        feed.last_error = feed_skips_code(parsed.skips)
        await feed.save(using_db=conn, update_fields=["last_synced_at", "last_status", "last_error"])
    return SyncResult(
        added=[r["night"] for r in added], freed=[r["night"] for r in freed], conflicts=len(clashes)
    )


async def record_failure(feed_id: uuid.UUID, code: str) -> None:
    """Mark the feed in error. last_synced_at stays: it tells how stale the imported nights are."""
    await CalendarFeed.filter(id=feed_id).update(last_status="error", last_error=code)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return ZoneInfo("UTC")


# ---- jobs ---------------------------------------------------------------------------------------


async def _sync(feed_id: str) -> str:
    feed = await CalendarFeed.get_or_none(id=uuid.UUID(feed_id)).select_related("listing")
    if feed is None:
        return "gone"  # removed since it was queued: a late job does nothing
    listing: Listing = feed.listing
    tz = _zone(listing.time_zone)
    try:
        body = await fetch_feed(feed.url)
        parsed = parse_feed(body, tz=tz, today=datetime.now(tz).date())
    except (FeedError, InvalidFeed) as exc:
        code = exc.code if isinstance(exc, FeedError) else feed_failure_code(FeedErrorReason.NOT_A_CALENDAR)
        cause = type(exc.__cause__).__name__ if exc.__cause__ else ""
        log.info("calendar feed %s failed: %s %s", feed.id, code, cause)
        await record_failure(feed.id, code)
        return "error"
    result = await apply_feed(feed.id, parsed)
    if result is None:
        return "gone"
    if result.added or result.freed:
        await listing_changed(listing.id)
    if result.freed:
        # A freed night may also be in a sibling feed, whose insert found it taken by this one
        # at its last sync: re-sync the siblings now rather than leave the night open for up
        # to 15 minutes. They free nothing themselves unless their own feed changed.
        await resync_listing(listing.id, except_feed=feed.id)
    return "ok"


async def resync_listing(listing_id: uuid.UUID, *, except_feed: uuid.UUID | None = None) -> int:
    """Queue a sync of each of the listing's feeds; call it only after a commit."""
    feeds = CalendarFeed.filter(listing_id=listing_id)
    if except_feed is not None:
        feeds = feeds.exclude(id=except_feed)
    ids = await feeds.values_list("id", flat=True)
    for feed_id in ids:
        await enqueue(SYNC_FEED, str(feed_id))
    return len(ids)


async def _sync_all() -> int:
    ids = await CalendarFeed.filter(listing__deleted_at=None).values_list("id", flat=True)
    for feed_id in ids:
        await enqueue(SYNC_FEED, str(feed_id))
    return len(ids)


@celery_app.task(name=SYNC_FEED, **LONG_JOB)
def sync_feed(feed_id: str) -> str:
    return run_async(_sync, feed_id)


@celery_app.task(name=SYNC_ALL)
def sync_all_feeds() -> int:
    return run_async(_sync_all)
