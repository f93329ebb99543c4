"""Channel calendar sync, the pure part: reading and building iCal, grouping nights, and which
feed URLs may be fetched."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from core.ical import (
    NOT_AVAILABLE,
    RESERVED,
    InvalidFeed,
    Run,
    build_calendar,
    feed_url_problem,
    group_runs,
    is_public_address,
    parse_feed,
)

UTC_ZONE = ZoneInfo("UTC")


def vcalendar(*vevents: str) -> bytes:
    body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
    for event in vevents:
        body += "BEGIN:VEVENT\r\n" + event.strip().replace("\n", "\r\n") + "\r\nEND:VEVENT\r\n"
    return (body + "END:VCALENDAR\r\n").encode()


# ==== core/ical.py: pure ========================================================================


TODAY = date(2030, 6, 1)


def nights(body: bytes, tz: str = "UTC", **kwargs: Any) -> list[date]:
    return sorted(parse_feed(body, tz=ZoneInfo(tz), today=TODAY, **kwargs).nights)


def d(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def span(start: int, end: int) -> list[date]:
    return [d(i) for i in range(start, end)]


def test_all_day_events_take_the_nights_before_checkout():
    body = vcalendar(
        "UID:a\nDTSTART;VALUE=DATE:20300610\nDTEND;VALUE=DATE:20300613\nSUMMARY:Reserved",
        "UID:b\nDTSTART;VALUE=DATE:20300613\nDTEND;VALUE=DATE:20300614\nSUMMARY:Reserved",
    )
    parsed = parse_feed(body, tz=UTC_ZONE, today=TODAY)
    assert sorted(parsed.nights) == span(9, 13)  # back to back: the 13th is b's, not a's checkout
    assert parsed.nights[d(12)].uid == "b" and parsed.nights[d(9)].summary == "Reserved"
    assert not parsed.skips


def test_missing_dtend_is_one_night_and_duration_is_honoured():
    assert nights(vcalendar("UID:a\nDTSTART;VALUE=DATE:20300610")) == [d(9)]
    assert nights(vcalendar("UID:a\nDTSTART:20300610T150000Z")) == [d(9)]
    assert nights(vcalendar("UID:a\nDTSTART;VALUE=DATE:20300610\nDURATION:P3D")) == span(9, 12)
    assert nights(vcalendar("UID:a\nDTSTART:20300610T150000\nDURATION:P2DT20H")) == span(9, 12)


def test_timed_events_block_from_their_start_date_to_their_end_date():
    # Check-in 15:00, check-out 11:00 two days later: two nights.
    assert nights(vcalendar("UID:a\nDTSTART:20300610T150000\nDTEND:20300612T110000")) == span(9, 11)
    # A daytime event (maintenance) still blocks the night of its day.
    assert nights(vcalendar("UID:a\nDTSTART:20300610T090000\nDTEND:20300610T170000")) == [d(9)]
    # Midnight to midnight is exactly one night.
    assert nights(vcalendar("UID:a\nDTSTART:20300610T000000\nDTEND:20300611T000000")) == [d(9)]
    # An end before the start (a broken export) still blocks the start night.
    assert nights(vcalendar("UID:a\nDTSTART:20300610T150000\nDTEND:20300601T110000")) == [d(9)]


def test_timed_events_are_read_in_the_listings_time_zone():
    late_utc = vcalendar("UID:a\nDTSTART:20300610T230000Z\nDTEND:20300612T090000Z")
    assert nights(late_utc, "UTC") == span(9, 11)
    # In Paris that is 01:00 on the 11th to 11:00 on the 12th: one night.
    assert nights(late_utc, "Europe/Paris") == [d(10)]
    assert nights(late_utc, "America/New_York") == span(9, 11)
    with_tzid = vcalendar(
        "UID:a\nDTSTART;TZID=Asia/Tokyo:20300610T080000\nDTEND;TZID=Asia/Tokyo:20300611T080000"
    )
    # 16:00 on the 9th to 16:00 on the 10th, Los Angeles time.
    assert nights(with_tzid, "America/Los_Angeles") == [d(8)]


def test_past_and_far_events_are_clipped_to_the_horizon():
    body = vcalendar(
        "UID:past\nDTSTART;VALUE=DATE:20300501\nDTEND;VALUE=DATE:20300510",
        "UID:straddle\nDTSTART;VALUE=DATE:20300530\nDTEND;VALUE=DATE:20300603",
        "UID:far\nDTSTART;VALUE=DATE:20300705\nDTEND;VALUE=DATE:20400101",
        "UID:huge\nDTSTART;VALUE=DATE:00010101\nDTEND;VALUE=DATE:99991231",
    )
    parsed = parse_feed(body, tz=UTC_ZONE, today=TODAY, horizon_days=40)
    assert sorted(parsed.nights) == span(0, 40)  # the huge event covers today..horizon only
    assert parsed.nights[d(0)].uid == "huge"  # earliest start wins a shared night
    assert all(n < d(40) for n in parsed.nights)
    only_past = vcalendar("UID:past\nDTSTART;VALUE=DATE:20300501\nDTEND;VALUE=DATE:20300510")
    assert nights(only_past) == []


def test_cancelled_events_are_ignored_and_odd_ones_reported():
    body = vcalendar(
        "UID:gone\nSTATUS:CANCELLED\nDTSTART;VALUE=DATE:20300610\nDTEND;VALUE=DATE:20300612",
        "UID:nostart\nSUMMARY:No start",
        "UID:badstart\nDTSTART:garbage",
        "UID:badend\nDTSTART;VALUE=DATE:20300620\nDTEND;VALUE=DATE:garbage",
        "UID:weekly\nDTSTART;VALUE=DATE:20300625\nDTEND;VALUE=DATE:20300626\nRRULE:FREQ=WEEKLY",
        "SUMMARY:no uid\nDTSTART;VALUE=DATE:20300627",
    )
    parsed = parse_feed(body, tz=UTC_ZONE, today=TODAY)
    assert sorted(parsed.nights) == [d(19), d(24), d(26)]
    assert parsed.nights[d(26)].uid == ""
    # Counted, never quoted: the feed's own text does not reach the host's lastError.
    assert parsed.skips == {"skipped": 2, "open_ended": 1, "repeating": 1}


def test_long_uid_and_summary_are_clipped_to_their_columns():
    body = vcalendar(f"UID:{'u' * 400}\nSUMMARY:{'s' * 400}\nDTSTART;VALUE=DATE:20300610")
    event = parse_feed(body, tz=UTC_ZONE, today=TODAY).nights[d(9)]
    assert len(event.uid) == 255 and len(event.summary) == 255


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"garbage",
        b"<!DOCTYPE html><html><body>Please sign in</body></html>",
        b'{"error": "not found"}',
        b"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20300610\r\nEND:VEVENT\r\n",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2030",  # truncated
        # Found by fuzzing: icalendar itself fails with an AttributeError on this one.
        b"BEGIN:V&ALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DA,E:20300610\r\nEND#VEVENT\r\nEND:VCALENDAR\r\n",
    ],
    ids=["empty", "garbage", "html", "json", "bare-vevent", "truncated", "crashes-icalendar"],
)
def test_anything_but_a_vcalendar_is_an_invalid_feed(body):
    with pytest.raises(InvalidFeed):
        parse_feed(body, tz=UTC_ZONE, today=TODAY)


def test_an_empty_calendar_is_valid_and_frees_everything():
    assert nights(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nEND:VCALENDAR\r\n") == []


def test_group_runs_merges_consecutive_nights_of_one_kind():
    assert group_runs([]) == []
    pairs = [
        (d(5), NOT_AVAILABLE),
        (d(1), NOT_AVAILABLE),
        (d(2), NOT_AVAILABLE),
        (d(3), RESERVED),
        (d(4), RESERVED),
        (d(2), NOT_AVAILABLE),  # duplicates and any order are fine
        (d(9), RESERVED),
    ]
    assert group_runs(pairs) == [
        Run(d(1), d(3), NOT_AVAILABLE),
        Run(d(3), d(5), RESERVED),
        Run(d(5), d(6), NOT_AVAILABLE),
        Run(d(9), d(10), RESERVED),
    ]


def test_built_calendar_parses_back_with_stable_uids():
    runs = [Run(d(1), d(3), NOT_AVAILABLE), Run(d(3), d(4), RESERVED)]
    first = build_calendar(runs, uid_seed="listing-1", name="Roost: Flat")
    later = build_calendar(runs, uid_seed="listing-1", now=datetime(2031, 1, 1, tzinfo=UTC))
    other = build_calendar(runs, uid_seed="listing-2")
    cal = Calendar.from_ical(first)
    assert str(cal["PRODID"]) == "-//Roost//Calendar sync//EN" and str(cal["VERSION"]) == "2.0"
    events = cal.walk("VEVENT")
    assert [(e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"])) for e in events] == [
        (d(1), d(3), NOT_AVAILABLE),
        (d(3), d(4), RESERVED),
    ]
    assert all(type(e["DTSTART"].dt) is date for e in events)  # VALUE=DATE: all-day
    assert b"DTSTART;VALUE=DATE:" in first and b"DTSTAMP:" in first
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 2
    assert uids == [str(e["UID"]) for e in Calendar.from_ical(later).walk("VEVENT")]
    assert not set(uids) & {str(e["UID"]) for e in Calendar.from_ical(other).walk("VEVENT")}
    assert "listing-1" not in first.decode()


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.airbnb.com/calendar/ical/123.ics?s=abc", True),
        ("http://example.com/cal.ics", True),
        ("HTTPS://EXAMPLE.COM/cal.ics", True),
        ("ftp://example.com/cal.ics", False),
        ("webcal://example.com/cal.ics", False),
        ("javascript:alert(1)", False),
        ("example.com/cal.ics", False),
        ("https:///cal.ics", False),
        ("https://exa mple.com/cal.ics", False),
        ("http://example.com:99999/cal.ics", False),
        ("", False),
        ("https://example.com/" + "a" * 2000, False),
    ],
)
def test_feed_urls_must_be_absolute_http(url, ok):
    assert (feed_url_problem(url) is None) is ok


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.10", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("not an address", False),
    ],
)
def test_only_public_addresses_may_be_fetched_in_production(address, public):
    assert is_public_address(address) is public
