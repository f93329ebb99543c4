"""Payment plans, methods, currencies, idempotency, refusals and fraud checks."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from tortoise import connections

from models.bookings import Booking, BookingStatus, CancelReason
from models.payments import ExchangeRate, Payment, PaymentStatus, Payout
from resolvers.booking_lifecycle import run_lifecycle
from resolvers.payments import charge_due_balances, run_payouts
from tests.booking_helpers import CANCEL, make_listing, signed_in
from tests.conftest import create_user, sign_in, table_digests
from tests.listing_helpers import gid
from tests.payment_helpers import (
    ADD_METHOD,
    PAY,
    REFUND,
    account_totals,
    add_card,
    create_booking,
    pay,
    unbalanced_transactions,
)

TABLES = (
    "payments",
    "payment_refunds",
    "payment_methods",
    "ledger_entries",
    "idempotency_records",
    "bookings",
)


async def digests() -> dict[str, str]:
    return await table_digests(TABLES)


async def test_deposit_now_and_the_balance_before_check_in(gql, payments_on):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing, check_in=40, check_out=43)
    result = await pay(gql, booking["id"], await add_card(gql), plan="DEPOSIT")
    assert result["payment"]["kind"] == "DEPOSIT" and result["payment"]["status"] == "CAPTURED"
    assert result["payment"]["amount"]["amountMinor"] == 12524  # 30% of 417.45, half up
    assert (await Booking.get()).status is BookingStatus.CONFIRMED
    balance = await Payment.get(kind="balance")
    row = await Booking.get()
    assert balance.status is PaymentStatus.SCHEDULED and balance.amount == 41745 - 12524
    assert balance.due_at == row.starts_at - timedelta(days=14)
    assert await charge_due_balances(balance.due_at - timedelta(minutes=1)) == {
        "charged": 0,
        "failed": 0,
        "cancelled": 0,
    }
    assert await charge_due_balances(balance.due_at) == {"charged": 1, "failed": 0, "cancelled": 0}
    assert await charge_due_balances(balance.due_at) == {"charged": 0, "failed": 0, "cancelled": 0}
    await balance.refresh_from_db()
    assert balance.status is PaymentStatus.CAPTURED
    assert (await account_totals())[("guest_funds", "EUR")] == -41745


async def test_a_balance_that_keeps_failing_cancels_the_booking_under_its_policy(gql, payments_on):
    listing = await make_listing(cancellation_policy="strict")
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing, check_in=40, check_out=43)
    await pay(gql, booking["id"], await add_card(gql, "tok_decline_after_first"), plan="DEPOSIT")
    balance = await Payment.get(kind="balance")
    due = balance.due_at
    assert await charge_due_balances(due) == {"charged": 0, "failed": 1, "cancelled": 0}
    await balance.refresh_from_db()
    assert balance.status is PaymentStatus.SCHEDULED and balance.attempts == 1 and balance.due_at > due
    assert await charge_due_balances(due + timedelta(days=1)) == {"charged": 0, "failed": 1, "cancelled": 0}
    assert await charge_due_balances(due + timedelta(days=2)) == {"charged": 0, "failed": 1, "cancelled": 1}
    row = await Booking.get()
    assert row.status is BookingStatus.CANCELLED and row.cancel_reason is CancelReason.PAYMENT_FAILED
    # Strict, 14 days before check-in: half the nights come back, out of the deposit paid.
    deposit = await Payment.get(kind="deposit")
    assert 0 < deposit.refunded_amount <= deposit.captured_amount
    assert (await account_totals())[("guest_funds", "EUR")] == 0
    assert await unbalanced_transactions() == 0


async def test_paying_in_another_currency_uses_and_keeps_the_rate(gql, payments_on):
    await ExchangeRate.create(base="EUR", quote="USD", rate=Decimal("1.1"))
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    result = await pay(gql, booking["id"], await add_card(gql), currency="usd")
    payment = result["payment"]
    assert payment["amount"] == {"amountMinor": 45920, "currency": "USD"}  # 417.45 EUR x 1.1, half up
    assert payment["listingAmount"] == {"amountMinor": 41745, "currency": "EUR"}
    totals = await account_totals()
    assert totals[("gateway_clearing", "USD")] == 45920 and totals[("guest_funds", "EUR")] == -41745
    assert await unbalanced_transactions() == 0
    await ExchangeRate.filter(quote="USD").update(rate=Decimal("2"))  # later rates change nothing paid
    assert (await Payment.get()).fx_rate == Decimal("1.1")


async def test_hosts_are_paid_in_their_payout_currency(gql, payments_on):
    await ExchangeRate.create(base="EUR", quote="GBP", rate=Decimal("0.85"))
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host)
    await sign_in(gql, "host@example.com")
    await gql.ok('mutation { setPayoutCurrency(input: {currency: "GBP"}) { ok errors { code } } }')
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    await pay(gql, booking["id"], await add_card(gql))
    row = await Booking.get()
    await run_lifecycle(row.starts_at)
    assert await run_payouts(row.starts_at + timedelta(hours=25)) == 1
    payout = await Payout.get()
    assert payout.currency == "GBP" and payout.listing_currency == "EUR"
    assert (payout.listing_amount, payout.amount) == (32010, 27209)  # x 0.85 = 27208.5: half up
    await sign_in(gql, "host@example.com")
    data = await gql.ok(
        "{ payouts { edges { node { amount { amountMinor currency } status } } } earnings(period: ALL) { amountMinor currency } }"
    )
    assert data["payouts"]["edges"][0]["node"] == {
        "amount": {"amountMinor": payout.amount, "currency": "GBP"},
        "status": "PAID",
    }
    assert data["earnings"] == [{"amountMinor": payout.listing_amount, "currency": "EUR"}]


async def test_the_same_key_pays_once_even_sent_ten_times_at_once(gql, payments_on, asgi_app):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    card = await add_card(gql)
    variables = {"input": {"bookingId": booking["id"], "paymentMethodId": card, "idempotencyKey": "pay-1"}}
    bodies = await asyncio.gather(*(gql(PAY, variables) for _ in range(10)))
    ids = {b["data"]["payForBooking"]["payment"]["id"] for b in bodies}
    assert len(ids) == 1 and all(b["data"]["payForBooking"]["errors"] == [] for b in bodies)
    assert await Payment.all().count() == 1
    assert (await account_totals())[("gateway_clearing", "EUR")] == 41745  # charged once
    other = await gql(PAY, {"input": {**variables["input"], "plan": "DEPOSIT"}})
    assert other["data"]["payForBooking"]["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"


async def test_refused_payments_change_nothing(gql, payments_on):
    listing = await make_listing()
    await signed_in(gql, "other@example.com")
    other_booking = await create_booking(gql, listing, check_in=30, check_out=32)
    other_card = await add_card(gql)
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    cancelled = await create_booking(gql, listing, check_in=20, check_out=22)
    await gql.ok(CANCEL, {"id": cancelled["id"]})
    card = await add_card(gql)
    paid = await create_booking(gql, listing, check_in=40, check_out=42)
    await pay(gql, paid["id"], card)
    before = await digests()
    cases = [
        ({"bookingId": other_booking["id"], "paymentMethodId": card}, "NOT_FOUND", "bookingId"),
        ({"bookingId": booking["id"], "paymentMethodId": other_card}, "NOT_FOUND", "paymentMethodId"),
        ({"bookingId": cancelled["id"], "paymentMethodId": card}, "INVALID_TRANSITION", "bookingId"),
        ({"bookingId": paid["id"], "paymentMethodId": card}, "ALREADY_PAID", "bookingId"),
        (
            {"bookingId": booking["id"], "paymentMethodId": card, "currency": "XXX"},
            "UNKNOWN_CURRENCY",
            "currency",
        ),
        (
            {"bookingId": booking["id"], "paymentMethodId": card, "currency": "JPY"},
            "UNKNOWN_CURRENCY",
            "currency",
        ),
        ({"bookingId": booking["id"], "paymentMethodId": card, "plan": "DEPOSIT"}, "INVALID_INPUT", "plan"),
    ]
    for fields, code, field in cases:
        result = await pay(
            gql,
            **{"booking_id": fields.pop("bookingId"), "method_id": fields.pop("paymentMethodId")},
            **fields,
        )
        assert (result["errors"][0]["code"], result["errors"][0]["field"]) == (code, field), fields
    for token in ("4242 4242 4242 4242", "4242424242424242", "tok_unknown"):
        body = await gql(ADD_METHOD, {"token": token})
        assert body["data"]["addPaymentMethod"]["errors"][0]["code"] == "INVALID_PAYMENT_METHOD"
    await signed_in(gql, "admin@example.com", is_admin=True)
    payment_id = gid("Payment", (await Payment.get()).id)
    body = await gql(REFUND, {"input": {"paymentId": payment_id, "amount": "9999.00"}})
    assert body["data"]["refundPayment"]["errors"][0]["code"] == "REFUND_EXCEEDS_CAPTURED"
    body = await gql(REFUND, {"input": {"paymentId": payment_id, "amount": "1.001"}})
    assert body["data"]["refundPayment"]["errors"][0]["code"] == "INVALID_INPUT"
    assert await digests() == before


async def test_an_admin_refunds_part_then_the_rest_never_more(gql, payments_on):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    result = await pay(gql, booking["id"], await add_card(gql))
    await signed_in(gql, "admin@example.com", is_admin=True)
    first = await gql.ok(
        REFUND, {"input": {"paymentId": result["payment"]["id"], "amount": "100.00", "reason": "noise"}}
    )
    assert first["refundPayment"]["payment"]["refunded"]["amountMinor"] == 10000
    rest = await gql.ok(REFUND, {"input": {"paymentId": result["payment"]["id"]}})
    assert rest["refundPayment"]["refund"]["amount"]["amountMinor"] == 41745 - 10000
    again = await gql(REFUND, {"input": {"paymentId": result["payment"]["id"], "amount": "0.01"}})
    assert again["data"]["refundPayment"]["errors"][0]["code"] == "REFUND_EXCEEDS_CAPTURED"
    assert await unbalanced_transactions() == 0
    await signed_in(gql, "nobody@example.com")
    body = await gql(REFUND, {"input": {"paymentId": result["payment"]["id"]}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_five_failures_in_an_hour_block_further_attempts(gql, payments_on):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    card = await add_card(gql, "tok_card_declined")
    booking = await create_booking(gql, listing)
    for _ in range(5):
        result = await pay(gql, booking["id"], card)
        assert result["payment"]["status"] == "FAILED"
    good = await add_card(gql)
    blocked = await pay(gql, booking["id"], good)
    assert blocked["errors"][0]["code"] == "PAYMENTS_BLOCKED"


async def test_a_payment_far_above_the_history_is_flagged(gql, payments_on):
    cheap = await make_listing(nightly_price=1000, cleaning_fee=0)
    dear = await make_listing(nightly_price=900000)
    await signed_in(gql, "guest@example.com")
    card = await add_card(gql)
    first = await pay(gql, (await create_booking(gql, cheap))["id"], card)
    assert first["payment"]["flagged"] is False
    second = await pay(gql, (await create_booking(gql, dear))["id"], card)
    assert second["payment"]["flagged"] is True and second["payment"]["status"] == "CAPTURED"
    await signed_in(gql, "admin@example.com", is_admin=True)
    flagged = await gql.ok("{ flaggedPayments { totalCount } }")
    assert flagged["flaggedPayments"]["totalCount"] == 1


async def test_payment_methods_are_tokens_with_what_may_be_shown(gql, payments_on):
    await signed_in(gql, "guest@example.com")
    first = (await gql.ok(ADD_METHOD, {"token": "tok_visa"}))["addPaymentMethod"]["paymentMethod"]
    assert first == {**first, "brand": "visa", "last4": "4242", "isDefault": True}
    second = (await gql.ok(ADD_METHOD, {"token": "tok_mastercard", "default": True}))["addPaymentMethod"][
        "paymentMethod"
    ]
    listed = (await gql.ok("{ paymentMethods { id isDefault } }"))["paymentMethods"]
    assert listed == [{"id": second["id"], "isDefault": True}, {"id": first["id"], "isDefault": False}]
    await gql.ok(
        "mutation($id: ID!) { setDefaultPaymentMethod(input: {paymentMethodId: $id}) { errors { code } } }",
        {"id": first["id"]},
    )
    await gql.ok(
        "mutation($id: ID!) { removePaymentMethod(input: {paymentMethodId: $id}) { ok errors { code } } }",
        {"id": first["id"]},
    )
    listed = (await gql.ok("{ paymentMethods { id isDefault } }"))["paymentMethods"]
    assert listed == [{"id": second["id"], "isDefault": True}]  # the default moved on
    await signed_in(gql, "thief@example.com")
    body = await gql(
        "mutation($id: ID!) { removePaymentMethod(input: {paymentMethodId: $id}) { ok errors { code } } }",
        {"id": second["id"]},
    )
    assert body["data"]["removePaymentMethod"]["errors"][0]["code"] == "NOT_FOUND"


CARD_NUMBER = re.compile(rb"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
# Our own ids may hold long digit runs by chance: UUIDs, and the simulated gateway's hex ids.
OWN_IDS = re.compile(
    rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|(?:pi|evt|re|po)_sim_[0-9a-f]+"
)


async def test_no_card_number_reaches_the_database(gql, payments_on, caplog):
    """After a journey that also tried to send card numbers, no table holds a card-number pattern."""
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    for attempt in ("4242424242424242", "4000 0566 5566 5556"):
        await gql(ADD_METHOD, {"token": attempt})
    booking = await create_booking(gql, listing)
    await pay(gql, booking["id"], await add_card(gql))
    conn = connections.get("default")
    dump = b""
    for table in (
        "payment_methods",
        "payments",
        "payment_refunds",
        "ledger_entries",
        "webhook_events",
        "simulated_intents",
        "simulated_requests",
        "idempotency_records",
    ):
        rows = await conn.execute_query_dict(f"SELECT t::text AS row FROM {table} t")
        dump += b"\n".join(r["row"].encode() for r in rows)
    # Our own ids are not card numbers: drop them, then look for any 13-19 digits (optionally
    # grouped by spaces or dashes), wherever they stand.
    dump = OWN_IDS.sub(b"", dump)
    assert not CARD_NUMBER.search(dump), "a card-number pattern was stored"
    assert "4242424242424242" not in caplog.text and "5566 5556" not in caplog.text


async def test_quotes_show_the_guest_currency_too(gql):
    await ExchangeRate.create(base="USD", quote="EUR", rate=Decimal("0.8"))  # used inverted
    listing = await make_listing()
    query = """query($id: ID!, $in: Date!, $out: Date!, $cur: String) {
      quote(listingId: $id, checkIn: $in, checkOut: $out, currency: $cur) {
        total { amountMinor currency } guestTotal { amountMinor currency } exchangeRate } }"""
    from tests.booking_helpers import day

    variables = {"id": gid("Listing", listing.id), "in": str(day(10)), "out": str(day(13)), "cur": "USD"}
    quote = (await gql.ok(query, variables))["quote"]
    assert quote["total"] == {"amountMinor": 41745, "currency": "EUR"}
    assert quote["guestTotal"] == {"amountMinor": 52181, "currency": "USD"}  # / 0.8 = 521.8125
    assert Decimal(quote["exchangeRate"]) == Decimal("1.25")
    body = await gql(query, {**variables, "cur": "CHF"})
    assert body["errors"][0]["extensions"]["code"] == "UNKNOWN_CURRENCY"


async def test_exchange_rates_refresh_from_the_configured_source():
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tasks.payments import _refresh_rates

    class Feed(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps(
                {"base": "USD", "rates": {"EUR": "0.92", "JPY": 151.2, "XXX": "1", "GBP": "-1"}}
            ).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert await _refresh_rates(f"http://127.0.0.1:{server.server_port}/rates") == 2  # XXX and -1 refused
    finally:
        server.shutdown()
        server.server_close()
    rates = {(r.base, r.quote): r.rate for r in await ExchangeRate.all()}
    assert rates == {("USD", "EUR"): Decimal("0.92"), ("USD", "JPY"): Decimal("151.2")}
    assert (await ExchangeRate.get(quote="EUR")).source == "feed"


async def test_payment_history_and_a_bookings_payments(gql, payments_on):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    await pay(gql, booking["id"], await add_card(gql))
    history = await gql.ok(
        "{ paymentHistory { totalCount edges { node { status amount { amountMinor } bookingId } } } }"
    )
    assert history["paymentHistory"]["totalCount"] == 1
    assert history["paymentHistory"]["edges"][0]["node"]["bookingId"] == booking["id"]
    mine = await gql.ok("query($id: ID!) { booking(id: $id) { payments { status } } }", {"id": booking["id"]})
    assert mine["booking"]["payments"] == [{"status": "CAPTURED"}]


async def test_a_refund_the_gateway_missed_is_sent_again_once(gql, payments_on, monkeypatch):
    from core.gateways import get_gateway
    from core.gateways.base import GatewayError
    from core.gateways.simulated_store import intents
    from models.payments import PaymentRefund
    from resolvers.payments import reconcile

    listing = await make_listing(cancellation_policy="flexible")
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing, check_in=20, check_out=23)
    await pay(gql, booking["id"], await add_card(gql))
    gateway = get_gateway("simulated")
    real_refund = gateway.refund

    async def down(*args: Any, **kwargs: Any) -> Any:
        raise GatewayError("timeout")

    monkeypatch.setattr(gateway, "refund", down)
    await gql.ok(CANCEL, {"id": booking["id"]})  # full refund owed, the gateway is down
    refund = await PaymentRefund.get()
    assert refund.gateway_refund_id is None and refund.amount == 41745
    assert [intent.refunded for intent in await intents()] == [0]  # (the one intent)
    monkeypatch.setattr(gateway, "refund", real_refund)
    from datetime import UTC, datetime

    later = datetime.now(UTC) + timedelta(minutes=2)
    assert (await reconcile(later))["refunds"] == 1
    assert (await reconcile(later))["refunds"] == 0
    assert [intent.refunded for intent in await intents()] == [41745]  # sent once


async def test_payments_methods_and_payouts_are_their_owners_only(gql, payments_on):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    card = await add_card(gql)
    result = await pay(gql, (await create_booking(gql, listing))["id"], card)
    query = "query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }"
    ids = {"a": card, "b": result["payment"]["id"]}
    mine = await gql.ok(query, ids)
    assert mine == {"a": {"id": card}, "b": {"id": result["payment"]["id"]}}
    await signed_in(gql, "other@example.com")
    assert await gql.ok(query, ids) == {"a": None, "b": None}
    await signed_in(gql, "admin@example.com", is_admin=True)
    assert (await gql.ok(query, ids))["b"] == {"id": result["payment"]["id"]}


async def test_an_admin_refund_with_a_key_happens_once(gql, payments_on):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    result = await pay(gql, (await create_booking(gql, listing))["id"], await add_card(gql))
    await signed_in(gql, "admin@example.com", is_admin=True)
    variables = {"input": {"paymentId": result["payment"]["id"], "amount": "50.00", "idempotencyKey": "r-1"}}
    bodies = await asyncio.gather(*(gql(REFUND, variables) for _ in range(5)))
    assert all(b["data"]["refundPayment"]["errors"] == [] for b in bodies), bodies
    assert (await Payment.get()).refunded_amount == 5000  # once
    other = await gql(REFUND, {"input": {**variables["input"], "amount": "60.00"}})
    assert other["data"]["refundPayment"]["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
