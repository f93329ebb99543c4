"""Search by rating (issue 12): sort RATING on the Bayesian-adjusted score, the minRating and
topHost filters, and result cards showing ratings and badges at a constant number of statements."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from strawberry.relay import from_base64

from core.metrics import count_queries
from core.settings import get_settings
from models.ratings import bayesian_score
from models.reviews import HostStanding
from resolvers.reviews import release_closed_windows, write_review
from tests.booking_helpers import make_listing
from tests.conftest import create_user, sign_in
from tests.review_helpers import GUEST_TEXT, completed_stay

SEARCH = """
query($filter: ListingSearchFilter, $sort: ListingSort, $first: Int, $after: String) {
  searchListings(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    edges {
      cursor
      node {
        id title hostIsTopHost
        rating { count average score distribution { stars count } }
      }
    }
    pageInfo { hasNextPage endCursor }
    facets { propertyTypes { value count } priceHistogram { count } }
  }
}"""

# A guest's categories, in the resolver's (Python) names.
CATEGORIES = {"cleanliness": 5, "accuracy": 5, "check_in": 5, "communication": 5, "location": 5, "value": 5}


class World:
    """Listings of one host reviewed by one guest (fast: one sign-up each)."""

    def __init__(self, host: Any, guest: Any) -> None:
        self.host, self.guest = host, guest
        self.next_start = -700  # each stay its own nights

    async def listing(self, title: str, stars: Sequence[int] = (), host: Any = None) -> Any:
        listing = await make_listing(host or self.host, title=title)
        for overall in stars:
            booking_id = await completed_stay(listing, self.guest, start=self.next_start)
            self.next_start += 3
            await write_review(
                user=self.guest,
                booking_id=booking_id,
                ratings={"overall": overall, **CATEGORIES},
                text=GUEST_TEXT,
            )
        return listing


async def publish_all() -> None:
    """End every blind as the window's closing does (the guests' reviews alone are in)."""
    await release_closed_windows(now=datetime.now(UTC) + timedelta(days=3650))


@pytest.fixture
async def world() -> World:
    host = await create_user(f"host-{uuid.uuid4().hex[:8]}@example.com", is_host=True, first_name="Hana")
    guest = await create_user(f"guest-{uuid.uuid4().hex[:8]}@example.com", first_name="Gwen")
    return World(host, guest)


async def search(gql: Any, **variables: Any) -> dict[str, Any]:
    return (await gql.ok(SEARCH, variables))["searchListings"]  # type: ignore[no-any-return]


def titles(conn: dict[str, Any]) -> list[str]:
    return [e["node"]["title"] for e in conn["edges"]]


def by_title(conn: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["node"]["title"]: e["node"] for e in conn["edges"]}


def assert_ranked(conn: dict[str, Any]) -> None:
    """Best score first, ties broken by the id (descending), as the search says."""
    keys = [(e["node"]["rating"]["score"], uuid.UUID(from_base64(e["node"]["id"])[1])) for e in conn["edges"]]
    assert keys == sorted(keys, reverse=True)


async def test_one_five_ranks_below_many_near_fives_and_unrated_sit_at_the_prior(gql, world):
    await world.listing("One five", [5])
    await world.listing("Many near fives", [5] * 9 + [4])
    await world.listing("Unrated")
    await world.listing("Poor", [2, 2])
    await publish_all()
    conn = await search(gql, sort="RATING")
    assert titles(conn) == ["Many near fives", "One five", "Unrated", "Poor"]
    assert_ranked(conn)
    cards = by_title(conn)
    # The one five has the better mean: the order is the adjusted score's, not the mean's.
    assert (
        cards["One five"]["rating"]["average"] == 5.0 > cards["Many near fives"]["rating"]["average"] == 4.9
    )
    platform_mean = (5 + 49 + 4) / 13
    m = get_settings().rating_prior_reviews
    assert cards["Unrated"]["rating"] == {
        "count": 0,
        "average": None,
        "score": platform_mean,
        "distribution": [{"stars": s, "count": 0} for s in (5, 4, 3, 2, 1)],
    }
    assert cards["Many near fives"]["rating"]["score"] == bayesian_score(49, 10, platform_mean, m)
    assert cards["Many near fives"]["rating"]["distribution"][:2] == [
        {"stars": 5, "count": 9},
        {"stars": 4, "count": 1},
    ]
    assert cards["One five"]["rating"]["score"] == bayesian_score(5, 1, platform_mean, m)


async def test_without_any_review_every_listing_sits_at_the_empty_prior(gql, world):
    from models.ratings import EMPTY_PRIOR

    for i in range(3):
        await world.listing(f"New {i}")
    conn = await search(gql, sort="RATING")
    assert conn["totalCount"] == 3
    assert {e["node"]["rating"]["score"] for e in conn["edges"]} == {EMPTY_PRIOR}
    assert_ranked(conn)  # all tied: by id


async def test_rating_pages_visit_every_listing_once_in_order(gql, world):
    # Ties that straddle page boundaries of 2: the twins (an inexact float score) at 2 and 3,
    # the unrated at 4 to 6. A cursor's float must come back exactly for the seek to be right.
    await world.listing("Best", [5] * 9 + [4])
    await world.listing("Twin a", [5, 4])
    await world.listing("Twin b", [5, 4])
    for i in range(3):
        await world.listing(f"Unrated {i}")
    await world.listing("Poor", [2, 2])
    await publish_all()
    everything = await search(gql, sort="RATING", first=50)
    assert_ranked(everything)
    order = titles(everything)
    assert order[0] == "Best" and set(order[1:3]) == {"Twin a", "Twin b"}
    assert set(order[3:6]) == {"Unrated 0", "Unrated 1", "Unrated 2"} and order[6] == "Poor"
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        conn = await search(gql, sort="RATING", first=2, after=after)
        assert conn["totalCount"] == 7
        seen += titles(conn)
        pages += 1
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == order and pages == 4
    # A cursor of another order, or with a key that is not a float, is refused.
    body = await gql(SEARCH, {"sort": "PRICE_ASC", "first": 2, "after": after})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


@pytest.mark.parametrize("key", ["4.5", True, None, [1]])
async def test_a_rating_cursor_with_a_bad_key_is_refused(gql, key):
    import base64
    import json

    cursor = base64.urlsafe_b64encode(json.dumps(["RATING", key, str(uuid.UUID(int=1))]).encode()).decode()
    body = await gql(SEARCH, {"sort": "RATING", "after": cursor})
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "after"}


async def test_min_rating_filters_on_the_raw_mean_and_leaves_out_the_unrated(gql, world):
    await world.listing("One five", [5])
    await world.listing("Many near fives", [5] * 9 + [4])
    await world.listing("Two thirds", [5, 5, 4])  # 14/3: a mean no decimal writes exactly
    await world.listing("Poor", [2, 2])
    await world.listing("Unrated")
    await publish_all()

    async def matching(min_rating: float, **variables: Any) -> set[str]:
        conn = await search(gql, filter={"minRating": min_rating}, **variables)
        assert conn["totalCount"] == len(conn["edges"])
        # The facets count the same filtered set.
        assert sum(f["count"] for f in conn["facets"]["propertyTypes"]) == conn["totalCount"]
        assert sum(b["count"] for b in conn["facets"]["priceHistogram"]) == conn["totalCount"]
        assert all(e["node"]["rating"]["average"] >= min_rating for e in conn["edges"])
        return set(titles(conn))

    rated = {"One five", "Many near fives", "Two thirds", "Poor"}
    assert await matching(1) == rated
    assert await matching(2) == rated
    assert await matching(2.01) == rated - {"Poor"}
    assert await matching(4.9) == {"One five", "Many near fives"}
    assert await matching(4.91) == {"One five"}
    assert await matching(5) == {"One five"}
    # The filter compares the mean the card shows, to the last bit.
    assert await matching(14 / 3) == {"One five", "Many near fives", "Two thirds"}
    assert await matching(4.666666666666668) == {"One five", "Many near fives"}
    conn = await search(gql, filter={"minRating": 4}, sort="RATING")
    assert titles(conn) == ["Many near fives", "One five", "Two thirds"]  # 4.68, 4.545, 4.538
    # Signed in, the response cache is not used: the search cache must tell the filters apart too.
    await create_user("searcher@example.com")
    await sign_in(gql, "searcher@example.com")
    assert await matching(4.9) == {"One five", "Many near fives"}
    assert await matching(5) == {"One five"}
    assert await matching(4.9) == {"One five", "Many near fives"}


@pytest.mark.parametrize("min_rating", [0, 0.99, 5.01, 6, -1])
async def test_min_rating_outside_one_to_five_is_refused(gql, min_rating):
    body = await gql(SEARCH, {"filter": {"minRating": min_rating}})
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "minRating"}
    assert "minRating" in error["message"]


async def test_top_host_filter_keeps_the_badge_holders_listings(gql, world):
    top = await create_user(f"top-{uuid.uuid4().hex[:8]}@example.com", is_host=True)
    plain = await create_user(f"plain-{uuid.uuid4().hex[:8]}@example.com", is_host=True)
    now = datetime.now(UTC)
    for user, badge in ((top, True), (plain, False)):
        await HostStanding.create(
            user_id=user.id,
            rating=4.9 if badge else 4.1,
            reviews=12,
            completed_stays=12,
            host_cancellations=0,
            cancellation_rate=0.0,
            top_host=badge,
            computed_at=now,
        )
    await world.listing("Top a", host=top)
    await world.listing("Top b", host=top)
    await world.listing("Plain", host=plain)
    await world.listing("No standing")  # the world's host: never ranked yet

    everything = await search(gql)
    assert {t: n["hostIsTopHost"] for t, n in by_title(everything).items()} == {
        "Top a": True,
        "Top b": True,
        "Plain": False,
        "No standing": False,
    }
    conn = await search(gql, filter={"topHost": True})
    assert set(titles(conn)) == {"Top a", "Top b"} and conn["totalCount"] == 2
    assert sum(f["count"] for f in conn["facets"]["propertyTypes"]) == 2
    assert all(e["node"]["hostIsTopHost"] for e in conn["edges"])
    # false is no restriction, like leaving it out
    assert (await search(gql, filter={"topHost": False}))["totalCount"] == 4
    both = await search(gql, filter={"topHost": True, "minRating": 1})
    assert both["totalCount"] == 0  # no reviews yet


async def test_cards_with_ratings_and_badges_cost_the_same_whatever_the_page_size(gql, world):
    await HostStanding.create(
        user_id=world.host.id,
        rating=4.9,
        reviews=10,
        completed_stays=10,
        host_cancellations=0,
        cancellation_rate=0.0,
        top_host=True,
        computed_at=datetime.now(UTC),
    )
    other = await create_user(f"other-{uuid.uuid4().hex[:8]}@example.com", is_host=True)
    for i in range(12):
        await world.listing(f"Place {i}", [5, 4][: i % 3], host=other if i % 2 else None)
    await publish_all()
    counts = []
    for first in (2, 10):
        with count_queries() as queries:
            conn = await search(gql, sort="RATING", first=first)
        assert len(conn["edges"]) == first
        assert all(e["node"]["rating"]["distribution"] for e in conn["edges"])
        if first == 10:
            assert {e["node"]["hostIsTopHost"] for e in conn["edges"]} == {True, False}
        counts.append(queries.value)
    # search (page, total and facets), listings, hosts, photos, review stats (with the platform's),
    # host standings
    assert counts == [6, 6]
