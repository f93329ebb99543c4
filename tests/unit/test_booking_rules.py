"""Booking lifecycle and stay rules (models.bookings, models.stay_rules): pure rules, no database.

The expected transitions below are written out by hand from the issue, not read from TRANSITIONS,
so a change to the table that the issue does not allow fails here.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import DomainError, ErrorCode
from models.bookings import (
    REASONS_FROM,
    TRANSITIONS,
    BookingAction,
    BookingStatus,
    CancelReason,
    InvalidTransition,
    local_moment,
    next_status,
    night_starts,
)
from models.listings import Listing, ListingStatus
from models.pricing import Rate
from models.stay_rules import MAX_DAYS_AHEAD, bookable, check_stay, min_nights_for

pure = settings(deadline=None, max_examples=200)

S, A, R = BookingStatus, BookingAction, CancelReason

# ---- the state machine ----------------------------------------------------------------------------

EXPECTED: dict[tuple[BookingStatus, BookingAction], BookingStatus] = {
    (S.PENDING, A.CONFIRM): S.CONFIRMED,
    (S.PENDING, A.CANCEL): S.CANCELLED,
    (S.CONFIRMED, A.START): S.IN_PROGRESS,
    (S.CONFIRMED, A.CANCEL): S.CANCELLED,
    (S.IN_PROGRESS, A.COMPLETE): S.COMPLETED,
    (S.IN_PROGRESS, A.CANCEL): S.CANCELLED,
}
# Which reasons may end a booking in which state.
REASON_STATES: dict[CancelReason, set[BookingStatus]] = {
    R.GUEST_CANCELLED: {S.PENDING, S.CONFIRMED, S.IN_PROGRESS},
    R.ADMIN: {S.PENDING, S.CONFIRMED, S.IN_PROGRESS},
    R.DECLINED: {S.PENDING},
    R.EXPIRED: {S.PENDING},
    R.HOST_CANCELLED: {S.CONFIRMED, S.IN_PROGRESS},
    R.PAYMENT_FAILED: {S.PENDING, S.CONFIRMED},  # never paid, or a scheduled balance failed for good
}
ALL_PAIRS = list(itertools.product(BookingStatus, BookingAction))


def test_enums_are_what_the_table_covers() -> None:
    assert len(ALL_PAIRS) == 20
    assert set(TRANSITIONS) == set(EXPECTED)
    assert {r: set(s) for r, s in REASONS_FROM.items()} == REASON_STATES


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS)
def test_every_status_action_pair(status: BookingStatus, action: BookingAction) -> None:
    reason = R.ADMIN if action is A.CANCEL else None  # ADMIN fits any active booking
    if (status, action) in EXPECTED:
        assert next_status(status, action, reason) is EXPECTED[(status, action)]
    else:
        with pytest.raises(InvalidTransition) as caught:
            next_status(status, action, reason)
        assert caught.value.current is status
        assert caught.value.action is action
        assert status.value in str(caught.value) and action.value in str(caught.value)


@pytest.mark.parametrize("status", [S.COMPLETED, S.CANCELLED])
@pytest.mark.parametrize("action", list(BookingAction))
def test_completed_and_cancelled_are_terminal(status: BookingStatus, action: BookingAction) -> None:
    for reason in [None, *CancelReason]:
        with pytest.raises(InvalidTransition):
            next_status(status, action, reason)


@pytest.mark.parametrize(("status", "reason"), list(itertools.product(BookingStatus, CancelReason)))
def test_cancel_reason_fits_the_state(status: BookingStatus, reason: CancelReason) -> None:
    if status in REASON_STATES[reason]:
        assert next_status(status, A.CANCEL, reason) is S.CANCELLED
    else:
        with pytest.raises(InvalidTransition):
            next_status(status, A.CANCEL, reason)


@pytest.mark.parametrize("status", [S.PENDING, S.CONFIRMED, S.IN_PROGRESS])
def test_cancel_requires_a_reason(status: BookingStatus) -> None:
    with pytest.raises(ValueError, match="reason"):
        next_status(status, A.CANCEL)


@pytest.mark.parametrize(("status", "action"), [pair for pair in EXPECTED if pair[1] is not A.CANCEL])
@pytest.mark.parametrize("reason", list(CancelReason))
def test_other_actions_refuse_a_reason(
    status: BookingStatus, action: BookingAction, reason: CancelReason
) -> None:
    with pytest.raises(ValueError, match="reason"):
        next_status(status, action, reason)


def test_declined_and_expired_only_answer_a_request() -> None:
    for reason in (R.DECLINED, R.EXPIRED):
        assert next_status(S.PENDING, A.CANCEL, reason) is S.CANCELLED
        for status in (S.CONFIRMED, S.IN_PROGRESS):
            with pytest.raises(InvalidTransition):
                next_status(status, A.CANCEL, reason)


def test_host_cancelled_only_after_confirmation() -> None:
    with pytest.raises(InvalidTransition):
        next_status(S.PENDING, A.CANCEL, R.HOST_CANCELLED)
    assert next_status(S.CONFIRMED, A.CANCEL, R.HOST_CANCELLED) is S.CANCELLED
    assert next_status(S.IN_PROGRESS, A.CANCEL, R.HOST_CANCELLED) is S.CANCELLED


@pure
@given(st.lists(st.tuples(st.sampled_from(list(BookingAction)), st.sampled_from([None, *CancelReason]))))
def test_any_sequence_of_actions_stays_in_the_table(steps: list[tuple[BookingAction, Any]]) -> None:
    """Walking the machine with random actions: a terminal state is never left, and the only way
    to COMPLETED is PENDING -> CONFIRMED -> IN_PROGRESS -> COMPLETED."""
    status, path = S.PENDING, [S.PENDING]
    for action, reason in steps:
        try:
            status = next_status(status, action, reason)
        except (InvalidTransition, ValueError):
            continue
        assert path[-1] not in (S.COMPLETED, S.CANCELLED)
        path.append(status)
    if status is S.COMPLETED:
        assert path == [S.PENDING, S.CONFIRMED, S.IN_PROGRESS, S.COMPLETED]
    assert len(path) <= 4


# ---- local times ----------------------------------------------------------------------------------


def test_local_moment_in_the_listing_time_zone() -> None:
    winter = local_moment(date(2026, 1, 15), "15:00", "Europe/Paris")
    summer = local_moment(date(2026, 7, 15), "15:00", "Europe/Paris")
    assert winter.astimezone(UTC) == datetime(2026, 1, 15, 14, 0, tzinfo=UTC)
    assert summer.astimezone(UTC) == datetime(2026, 7, 15, 13, 0, tzinfo=UTC)
    assert local_moment(date(2026, 7, 15), "09:05", "America/New_York").astimezone(UTC) == datetime(
        2026, 7, 15, 13, 5, tzinfo=UTC
    )
    assert local_moment(date(2026, 7, 15), "00:00", "UTC") == datetime(2026, 7, 15, tzinfo=UTC)


def test_night_starts_one_per_night_across_a_clock_change() -> None:
    # Summer time starts in Paris on Sunday 29 March 2026: that day is 23 hours long.
    starts = night_starts(date(2026, 3, 28), date(2026, 3, 31), "15:00", "Europe/Paris")
    assert [s.astimezone(UTC) for s in starts] == [
        datetime(2026, 3, 28, 14, tzinfo=UTC),
        datetime(2026, 3, 29, 13, tzinfo=UTC),
        datetime(2026, 3, 30, 13, tzinfo=UTC),
    ]
    assert all(s.hour == 15 and s.minute == 0 for s in starts)
    assert night_starts(date(2026, 3, 28), date(2026, 3, 28), "15:00", "UTC") == []


@pure
@given(
    check_in=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    count=st.integers(0, 60),
    hhmm=st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02d}:{t[1]:02d}"),
)
def test_night_starts_in_utc_are_a_day_apart(check_in: date, count: int, hhmm: str) -> None:
    starts = night_starts(check_in, check_in + timedelta(days=count), hhmm, "UTC")
    assert len(starts) == count
    for i, start in enumerate(starts):
        assert start.date() == check_in + timedelta(days=i)
        assert f"{start.hour:02d}:{start.minute:02d}" == hhmm
        assert start.utcoffset() == timedelta(0)
    assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(starts))


# ---- stay rules -----------------------------------------------------------------------------------

TODAY = date(2026, 1, 10)


def make_listing(**fields: Any) -> Listing:
    values: dict[str, Any] = {
        "host_id": uuid4(),
        "title": "Canal house",
        "status": ListingStatus.PUBLISHED,
        "max_guests": 4,
        "min_nights": 2,
        "max_nights": 30,
    }
    values.update(fields)
    host_id = values.pop("host_id")
    listing = Listing(**values)
    # Set after construction: a model's foreign-key attributes are wired by Tortoise.init, which a
    # unit test (no database) never runs, so the constructor would drop `host_id`.
    listing.host_id = host_id
    return listing


def refusal(listing: Listing, check_in: date, check_out: date, guests: int = 2, **kwargs: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        check_stay(listing, check_in, check_out, guests, today=TODAY, **kwargs)
    return caught.value


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@pytest.mark.parametrize(
    ("check_in", "check_out", "guests", "code", "field"),
    [
        (day(5), day(5), 2, ErrorCode.INVALID_DATES, "check_out"),  # check-out not after check-in
        (day(5), day(3), 2, ErrorCode.INVALID_DATES, "check_out"),
        (day(-1), day(3), 2, ErrorCode.INVALID_DATES, "check_in"),  # in the past
        (day(-10), day(-5), 2, ErrorCode.INVALID_DATES, "check_in"),
        # 2 years
        (day(MAX_DAYS_AHEAD - 1), day(MAX_DAYS_AHEAD + 2), 2, ErrorCode.INVALID_DATES, "check_out"),
        (day(800), day(803), 2, ErrorCode.INVALID_DATES, "check_out"),
        (day(5), day(6), 2, ErrorCode.STAY_TOO_SHORT, "check_out"),  # 1 night, minimum 2
        (day(5), day(36), 2, ErrorCode.STAY_TOO_LONG, "check_out"),  # 31 nights, maximum 30
        (day(5), day(8), 0, ErrorCode.INVALID_INPUT, "guests"),
        (day(5), day(8), -1, ErrorCode.INVALID_INPUT, "guests"),
        (day(5), day(8), 5, ErrorCode.TOO_MANY_GUESTS, "guests"),  # maximum 4
    ],
)
def test_check_stay_refusals(
    check_in: date, check_out: date, guests: int, code: ErrorCode, field: str
) -> None:
    error = refusal(make_listing(), check_in, check_out, guests)
    assert error.code is code
    assert error.field == field
    assert error.message


@pytest.mark.parametrize(
    ("check_in", "check_out", "guests"),
    [
        (day(0), day(2), 1),  # today, the minimum stay, one guest
        (day(5), day(35), 4),  # the maximum stay, the most guests
        (day(MAX_DAYS_AHEAD - 2), day(MAX_DAYS_AHEAD + 1), 2),  # the last bookable night is 2 years ahead
    ],
)
def test_check_stay_accepts_the_limits(check_in: date, check_out: date, guests: int) -> None:
    assert check_stay(make_listing(), check_in, check_out, guests, today=TODAY) is None


def test_check_stay_prefixes_the_date_field() -> None:
    error = refusal(make_listing(), day(5), day(6), field="stays.2")
    assert (error.code, error.field) == (ErrorCode.STAY_TOO_SHORT, "stays.2.check_out")
    error = refusal(make_listing(), day(-1), day(6), field="stays.0")
    assert (error.code, error.field) == (ErrorCode.INVALID_DATES, "stays.0.check_in")


def test_seasonal_minimum_stay_overrides_the_listing() -> None:
    listing = make_listing(min_nights=2)
    high = Rate(day(10), day(20), nightly_price=20000, min_nights=5)
    low = Rate(day(30), day(40), nightly_price=8000, min_nights=1)
    plain = Rate(day(50), day(60), nightly_price=9000)  # no minimum of its own

    # Check-in inside the high season: 5 nights at least, even when the stay runs past the rate.
    error = refusal(listing, day(12), day(16), rates=[high])
    assert (error.code, error.field) == (ErrorCode.STAY_TOO_SHORT, "check_out")
    assert "5" in error.message
    check_stay(listing, day(12), day(17), 2, today=TODAY, rates=[high])
    check_stay(listing, day(18), day(23), 2, today=TODAY, rates=[high])
    # Check-in before the rate: the listing's minimum, though the stay runs into the rate.
    check_stay(listing, day(9), day(11), 2, today=TODAY, rates=[high])
    # The rate's end date is not covered.
    check_stay(listing, day(20), day(22), 2, today=TODAY, rates=[high])
    # A lower seasonal minimum overrides too.
    check_stay(listing, day(31), day(32), 2, today=TODAY, rates=[low])
    assert refusal(listing, day(29), day(30), rates=[low]).code is ErrorCode.STAY_TOO_SHORT
    # A rate without a minimum keeps the listing's.
    assert refusal(listing, day(51), day(52), rates=[plain]).code is ErrorCode.STAY_TOO_SHORT

    assert min_nights_for(listing, day(10), [high, low]) == 5
    assert min_nights_for(listing, day(19), [high, low]) == 5
    assert min_nights_for(listing, day(20), [high, low]) == 2
    assert min_nights_for(listing, day(35), [high, low]) == 1
    assert min_nights_for(listing, day(55), [plain]) == 2
    assert min_nights_for(listing, day(15), []) == 2


def test_rule_order_first_broken_rule_wins() -> None:
    listing = make_listing()
    # Past and too short and too many guests: the dates are reported first.
    assert refusal(listing, day(-1), day(0), 9).field == "check_in"
    # Too short and too many guests: the stay length first.
    assert refusal(listing, day(5), day(6), 9).code is ErrorCode.STAY_TOO_SHORT


@pure
@given(
    start=st.integers(-5, 800),
    count=st.integers(-3, 40),
    guests=st.integers(-1, 7),
)
def test_check_stay_matches_the_rules(start: int, count: int, guests: int) -> None:
    listing = make_listing()
    check_in, check_out = day(start), day(start + count)
    if count <= 0 or start < 0 or start + count > MAX_DAYS_AHEAD + 1:
        expected: tuple[ErrorCode, str] | None = (
            ErrorCode.INVALID_DATES,
            "check_in" if count > 0 and start < 0 else "check_out",
        )
    elif count < 2:
        expected = (ErrorCode.STAY_TOO_SHORT, "check_out")
    elif count > 30:
        expected = (ErrorCode.STAY_TOO_LONG, "check_out")
    elif guests < 1:
        expected = (ErrorCode.INVALID_INPUT, "guests")
    elif guests > 4:
        expected = (ErrorCode.TOO_MANY_GUESTS, "guests")
    else:
        expected = None
    if expected is None:
        check_stay(listing, check_in, check_out, guests, today=TODAY)
    else:
        error = refusal(listing, check_in, check_out, guests)
        assert (error.code, error.field) == expected


# ---- bookable -------------------------------------------------------------------------------------


def test_bookable_refuses_a_missing_listing_as_not_found() -> None:
    with pytest.raises(DomainError) as caught:
        bookable(None, uuid4())
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "listing_id")


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"status": ListingStatus.DRAFT}, ErrorCode.LISTING_NOT_PUBLISHED, "not published yet"),
        ({"status": ListingStatus.SUSPENDED}, ErrorCode.LISTING_SUSPENDED, "suspended"),
        ({"deleted_at": datetime(2026, 1, 1, tzinfo=UTC)}, ErrorCode.LISTING_DELETED, "deleted"),
    ],
    ids=["draft", "suspended", "deleted"],
)
def test_bookable_says_why_a_listing_takes_no_bookings(fields: dict, code: ErrorCode, words: str) -> None:
    with pytest.raises(DomainError) as caught:
        bookable(make_listing(**fields), uuid4())
    assert (caught.value.code, caught.value.field) == (code, "listing_id")
    assert words in caught.value.message


@pytest.mark.parametrize("status", [ListingStatus.PUBLISHED, ListingStatus.UNLISTED])
def test_bookable_refuses_the_hosts_own_listing(status: ListingStatus) -> None:
    listing = make_listing(status=status)
    with pytest.raises(DomainError) as caught:
        bookable(listing, listing.host_id)
    assert (caught.value.code, caught.value.field) == (ErrorCode.OWN_LISTING, "listing_id")


@pytest.mark.parametrize("status", [ListingStatus.PUBLISHED, ListingStatus.UNLISTED])
def test_published_and_unlisted_are_bookable(status: ListingStatus) -> None:
    listing = make_listing(status=status)
    assert bookable(listing, uuid4()) is listing


def test_deleted_beats_status_and_ownership() -> None:
    listing = make_listing(status=ListingStatus.DRAFT, deleted_at=datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(DomainError) as caught:
        bookable(listing, listing.host_id)
    assert caught.value.code is ErrorCode.LISTING_DELETED
