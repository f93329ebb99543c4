"""Shared helpers for payment tests: GraphQL snippets, paying, ledger sums."""

from __future__ import annotations

from typing import Any

from tortoise import connections

from tests.booking_helpers import CREATE_BOOKING, booking_input

ADD_METHOD = """mutation($token: String!, $default: Boolean) {
  addPaymentMethod(input: {token: $token, makeDefault: $default}) {
    paymentMethod { id brand last4 expMonth expYear isDefault } errors { code field message } } }"""
PAY = """mutation($input: PayForBookingInput!) { payForBooking(input: $input) {
  payment { id kind status declineCode amount { amountMinor currency } listingAmount { amountMinor currency }
            captured { amountMinor } refunded { amountMinor } dueAt flagged }
  errors { code field message } } }"""
CONFIRM_PAYMENT = """mutation($id: ID!) { confirmPayment(input: {paymentId: $id}) {
  payment { id status captured { amountMinor } } errors { code field } } }"""
REFUND = """mutation($input: RefundPaymentInput!) { refundPayment(input: $input) {
  refund { amount { amountMinor currency } reason } payment { id refunded { amountMinor } }
  errors { code field message } } }"""
BOOKING_STATUS = (
    "query($id: ID!) { booking(id: $id) { id status cancellation { reason refund { amountMinor } } } }"
)


async def add_card(gql: Any, token: str = "tok_visa") -> str:
    data = await gql.ok(ADD_METHOD, {"token": token})
    return data["addPaymentMethod"]["paymentMethod"]["id"]


async def create_booking(gql: Any, listing: Any, **fields: Any) -> dict[str, Any]:
    data = await gql.ok(CREATE_BOOKING, {"input": booking_input(listing, **fields)})
    return data["createBooking"]["booking"]


async def pay(gql: Any, booking_id: str, method_id: str, **fields: Any) -> dict[str, Any]:
    body = await gql(PAY, {"input": {"bookingId": booking_id, "paymentMethodId": method_id, **fields}})
    assert "errors" not in body, body
    return body["data"]["payForBooking"]


async def account_totals() -> dict[tuple[str, str], int]:
    """Every account's balance per currency."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT account, currency, sum(amount)::bigint AS total FROM ledger_entries GROUP BY account, currency"
    )
    return {(r["account"], r["currency"]): int(r["total"]) for r in rows}


async def unbalanced_transactions() -> int:
    rows = await connections.get("default").execute_query_dict(
        """SELECT count(*) AS n FROM (SELECT transaction_id FROM ledger_entries
           GROUP BY transaction_id, currency HAVING sum(amount) <> 0) t"""
    )
    return int(rows[0]["n"])


async def currency_totals() -> dict[str, int]:
    """The sum over every account, per currency (zero in a balanced ledger)."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT currency, sum(amount)::bigint AS total FROM ledger_entries GROUP BY currency"
    )
    return {r["currency"]: int(r["total"]) for r in rows}
