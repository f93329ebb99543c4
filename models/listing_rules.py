"""Pure validation of listing input: each bad value becomes a DomainError naming its field."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.errors import DomainError, ErrorCode
from core.money import CURRENCIES, to_minor
from models.listings import ACCESSIBILITY_FEATURES, AMENITIES, fold

# ISO 3166-1 alpha-2 (from tzdata's iso3166.tab).
COUNTRIES = frozenset(
    (
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
        "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
        "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
        "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
        "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
        "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
        "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
        "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
        "VN VU WF WS YE YT ZA ZM ZW "
    ).split()
)
AMENITY_IDS = frozenset(a[0] for a in AMENITIES)
MAX_PRICE_UNITS = Decimal(1_000_000)
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def _bad(code: ErrorCode, message: str, field: str) -> DomainError:
    return DomainError(code, message, field)


def _text(value: str, field: str, *, low: int, high: int) -> str:
    value = value.strip()
    if not low <= len(value) <= high:
        raise _bad(ErrorCode.INVALID_INPUT, f"Use {low} to {high} characters.", field)
    return value


def _int(value: int, field: str, *, low: int, high: int) -> int:
    if not low <= value <= high:
        raise _bad(ErrorCode.INVALID_INPUT, f"Must be between {low} and {high}.", field)
    return value


def money(value: Decimal, currency: str, field: str, *, allow_zero: bool = False) -> int:
    """A price in the currency's units -> minor units; refuses negatives, absurd amounts, and
    more decimals than the currency has."""
    try:
        if not Decimal(value).is_finite():
            raise ValueError("not finite")
        minor = to_minor(Decimal(value), currency)
    except (ValueError, ArithmeticError):  # ArithmeticError: InvalidOperation, Overflow, ...
        raise _bad(ErrorCode.INVALID_PRICE, f"Not a valid {currency} amount.", field) from None
    if minor < 0 or (minor == 0 and not allow_zero) or Decimal(value) > MAX_PRICE_UNITS:
        raise _bad(ErrorCode.INVALID_PRICE, "Enter a price above zero and below 1,000,000.", field)
    return minor


# Field (the model's name and the input's, and so the one a refusal names) -> (fewest, most).
TEXT_LIMITS = {
    "title": (5, 120),
    "description": (0, 10_000),
    "house_rules": (0, 5_000),
    "address": (0, 255),
    "neighborhood": (0, 100),
    "region": (0, 100),
    "city": (0, 100),
}
FOLDED_KEYS = {"neighborhood": "neighborhood_key", "city": "city_key"}  # searched accent-folded
INT_LIMITS = {
    "max_guests": (1, 50),
    "bedrooms": (0, 50),
    "beds": (0, 100),
    "min_nights": (1, 365),
    "max_nights": (1, 365),
    "weekly_discount_pct": (0, 99),
    "monthly_discount_pct": (0, 99),
}
TIME_FIELDS = frozenset({"check_in_from", "check_in_until", "check_out_time"})


def _country(value: str) -> str:
    if value.upper() not in COUNTRIES:
        raise _bad(ErrorCode.INVALID_INPUT, "Use an ISO 3166 country code such as FR.", "country")
    return value.upper()


def _coordinate(name: str, value: float | None) -> float:
    limit = 90 if name == "latitude" else 180
    if value is None or not -limit <= value <= limit:
        raise _bad(ErrorCode.INVALID_LOCATION, f"{name} must be within ±{limit}.", name)
    return float(value)


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _bad(
            ErrorCode.INVALID_INPUT, "Use an IANA time zone such as Europe/Paris.", "time_zone"
        ) from None
    return value


def _bathrooms(value: float) -> Decimal:
    if not 0 <= value <= 50 or (Decimal(str(value)) * 2) % 1:
        raise _bad(ErrorCode.INVALID_INPUT, "Use halves, from 0 to 50.", "bathrooms")
    return Decimal(str(value))


def _time(name: str, value: str | None) -> str | None:
    """A wall-clock "HH:MM"; only the latest check-in time may be left open (None)."""
    if value is None and name == "check_in_until":
        return None
    if value is None or not _TIME.match(value):
        raise _bad(ErrorCode.INVALID_INPUT, 'Use a 24-hour time such as "15:00".', name)
    return value


def _amenities(value: list[str]) -> list[str]:
    unknown = sorted(set(value) - AMENITY_IDS)
    if unknown:
        raise _bad(ErrorCode.UNKNOWN_AMENITY, f"Unknown amenities: {', '.join(unknown)}.", "amenities")
    return sorted(set(value))


def _accessibility(value: list[str]) -> list[str]:
    unknown = sorted(set(value) - ACCESSIBILITY_FEATURES.keys())
    if unknown:
        raise _bad(ErrorCode.INVALID_INPUT, f"Unknown features: {', '.join(unknown)}.", "accessibility")
    return sorted(set(value))


def _currency(value: str) -> str:
    if value not in CURRENCIES:
        raise _bad(ErrorCode.INVALID_INPUT, "Unsupported currency.", "currency")
    return value


def _clean_field(name: str, value: Any, currency: str) -> dict[str, Any]:
    """One listing field's model values to write (a text searched by place adds its folded key)."""
    if name in TEXT_LIMITS:
        low, high = TEXT_LIMITS[name]
        text = _text(value, name, low=low, high=high)
        return {name: text, FOLDED_KEYS[name]: fold(text)} if name in FOLDED_KEYS else {name: text}
    if name in INT_LIMITS:
        low, high = INT_LIMITS[name]
        return {name: _int(value, name, low=low, high=high)}
    if name in TIME_FIELDS:
        return {name: _time(name, value)}
    match name:
        case "country":
            return {name: _country(value)}
        case "latitude" | "longitude":
            return {name: _coordinate(name, value)}
        case "time_zone":
            return {name: _time_zone(value)}
        case "bathrooms":
            return {name: _bathrooms(value)}
        case "amenities":
            return {name: _amenities(value)}
        case "accessibility":
            return {name: _accessibility(value)}
        case "currency":
            return {name: _currency(value)}
        case "nightly_price":
            return {name: money(value, currency, name)}
        case "cleaning_fee":
            return {name: money(value, currency, name, allow_zero=True)}
        case _:  # enums and booleans arrive typed by GraphQL
            return {name: value}


def clean_listing_fields(fields: dict[str, Any], currency: str) -> dict[str, Any]:
    """Validate the given listing fields (model names); returns model values to write.

    Prices arrive as Decimals in `currency` units (the listing's, or the new one if given)."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        out.update(_clean_field(name, value, currency))
    if out.get("min_nights", 1) > out.get("max_nights", 365):
        raise _bad(ErrorCode.INVALID_INPUT, "minNights cannot exceed maxNights.", "min_nights")
    return out
