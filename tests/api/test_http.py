"""The HTTP surface of /graphql: transport rules, CSRF, abuse limits, error shapes, probes."""

from __future__ import annotations

import json

import pytest

from tests.conftest import PASSWORD, REGISTER

ME = "{ me { id } }"


async def test_get_query_follows_graphql_over_http(client):
    response = await client.get("/graphql", params={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_mutation_over_get_is_refused(client):
    from models.users import User

    query = (
        'mutation { register(input: {email: "g@x.io", password: "x", firstName: "G"}) { errors { code } } }'
    )
    response = await client.get("/graphql", params={"query": query})
    assert response.status_code == 405
    assert await User.all().count() == 0


async def test_graphiql_served_to_browsers_outside_production(client):
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_graphql_response_json_media_type(client):
    accept = {"accept": "application/graphql-response+json"}
    ok = await client.post("/graphql", json={"query": "{ __typename }"}, headers=accept)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    invalid = await client.post("/graphql", json={"query": "{ nope }"}, headers=accept)
    assert invalid.status_code == 400
    assert "data" not in invalid.json()
    plain = await client.post("/graphql", json={"query": "{ nope }"})
    assert plain.status_code == 200  # application/json keeps the legacy 200
    assert plain.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""],
)
async def test_form_content_types_are_refused_as_csrf(client, content_type):
    from models.users import User

    body = json.dumps(
        {
            "query": REGISTER,
            "variables": {"input": {"email": "c@x.io", "password": PASSWORD, "firstName": "C"}},
        }
    )
    headers = {"content-type": content_type} if content_type else {}
    response = await client.post("/graphql", content=body, headers=headers)
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert await User.all().count() == 0


async def test_multipart_with_preflight_header_and_credentials_passes_the_csrf_guard(client, guest):
    headers = {"content-type": "multipart/form-data; boundary=x", "apollo-require-preflight": "1"}
    anonymous = await client.post("/graphql", content=b"--x--\r\n", headers=headers)
    assert anonymous.status_code == 401  # never parse an upload for nobody
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    signed_in = await client.post(
        "/graphql",
        content=b"--x--\r\n",
        headers={**headers, "authorization": f"Bearer {guest['accessToken']}"},
    )
    # Past the guard: Strawberry itself refuses this empty multipart body.
    assert signed_in.status_code == 400


async def test_malformed_json_is_a_clear_400(client):
    response = await client.post(
        "/graphql", content=b'{"query": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "JSON" in response.text


async def test_invalid_graphql_is_reported_not_crashed(gql):
    body = await gql("{ me { id ")
    assert body["data"] is None
    assert "Syntax Error" in body["errors"][0]["message"]


async def test_wrong_variable_type_is_reported(gql):
    body = await gql("query($id: ID!) { user(id: $id) { id } }", {"id": {"not": "an id"}})
    assert "data" not in body or body["data"] is None
    assert "Variable '$id'" in body["errors"][0]["message"]


async def test_oversize_body_is_413_and_writes_nothing(client):
    from models.users import User

    huge = "x" * (1024 * 1024 + 1)
    body = {
        "query": REGISTER,
        "variables": {"input": {"email": "h@x.io", "password": PASSWORD, "firstName": huge}},
    }
    response = await client.post("/graphql", json=body)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert await User.all().count() == 0


async def test_streamed_oversize_body_is_413(client):
    async def chunks():
        for _ in range(20):
            yield b"x" * 65536

    response = await client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


async def test_introspection_is_not_counted_as_depth(gql):
    body = await gql("{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }")
    assert "errors" not in body


async def test_bad_global_id_is_a_clear_error(gql):
    body = await gql('{ node(id: "x") { id } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["data"] == {"node": None}


async def test_too_many_aliases_are_refused(gql):
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(16)) + " }"
    body = await gql(query)
    assert "aliases" in body["errors"][0]["message"].lower()


async def test_too_many_tokens_are_refused(gql):
    query = "{ " + "__typename " * 2100 + " }"
    body = await gql(query)
    assert "token" in body["errors"][0]["message"].lower()


async def test_every_response_carries_a_request_id(client):
    response = await client.get("/healthz")
    assert len(response.headers["x-request-id"]) == 32
    echoed = await client.get("/healthz", headers={"x-request-id": "abc-123-def"})
    assert echoed.headers["x-request-id"] == "abc-123-def"
    unsafe = await client.get("/healthz", headers={"x-request-id": "bad id\n"})
    assert unsafe.headers["x-request-id"] != "bad id\n"


async def test_probes(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "redis": "ok"}


async def test_readyz_is_503_when_redis_is_down(client, monkeypatch):
    from webhooks import probes

    async def down() -> None:
        raise ConnectionError("redis down")

    monkeypatch.setattr(probes, "_redis", down)
    ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["redis"] == "error: ConnectionError"


async def test_node_of_an_unknown_type_is_null(gql):
    import base64

    unknown = base64.b64encode(b"Spaceship:1").decode()
    body = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": unknown})
    assert body == {"data": {"node": None}}


async def test_unexpected_errors_are_masked_with_the_request_id(client, monkeypatch, caplog):
    from schema.users import Query as UserQuery

    def explode(self, info):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(
        UserQuery.__strawberry_definition__.get_field("me").base_resolver, "wrapped_func", explode
    )
    response = await client.post(
        "/graphql", json={"query": "{ me { id } }"}, headers={"x-request-id": "req-12345678"}
    )
    error = response.json()["errors"][0]
    assert error["message"] == "Internal server error."
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-12345678"}
    assert "hunter2" not in response.text
    assert any("hunter2" in str(r.exc_info) for r in caplog.records if r.name == "roost.graphql")
