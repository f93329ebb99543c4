"""DataLoaders of the payments domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from aiodataloader import DataLoader
from tortoise import connections

from loaders.grouping import grouped, rows_by_id
from models.ledger import BookingBooks
from models.payments import Payment, PaymentMethod, PaymentRefund, Payout


class MethodByIdLoader(DataLoader[uuid.UUID, PaymentMethod | None]):
    """Saved cards, not removed ones."""

    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[PaymentMethod | None]:
        return await rows_by_id(PaymentMethod, keys, removed_at=None)


class PaymentByIdLoader(DataLoader[uuid.UUID, Payment | None]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[Payment | None]:
        return await rows_by_id(Payment, keys)


class PayoutByIdLoader(DataLoader[uuid.UUID, Payout | None]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[Payout | None]:
        return await rows_by_id(Payout, keys)


class PaymentsByBookingLoader(DataLoader[uuid.UUID, list[Payment]]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[Payment]]:
        return grouped(
            await Payment.filter(booking_id__in=list(keys)).order_by("created_at"), "booking_id", keys
        )


class RefundsByPaymentLoader(DataLoader[uuid.UUID, list[PaymentRefund]]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[PaymentRefund]]:
        rows = await PaymentRefund.filter(payment_id__in=list(keys)).order_by("created_at")
        return grouped(rows, "payment_id", keys)


class BooksByBookingLoader(DataLoader[uuid.UUID, BookingBooks]):
    """What the ledger says of each booking (held, refunded and kept by part, owed to its host)."""

    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[BookingBooks]:
        found = await books_of(list(dict.fromkeys(keys)))
        return [found[k] for k in keys]


BOOKS = """SELECT e.booking_id, t.kind, e.account, e.line, sum(e.amount)::bigint AS total
           FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
           WHERE e.booking_id = ANY($1::uuid[])
             AND e.account IN ('guest_funds', 'host_payable', 'platform_revenue', 'taxes_payable')
           GROUP BY e.booking_id, t.kind, e.account, e.line"""


async def books_of(booking_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, BookingBooks]:
    """What the ledger says of each booking, in one query (by the index on ledger_entries.booking_id)."""
    sums: dict[uuid.UUID, dict[tuple[str, str, str], int]] = {b: {} for b in booking_ids}
    if booking_ids:
        rows = await connections.get("default").execute_query_dict(BOOKS, [list(booking_ids)])
        for r in rows:
            sums[r["booking_id"]][(r["kind"], r["account"], r["line"])] = int(r["total"])
    return {b: BookingBooks.from_sums(s) for b, s in sums.items()}
