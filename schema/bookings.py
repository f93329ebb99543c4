"""GraphQL types of bookings: the booking, its quote, history, changes, cancellation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from loaders import now_or_later
from models.bookings import Booking as BookingModel
from models.bookings import BookingChange as ChangeModel
from models.bookings import BookingEvent as EventModel
from models.bookings import BookingStatus as DomainBookingStatus
from models.bookings import CancelReason as DomainCancelReason
from models.bookings import ChangeStatus as DomainChangeStatus
from models.cancellation import Refund
from models.ledger import host_share
from models.location import SHOWS_EXACT_LOCATION
from models.quotes import Quote as QuoteModel
from schema.base import Money
from schema.context import Context, Info
from schema.listings import CancellationPolicy, Listing
from schema.nodes import ModelNode, visible_through
from schema.users import User

if TYPE_CHECKING:
    from schema.payments import Payment

# strawberry.enum marks the domain enum itself as a GraphQL enum (and returns it); the plain alias
# keeps the name usable as a type for mypy.
strawberry.enum(DomainBookingStatus, name="BookingStatus")
strawberry.enum(DomainCancelReason, name="CancelReason")
strawberry.enum(DomainChangeStatus, name="BookingChangeStatus")
BookingStatus = DomainBookingStatus
CancelReason = DomainCancelReason
ChangeStatus = DomainChangeStatus
SHOWS_ADDRESS = SHOWS_EXACT_LOCATION  # the listing's own address and point follow the same rule


def can_see_booking(context: Context, booking: BookingModel) -> bool:
    """Guests and hosts see their own bookings; admins see all."""
    viewer = context.user
    return viewer is not None and (viewer.id in (booking.guest_id, booking.host_id) or viewer.is_admin)


@strawberry.type
class NightPrice:
    night: date
    price: Money


@strawberry.type(description="The price of a stay, line by line; totals are exact sums of their lines.")
class Quote:
    currency: str
    check_in: date
    check_out: date
    nights: int
    lines: list[NightPrice]
    subtotal: Money = strawberry.field(description="The nights' prices summed.")
    discount: Money
    discount_kind: str | None = strawberry.field(description='"weekly", "monthly" or null: never both.')
    discount_pct: int
    cleaning_fee: Money
    service_fee: Money
    service_fee_pct: Decimal
    taxes: Money
    tax_pct: Decimal
    total: Money = strawberry.field(description="What the guest pays.")
    host_commission: Money
    host_commission_pct: Decimal
    host_payout: Money = strawberry.field(description="What the host receives.")
    guest_total: Money | None = strawberry.field(
        default=None, description="The total in the currency asked for (quote's `currency`), at today's rate."
    )
    exchange_rate: Decimal | None = strawberry.field(
        default=None, description="Listing currency to that one."
    )

    @classmethod
    def of(cls, quote: QuoteModel) -> Quote:
        def money(minor: int) -> Money:
            return Money.of(minor, quote.currency)

        return cls(
            currency=quote.currency,
            check_in=quote.check_in,
            check_out=quote.check_out,
            nights=quote.nights,
            lines=[NightPrice(night=line.night, price=money(line.amount)) for line in quote.lines],
            subtotal=money(quote.subtotal),
            discount=money(quote.discount),
            discount_kind=quote.discount_kind,
            discount_pct=quote.discount_pct,
            cleaning_fee=money(quote.cleaning_fee),
            service_fee=money(quote.service_fee),
            service_fee_pct=quote.service_fee_pct,
            taxes=money(quote.taxes),
            tax_pct=quote.tax_pct,
            total=money(quote.total),
            host_commission=money(quote.host_commission),
            host_commission_pct=quote.host_commission_pct,
            host_payout=money(quote.host_payout),
        )


@strawberry.type(description="What the guest gets back.")
class RefundBreakdown:
    accommodation: Money
    cleaning_fee: Money
    service_fee: Money
    taxes: Money
    total: Money
    full: bool
    nights_refunded: int

    @classmethod
    def of(cls, refund: Refund, currency: str) -> RefundBreakdown:
        return cls(
            accommodation=Money.of(refund.accommodation, currency),
            cleaning_fee=Money.of(refund.cleaning_fee, currency),
            service_fee=Money.of(refund.service_fee, currency),
            taxes=Money.of(refund.taxes, currency),
            total=Money.of(refund.total, currency),
            full=refund.full,
            nights_refunded=refund.nights_refunded,
        )


@strawberry.type(name="BookingEvent", description="One step of a booking's history.")
class BookingEvent:
    from_status: BookingStatus | None = strawberry.field(description="Null when the booking was created.")
    to_status: BookingStatus
    reason: str
    at: datetime

    @strawberry.field(description="Who made the move; null for the platform (scheduled jobs).")
    def actor(self, root: strawberry.Parent[EventModel], info: Info) -> User | None:
        if root.actor_id is None:
            return None
        return now_or_later(info.context.loaders.user_by_id, root.actor_id)  # type: ignore[no-any-return]


@strawberry.type(name="BookingChange")
class BookingChange(ModelNode):
    id: relay.NodeID[uuid.UUID]
    status: ChangeStatus
    old_check_in: date
    old_check_out: date
    old_guests: int
    new_check_in: date
    new_check_out: date
    new_guests: int
    created_at: datetime
    decided_at: datetime | None

    model = ChangeModel
    loader = "change_by_id"

    @classmethod
    async def visible(cls, context: Context, rows: Sequence[ChangeModel]) -> list[bool]:
        return await visible_through(
            context.loaders.booking_by_id,
            [c.booking_id for c in rows],
            lambda booking: can_see_booking(context, booking),
        )

    @strawberry.field
    def old_total(self, root: strawberry.Parent[ChangeModel]) -> Money:
        return Money.of(root.old_total, QuoteModel.from_json(root.new_quote).currency)

    @strawberry.field
    def new_total(self, root: strawberry.Parent[ChangeModel]) -> Money:
        return Money.of(root.new_total, QuoteModel.from_json(root.new_quote).currency)

    @strawberry.field(description="New total minus old total: positive means the guest pays more.")
    def price_difference(self, root: strawberry.Parent[ChangeModel]) -> Money:
        return Money.of(root.price_difference, QuoteModel.from_json(root.new_quote).currency)


@strawberry.type
class Cancellation:
    reason: CancelReason
    at: datetime
    note: str
    refund: Money
    by_host: bool = strawberry.field(description="Cancelled by the host: counted against them.")


@strawberry.type(name="Booking", description="A stay of a guest at a listing.")
class Booking(ModelNode):
    id: relay.NodeID[uuid.UUID]
    status: BookingStatus
    check_in: date
    check_out: date
    guests: int
    message_to_host: str
    special_requests: str
    cancellation_policy: CancellationPolicy
    starts_at: datetime = strawberry.field(description="Check-in time in the listing's time zone, as UTC.")
    ends_at: datetime = strawberry.field(description="Check-out time, as UTC.")
    expires_at: datetime | None = strawberry.field(description="A pending request lapses at this time.")
    confirmed_at: datetime | None
    created_at: datetime

    model = BookingModel
    loader = "booking_by_id"

    @classmethod
    async def visible(cls, context: Context, rows: Sequence[BookingModel]) -> list[bool]:
        return [can_see_booking(context, b) for b in rows]

    @strawberry.field(description="Booked on an instant-book listing (confirmed at once).")
    def instant_book(self, root: strawberry.Parent[BookingModel]) -> bool:
        return root.instant

    @strawberry.field
    def nights(self, root: strawberry.Parent[BookingModel]) -> int:
        return (root.check_out - root.check_in).days

    @strawberry.field(description="Null once the listing was deleted.")
    def listing(self, root: strawberry.Parent[BookingModel], info: Info) -> Listing | None:
        return now_or_later(info.context.loaders.listing_by_id, root.listing_id)  # type: ignore[no-any-return]

    @strawberry.field
    def guest(self, root: strawberry.Parent[BookingModel], info: Info) -> User:
        return now_or_later(info.context.loaders.user_by_id, root.guest_id)  # type: ignore[no-any-return]

    @strawberry.field
    def host(self, root: strawberry.Parent[BookingModel], info: Info) -> User:
        return now_or_later(info.context.loaders.user_by_id, root.host_id)  # type: ignore[no-any-return]

    @strawberry.field(description="The quote the booking was made with (or last changed to).")
    def quote(self, root: strawberry.Parent[BookingModel]) -> Quote:
        return Quote.of(QuoteModel.from_json(root.quote))

    @strawberry.field
    def total(self, root: strawberry.Parent[BookingModel]) -> Money:
        return Money.of(root.total, root.currency)

    @strawberry.field(
        description="What the host is (or will be) paid for this stay, after cancellation, refunds and "
        "changes: the quote's host payout until then. For the host and admins; null for anyone else."
    )
    async def host_share(self, root: strawberry.Parent[BookingModel], info: Info) -> Money | None:
        viewer = info.context.user
        if viewer is None or not (viewer.id == root.host_id or viewer.is_admin):
            return None
        books = await info.context.loaders.books_by_booking.load(root.id)
        cancelled = root.status is DomainBookingStatus.CANCELLED
        return Money.of(host_share(QuoteModel.from_json(root.quote), cancelled, books), root.currency)

    @strawberry.field(description="The street address: for the guest once confirmed, the host and admins.")
    async def listing_address(self, root: strawberry.Parent[BookingModel], info: Info) -> str | None:
        viewer = info.context.user
        if viewer is None or (viewer.id == root.guest_id and root.status not in SHOWS_ADDRESS):
            return None
        listing = await info.context.loaders.listing_by_id.load(root.listing_id)
        return listing.address if listing else None

    @strawberry.field
    def cancellation(self, root: strawberry.Parent[BookingModel]) -> Cancellation | None:
        if root.status is not DomainBookingStatus.CANCELLED or root.cancel_reason is None:
            return None
        return Cancellation(
            reason=root.cancel_reason,
            at=root.cancelled_at,  # type: ignore[arg-type]
            note=root.cancel_note,
            refund=Money.of(root.refund_total or 0, root.currency),
            by_host=root.cancel_reason is DomainCancelReason.HOST_CANCELLED,
        )

    @strawberry.field(description="The booking's history, oldest first.")
    def events(self, root: strawberry.Parent[BookingModel], info: Info) -> list[BookingEvent]:
        return now_or_later(info.context.loaders.events_by_booking, root.id)  # type: ignore[no-any-return]

    @strawberry.field(description="Changes of dates or guests, newest first.")
    def changes(self, root: strawberry.Parent[BookingModel], info: Info) -> list[BookingChange]:
        return now_or_later(info.context.loaders.changes_by_booking, root.id)  # type: ignore[no-any-return]

    @strawberry.field(description="Its charges (for the guest, the host sees none of the card).")
    def payments(
        self, root: strawberry.Parent[BookingModel], info: Info
    ) -> list[Annotated[Payment, strawberry.lazy("schema.payments")]]:
        viewer = info.context.user
        if viewer is None or not (viewer.id == root.guest_id or viewer.is_admin):
            return []
        return now_or_later(info.context.loaders.payments_by_booking, root.id)  # type: ignore[no-any-return]

    @strawberry.field(description="The series this stay was booked with, if any.")
    def series_id(self, root: strawberry.Parent[BookingModel]) -> strawberry.ID | None:
        series = root.series_id
        return strawberry.ID(str(series)) if series else None
