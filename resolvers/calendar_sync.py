"""Channel calendar sync: a listing's iCal feeds from other channels (the import itself is the
job in tasks/calendars.py; the export is webhooks/calendars.py)."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from tortoise.transactions import in_transaction

from core import limits
from core.errors import DomainError, ErrorCode
from core.ical import feed_url_problem
from models.listings import CalendarFeed, Night, NightKind
from models.users import User
from resolvers.listings import listing_changed, owned_listing
from tasks import calendars as calendar_jobs
from tasks.app import enqueue_committed

MAX_FEEDS = 20  # per listing: each feed is a download every 15 minutes
MAX_NAME = 100  # calendar_feeds.name
SYNCS_PER_HOUR = 30  # manual syncs per listing: each one calls every feed's server


async def add_feed(*, user: User, listing_id: uuid.UUID | None, url: str, name: str | None) -> CalendarFeed:
    """Import another channel's calendar; its first sync is queued at once."""
    url = url.strip()
    async with in_transaction():
        # The listing's row lock serialises adds, so the duplicate and count checks hold.
        listing = await owned_listing(user, listing_id, lock=True)
        problem = feed_url_problem(url)
        if problem:
            raise DomainError(ErrorCode.INVALID_FEED, problem, "url")
        if listing.calendar_token in url:
            raise DomainError(ErrorCode.INVALID_FEED, "That is this listing's own Roost calendar.", "url")
        label = (name or "").strip() or (urlsplit(url).hostname or "")[:MAX_NAME]
        if len(label) > MAX_NAME:
            raise DomainError(ErrorCode.INVALID_INPUT, f"At most {MAX_NAME} characters.", "name")
        feeds = CalendarFeed.filter(listing_id=listing.id)
        if await feeds.filter(url=url).exists():
            raise DomainError(ErrorCode.INVALID_FEED, "This calendar is already imported.", "url")
        if await feeds.count() >= MAX_FEEDS:
            raise DomainError(
                ErrorCode.INVALID_FEED, f"A listing imports at most {MAX_FEEDS} calendars.", "url"
            )
        feed = await CalendarFeed.create(listing_id=listing.id, url=url, name=label)
    await listing_changed(listing.id)
    await enqueue_committed(calendar_jobs.SYNC_FEED, str(feed.id))  # else the 15-minute sync takes it
    return feed


async def remove_feed(*, user: User, feed_id: uuid.UUID | None) -> None:
    """Stop importing a feed and free the nights it imported (its conflicts go with it)."""
    async with in_transaction():
        # Locked so a sync of this feed in flight either finishes first or finds it gone.
        feed = await CalendarFeed.filter(id=feed_id).select_for_update().first() if feed_id else None
        if feed is None:
            raise DomainError(ErrorCode.NOT_FOUND, "No such calendar feed.", "feed_id")
        try:
            await owned_listing(user, feed.listing_id)
        except DomainError as error:  # the input names the feed, not the listing
            raise DomainError(error.code, error.message, "feed_id") from error
        freed = await Night.filter(feed_id=feed.id, kind=NightKind.IMPORTED).delete()
        await feed.delete()  # its conflicts cascade
    await listing_changed(feed.listing_id)
    if freed:
        # Another feed may hold some of these nights too; its last insert found them taken.
        await calendar_jobs.resync_listing(feed.listing_id)


async def request_sync(*, user: User, listing_id: uuid.UUID | None) -> int:
    """Queue an immediate import of every feed of the listing; how many were queued."""
    listing = await owned_listing(user, listing_id)
    if not await limits.hit("calendar-sync", str(listing.id), limit=SYNCS_PER_HOUR, window_seconds=3600):
        raise DomainError(
            ErrorCode.RATE_LIMITED, "Calendars were synced often lately; try later.", "listing_id"
        )
    return await calendar_jobs.resync_listing(listing.id)


async def listing_feeds(*, user: User, listing_id: uuid.UUID | None) -> list[CalendarFeed]:
    """The listing's feeds, oldest first, with their conflicts (one query for all of them)."""
    listing = await owned_listing(user, listing_id)
    return (
        await CalendarFeed.filter(listing_id=listing.id)
        .order_by("created_at", "id")
        .prefetch_related("conflicts")
    )
