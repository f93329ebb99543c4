"""Hostile documents and requests (issue 9 audit): costly shapes, huge numbers, subscriptions over
HTTP, ambiguous operations, malformed decimals and oversized headers. Each is refused up front with
a clear error and changes nothing."""

from __future__ import annotations

import json
import random

import pytest

from core.settings import get_settings
from tests.api.test_hostile_requests import BAD_REQUEST, bad_user_input, snapshot
from tests.conftest import create_user, sign_in
from tests.listing_helpers import COMPLETE, CREATE, UPDATE, create_listing, gid, signed_in_host

# ---- item 3: a document's selections are counted before validation ----------------------------------


async def test_many_repeated_fields_are_refused_without_validation(client):
    # 490 copies of one field, ~9 KB under the token limit: validation alone took ~2 s. `nope` is no
    # field of Query, so had validation run, its error would be in the answer too.
    query = "{ nope " + "amenities { name } " * 490 + "}" + " " * random.randint(1, 50)
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "TOO_MANY_SELECTIONS"
    assert str(get_settings().max_selections) in error["message"]
    strict = await client.post(
        "/graphql", json={"query": query}, headers={"accept": "application/graphql-response+json"}
    )
    assert strict.status_code == 400


# ---- item 4: numbers longer than Python converts ---------------------------------------------------

HUGE = "1" * 5000


async def test_a_huge_json_integer_is_a_400_everywhere(gql, client):
    raw = '{"query": "{ __typename }", "variables": {"a": ' + HUGE + "}}"
    response = await client.post("/graphql", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    response = await client.get(
        "/graphql", params={"query": "{ __typename }", "variables": '{"a": ' + HUGE + "}"}
    )
    assert response.status_code == 400, response.text
    await create_user("host@example.com", is_host=True)
    await sign_in(gql, "host@example.com")
    response = await client.post(
        "/graphql",
        data={"operations": '{"query": "{ __typename }", "variables": {"a": ' + HUGE + "}}", "map": "{}"},
        files=[("0", ("a.jpg", b"\xff\xd8\xff", "image/jpeg"))],
        headers={"apollo-require-preflight": "1", "authorization": f"Bearer {gql.token}"},
    )
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_huge_number_literal_is_bad_user_input_naming_its_argument(gql):
    body = await gql("{ searchListings(first: " + HUGE + ") { totalCount } }")
    error = bad_user_input(body, "first")
    assert "set_int_max_str_digits" not in error["message"]
    query = "{ searchListings(filter: {near: {latitude: 1.%s, longitude: 1, radiusKm: 1}}) { totalCount } }"
    bad_user_input(await gql(query % ("5" * 60)), "filter.near.latitude")


# ---- item 5: subscriptions need the WebSocket -----------------------------------------------------

SUBSCRIPTION = "subscription { notifications { kind } }"


async def test_a_subscription_over_http_is_a_400_pointing_at_the_websocket(gql, client):
    for signed_in in (False, True):
        if signed_in:
            await create_user("guest@example.com")
            await sign_in(gql, "guest@example.com")
        headers = {"authorization": f"Bearer {gql.token}"} if gql.token else {}
        for response in (
            await client.post("/graphql", json={"query": SUBSCRIPTION}, headers=headers),
            await client.get("/graphql", params={"query": SUBSCRIPTION}, headers=headers),
            await client.post(
                "/graphql", json={"query": SUBSCRIPTION}, headers={**headers, "accept": "multipart/mixed"}
            ),
        ):
            assert response.status_code == 400, response.text
            [error] = response.json()["errors"]
            assert error["extensions"]["code"] == "BAD_REQUEST"
            assert "WebSocket" in error["message"] and "graphql-transport-ws" in error["message"]
    mutation_over_get = await client.get("/graphql", params={"query": "mutation { logout { ok } }"})
    assert mutation_over_get.status_code == 405


# ---- item 14: several operations need an operationName --------------------------------------------

TWO = "query Q { __typename } mutation R { logout { ok } }"


async def test_several_operations_without_an_operation_name_run_nothing(gql, client):
    await create_user("guest@example.com")
    await sign_in(gql, "guest@example.com")
    before = await snapshot()
    body = await gql(TWO)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "OPERATION_NAME_REQUIRED"
    assert "operationName is required" in error["message"]
    assert await snapshot() == before
    unknown = await client.post("/graphql", json={"query": TWO, "operationName": "Z"})
    assert unknown.status_code == 400
    chosen = await client.post("/graphql", json={"query": TWO, "operationName": "Q"})
    assert chosen.json() == {"data": {"__typename": "Query"}}


# ---- item 16: decimals are plain decimal strings --------------------------------------------------

NOT_PLAIN = ["1_000", "1e3", " 100", "+100", "\u0661\u0660\u0660", "100.", ".5", "NaN", "Infinity"]


@pytest.mark.parametrize("price", NOT_PLAIN)
async def test_a_price_that_is_not_a_plain_decimal_is_refused(gql, price):
    from models.listings import Listing

    await signed_in_host(gql)
    listing = await create_listing(gql)
    before = await snapshot()
    body = await gql(CREATE, {"input": {**COMPLETE, "nightlyPrice": price}})
    bad_user_input(body, "input.nightlyPrice")
    body = await gql(UPDATE, {"input": {"listingId": listing["id"], "cleaningFee": price}})
    bad_user_input(body, "input.cleaningFee")
    literal = "mutation { updateListing(input: {listingId: %s, nightlyPrice: %s}) { errors { code } } }"
    bad_user_input(await gql(literal % (json.dumps(listing["id"]), json.dumps(price))), "input.nightlyPrice")
    assert await snapshot() == before
    assert await Listing.all().count() == 1


async def test_every_decimal_input_takes_only_plain_decimal_strings(gql):
    await signed_in_host(gql)
    listing = await create_listing(gql)
    search = "query($f: ListingSearchFilter) { searchListings(filter: $f) { totalCount } }"
    bad_user_input(await gql(search, {"f": {"priceMin": "1_0"}}), "filter.priceMin")
    bad_user_input(await gql(search, {"f": {"minBathrooms": "1e0"}}), "filter.minBathrooms")
    bad_user_input(await gql(search, {"f": {"priceMax": 100}}), "filter.priceMax")  # a JSON number
    bad_user_input(
        await gql("{ searchListings(filter: {priceMax: 100.5}) { totalCount } }"), "filter.priceMax"
    )
    rate = "mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) { errors { code } } }"
    bad_user_input(await gql(rate, {"i": {"base": "EUR", "quote": "USD", "rate": "1_1"}}), "input.rate")
    update = {"listingId": listing["id"], "nightlyPrice": "99.50", "cleaningFee": "-1"}
    body = await gql(UPDATE, {"input": update})  # plain, so the domain rules answer as before
    assert body["data"]["updateListing"]["errors"][0]["code"] == "INVALID_PRICE"
    assert (await gql(search, {"f": {"priceMin": "0", "priceMax": "1000.5"}}))["data"]


# ---- item 17: a limit on the size of request headers ----------------------------------------------


async def test_oversized_headers_are_a_431_with_a_request_id(client):
    limit = get_settings().max_header_bytes
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"x-junk": "a" * 200_000}
    )
    assert response.status_code == 431
    assert response.json()["errors"][0]["extensions"]["code"] == "HEADERS_TOO_LARGE"
    assert len(response.headers["x-request-id"]) == 32
    many = {f"x-junk-{i}": "b" * 100 for i in range(limit // 100)}
    assert (await client.get("/healthz", headers=many)).status_code == 431
    fine = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"x-junk": "a" * (limit // 2)}
    )
    assert fine.json() == {"data": {"__typename": "Query"}}


# ---- item 8: multipart uploads with a bad map --------------------------------------------------------

UPLOAD = """mutation($input: UploadListingPhotosInput!) {
  uploadListingPhotos(input: $input) { errors { code field } } }"""


@pytest.mark.parametrize(
    "file_map",
    [
        {"0": ["variables.i.files.7.x.y"]},
        ["x"],
        "x",
        {"0": "variables.input.files.0"},
        {"0": [1]},
        {"0": [["variables.input.files.0"]]},
        {"0": ["variables.input.files.1"]},
        {"0": ["variables.input.files.x"]},
        {"0": ["variables.input.files.-1"]},
        {"0": ["variables.input.files.\u00b2"]},
        {"0": ["variables.input.files." + "9" * 5000]},
        {"0": ["variables.input.listingId"]},
        {"0": ["variables.input"]},
        {"0": ["query"]},
        {"0": ["variables"]},
        {"0": [""]},
        {"1": ["variables.input.files.0"]},
        {"0": ["variables.input.files.0"], "1": ["variables.input.files.0"]},
    ],
)
async def test_a_multipart_upload_with_a_bad_map_is_a_400(gql, client, file_map):
    from models.listings import Listing, ListingPhoto

    user = await create_user("host@example.com", is_host=True)
    await sign_in(gql, "host@example.com")
    listing = await Listing.create(host=user, title="Flat", slug="flat")
    variables = {"input": {"listingId": gid("Listing", listing.id), "files": [None]}}
    response = await client.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": UPLOAD, "variables": variables}),
            "map": json.dumps(file_map),
        },
        files=[("0", ("a.jpg", b"\xff\xd8\xff", "image/jpeg"))],
        headers={"apollo-require-preflight": "1", "authorization": f"Bearer {gql.token}"},
    )
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == BAD_REQUEST
    assert not await ListingPhoto.exists()


async def test_a_malformed_multipart_body_is_a_400(gql, client):
    await create_user("host@example.com", is_host=True)
    await sign_in(gql, "host@example.com")
    headers = {"apollo-require-preflight": "1", "authorization": f"Bearer {gql.token}"}
    for content_type, body in (
        ("multipart/form-data; boundary=xyz", b"--xyz\r\nnot a part\r\n--xyz--\r\n"),
        ("multipart/form-data", b"no boundary at all"),
        (
            "multipart/form-data; boundary=xyz",
            b'--xyz\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}',
        ),
    ):
        response = await client.post(
            "/graphql", content=body, headers={**headers, "content-type": content_type}
        )
        assert response.status_code == 400, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == BAD_REQUEST
