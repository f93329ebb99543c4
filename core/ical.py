"""iCalendar (RFC 5545) for channel calendar sync: read other channels' feeds, write our own.

Pure functions, no database or network, so every edge case has a fast unit test.

A *night* is the date a stay starts on: a guest who arrives on the 10th and leaves on the 12th
takes the nights of the 10th and the 11th. Channel feeds (Airbnb, Booking.com, Vrbo) describe
the same thing with all-day events whose DTEND is the check-out date, exclusive.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDDDTypes

HORIZON_DAYS = 730  # nights further ahead are ignored on import and left out of the export
MAX_FEED_BYTES = 2 * 1024 * 1024
PRODID = "-//Roost//Calendar sync//EN"
RESERVED = "Reserved"
NOT_AVAILABLE = "Not available"
_TEXT_LIMIT = 255  # event_uid and summary columns


class InvalidFeed(ValueError):
    """The body is not an iCalendar file: the feed is in error and nothing is changed."""


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    summary: str


@dataclass
class ParsedFeed:
    # Each unavailable night and one event that covers it (the earliest, for stable conflicts).
    nights: dict[date, FeedEvent] = field(default_factory=dict)
    # How many events could not be read ("skipped"), or only partly ("open_ended", "repeating"):
    # counts for the host to see (lastError), never the feed's own text.
    skips: Counter[str] = field(default_factory=Counter)


# ---- import -------------------------------------------------------------------------------------


def parse_feed(
    body: bytes | str, *, tz: ZoneInfo, today: date, horizon_days: int = HORIZON_DAYS
) -> ParsedFeed:
    """The nights in [today, today + horizon_days) that the feed's events make unavailable.

    Raises InvalidFeed for anything that is not a VCALENDAR: an HTML login page, an empty body
    or a truncated download must never read as "no events", which would free every night.
    """
    # The messages never quote the body: it may be anything the URL answered (a login page, a
    # metrics endpoint), and they end up in front of the host.
    try:
        calendar = Calendar.from_ical(body)
    except Exception as exc:  # untrusted bytes: icalendar raises ValueError, but fuzzing finds more
        raise InvalidFeed("Not an iCalendar file.") from exc
    if calendar.name != "VCALENDAR":
        raise InvalidFeed("Not an iCalendar file (no VCALENDAR).")
    until = today + timedelta(days=horizon_days)
    parsed = ParsedFeed()
    found: list[tuple[date, date, FeedEvent]] = []
    for event in calendar.events:
        # Cancelled events free their nights. TRANSP is deliberately not honoured: channel
        # exports list unavailable nights by definition, and wrongly importing a night costs a
        # lost sale while wrongly ignoring one costs a double booking.
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        info = FeedEvent(uid=_text(event.get("UID")), summary=_text(event.get("SUMMARY")))
        try:
            first, end = event_nights(event, tz)
        except Exception:  # one unreadable event must not sink the whole feed
            parsed.skips["skipped"] += 1
            continue
        if "DTEND" in event and _moment(event, "DTEND") is None:
            parsed.skips["open_ended"] += 1
        if "RRULE" in event:
            parsed.skips["repeating"] += 1
        found.append((max(first, today), min(end, until), info))
    # Earliest event first, so the event recorded for a night does not depend on feed order.
    for first, end, info in sorted(found, key=lambda f: (f[0], f[2].uid)):
        for offset in range((end - first).days):
            parsed.nights.setdefault(first + timedelta(days=offset), info)
    return parsed


def event_nights(event: Event, tz: ZoneInfo) -> tuple[date, date]:
    """[first night, end) of an event, end exclusive, at least one night.

    All-day events: DTSTART to DTEND (the check-out date). Timed events are read in the
    listing's time zone (floating times are already local) and take every night from the date
    they start to the date they end, that date excluded: an event from 15:00 on the 10th to
    11:00 on the 12th is a stay of two nights. A missing DTEND (and DURATION) means one night.
    """
    start = _moment(event, "DTSTART")
    if start is None:
        raise ValueError("no readable DTSTART")
    first = _local_date(start, tz)
    end_moment = _moment(event, "DTEND")
    if end_moment is None:
        duration = event.get("DURATION")
        if isinstance(duration, vDDDTypes) and isinstance(duration.dt, timedelta):
            end_moment = start + duration.dt
    end = _local_date(end_moment, tz) if end_moment is not None else first
    return first, max(end, first + timedelta(days=1))


def _moment(event: Event, name: str) -> date | datetime | None:
    value = event.get(name)
    if not isinstance(value, vDDDTypes):  # absent, or icalendar's vBroken for an unreadable value
        return None
    moment = value.dt
    return moment if isinstance(moment, date) else None  # a PERIOD or a bare time is no start


def _local_date(moment: date | datetime, tz: ZoneInfo) -> date:
    if isinstance(moment, datetime):
        return (moment.astimezone(tz) if moment.tzinfo else moment).date()
    return moment


def _text(value: object) -> str:
    return str(value or "").strip()[:_TEXT_LIMIT]


MAX_URL_LENGTH = 2000  # calendar_feeds.url


def feed_url_problem(url: str) -> str | None:
    """Why `url` cannot be a feed (None when it can): absolute http(s) with a host, nothing else.

    webcal:// is refused rather than guessed at: the host pastes the https link the channel
    also offers, and we never silently change which server we call.
    """
    if not url or len(url) > MAX_URL_LENGTH:
        return f"Give the calendar's http(s) URL, at most {MAX_URL_LENGTH} characters."
    if any(c.isspace() for c in url):
        return "A URL has no spaces."
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (parsing the port raises for a bad one)
    except ValueError:
        return "That is not a valid URL."
    if parts.scheme.lower() not in ("http", "https"):
        return "Only http:// and https:// calendar URLs can be imported."
    if not parts.hostname:
        return "The URL has no host name."
    return None


def is_public_address(address: str) -> bool:
    """Whether a resolved feed address is on the public internet (not loopback, private,
    link-local such as the cloud metadata service, or reserved): a host's feed URL must not
    make our server reach into its own network."""
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_global
    except ValueError:
        return False


# ---- export -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """Consecutive unavailable nights with the same summary: one all-day event."""

    start: date  # first night
    end: date  # the day after the last night (DTEND, exclusive)
    summary: str


def summary_for(kind: str) -> str:
    """Booked nights say "Reserved"; blocked and imported ones only "Not available"."""
    return RESERVED if kind == "booked" else NOT_AVAILABLE


def group_runs(nights: Iterable[tuple[date, str]]) -> list[Run]:
    """Run-length grouping of (night, summary) pairs, in any order, into Runs sorted by date."""
    runs: list[Run] = []
    for night, summary in sorted(set(nights)):
        last = runs[-1] if runs else None
        if last is not None and last.end == night and last.summary == summary:
            runs[-1] = Run(last.start, night + timedelta(days=1), summary)
        else:
            runs.append(Run(night, night + timedelta(days=1), summary))
    return runs


def build_calendar(
    runs: Iterable[Run], *, uid_seed: str, name: str = "", now: datetime | None = None
) -> bytes:
    """An RFC 5545 VCALENDAR with one all-day VEVENT per run.

    The UID is derived from the seed (the listing), the first night and the summary, so it is
    the same on every fetch while the run exists: importers update an event rather than
    deleting and re-adding it. The seed is hashed so the UID does not reveal our ids.
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    if name:
        calendar.add("X-WR-CALNAME", name)
    for run in runs:
        digest = hashlib.sha256(f"{uid_seed}:{run.start.isoformat()}:{run.summary}".encode()).hexdigest()
        event = Event()
        event.add("UID", f"{digest[:32]}@roost")
        event.add("DTSTAMP", stamp)
        event.add("DTSTART", run.start)  # a date: VALUE=DATE, an all-day event
        event.add("DTEND", run.end)
        event.add("SUMMARY", run.summary)
        event.add("TRANSP", "OPAQUE")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()  # icalendar leaves it unannotated
    return ical
