"""How long a booking request waits for the host: models.bookings.request_deadline."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from models.bookings import request_deadline

NOW = datetime(2027, 5, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(hours=24)


def test_a_request_waits_no_longer_than_check_in():
    assert request_deadline(NOW, NOW + timedelta(days=5), DAY) == NOW + timedelta(hours=24)
    assert request_deadline(NOW, NOW + timedelta(hours=5), DAY) == NOW + timedelta(hours=5)
    # Asked near (or after) check-in time on the day: the host still gets an hour.
    assert request_deadline(NOW, NOW + timedelta(minutes=10), DAY) == NOW + timedelta(hours=1)
    assert request_deadline(NOW, NOW - timedelta(hours=2), DAY) == NOW + timedelta(hours=1)


def test_the_ttl_is_the_longest_wait():
    assert request_deadline(NOW, NOW + timedelta(days=5), timedelta(hours=6)) == NOW + timedelta(hours=6)


@given(
    starts_in=st.integers(min_value=-10_000, max_value=100_000).map(lambda m: timedelta(minutes=m)),
    ttl_hours=st.integers(min_value=1, max_value=24 * 14),
)
def test_the_deadline_is_at_least_an_hour_and_at_most_the_ttl(starts_in: timedelta, ttl_hours: int):
    ttl = timedelta(hours=ttl_hours)
    deadline = request_deadline(NOW, NOW + starts_in, ttl)
    assert NOW + timedelta(hours=1) <= deadline <= NOW + ttl
    assert deadline <= max(NOW + starts_in, NOW + timedelta(hours=1))
