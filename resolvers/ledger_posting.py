"""Writing the ledger: each money movement is one balanced transaction (models.ledger builds the legs;
PostgreSQL checks the balance at commit). Call these inside the transaction that changes the state."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from tortoise import connections

from models.ledger import Account, Leg, Split, balanced, recognise
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


def split_of(quote: Quote, amount: int) -> Split:
    """`amount` of a stay's money divided as its quote divides the total: host payout, taxes,
    and the rest (service fee and commission) to the platform. Rounded half up, once."""
    if not quote.total:
        return Split(host=0, platform=amount, taxes=0)

    def share(part: int) -> int:
        return (2 * amount * part + quote.total) // (2 * quote.total)

    host, taxes, commission = share(quote.host_payout), share(quote.taxes), share(quote.host_commission)
    platform = amount - host - taxes
    return Split(host=host, platform=platform, taxes=taxes, commission=max(0, min(commission, platform)))


async def recognise_funds(booking_id: uuid.UUID, host_id: uuid.UUID, quote: Quote, memo: str) -> int:
    """Whatever the stay's funds still hold becomes the host's, the platform's and the taxes'."""
    held = -await balance(Account.GUEST_FUNDS, booking_id, quote.currency)
    if held > 0:
        await post(
            "recognise",
            recognise(booking_id, host_id, split_of(quote, held), quote.currency),
            booking_id=booking_id,
            memo=memo,
        )
    return held
