"""GraphQL fields of the listings domain: calendar_sync (iCal feeds imported from other channels).

The export is not GraphQL: Listing.calendarExportUrl points at webhooks/calendars.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry import relay

from models.feed_errors import FeedErrorReason, feed_report
from models.listings import CalendarFeed as FeedModel
from resolvers import calendar_sync
from schema.base import Payload, parse_uuid, user_errors
from schema.context import Context, Info
from schema.listings import Listing, can_manage, listing_uuid
from schema.nodes import ModelNode, visible_through
from schema.permissions import IsAuthenticated
from schema.users import OkPayload


@strawberry.enum(name="CalendarFeedStatus", description="How the feed's last sync went.")
class CalendarFeedStatus(Enum):
    PENDING = "pending"  # not synced yet
    OK = "ok"
    ERROR = "error"


# strawberry.enum marks the domain enum itself as a GraphQL enum (and returns it); the plain alias
# keeps the name usable as a type for mypy.
strawberry.enum(FeedErrorReason, name="CalendarFeedErrorReason", description="Why a feed's last sync failed.")
CalendarFeedErrorReason = FeedErrorReason


@strawberry.type(description="An imported event that falls on a night booked on Roost: not applied.")
class CalendarConflict:
    night: date
    summary: str = strawberry.field(description="The event's SUMMARY in the feed.")
    event_uid: str = strawberry.field(description="The event's UID in the feed.")
    detected_at: datetime


@strawberry.type(name="CalendarFeed", description="Another channel's iCal calendar of this listing.")
class CalendarFeed(ModelNode):
    id: relay.NodeID[uuid.UUID]
    name: str
    url: str = strawberry.field(description="Secret (it grants read access to that calendar): host only.")
    last_synced_at: datetime | None = strawberry.field(
        description="The last successful sync: how fresh the imported nights are."
    )
    created_at: datetime

    model = FeedModel
    loader = "feed_by_id"

    @classmethod
    async def visible(cls, context: Context, rows: Sequence[FeedModel]) -> list[bool]:
        # Feed URLs are secrets of the host: node(id:) answers only the host and admins.
        return await visible_through(
            context.loaders.listing_by_id,
            [f.listing_id for f in rows],
            lambda listing: can_manage(context, listing),
        )

    @strawberry.field
    def last_status(self, root: strawberry.Parent[FeedModel]) -> CalendarFeedStatus:
        return CalendarFeedStatus(root.last_status)

    @strawberry.field(
        description="Why the last sync failed or, after a successful one, what it skipped: our own "
        "words, never the calendar server's."
    )
    def last_error(self, root: strawberry.Parent[FeedModel]) -> str:
        return feed_report(root.last_status, root.last_error).message

    @strawberry.field(description="Why the last sync failed (null unless lastStatus is ERROR).")
    def last_error_reason(self, root: strawberry.Parent[FeedModel]) -> CalendarFeedErrorReason | None:
        return feed_report(root.last_status, root.last_error).reason

    @strawberry.field(description="The HTTP status of a failed download (reason HTTP_STATUS).")
    def last_http_status(self, root: strawberry.Parent[FeedModel]) -> int | None:
        return feed_report(root.last_status, root.last_error).http_status

    @strawberry.field
    async def listing(self, root: strawberry.Parent[FeedModel], info: Info) -> Listing | None:
        return await info.context.loaders.listing_by_id.load(root.listing_id)  # type: ignore[return-value]

    @strawberry.field(description="Imported events that clash with Roost bookings, by night.")
    async def conflicts(self, root: strawberry.Parent[FeedModel], info: Info) -> list[CalendarConflict]:
        if root.conflicts._fetched:  # prefetched by calendarFeeds
            rows = list(root.conflicts)
        else:
            rows = await info.context.loaders.conflicts_by_feed.load(root.id)
        return sorted(rows, key=lambda c: (c.night, c.event_uid))  # type: ignore[arg-type]


def feed_uuid(id: relay.GlobalID) -> uuid.UUID | None:
    return parse_uuid(id.node_id) if id.type_name == "CalendarFeed" else None


# ---- inputs and payloads ----------------------------------------------------------------------


@strawberry.input
class AddCalendarFeedInput:
    listing_id: relay.GlobalID
    url: str = strawberry.field(description="The channel's iCal export URL (http or https).")
    name: str | None = strawberry.field(default=None, description="Defaults to the URL's host name.")


@strawberry.input
class RemoveCalendarFeedInput:
    feed_id: relay.GlobalID


@strawberry.input
class SyncCalendarInput:
    listing_id: relay.GlobalID


@strawberry.type
class CalendarFeedPayload(Payload):
    feed: CalendarFeed | None = None


# ---- fields -------------------------------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(
        permission_classes=[IsAuthenticated], description="A listing's imported calendars: host only."
    )
    async def calendar_feeds(self, info: Info, listing_id: relay.GlobalID) -> list[CalendarFeed]:
        feeds = await calendar_sync.listing_feeds(
            user=info.context.require_user(), listing_id=listing_uuid(listing_id)
        )
        return feeds  # type: ignore[return-value]


@strawberry.type
class Mutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Import another channel's iCal.")
    @user_errors
    async def add_calendar_feed(self, info: Info, input: AddCalendarFeedInput) -> CalendarFeedPayload:
        feed = await calendar_sync.add_feed(
            user=info.context.require_user(),
            listing_id=listing_uuid(input.listing_id),
            url=input.url,
            name=input.name,
        )
        return CalendarFeedPayload(feed=feed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated], description="Stop importing a feed; free its nights."
    )
    @user_errors
    async def remove_calendar_feed(self, info: Info, input: RemoveCalendarFeedInput) -> OkPayload:
        await calendar_sync.remove_feed(user=info.context.require_user(), feed_id=feed_uuid(input.feed_id))
        return OkPayload(ok=True)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated], description="Import every feed of the listing now."
    )
    @user_errors
    async def sync_calendar(self, info: Info, input: SyncCalendarInput) -> OkPayload:
        await calendar_sync.request_sync(
            user=info.context.require_user(), listing_id=listing_uuid(input.listing_id)
        )
        return OkPayload(ok=True)
