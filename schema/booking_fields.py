"""GraphQL fields of bookings: quote, book, answer, cancel, change, and the guest's and host's lists."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay

from core.errors import DomainError, ErrorCode
from core.money import CURRENCIES
from models.bookings import Booking as BookingModel
from models.ledger import convert
from resolvers import booking_changes, booking_lifecycle, booking_queries, bookings, payments
from resolvers.booking_queries import BookingList
from resolvers.bookings import Stay
from resolvers.paging import Page
from schema.base import Connection, Money, Payload, connection, node_uuid, user_errors
from schema.bookings import Booking, BookingChange, CancelReason, Quote, RefundBreakdown
from schema.context import Info
from schema.listings import listing_uuid
from schema.permissions import IsAuthenticated

# strawberry.enum marks the domain enum itself as a GraphQL enum (and returns it); the plain alias
# keeps the name usable as a type for mypy.
strawberry.enum(BookingList, name="BookingFilter", description="Which bookings a list shows.")
BookingFilter = BookingList


@strawberry.input
class CreateBookingInput:
    listing_id: relay.GlobalID
    check_in: date
    check_out: date = strawberry.field(description="The morning the guest leaves (not a night of the stay).")
    guests: int = 1
    message_to_host: str = ""
    special_requests: str = ""
    idempotency_key: str | None = strawberry.field(
        default=None, description="Resending the same key returns the same booking, never a second one."
    )


@strawberry.input
class StayInput:
    check_in: date
    check_out: date


@strawberry.input
class CreateBookingSeriesInput:
    listing_id: relay.GlobalID
    stays: list[StayInput]
    guests: int = 1
    message_to_host: str = ""


@strawberry.input
class BookingIdInput:
    booking_id: relay.GlobalID


@strawberry.input
class AnswerBookingInput:
    booking_id: relay.GlobalID
    message: str = ""


@strawberry.input
class CancelBookingInput:
    booking_id: relay.GlobalID
    reason: str = strawberry.field(default="", description="In your words; shown to the other side.")


@strawberry.input(description="Omitted fields keep their value.")
class ChangeBookingInput:
    booking_id: relay.GlobalID
    check_in: date | None = None
    check_out: date | None = None
    guests: int | None = None


@strawberry.input
class BookingChangeIdInput:
    change_id: relay.GlobalID


@strawberry.type
class BookingPayload(Payload):
    booking: Booking | None = None


@strawberry.type
class BookingSeriesPayload(Payload):
    series_id: strawberry.ID | None = None
    bookings: list[Booking] = strawberry.field(default_factory=list)


@strawberry.type
class CancelBookingPayload(Payload):
    booking: Booking | None = None
    refund: RefundBreakdown | None = None


@strawberry.type
class ChangeBookingPayload(Payload):
    booking: Booking | None = None
    change: BookingChange | None = None


@strawberry.type
class CancellationPreview:
    booking: Booking
    reason: CancelReason = strawberry.field(description="How the cancellation would be recorded.")
    refund: RefundBreakdown


@strawberry.type
class Query:
    @strawberry.field(description="The exact price of a stay, as createBooking would charge it now.")
    async def quote(
        self,
        info: Info,
        listing_id: relay.GlobalID,
        check_in: date,
        check_out: date,
        guests: int = 1,
        currency: str | None = None,
    ) -> Quote:
        uuid_ = listing_uuid(listing_id)
        listing = await info.context.loaders.listing_by_id.load(uuid_) if uuid_ else None
        result = await bookings.quote(
            user=info.context.user,
            listing=listing,
            listing_id=uuid_,
            check_in=check_in,
            check_out=check_out,
            guests=guests,
        )
        view = Quote.of(result)
        if currency:
            wanted = currency.upper()
            if wanted not in CURRENCIES:
                raise DomainError(ErrorCode.UNKNOWN_CURRENCY, f"Unknown currency {wanted}.", "currency")
            fx = await payments.rate(result.currency, wanted)
            view.guest_total = Money.of(convert(result.total, result.currency, wanted, fx), wanted)
            view.exchange_rate = fx
        return view

    @strawberry.field(permission_classes=[IsAuthenticated], description="A booking you are part of.")
    async def booking(self, info: Info, id: relay.GlobalID) -> Booking | None:
        found = (
            await Booking.resolve_nodes(info=info, node_ids=[id.node_id])
            if id.type_name == "Booking"
            else [None]
        )
        return found[0]

    @strawberry.field(permission_classes=[IsAuthenticated], description="Your stays as a guest.")
    async def my_trips(
        self,
        info: Info,
        filter: BookingFilter = BookingFilter.UPCOMING,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Booking]:
        page = await booking_queries.trips(
            guest=info.context.require_user(), which=filter, first=first, after=after
        )
        return _connection(info, page)

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Bookings of your listings; among upcoming ones, requests waiting for you come first.",
    )
    async def host_reservations(
        self,
        info: Info,
        filter: BookingFilter = BookingFilter.UPCOMING,
        listing_id: relay.GlobalID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Booking]:
        page = await booking_queries.reservations(
            host=info.context.require_user(),
            which=filter,
            only_listing=listing_id is not None,
            listing_id=listing_uuid(listing_id) if listing_id is not None else None,
            first=first,
            after=after,
        )
        return _connection(info, page)

    @strawberry.field(
        permission_classes=[IsAuthenticated], description="What cancelling now would refund. Changes nothing."
    )
    async def cancellation_preview(self, info: Info, booking_id: relay.GlobalID) -> CancellationPreview:
        preview = await booking_lifecycle.cancellation_preview(
            user=info.context.require_user(),
            booking_id=node_uuid(booking_id, "Booking"),
        )
        return CancellationPreview(
            booking=preview.booking,  # type: ignore[arg-type]
            reason=preview.reason,
            refund=RefundBreakdown.of(preview.refund, preview.booking.currency),
        )


def _connection(info: Info, page: Page[BookingModel]) -> Connection[Booking]:
    for booking in page.items:  # later loads of these bookings in this request need no query
        info.context.loaders.booking_by_id.prime(booking.id, booking)
    return connection(page)  # type: ignore[arg-type]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Book a stay: instant-book listings confirm at once, others wait for the host.",
    )
    @user_errors
    async def create_booking(self, info: Info, input: CreateBookingInput) -> BookingPayload:
        listing_id = listing_uuid(input.listing_id)
        booking = await bookings.create_booking(
            user=info.context.require_user(),
            listing=await info.context.loaders.listing_by_id.load(listing_id) if listing_id else None,
            listing_id=listing_id,
            check_in=input.check_in,
            check_out=input.check_out,
            guests=input.guests,
            message_to_host=input.message_to_host,
            special_requests=input.special_requests,
            idempotency_key=input.idempotency_key,
        )
        return BookingPayload(booking=booking)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated], description="Several stays at one listing: all booked, or none."
    )
    @user_errors
    async def create_booking_series(
        self, info: Info, input: CreateBookingSeriesInput
    ) -> BookingSeriesPayload:
        series, booked = await bookings.create_booking_series(
            user=info.context.require_user(),
            listing_id=listing_uuid(input.listing_id),
            stays=[Stay(s.check_in, s.check_out) for s in input.stays],
            guests=input.guests,
            message_to_host=input.message_to_host,
        )
        return BookingSeriesPayload(series_id=strawberry.ID(str(series.id)), bookings=booked)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="The host accepts a request.")
    @user_errors
    async def accept_booking(self, info: Info, input: BookingIdInput) -> BookingPayload:
        booking = await booking_lifecycle.accept_booking(
            user=info.context.require_user(),
            booking_id=node_uuid(input.booking_id, "Booking"),
        )
        return BookingPayload(booking=booking)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="The host declines a request.")
    @user_errors
    async def decline_booking(self, info: Info, input: AnswerBookingInput) -> BookingPayload:
        booking = await booking_lifecycle.decline_booking(
            user=info.context.require_user(),
            booking_id=node_uuid(input.booking_id, "Booking"),
            note=input.message,
        )
        return BookingPayload(booking=booking)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="The guest or the host cancels; the refund follows the listing's policy.",
    )
    @user_errors
    async def cancel_booking(self, info: Info, input: CancelBookingInput) -> CancelBookingPayload:
        booking, refund = await booking_lifecycle.cancel_booking(
            user=info.context.require_user(),
            booking_id=node_uuid(input.booking_id, "Booking"),
            note=input.reason,
        )
        return CancelBookingPayload(booking=booking, refund=RefundBreakdown.of(refund, booking.currency))  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Change dates or guests before check-in (request-to-book listings: the host approves).",
    )
    @user_errors
    async def change_booking(self, info: Info, input: ChangeBookingInput) -> ChangeBookingPayload:
        booking, change = await booking_changes.change_booking(
            user=info.context.require_user(),
            booking_id=node_uuid(input.booking_id, "Booking"),
            check_in=input.check_in,
            check_out=input.check_out,
            guests=input.guests,
        )
        return ChangeBookingPayload(booking=booking, change=change)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def accept_booking_change(self, info: Info, input: BookingChangeIdInput) -> ChangeBookingPayload:
        return await _answer_change(info, input, accept=True)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def decline_booking_change(self, info: Info, input: BookingChangeIdInput) -> ChangeBookingPayload:
        return await _answer_change(info, input, accept=False)


async def _answer_change(info: Info, input: BookingChangeIdInput, *, accept: bool) -> ChangeBookingPayload:
    booking, change = await booking_changes.answer_change(
        user=info.context.require_user(), change_id=node_uuid(input.change_id, "BookingChange"), accept=accept
    )
    return ChangeBookingPayload(booking=booking, change=change)  # type: ignore[arg-type]
