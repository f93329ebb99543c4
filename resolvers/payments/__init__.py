"""Paying for bookings: charge (or authorize) through the gateway, capture on the host's yes,
release on a no, refund by policy on cancellation, charge scheduled balances, pay hosts.

One concern per module; this package re-exports the names callers use, so `payments.settle`
stays one name to call (and for tests to replace). Rules of the road:
- Gateway calls happen outside database transactions, each with a key derived from our own row
  ("payment:<id>:create"), so a retry (ours, a task's, a webhook's) never charges twice.
- Every result, whether it comes back from the call or later in a webhook, goes through
  `apply_intent`: under the payment's row lock, state only moves forward, and the ledger gets the
  captured *difference*, so applying a result twice (or late, or out of order) changes nothing more.
- Money that arrives for a booking that no longer exists is released or refunded (`settle`).
- Every refund says what it gives back of each part of the quote (see `refunds`).

Modules, lowest first: idempotency, exchange_rates, cards, intents, refunds, booking_money (the
money steps of accepting and cancelling, which the lifecycle calls), paying, balances, payouts,
reconcile, webhook_events. None imports resolvers.booking_lifecycle.
"""

from __future__ import annotations

from resolvers.payments.balances import charge_due_balances
from resolvers.payments.booking_money import (
    apply_intent,
    cancel_for_payment,
    capture_for_accept,
    reprice,
    settle,
)
from resolvers.payments.cards import (
    add_payment_method,
    own_method,
    remove_payment_method,
    saved_methods,
    set_default_payment_method,
)
from resolvers.payments.exchange_rates import exchange_rates, rate, set_exchange_rate
from resolvers.payments.idempotency import replayed
from resolvers.payments.intents import LIVE, RANK
from resolvers.payments.paying import confirm_payment, flagged_payments, pay_for_booking, payments_of
from resolvers.payments.payouts import earnings, payouts_of, run_payouts, set_payout_currency
from resolvers.payments.reconcile import reconcile
from resolvers.payments.refunds import admin_refund, record_refund, send_refunds
from resolvers.payments.refunds import record_refund as _record_refund  # its name before the split
from resolvers.payments.webhook_events import process_event

__all__ = [
    "LIVE",
    "RANK",
    "_record_refund",
    "add_payment_method",
    "admin_refund",
    "apply_intent",
    "cancel_for_payment",
    "capture_for_accept",
    "charge_due_balances",
    "confirm_payment",
    "earnings",
    "exchange_rates",
    "flagged_payments",
    "own_method",
    "pay_for_booking",
    "payments_of",
    "payouts_of",
    "process_event",
    "rate",
    "reconcile",
    "record_refund",
    "remove_payment_method",
    "replayed",
    "reprice",
    "run_payouts",
    "saved_methods",
    "send_refunds",
    "set_default_payment_method",
    "set_exchange_rate",
    "set_payout_currency",
    "settle",
]
