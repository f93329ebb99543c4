"""N+1 guards: the exact number of SQL statements a request makes."""

from __future__ import annotations

from core.metrics import count_queries
from tests.conftest import create_user, sign_in


async def test_me_costs_one_query(gql, guest):
    with count_queries() as queries:
        data = await gql.ok("{ me { id email displayName roles } }")
    assert data["me"]["email"] == "guest@example.com"
    assert queries.value == 1  # the signed-in user, loaded once and primed into the loader


async def test_anonymous_trivial_query_costs_nothing(gql):
    with count_queries() as queries:
        await gql.ok("{ __typename me { id } }")
    assert queries.value == 0


async def test_node_lookups_in_one_request_share_one_query(gql):
    users = [await create_user(f"n{i}@example.com") for i in range(5)]
    await sign_in(gql, "n0@example.com")
    from strawberry.relay import to_base64

    fields = " ".join(f'u{i}: node(id: "{to_base64("User", u.id)}") {{ id }}' for i, u in enumerate(users))
    with count_queries() as queries:
        data = await gql.ok("{ " + fields + " }")
    assert all(data[f"u{i}"] for i in range(5))
    # 1 to authenticate; the 5 nodes are batched by UserByIdLoader, the signed-in user primed.
    assert queries.value == 2


async def test_admin_users_page_costs_three_queries(gql):
    from models.users import User

    boss = await create_user("boss@example.com", is_admin=True)
    await User.bulk_create(
        [
            User(email=f"p{i}@example.com", password_hash=boss.password_hash, first_name=f"P{i}")
            for i in range(30)
        ]
    )
    await sign_in(gql, "boss@example.com")
    with count_queries() as queries:
        data = await gql.ok("{ users(first: 20) { totalCount edges { node { id firstName email } } } }")
    assert len(data["users"]["edges"]) == 20
    assert queries.value == 3  # authenticate, count, page: never one per row


async def test_metrics_exposes_counters(client, gql):
    await gql.ok("{ __typename }")
    response = await client.get("/metrics")
    assert response.status_code == 200
    lines = dict(line.split() for line in response.text.splitlines() if not line.startswith("#"))
    assert int(lines["roost_http_requests_total"]) >= 1
    assert int(lines["roost_sql_queries_total"]) >= 0
    assert int(lines["roost_peak_rss_bytes"]) > 10_000_000
