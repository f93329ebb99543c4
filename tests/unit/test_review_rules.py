"""The pure rules of reviews (models/reviews.py) and of rating figures (models/ratings.py)."""

from __future__ import annotations

import itertools
import math
import statistics
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import DomainError, ErrorCode
from models.ratings import (
    HostRecord,
    TopHostRule,
    average,
    bayesian_score,
    cancellation_rate,
    is_top_host,
    mean_interval,
    t95,
)
from models.reviews import (
    CATEGORIES,
    MAX_TEXT,
    MIN_TEXT,
    MODERATION,
    MOVES,
    ModerationMove,
    ReviewSide,
    ReviewStatus,
    check_note,
    check_ratings,
    check_text,
    mail_due,
    moderate,
    released_status,
    window_closes_at,
)

GUEST = {
    "overall": 5,
    "cleanliness": 5,
    "accuracy": 4,
    "check_in": 5,
    "communication": 5,
    "location": 4,
    "value": 3,
}
HOST = {"overall": 4, "house_rules": 5, "communication": 4, "cleanliness": 5}


def refused(call: object, *args: object, **kwargs: object) -> DomainError:
    assert callable(call)
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return caught.value


# ---- ratings ----------------------------------------------------------------------------------------


def test_each_side_rates_overall_and_exactly_its_categories():
    assert check_ratings(ReviewSide.GUEST, GUEST) == GUEST
    assert check_ratings(ReviewSide.HOST, HOST) == HOST
    # Fields left None (a GraphQL input's unset ones) are not ratings at all.
    assert check_ratings(ReviewSide.HOST, {**HOST, "accuracy": None, "value": None}) == HOST


@pytest.mark.parametrize("side, ratings", [(ReviewSide.GUEST, GUEST), (ReviewSide.HOST, HOST)])
def test_every_missing_rating_is_refused_with_its_name(side, ratings):
    for name in ratings:
        error = refused(check_ratings, side, {k: v for k, v in ratings.items() if k != name})
        assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, name)
        error = refused(check_ratings, side, {**ratings, name: None})
        assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, name)


def test_the_other_sides_category_is_refused():
    for name in ("house_rules",):
        error = refused(check_ratings, ReviewSide.GUEST, {**GUEST, name: 5})
        assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, name)
    for name in ("accuracy", "check_in", "location", "value"):
        error = refused(check_ratings, ReviewSide.HOST, {**HOST, name: 5})
        assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, name)
    error = refused(check_ratings, ReviewSide.HOST, {**HOST, "stars": 5})  # no such rating at all
    assert error.field == "stars"


@pytest.mark.parametrize("value", [0, 6, -1, 100])
def test_a_rating_outside_1_to_5_is_refused(value):
    for name in GUEST:
        error = refused(check_ratings, ReviewSide.GUEST, {**GUEST, name: value})
        assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, name)


def test_every_rating_from_1_to_5_is_accepted():
    for value in range(1, 6):
        assert check_ratings(ReviewSide.HOST, dict.fromkeys(HOST, value)) == dict.fromkeys(HOST, value)


def test_an_edit_rates_only_what_it_changes():
    assert check_ratings(ReviewSide.GUEST, {"value": 2}, partial=True) == {"value": 2}
    assert check_ratings(ReviewSide.GUEST, {"overall": None}, partial=True) == {}
    # Partial is not lax: the other side's category and the range still hold.
    assert refused(check_ratings, ReviewSide.GUEST, {"house_rules": 4}, partial=True).field == "house_rules"
    assert refused(check_ratings, ReviewSide.HOST, {"overall": 6}, partial=True).field == "overall"


def test_the_categories_of_both_sides():
    assert CATEGORIES[ReviewSide.GUEST] == (
        "cleanliness", "accuracy", "check_in", "communication", "location", "value"
    )  # fmt: skip
    assert CATEGORIES[ReviewSide.HOST] == ("house_rules", "communication", "cleanliness")


# ---- text ---------------------------------------------------------------------------------------------


def test_text_is_20_to_2000_characters_after_trimming():
    assert (MIN_TEXT, MAX_TEXT) == (20, 2000)
    assert check_text("x" * 20) == "x" * 20
    assert check_text("x" * 2000) == "x" * 2000
    assert check_text("   " + "x" * 20 + "\n ") == "x" * 20
    for text in ("x" * 19, "x" * 2001, "  " + "x" * 19 + "    ", "", " " * 40):
        error = refused(check_text, text)
        assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "text")
    assert refused(check_text, "short", "response").field == "response"


def test_text_keeps_newlines_and_tabs_but_no_other_control_character():
    text = "Great stay.\nClean and\tquiet, would return."
    assert check_text(text) == text
    for control in ("\x00", "\x07", "\x1b", "\r", "\x7f"):
        error = refused(check_text, f"Great stay, clean{control} and quiet.")
        assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "text")
        assert "control" in error.message


def test_a_note_has_a_limit_and_may_be_required():
    assert check_note("", "private_note", limit=10) == ""
    assert check_note("  hello  ", "private_note", limit=5) == "hello"
    assert refused(check_note, "x" * 11, "private_note", limit=10).field == "private_note"
    error = refused(check_note, "   ", "reason", limit=10, required=True)
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "reason")
    assert check_note("spam", "reason", limit=10, required=True) == "spam"
    assert refused(check_note, "bad\x00note", "note", limit=100).field == "note"


# ---- status moves ---------------------------------------------------------------------------------------


def test_the_blind_ends_published_or_held():
    assert released_status([]) is ReviewStatus.PUBLISHED
    assert released_status(["phone"]) is ReviewStatus.HELD
    assert released_status(["offensive", "url"]) is ReviewStatus.HELD


EXPECTED_MODERATION = {
    # (move, from, open reports > 0): the status reached, or None for INVALID_TRANSITION
    (ModerationMove.HIDE, ReviewStatus.PUBLISHED, False): ReviewStatus.HIDDEN,
    (ModerationMove.HIDE, ReviewStatus.PUBLISHED, True): ReviewStatus.HIDDEN,
    (ModerationMove.HIDE, ReviewStatus.HELD, False): ReviewStatus.HIDDEN,
    (ModerationMove.HIDE, ReviewStatus.HELD, True): ReviewStatus.HIDDEN,
    (ModerationMove.HIDE, ReviewStatus.HIDDEN, False): None,
    (ModerationMove.HIDE, ReviewStatus.HIDDEN, True): None,
    (ModerationMove.HIDE, ReviewStatus.PENDING, False): None,
    (ModerationMove.HIDE, ReviewStatus.PENDING, True): None,
    (ModerationMove.RESTORE, ReviewStatus.HIDDEN, False): ReviewStatus.PUBLISHED,
    (ModerationMove.RESTORE, ReviewStatus.HIDDEN, True): ReviewStatus.PUBLISHED,
    (ModerationMove.RESTORE, ReviewStatus.HELD, False): ReviewStatus.PUBLISHED,
    (ModerationMove.RESTORE, ReviewStatus.HELD, True): ReviewStatus.PUBLISHED,
    # A published review stands: restoring it dismisses its reports; without any, nothing to do.
    (ModerationMove.RESTORE, ReviewStatus.PUBLISHED, True): ReviewStatus.PUBLISHED,
    (ModerationMove.RESTORE, ReviewStatus.PUBLISHED, False): None,
    (ModerationMove.RESTORE, ReviewStatus.PENDING, False): None,
    (ModerationMove.RESTORE, ReviewStatus.PENDING, True): None,
}


def test_the_moderation_table_whole():
    combos = set(itertools.product(ModerationMove, ReviewStatus, (False, True)))
    assert set(EXPECTED_MODERATION) == combos
    for (move, status, reported), expected in EXPECTED_MODERATION.items():
        if expected is None:
            error = refused(moderate, move, status, 1 if reported else 0)
            assert (error.code, error.field) == (ErrorCode.INVALID_TRANSITION, "review_id"), (move, status)
        else:
            assert moderate(move, status, 3 if reported else 0) is expected, (move, status, reported)


def test_every_moderation_move_is_an_allowed_status_move():
    for (_, before), after in MODERATION.items():
        assert before == after or (before, after) in MOVES
    # Nothing goes back to pending, and a published review is never held.
    assert all(after is not ReviewStatus.PENDING for _, after in MOVES)
    assert (ReviewStatus.PUBLISHED, ReviewStatus.HELD) not in MOVES


def test_the_window_closes_14_days_after_check_out():
    ends = datetime(2026, 3, 28, 10, 0, tzinfo=UTC)  # across a DST change elsewhere: UTC days
    assert window_closes_at(ends, 14) == datetime(2026, 4, 11, 10, 0, tzinfo=UTC)
    assert window_closes_at(ends, 1) - ends == timedelta(days=1)


# ---- rating figures -----------------------------------------------------------------------------------


def test_average():
    assert average(0, 0) is None
    assert average(9, 2) == 4.5


def test_one_five_star_review_ranks_below_fifty_4_9s():
    fifty = 45 * 5 + 5 * 4  # fifty reviews averaging 4.9
    assert fifty / 50 == 4.9
    one = bayesian_score(5, 1, prior_mean=4.5, prior_weight=10)
    many = bayesian_score(fifty, 50, prior_mean=4.5, prior_weight=10)
    assert one == pytest.approx(50 / 11)
    assert many == pytest.approx(290 / 60)
    assert one < many < 4.9


def test_the_score_without_reviews_or_prior():
    assert bayesian_score(0, 0, prior_mean=4.5, prior_weight=10) == 4.5
    assert bayesian_score(0, 0, prior_mean=4.2, prior_weight=0) == 4.2
    assert bayesian_score(9, 2, prior_mean=3.0, prior_weight=0) == 4.5  # no prior: the plain mean
    # More reviews of the same mean pull further from the prior.
    assert bayesian_score(40, 10, 3.0, 10) < bayesian_score(400, 100, 3.0, 10) < 4.0


def sums(ratings: list[int]) -> tuple[int, int, int]:
    return len(ratings), sum(ratings), sum(r * r for r in ratings)


def test_the_interval_is_students_t_with_the_sample_variance():
    ratings = [4, 4, 5, 4, 4, 5, 4, 4, 4, 4]
    half = 2.262 * statistics.stdev(ratings) / math.sqrt(len(ratings))  # t(0.975, 9) = 2.262
    low, high = mean_interval(*sums(ratings)) or (0.0, 0.0)
    assert low == pytest.approx(statistics.mean(ratings) - half)
    assert high == pytest.approx(statistics.mean(ratings) + half)
    assert (low, high) == pytest.approx((3.8984, 4.5016), abs=1e-4)


def test_the_interval_uses_the_right_degrees_of_freedom():
    assert (t95(1), t95(4), t95(30), t95(31), t95(1000)) == (12.706, 2.776, 2.042, 1.96, 1.96)
    ratings = [5, 4, 4, 3, 4, 4]
    half = 2.571 * statistics.stdev(ratings) / math.sqrt(6)
    assert mean_interval(*sums(ratings)) == pytest.approx((4 - half, 4 + half))


def test_no_interval_under_two_reviews_and_none_wide_for_equal_ones():
    assert mean_interval(0, 0, 0) is None
    assert mean_interval(1, 5, 25) is None
    assert mean_interval(*sums([4, 4, 4])) == (4.0, 4.0)


def test_the_interval_is_clipped_to_the_scale():
    low, high = mean_interval(*sums([1, 1, 2])) or (0.0, 0.0)
    assert low == 1.0 and high == pytest.approx(4 / 3 + 4.303 * statistics.stdev([1, 1, 2]) / math.sqrt(3))
    low, high = mean_interval(*sums([5, 5, 4])) or (0.0, 0.0)
    assert high == 5.0 and low < 14 / 3
    assert mean_interval(*sums([1, 5])) == (1.0, 5.0)


# ---- top host ----------------------------------------------------------------------------------------


def record(**changes: object) -> HostRecord:
    values: dict[str, object] = {
        "rating": 4.8,
        "reviews": 12,
        "completed_stays": 10,
        "host_cancellations": 0,
        "response_rate": None,
    }
    return HostRecord(**{**values, **changes})  # type: ignore[arg-type]


def test_cancellation_rate():
    assert cancellation_rate(record(completed_stays=0, host_cancellations=0)) == 0.0
    assert cancellation_rate(record(completed_stays=99, host_cancellations=1)) == 0.01
    assert cancellation_rate(record(completed_stays=0, host_cancellations=2)) == 1.0


def test_top_host_at_the_thresholds():
    rule = TopHostRule()
    assert (rule.min_rating, rule.min_stays, rule.max_cancellation_rate) == (4.8, 10, 0.01)
    assert is_top_host(record(), rule)  # exactly at each threshold, no response rate measured
    assert is_top_host(record(rating=5.0, completed_stays=300, host_cancellations=2), rule)  # 2/302 < 1%


@pytest.mark.parametrize(
    "changes",
    [
        {"rating": None},
        {"rating": 4.79},
        {"completed_stays": 9},
        {"completed_stays": 99, "host_cancellations": 1},  # exactly 1%: not under it
        {"completed_stays": 10, "host_cancellations": 1},
        {"response_rate": 0.89},
    ],
)
def test_top_host_refused_below_a_threshold(changes):
    assert not is_top_host(record(**changes), TopHostRule())


def test_an_unmeasured_response_rate_is_ignored_and_a_measured_one_counts():
    rule = TopHostRule()
    assert is_top_host(record(response_rate=None), rule)
    assert is_top_host(record(response_rate=0.9), rule)
    assert not is_top_host(record(response_rate=0.5), rule)
    assert not is_top_host(record(response_rate=0.95), TopHostRule(min_response_rate=0.99))


# ---- which review email a side is owed ----------------------------------------------------------

CLOSES = datetime(2027, 3, 15, 11, 0, tzinfo=UTC)


def test_the_request_goes_first_whenever_it_is_owed() -> None:
    assert mail_due(CLOSES - timedelta(days=14), CLOSES, 3, None) == "request"
    assert mail_due(CLOSES - timedelta(hours=1), CLOSES, 3, None) == "request"


def test_the_reminder_comes_in_the_last_days_after_an_earlier_request() -> None:
    asked = CLOSES - timedelta(days=13)
    assert mail_due(CLOSES - timedelta(days=3, seconds=1), CLOSES, 3, asked) is None
    assert mail_due(CLOSES - timedelta(days=3), CLOSES, 3, asked) == "reminder"
    # A request that itself went out in the last days already said the deadline.
    assert mail_due(CLOSES - timedelta(days=1), CLOSES, 3, CLOSES - timedelta(days=2)) is None


def test_nothing_is_owed_once_the_window_closed() -> None:
    assert mail_due(CLOSES, CLOSES, 3, None) is None
    assert mail_due(CLOSES, CLOSES, 3, CLOSES - timedelta(days=10)) is None
