"""Reviews through GraphQL: writing, the blind, every refusal (and that it wrote nothing), editing,
privacy, responses, reports, moderation with exact aggregates, and the reads of reviews."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tortoise import connections
from tortoise.exceptions import BaseORMException

from core.errors import DomainError, ErrorCode
from models.bookings import Booking
from models.listings import Listing
from models.reviews import ModerationAction, Review, ReviewReport, ReviewStatus
from models.users import User
from resolvers import reviews as review_resolvers
from tests.booking_helpers import booking_row, cancel_row, day, make_listing
from tests.conftest import GraphQLClient, create_user, sign_in
from tests.listing_helpers import gid
from tests.review_helpers import (
    GUEST_RATINGS,
    GUEST_TEXT,
    HIDE,
    HOST_TEXT,
    RATING_FIELDS,
    REPORT,
    RESPOND,
    RESTORE,
    REVIEW_FIELDS,
    UPDATE,
    WRITE,
    completed_stay,
    guest_review,
    host_review,
)

NODE = "query($id: ID!) { node(id: $id) { ... on Review {" + REVIEW_FIELDS + "} } }"
LISTING = (
    """query($id: ID!, $sort: ReviewSort, $first: Int, $after: String) { node(id: $id) { ... on Listing {
  reviews(sort: $sort, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id overall publishedAt } } }
  rating {"""
    + RATING_FIELDS
    + "} } } }"
)
USER = (
    """query($id: ID!, $as: ReviewSide!) { user(id: $id) {
  reviews(as: $as) { totalCount edges { node { id side overall } } } rating(as: $as) {"""
    + RATING_FIELDS
    + "} } }"
)
QUEUE = """{ moderationQueue { totalCount edges { node { id status flags
  reports { reason note resolvedAt reporter { id } } } } } }"""
TO_WRITE = "{ reviewsToWrite { side deadline booking { id } } }"
PHONE_TEXT = "Call me on +31 6 12345678 for a discount next time!"


@dataclass
class Stay:
    listing: Listing
    host: User
    guest: User
    booking_id: uuid.UUID
    as_host: GraphQLClient
    as_guest: GraphQLClient

    @property
    def booking(self) -> str:
        return gid("Booking", self.booking_id)


async def client_of(gql: GraphQLClient, user: User) -> GraphQLClient:
    """A client of its own, signed in as `user` (the same app, another token)."""
    client = GraphQLClient(gql.http)
    await sign_in(client, user.email)
    return client


async def stranger(gql: GraphQLClient, **fields: Any) -> GraphQLClient:
    user = await create_user(f"someone-{uuid.uuid4().hex[:8]}@example.com", **fields)
    return await client_of(gql, user)


@pytest.fixture
async def stay(gql: GraphQLClient) -> Stay:
    listing = await make_listing()
    host = await User.get(id=listing.host_id)  # type: ignore[attr-defined]
    guest = await create_user("gwen@example.com", first_name="Gwen", last_name="Smith")
    booking_id = await completed_stay(listing, guest)
    return Stay(listing, host, guest, booking_id, await client_of(gql, host), await client_of(gql, guest))


async def write(client: GraphQLClient, review: dict[str, Any]) -> dict[str, Any]:
    body = await client(WRITE, {"input": review})
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["writeReview"]
    return payload


async def written(client: GraphQLClient, review: dict[str, Any]) -> dict[str, Any]:
    payload = await write(client, review)
    assert payload["errors"] == [], payload["errors"]
    result: dict[str, Any] = payload["review"]
    return result


async def both_published(stay: Stay, **guest_fields: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    guest = await written(stay.as_guest, guest_review(stay.booking, **guest_fields))
    host = await written(stay.as_host, host_review(stay.booking))
    return guest, host


async def node(client: GraphQLClient, id: str) -> dict[str, Any] | None:
    result: dict[str, Any] | None = (await client.ok(NODE, {"id": id}))["node"]
    return result


async def listing_page(client: GraphQLClient, listing: Listing, **args: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await client.ok(LISTING, {"id": gid("Listing", listing.id), **args}))["node"]
    return result


def only_error(payload: dict[str, Any]) -> tuple[str, str | None]:
    assert payload["review"] is None and len(payload["errors"]) == 1, payload
    return payload["errors"][0]["code"], payload["errors"][0]["field"]


def graphql_code(body: dict[str, Any]) -> str:
    assert body.get("data") is None or not any(body["data"].values()), body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


# ---- writing and the blind ------------------------------------------------------------------------------


async def test_guest_then_host_publishes_both_at_once(stay):
    mine = await written(stay.as_guest, guest_review(stay.booking, privateNote="The kettle is broken."))
    assert (mine["side"], mine["status"], mine["publishedAt"]) == ("GUEST", "PENDING", None)
    assert (
        mine["overall"] == 5
        and mine["categories"]["checkIn"] == 5
        and mine["categories"]["houseRules"] is None
    )
    assert (mine["text"], mine["privateNote"]) == (GUEST_TEXT, "The kettle is broken.")
    assert mine["author"]["firstName"] == "Gwen" and mine["subject"]["id"] == gid("User", stay.host.id)

    theirs = await written(stay.as_host, host_review(stay.booking))
    assert (theirs["side"], theirs["status"], theirs["text"]) == ("HOST", "PUBLISHED", HOST_TEXT)
    assert theirs["categories"]["houseRules"] == 5 and theirs["categories"]["value"] is None
    mine = await node(stay.as_guest, mine["id"])
    assert mine is not None and mine["status"] == "PUBLISHED"
    assert mine["publishedAt"] == theirs["publishedAt"] is not None
    rows = await Review.all()
    assert len({r.published_at for r in rows}) == 1 and {r.status for r in rows} == {ReviewStatus.PUBLISHED}


async def test_the_other_side_cannot_see_a_pending_review(gql, stay):
    mine = await written(stay.as_guest, guest_review(stay.booking))
    for client in (stay.as_host, await stranger(gql), GraphQLClient(gql.http)):
        assert await node(client, mine["id"]) is None
        page = await listing_page(client, stay.listing)
        assert page["reviews"]["totalCount"] == 0 and page["reviews"]["edges"] == []
        assert page["rating"]["count"] == 0 and page["rating"]["average"] is None
        host = await client.ok(USER, {"id": gid("User", stay.host.id), "as": "HOST"})
        assert host["user"]["reviews"]["edges"] == [] and host["user"]["rating"]["count"] == 0
    seen = await node(stay.as_guest, mine["id"])
    assert seen is not None and seen["status"] == "PENDING"


# ---- refusals: the exact code and field, and nothing written ------------------------------------------


async def refused(client: GraphQLClient, review: dict[str, Any]) -> tuple[str, str | None]:
    before = await Review.all().count()
    error = only_error(await write(client, review))
    assert await Review.all().count() == before
    return error


async def test_a_stay_that_is_not_completed_cannot_be_reviewed(stay):
    confirmed = await booking_row(stay.listing.id, day(40), day(41), guest_id=stay.guest.id)
    cancelled = await booking_row(stay.listing.id, day(50), guest_id=stay.guest.id)
    await cancel_row(cancelled)
    for booking in (confirmed, cancelled):
        for client, review in ((stay.as_guest, guest_review), (stay.as_host, host_review)):
            error = await refused(client, review(gid("Booking", booking)))
            assert error == ("BOOKING_NOT_COMPLETED", "bookingId")


async def test_someone_elses_booking_is_not_found(gql, stay):
    other = await stranger(gql)
    assert await refused(other, guest_review(stay.booking)) == ("NOT_FOUND", "bookingId")
    assert await refused(other, guest_review(gid("Booking", uuid.uuid4()))) == ("NOT_FOUND", "bookingId")
    assert await refused(other, guest_review(gid("Listing", stay.listing.id))) == ("NOT_FOUND", "bookingId")


async def test_a_closed_window_is_refused(stay):
    late = await completed_stay(stay.listing, stay.guest, ended_days_ago=15, start=-60)
    for client, review in ((stay.as_guest, guest_review), (stay.as_host, host_review)):
        assert await refused(client, review(gid("Booking", late))) == ("REVIEW_WINDOW_CLOSED", "bookingId")


async def test_a_second_review_of_one_side_is_refused(stay):
    await written(stay.as_guest, guest_review(stay.booking))
    assert await refused(stay.as_guest, guest_review(stay.booking, overall=1)) == (
        "ALREADY_REVIEWED",
        "bookingId",
    )
    await written(stay.as_host, host_review(stay.booking))  # published: still one each
    assert await refused(stay.as_host, host_review(stay.booking)) == ("ALREADY_REVIEWED", "bookingId")
    assert await Review.all().count() == 2


async def test_invalid_ratings_and_text_are_refused_with_their_field(stay):
    without_value = {k: v for k, v in guest_review(stay.booking).items() if k != "value"}
    without_rules = {k: v for k, v in host_review(stay.booking).items() if k != "houseRules"}
    cases = [
        (stay.as_guest, without_value, "value"),
        (stay.as_host, without_rules, "houseRules"),
        (stay.as_guest, guest_review(stay.booking, houseRules=5), "houseRules"),
        (stay.as_host, host_review(stay.booking, accuracy=3), "accuracy"),
        (stay.as_guest, guest_review(stay.booking, overall=0), "overall"),
        (stay.as_guest, guest_review(stay.booking, overall=6), "overall"),
        (stay.as_guest, guest_review(stay.booking, checkIn=6), "checkIn"),
        (stay.as_host, host_review(stay.booking, cleanliness=0), "cleanliness"),
        (stay.as_guest, guest_review(stay.booking, text="x" * 19), "text"),
        (stay.as_guest, guest_review(stay.booking, text="   " + "x" * 19 + "   "), "text"),
        (stay.as_host, host_review(stay.booking, privateNote="Please leave the keys."), "privateNote"),
    ]
    for client, review, field in cases:
        assert await refused(client, review) == ("INVALID_INPUT", field), review


async def test_over_long_text_is_refused_before_any_resolver(stay):
    # 2,001 characters: the schema's own cap (input_limits) refuses it as the whole operation.
    body = await stay.as_guest(WRITE, {"input": guest_review(stay.booking, text="x" * 2001)})
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "input.text"
    assert await Review.all().count() == 0
    assert (await written(stay.as_guest, guest_review(stay.booking, text="x" * 2000)))["text"] == "x" * 2000


async def test_writing_needs_a_signed_in_user(gql, stay):
    body = await GraphQLClient(gql.http)(WRITE, {"input": guest_review(stay.booking)})
    assert graphql_code(body) == "UNAUTHENTICATED"
    assert await Review.all().count() == 0


# ---- editing -------------------------------------------------------------------------------------------


async def test_a_review_is_edited_until_published_and_never_after(gql, stay):
    mine = await written(stay.as_guest, guest_review(stay.booking))
    new_text = "On reflection: a fine stay, a bit noisy at night."
    changed = (
        await stay.as_guest.ok(
            UPDATE, {"input": {"reviewId": mine["id"], "overall": 3, "value": 2, "text": new_text}}
        )
    )["updateReview"]["review"]
    assert (changed["overall"], changed["categories"]["value"], changed["text"]) == (3, 2, new_text)
    assert changed["categories"]["accuracy"] == GUEST_RATINGS["accuracy"]  # untouched
    other = await stranger(gql)
    body = await other(UPDATE, {"input": {"reviewId": mine["id"], "overall": 1}})
    assert only_error(body["data"]["updateReview"]) == ("NOT_FOUND", "reviewId")
    bad = await stay.as_guest(UPDATE, {"input": {"reviewId": mine["id"], "houseRules": 4}})
    assert only_error(bad["data"]["updateReview"]) == ("INVALID_INPUT", "houseRules")

    await written(stay.as_host, host_review(stay.booking))
    body = await stay.as_guest(UPDATE, {"input": {"reviewId": mine["id"], "overall": 5}})
    assert only_error(body["data"]["updateReview"]) == ("REVIEW_LOCKED", "reviewId")
    row = await Review.get(side="guest")
    assert (row.overall, row.value, row.text) == (3, 2, new_text)
    with pytest.raises(BaseORMException, match="a published review never changes"):
        await connections.get("default").execute_query(
            "UPDATE reviews SET text = 'Rewritten after the fact, quietly.' WHERE id = $1", [row.id]
        )
    assert (await Review.get(id=row.id)).text == new_text


# ---- privacy -------------------------------------------------------------------------------------------


async def test_the_private_note_and_the_last_name_stay_private(gql, stay):
    mine, _ = await both_published(stay, privateNote="The kettle is broken.")
    admin = await stranger(gql, is_admin=True)
    for client in (stay.as_host, stay.as_guest, admin):
        seen = await node(client, mine["id"])
        assert seen is not None and seen["privateNote"] == "The kettle is broken."
    for client in (await stranger(gql), GraphQLClient(gql.http)):
        seen = await node(client, mine["id"])
        assert seen is not None and seen["privateNote"] is None
    for client in (stay.as_host, await stranger(gql), GraphQLClient(gql.http)):
        seen = await node(client, mine["id"])
        assert seen is not None
        assert seen["author"]["lastName"] is None and seen["author"]["displayName"] == "Gwen S."
        assert "Smith" not in str(seen)


# ---- responses -----------------------------------------------------------------------------------------


async def respond(
    client: GraphQLClient, review_id: str, text: str = "Thank you, come back soon!"
) -> dict[str, Any]:
    body = await client(RESPOND, {"input": {"reviewId": review_id, "text": text}})
    payload: dict[str, Any] = body["data"]["respondToReview"]
    return payload


async def test_only_the_one_reviewed_responds_once_to_a_published_review(gql, stay):
    mine = await written(stay.as_guest, guest_review(stay.booking))
    # Pending: the subject does not even know it exists; its author is not the one reviewed.
    assert only_error(await respond(stay.as_host, mine["id"])) == ("NOT_FOUND", "reviewId")
    assert only_error(await respond(stay.as_guest, mine["id"])) == ("NOT_OWNER", "reviewId")
    await written(stay.as_host, host_review(stay.booking))
    for client in (stay.as_guest, await stranger(gql)):
        assert only_error(await respond(client, mine["id"])) == ("NOT_OWNER", "reviewId")
    assert only_error(await respond(stay.as_host, mine["id"], "  ")) == ("INVALID_INPUT", "text")
    # Published at once, so screened first: what would hold a review refuses a response.
    for text in ("Book direct next time: +31 6 12345678", "Mail me at hana at example dot com", "You idiot."):
        assert only_error(await respond(stay.as_host, mine["id"], text)) == ("INVALID_INPUT", "text")
    assert (await Review.get(side="guest")).response is None
    answered = await respond(stay.as_host, mine["id"])
    assert answered["errors"] == [] and answered["review"]["response"]["text"] == "Thank you, come back soon!"
    assert only_error(await respond(stay.as_host, mine["id"], "Another go.")) == (
        "ALREADY_RESPONDED",
        "reviewId",
    )
    seen = await node(GraphQLClient(gql.http), mine["id"])
    assert seen is not None and seen["response"]["text"] == "Thank you, come back soon!"


async def test_the_response_window_is_30_days_from_publication(stay):
    await both_published(stay)
    review = await Review.get(side="guest")
    assert review.published_at is not None
    with pytest.raises(DomainError) as caught:
        await review_resolvers.respond_to_review(
            user=stay.host,
            review_id=review.id,
            text="Too late.",
            now=review.published_at + timedelta(days=30),
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.RESPONSE_WINDOW_CLOSED, "review_id")
    assert (await Review.get(id=review.id)).response is None
    late = review.published_at + timedelta(days=29, hours=23)
    answered = await review_resolvers.respond_to_review(
        user=stay.host, review_id=review.id, text="Thanks!", now=late
    )
    assert (answered.response, answered.responded_at) == ("Thanks!", late)


# ---- reports and moderation ------------------------------------------------------------------------------


async def report(client: GraphQLClient, review_id: str, reason: str = "FAKE") -> dict[str, Any]:
    body = await client(REPORT, {"input": {"reviewId": review_id, "reason": reason, "note": "Never stayed."}})
    payload: dict[str, Any] = body["data"]["reportReview"]
    return payload


async def test_a_published_review_is_reported_once_per_user_and_not_by_its_author(gql, stay):
    mine = await written(stay.as_guest, guest_review(stay.booking))
    reporter = await stranger(gql)
    assert only_error(await report(reporter, mine["id"])) == ("NOT_FOUND", "reviewId")  # pending
    await written(stay.as_host, host_review(stay.booking))
    assert (await report(reporter, mine["id"]))["errors"] == []
    assert only_error(await report(reporter, mine["id"], "SPAM")) == ("ALREADY_REPORTED", "reviewId")
    assert only_error(await report(stay.as_guest, mine["id"])) == ("OWN_REVIEW", "reviewId")
    assert (await report(stay.as_host, mine["id"]))["errors"] == []  # the one reviewed may report it
    assert await ReviewReport.all().count() == 2


async def test_hiding_and_restoring_is_for_admins_with_a_reason(gql, stay):
    mine, _ = await both_published(stay)
    for client in (stay.as_host, await stranger(gql, is_host=True)):
        for document in (HIDE, RESTORE):
            body = await client(document, {"input": {"reviewId": mine["id"], "reason": "Because."}})
            assert graphql_code(body) == "FORBIDDEN"
    admin = await stranger(gql, is_admin=True)
    body = await admin(HIDE, {"input": {"reviewId": mine["id"], "reason": "   "}})
    assert only_error(body["data"]["hideReview"]) == ("INVALID_INPUT", "reason")
    body = await admin(RESTORE, {"input": {"reviewId": mine["id"], "reason": "Fine as it is."}})
    assert only_error(body["data"]["restoreReview"]) == ("INVALID_TRANSITION", "reviewId")  # no reports
    assert await ModerationAction.all().count() == 0
    assert (await Review.get(side="guest")).status is ReviewStatus.PUBLISHED


async def ratings(client: GraphQLClient, stay: Stay) -> tuple[dict[str, Any], dict[str, Any]]:
    listing = (await listing_page(client, stay.listing))["rating"]
    host = (await client.ok(USER, {"id": gid("User", stay.host.id), "as": "HOST"}))["user"]["rating"]
    return listing, host


async def test_a_hidden_review_leaves_every_aggregate_and_comes_back_exactly(gql, stay):
    mine, _ = await both_published(stay)
    guest2 = await create_user("gus@example.com", first_name="Gus")
    second = await completed_stay(stay.listing, guest2, start=-50)
    await written(await client_of(gql, guest2), guest_review(gid("Booking", second), overall=2, value=1))
    await written(stay.as_host, host_review(gid("Booking", second)))
    anonymous = GraphQLClient(gql.http)
    before = await ratings(anonymous, stay)
    assert [r["count"] for r in before] == [2, 2] and before[0]["average"] == 3.5

    admin = await stranger(gql, is_admin=True)
    hidden = await admin.ok(HIDE, {"input": {"reviewId": mine["id"], "reason": "Under investigation."}})
    assert hidden["hideReview"]["review"]["status"] == "HIDDEN"
    for figures in await ratings(anonymous, stay):
        assert (figures["count"], figures["average"], figures["interval"]) == (1, 2.0, None)
        assert {d["stars"]: d["count"] for d in figures["distribution"]} == {5: 0, 4: 0, 3: 0, 2: 1, 1: 0}
        assert figures["categories"]["value"] == 1.0
    assert await node(anonymous, mine["id"]) is None
    assert (await node(stay.as_guest, mine["id"]) or {})["status"] == "HIDDEN"  # its author still sees it
    assert (await listing_page(anonymous, stay.listing))["reviews"]["totalCount"] == 1

    await admin.ok(RESTORE, {"input": {"reviewId": mine["id"], "reason": "Checked: genuine."}})
    assert await ratings(anonymous, stay) == before
    trail = (
        await ModerationAction.all().order_by("id").values_list("move", "from_status", "to_status", "reason")
    )
    assert [tuple(str(v) for v in row) for row in trail] == [
        ("hide", "published", "hidden", "Under investigation."),
        ("restore", "hidden", "published", "Checked: genuine."),
    ]
    conn = connections.get("default")
    for statement in (
        "UPDATE review_moderation SET reason = 'nothing happened'",
        "DELETE FROM review_moderation",
    ):
        with pytest.raises(BaseORMException, match="append-only"):
            await conn.execute_query(statement)
    assert await ModerationAction.all().count() == 2


async def test_a_held_review_waits_for_a_moderator(gql, stay):
    await both_published(stay, text=PHONE_TEXT)
    held = await Review.get(side="guest")
    held_id = gid("Review", held.id)
    assert held.status is ReviewStatus.HELD and held.published_at is None
    assert (await node(stay.as_guest, held_id) or {})["status"] == "HELD"
    for client in (stay.as_host, GraphQLClient(gql.http)):
        assert await node(client, held_id) is None
        assert (await listing_page(client, stay.listing))["reviews"]["totalCount"] == 0
    assert (await ratings(stay.as_host, stay))[0]["count"] == 0
    assert graphql_code(await stay.as_host(QUEUE)) == "FORBIDDEN"

    admin = await stranger(gql, is_admin=True)
    queue = (await admin.ok(QUEUE))["moderationQueue"]
    assert queue["totalCount"] == 1
    assert queue["edges"][0]["node"] == {"id": held_id, "status": "HELD", "flags": ["phone"], "reports": []}
    restored = await admin.ok(RESTORE, {"input": {"reviewId": held_id, "reason": "A shop's number, fine."}})
    assert restored["restoreReview"]["review"]["status"] == "PUBLISHED"
    assert (await admin.ok(QUEUE))["moderationQueue"]["totalCount"] == 0
    assert [r["count"] for r in await ratings(GraphQLClient(gql.http), stay)] == [1, 1]
    assert (await node(stay.as_host, held_id) or {})["status"] == "PUBLISHED"


async def test_restoring_a_reported_review_dismisses_its_reports(gql, stay):
    mine, _ = await both_published(stay)
    reporters = [await stranger(gql) for _ in range(2)]
    for reporter, reason in zip(reporters, ("FAKE", "OFFENSIVE"), strict=True):
        assert (await report(reporter, mine["id"], reason))["errors"] == []
    admin = await stranger(gql, is_admin=True)
    queue = (await admin.ok(QUEUE))["moderationQueue"]
    assert queue["totalCount"] == 1 and queue["edges"][0]["node"]["status"] == "PUBLISHED"
    reports = queue["edges"][0]["node"]["reports"]
    assert sorted(r["reason"] for r in reports) == ["FAKE", "OFFENSIVE"]
    assert all(r["resolvedAt"] is None and r["note"] == "Never stayed." for r in reports)

    before = await ratings(GraphQLClient(gql.http), stay)
    stands = await admin.ok(RESTORE, {"input": {"reviewId": mine["id"], "reason": "Reports unfounded."}})
    assert stands["restoreReview"]["review"]["status"] == "PUBLISHED"
    assert (await admin.ok(QUEUE))["moderationQueue"]["totalCount"] == 0
    assert await ReviewReport.filter(resolved_at=None).count() == 0
    assert await ratings(GraphQLClient(gql.http), stay) == before
    row = await ModerationAction.get()
    assert (row.from_status, row.to_status) == (ReviewStatus.PUBLISHED, ReviewStatus.PUBLISHED)


# ---- reads ------------------------------------------------------------------------------------------------


async def test_reviews_to_write_lists_each_open_stay_until_written(stay):
    older = await completed_stay(stay.listing, stay.guest, ended_days_ago=10, start=-60)
    await completed_stay(stay.listing, stay.guest, ended_days_ago=20, start=-90)  # window closed
    due = (await stay.as_guest.ok(TO_WRITE))["reviewsToWrite"]
    assert [(d["side"], d["booking"]["id"]) for d in due] == [
        ("GUEST", gid("Booking", older)),  # the closest deadline first
        ("GUEST", stay.booking),
    ]
    for entry, booking_id in zip(due, (older, stay.booking_id), strict=True):
        ends_at = (await Booking.get(id=booking_id)).ends_at
        assert datetime.fromisoformat(entry["deadline"]) == ends_at + timedelta(days=14)
    assert [d["side"] for d in (await stay.as_host.ok(TO_WRITE))["reviewsToWrite"]] == ["HOST", "HOST"]

    await written(stay.as_guest, guest_review(stay.booking))
    due = (await stay.as_guest.ok(TO_WRITE))["reviewsToWrite"]
    assert [d["booking"]["id"] for d in due] == [gid("Booking", older)]
    assert len((await stay.as_host.ok(TO_WRITE))["reviewsToWrite"]) == 2  # the host's own are still due


async def test_a_users_reviews_and_rating_as_host_and_as_guest(gql, stay):
    mine, theirs = await both_published(stay)
    anonymous = GraphQLClient(gql.http)
    host = (await anonymous.ok(USER, {"id": gid("User", stay.host.id), "as": "HOST"}))["user"]
    assert [e["node"]["id"] for e in host["reviews"]["edges"]] == [mine["id"]]
    assert (host["rating"]["count"], host["rating"]["average"]) == (1, 5.0)
    assert (
        host["rating"]["categories"]["location"] == 4.0 and host["rating"]["categories"]["houseRules"] is None
    )
    guest = (await anonymous.ok(USER, {"id": gid("User", stay.guest.id), "as": "GUEST"}))["user"]
    assert [(e["node"]["id"], e["node"]["side"]) for e in guest["reviews"]["edges"]] == [
        (theirs["id"], "HOST")
    ]
    assert (guest["rating"]["count"], guest["rating"]["average"]) == (1, 4.0)
    assert (
        guest["rating"]["categories"]["houseRules"] == 5.0 and guest["rating"]["categories"]["value"] is None
    )
    for user, side in ((stay.host, "GUEST"), (stay.guest, "HOST")):  # nothing on the other side
        other = (await anonymous.ok(USER, {"id": gid("User", user.id), "as": side}))["user"]
        assert other["reviews"]["totalCount"] == 0 and other["rating"]["count"] == 0


async def test_listing_reviews_sort_and_page_without_gaps_or_repeats(gql, stay):
    overalls = [3, 5, 4, 5, 2, 4, 1]
    for i, overall in enumerate(overalls):
        booking = await completed_stay(stay.listing, stay.guest, start=-40 - 3 * i)
        text = f"Stay number {i}: {GUEST_TEXT}"
        ratings = {"overall": overall, **dict.fromkeys(("cleanliness", "accuracy", "check_in"), 4)}
        ratings |= dict.fromkeys(("communication", "location", "value"), 4)
        await review_resolvers.write_review(user=stay.guest, booking_id=booking, ratings=ratings, text=text)
        host_ratings = {"overall": 4, "house_rules": 4, "communication": 4, "cleanliness": 4}
        await review_resolvers.write_review(
            user=stay.host, booking_id=booking, ratings=host_ratings, text=HOST_TEXT
        )
    rows = await Review.filter(side="guest").order_by("-published_at", "-id")
    newest = [gid("Review", r.id) for r in rows]
    by_score = sorted(rows, key=lambda r: -r.overall)  # stable: newest first among equals
    expected = {
        "NEWEST": newest,
        "HIGHEST": [gid("Review", r.id) for r in by_score],
        "LOWEST": [gid("Review", r.id) for r in sorted(rows, key=lambda r: r.overall)],
    }
    anonymous = GraphQLClient(gql.http)
    for sort, order in expected.items():
        whole = (await listing_page(anonymous, stay.listing, sort=sort, first=20))["reviews"]
        assert [e["node"]["id"] for e in whole["edges"]] == order, sort
        seen: list[str] = []
        after = None
        while True:
            page = (await listing_page(anonymous, stay.listing, sort=sort, first=2, after=after))["reviews"]
            assert page["totalCount"] == len(overalls)
            seen += [e["node"]["id"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert seen == order, sort
    overall_of = {gid("Review", r.id): r.overall for r in rows}
    assert [overall_of[i] for i in expected["HIGHEST"]] == sorted(overalls, reverse=True)


async def test_a_lone_review_is_published_once_its_window_closes(stay):
    booking = await completed_stay(stay.listing, stay.guest, ended_days_ago=13, start=-60)
    mine = await written(stay.as_guest, guest_review(gid("Booking", booking)))
    assert mine["status"] == "PENDING"
    now = datetime.now(UTC)
    assert await review_resolvers.release_closed_windows(now=now) == 0  # a day of its window is left
    assert (await Review.get()).status is ReviewStatus.PENDING
    later = now + timedelta(days=1, hours=1)
    assert await review_resolvers.release_closed_windows(now=later) == 1
    row = await Review.get()
    assert (row.status, row.published_at) == (ReviewStatus.PUBLISHED, later)
    assert await review_resolvers.release_closed_windows(now=later + timedelta(hours=1)) == 0
    assert (await Review.get()).published_at == later
    assert (await node(stay.as_host, mine["id"]) or {})["status"] == "PUBLISHED"
