"""DataLoaders of the payments domain."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from aiodataloader import DataLoader

from models.payments import Payment, PaymentRefund


class PaymentsByBookingLoader(DataLoader[uuid.UUID, list[Payment]]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[Payment]]:
        grouped: dict[uuid.UUID, list[Payment]] = defaultdict(list)
        for payment in await Payment.filter(booking_id__in=list(keys)).order_by("created_at"):
            grouped[payment.booking_id].append(payment)  # type: ignore[attr-defined]
        return [grouped.get(k, []) for k in keys]


class RefundsByPaymentLoader(DataLoader[uuid.UUID, list[PaymentRefund]]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[PaymentRefund]]:
        grouped: dict[uuid.UUID, list[PaymentRefund]] = defaultdict(list)
        for refund in await PaymentRefund.filter(payment_id__in=list(keys)).order_by("created_at"):
            grouped[refund.payment_id].append(refund)  # type: ignore[attr-defined]
        return [grouped.get(k, []) for k in keys]
