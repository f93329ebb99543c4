"""The whole-response cache of anonymous public reads: fast, and never stale."""

from __future__ import annotations

from core.metrics import count_queries
from tests.conftest import GraphQLClient, create_user, sign_in
from tests.listing_helpers import UPDATE, add_ready_photo, create_listing, signed_in_host

PUBLISH = "mutation($id: ID!) { publishListing(input: {listingId: $id}) { errors { code } } }"
SEARCH = '{ searchListings(filter: {city: "amsterdam"}) { totalCount edges { node { title host { firstName } } } } }'


async def published_listing(gql) -> dict:
    await signed_in_host(gql)
    listing = await create_listing(gql)
    await add_ready_photo(listing["id"])
    await gql.ok(PUBLISH, {"id": listing["id"]})
    return listing


async def test_a_repeated_anonymous_search_is_served_without_sql_and_still_recorded(gql, client, monkeypatch):
    from resolvers import search

    await published_listing(gql)
    anonymous = GraphQLClient(client)
    first = await anonymous.ok(SEARCH)
    recorded: list = []
    monkeypatch.setattr(search, "_buffer", recorded)  # what the analytics job would receive
    with count_queries() as queries:
        second = await anonymous.ok(SEARCH)
    assert second == first and first["searchListings"]["totalCount"] == 1
    assert queries.value == 0
    [(user_id, filters, sort, count, _search_id)] = recorded
    assert (user_id, filters, sort, count) == (None, {"city": "amsterdam"}, "RELEVANCE", 1)


async def test_a_change_is_visible_to_the_very_next_request(gql, client):
    listing = await published_listing(gql)
    anonymous = GraphQLClient(client)
    assert (await anonymous.ok(SEARCH))["searchListings"]["edges"][0]["node"][
        "title"
    ] == "Bright loft by the canal"
    await gql.ok(UPDATE, {"input": {"listingId": listing["id"], "title": "Renamed this second"}})
    assert (await anonymous.ok(SEARCH))["searchListings"]["edges"][0]["node"][
        "title"
    ] == "Renamed this second"
    await gql.ok('mutation { updateProfile(input: {firstName: "Henrietta"}) { errors { code } } }')
    assert (await anonymous.ok(SEARCH))["searchListings"]["edges"][0]["node"]["host"][
        "firstName"
    ] == "Henrietta"


async def test_signed_in_requests_bypass_the_cache(gql, client):
    await published_listing(gql)
    await create_user("g@example.com")
    member = GraphQLClient(client)
    await sign_in(member, "g@example.com")
    await member.ok(SEARCH)
    with count_queries() as queries:
        await member.ok(SEARCH)
    assert queries.value > 0
