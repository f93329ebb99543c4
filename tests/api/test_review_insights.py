"""Review insights and host standing through GraphQL: reviewInsights for the listing's host and
admins only, the top host badge on users and listings, and User.standing's private figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.metrics import count_queries
from models.ratings import month_of
from models.review_text import sentiment
from models.reviews import ListingTopic
from resolvers.review_insights import rank_hosts
from tests.booking_helpers import make_listing
from tests.conftest import create_user, sign_in
from tests.integration.test_review_jobs import NEGATIVE, POSITIVE, Stays
from tests.listing_helpers import gid

INSIGHTS = """query($id: ID!) { reviewInsights(listingId: $id) {
  months { month reviews sentiment overall }
  positiveTopics { phrase count } negativeTopics { phrase count } topicsComputedAt } }"""
STANDING = """query($id: ID!) { user(id: $id) { topHost standing {
  rating reviews completedStays hostCancellations cancellationRate responseRate topHost computedAt } } }"""


def month_start(now: datetime, back: int) -> datetime:
    year, month = now.year, now.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return datetime(year, month, 1, tzinfo=UTC)


async def host_signed_in(gql, stays: Stays, email: str = "host@example.com") -> None:
    from models.users import User

    await User.filter(id=stays.host_id).update(email=email)
    await sign_in(gql, email)


async def test_the_host_sees_sentiment_by_month_and_topics(gql):
    now = datetime.now(UTC)
    stays = await Stays.new()
    this_month = month_start(now, 0)  # its first instant: never after now
    two_ago = month_start(now, 2) + timedelta(days=10)
    await stays.reviewed([5], [POSITIVE[0]], published_at=this_month)
    await stays.reviewed([5, 2], [POSITIVE[1], NEGATIVE[0]], published_at=two_ago)
    await stays.reviewed([1], [NEGATIVE[1]], published_at=month_start(now, 12))  # before the 12 months
    computed = now - timedelta(hours=3)
    for phrase, polarity, count in [
        ("street noise", "negative", 2),
        ("great location", "positive", 2),
        ("spotless kitchen", "positive", 3),
        ("great", "positive", 2),
    ]:
        await ListingTopic.create(
            listing_id=stays.listing.id, phrase=phrase, polarity=polarity, count=count, computed_at=computed
        )
    await host_signed_in(gql, stays)

    data = (await gql.ok(INSIGHTS, {"id": gid("Listing", stays.listing.id)}))["reviewInsights"]
    months = data["months"]
    assert [m["month"] for m in months] == [month_of(month_start(now, back)) for back in range(11, -1, -1)]
    assert months[-1]["reviews"] == 1
    assert months[-1]["overall"] == 5.0
    assert months[-1]["sentiment"] == pytest.approx(sentiment(POSITIVE[0]))
    assert months[-3]["reviews"] == 2
    assert months[-3]["overall"] == 3.5
    assert months[-3]["sentiment"] == pytest.approx((sentiment(POSITIVE[1]) + sentiment(NEGATIVE[0])) / 2)
    empty = [m for i, m in enumerate(months) if i not in (9, 11)]
    assert all(m == {"month": m["month"], "reviews": 0, "sentiment": None, "overall": None} for m in empty)
    assert data["positiveTopics"] == [
        {"phrase": "spotless kitchen", "count": 3},
        {"phrase": "great", "count": 2},
        {"phrase": "great location", "count": 2},
    ]
    assert data["negativeTopics"] == [{"phrase": "street noise", "count": 2}]
    assert datetime.fromisoformat(data["topicsComputedAt"]) == computed


async def test_insights_are_not_found_for_others_and_open_to_admins(gql):
    stays = await Stays.new()
    await stays.reviewed([4])
    listing_id = gid("Listing", stays.listing.id)

    anonymous = await gql(INSIGHTS, {"id": listing_id})
    assert anonymous["data"] is None and anonymous["errors"]

    await make_listing(await create_user("other-host@example.com", is_host=True))
    for email in ("other-host@example.com", stays.guest.email):
        await sign_in(gql, email)
        body = await gql(INSIGHTS, {"id": listing_id})
        assert body["data"] is None
        [error] = body["errors"]
        assert error["extensions"] == {"code": "NOT_FOUND", "field": "listingId"}
        # A listing id that does not exist answers the same: ids cannot be probed.
        missing = await gql(INSIGHTS, {"id": gid("Listing", "00000000-0000-4000-8000-000000000000")})
        assert missing["errors"][0]["extensions"] == error["extensions"]

    await create_user("admin@example.com", is_admin=True)
    await sign_in(gql, "admin@example.com")
    data = (await gql.ok(INSIGHTS, {"id": listing_id}))["reviewInsights"]
    assert data["months"][-1]["reviews"] == 1


async def test_the_badge_and_the_standing_after_ranking(gql):
    top = await Stays.new()
    await top.reviewed([5] * 10)
    plain = await Stays.new()
    await plain.reviewed([4, 5])
    await top.host_cancellation(datetime.now(UTC) - timedelta(days=400))  # out of the period
    now = datetime.now(UTC)
    await rank_hosts(now)

    listing = """query($id: ID!) { listing(id: $id) { hostIsTopHost host { topHost } } }"""
    for stays, expected in ((top, True), (plain, False)):
        data = (await gql.ok(listing, {"id": gid("Listing", stays.listing.id)}))["listing"]
        assert data == {"hostIsTopHost": expected, "host": {"topHost": expected}}

    # A stranger sees the public figures; the cancellation figures are the host's and admins'.
    public = (await gql.ok(STANDING, {"id": gid("User", top.host_id)}))["user"]
    assert public["topHost"] is True
    assert public["standing"] == {
        "rating": 5.0,
        "reviews": 10,
        "completedStays": 10,
        "hostCancellations": None,
        "cancellationRate": None,
        "responseRate": None,  # not measured until messaging exists
        "topHost": True,
        "computedAt": public["standing"]["computedAt"],
    }
    assert datetime.fromisoformat(public["standing"]["computedAt"]) == now

    await host_signed_in(gql, top)
    own = (await gql.ok(STANDING, {"id": gid("User", top.host_id)}))["user"]["standing"]
    assert (own["hostCancellations"], own["cancellationRate"]) == (0, 0.0)
    guest = (await gql.ok(STANDING, {"id": gid("User", top.guest.id)}))["user"]
    assert guest == {"topHost": False, "standing": None}  # never ranked as a host


async def test_a_page_of_listings_with_the_badge_costs_no_query_per_listing(gql):
    for i in range(8):
        host = await create_user(f"h{i}@example.com", is_host=True, first_name="Hana")
        await make_listing(host, title=f"Canal loft {i}", nightly_price=10000 + i)
    stays = await Stays.new(await make_listing(title="Canal loft top", nightly_price=9000))
    await stays.reviewed([5] * 10)
    await rank_hosts()

    query = """query($first: Int!) { searchListings(filter: {city: "amsterdam"}, first: $first, sort: PRICE_ASC) {
      edges { node { id hostIsTopHost } } } }"""
    counts = []
    for first in (3, 9):
        with count_queries() as queries:
            data = await gql.ok(query, {"first": first})
        edges = data["searchListings"]["edges"]
        assert len(edges) == first
        assert [e["node"]["hostIsTopHost"] for e in edges] == [True] + [False] * (first - 1)
        counts.append(queries.value)
    assert counts[0] == counts[1]
