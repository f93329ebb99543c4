"""Writing the ledger: each money movement is one balanced transaction (models.ledger builds the legs;
PostgreSQL checks the balance at commit). Call these inside the transaction that changes the state."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from tortoise import connections

from loaders.payments import books_of
from models.ledger import Account, BookingBooks, Leg, Parts, allocate, balanced, kept_split, recognise
from models.payments import LedgerEntry, LedgerTransaction
from models.quotes import Quote


async def post(
    kind: str,
    legs: Sequence[Leg],
    *,
    booking_id: uuid.UUID | None = None,
    payment_id: uuid.UUID | None = None,
    payout_id: uuid.UUID | None = None,
    memo: str = "",
) -> LedgerTransaction | None:
    legs = [leg for leg in legs if leg.amount]
    if not legs:
        return None
    if not balanced(legs):  # the database would refuse it at commit; refuse it here, clearly
        raise ValueError(f"unbalanced {kind} posting: {legs}")
    # In the caller's transaction (every caller holds one): the balance is checked at its commit.
    transaction = await LedgerTransaction.create(
        kind=kind, booking_id=booking_id, payment_id=payment_id, payout_id=payout_id, memo=memo[:200]
    )
    await LedgerEntry.bulk_create(
        [
            LedgerEntry(
                transaction_id=transaction.id,
                account=leg.account.value,
                owner_id=leg.owner_id,
                booking_id=booking_id,
                amount=leg.amount,
                currency=leg.currency,
                line=leg.line,
            )
            for leg in legs
        ]
    )
    return transaction


async def balance(account: Account, owner_id: uuid.UUID | None, currency: str) -> int:
    rows = await connections.get("default").execute_query_dict(
        """SELECT coalesce(sum(amount), 0)::bigint AS total FROM ledger_entries
           WHERE account = $1 AND owner_id IS NOT DISTINCT FROM $2 AND currency = $3""",
        [account.value, owner_id, currency],
    )
    return int(rows[0]["total"])


async def booking_books(booking_id: uuid.UUID) -> BookingBooks:
    return (await books_of([booking_id]))[booking_id]


async def recognise_funds(
    booking_id: uuid.UUID, host_id: uuid.UUID, quote: Quote, memo: str, target: Parts | None = None
) -> int:
    """What the stay's funds hold becomes the host's, the platform's and the taxes', part by part:
    `target` (default: the quote less what was refunded of each part), less what is already
    recognised. Funds short of it (a balance never paid) are recognised pro rata of its parts; funds
    beyond it (never expected) stay held for the guest."""
    books = await booking_books(booking_id)
    if books.held <= 0:
        return 0
    whole = Parts.of_quote(quote)
    if target is None:
        target = whole - books.refunded.least(whole)
    target = (target - books.kept).at_least_zero()
    adding = target if books.held >= target.total else allocate(books.held, target)
    if not adding.total:
        return 0
    pct = quote.host_commission_pct
    split = kept_split(books.kept + adding, pct) - kept_split(books.kept, pct)
    await post(
        "recognise",
        recognise(booking_id, host_id, split, quote.currency),
        booking_id=booking_id,
        memo=memo,
    )
    return adding.total
