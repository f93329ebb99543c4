"""GET /calendars/{token}.ics: a listing's unavailable nights, for other channels to import.

The secret token in the URL is the only credential: channels (Airbnb, Booking.com, Vrbo) poll
the URL without signing in. An unknown token is a plain 404 that reveals nothing.

Imported nights are exported too. Other channels expect the union of everything unavailable,
so a stay booked on channel A reaches channel B through Roost without the host wiring A to B.
The price is the usual iCal echo: a night that A imports back from us stays blocked there until
A next polls after it frees here. Nights are labelled only "Reserved" or "Not available": no
guest name or channel leaves Roost.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from core.ical import HORIZON_DAYS, build_calendar, group_runs, summary_for
from models.listings import Listing, Night


def _today(listing: Listing) -> date:
    try:
        return datetime.now(ZoneInfo(listing.time_zone)).date()
    except (ValueError, KeyError):  # an unknown zone name: UTC rather than a 500
        return datetime.now(ZoneInfo("UTC")).date()


async def export_calendar(request: Request) -> Response:
    token = request.path_params["token"]
    listing = await Listing.get_or_none(calendar_token=token, deleted_at=None)
    if listing is None:
        return PlainTextResponse("Not found.", status_code=404)
    today = _today(listing)
    rows = await Night.filter(
        listing_id=listing.id, night__gte=today, night__lt=today + timedelta(days=HORIZON_DAYS)
    ).values_list("night", "kind")
    runs = group_runs((night, summary_for(str(kind))) for night, kind in rows)
    body = build_calendar(runs, uid_seed=str(listing.id), name=f"Roost: {listing.title}")
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            # Channels poll; a cached copy could re-open a night that was just booked.
            "cache-control": "no-cache, private",
            "content-disposition": 'inline; filename="roost.ics"',
        },
    )


routes = [Route("/calendars/{token}.ics", export_calendar, methods=["GET"])]
