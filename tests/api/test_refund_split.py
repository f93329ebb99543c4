"""Issue 9, items 1-3: what a partial refund keeps is split part by part (models.ledger.divide), the
same rule for cancellations, admin refunds, refunds after the stay began and lowered prices; kept
money of a cancelled stay is the host's from its original check-in; payments show their refunds and
hosts see their share."""

from __future__ import annotations

import uuid
from datetime import timedelta

from tortoise import connections

from models.ledger import Parts, allocate
from models.quotes import Quote
from tests.booking_helpers import CANCEL, make_listing, signed_in
from tests.conftest import create_user, sign_in
from tests.listing_helpers import gid
from tests.payment_helpers import REFUND, add_card, create_booking, pay

# ---- through GraphQL, on the real database ------------------------------------------------------------

BOOKING_MONEY = """query($id: ID!) { booking(id: $id) { hostShare { amountMinor currency }
  payments { status refunded { amountMinor } captured { amountMinor } } } }"""


async def _ledger_lines(booking_id: uuid.UUID, kind: str) -> dict[tuple[str, str], int]:
    rows = await connections.get("default").execute_query_dict(
        """SELECT e.account, e.line, sum(e.amount)::bigint AS total FROM ledger_entries e
           JOIN ledger_transactions t ON t.id = e.transaction_id
           WHERE t.kind = $1 AND e.booking_id = $2 AND e.account NOT IN ('gateway_clearing', 'fx')
           GROUP BY e.account, e.line""",
        [kind, booking_id],
    )
    return {(r["account"], r["line"]): int(r["total"]) for r in rows if r["total"]}


async def _example_booking(gql, host=None):
    host = host or await create_user("host@example.com", is_host=True)
    listing = await make_listing(
        host,
        cancellation_policy="moderate",
        nightly_price=15000,
        cleaning_fee=3500,
        country="NL",
        city="Utrecht",
        city_key="utrecht",
    )
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing, check_in=3, check_out=6)
    assert booking["quote"]["total"]["amountMinor"] == 59655
    assert (await pay(gql, booking["id"], await add_card(gql)))["payment"]["status"] == "CAPTURED"
    return host, booking


async def test_a_moderate_cancellation_three_days_ahead_keeps_each_part_its_own_share(gql, payments_on):
    from models.bookings import Booking

    _, booking = await _example_booking(gql)
    data = (await gql.ok(CANCEL, {"id": booking["id"]}))["cancelBooking"]
    assert data["refund"]["total"]["amountMinor"] == 28340  # 225 + 35 + 0 + 23.40
    row = await Booking.get()
    # Kept 313.15: the host 225.00 - 6.75, the platform 67.90 + 6.75, taxes 20.25 (it was 246.96,
    # 35.64 + 7.64 and 22.91: the kept amount in the proportions of the whole quote).
    assert await _ledger_lines(row.id, "recognise") == {
        ("guest_funds", ""): 31315,
        ("host_payable", "host_payout"): -21825,
        ("platform_revenue", "service_fee"): -6790,
        ("platform_revenue", "host_commission"): -675,
        ("taxes_payable", "taxes"): -2025,
    }
    assert await _ledger_lines(row.id, "refund") == {
        ("guest_funds", "host_charges"): 26000,
        ("guest_funds", "taxes"): 2340,
    }


async def test_payments_show_their_refunds_and_hosts_their_share(gql, payments_on):
    _, booking = await _example_booking(gql)
    await sign_in(gql, "host@example.com")
    seen = (await gql.ok(BOOKING_MONEY, {"id": booking["id"]}))["booking"]
    assert seen["hostShare"] == {"amountMinor": 47045, "currency": "EUR"}  # the quote's, until then
    await sign_in(gql, "guest@example.com")
    await gql.ok(CANCEL, {"id": booking["id"]})
    seen = (await gql.ok(BOOKING_MONEY, {"id": booking["id"]}))["booking"]
    assert seen["payments"] == [
        {
            "status": "PARTIALLY_REFUNDED",
            "refunded": {"amountMinor": 28340},
            "captured": {"amountMinor": 59655},
        }
    ]
    assert seen["hostShare"] is None  # the host's, not the guest's
    await sign_in(gql, "host@example.com")
    seen = (await gql.ok(BOOKING_MONEY, {"id": booking["id"]}))["booking"]
    assert seen["hostShare"] == {"amountMinor": 21825, "currency": "EUR"}
    assert seen["payments"] == []


async def test_kept_money_of_a_cancelled_stay_is_earned_and_paid_from_its_original_check_in(gql, payments_on):
    from models.bookings import Booking
    from models.payments import Payout
    from resolvers.payments import earnings, run_payouts

    host, booking = await _example_booking(gql)
    await gql.ok(CANCEL, {"id": booking["id"]})
    row = await Booking.get()
    await sign_in(gql, "host@example.com")
    # Recognised at cancellation (the host's and the platform's from then), yet earned and paid as the
    # stay would have been: not before its check-in, then on the usual delay after it.
    assert (await gql.ok("{ earnings(period: ALL) { amountMinor currency } }"))["earnings"] == []
    assert await run_payouts(row.starts_at + timedelta(hours=23)) == 0
    later = row.starts_at + timedelta(hours=1)
    assert await earnings(host=host, start=row.starts_at - timedelta(days=1), end=later) == [(21825, "EUR")]
    assert await run_payouts(row.starts_at + timedelta(hours=25)) == 1
    assert (await Payout.get()).listing_amount == 21825


async def test_an_admin_refund_after_the_stay_began_reverses_each_part_pro_rata(gql, payments_on):
    from models.bookings import Booking
    from models.payments import Payment
    from resolvers.booking_lifecycle import run_lifecycle

    await create_user("admin@example.com", is_admin=True)
    _, booking = await _example_booking(gql)
    row = await Booking.get()
    await run_lifecycle(row.starts_at)
    assert await _ledger_lines(row.id, "recognise") == {
        ("guest_funds", ""): 59655,
        ("host_payable", "host_payout"): -47045,
        ("platform_revenue", "service_fee"): -6790,
        ("platform_revenue", "host_commission"): -1455,
        ("taxes_payable", "taxes"): -4365,
    }
    await sign_in(gql, "admin@example.com")
    payment = await Payment.get()
    pid = gid("Payment", payment.id)
    await gql.ok(REFUND, {"input": {"paymentId": pid, "amount": "100.00", "reason": "no hot water"}})
    # 100.00 pro rata of the kept parts (485.00, 67.90, 43.65 of 596.55): 81.30 + 11.38 + 7.32,
    # each part its own share; the commission is recomputed on the host charges kept (403.70: 12.11).
    share = allocate(10000, Parts(48500, 6790, 4365))
    assert share == Parts(8130, 1138, 732)
    assert await _ledger_lines(row.id, "refund") == {
        ("host_payable", "host_payout"): 8130 - (1455 - 1211),
        ("platform_revenue", "host_commission"): 1455 - 1211,
        ("platform_revenue", "service_fee"): 1138,
        ("taxes_payable", "taxes"): 732,
    }
    seen = (await gql.ok(BOOKING_MONEY, {"id": booking["id"]}))["booking"]
    assert seen["hostShare"]["amountMinor"] == 40370 - 1211
    assert seen["payments"][0]["status"] == "PARTIALLY_REFUNDED"
    await gql.ok(REFUND, {"input": {"paymentId": pid, "reason": "the rest"}})
    seen = (await gql.ok(BOOKING_MONEY, {"id": booking["id"]}))["booking"]
    assert seen["hostShare"]["amountMinor"] == 0
    assert seen["payments"][0] == {
        "status": "REFUNDED",
        "refunded": {"amountMinor": 59655},
        "captured": {"amountMinor": 59655},
    }
    rows = await connections.get("default").execute_query_dict(
        """SELECT account, sum(amount)::bigint AS total FROM ledger_entries WHERE booking_id = $1
           AND account IN ('guest_funds', 'host_payable', 'platform_revenue', 'taxes_payable')
           GROUP BY account""",
        [row.id],
    )
    assert {r["account"]: int(r["total"]) for r in rows} == {
        "guest_funds": 0,
        "host_payable": 0,
        "platform_revenue": 0,
        "taxes_payable": 0,
    }


CHANGE = """mutation($input: ChangeBookingInput!) { changeBooking(input: $input) {
  change { status } errors { code field message } } }"""


async def test_a_lower_price_refunds_the_difference_and_the_stay_keeps_the_new_quote(gql, payments_on):
    from models.bookings import Booking
    from models.payments import Payment
    from resolvers.booking_lifecycle import run_lifecycle
    from tests.booking_helpers import day

    _, booking = await _example_booking(gql)
    await gql.ok(CHANGE, {"input": {"bookingId": booking["id"], "checkOut": str(day(5))}})
    row = await Booking.get()
    new = Quote.from_json(row.quote)
    assert (new.total, new.host_payout) == (41205, 32495)  # 2 nights: 300 + 35, 46.90, 30.15
    payment = await Payment.get()
    assert payment.refunded_amount == 59655 - 41205  # the difference went back at once
    assert await _ledger_lines(row.id, "refund") == {("guest_funds", "repriced"): 59655 - 41205}
    seen = (await gql.ok(BOOKING_MONEY, {"id": booking["id"]}))["booking"]
    assert seen["payments"][0]["status"] == "PARTIALLY_REFUNDED"
    await run_lifecycle(row.starts_at)
    # The stay keeps the new quote's own lines, not the old amount in the new quote's proportions.
    assert await _ledger_lines(row.id, "recognise") == {
        ("guest_funds", ""): new.total,
        ("host_payable", "host_payout"): -new.host_payout,
        ("platform_revenue", "service_fee"): -new.service_fee,
        ("platform_revenue", "host_commission"): -new.host_commission,
        ("taxes_payable", "taxes"): -new.taxes,
    }


async def test_a_lower_price_reduces_a_scheduled_balance_first(gql, payments_on):
    from models.bookings import Booking
    from models.payments import Payment, PaymentKind
    from tests.booking_helpers import day

    listing = await make_listing(nightly_price=15000, cleaning_fee=3500, country="NL", city_key="utrecht")
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing, check_in=40, check_out=43)
    await pay(gql, booking["id"], await add_card(gql), plan="DEPOSIT")
    deposit = await Payment.get(kind=PaymentKind.DEPOSIT)
    await gql.ok(CHANGE, {"input": {"bookingId": booking["id"], "checkOut": str(day(42))}})
    total = (await Booking.get()).total
    balance = await Payment.get(kind=PaymentKind.BALANCE)
    assert balance.listing_amount == balance.amount == total - deposit.listing_amount
    assert (await Payment.get(id=deposit.id)).refunded_amount == 0


async def test_host_shares_of_a_page_of_bookings_cost_one_query(gql, payments_on):
    from core.metrics import count_queries

    host = await create_user("host@example.com", is_host=True)
    await signed_in(gql, "guest@example.com")
    card = await add_card(gql)
    for i in range(3):
        listing = await make_listing(host, title=f"Room number {i} by the canal")
        booking = await create_booking(gql, listing, check_in=10 + i, check_out=12 + i)
        await pay(gql, booking["id"], card)
    await sign_in(gql, "host@example.com")
    page = "{ hostReservations { edges { node { id %s } } } }"
    with count_queries() as plain:
        await gql.ok(page % "")
    with count_queries() as shared:
        data = await gql.ok(page % "hostShare { amountMinor }")
    assert [e["node"]["hostShare"]["amountMinor"] for e in data["hostReservations"]["edges"]] == [
        22310
    ] * 3  # 2 nights of 100.00 + 30.00, less 3%
    assert shared.value == plain.value + 1


async def test_a_request_repriced_before_the_host_accepts_keeps_only_the_new_price(gql, payments_on):
    from models.bookings import Booking
    from models.payments import Payment
    from tests.booking_helpers import ACCEPT, day

    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False)
    await signed_in(gql, "guest@example.com")
    booking = await create_booking(gql, listing)  # 3 nights: 417.45, authorized when paid
    assert (await pay(gql, booking["id"], await add_card(gql)))["payment"]["status"] == "AUTHORIZED"
    await gql.ok(CHANGE, {"input": {"bookingId": booking["id"], "checkOut": str(day(12))}})
    await sign_in(gql, "host@example.com")
    assert (await gql.ok(ACCEPT, {"id": booking["id"]}))["acceptBooking"]["booking"]["status"] == "CONFIRMED"
    total = (await Booking.get()).total
    payment = await Payment.get()
    assert payment.captured_amount == 41745  # what was authorized was captured...
    assert payment.captured_amount - payment.refunded_amount == total  # ...and the difference refunded
