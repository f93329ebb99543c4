"""The search SQL, built by hand (the hot path): filters, keyset seek, one statement for the
page, total and facets; opaque cursors that carry the sort key; the autocomplete statement."""

from __future__ import annotations

import json
import math
import uuid
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from core.errors import ErrorCode
from core.money import _EXPONENTS
from core.settings import get_settings
from models.ratings import EMPTY_PRIOR
from models.reviews import PLATFORM_ID
from resolvers import cursors
from resolvers.search_filters import Bucket, Near, SearchFilter, Sort, bad, sane_decimal

HISTOGRAM_BUCKETS = 10
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = 111.195  # of latitude (and of longitude at the equator)


# ---- cursors -------------------------------------------------------------------------------------


def encode_cursor(sort: Sort, sort_key: Any, id_: str) -> str:
    return cursors.encode_cursor([sort.value, sort_key, id_])


def key_type(sort: Sort, has_text: bool) -> str:
    """The SQL type of the sort key: a cursor must carry a key of exactly that type."""
    if sort is Sort.RELEVANCE:
        return "real" if has_text else "timestamptz"
    return {Sort.NEWEST: "timestamptz", Sort.DISTANCE: "float8", Sort.RATING: "float8"}.get(sort, "numeric")


def decode_cursor(cursor: str, sort: Sort, has_text: bool) -> tuple[Any, uuid.UUID]:
    """(sort key typed for its SQL parameter, id); anything that does not decode is bad input."""
    try:
        cursor_sort, sort_key, id_ = cursors.decode_cursor(cursor, 3)
        if cursor_sort != sort.value:
            raise ValueError("cursor of another sort order")
        return _typed_key(key_type(sort, has_text), sort_key), uuid.UUID(str(id_))
    except (ValueError, TypeError, InvalidOperation, UnicodeDecodeError, OverflowError) as exc:
        raise bad(ErrorCode.INVALID_INPUT, "after is not a valid cursor for this search.", "after") from exc


def _typed_key(sql_type: str, sort_key: Any) -> Any:
    if sql_type == "timestamptz" and isinstance(sort_key, str):
        value = datetime.fromisoformat(sort_key)
        if value.tzinfo is None:
            raise ValueError("naive timestamp")
        return value.astimezone(UTC)  # raises OverflowError at the edges of time, as the driver would
    if sql_type == "numeric" and isinstance(sort_key, str):
        amount = Decimal(sort_key)
        if sane_decimal(amount) and abs(amount) < 10**12:
            return amount
    if (
        sql_type in ("real", "float8")
        and isinstance(sort_key, int | float)
        and not isinstance(sort_key, bool)
    ):
        if math.isfinite(sort_key) and (sql_type == "float8" or abs(sort_key) < 3.4e38):
            return float(sort_key)  # ::real holds float32 only
    raise ValueError("bad sort key")


# ---- SQL -----------------------------------------------------------------------------------------

# The price in the currency's major units, so one priceMin/priceMax works across currencies.
_ZERO = ",".join(c for c, e in _EXPONENTS.items() if e == 0)
_THREE = ",".join(c for c, e in _EXPONENTS.items() if e == 3)
PRICE = (
    f"round(l.nightly_price::numeric / CASE WHEN l.currency = ANY('{{{_ZERO}}}') THEN 1 "
    f"WHEN l.currency = ANY('{{{_THREE}}}') THEN 1000 ELSE 100 END, 3)"
)


class _Query:
    """Collects WHERE clauses, the joins they need and their positional parameters."""

    def __init__(self) -> None:
        self.params: list[Any] = []
        self.where = ["l.status = 'published'", "l.deleted_at IS NULL"]
        self.joins: list[str] = []

    def join(self, clause: str) -> None:
        if clause not in self.joins:
            self.joins.append(clause)

    def p(self, value: Any, cast: str = "") -> str:
        self.params.append(value)
        return f"${len(self.params)}{'::' + cast if cast else ''}"


# Geography is the approximate point, the one a listing shows (models.location): filtering or
# sorting by the exact point would let bisection find it. Text and city filters are unaffected.
LAT, LON = "l.approx_latitude", "l.approx_longitude"


def _haversine(q: _Query, near: Near) -> str:
    lat, lon = q.p(near.latitude, "float8"), q.p(near.longitude, "float8")
    return (
        f"(2 * {EARTH_RADIUS_KM} * asin(sqrt(least(1.0, "
        f"sin(radians({LAT} - {lat}) / 2) ^ 2 + cos(radians({lat})) * cos(radians({LAT})) "
        f"* sin(radians({LON} - {lon}) / 2) ^ 2))))"
    )


def _near_where(q: _Query, near: Near) -> None:
    # Bounding box first (the lat/lon index), then the great-circle distance.
    dlat = near.radius_km / KM_PER_DEGREE
    q.where.append(
        f"{LAT} BETWEEN {q.p(near.latitude - dlat, 'float8')} AND {q.p(near.latitude + dlat, 'float8')}"
    )
    cos_lat = math.cos(math.radians(min(abs(near.latitude) + dlat, 90.0)))
    if cos_lat > 0.01:
        dlon = near.radius_km / (KM_PER_DEGREE * cos_lat)
        west, east = near.longitude - dlon, near.longitude + dlon
        if west >= -180 and east <= 180:  # else the box wraps: the haversine alone decides
            q.where.append(f"{LON} BETWEEN {q.p(west, 'float8')} AND {q.p(east, 'float8')}")
    q.where.append(f"{_haversine(q, near)} <= {q.p(near.radius_km, 'float8')}")


# The listing's review sums (none: no published review yet), joined only by the rating sort and filter.
STATS_JOIN = "LEFT JOIN review_stats s ON s.subject_type = 'listing' AND s.subject_id = l.id"


def _rating_score(q: _Query) -> str:
    """models.ratings.bayesian_score in SQL, with the platform mean read in the same statement
    (an uncorrelated subquery: evaluated once). float8 throughout, in the order Python computes
    it, so a card's `score` is the key it was sorted by; a cursor carries the float8 and the seek
    compares it with this same expression."""
    platform = (
        "(SELECT p.sum_overall::float8 / nullif(p.count, 0) FROM review_stats p "
        f"WHERE p.subject_type = 'platform' AND p.subject_id = {q.p(PLATFORM_ID, 'uuid')})"
    )
    prior = f"coalesce({platform}, {q.p(EMPTY_PRIOR, 'float8')})"
    weight = q.p(float(get_settings().rating_prior_reviews), "float8")
    q.join(STATS_JOIN)
    score = f"(coalesce(s.sum_overall, 0) + {prior} * {weight}) / nullif(coalesce(s.count, 0) + {weight}, 0)"
    # A weight of 0 and no reviews: the prior itself, as bayesian_score says (never a division by 0).
    return f"coalesce({score}, {prior})"


def _where(q: _Query, f: SearchFilter) -> str | None:
    """Add the filter's clauses; return the tsquery expression when there is text."""
    tsquery = None
    if f.text:
        tsquery = f"plainto_tsquery('simple', {q.p(f.text)})"
        q.where.append(f"l.search_vector @@ {tsquery}")
    if f.city:
        q.where.append(f"l.city_key = {q.p(f.city)}")
    if f.near:
        _near_where(q, f.near)
    if f.bbox:
        b = f.bbox
        q.where.append(f"{LAT} BETWEEN {q.p(b.south, 'float8')} AND {q.p(b.north, 'float8')}")
        west, east = q.p(b.west, "float8"), q.p(b.east, "float8")
        op = "AND" if b.west < b.east else "OR"  # OR: the box crosses the antimeridian
        q.where.append(f"({LON} >= {west} {op} {LON} <= {east})")
    if f.check_in and f.check_out:
        stay = (f.check_out - f.check_in).days
        q.where.append(f"l.min_nights <= {q.p(stay, 'int')} AND l.max_nights >= {q.p(stay, 'int')}")
        q.where.append(
            "NOT EXISTS (SELECT 1 FROM nights n WHERE n.listing_id = l.id "
            f"AND n.night >= {q.p(f.check_in, 'date')} AND n.night < {q.p(f.check_out, 'date')})"
        )
    if f.guests:
        q.where.append(f"l.max_guests >= {q.p(f.guests, 'int')}")
    if f.price_min is not None:
        q.where.append(f"{PRICE} >= {q.p(f.price_min, 'numeric')}")
    if f.price_max is not None:
        q.where.append(f"{PRICE} <= {q.p(f.price_max, 'numeric')}")
    if f.property_types:
        q.where.append(f"l.property_type = ANY({q.p(list(f.property_types), 'text[]')})")
    if f.room_types:
        q.where.append(f"l.room_type = ANY({q.p(list(f.room_types), 'text[]')})")
    if f.amenities:
        q.where.append(f"l.amenities @> {q.p(list(f.amenities), 'text[]')}")
    if f.accessibility:
        q.where.append(f"l.accessibility @> {q.p(list(f.accessibility), 'text[]')}")
    if f.instant_book is not None:
        q.where.append(f"l.instant_book = {q.p(f.instant_book, 'bool')}")
    if f.host_languages:
        q.where.append(
            "EXISTS (SELECT 1 FROM users u WHERE u.id = l.host_id "
            f"AND u.languages && {q.p(list(f.host_languages), 'text[]')})"
        )
    for column, value in (("bedrooms", f.min_bedrooms), ("beds", f.min_beds)):
        if value is not None:
            q.where.append(f"l.{column} >= {q.p(value, 'int')}")
    if f.min_bathrooms is not None:
        q.where.append(f"l.bathrooms >= {q.p(f.min_bathrooms, 'numeric')}")
    if f.min_rating is not None:
        # The raw mean as the card computes it (float division), so the filter and the card agree
        # to the last bit; no published review: no mean, excluded.
        q.join(STATS_JOIN)
        q.where.append(f"s.count > 0 AND s.sum_overall::float8 / s.count >= {q.p(f.min_rating, 'float8')}")
    if f.top_host:
        q.where.append("EXISTS (SELECT 1 FROM host_standings h WHERE h.user_id = l.host_id AND h.top_host)")
    return tsquery


def _sort_key(q: _Query, f: SearchFilter, sort: Sort, tsquery: str | None) -> tuple[str, str, str]:
    """(key expression, its SQL type, direction)."""
    sql_type = key_type(sort, tsquery is not None)
    if sort is Sort.RELEVANCE and tsquery:
        return f"ts_rank(l.search_vector, {tsquery})", sql_type, "DESC"
    if sort in (Sort.RELEVANCE, Sort.NEWEST):
        return "l.created_at", sql_type, "DESC"
    if sort in (Sort.PRICE_ASC, Sort.PRICE_DESC):
        return PRICE, sql_type, "ASC" if sort is Sort.PRICE_ASC else "DESC"
    if sort is Sort.RATING:
        return _rating_score(q), sql_type, "DESC"
    assert f.near is not None  # normalize() refused DISTANCE without near
    return _haversine(q, f.near), sql_type, "ASC"


def build_search_sql(
    f: SearchFilter, sort: Sort, first: int, after: tuple[Any, uuid.UUID] | None
) -> tuple[str, list[Any]]:
    """One statement: the page (ids and sort keys, one extra row for hasNextPage), total, facets."""
    q = _Query()
    tsquery = _where(q, f)
    key_sql, sql_type, direction = _sort_key(q, f, sort, tsquery)
    seek = ""
    if after is not None:
        op = "<" if direction == "DESC" else ">"
        seek = f"WHERE (m.k, m.id) {op} ({q.p(after[0], sql_type)}, {q.p(after[1], 'uuid')})"
    limit = q.p(first + 1, "int")
    sql = f"""
WITH m AS MATERIALIZED (
    SELECT l.id, l.property_type, l.room_type, {PRICE} AS price, {key_sql} AS k
    FROM listings l {" ".join(q.joins)} WHERE {" AND ".join(q.where)}
), r AS (SELECT min(price) AS lo, max(price) AS hi FROM m)
SELECT
    (SELECT count(*) FROM m) AS total,
    (SELECT coalesce(json_agg(json_build_array(p.id, p.k) ORDER BY p.k {direction}, p.id {direction}), '[]')
       FROM (SELECT m.id, m.k FROM m {seek}
             ORDER BY m.k {direction}, m.id {direction} LIMIT {limit}) p) AS page,
    (SELECT coalesce(json_agg(json_build_array(t.v, t.c) ORDER BY t.c DESC, t.v), '[]')
       FROM (SELECT property_type AS v, count(*) AS c FROM m GROUP BY 1) t) AS property_types,
    (SELECT coalesce(json_agg(json_build_array(t.v, t.c) ORDER BY t.c DESC, t.v), '[]')
       FROM (SELECT room_type AS v, count(*) AS c FROM m GROUP BY 1) t) AS room_types,
    (SELECT lo FROM r) AS price_lo, (SELECT hi FROM r) AS price_hi,
    (SELECT coalesce(json_agg(json_build_array(h.b, h.c)), '[]') FROM (
        SELECT CASE WHEN r.hi = r.lo THEN 1 ELSE least(width_bucket(m.price, r.lo, r.hi, {HISTOGRAM_BUCKETS}),
               {HISTOGRAM_BUCKETS}) END AS b, count(*) AS c
        FROM m, r GROUP BY 1) h) AS histogram
"""
    return sql, q.params


def parse_json(value: Any) -> Any:
    # Decimals stay exact (numeric sort keys go back into a cursor).
    return json.loads(value, parse_float=Decimal) if isinstance(value, str) else value


def histogram(lo: Decimal | None, hi: Decimal | None, counts: list[list[int]]) -> list[Bucket]:
    if lo is None or hi is None:
        return []
    if lo == hi:
        return [Bucket(lo, hi, sum(c for _, c in counts))]
    by_bucket = dict((int(b), int(c)) for b, c in counts)
    width = (hi - lo) / HISTOGRAM_BUCKETS
    cent = Decimal("0.01")
    return [
        Bucket((lo + width * (i - 1)).quantize(cent), (lo + width * i).quantize(cent), by_bucket.get(i, 0))
        for i in range(1, HISTOGRAM_BUCKETS + 1)
    ]


def cursor_key(sql_type: str, sort_key: Any) -> Any:
    # JSON-safe and exact: numeric keys as strings, floats as floats (their repr round-trips),
    # times as the ISO text PostgreSQL gave.
    if sql_type in ("real", "float8"):
        return float(sort_key)
    return str(sort_key) if isinstance(sort_key, Decimal) else sort_key


def like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def prefix_range(text: str) -> tuple[str, str]:
    """[text, next) in code point order: the same rows as LIKE 'text%', but usable by a
    COLLATE "C" index even in a generic prepared plan (where LIKE $1 cannot be)."""
    following = ord(text[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates cannot be sent to PostgreSQL
        following = 0xE000
    if following > 0x10FFFF:
        return text, text + "\U0010ffff"
    return text, text[:-1] + chr(following)


# LIKE states the rule; the COLLATE "C" range lets an index find the candidates (see README).
AUTOCOMPLETE_SQL = """
SELECT kind, name, city, country, c FROM (
    SELECT 'city' AS kind, mode() WITHIN GROUP (ORDER BY l.city) AS name,
           mode() WITHIN GROUP (ORDER BY l.city) AS city, l.country, count(*) AS c
    FROM listings l
    WHERE l.status = 'published' AND l.deleted_at IS NULL AND l.city_key LIKE $1
      AND l.city_key COLLATE "C" >= $3 AND l.city_key COLLATE "C" < $4
    GROUP BY l.city_key, l.country
    UNION ALL
    SELECT 'neighborhood', mode() WITHIN GROUP (ORDER BY l.neighborhood),
           mode() WITHIN GROUP (ORDER BY l.city), l.country, count(*)
    FROM listings l
    WHERE l.status = 'published' AND l.deleted_at IS NULL AND l.neighborhood_key LIKE $1
      AND l.neighborhood_key COLLATE "C" >= $3 AND l.neighborhood_key COLLATE "C" < $4
      AND l.neighborhood_key <> ''
    GROUP BY l.neighborhood_key, l.city_key, l.country
) s ORDER BY c DESC, name, country LIMIT $2
"""
