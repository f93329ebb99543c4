"""The brief's listing page with its reviews, as the README shows it: one request, and a number of
SQL statements that does not grow with the page of reviews."""

from __future__ import annotations

import re
from typing import Any

from core.metrics import count_queries
from resolvers.reviews import release_closed_windows
from tests.booking_helpers import make_listing
from tests.conftest import ROOT, create_user, sign_in
from tests.review_helpers import completed_stay

REVIEWS = 12


def readme_page_query(first: int) -> str:
    """The README's `ListingPage` document, asking for `first` reviews."""
    text = (ROOT / "README.md").read_text()
    query = re.search(r"```graphql\n(query ListingPage.*?)```", text, re.S)
    assert query, "the README shows the listing page query"
    return query.group(1).replace("reviews(first: 10,", f"reviews(first: {first},")


async def reviewed_listing() -> Any:
    """A listing with REVIEWS published guest reviews, each by a different guest."""
    from models.reviews import Review
    from resolvers.reviews import write_review

    host = await create_user("host@example.com", is_host=True, first_name="Hana", last_name="Visser")
    listing = await make_listing(host)
    for i in range(REVIEWS):
        guest = await create_user(f"g{i}@example.com", first_name=f"Guest{i}", last_name="Secretname")
        booking_id = await completed_stay(listing, guest, start=-60 + 3 * i)
        await write_review(
            user=guest,
            booking_id=booking_id,
            ratings={"overall": 1 + i % 5, "cleanliness": 5, "accuracy": 4, "check_in": 5,
                     "communication": 5, "location": 4, "value": 4},
            text=f"Review number {i}: a calm and comfortable stay.",
        )  # fmt: skip
    from datetime import UTC, datetime, timedelta

    await release_closed_windows(now=datetime.now(UTC) + timedelta(days=30))
    assert await Review.filter(listing_id=listing.id, status="published").count() == REVIEWS
    return listing


async def test_the_listing_page_costs_the_same_sql_for_any_page_of_reviews(gql):
    listing = await reviewed_listing()
    await create_user("visitor@example.com")
    await sign_in(gql, "visitor@example.com")  # signed in: no response cache
    await gql.ok(readme_page_query(1), {"slug": listing.slug})  # the listing row is cached from now on
    counts = {}
    for first in (2, 5, REVIEWS):
        with count_queries() as queries:
            data = await gql.ok(readme_page_query(first), {"slug": listing.slug})
        page = data["listing"]
        assert len(page["reviews"]["edges"]) == first
        assert page["reviews"]["totalCount"] == REVIEWS == page["rating"]["count"]
        counts[first] = queries.value
    assert len(set(counts.values())) == 1, counts
    # authenticate, the ratings (listing and platform in one), the page of reviews with their authors,
    # the host, the host's standing; the slug's id and the listing come from Redis
    assert counts[2] == 5, counts


async def test_the_page_shows_first_names_never_full_names(gql):
    listing = await reviewed_listing()
    data = await gql.ok(readme_page_query(REVIEWS), {"slug": listing.slug})
    names = {e["node"]["author"]["firstName"] for e in data["listing"]["reviews"]["edges"]}
    assert names == {f"Guest{i}" for i in range(REVIEWS)}
    assert "Secretname" not in str(data)
    rating = data["listing"]["rating"]
    assert [d["count"] for d in rating["distribution"]] == [2, 2, 2, 3, 3]  # 5, 4, 3, 2, 1 stars
    assert rating["average"] == sum(1 + i % 5 for i in range(REVIEWS)) / REVIEWS
