"""The Stripe gateway, offline and without a database: building it, and reading webhooks signed here
with a test secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import pytest
import stripe

import core.gateways
from core.gateways import get_gateway
from core.gateways.base import (
    GatewayError,
    InvalidWebhook,
)
from core.gateways.stripe import StripeGateway
from core.settings import get_settings

SECRET = "whsec_test_secret"


async def test_missing_api_key_is_a_gateway_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "stripe_api_key", None)
    with pytest.raises(GatewayError, match="STRIPE_API_KEY"):
        await StripeGateway().cancel("pi_1", idempotency_key="p:13")


async def test_registry_builds_the_stripe_gateway(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core.gateways, "_instances", {})
    gw = get_gateway("stripe")
    assert isinstance(gw, StripeGateway) and gw.name == "stripe"


# ---- webhooks -------------------------------------------------------------------------------------


def sign(payload: bytes, secret: str = SECRET, timestamp: int | None = None) -> str:
    """Stripe-Signature as Stripe documents it: t=<unix time>,v1=<hex HMAC-SHA256(secret, "t.payload")>."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def event_payload(kind: str, obj: dict[str, Any], event_id: str = "evt_1") -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": 1_760_000_000,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": "req_1", "idempotency_key": "payment:1:create"},
            "type": kind,
            "data": {"object": obj},
        }
    ).encode()


def intent(status: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": "pi_1",
        "object": "payment_intent",
        "amount": 10_000,
        "amount_capturable": 0,
        "amount_received": 0,
        "currency": "eur",
        "status": status,
        "metadata": {"booking": "42"},
        "last_payment_error": None,
        **fields,
    }


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(get_settings(), "stripe_webhook_secret", SECRET)
    return SECRET


def test_our_signature_is_the_one_stripe_checks(secret: str) -> None:
    payload = event_payload("payment_intent.succeeded", intent("succeeded", amount_received=10_000))
    event = stripe.Webhook.construct_event(payload, sign(payload), secret, tolerance=300)
    assert event.id == "evt_1" and event.type == "payment_intent.succeeded"


INTENT_CASES = [
    (
        "payment_intent.amount_capturable_updated",
        intent("requires_capture", amount_capturable=10_000),
        "intent.authorized",
        {"status": "authorized", "captured": 0, "amount_capturable": 10_000, "decline_code": None},
    ),
    (
        "payment_intent.succeeded",
        intent("succeeded", amount_received=10_000),
        "intent.captured",
        {"status": "captured", "captured": 10_000, "amount_received": 10_000},
    ),
    (
        "payment_intent.payment_failed",
        intent(
            "requires_payment_method",
            last_payment_error={
                "type": "card_error",
                "code": "card_declined",
                "decline_code": "insufficient_funds",
            },
        ),
        "intent.failed",
        {
            "status": "failed",
            "stripe_status": "requires_payment_method",
            "decline_code": "insufficient_funds",
        },
    ),
    (
        "payment_intent.payment_failed",
        intent("requires_payment_method", last_payment_error={"type": "card_error", "code": "expired_card"}),
        "intent.failed",
        {"status": "failed", "decline_code": "expired_card"},
    ),
    ("payment_intent.canceled", intent("canceled"), "intent.canceled", {"status": "canceled"}),
    (
        "payment_intent.requires_action",
        intent("requires_action", next_action={"type": "use_stripe_sdk"}),
        "intent.requires_action",
        {"status": "requires_action"},
    ),
]


@pytest.mark.parametrize(("stripe_type", "obj", "ours", "expected"), INTENT_CASES)
def test_intent_events(
    secret: str, stripe_type: str, obj: dict[str, Any], ours: str, expected: dict[str, Any]
) -> None:
    payload = event_payload(stripe_type, obj, event_id="evt_intent")
    event = StripeGateway().verify_webhook(payload, {"Stripe-Signature": sign(payload)})
    assert (event.id, event.type, event.intent_id, event.created) == (
        "evt_intent",
        ours,
        "pi_1",
        1_760_000_000,
    )
    assert event.data["amount"] == 10_000
    assert event.data["metadata"] == {"booking": "42"}
    assert event.data["stripe_type"] == stripe_type
    assert {k: event.data[k] for k in expected} == expected


def test_refund_events(secret: str) -> None:
    gw = StripeGateway()
    charge = {
        "id": "ch_1",
        "object": "charge",
        "amount": 10_000,
        "amount_captured": 10_000,
        "amount_refunded": 2_500,
        "currency": "eur",
        "payment_intent": "pi_1",
        "refunded": False,
        "status": "succeeded",
        "metadata": {},
    }
    payload = event_payload("charge.refunded", charge)
    event = gw.verify_webhook(payload, {"stripe-signature": sign(payload)})
    assert (event.type, event.intent_id) == ("refund.succeeded", "pi_1")
    assert event.data["refunded"] == 2_500 and event.data["captured"] == 10_000

    refund = {
        "id": "re_1",
        "object": "refund",
        "amount": 2_500,
        "currency": "eur",
        "payment_intent": "pi_1",
        "status": "succeeded",
        "metadata": {"refund": "9"},
    }
    for kind in ("refund.updated", "refund.created"):
        payload = event_payload(kind, refund)
        event = gw.verify_webhook(payload, {"STRIPE-SIGNATURE": sign(payload)})
        assert (event.type, event.intent_id) == ("refund.succeeded", "pi_1")
        assert (event.data["refund_id"], event.data["refund_amount"]) == ("re_1", 2_500)
        assert event.data["metadata"] == {"refund": "9"}

    for status in ("pending", "failed", "canceled"):
        payload = event_payload("refund.updated", {**refund, "status": status})
        assert gw.verify_webhook(payload, {"Stripe-Signature": sign(payload)}).type == "ignored"


def test_payout_events(secret: str) -> None:
    gw = StripeGateway()
    transfer = {
        "id": "tr_1",
        "object": "transfer",
        "amount": 45_000,
        "currency": "eur",
        "destination": "acct_1Host",
        "metadata": {},
    }
    payout = {
        "id": "po_1",
        "object": "payout",
        "amount": 45_000,
        "currency": "eur",
        "destination": "ba_1",
        "status": "paid",
    }
    for kind, obj in (("transfer.created", transfer), ("payout.paid", payout)):
        payload = event_payload(kind, obj)
        event = gw.verify_webhook(payload, {"Stripe-Signature": sign(payload)})
        assert (event.type, event.intent_id) == ("payout.paid", None)
        assert (event.data["payout_id"], event.data["amount"]) == (obj["id"], 45_000)


def test_other_events_are_ignored(secret: str) -> None:
    payload = event_payload("customer.created", {"id": "cus_1", "object": "customer"})
    event = StripeGateway().verify_webhook(payload, {"Stripe-Signature": sign(payload)})
    assert (event.id, event.type, event.intent_id) == ("evt_1", "ignored", None)
    assert event.data["stripe_type"] == "customer.created"


def test_secret_given_to_the_gateway(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "stripe_webhook_secret", None)
    payload = event_payload("payment_intent.canceled", intent("canceled"))
    event = StripeGateway(webhook_secret="whsec_other").verify_webhook(
        payload, {"Stripe-Signature": sign(payload, "whsec_other")}
    )
    assert event.type == "intent.canceled"


GOOD = event_payload("payment_intent.succeeded", intent("succeeded", amount_received=10_000))


@pytest.mark.parametrize(
    ("payload", "headers"),
    [
        pytest.param(GOOD.replace(b"10000", b"1"), {"Stripe-Signature": sign(GOOD)}, id="tampered-body"),
        pytest.param(GOOD, {"Stripe-Signature": sign(GOOD, "whsec_wrong")}, id="wrong-secret"),
        pytest.param(GOOD, {"Stripe-Signature": sign(GOOD, timestamp=int(time.time()) - 301)}, id="old"),
        pytest.param(GOOD, {}, id="missing-header"),
        pytest.param(GOOD, {"Stripe-Signature": ""}, id="empty-header"),
        pytest.param(GOOD, {"Other-Signature": sign(GOOD)}, id="other-header"),
        pytest.param(GOOD, {"Stripe-Signature": "nonsense"}, id="garbage-header"),
        pytest.param(GOOD, {"Stripe-Signature": sign(GOOD).replace("v1=", "v0=")}, id="other-scheme"),
        pytest.param(b"{not json", {"Stripe-Signature": sign(b"{not json")}, id="malformed-json"),
        pytest.param(b"\xff\xfe", {"Stripe-Signature": sign(b"\xff\xfe")}, id="not-utf8"),
        pytest.param(b"[1, 2]", {"Stripe-Signature": sign(b"[1, 2]")}, id="not-an-object"),
        pytest.param(b'{"id": "evt_1"}', {"Stripe-Signature": sign(b'{"id": "evt_1"}')}, id="not-an-event"),
        pytest.param(
            event_payload("payment_intent.succeeded", intent("weird")),
            {"Stripe-Signature": sign(event_payload("payment_intent.succeeded", intent("weird")))},
            id="unknown-intent-status",
        ),
    ],
)
def test_invalid_webhooks(secret: str, payload: bytes, headers: dict[str, str]) -> None:
    with pytest.raises(InvalidWebhook):
        StripeGateway().verify_webhook(payload, headers)


def test_missing_secret_is_invalid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "stripe_webhook_secret", None)
    with pytest.raises(InvalidWebhook, match="STRIPE_WEBHOOK_SECRET"):
        StripeGateway().verify_webhook(GOOD, {"Stripe-Signature": sign(GOOD)})
