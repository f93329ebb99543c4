"""The Stripe gateway, offline: webhooks signed here with a test secret, and the API calls made by
the real `stripe` client against a local server impersonating the Stripe endpoints we use."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest

from core.gateways.base import (
    Card,
    GatewayError,
    IntentResult,
    IntentStatus,
    PayoutResult,
    RefundResult,
)
from core.gateways.stripe import StripeGateway
from core.settings import get_settings
from tests.conftest import free_port

API_KEY = "sk_test_x"

# ---- a local Stripe API --------------------------------------------------------------------------

CARDS = {
    "pm_card_visa": {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2034},
    "pm_card_mastercard": {"brand": "mastercard", "last4": "4444", "exp_month": 11, "exp_year": 2033},
    "pm_card_chargeDeclinedInsufficientFunds": {
        "brand": "visa",
        "last4": "9995",
        "exp_month": 12,
        "exp_year": 2034,
    },
    "pm_card_threeDSecure2Required": {"brand": "visa", "last4": "3184", "exp_month": 12, "exp_year": 2034},
    "pm_card_authenticationFailed": {"brand": "visa", "last4": "3178", "exp_month": 12, "exp_year": 2034},
}
DECLINES = {"pm_card_chargeDeclinedInsufficientFunds": ("card_declined", "insufficient_funds")}
THREE_DS = {"pm_card_threeDSecure2Required", "pm_card_authenticationFailed"}


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str]


@dataclass
class FakeStripe:
    """Enough of api.stripe.com for our calls: intents with their state machine, refunds,
    transfers, payment methods, card errors, and idempotency replay by key."""

    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    replays: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    faults: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # answered first, in order
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: int = 0

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.intents.clear()
            self.replays.clear()
            self.faults.clear()

    def last(self) -> Recorded:
        return self.requests[-1]

    def _id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}_{self.counter:06d}"

    def handle(
        self, method: str, path: str, headers: dict[str, str], form: dict[str, str]
    ) -> tuple[int, Any]:
        with self.lock:
            self.requests.append(Recorded(method, path, headers, form))
            if self.faults:
                return self.faults.pop(0)
            if headers.get("authorization") != f"Bearer {API_KEY}":
                return 401, _error("invalid_request_error", "Invalid API Key provided.", code=None)
            key = headers.get("idempotency-key")
            if method == "POST" and key in self.replays:
                return self.replays[key]
            answer = self._route(method, path, form)
            if method == "POST" and key:
                self.replays[key] = answer
            return answer

    def _route(self, method: str, path: str, form: dict[str, str]) -> tuple[int, Any]:
        parts = path.strip("/").split("/")
        if method == "GET" and parts[:2] == ["v1", "payment_methods"] and len(parts) == 3:
            return self._payment_method(parts[2])
        if method == "POST" and parts == ["v1", "payment_intents"]:
            return self._create_intent(form)
        if method == "POST" and parts[:2] == ["v1", "payment_intents"] and len(parts) == 4:
            intent = self.intents.get(parts[2])
            if intent is None:
                return 404, _missing("payment_intent", parts[2])
            action = {"confirm": self._confirm, "capture": self._capture, "cancel": self._cancel}.get(
                parts[3]
            )
            if action is not None:
                return action(intent, form)
        if method == "POST" and parts == ["v1", "refunds"]:
            return self._refund(form)
        if method == "POST" and parts == ["v1", "transfers"]:
            return self._transfer(form)
        return 404, _error("invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _payment_method(self, pm_id: str) -> tuple[int, Any]:
        base = {"id": pm_id, "object": "payment_method", "created": 1_700_000_000, "livemode": False}
        if pm_id == "pm_sepa":
            return 200, {**base, "type": "sepa_debit", "sepa_debit": {"last4": "3000", "country": "DE"}}
        if pm_id not in CARDS:
            return 404, _missing("payment_method", pm_id)
        card = {**CARDS[pm_id], "country": "US", "funding": "credit", "checks": {"cvc_check": "pass"}}
        return 200, {**base, "type": "card", "card": card, "billing_details": {"email": None}}

    def _create_intent(self, form: dict[str, str]) -> tuple[int, Any]:
        pm = form["payment_method"]
        intent = {
            "id": self._id("pi"),
            "object": "payment_intent",
            "amount": int(form["amount"]),
            "amount_capturable": 0,
            "amount_received": 0,
            "currency": form["currency"],
            "capture_method": form.get("capture_method", "automatic_async"),
            "confirmation_method": "automatic",
            "client_secret": "pi_secret_x",
            "created": int(time.time()),
            "livemode": False,
            "payment_method": pm,
            "payment_method_types": [v for k, v in form.items() if k.startswith("payment_method_types[")],
            "metadata": {k[len("metadata[") : -1]: v for k, v in form.items() if k.startswith("metadata[")},
            "last_payment_error": None,
            "next_action": None,
            "latest_charge": None,
            "status": "requires_payment_method",
        }
        self.intents[intent["id"]] = intent
        if pm not in CARDS:
            return 400, _missing("payment_method", pm, param="payment_method")
        if form.get("confirm") != "true":
            intent["status"] = "requires_confirmation"
            return 200, intent
        return self._attempt(intent, first=True)

    def _attempt(self, intent: dict[str, Any], *, first: bool) -> tuple[int, Any]:
        pm = intent["payment_method"]
        if pm in DECLINES:
            code, decline = DECLINES[pm]
            error = {
                "type": "card_error",
                "code": code,
                "decline_code": decline,
                "message": "Your card has insufficient funds.",
                "charge": self._id("ch"),
                "doc_url": "https://stripe.com/docs/error-codes/card-declined",
            }
            intent.update(status="requires_payment_method", last_payment_error=error)
            return 402, {"error": {**error, "payment_intent": intent, "payment_method": {"id": pm}}}
        if pm in THREE_DS and first:
            intent.update(
                status="requires_action", next_action={"type": "use_stripe_sdk", "use_stripe_sdk": {}}
            )
            return 200, intent
        if pm == "pm_card_authenticationFailed":
            intent.update(
                status="requires_payment_method",
                next_action=None,
                last_payment_error={
                    "type": "invalid_request_error",
                    "code": "payment_intent_authentication_failure",
                    "message": "The provided PaymentMethod has failed authentication.",
                },
            )
            return 200, intent
        intent["next_action"] = None
        intent["latest_charge"] = self._id("ch")
        if intent["capture_method"] == "manual":
            intent.update(status="requires_capture", amount_capturable=intent["amount"])
        else:
            intent.update(status="succeeded", amount_received=intent["amount"])
        return 200, intent

    def _unexpected(self, intent: dict[str, Any], doing: str) -> tuple[int, Any]:
        message = f"This PaymentIntent's {doing} could not be performed because it has a status of {intent['status']}."
        body = _error("invalid_request_error", message, code="payment_intent_unexpected_state")
        body["error"]["payment_intent"] = intent
        return 400, body

    def _confirm(self, intent: dict[str, Any], form: dict[str, str]) -> tuple[int, Any]:
        if intent["status"] not in ("requires_confirmation", "requires_action", "requires_payment_method"):
            return self._unexpected(intent, "confirm")
        return self._attempt(intent, first=intent["status"] == "requires_confirmation")

    def _capture(self, intent: dict[str, Any], form: dict[str, str]) -> tuple[int, Any]:
        if intent["status"] != "requires_capture":
            return self._unexpected(intent, "capture")
        amount = int(form.get("amount_to_capture", intent["amount"]))
        if amount > intent["amount_capturable"]:
            return 400, _error("invalid_request_error", "Amount too large.", code="amount_too_large")
        intent.update(status="succeeded", amount_received=amount, amount_capturable=0)
        return 200, intent

    def _cancel(self, intent: dict[str, Any], form: dict[str, str]) -> tuple[int, Any]:
        if intent["status"] in ("succeeded", "canceled"):
            return self._unexpected(intent, "cancel")
        intent.update(status="canceled", amount_capturable=0, canceled_at=int(time.time()))
        return 200, intent

    def _refund(self, form: dict[str, str]) -> tuple[int, Any]:
        intent = self.intents.get(form.get("payment_intent", ""))
        if intent is None:
            return 404, _missing("payment_intent", form.get("payment_intent", ""), param="payment_intent")
        refunded = intent.setdefault("_refunded", 0)
        amount = int(form.get("amount", intent["amount_received"] - refunded))
        if intent["status"] != "succeeded" or amount > intent["amount_received"] - refunded:
            return 400, _error(
                "invalid_request_error",
                f"Refund amount ({amount}) is greater than unrefunded amount on charge.",
                code="amount_too_large",
            )
        intent["_refunded"] = refunded + amount
        refund = {
            "id": self._id("re"),
            "object": "refund",
            "amount": amount,
            "currency": intent["currency"],
            "charge": intent["latest_charge"],
            "payment_intent": intent["id"],
            "status": "succeeded",
            "created": int(time.time()),
            "metadata": {},
        }
        return 200, refund

    def _transfer(self, form: dict[str, str]) -> tuple[int, Any]:
        destination = form.get("destination", "")
        if not destination.startswith("acct_"):
            return 400, _missing("account", destination, param="destination")
        transfer = {
            "id": self._id("tr"),
            "object": "transfer",
            "amount": int(form["amount"]),
            "amount_reversed": 0,
            "currency": form["currency"],
            "destination": destination,
            "destination_payment": self._id("py"),
            "reversed": False,
            "created": int(time.time()),
            "metadata": {},
        }
        return 200, transfer


def _error(kind: str, message: str, code: str | None = None, param: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"type": kind, "message": message}
    if code:
        error["code"] = code
    if param:
        error["param"] = param
    return {"error": error}


def _missing(kind: str, object_id: str, param: str = "id") -> dict[str, Any]:
    return _error(
        "invalid_request_error", f"No such {kind}: '{object_id}'", code="resource_missing", param=param
    )


@pytest.fixture(scope="module")
def fake_stripe() -> Iterator[FakeStripe]:
    fake = FakeStripe()

    class Handler(BaseHTTPRequestHandler):  # HTTP/1.0: one request per connection, none left open
        def _serve(self) -> None:
            path, _, query = self.path.partition("?")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else query
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, answer = fake.handle(self.command, path, headers, dict(parse_qsl(body)))
            raw = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.send_header("Request-Id", "req_test")
            self.end_headers()
            self.wfile.write(raw)

        do_GET = do_POST = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
async def gateway(fake_stripe: FakeStripe, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[StripeGateway]:
    fake_stripe.reset()
    monkeypatch.setattr(get_settings(), "stripe_api_key", API_KEY)
    gw = StripeGateway(api_base=fake_stripe.url, max_network_retries=0)
    yield gw
    await gw.aclose()


def _sent(fake: FakeStripe, method: str, path: str) -> list[Recorded]:
    return [r for r in fake.requests if r.method == method and r.path == path]


# ---- describe -------------------------------------------------------------------------------------


async def test_describe_reads_the_card(gateway: StripeGateway, fake_stripe: FakeStripe) -> None:
    assert await gateway.describe("pm_card_visa") == Card("visa", "4242", 12, 2034)
    request = fake_stripe.last()
    assert (request.method, request.path) == ("GET", "/v1/payment_methods/pm_card_visa")
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["stripe-version"]  # the library pins its API version


async def test_describe_rejects_unknown_and_non_card_methods(gateway: StripeGateway) -> None:
    with pytest.raises(ValueError, match="unknown payment method"):
        await gateway.describe("pm_nope")
    with pytest.raises(ValueError, match="not a card"):
        await gateway.describe("pm_sepa")
    with pytest.raises(ValueError):
        await gateway.describe("")


async def test_describe_quotes_the_token_into_the_path(
    gateway: StripeGateway, fake_stripe: FakeStripe
) -> None:
    with pytest.raises(ValueError):
        await gateway.describe("pm_x/../../v1/transfers")
    assert fake_stripe.last().path == "/v1/payment_methods/pm_x%2F..%2F..%2Fv1%2Ftransfers"


# ---- intents --------------------------------------------------------------------------------------


async def test_create_intent_captured_sends_our_params_and_key(
    gateway: StripeGateway, fake_stripe: FakeStripe
) -> None:
    result = await gateway.create_intent(
        amount=12_345,
        currency="EUR",
        token="pm_card_visa",
        capture=True,
        idempotency_key="payment:1:create",
        metadata={"booking": "42", "payment": "1"},
    )
    assert result.status is IntentStatus.CAPTURED
    assert (result.amount, result.captured, result.decline_code) == (12_345, 12_345, None)
    assert result.intent_id.startswith("pi_")
    request = fake_stripe.last()
    assert (request.method, request.path) == ("POST", "/v1/payment_intents")
    assert request.headers["idempotency-key"] == "payment:1:create"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.form == {
        "amount": "12345",
        "currency": "eur",
        "payment_method": "pm_card_visa",
        "payment_method_types[0]": "card",
        "confirm": "true",
        "capture_method": "automatic",
        "metadata[booking]": "42",
        "metadata[payment]": "1",
    }


async def test_create_intent_authorize_then_capture_part(
    gateway: StripeGateway, fake_stripe: FakeStripe
) -> None:
    held = await gateway.create_intent(
        amount=50_000,
        currency="usd",
        token="pm_card_mastercard",
        capture=False,
        idempotency_key="payment:2:create",
        metadata={},
    )
    assert held == IntentResult(held.intent_id, IntentStatus.AUTHORIZED, 50_000, 0, None)
    assert fake_stripe.last().form["capture_method"] == "manual"

    captured = await gateway.capture(held.intent_id, amount=30_000, idempotency_key="payment:2:capture")
    assert captured == IntentResult(held.intent_id, IntentStatus.CAPTURED, 50_000, 30_000, None)
    request = fake_stripe.last()
    assert request.path == f"/v1/payment_intents/{held.intent_id}/capture"
    assert request.form == {"amount_to_capture": "30000"}
    assert request.headers["idempotency-key"] == "payment:2:capture"


async def test_cancel_releases_an_authorization(gateway: StripeGateway, fake_stripe: FakeStripe) -> None:
    held = await gateway.create_intent(
        amount=9_000, currency="gbp", token="pm_card_visa", capture=False, idempotency_key="p:3", metadata={}
    )
    canceled = await gateway.cancel(held.intent_id, idempotency_key="payment:3:cancel")
    assert canceled == IntentResult(held.intent_id, IntentStatus.CANCELED, 9_000, 0, None)
    request = fake_stripe.last()
    assert (request.path, request.headers["idempotency-key"]) == (
        f"/v1/payment_intents/{held.intent_id}/cancel",
        "payment:3:cancel",
    )


async def test_decline_is_a_failed_intent_not_an_exception(
    gateway: StripeGateway, fake_stripe: FakeStripe
) -> None:
    result = await gateway.create_intent(
        amount=7_000,
        currency="usd",
        token="pm_card_chargeDeclinedInsufficientFunds",
        capture=True,
        idempotency_key="payment:4:create",
        metadata={"booking": "7"},
    )
    (created,) = fake_stripe.intents
    assert result == IntentResult(created, IntentStatus.FAILED, 7_000, 0, "insufficient_funds")
    assert fake_stripe.last().headers["idempotency-key"] == "payment:4:create"


async def test_decline_without_an_intent_in_the_error(
    gateway: StripeGateway, fake_stripe: FakeStripe
) -> None:
    fake_stripe.faults.append(
        (402, {"error": {"type": "card_error", "code": "expired_card", "message": "Your card has expired."}})
    )
    result = await gateway.create_intent(
        amount=500, currency="usd", token="pm_card_visa", capture=True, idempotency_key="p:5", metadata={}
    )
    assert result == IntentResult("", IntentStatus.FAILED, 500, 0, "expired_card")


async def test_three_d_secure_then_confirm(gateway: StripeGateway, fake_stripe: FakeStripe) -> None:
    pending = await gateway.create_intent(
        amount=20_000,
        currency="usd",
        token="pm_card_threeDSecure2Required",
        capture=True,
        idempotency_key="payment:6:create",
        metadata={},
    )
    assert pending == IntentResult(pending.intent_id, IntentStatus.REQUIRES_ACTION, 20_000, 0, None)

    done = await gateway.confirm(pending.intent_id, idempotency_key="payment:6:confirm")
    assert done == IntentResult(pending.intent_id, IntentStatus.CAPTURED, 20_000, 20_000, None)
    request = fake_stripe.last()
    assert (request.path, request.headers["idempotency-key"]) == (
        f"/v1/payment_intents/{pending.intent_id}/confirm",
        "payment:6:confirm",
    )

    # Confirmed already (e.g. by stripe.js in the browser): the intent as it stands.
    again = await gateway.confirm(pending.intent_id, idempotency_key="payment:6:confirm-again")
    assert again == done


async def test_failed_authentication_is_a_decline(gateway: StripeGateway) -> None:
    pending = await gateway.create_intent(
        amount=20_000,
        currency="usd",
        token="pm_card_authenticationFailed",
        capture=False,
        idempotency_key="payment:7:create",
        metadata={},
    )
    assert pending.status is IntentStatus.REQUIRES_ACTION
    failed = await gateway.confirm(pending.intent_id, idempotency_key="payment:7:confirm")
    assert failed == IntentResult(
        pending.intent_id, IntentStatus.FAILED, 20_000, 0, "payment_intent_authentication_failure"
    )


async def test_invalid_state_is_a_gateway_error(gateway: StripeGateway) -> None:
    paid = await gateway.create_intent(
        amount=1_000, currency="usd", token="pm_card_visa", capture=True, idempotency_key="p:8", metadata={}
    )
    with pytest.raises(GatewayError, match="status of succeeded"):
        await gateway.capture(paid.intent_id, amount=1_000, idempotency_key="p:8:capture")
    with pytest.raises(GatewayError, match="InvalidRequestError"):
        await gateway.cancel(paid.intent_id, idempotency_key="p:8:cancel")
    with pytest.raises(GatewayError, match="No such payment_intent"):
        await gateway.confirm("pi_missing", idempotency_key="p:8:confirm")


async def test_same_key_is_the_same_answer(gateway: StripeGateway, fake_stripe: FakeStripe) -> None:
    args: dict[str, Any] = {
        "amount": 3_000,
        "currency": "usd",
        "token": "pm_card_visa",
        "capture": True,
        "idempotency_key": "payment:9:create",
        "metadata": {},
    }
    first = await gateway.create_intent(**args)
    second = await gateway.create_intent(**args)
    assert first == second
    assert len(fake_stripe.intents) == 1


# ---- refunds and payouts --------------------------------------------------------------------------


async def test_refund(gateway: StripeGateway, fake_stripe: FakeStripe) -> None:
    paid = await gateway.create_intent(
        amount=10_000, currency="usd", token="pm_card_visa", capture=True, idempotency_key="p:10", metadata={}
    )
    refund = await gateway.refund(paid.intent_id, amount=2_500, idempotency_key="refund:1")
    assert isinstance(refund, RefundResult)
    assert refund.refund_id.startswith("re_") and refund.amount == 2_500
    request = fake_stripe.last()
    assert (request.method, request.path) == ("POST", "/v1/refunds")
    assert request.form == {"payment_intent": paid.intent_id, "amount": "2500"}
    assert request.headers["idempotency-key"] == "refund:1"

    with pytest.raises(GatewayError, match="greater than unrefunded"):
        await gateway.refund(paid.intent_id, amount=8_000, idempotency_key="refund:2")


async def test_payout_is_a_connect_transfer(gateway: StripeGateway, fake_stripe: FakeStripe) -> None:
    payout = await gateway.payout(
        destination="acct_1Host", amount=45_000, currency="EUR", idempotency_key="payout:1"
    )
    assert isinstance(payout, PayoutResult)
    assert payout.payout_id.startswith("tr_") and payout.amount == 45_000
    request = fake_stripe.last()
    assert (request.method, request.path) == ("POST", "/v1/transfers")
    assert request.form == {"amount": "45000", "currency": "eur", "destination": "acct_1Host"}
    assert request.headers["idempotency-key"] == "payout:1"

    with pytest.raises(GatewayError, match="No such account"):
        await gateway.payout(destination="ba_bank", amount=1, currency="eur", idempotency_key="payout:2")


# ---- failures -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (500, {"error": {"type": "api_error", "message": "Something went wrong."}}, "APIError"),
        (
            401,
            {"error": {"type": "invalid_request_error", "message": "Invalid API Key."}},
            "AuthenticationError",
        ),
        (
            429,
            {"error": {"type": "invalid_request_error", "message": "Too many requests."}},
            "RateLimitError",
        ),
        (403, {"error": {"type": "invalid_request_error", "message": "Not permitted."}}, "PermissionError"),
    ],
)
async def test_provider_errors_are_gateway_errors(
    gateway: StripeGateway, fake_stripe: FakeStripe, status: int, body: dict[str, Any], kind: str
) -> None:
    fake_stripe.faults.append((status, body))
    with pytest.raises(GatewayError, match=kind):
        await gateway.create_intent(
            amount=100,
            currency="usd",
            token="pm_card_visa",
            capture=True,
            idempotency_key="p:11",
            metadata={},
        )


async def test_connection_refused_is_a_gateway_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "stripe_api_key", API_KEY)
    gw = StripeGateway(api_base=f"http://127.0.0.1:{free_port()}", max_network_retries=0)
    try:
        with pytest.raises(GatewayError, match="APIConnectionError"):
            await gw.capture("pi_1", amount=100, idempotency_key="p:12")
        with pytest.raises(GatewayError, match="APIConnectionError"):
            await gw.describe("pm_card_visa")
    finally:
        await gw.aclose()


async def test_library_retries_reuse_our_key(
    fake_stripe: FakeStripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_stripe.reset()
    monkeypatch.setattr(get_settings(), "stripe_api_key", API_KEY)
    gw = StripeGateway(api_base=fake_stripe.url, max_network_retries=1)
    fake_stripe.faults.append((500, {"error": {"type": "api_error", "message": "Try again."}}))
    try:
        result = await gw.create_intent(
            amount=100,
            currency="usd",
            token="pm_card_visa",
            capture=True,
            idempotency_key="p:14",
            metadata={},
        )
    finally:
        await gw.aclose()
    assert result.status is IntentStatus.CAPTURED
    attempts = _sent(fake_stripe, "POST", "/v1/payment_intents")
    assert [r.headers["idempotency-key"] for r in attempts] == ["p:14", "p:14"]
    assert len(fake_stripe.intents) == 1
