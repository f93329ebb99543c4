"""The booking consistency check: what the database must never hold, found by one set-based query.

It checks the data whatever wrote it (the app, the seeder, raw SQL, a restored dump), and on its own
terms: it does not call the commit-time trigger of migration 5 but computes, for every booking, the
nights it should own and compares them with the nights it does own. So the trigger and this check
watch each other. Run it after a seed or a load test; an empty result means consistent:
    DATABASE_URL=postgres://... python -m bench.consistency      # exit status 1 if it finds anything

A booking that holds its stay (pending, confirmed, in progress, or completed: a finished stay keeps
its nights as history) owns exactly the nights check_in .. check_out - 1 of its listing, plus those
of a change waiting for the host; a cancelled booking owns none. Problems reported:
- `overlap`: two bookings holding their stays on one listing share a night (detail: the other id);
- `nights_differ`: a holding booking misses nights of its stay or owns others (detail: counts);
- `inactive_owns_nights`: a cancelled booking still owns nights (detail: how many).
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

HOLDING = ("pending", "confirmed", "in_progress", "completed")
_HOLDING_SQL = ", ".join(f"'{s}'" for s in HOLDING)

CONSISTENCY_SQL = f"""
WITH holding AS (
    SELECT b.id, b.listing_id, b.check_in, b.check_out, c.new_check_in, c.new_check_out
      FROM bookings b
      LEFT JOIN booking_changes c ON c.booking_id = b.id AND c.status = 'pending'
     WHERE b.status IN ({_HOLDING_SQL})
), expected AS (
    SELECT h.id AS booking_id, h.listing_id, d::date AS night
      FROM holding h, generate_series(h.check_in, h.check_out - 1, interval '1 day') AS d
    UNION
    SELECT h.id, h.listing_id, d::date
      FROM holding h, generate_series(h.new_check_in, h.new_check_out - 1, interval '1 day') AS d
     WHERE h.new_check_in IS NOT NULL
), owned AS (
    SELECT n.booking_id, n.listing_id, n.night FROM nights n JOIN holding h ON h.id = n.booking_id
), differ AS (
    SELECT coalesce(e.booking_id, o.booking_id) AS booking_id,
           count(*) FILTER (WHERE o.night IS NULL) AS missing,
           count(*) FILTER (WHERE e.night IS NULL) AS extra
      FROM expected e
      FULL JOIN owned o USING (booking_id, listing_id, night)
     WHERE e.night IS NULL OR o.night IS NULL
     GROUP BY 1
)
SELECT 'overlap' AS problem, a.listing_id, a.id AS booking_id, b.id::text AS detail
  FROM bookings a
  JOIN bookings b ON b.listing_id = a.listing_id AND a.id < b.id
   AND a.check_in < b.check_out AND b.check_in < a.check_out
 WHERE a.status IN ({_HOLDING_SQL}) AND b.status IN ({_HOLDING_SQL})
UNION ALL
SELECT 'nights_differ', b.listing_id, d.booking_id, format('%s missing, %s extra', d.missing, d.extra)
  FROM differ d JOIN bookings b ON b.id = d.booking_id
UNION ALL
SELECT 'inactive_owns_nights', b.listing_id, b.id, count(*)::text
  FROM nights n JOIN bookings b ON b.id = n.booking_id
 WHERE b.status NOT IN ({_HOLDING_SQL})
 GROUP BY b.listing_id, b.id
ORDER BY 1, 2, 3
"""


async def booking_inconsistencies(conn: Any) -> list[dict[str, Any]]:
    """Every problem found, as dicts (problem, listing_id, booking_id, detail); [] when consistent.
    `conn` is an asyncpg connection or pool, or a Tortoise client."""
    if hasattr(conn, "execute_query_dict"):  # Tortoise
        return list(await conn.execute_query_dict(CONSISTENCY_SQL))
    return [dict(r) for r in await conn.fetch(CONSISTENCY_SQL)]


def summary(problems: list[dict[str, Any]]) -> dict[str, int]:
    """How many of each problem: {"overlap": 24, "nights_differ": 28}; {} when consistent."""
    counts: dict[str, int] = {}
    for p in problems:
        counts[p["problem"]] = counts.get(p["problem"], 0) + 1
    return counts


async def _main(database_url: str) -> int:
    import asyncpg

    from bench.seed import _dsn

    conn = await asyncpg.connect(_dsn(database_url))
    try:
        problems = await booking_inconsistencies(conn)
        bookings = await conn.fetchval("SELECT count(*) FROM bookings")
    finally:
        await conn.close()
    found = ", ".join(f"{k} {v}" for k, v in summary(problems).items())
    print(f"{bookings} bookings: {found or 'consistent'}")
    for p in problems[:20]:
        print(f"  {p['problem']}: listing {p['listing_id']} booking {p['booking_id']} ({p['detail']})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(_main(os.environ["DATABASE_URL"])))
