"""Payment webhooks: POST /webhooks/{provider} (signature, replay window, stored once) and their
processing (tasks.payments): idempotent, in any order, late; and end to end with the simulated
gateway sending its webhooks through a real Celery worker to a real server of the app.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from tortoise import connections

from core.gateways import get_gateway, simulated_store
from core.gateways.simulated import SIGNATURE_HEADER, sign
from core.gateways.simulated_store import SimulatedIntent
from core.settings import get_settings
from models.bookings import Booking, BookingStatus
from models.listings import Night
from models.payments import (
    Payment,
    PaymentStatus,
    Payout,
    PayoutStatus,
    WebhookEvent,
)
from tasks.payments import _process
from tests.booking_helpers import CANCEL, DECLINE, make_listing, signed_in
from tests.conftest import create_user, sign_in
from tests.payment_helpers import account_totals, add_card, create_booking, pay, unbalanced_transactions
from tests.waiting import eventually

PROCESS_EVENT = "tasks.payments.process_webhook_event"


# ---- helpers ---------------------------------------------------------------------------------------------


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    """Jobs the endpoint hands on, kept here (so these tests process events themselves)."""
    jobs: list[tuple[str, tuple[Any, ...]]] = []

    async def record(name: str, *args: Any) -> None:
        jobs.append((name, args))

    monkeypatch.setattr("webhooks.payments.enqueue", record)
    return jobs


@pytest.fixture
def emitted(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The simulated gateway's webhook events, kept here instead of sent through Celery."""
    events: list[dict[str, Any]] = []

    async def record(app: Any, event: dict[str, Any], delays: list[float]) -> None:
        if not any(e["id"] == event["id"] for e in events):  # (each is sent 1 + duplicates times)
            events.append(event)

    monkeypatch.setattr("core.gateways.simulated._send_tasks", record)
    return events


def intent_event(
    kind: str,
    intent: SimulatedIntent,
    *,
    captured: int | None = None,
    decline_code: str | None = None,
    created: int | None = None,
) -> dict[str, Any]:
    """An event as the simulated gateway sends it (core.gateways.simulated.SimulatedGateway._emit)."""
    status = kind.removeprefix("intent.")
    if captured is None:
        captured = intent.amount if status == "captured" else 0
    return {
        "id": f"evt_test_{uuid.uuid4().hex[:20]}",
        "type": kind,
        "created": int(time.time()) if created is None else created,
        "data": {
            "intent_id": intent.id,
            "status": status,
            "amount": intent.amount,
            "captured": captured,
            "refunded": 0,
            "currency": intent.currency,
            "decline_code": decline_code,
        },
    }


def signed(body: bytes, *, secret: str | None = None, timestamp: int | None = None) -> dict[str, str]:
    secret = get_settings().simulated_webhook_secret if secret is None else secret
    return {"content-type": "application/json", SIGNATURE_HEADER: sign(body, secret, timestamp)}


async def deliver(
    client: httpx.AsyncClient, event: dict[str, Any] | bytes, provider: str = "simulated", **signing: Any
) -> httpx.Response:
    body = event if isinstance(event, bytes) else json.dumps(event).encode()
    return await client.post(f"/webhooks/{provider}", content=body, headers=signed(body, **signing))


async def deliver_and_process(client: httpx.AsyncClient, event: dict[str, Any]) -> str:
    response = await deliver(client, event)
    assert response.status_code == 200, response.text
    row = await WebhookEvent.get(provider="simulated", event_id=event["id"])
    return await _process(row.id)


async def captures_of(payment: Payment) -> list[int]:
    """The cash each capture posting of `payment` brought in."""
    rows = await connections.get("default").execute_query_dict(
        """SELECT e.amount FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
           WHERE t.kind = 'capture' AND t.payment_id = $1 AND e.account = 'gateway_clearing'
           ORDER BY t.id""",
        [payment.id],
    )
    return [int(r["amount"]) for r in rows]


async def ledger_kinds(booking_id: uuid.UUID) -> list[str]:
    rows = await connections.get("default").execute_query_dict(
        "SELECT kind FROM ledger_transactions WHERE booking_id = $1 ORDER BY id", [booking_id]
    )
    return [r["kind"] for r in rows]


async def _booking(gql: Any, *, instant: bool = True, policy: str | None = None, **dates: int) -> dict:
    host = await create_user(f"host-{uuid.uuid4().hex[:6]}@example.com", is_host=True)
    fields: dict[str, Any] = {"instant_book": instant}
    if policy:
        fields["cancellation_policy"] = policy
    listing = await make_listing(host, **fields)
    await signed_in(gql, f"guest-{uuid.uuid4().hex[:6]}@example.com")
    booking = await create_booking(gql, listing, **dates)
    booking["host_email"] = host.email
    return booking


async def paid_booking(
    gql: Any, token: str = "tok_visa", **options: Any
) -> tuple[dict, Payment, SimulatedIntent]:
    """A booking paid through GraphQL: its payment and the gateway's intent."""
    booking = await _booking(gql, **options)
    result = await pay(gql, booking["id"], await add_card(gql, token))
    assert result["errors"] == [], result
    payment = await Payment.get(booking_id=_booking_id(booking))
    return booking, payment, await simulated_store.intent(payment.intent_id)


def _booking_id(booking: dict) -> uuid.UUID:
    from strawberry import relay

    return uuid.UUID(relay.GlobalID.from_id(booking["id"]).node_id)


# ---- the endpoint ----------------------------------------------------------------------------------------


async def test_a_signed_event_is_stored_once_and_handed_to_a_task(client, enqueued):
    event = {
        "id": "evt_sim_0123456789abcdef0123",
        "type": "intent.captured",
        "created": int(time.time()),
        "data": {
            "intent_id": "pi_sim_nobody",
            "status": "captured",
            "amount": 41745,
            "captured": 41745,
            "refunded": 0,
            "currency": "EUR",
            "decline_code": None,
        },
    }
    response = await deliver(client, event)
    assert response.status_code == 200
    assert response.json() == {"received": True, "duplicate": False}
    row = await WebhookEvent.get(event_id=event["id"])  # (an earlier test's late webhook may be there too)
    assert (row.provider, row.event_id, row.type, row.processed_at) == (
        "simulated",
        event["id"],
        "intent.captured",
        None,
    )
    assert row.payload == {"intent_id": "pi_sim_nobody", "data": event["data"]}
    assert enqueued == [(PROCESS_EVENT, (row.id,))]

    again = await deliver(client, event)  # the provider's retry: acknowledged, nothing more
    assert again.status_code == 200 and again.json() == {"received": True, "duplicate": True}
    assert await WebhookEvent.filter(event_id=event["id"]).count() == 1
    assert len(enqueued) == 1


async def test_the_same_event_ten_times_at_once_is_stored_once(client, enqueued):
    event = {
        "id": f"evt_sim_{uuid.uuid4().hex[:20]}",
        "type": "intent.authorized",
        "created": int(time.time()),
        "data": {"intent_id": "pi_sim_x", "status": "authorized", "amount": 100, "captured": 0},
    }
    responses = await asyncio.gather(*(deliver(client, event) for _ in range(10)))
    assert all(200 <= r.status_code < 300 for r in responses), [r.text for r in responses]
    assert sorted(r.json()["duplicate"] for r in responses) == [False] + [True] * 9
    assert await WebhookEvent.filter(event_id=event["id"]).count() == 1
    assert len(enqueued) == 1


async def stored(body: bytes) -> bool:
    """Whether an event of this body was stored: looked up by its id (the session's real worker may
    still deliver an earlier test's late webhook, so "no event at all" is not this test's to say)."""
    try:
        event = json.loads(body)
    except ValueError:
        return False  # no id to store it under
    event_id = event.get("id") if isinstance(event, dict) else None
    if not isinstance(event_id, str) or len(event_id) > 100:
        return False  # not an id the table can hold
    return await WebhookEvent.filter(event_id=event_id).exists()


def _event_body() -> bytes:
    return json.dumps(
        {
            "id": f"evt_sim_{uuid.uuid4().hex[:20]}",
            "type": "intent.captured",
            "created": int(time.time()),
            "data": {"intent_id": "pi_sim_x", "status": "captured", "amount": 100, "captured": 100},
        }
    ).encode()


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda body: signed(body, secret="whsec_someone_else"), id="other-secret"),
        pytest.param(lambda body: signed(body + b" "), id="signed-another-body"),
        pytest.param(lambda body: {"content-type": "application/json"}, id="no-signature"),
        pytest.param(lambda body: {SIGNATURE_HEADER: "garbage"}, id="malformed-header"),
        pytest.param(lambda body: {SIGNATURE_HEADER: "t=soon,v1=abc"}, id="malformed-timestamp"),
        pytest.param(
            lambda body: {SIGNATURE_HEADER: signed(body)[SIGNATURE_HEADER].replace("v1=", "v0=")},
            id="unknown-scheme",
        ),
        pytest.param(lambda body: signed(body, timestamp=int(time.time()) - 301), id="replayed-301s-later"),
        pytest.param(
            lambda body: signed(body, timestamp=int(time.time()) - 86400), id="replayed-a-day-later"
        ),
        # A minute past the tolerance: at +301 a request that took a second to arrive was inside it.
        pytest.param(lambda body: signed(body, timestamp=int(time.time()) + 360), id="from-the-future"),
    ],
)
async def test_a_bad_signature_or_an_old_timestamp_is_refused_and_stores_nothing(client, enqueued, headers):
    body = _event_body()
    response = await client.post("/webhooks/simulated", content=body, headers=headers(body))
    assert response.status_code == 400, response.text
    assert "error" in response.json()
    assert not await stored(body)
    assert enqueued == []


async def test_a_timestamp_within_the_tolerance_is_accepted(client, enqueued):
    body = _event_body()
    response = await client.post(
        "/webhooks/simulated", content=body, headers=signed(body, timestamp=int(time.time()) - 290)
    )
    assert response.status_code == 200
    assert await WebhookEvent.filter(event_id=json.loads(body)["id"]).count() == 1


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b'{"id": "evt_1", "type": "intent.captured"',
        b"\xff\xfe\x00",
        b"[]",
        b'"evt_1"',
        b'{"type": "intent.captured", "created": 1, "data": {}}',
        b'{"id": "evt_1", "created": 1, "data": {}}',
        b'{"id": "evt_1", "type": "intent.captured", "data": {}}',
        b'{"id": "evt_1", "type": "intent.captured", "created": "yesterday", "data": {}}',
        b'{"id": "evt_1", "type": "intent.captured", "created": 1, "data": []}',
        b'{"id": "evt_1", "type": "intent.captured", "created": 1, "data": null}',
    ],
)
async def test_a_malformed_body_with_a_valid_signature_is_refused(client, enqueued, body):
    response = await client.post("/webhooks/simulated", content=body, headers=signed(body))
    assert response.status_code == 400, response.text
    assert not await stored(body)
    assert enqueued == []


async def test_an_unknown_provider_is_not_found(client, enqueued):
    body = _event_body()
    for provider in ("paypal", "Simulated", "simulated.json"):
        response = await client.post(f"/webhooks/{provider}", content=body, headers=signed(body))
        assert response.status_code == 404, provider
    assert (await client.get("/webhooks/simulated")).status_code == 405
    assert not await stored(body)
    assert enqueued == []


# ---- processing: once, in any order -----------------------------------------------------------------------


async def test_a_capture_the_app_missed_is_applied_once_from_its_webhook(
    gql, client, enqueued, emitted, payments_on
):
    # A request: the guest's card is authorized only, until the host accepts.
    _, payment, intent = await paid_booking(gql, instant=False)
    assert payment.status is PaymentStatus.AUTHORIZED and intent.status == "authorized"
    # The capture happens at the gateway, but its answer never reached us (a timeout, a crash).
    await get_gateway("simulated").capture(intent.id, amount=intent.amount, idempotency_key="lost-answer")
    [_, captured] = emitted
    assert captured["type"] == "intent.captured"

    assert await deliver_and_process(client, captured) == "done"
    payment = await Payment.get(id=payment.id)
    assert payment.status is PaymentStatus.CAPTURED and payment.captured_amount == payment.amount
    assert await captures_of(payment) == [payment.amount]

    # Processed again (a task redelivered), delivered again, and a copy under another id: no more.
    row = await WebhookEvent.get(event_id=captured["id"])
    assert row.processed_at is not None
    assert await _process(row.id) == "done"
    assert (await deliver(client, captured)).json()["duplicate"] is True
    copy = {**captured, "id": f"evt_copy_{uuid.uuid4().hex[:12]}"}
    assert await deliver_and_process(client, copy) == "done"
    assert await captures_of(payment) == [payment.amount]
    assert (await Payment.get(id=payment.id)).captured_amount == payment.amount
    assert await unbalanced_transactions() == 0


async def test_the_same_capture_processed_concurrently_posts_once(
    gql, client, enqueued, emitted, payments_on
):
    _, payment, intent = await paid_booking(gql, "tok_3ds")
    assert payment.status is PaymentStatus.REQUIRES_ACTION
    await get_gateway("simulated").confirm(intent.id, idempotency_key="x")  # the guest, at the gateway
    captured = emitted[-1]
    copies = [captured, *({**captured, "id": f"evt_copy_{i}_{uuid.uuid4().hex[:8]}"} for i in range(4))]
    for event in copies:
        assert (await deliver(client, event)).status_code == 200
    rows = await WebhookEvent.filter(type="intent.captured").values_list("id", flat=True)
    outcomes = await asyncio.gather(*(_process(row) for row in [*rows, *rows]))
    assert set(outcomes) == {"done"}
    payment = await Payment.get(id=payment.id)
    assert payment.status is PaymentStatus.CAPTURED
    assert await captures_of(payment) == [payment.amount]
    assert (await Booking.get(id=payment.booking_id)).status is BookingStatus.CONFIRMED  # instant: paid
    assert not await WebhookEvent.filter(processed_at=None, type="intent.captured").exists()


async def test_three_d_secure_completed_at_the_gateway_confirms_the_booking_through_the_webhook(
    gql, client, enqueued, emitted, payments_on
):
    _, payment, intent = await paid_booking(gql, "tok_3ds")
    [requires_action] = emitted
    assert requires_action["type"] == "intent.requires_action"
    assert await deliver_and_process(client, requires_action) == "done"
    assert (await Payment.get(id=payment.id)).status is PaymentStatus.REQUIRES_ACTION

    await get_gateway("simulated").confirm(intent.id, idempotency_key="x")
    assert await deliver_and_process(client, emitted[-1]) == "done"
    payment = await Payment.get(id=payment.id)
    assert payment.status is PaymentStatus.CAPTURED and payment.captured_amount == payment.amount
    assert (await Booking.get(id=payment.booking_id)).status is BookingStatus.CONFIRMED
    assert await captures_of(payment) == [payment.amount]
    totals = await account_totals()
    assert totals[("gateway_clearing", "EUR")] == -totals[("guest_funds", "EUR")] == payment.amount


@pytest.mark.parametrize(
    "order",
    [
        ["captured", "requires_action"],
        ["captured", "authorized"],
        ["captured", "failed"],
        ["captured", "canceled"],
        ["requires_action", "captured", "authorized", "failed", "canceled"],
        ["failed", "captured"],
        ["canceled", "captured", "requires_action"],
        ["authorized", "captured", "captured", "authorized"],
    ],
)
async def test_events_in_any_order_end_captured_once(gql, client, enqueued, emitted, payments_on, order):
    _, payment, intent = await paid_booking(gql, "tok_3ds")
    await get_gateway("simulated").confirm(intent.id, idempotency_key="x")  # the truth: captured
    intent = await simulated_store.intent(intent.id)
    for kind in order:
        code = "card_declined" if kind == "failed" else None
        event = intent_event(f"intent.{kind}", intent, decline_code=code)
        assert await deliver_and_process(client, event) == "done"
    payment = await Payment.get(id=payment.id)
    assert payment.status is PaymentStatus.CAPTURED
    assert payment.captured_amount == payment.amount and payment.refunded_amount == 0
    assert await captures_of(payment) == [payment.amount]
    assert (await Booking.get(id=payment.booking_id)).status is BookingStatus.CONFIRMED
    assert await unbalanced_transactions() == 0


async def test_an_event_for_an_intent_not_known_yet_waits_for_a_retry(gql, client, enqueued, emitted):
    _, payment, intent = await paid_booking(gql)
    # The webhook overtook the gateway's answer: the payment is sent, its intent id not recorded yet.
    await Payment.filter(id=payment.id).update(status=PaymentStatus.PENDING, intent_id=None)
    event = intent_event("intent.captured", intent)
    response = await deliver(client, event)
    assert response.status_code == 200
    row = await WebhookEvent.get(event_id=event["id"])
    assert await _process(row.id) == "unknown"  # the task retries it
    assert (await WebhookEvent.get(id=row.id)).processed_at is None

    await Payment.filter(id=payment.id).update(intent_id=intent.id)  # the answer is recorded
    assert await _process(row.id) == "done"
    assert (await Payment.get(id=payment.id)).status is PaymentStatus.CAPTURED


async def test_events_that_need_nothing_are_marked_processed(client, enqueued):
    host = await create_user("host@example.com", is_host=True)
    payout = await Payout.create(
        host_id=host.id,
        amount=1000,
        currency="EUR",
        listing_amount=1000,
        listing_currency="EUR",
        status=PayoutStatus.PENDING,
        run_key="test-run",
        gateway_payout_id="po_sim_test",
    )
    events = [
        {"type": "payout.paid", "data": {"intent_id": None, "payout_id": "po_sim_test", "amount": 1000}},
        {"type": "refund.succeeded", "data": {"intent_id": "pi_sim_x", "refund_id": "re_1"}},
        {"type": "customer.created", "data": {}},
    ]
    for i, event in enumerate(events):
        event.update(id=f"evt_misc_{i}_{uuid.uuid4().hex[:8]}", created=int(time.time()))
        assert await deliver_and_process(client, event) == "done"
    assert (await Payout.get(id=payout.id)).status is PayoutStatus.PAID
    assert not await WebhookEvent.filter(processed_at=None).exists()


# ---- late webhooks: the booking ended meanwhile ------------------------------------------------------------


async def test_a_capture_at_the_gateway_before_a_cancellation_is_refunded_in_full(
    gql, client, enqueued, emitted, payments_on
):
    booking, payment, intent = await paid_booking(gql, "tok_3ds")
    # The guest completes 3-D Secure at the gateway; the webhook saying so is late.
    await get_gateway("simulated").confirm(intent.id, idempotency_key="x")
    late = emitted[-1]
    assert late["type"] == "intent.captured"
    # Meanwhile the guest cancels (the booking was never confirmed: everything comes back).
    data = (await gql.ok(CANCEL, {"id": booking["id"]}))["cancelBooking"]
    assert data["booking"]["status"] == "CANCELLED"

    assert await deliver_and_process(client, late) == "done"
    payment = await Payment.get(id=payment.id)
    assert payment.status is PaymentStatus.CAPTURED
    assert payment.refunded_amount == payment.captured_amount == payment.amount
    assert (await simulated_store.intent(intent.id)).refunded == intent.amount  # the gateway agrees
    booking_row = await Booking.get(id=payment.booking_id)
    assert booking_row.status is BookingStatus.CANCELLED
    assert not await Night.filter(booking_id=booking_row.id).exists()
    assert await captures_of(payment) == [payment.amount]
    assert await ledger_kinds(booking_row.id) == ["capture", "refund"]
    assert (await account_totals()).get(("guest_funds", "EUR"), 0) == 0
    assert await unbalanced_transactions() == 0


async def test_three_d_secure_completed_after_a_cancellation_takes_no_money(
    gql, client, enqueued, emitted, payments_on
):
    booking, payment, intent = await paid_booking(gql, "tok_3ds")
    data = (await gql.ok(CANCEL, {"id": booking["id"]}))["cancelBooking"]
    assert data["booking"]["status"] == "CANCELLED"
    assert (await Payment.get(id=payment.id)).status is PaymentStatus.VOIDED  # released at once

    # The guest completes 3-D Secure anyway: the gateway has cancelled the intent, nothing is taken.
    result = await get_gateway("simulated").confirm(intent.id, idempotency_key="x")
    assert result.status == "canceled" and result.captured == 0
    for event in emitted:
        assert await deliver_and_process(client, event) == "done"
    payment = await Payment.get(id=payment.id)
    assert payment.status is PaymentStatus.VOIDED and payment.captured_amount == 0
    assert (await Booking.get(id=payment.booking_id)).status is BookingStatus.CANCELLED
    assert not await Night.filter(booking_id=payment.booking_id).exists()
    assert await account_totals() == {}


async def test_a_late_capture_for_an_expired_booking_is_refunded(gql, client, enqueued, emitted, payments_on):
    from resolvers.booking_lifecycle import run_lifecycle

    _, payment, intent = await paid_booking(gql, "tok_3ds")
    await get_gateway("simulated").confirm(intent.id, idempotency_key="x")  # at the last moment
    late = emitted[-1]
    row = await Booking.get(id=payment.booking_id)
    assert row.status is BookingStatus.PENDING and row.expires_at is not None
    await run_lifecycle(row.expires_at + timedelta(seconds=1))  # never paid, as far as we know
    assert (await Booking.get(id=row.id)).status is BookingStatus.CANCELLED

    assert await deliver_and_process(client, late) == "done"
    payment = await Payment.get(id=payment.id)
    assert payment.refunded_amount == payment.captured_amount == payment.amount
    assert (await Booking.get(id=row.id)).status is BookingStatus.CANCELLED
    assert not await Night.filter(booking_id=row.id).exists()
    assert await captures_of(payment) == [payment.amount]
    assert (await account_totals()).get(("guest_funds", "EUR"), 0) == 0


async def test_a_late_authorization_for_a_declined_request_stays_released(
    gql, client, enqueued, emitted, payments_on
):
    booking, payment, intent = await paid_booking(gql, instant=False)
    [authorized] = emitted
    await sign_in(gql, booking["host_email"])
    assert (await gql.ok(DECLINE, {"id": booking["id"]}))["declineBooking"]["booking"][
        "status"
    ] == "CANCELLED"
    assert (await simulated_store.intent(intent.id)).status == "canceled"
    for event in [authorized, *emitted[1:]]:  # the authorization's webhook arrives after the release
        assert await deliver_and_process(client, event) == "done"
    payment = await Payment.get(id=payment.id)
    assert payment.status is PaymentStatus.VOIDED and payment.captured_amount == 0
    assert await account_totals() == {}


# ---- a cancellation racing a late webhook, a settle that never ran, a lost queueing, odd bodies -------


@pytest.fixture
def both_settles_compute_first(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Hold each refund until two are on their way (or 2 s passed): the timing in which a cancellation's
    settle and a late webhook's settle both read what was paid before either refunds."""
    from resolvers.payments import booking_money

    original, arrived, both = booking_money.record_refund, [], asyncio.Event()

    async def rendezvous(*args: Any, **kwargs: Any) -> Any:
        arrived.append(1)
        if len(arrived) >= 2:
            both.set()
        try:
            await asyncio.wait_for(both.wait(), 2)
        except TimeoutError:
            pass  # (serialized, as it should be: the other never came)
        return await original(*args, **kwargs)

    monkeypatch.setattr(booking_money, "record_refund", rendezvous)
    return arrived


async def test_a_late_webhook_during_a_cancellation_refunds_once(
    gql, client, enqueued, emitted, payments_on, monkeypatch, both_settles_compute_first
):
    from resolvers import payments

    booking, payment, _ = await paid_booking(gql, policy="moderate", check_in=2, check_out=5)
    late = emitted[-1]  # intent.captured, not delivered yet
    assert (await deliver(client, late)).status_code == 200
    row = await WebhookEvent.get(event_id=late["id"])

    async def later(booking_id: uuid.UUID) -> None:
        pass

    with monkeypatch.context() as m:  # the cancellation commits; its settle runs just below
        m.setattr(payments, "settle", later)
        data = (await gql.ok(CANCEL, {"id": booking["id"]}))["cancelBooking"]
    refund = data["refund"]["total"]["amountMinor"]
    assert 0 < refund < payment.amount
    # The cancellation's settle, and the late webhook's (apply_intent settles a cancelled booking).
    await asyncio.gather(payments.settle(payment.booking_id), _process(row.id))

    payment = await Payment.get(id=payment.id)
    assert payment.refunded_amount == refund  # today: 2 x 20250
    assert (await account_totals()).get(("guest_funds", "EUR"), 0) == 0
    assert await ledger_kinds(payment.booking_id) == ["capture", "refund", "recognise"]
    assert both_settles_compute_first, "the rendezvous held the refund (the patch is where settle calls)"


async def test_reconcile_refunds_a_cancelled_booking_whose_settle_never_ran(
    gql, emitted, payments_on, monkeypatch
):
    from datetime import UTC, datetime

    from resolvers import payments

    booking, payment, _ = await paid_booking(gql, policy="moderate", check_in=2, check_out=5)

    async def crash(booking_id: uuid.UUID) -> None:
        raise ConnectionError("the worker died here")

    with monkeypatch.context() as m:  # the cancellation commits, then the process dies
        m.setattr(payments, "settle", crash)
        body = await gql(CANCEL, {"id": booking["id"]})
    assert body["errors"]
    row = await Booking.get(id=payment.booking_id)
    assert row.status is BookingStatus.CANCELLED and row.refund_total is not None

    counts = await payments.reconcile(datetime.now(UTC) + timedelta(minutes=5))
    assert counts["settled"] == 1  # today: 0
    payment = await Payment.get(id=payment.id)
    assert payment.refunded_amount == row.refund_total
    assert (await account_totals()).get(("guest_funds", "EUR"), 0) == 0


async def test_an_event_whose_task_could_not_be_queued_is_queued_on_the_retry(asgi_app, monkeypatch):
    calls: list[tuple[Any, ...]] = []

    async def flaky(name: str, *args: Any) -> None:
        calls.append(args)
        if len(calls) == 1:
            raise ConnectionError("the broker is down")

    monkeypatch.setattr("webhooks.payments.enqueue", flaky)
    body = _event_body()
    transport = httpx.ASGITransport(app=asgi_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        first = await http.post("/webhooks/simulated", content=body, headers=signed(body))
        # A transient fault is a 503 with a retry hint (never a bare 500): the provider retries.
        assert first.status_code == 503 and first.headers["retry-after"]
        retry = await http.post("/webhooks/simulated", content=body, headers=signed(body))
    assert retry.status_code == 200
    row = await WebhookEvent.get(event_id=json.loads(body)["id"])
    assert row.processed_at is None
    assert len(calls) == 2 and calls[-1] == (row.id,)  # today: only the failed attempt


@pytest.mark.parametrize(
    "body",
    [
        b'{"id": "evt_1", "type": "intent.captured", "created": 1e999, "data": {}}',
        b'{"id": "' + b"e" * 101 + b'", "type": "intent.captured", "created": 1, "data": {}}',
        b'{"id": "evt_1", "type": "' + b"t" * 61 + b'", "created": 1, "data": {}}',
    ],
    ids=["infinite-created", "id-over-100-chars", "type-over-60-chars"],
)
async def test_an_out_of_range_body_with_a_valid_signature_is_refused(asgi_app, body):
    transport = httpx.ASGITransport(app=asgi_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post("/webhooks/simulated", content=body, headers=signed(body))
    assert response.status_code == 400
    assert not await stored(body)


# ---- end to end: the gateway's webhooks through Celery to a live server ---------------------------------------


async def test_webhooks_arrive_late_and_twice_through_celery_and_change_nothing_twice(
    gql, payments_on, celery_worker, webhook_server
):
    settings = get_settings()
    assert settings.simulated_webhook_duplicates >= 1  # every event is delivered at least twice
    latest_copy = settings.simulated_webhook_delay_seconds * 1.5

    async def events() -> list[WebhookEvent]:
        # (Only this intent's: a worker that ran earlier tests may still deliver theirs, late.)
        return [r for r in await WebhookEvent.all() if r.payload.get("intent_id") == intent.id]

    async def stored_and_processed(count: int) -> None:
        async def check() -> bool:
            rows = await events()
            return len(rows) == count and all(r.processed_at is not None for r in rows)

        await eventually(check)
        await asyncio.sleep(latest_copy + 1)  # the late copies arrive: answered, not stored again
        assert len(await events()) == count

    _, payment, intent = await paid_booking(gql, "tok_3ds")
    assert payment.status is PaymentStatus.REQUIRES_ACTION
    # The guest completes 3-D Secure at the gateway: only its webhook tells the app.
    await get_gateway("simulated").confirm(intent.id, idempotency_key="guest-at-the-gateway")
    await stored_and_processed(2)  # intent.requires_action, intent.captured
    payment = await Payment.get(id=payment.id)
    assert payment.status is PaymentStatus.CAPTURED and payment.captured_amount == payment.amount
    assert (await Booking.get(id=payment.booking_id)).status is BookingStatus.CONFIRMED

    # The guest cancels: a refund by policy, and one more event (refund.succeeded).
    booking = (await gql.ok(CANCEL, {"id": _gid(payment.booking_id)}))["cancelBooking"]
    refund = booking["refund"]["total"]["amountMinor"]
    assert refund > 0
    sent = await simulated_store.answer_count()  # each request the gateway answered sent one event
    assert sent == 3  # create (requires_action), confirm (captured), refund (refund.succeeded)
    await stored_and_processed(sent)

    rows = await events()
    assert len({r.event_id for r in rows}) == len(rows) == sent  # one row per distinct event
    assert sorted(r.type for r in rows) == ["intent.captured", "intent.requires_action", "refund.succeeded"]
    payment = await Payment.get(id=payment.id)
    assert payment.status is PaymentStatus.CAPTURED and payment.captured_amount == payment.amount
    assert payment.refunded_amount == refund  # (the listing's currency is the guest's here)
    assert await captures_of(payment) == [payment.amount]  # captured once in the ledger
    assert (await ledger_kinds(payment.booking_id))[:2] == ["capture", "refund"]
    assert await unbalanced_transactions() == 0
    assert (await account_totals()).get(("guest_funds", "EUR"), 0) == 0


def _gid(booking_id: uuid.UUID) -> str:
    from tests.listing_helpers import gid

    return gid("Booking", booking_id)


# ---- what the task could never act on ---------------------------------------------------------------------


def _intent_body(kind: str = "intent.captured", **data: Any) -> bytes:
    """A simulated intent event, with `data` changed (a value of `...` removes the field)."""
    event = {
        "id": f"evt_sim_{uuid.uuid4().hex[:20]}",
        "type": kind,
        "created": int(time.time()),
        "data": {
            "intent_id": "pi_sim_x",
            "status": kind.removeprefix("intent."),
            "amount": 100,
            "captured": 100 if kind == "intent.captured" else 0,
            "refunded": 0,
            "currency": "EUR",
            "decline_code": None,
        },
    }
    event["data"].update(data)
    event["data"] = {k: v for k, v in event["data"].items() if v is not ...}
    return json.dumps(event).encode()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(_intent_body(status="weird"), id="unknown-status"),
        pytest.param(_intent_body(status=...), id="no-status"),
        pytest.param(_intent_body(status=["captured"]), id="status-a-list"),
        pytest.param(_intent_body(status="authorized"), id="status-not-the-types"),
        pytest.param(_intent_body(intent_id=...), id="no-intent-id"),
        pytest.param(_intent_body(intent_id=""), id="empty-intent-id"),
        pytest.param(_intent_body(intent_id="pi_" + "x" * 100), id="intent-id-over-100"),
        pytest.param(_intent_body(amount=...), id="no-amount"),
        pytest.param(_intent_body(amount="100"), id="amount-a-string"),
        pytest.param(_intent_body(amount=1.5), id="amount-a-fraction"),
        pytest.param(_intent_body(captured=-1), id="negative-captured"),
        pytest.param(_intent_body(captured=True), id="captured-a-boolean"),
        pytest.param(_intent_body(decline_code=5), id="decline-code-a-number"),
        pytest.param(_intent_body("intent.weird", status="captured"), id="unknown-intent-type"),
        pytest.param(
            json.dumps(
                {"id": "evt_po", "type": "payout.paid", "created": int(time.time()), "data": {"amount": 1}}
            ).encode(),
            id="payout-without-its-id",
        ),
    ],
)
async def test_a_signed_event_the_task_could_never_act_on_is_refused_and_stores_nothing(
    client, enqueued, body
):
    response = await client.post("/webhooks/simulated", content=body, headers=signed(body))
    assert response.status_code == 400, response.text
    assert response.json()["error"].startswith("malformed body")
    # This event only: a real worker may still be delivering an earlier test's events.
    assert not await stored(body)
    assert enqueued == []


async def test_a_well_formed_intent_event_is_still_accepted(client, enqueued):
    sent = []
    for kind in ("intent.requires_action", "intent.authorized", "intent.failed", "intent.canceled"):
        decline = "card_declined" if kind == "intent.failed" else None
        response = await client.post(
            "/webhooks/simulated",
            content=(body := _intent_body(kind, decline_code=decline)),
            headers=signed(body),
        )
        assert response.status_code == 200, (kind, response.text)
        sent.append(json.loads(body)["id"])
    # (its own events: the session's worker may still deliver an earlier test's late webhook)
    assert await WebhookEvent.filter(event_id__in=sent).count() == 4


async def test_an_event_about_an_intent_not_ours_is_acknowledged_and_ignored_without_retrying(
    client, enqueued
):
    body = _intent_body(intent_id="pi_sim_never_ours")
    response = await client.post("/webhooks/simulated", content=body, headers=signed(body))
    assert response.status_code == 200 and response.json() == {"received": True, "duplicate": False}
    row = await WebhookEvent.get(
        event_id=json.loads(body)["id"]
    )  # a real worker may add earlier tests' events

    assert await _process(row.id) == "ignored"  # no payment could be waiting for it: no retry
    row = await WebhookEvent.get(id=row.id)
    assert row.processed_at is not None
    assert row.payload["ignored"] == "no payment of ours has this intent"
    assert await _process(row.id) == "done"  # a redelivered job changes nothing
    assert await account_totals() == {}


async def test_an_unknown_intent_is_ignored_on_the_last_try_even_while_a_payment_waits(
    gql, client, enqueued, emitted
):
    _, payment, _ = await paid_booking(gql)
    await Payment.filter(id=payment.id).update(status=PaymentStatus.PENDING, intent_id=None)
    body = _intent_body(intent_id="pi_sim_someone_elses")
    assert (await client.post("/webhooks/simulated", content=body, headers=signed(body))).status_code == 200
    row = await WebhookEvent.get(event_id=json.loads(body)["id"])
    assert await _process(row.id) == "unknown"  # a payment may yet learn it: retried
    assert await _process(row.id, last_try=True) == "ignored"  # never MaxRetriesExceededError
    assert (await WebhookEvent.get(id=row.id)).processed_at is not None


async def test_a_worker_ignores_an_unknown_intent_at_once_and_dead_letters_nothing(
    celery_worker, webhook_server
):
    import redis.asyncio as aioredis

    from tasks.app import DEAD_LETTERS

    body = _intent_body(intent_id="pi_sim_from_nowhere")
    async with aioredis.Redis.from_url(get_settings().redis_url) as r:
        letters_before = await r.llen(DEAD_LETTERS)
    async with httpx.AsyncClient(base_url=webhook_server) as http:
        response = await http.post("/webhooks/simulated", content=body, headers=signed(body))
    assert response.status_code == 200, response.text
    event_id = json.loads(body)["id"]

    async def ignored() -> bool:
        row = await WebhookEvent.get_or_none(event_id=event_id)
        return row is not None and row.processed_at is not None

    await eventually(ignored, within=15)  # processed once, not retried until dead-lettered
    row = await WebhookEvent.get(event_id=event_id)
    assert row.payload["ignored"] == "no payment of ours has this intent"
    async with aioredis.Redis.from_url(get_settings().redis_url) as r:
        added = await r.llen(DEAD_LETTERS) - letters_before  # (pushed at the head)
        new = await r.lrange(DEAD_LETTERS, 0, added - 1) if added > 0 else []
    assert not [x for x in map(json.loads, new) if x["task"] == PROCESS_EVENT and x["args"] == [row.id]]
