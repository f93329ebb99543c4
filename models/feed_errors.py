"""A calendar feed's sync outcome as a fixed code and its words: nothing fetched is ever repeated."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FeedErrorReason(StrEnum):
    """Why a calendar feed's last sync failed: a fixed set, so nothing fetched is ever repeated."""

    UNREACHABLE = "unreachable"  # no connection, not a public address, redirect loop, broken download
    HTTP_STATUS = "http_status"  # the server answered with an error status
    NOT_A_CALENDAR = "not_a_calendar"  # the body is not an iCalendar file
    TOO_LARGE = "too_large"
    TIMED_OUT = "timed_out"


FEED_ERROR_MESSAGES = {
    FeedErrorReason.UNREACHABLE: "The calendar server could not be reached.",
    FeedErrorReason.HTTP_STATUS: "The calendar server answered with an error (HTTP {status}).",
    FeedErrorReason.NOT_A_CALENDAR: "The address did not return an iCalendar file.",
    FeedErrorReason.TOO_LARGE: "The calendar is too large to import.",
    FeedErrorReason.TIMED_OUT: "The calendar server did not answer in time.",
}
# What a good sync may skip (counted by core.ical.parse_feed), in the order reported.
FEED_SKIP_MESSAGES = {
    "skipped": "{n} event(s) skipped: no readable start date.",
    "open_ended": "{n} event(s) with an unreadable end: one night imported for each.",
    "repeating": "{n} repeating event(s): only the first occurrence imported.",
}


@dataclass(frozen=True)
class FeedReport:
    reason: FeedErrorReason | None
    http_status: int | None
    message: str


def feed_failure_code(reason: FeedErrorReason, http_status: int | None = None) -> str:
    return f"{reason.value}:{http_status}" if reason is FeedErrorReason.HTTP_STATUS else reason.value


def feed_skips_code(counts: dict[str, int]) -> str:
    return " ".join(f"{name}:{counts[name]}" for name in FEED_SKIP_MESSAGES if counts.get(name))


def feed_report(last_status: str, code: str) -> FeedReport:
    """A feed's stored status and code, in words. Built only from our own fixed phrases and
    numbers: a code that does not parse (text stored by an older version) is never shown."""
    if last_status == "error":
        name, _, status = code.partition(":")
        try:
            reason = FeedErrorReason(name)
        except ValueError:
            return FeedReport(None, None, "The last sync failed.")
        http_status = int(status) if reason is FeedErrorReason.HTTP_STATUS and status.isdigit() else None
        return FeedReport(reason, http_status, FEED_ERROR_MESSAGES[reason].format(status=http_status or "?"))
    words = []
    for part in code.split():
        name, _, count = part.partition(":")
        if name in FEED_SKIP_MESSAGES and count.isdigit():
            words.append(FEED_SKIP_MESSAGES[name].format(n=int(count)))
    return FeedReport(None, None, " ".join(words))
