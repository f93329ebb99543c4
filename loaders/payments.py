"""DataLoaders of the payments domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from aiodataloader import DataLoader

from loaders.grouping import grouped
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
