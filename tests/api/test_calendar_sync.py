"""Channel calendar sync: the export route, the feed mutations, and the import job run by a real
Celery worker against feeds served over real HTTP (its pure iCal rules: tests/unit)."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from icalendar import Calendar
from strawberry.relay import to_base64

from models.feed_errors import FeedErrorReason, feed_report
from models.listings import (
    CalendarConflict,
    CalendarFeed,
    Listing,
    ListingStatus,
    Night,
    NightKind,
    unique_slug,
)
from tests.booking_helpers import booking_row, cancel_row, unbooked_row
from tests.conftest import GraphQLClient, create_user, free_port, sign_in
from tests.waiting import eventually

ADD = """mutation($input: AddCalendarFeedInput!) {
  addCalendarFeed(input: $input) { feed { id name url lastStatus } errors { code field message } } }"""
REMOVE = """mutation($id: ID!) {
  removeCalendarFeed(input: {feedId: $id}) { ok errors { code field message } } }"""
SYNC = """mutation($id: ID!) { syncCalendar(input: {listingId: $id}) { ok errors { code field message } } }"""
FEEDS = """query($id: ID!) { calendarFeeds(listingId: $id) {
  id name url lastSyncedAt lastStatus lastError lastErrorReason lastHttpStatus
  conflicts { night summary eventUid detectedAt } } }"""


def today() -> date:
    return datetime.now(UTC).date()  # the test listings are in UTC


def day(offset: int) -> date:
    return today() + timedelta(days=offset)


def ymd(d: date) -> str:
    return d.strftime("%Y%m%d")


# ---- realistic channel feeds ------------------------------------------------------------------


def airbnb(*events: tuple[int, int, str]) -> bytes:
    """An Airbnb-style export: all-day events, check-out date as DTEND, DTSTAMP on each."""
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID;X-RICAL-TZSOURCE=TZINFO:-//Airbnb Inc//Hosting Calendar 0.8.8//EN",
        "CALSCALE:GREGORIAN",
        "VERSION:2.0",
    ]
    for start, end, uid in events:
        lines += [
            "BEGIN:VEVENT",
            f"DTEND;VALUE=DATE:{ymd(day(end))}",
            f"DTSTART;VALUE=DATE:{ymd(day(start))}",
            f"UID:{uid}@airbnb.com",
            "DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/details/HM"
            + uid[:8].upper()
            + "\\nPhone Number (Last 4 Digits): 4321",
            "SUMMARY:Reserved" if "block" not in uid else "SUMMARY:Airbnb (Not available)",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def booking_com(*events: tuple[int, int, str]) -> bytes:
    """A Booking.com-style export: DTSTAMP in UTC, "CLOSED - Not available" summaries."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//admin.booking.com//EN", "CALSCALE:GREGORIAN"]
    for start, end, uid in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@booking.com",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{ymd(day(start))}",
            f"DTEND;VALUE=DATE:{ymd(day(end))}",
            "SUMMARY:CLOSED - Not available",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def vcalendar(*vevents: str) -> bytes:
    body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
    for event in vevents:
        body += "BEGIN:VEVENT\r\n" + event.strip().replace("\n", "\r\n") + "\r\nEND:VEVENT\r\n"
    return (body + "END:VCALENDAR\r\n").encode()


# ---- a real HTTP server for the feeds -----------------------------------------------------------


@dataclass
class FeedServer:
    port: int = 0
    routes: dict[str, tuple[int, bytes, dict[str, str]]] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, body: bytes, status: int = 200, **headers: str) -> str:
        fields = {name.replace("_", "-"): value for name, value in headers.items()}
        fields.setdefault("content-type", "text/calendar; charset=utf-8")
        self.routes[path] = (status, body, fields)
        return self.url(path)


def _handler(feeds: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            feeds.hits[self.path] = feeds.hits.get(self.path, 0) + 1
            time.sleep(feeds.delays.get(self.path, 0))
            status, body, headers = feeds.routes.get(self.path, (404, b"Not Found", {}))
            if status == 0:  # hang up without an answer
                self.close_connection = True
                return
            if status == -1:  # not HTTP at all: the body is all the server says
                self.wfile.write(body)
                self.close_connection = True
                return
            self.send_response(status, headers.get("x-reason"))
            for name, value in headers.items():
                if name not in ("x-no-length", "x-reason"):
                    self.send_header(name, value)
            if "x-no-length" not in headers:  # else HTTP/1.0: the body runs until the close
                self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def feed_server() -> Iterator[FeedServer]:
    feeds = FeedServer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(feeds))
    server.daemon_threads = True
    feeds.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield feeds
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def feeds(feed_server: FeedServer) -> FeedServer:
    feed_server.routes.clear()
    feed_server.delays.clear()
    feed_server.hits.clear()
    return feed_server


# ---- helpers ------------------------------------------------------------------------------------


async def make_listing(host: Any, title: str = "Sea view flat") -> Listing:
    return await Listing.create(
        host=host, title=title, slug=unique_slug(title), status=ListingStatus.PUBLISHED, time_zone="UTC"
    )


async def signed_in_host(gql: GraphQLClient, email: str = "host@example.com") -> Any:
    user = await create_user(email, first_name="Hana", is_host=True)
    await sign_in(gql, email)
    return user


def gid(type_name: str, id_: Any) -> str:
    return to_base64(type_name, str(id_))


async def nights_of(listing: Listing) -> dict[date, tuple[NightKind, uuid.UUID | None]]:
    rows = await Night.filter(listing_id=listing.id).order_by("night")
    return {n.night: (n.kind, n.feed_id) for n in rows}


async def imported(listing: Listing, feed: CalendarFeed) -> set[date]:
    rows = await Night.filter(listing_id=listing.id, feed_id=feed.id, kind=NightKind.IMPORTED)
    return {n.night for n in rows}


async def statuses(*feeds: CalendarFeed) -> dict[str, str]:
    rows = await CalendarFeed.filter(id__in=[f.id for f in feeds])
    return {r.name: r.last_status for r in rows}


async def settled(*feeds: CalendarFeed) -> dict[str, str] | None:
    found = await statuses(*feeds)
    return found if "pending" not in found.values() else None


# ==== core/ical.py: pure ========================================================================


TODAY = date(2030, 6, 1)


def d(offset: int) -> date:
    return TODAY + timedelta(days=offset)


# ==== the download (in process, against the local server) =======================================


async def fetch_failure(url: str, **options: Any) -> tuple[FeedErrorReason, int | None]:
    from tasks import calendars as jobs

    with pytest.raises(jobs.FeedError) as caught:
        await jobs.fetch_feed(url, **options)
    return caught.value.reason, caught.value.http_status


async def test_fetch_follows_redirects_and_reports_a_fixed_reason(feeds, monkeypatch):
    from tasks import calendars as jobs

    feeds.serve("/real.ics", airbnb((1, 3, "r1")))
    feeds.serve("/moved.ics", b"", status=302, location="/real.ics")
    assert b"BEGIN:VCALENDAR" in await jobs.fetch_feed(feeds.url("/moved.ics"))

    unreachable = (FeedErrorReason.UNREACHABLE, None)
    feeds.serve("/loop.ics", b"", status=302, location="/loop.ics")
    assert await fetch_failure(feeds.url("/loop.ics")) == unreachable
    feeds.serve("/ftp.ics", b"", status=301, location="ftp://example.com/x.ics")
    assert await fetch_failure(feeds.url("/ftp.ics")) == unreachable
    assert await fetch_failure(feeds.url("/missing.ics")) == (FeedErrorReason.HTTP_STATUS, 404)
    too_large = (FeedErrorReason.TOO_LARGE, None)
    feeds.serve("/big.ics", b"x" * 5000)
    assert await fetch_failure(feeds.url("/big.ics"), max_bytes=1000) == too_large
    feeds.serve("/big-unannounced.ics", b"x" * 5000, x_no_length="1")
    assert await fetch_failure(feeds.url("/big-unannounced.ics"), max_bytes=1000) == too_large
    feeds.serve("/hangup.ics", b"", status=0)
    assert await fetch_failure(feeds.url("/hangup.ics")) == unreachable
    assert await fetch_failure(f"http://127.0.0.1:{free_port()}/cal.ics") == unreachable
    assert await fetch_failure("http://[::1/cal.ics") == unreachable

    feeds.serve("/slow.ics", airbnb())
    feeds.delays["/slow.ics"] = 1.0
    monkeypatch.setattr(jobs, "FETCH_TIMEOUT", 0.2)
    assert await fetch_failure(feeds.url("/slow.ics")) == (FeedErrorReason.TIMED_OUT, None)


async def test_fetch_refuses_private_addresses_in_production(feeds, monkeypatch):
    from core.settings import Settings
    from tasks import calendars as jobs

    feeds.serve("/cal.ics", airbnb())
    production = Settings(roost_env="production", secret_key="s" * 40)
    monkeypatch.setattr(jobs, "get_settings", lambda: production)
    assert await fetch_failure(feeds.url("/cal.ics")) == (FeedErrorReason.UNREACHABLE, None)
    assert await fetch_failure("http://no-such-host.invalid/cal.ics") == (FeedErrorReason.UNREACHABLE, None)
    assert feeds.hits == {}  # refused before any request left


# ==== export: GET /calendars/{token}.ics ========================================================


async def test_export_lists_booked_blocked_and_imported_nights_as_all_day_events(client):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host)
    feed = await CalendarFeed.create(listing=listing, url="https://example.com/a.ics", name="Airbnb")
    await booking_row(listing.id, day(3), day(4))  # booked: it owns nights 3 and 4
    rows = [
        Night(listing=listing, night=day(-3), kind=NightKind.BLOCKED),  # past: left out
        Night(listing=listing, night=day(1), kind=NightKind.BLOCKED),
        Night(listing=listing, night=day(2), kind=NightKind.BLOCKED),
        Night(listing=listing, night=day(6), kind=NightKind.IMPORTED, feed=feed),
        Night(listing=listing, night=day(7), kind=NightKind.BLOCKED),
        Night(listing=listing, night=day(800), kind=NightKind.BLOCKED),  # beyond two years
    ]
    await Night.bulk_create(rows)

    response = await client.get(f"/calendars/{listing.calendar_token}.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert str(cal["VERSION"]) == "2.0" and "Roost" in str(cal["PRODID"])
    events = [(e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"])) for e in cal.walk("VEVENT")]
    assert events == [
        (day(1), day(3), "Not available"),
        (day(3), day(5), "Reserved"),
        (day(6), day(8), "Not available"),  # imported and blocked nights merge: both unavailable
    ]
    assert b"DTSTART;VALUE=DATE:" in response.content and b"DTSTAMP:" in response.content
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    again = Calendar.from_ical((await client.get(f"/calendars/{listing.calendar_token}.ics")).content)
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == uids  # stable across fetches


async def test_export_of_an_unknown_token_or_deleted_listing_is_404(client):
    assert (await client.get("/calendars/no-such-token.ics")).status_code == 404
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host)
    listing.time_zone = "Not/AZone"  # a bad zone must not turn the feed into a 500
    await listing.save()
    empty = await client.get(f"/calendars/{listing.calendar_token}.ics")
    assert empty.status_code == 200 and Calendar.from_ical(empty.content).walk("VEVENT") == []
    listing.deleted_at = datetime.now(UTC)
    await listing.save()
    assert (await client.get(f"/calendars/{listing.calendar_token}.ics")).status_code == 404


# ==== feeds through GraphQL =====================================================================


async def test_host_adds_a_feed_and_the_worker_imports_it(gql, feeds, celery_worker):
    host = await signed_in_host(gql)
    listing = await make_listing(host)
    url = feeds.serve("/airbnb.ics", airbnb((2, 5, "stay1"), (8, 9, "block-1")))
    data = await gql.ok(
        ADD, {"input": {"listingId": gid("Listing", listing.id), "url": url, "name": "Airbnb"}}
    )
    feed_data = data["addCalendarFeed"]["feed"]
    assert feed_data["name"] == "Airbnb" and feed_data["url"] == url
    feed = await CalendarFeed.get(listing_id=listing.id)

    # Adding queues the first import at once.
    await eventually(lambda: settled(feed))
    assert await imported(listing, feed) == {day(2), day(3), day(4), day(8)}

    [shown] = (await gql.ok(FEEDS, {"id": gid("Listing", listing.id)}))["calendarFeeds"]
    assert shown["lastStatus"] == "OK" and shown["lastError"] == "" and shown["lastSyncedAt"]
    assert shown["conflicts"] == []

    # A feed without a name is named after its host.
    url2 = feeds.serve("/booking.ics", booking_com())
    data = await gql.ok(ADD, {"input": {"listingId": gid("Listing", listing.id), "url": f"  {url2} "}})
    assert data["addCalendarFeed"]["feed"]["name"] == "127.0.0.1"
    assert data["addCalendarFeed"]["feed"]["url"] == url2
    feeds_now = await CalendarFeed.filter(listing_id=listing.id)
    await eventually(lambda: settled(*feeds_now))


async def test_sync_imports_marks_conflicts_and_respects_other_claims(gql, feeds, celery_worker):
    host = await signed_in_host(gql)
    listing = await make_listing(host)
    other = await CalendarFeed.create(listing=listing, url=feeds.url("/booking.ics"), name="Booking")
    feed = await CalendarFeed.create(listing=listing, url=feeds.url("/airbnb.ics"), name="Airbnb")
    feeds.serve("/booking.ics", booking_com((6, 7, "bk1")))
    feeds.serve("/airbnb.ics", airbnb((1, 8, "longstay")))
    await booking_row(listing.id, day(2))
    third = await booking_row(listing.id, day(3))
    await Night.create(listing=listing, night=day(4), kind=NightKind.BLOCKED)

    from tasks.calendars import _sync

    assert await _sync(str(other.id)) == "ok"  # Booking.com holds the 6th first
    data = await gql.ok(SYNC, {"id": gid("Listing", listing.id)})
    assert data["syncCalendar"]["ok"] is True
    await eventually(lambda: CalendarFeed.filter(id=feed.id, last_status="ok").exists())

    held = await nights_of(listing)
    assert held[day(1)] == (NightKind.IMPORTED, feed.id)
    assert held[day(2)] == (NightKind.BOOKED, None)  # never overwritten
    assert held[day(3)] == (NightKind.BOOKED, None)
    assert held[day(4)] == (NightKind.BLOCKED, None)  # the host's block stays, no conflict
    assert held[day(5)] == (NightKind.IMPORTED, feed.id)
    assert held[day(6)] == (NightKind.IMPORTED, other.id)  # first claim stays, no conflict
    assert held[day(7)] == (NightKind.IMPORTED, feed.id)
    assert day(8) not in held

    shown = {f["name"]: f for f in (await gql.ok(FEEDS, {"id": gid("Listing", listing.id)}))["calendarFeeds"]}
    assert shown["Booking"]["conflicts"] == []
    conflicts = shown["Airbnb"]["conflicts"]
    assert [(c["night"], c["summary"], c["eventUid"]) for c in conflicts] == [
        (str(day(2)), "Reserved", "longstay@airbnb.com"),
        (str(day(3)), "Reserved", "longstay@airbnb.com"),
    ]
    assert all(c["detectedAt"] for c in conflicts)

    # Idempotent: a second sync changes nothing and records no duplicate conflict.
    detected = {c.night: c.detected_at for c in await CalendarConflict.filter(feed_id=feed.id)}
    before = await nights_of(listing)
    assert await _sync(str(feed.id)) == "ok"
    assert await nights_of(listing) == before
    again = await CalendarConflict.filter(feed_id=feed.id)
    assert {c.night: c.detected_at for c in again} == detected
    assert all(c.listing_id == listing.id for c in again)

    # The booking of the 3rd is cancelled: the next sync imports the night, resolving its conflict.
    await cancel_row(third)
    assert await _sync(str(feed.id)) == "ok"
    assert (await nights_of(listing))[day(3)] == (NightKind.IMPORTED, feed.id)
    assert [c.night for c in await CalendarConflict.filter(feed_id=feed.id)] == [day(2)]


async def test_a_dropped_event_frees_its_nights(gql, feeds, celery_worker):
    host = await signed_in_host(gql)
    listing = await make_listing(host)
    feed = await CalendarFeed.create(listing=listing, url=feeds.url("/airbnb.ics"), name="Airbnb")
    feeds.serve("/airbnb.ics", airbnb((1, 3, "keep"), (10, 12, "cancelled")))
    await gql.ok(SYNC, {"id": gid("Listing", listing.id)})
    await eventually(lambda: settled(feed))
    assert await imported(listing, feed) == {day(1), day(2), day(10), day(11)}

    from core.cache import listing_versions

    async def listing_version(listing_id: Any) -> str:
        [version] = await listing_versions([listing_id])
        return version

    version = await listing_version(listing.id)
    feeds.serve("/airbnb.ics", airbnb((1, 3, "keep"), (20, 21, "new")))
    await gql.ok(SYNC, {"id": gid("Listing", listing.id)})
    assert await eventually(lambda: _equals(imported(listing, feed), {day(1), day(2), day(20)}))
    # Caches of the listing are invalidated (just after the commit, hence the wait).
    assert await eventually(lambda: _differs(listing_version(listing.id), version))


async def _equals(value: Awaitable[Any], expected: Any) -> bool:
    return await value == expected


async def _differs(value: Awaitable[Any], than: Any) -> bool:
    return await value != than


async def test_a_freed_night_goes_to_a_sibling_feed_that_also_has_it(gql, feeds, celery_worker):
    host = await signed_in_host(gql)
    listing = await make_listing(host)
    first = await CalendarFeed.create(listing=listing, url=feeds.url("/a.ics"), name="A")
    second = await CalendarFeed.create(listing=listing, url=feeds.url("/b.ics"), name="B")
    feeds.serve("/a.ics", airbnb((5, 6, "a5")))
    feeds.serve("/b.ics", booking_com((5, 6, "b5")))
    from tasks.calendars import _sync

    assert await _sync(str(first.id)) == "ok"
    assert await _sync(str(second.id)) == "ok"
    assert (await nights_of(listing))[day(5)] == (NightKind.IMPORTED, first.id)
    feeds.serve("/a.ics", airbnb())
    assert await _sync(str(first.id)) == "ok"  # frees the 5th, then re-syncs B at once
    await eventually(lambda: _equals(imported(listing, second), {day(5)}))


async def test_failing_feeds_are_marked_and_the_good_one_still_syncs(gql, feeds, celery_worker):
    host = await signed_in_host(gql)
    listing = await make_listing(host)
    good = await CalendarFeed.create(listing=listing, url=feeds.url("/good.ics"), name="good")
    missing = await CalendarFeed.create(listing=listing, url=feeds.url("/gone.ics"), name="missing")
    dead = await CalendarFeed.create(
        listing=listing, url=f"http://127.0.0.1:{free_port()}/cal.ics", name="unreachable"
    )
    garbage = await CalendarFeed.create(listing=listing, url=feeds.url("/login"), name="garbage")
    feeds.serve("/good.ics", booking_com((3, 5, "ok1")))
    feeds.serve("/login", b"<html><body>Please sign in</body></html>", content_type="text/html")
    # The garbage feed once worked: its nights must survive its breaking.
    await Night.create(listing=listing, night=day(9), kind=NightKind.IMPORTED, feed=garbage)

    await gql.ok(SYNC, {"id": gid("Listing", listing.id)})
    found = await eventually(lambda: settled(good, missing, dead, garbage))
    assert found == {"good": "ok", "missing": "error", "unreachable": "error", "garbage": "error"}
    assert await imported(listing, good) == {day(3), day(4)}
    assert await imported(listing, garbage) == {day(9)}

    shown = {f["name"]: f for f in (await gql.ok(FEEDS, {"id": gid("Listing", listing.id)}))["calendarFeeds"]}
    assert shown["missing"]["lastError"] == "The calendar server answered with an error (HTTP 404)."
    assert (shown["missing"]["lastErrorReason"], shown["missing"]["lastHttpStatus"]) == ("HTTP_STATUS", 404)
    assert shown["unreachable"]["lastError"] == "The calendar server could not be reached."
    assert shown["unreachable"]["lastErrorReason"] == "UNREACHABLE"
    assert shown["garbage"]["lastError"] == "The address did not return an iCalendar file."
    assert shown["garbage"]["lastErrorReason"] == "NOT_A_CALENDAR"
    assert shown["good"]["lastErrorReason"] is None
    assert shown["garbage"]["lastStatus"] == "ERROR" and shown["garbage"]["lastSyncedAt"] is None
    assert shown["good"]["lastStatus"] == "OK"
    assert [f["name"] for f in shown.values()] == ["good", "missing", "unreachable", "garbage"]


SECRET = "sk_live_51SECRETdoNOTleak"


@pytest.mark.parametrize(
    ("reason", "route"),
    [
        # A metrics page or a config dump: not a calendar, and the old message quoted it.
        ("NOT_A_CALENDAR", (200, f'roost_key{{value="{SECRET}"}} 1\n'.encode(), {})),
        ("NOT_A_CALENDAR", (200, f"BEGIN:VEVENT\nX:{SECRET}\n".encode(), {})),
        ("HTTP_STATUS", (500, f"Internal error: {SECRET}".encode(), {"x-reason": f"Oops {SECRET}"})),
        ("UNREACHABLE", (-1, f"{SECRET} is not an HTTP status line\r\n\r\n".encode(), {})),
        ("TOO_LARGE", (200, f"BEGIN:VCALENDAR\nX:{SECRET}\n".encode() * 200_000, {})),
        ("TIMED_OUT", (200, f"BEGIN:VCALENDAR\nX:{SECRET}\n".encode(), {})),
    ],
    ids=["metrics", "bare-event", "http-status", "not-http", "too-large", "timed-out"],
)
async def test_last_error_never_repeats_what_the_server_sent(gql, feeds, monkeypatch, reason, route):
    from tasks import calendars as jobs

    host = await signed_in_host(gql)
    listing = await make_listing(host)
    feed = await CalendarFeed.create(listing=listing, url=feeds.url("/internal"), name="internal")
    feeds.routes["/internal"] = route
    if reason == "TIMED_OUT":
        feeds.delays["/internal"] = 1.0
        monkeypatch.setattr(jobs, "FETCH_TIMEOUT", 0.2)

    assert await jobs._sync(str(feed.id)) == "error"

    stored = await CalendarFeed.get(id=feed.id)
    [shown] = (await gql.ok(FEEDS, {"id": gid("Listing", listing.id)}))["calendarFeeds"]
    assert (shown["lastStatus"], shown["lastErrorReason"]) == ("ERROR", reason)
    assert SECRET not in shown["lastError"] and SECRET not in stored.last_error
    assert "sk_live" not in str(shown)


async def test_a_successful_sync_reports_what_it_skipped(feeds):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host)
    feed = await CalendarFeed.create(listing=listing, url=feeds.url("/odd.ics"), name="odd")
    feeds.serve(
        "/odd.ics",
        vcalendar(f"UID:fine\nDTSTART;VALUE=DATE:{ymd(day(2))}", "UID:broken\nDTSTART:garbage"),
    )
    from tasks.calendars import _sync

    assert await _sync(str(feed.id)) == "ok"
    await feed.refresh_from_db()
    assert feed.last_status == "ok" and feed.last_error == "skipped:1"
    assert feed_report(feed.last_status, feed.last_error).message == (
        "1 event(s) skipped: no readable start date."
    )
    assert await imported(listing, feed) == {day(2)}
    assert await _sync(str(uuid.uuid4())) == "gone"  # a job for a removed feed does nothing


async def test_a_feed_removed_during_its_download_is_left_alone(feeds, monkeypatch):
    from core.ical import ParsedFeed
    from tasks import calendars as jobs

    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host)
    listing.time_zone = "Not/AZone"  # an unknown zone reads as UTC rather than failing
    await listing.save()
    feed = await CalendarFeed.create(listing=listing, url=feeds.url("/a.ics"), name="A")

    async def fetch_then_remove(url: str) -> bytes:
        await CalendarFeed.filter(id=feed.id).delete()
        return airbnb((1, 2, "late"))

    monkeypatch.setattr(jobs, "fetch_feed", fetch_then_remove)
    assert await jobs._sync(str(feed.id)) == "gone"
    assert await Night.all().count() == 0
    assert await jobs.apply_feed(uuid.uuid4(), ParsedFeed()) is None


async def test_sync_all_feeds_queues_every_feed_of_live_listings(feeds, celery_worker):
    from tasks.app import celery_app

    host = await create_user("host@example.com", is_host=True)
    live = await make_listing(host)
    gone = await make_listing(host, "Old cabin")
    gone.deleted_at = datetime.now(UTC)
    await gone.save()
    one = await CalendarFeed.create(listing=live, url=feeds.url("/one.ics"), name="one")
    two = await CalendarFeed.create(listing=live, url=feeds.url("/two.ics"), name="two")
    skipped = await CalendarFeed.create(listing=gone, url=feeds.url("/one.ics"), name="skipped")
    feeds.serve("/one.ics", airbnb((1, 2, "x")))
    feeds.serve("/two.ics", booking_com((2, 3, "y")))

    schedule = celery_app.conf.beat_schedule["sync-calendar-feeds"]
    assert schedule["task"] == "tasks.calendars.sync_all_feeds"
    assert schedule["schedule"].minute == {0, 15, 30, 45}

    await asyncio.to_thread(celery_app.send_task, "tasks.calendars.sync_all_feeds")
    assert await eventually(lambda: settled(one, two)) == {"one": "ok", "two": "ok"}
    assert (await CalendarFeed.get(id=skipped.id)).last_status == "pending"
    assert set(await nights_of(live)) == {day(1), day(2)}


async def test_remove_feed_frees_its_nights_and_conflicts_only(gql, feeds):
    host = await signed_in_host(gql)
    listing = await make_listing(host)
    feed = await CalendarFeed.create(listing=listing, url=feeds.url("/a.ics"), name="A")
    keep = await CalendarFeed.create(listing=listing, url=feeds.url("/b.ics"), name="B")
    await booking_row(listing.id, day(5))
    await Night.bulk_create(
        [
            Night(listing=listing, night=day(1), kind=NightKind.IMPORTED, feed=feed),
            Night(listing=listing, night=day(2), kind=NightKind.IMPORTED, feed=feed),
            Night(listing=listing, night=day(3), kind=NightKind.IMPORTED, feed=keep),
            Night(listing=listing, night=day(4), kind=NightKind.BLOCKED),
        ]
    )
    await CalendarConflict.create(feed=feed, listing=listing, night=day(5), event_uid="e", summary="s")

    data = await gql.ok(REMOVE, {"id": gid("CalendarFeed", feed.id)})
    assert data["removeCalendarFeed"]["ok"] is True
    assert not await CalendarFeed.exists(id=feed.id)
    assert not await CalendarConflict.exists(feed_id=feed.id)
    assert sorted(await nights_of(listing)) == [day(3), day(4), day(5)]

    again = await gql(REMOVE, {"id": gid("CalendarFeed", feed.id)})
    assert again["data"]["removeCalendarFeed"]["errors"] == [
        {"code": "NOT_FOUND", "field": "feedId", "message": "No such calendar feed."}
    ]
    wrong_type = await gql(REMOVE, {"id": gid("Listing", listing.id)})
    assert wrong_type["data"]["removeCalendarFeed"]["errors"][0]["code"] == "NOT_FOUND"


# ---- refusals change nothing --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/cal.ics", "webcal://example.com/cal.ics", "not a url", "", "https:///x.ics"],
)
async def test_invalid_feed_urls_are_refused(gql, url):
    host = await signed_in_host(gql)
    listing = await make_listing(host)
    body = await gql(ADD, {"input": {"listingId": gid("Listing", listing.id), "url": url}})
    [error] = body["data"]["addCalendarFeed"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID_FEED", "url")
    assert body["data"]["addCalendarFeed"]["feed"] is None
    assert await CalendarFeed.all().count() == 0


async def test_duplicate_own_and_too_many_feeds_are_refused(gql, monkeypatch):
    from resolvers import calendar_sync

    host = await signed_in_host(gql)
    listing = await make_listing(host)
    lid = gid("Listing", listing.id)
    await CalendarFeed.create(listing=listing, url="https://example.com/a.ics")
    dup = await gql(ADD, {"input": {"listingId": lid, "url": "https://example.com/a.ics"}})
    assert dup["data"]["addCalendarFeed"]["errors"][0]["code"] == "INVALID_FEED"
    own = await gql(
        ADD, {"input": {"listingId": lid, "url": f"http://x/calendars/{listing.calendar_token}.ics"}}
    )
    assert (
        own["data"]["addCalendarFeed"]["errors"][0]["message"] == "That is this listing's own Roost calendar."
    )
    long_name = await gql(
        ADD, {"input": {"listingId": lid, "url": "https://example.com/b.ics", "name": "n" * 101}}
    )
    assert long_name["data"]["addCalendarFeed"]["errors"][0] == {
        "code": "INVALID_INPUT",
        "field": "name",
        "message": "At most 100 characters.",
    }
    monkeypatch.setattr(calendar_sync, "MAX_FEEDS", 1)
    full = await gql(ADD, {"input": {"listingId": lid, "url": "https://example.com/c.ics"}})
    assert "at most 1 calendars" in full["data"]["addCalendarFeed"]["errors"][0]["message"]
    assert await CalendarFeed.all().count() == 1


async def test_another_host_gets_not_owner_and_changes_nothing(gql, feeds):
    owner = await create_user("owner@example.com", is_host=True)
    listing = await make_listing(owner)
    feed = await CalendarFeed.create(listing=listing, url=feeds.url("/owners.ics"), name="A")
    await Night.create(listing=listing, night=day(1), kind=NightKind.IMPORTED, feed=feed)
    await signed_in_host(gql, "intruder@example.com")
    lid = gid("Listing", listing.id)

    add = await gql(ADD, {"input": {"listingId": lid, "url": "https://example.com/x.ics"}})
    assert add["data"]["addCalendarFeed"]["errors"][0]["code"] == "NOT_OWNER"
    remove = await gql(REMOVE, {"id": gid("CalendarFeed", feed.id)})
    assert remove["data"]["removeCalendarFeed"]["errors"][0] == {
        "code": "NOT_OWNER",
        "field": "feedId",
        "message": "Only the listing's host may change it.",
    }
    sync = await gql(SYNC, {"id": lid})
    assert sync["data"]["syncCalendar"]["errors"][0]["code"] == "NOT_OWNER"
    listed = await gql(FEEDS, {"id": lid})
    assert listed["data"] is None and listed["errors"][0]["extensions"]["code"] == "NOT_OWNER"
    node = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": gid("CalendarFeed", feed.id)})
    assert node["data"]["node"] is None  # the feed URL is the host's secret
    missing = await gql(FEEDS, {"id": gid("Listing", uuid.uuid4())})
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"

    assert [f.id for f in await CalendarFeed.all()] == [feed.id]
    assert list(await nights_of(listing)) == [day(1)]
    assert "/owners.ics" not in feeds.hits  # no sync was queued


async def test_an_admin_may_manage_any_listings_feeds(gql):
    owner = await create_user("owner@example.com", is_host=True)
    listing = await make_listing(owner)
    feed = await CalendarFeed.create(listing=listing, url="https://example.com/a.ics", name="A")
    await CalendarConflict.create(feed=feed, listing=listing, night=day(3), event_uid="u", summary="Stay")
    await create_user("admin@example.com", is_admin=True)
    await sign_in(gql, "admin@example.com")
    data = await gql.ok(FEEDS, {"id": gid("Listing", listing.id)})
    assert [f["name"] for f in data["calendarFeeds"]] == ["A"]
    node = await gql.ok(
        """query($id: ID!) { node(id: $id) { ... on CalendarFeed {
             name lastStatus listing { title } conflicts { night eventUid } } } }""",
        {"id": gid("CalendarFeed", feed.id)},
    )
    assert node["node"] == {
        "name": "A",
        "lastStatus": "PENDING",
        "listing": {"title": "Sea view flat"},
        "conflicts": [{"night": str(day(3)), "eventUid": "u"}],
    }


async def test_calendar_feeds_cost_the_same_queries_whatever_their_number(gql):
    from core.metrics import count_queries

    host = await signed_in_host(gql)
    listing = await make_listing(host)

    async def cost(feed_count: int) -> int:
        await CalendarFeed.filter(listing_id=listing.id).delete()
        for i in range(feed_count):
            feed = await CalendarFeed.create(listing=listing, url=f"https://example.com/{i}.ics", name=f"{i}")
            await CalendarConflict.create(
                feed=feed, listing=listing, night=day(i + 1), event_uid="e", summary="s"
            )
        with count_queries() as queries:
            data = await gql.ok(FEEDS, {"id": gid("Listing", listing.id)})
        assert [len(f["conflicts"]) for f in data["calendarFeeds"]] == [1] * feed_count
        return queries.value

    # Authentication, the listing, its feeds, all their conflicts: no query per feed.
    assert await cost(1) == await cost(4) == 4


async def test_anonymous_callers_are_unauthenticated(gql):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host)
    lid = gid("Listing", listing.id)
    for query, variables in [
        (ADD, {"input": {"listingId": lid, "url": "https://example.com/a.ics"}}),
        (SYNC, {"id": lid}),
        (REMOVE, {"id": gid("CalendarFeed", uuid.uuid4())}),
        (FEEDS, {"id": lid}),
    ]:
        body = await gql(query, variables)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await CalendarFeed.all().count() == 0


async def test_manual_syncs_are_rate_limited(gql, monkeypatch):
    from resolvers import calendar_sync

    host = await signed_in_host(gql)
    listing = await make_listing(host)
    monkeypatch.setattr(calendar_sync, "SYNCS_PER_HOUR", 2)
    for _ in range(2):
        await gql.ok(SYNC, {"id": gid("Listing", listing.id)})
    body = await gql(SYNC, {"id": gid("Listing", listing.id)})
    assert body["data"]["syncCalendar"]["errors"][0]["code"] == "RATE_LIMITED"


# ---- PostgreSQL refuses a double claim ----------------------------------------------------------


async def test_a_concurrent_block_and_booking_of_one_night_leave_exactly_one_row():
    """Two transactions on two connections claim the same night at once: UNIQUE (listing,
    night) lets one commit and gives the other a unique violation, whatever the timing."""
    from tortoise.exceptions import IntegrityError
    from tortoise.transactions import in_transaction

    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host)
    both_in = asyncio.Barrier(2)

    async def claim(night: date, kind: str) -> str:
        try:
            async with in_transaction() as conn:
                booking_id = None
                if kind == "booked":  # the booking and its night commit together, or neither does
                    booking_id = await unbooked_row(listing.id, night, night + timedelta(days=1), conn)
                await both_in.wait()  # both transactions are open before either inserts
                await conn.execute_query(
                    "INSERT INTO nights (listing_id, night, kind, booking_id, created_at)"
                    " VALUES ($1, $2, $3, $4, now())",
                    [listing.id, night, kind, booking_id],
                )
                await asyncio.sleep(0.05)  # hold the uncommitted row: the other insert must wait
            return kind
        except IntegrityError:
            return "refused"

    for offset in range(1, 6):
        night = day(offset)
        results = await asyncio.gather(claim(night, "blocked"), claim(night, "booked"))
        rows = await Night.filter(listing_id=listing.id, night=night)
        assert len(rows) == 1
        assert sorted(results) == sorted([rows[0].kind.value, "refused"])
