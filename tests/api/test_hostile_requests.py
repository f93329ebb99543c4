"""Hostile requests (issue 9, items 4-10): each gets a 4xx, or a GraphQL error with code
BAD_USER_INPUT naming the field, never a 500 or INTERNAL_SERVER_ERROR, and none changes anything."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from tortoise import Tortoise

from core.cache import get_redis
from core.gateways.simulated import SIGNATURE_HEADER, sign
from core.settings import get_settings
from tests.conftest import LOGIN, PASSWORD, REGISTER, create_user, sign_in, table_digests
from tests.listing_helpers import create_listing, listing_id_uuid
from tests.unit.test_hostile_requests import LIST_POSITIONS, STRING_POSITIONS

BAD_REQUEST = "BAD_REQUEST"


async def snapshot() -> tuple[dict[str, str], list[str]]:
    """Every table's contents and every Redis key: a refused request must leave both as they were."""
    tables = [m._meta.db_table for m in Tortoise.apps["models"].values()]
    keys = sorted([k async for k in get_redis().scan_iter("roost:*")])
    return await table_digests(tables), keys


def bad_user_input(body: dict[str, Any], field: str) -> dict[str, Any]:
    """The single error of a refused operation: nothing ran, so no data and no path."""
    assert body.get("data") is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"]["field"] == field, error
    assert "path" not in error and field in error["message"]
    return error


# ---- item 4: JSON of the wrong types --------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"query": "{ __typename }", "operationName": {"a": 1}},
        {"query": "{ __typename }", "operationName": ["x"]},
        {"query": "{ __typename }", "operationName": 1},
        {"query": "{ __typename }", "operationName": True},
        {"query": 1},
        {"query": ["{ __typename }"]},
        {"query": {"a": 1}},
        {"query": "{ __typename }", "variables": [1]},
        {"query": "{ __typename }", "variables": "x"},
        {"query": "{ __typename }", "extensions": [1]},
        "{ __typename }",
        1,
        None,
        True,
        [],
        [{"query": "{ __typename }"}],
    ],
)
async def test_json_of_the_wrong_types_is_a_400(client, body):
    before = await snapshot()
    response = await client.post(
        "/graphql", content=json.dumps(body), headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == BAD_REQUEST
    assert await snapshot() == before
    assert (await client.post("/graphql", json={"query": "{ __typename }"})).json() == {
        "data": {"__typename": "Query"}
    }


async def test_get_requests_with_bad_parameters(client):
    for params in (
        {"query": "{ __typename }", "variables": "[1]"},
        {"query": "{ __typename }", "variables": "[" * 5000 + "]" * 5000},
        {"query": "{ __typename }", "variables": "\x00"},
    ):
        response = await client.get("/graphql", params=params)
        assert response.status_code == 400, params
        assert response.json()["errors"][0]["extensions"]["code"] == BAD_REQUEST
    response = await client.get("/graphql", params={"query": '{ listing(slug: "a\\u0000b") { id } }'})
    assert response.status_code == 200
    bad_user_input(response.json(), "slug")


# ---- items 5 and 6: bytes that are not UTF-8, JSON nested too deep ----------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b'{"query": "{ __typename \xff }"}',
        b'{"query": "{ __typename }", "variables": {"a": "\xc3\x28"}}',
        b"\xff\xfe{\x00}\x00",
    ],
)
async def test_a_body_that_is_not_utf8_is_a_400(client, raw):
    response = await client.post("/graphql", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == BAD_REQUEST


@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")])
async def test_deeply_nested_json_is_a_400(client, opening, closing):
    nested = opening * 5000 + "1" + closing * 5000
    raw = '{"query": "query($v: String) { listing(slug: $v) { id } }", "variables": {"v": ' + nested + "}}"
    response = await client.post("/graphql", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert "nested" in response.json()["errors"][0]["message"]


async def test_brackets_inside_strings_do_not_count_as_nesting(gql):
    data = await gql.ok("query($v: String!) { listing(slug: $v) { id } }", {"v": "[{" * 80})
    assert data == {"listing": None}


def _signed(body: bytes) -> dict[str, str]:
    secret = get_settings().simulated_webhook_secret
    return {"content-type": "application/json", SIGNATURE_HEADER: sign(body, secret, int(time.time()))}


@pytest.mark.parametrize(
    "body",
    [
        b'{"id": "evt_1", "type": "intent.captured", "created": 1, "data": '
        + b"[" * 5000
        + b"]" * 5000
        + b"}",
        b'{"id": "evt_1", "type": "intent.captured", "created": 1, "data": {"note": "a\\u0000b"}}',
        b'{"id": "evt_1", "type": "intent.captured", "created": 1, "data": {"note": "\\ud800"}}',
        b'{"id": "evt_1", "type": "intent.captured", "created": 1, "data": {"note": "\xff"}}',
    ],
)
async def test_a_signed_webhook_body_that_cannot_be_stored_is_a_400(client, body):
    from models.payments import WebhookEvent

    response = await client.post("/webhooks/simulated", content=body, headers=_signed(body))
    assert response.status_code == 400, response.text
    # Nothing of this body was stored (a real worker may still deliver an earlier test's events).
    assert not await WebhookEvent.filter(event_id="evt_1").exists()


# ---- item 7: NUL and other control characters, in every string -------------------------------------

PROFILE = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { errors { code } } }"
RESET = "mutation($input: EmailInput!) { requestPasswordReset(input: $input) { ok } }"
CREATE = "mutation($input: CreateListingInput!) { createListing(input: $input) { errors { code } } }"
SEARCH = "query($f: ListingSearchFilter) { searchListings(filter: $f) { totalCount } }"
NUL_CASES = [
    ('{ listing(slug: "a\\u0000b") { id } }', None, "slug"),
    ('mutation { requestPasswordReset(input: {email: "a\\u0000@x.io"}) { ok } }', None, "input.email"),
    (
        '{ searchListings(filter: {amenities: ["wifi", "a\\u0000"]}) { totalCount } }',
        None,
        "filter.amenities.1",
    ),
    (LOGIN, {"input": {"email": "a\x00@example.com", "password": PASSWORD}}, "input.email"),
    (LOGIN, {"input": {"email": "guest@example.com", "password": "pass\x00word"}}, "input.password"),
    (
        REGISTER,
        {"input": {"email": "n@example.com", "password": PASSWORD, "firstName": "N\x00"}},
        "input.firstName",
    ),
    (RESET, {"input": {"email": "guest@example.com\x00"}}, "input.email"),
    (PROFILE, {"input": {"bio": "Hello\x00"}}, "input.bio"),
    (PROFILE, {"input": {"bio": "Bell \x07"}}, "input.bio"),
    (PROFILE, {"input": {"languages": ["en", "\x1b[31m"]}}, "input.languages.1"),
    (CREATE, {"input": {"title": "Loft\x00"}}, "input.title"),
    (SEARCH, {"f": {"text": "a\x00b"}}, "filter.text"),
    (SEARCH, {"f": {"city": "\x00"}}, "filter.city"),
    (SEARCH, {"f": {"hostLanguages": ["e\x00n"]}}, "filter.hostLanguages.0"),
]


@pytest.mark.parametrize("query, variables, field", NUL_CASES)
async def test_a_control_character_in_any_string_is_bad_user_input(gql, query, variables, field):
    await create_user("guest@example.com", is_host=True)
    await sign_in(gql, "guest@example.com")
    before = await snapshot()
    bad_user_input(await gql(query, variables), field)
    assert await snapshot() == before


async def test_a_lone_surrogate_is_bad_user_input(client):
    raw = '{"query": "query($s: String!) { listing(slug: $s) { id } }", "variables": {"s": "a\\ud800"}}'
    response = await client.post("/graphql", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 200
    bad_user_input(response.json(), "slug")


# ---- item 9: a maximum length on every string, checked before any work -----------------------------


async def test_a_900k_character_login_email_touches_nothing(gql):
    before = await snapshot()
    email = "a" * 900_000 + "@example.com"
    body = await gql(LOGIN, {"input": {"email": email, "password": PASSWORD}})
    bad_user_input(body, "input.email")
    assert await snapshot() == before
    assert [k async for k in get_redis().scan_iter("roost:login:*")] == []


async def test_strings_are_capped_by_name_and_by_default(gql):
    longest = "a" * 60 + "@" + "b" * 189 + ".com"  # 254 characters: the domain rules answer
    assert (await gql(LOGIN, {"input": {"email": longest, "password": PASSWORD}}))["data"]["login"]["errors"]
    for query in (LOGIN, REGISTER):  # one more, and the ORM would have raised on the lookup (a 500)
        body = await gql(query, {"input": {"email": longest + "x", "password": PASSWORD, "firstName": "A"}})
        assert "at most 254" in bad_user_input(body, "input.email")["message"]
    bad_user_input(await gql("query($s: String!) { listing(slug: $s) { id } }", {"s": "s" * 161}), "slug")
    body = await gql(SEARCH, {"f": {"city": "x" * (get_settings().max_string_length + 1)}})
    bad_user_input(body, "filter.city")


# ---- item 10: a maximum size on every list ---------------------------------------------------------

RATES = """mutation($id: ID!, $rates: [SeasonalRateInput!]!) {
  setSeasonalRates(input: {listingId: $id, rates: $rates}) { errors { code field } } }"""


async def test_nine_thousand_seasonal_rates_are_refused(gql):
    from models.listings import SeasonalRate

    await create_user("host@example.com", is_host=True)
    await sign_in(gql, "host@example.com")
    listing = await create_listing(gql)
    rate = {"startDate": "2030-01-01", "endDate": "2030-01-02", "nightlyPrice": "100"}
    before = await snapshot()
    body = await gql(RATES, {"id": listing["id"], "rates": [rate] * 9000})
    assert "at most 100" in bad_user_input(body, "input.rates")["message"]
    items = ", ".join(['{startDate: "2030-01-01", endDate: "2030-01-02", nightlyPrice: "1"}'] * 101)
    inline = f"mutation {{ setSeasonalRates(input: {{listingId: {json.dumps(listing['id'])}, rates: [{items}]}}) {{ errors {{ code }} }} }}"
    bad_user_input(await gql(inline), "input.rates")
    assert await snapshot() == before
    assert not await SeasonalRate.filter(listing_id=listing_id_uuid(listing["id"])).exists()


# ---- the schema walked: every string and list argument, however deeply nested -------------------------


async def test_every_string_argument_refuses_nul_and_overlong_text(client):
    too_long = "x" * (get_settings().max_string_length + 1)
    before = await snapshot()
    for document, others, field, wrap in STRING_POSITIONS:
        for value in ("a\x00b", too_long):
            variables = {**others, **wrap(value)}
            response = await client.post("/graphql", json={"query": document, "variables": variables})
            assert response.status_code == 200, (field, response.text)
            assert "INTERNAL_SERVER_ERROR" not in response.text, field
            bad_user_input(response.json(), field)
    assert await snapshot() == before


async def test_every_list_argument_has_a_maximum_size(client):
    before = await snapshot()
    for document, others, field, wrap in LIST_POSITIONS:
        variables = {**others, **wrap([None] * 1001)}
        response = await client.post("/graphql", json={"query": document, "variables": variables})
        assert response.status_code == 200, (field, response.text)
        bad_user_input(response.json(), field)
    assert await snapshot() == before
