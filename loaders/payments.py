"""DataLoaders of the payments domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from aiodataloader import DataLoader

from loaders.grouping import grouped
from models.ledger import BookingBooks
from models.payments import Payment, PaymentRefund


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
        from resolvers.ledger_posting import books_of

        found = await books_of(list(dict.fromkeys(keys)))
        return [found[k] for k in keys]
