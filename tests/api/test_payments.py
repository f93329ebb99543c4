"""Paying for bookings end to end through GraphQL, with the simulated gateway."""

from __future__ import annotations

from datetime import timedelta

from models.bookings import Booking, BookingStatus
from models.listings import Night
from models.payments import Payment, PaymentStatus, Payout
from models.quotes import Quote
from resolvers.booking_lifecycle import run_lifecycle
from resolvers.payments import run_payouts
from tests.booking_helpers import ACCEPT, CANCEL, make_listing, signed_in
from tests.conftest import create_user, sign_in
from tests.payment_helpers import (
    BOOKING_STATUS,
    CONFIRM_PAYMENT,
    account_totals,
    add_card,
    create_booking,
    pay,
    unbalanced_transactions,
)


async def test_book_pay_stay_payout(gql, payments_on):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host)
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing, check_in=10, check_out=13)
    assert booking["status"] == "PENDING"  # an instant booking waits for its payment
    card = await add_card(gql)
    result = await pay(gql, booking["id"], card)
    assert result["errors"] == []
    assert result["payment"]["status"] == "CAPTURED"
    assert result["payment"]["captured"]["amountMinor"] == booking["total"]["amountMinor"] == 41745
    assert (await gql.ok(BOOKING_STATUS, {"id": booking["id"]}))["booking"]["status"] == "CONFIRMED"
    assert await account_totals() == {("gateway_clearing", "EUR"): 41745, ("guest_funds", "EUR"): -41745}

    row = await Booking.get()
    await run_lifecycle(row.starts_at)  # the stay begins: its funds are recognised
    quote = Quote.from_json(row.quote)
    totals = await account_totals()
    assert totals[("host_payable", "EUR")] == -quote.host_payout
    assert totals[("taxes_payable", "EUR")] == -quote.taxes
    assert totals[("platform_revenue", "EUR")] == -(quote.service_fee + quote.host_commission)
    assert totals[("guest_funds", "EUR")] == 0

    assert await run_payouts(row.starts_at + timedelta(hours=23)) == 0  # not 24 h yet
    assert await run_payouts(row.starts_at + timedelta(hours=25)) == 1
    assert await run_payouts(row.starts_at + timedelta(hours=25)) == 0  # the same run: nothing more
    payout = await Payout.get()
    assert (payout.amount, payout.currency) == (quote.host_payout, "EUR")
    totals = await account_totals()
    assert totals[("host_payable", "EUR")] == 0
    assert totals[("gateway_clearing", "EUR")] == 41745 - quote.host_payout
    assert await unbalanced_transactions() == 0


async def test_request_is_authorized_then_captured_when_the_host_accepts(gql, payments_on):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False)
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    body = await gql(ACCEPT, {"id": booking["id"]})
    assert body["data"]["acceptBooking"]["errors"][0]["code"] == "NOT_OWNER"  # only the host answers
    card = await add_card(gql)
    result = await pay(gql, booking["id"], card)
    assert result["payment"]["status"] == "AUTHORIZED" and result["payment"]["captured"]["amountMinor"] == 0
    await sign_in(gql, "host@example.com")
    body = await gql(ACCEPT, {"id": booking["id"]})
    assert body["data"]["acceptBooking"]["booking"]["status"] == "CONFIRMED", body
    payment = await Payment.get()
    assert payment.status is PaymentStatus.CAPTURED and payment.captured_amount == payment.amount


async def test_an_unpaid_request_cannot_be_accepted(gql, payments_on):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False)
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    await sign_in(gql, "host@example.com")
    body = await gql(ACCEPT, {"id": booking["id"]})
    assert body["data"]["acceptBooking"]["errors"][0]["code"] == "PAYMENT_REQUIRED"


async def test_book_pay_cancel_refund_by_policy(gql, payments_on):
    listing = await make_listing(cancellation_policy="moderate")
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing, check_in=2, check_out=5)
    await pay(gql, booking["id"], await add_card(gql))
    data = (await gql.ok(CANCEL, {"id": booking["id"]}))["cancelBooking"]
    refund = data["refund"]["total"]["amountMinor"]
    assert refund == 20250  # 50% of the nights, the cleaning fee and their taxes
    payment = await Payment.get()
    assert payment.refunded_amount == refund
    totals = await account_totals()
    assert totals[("gateway_clearing", "EUR")] == 41745 - refund
    assert totals[("guest_funds", "EUR")] == 0  # what is retained is recognised
    assert await unbalanced_transactions() == 0
    assert not await Night.exists()


async def test_a_declined_card_leaves_the_booking_unpaid_until_it_is_cancelled(gql, payments_on):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    result = await pay(gql, booking["id"], await add_card(gql, "tok_insufficient_funds"))
    assert result["payment"]["status"] == "FAILED"
    assert result["payment"]["declineCode"] == "insufficient_funds"
    assert (await Booking.get()).status is BookingStatus.PENDING
    # Another card may still pay within the grace period; here nobody does.
    row = await Booking.get()
    await run_lifecycle(row.expires_at + timedelta(seconds=1))
    data = (await gql.ok(BOOKING_STATUS, {"id": booking["id"]}))["booking"]
    assert data["status"] == "CANCELLED" and data["cancellation"]["reason"] == "PAYMENT_FAILED"
    assert not await Night.exists()


async def test_three_d_secure_needs_the_guest_to_confirm(gql, payments_on):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    result = await pay(gql, booking["id"], await add_card(gql, "tok_3ds"))
    assert result["payment"]["status"] == "REQUIRES_ACTION"
    assert (await Booking.get()).status is BookingStatus.PENDING
    confirmed = (await gql.ok(CONFIRM_PAYMENT, {"id": result["payment"]["id"]}))["confirmPayment"]
    assert confirmed["payment"]["status"] == "CAPTURED"
    assert (await Booking.get()).status is BookingStatus.CONFIRMED


async def test_each_fee_is_its_own_ledger_line(gql, payments_on):
    from tortoise import connections

    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    await pay(gql, booking["id"], await add_card(gql))
    row = await Booking.get()
    await run_lifecycle(row.starts_at)
    quote = Quote.from_json(row.quote)
    lines = {
        r["line"]: -int(r["amount"])
        for r in await connections.get("default").execute_query_dict(
            "SELECT line, amount FROM ledger_entries WHERE line <> ''"
        )
    }
    assert lines == {
        "host_payout": quote.host_payout,
        "service_fee": quote.service_fee,
        "host_commission": quote.host_commission,
        "taxes": quote.taxes,
    }


async def test_a_declined_request_releases_the_authorization(gql, payments_on):
    from tests.booking_helpers import DECLINE

    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False)
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)
    await pay(gql, booking["id"], await add_card(gql))
    await sign_in(gql, "host@example.com")
    await gql.ok(DECLINE, {"id": booking["id"]})
    payment = await Payment.get()
    assert payment.status is PaymentStatus.VOIDED and payment.captured_amount == 0
    assert await account_totals() == {}  # nothing was ever captured


async def test_request_pay_accept_stay_payout_through_graphql(gql, payments_on):
    """The whole journey of a request: book, pay (authorized), the host accepts (captured and
    confirmed), the stay begins (recognised) and ends, the host is paid; the ledger balances."""
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False)
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing, check_in=5, check_out=8)
    result = await pay(gql, booking["id"], await add_card(gql), idempotencyKey="trip")
    assert result["payment"]["status"] == "AUTHORIZED"
    await sign_in(gql, "host@example.com")
    assert (await gql.ok(ACCEPT, {"id": booking["id"]}))["acceptBooking"]["booking"]["status"] == "CONFIRMED"
    row = await Booking.get()
    await run_lifecycle(row.starts_at)
    await run_lifecycle(row.ends_at)
    await row.refresh_from_db()
    assert row.status is BookingStatus.COMPLETED
    assert await run_payouts(row.starts_at + timedelta(hours=25)) == 1
    payouts = await gql.ok("{ payouts { totalCount edges { node { amount { amountMinor } } } } }")
    assert (
        payouts["payouts"]["edges"][0]["node"]["amount"]["amountMinor"]
        == Quote.from_json(row.quote).host_payout
    )
    totals = await account_totals()
    assert totals[("guest_funds", "EUR")] == 0 and totals[("host_payable", "EUR")] == 0
    assert await unbalanced_transactions() == 0
