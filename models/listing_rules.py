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


def clean_listing_fields(fields: dict[str, Any], currency: str) -> dict[str, Any]:
    """Validate the given listing fields (model names); returns model values to write.

    Prices arrive as Decimals in `currency` units (the listing's, or the new one if given)."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        match name:
            case "title":
                out[name] = _text(value, "title", low=5, high=120)
            case "description":
                out[name] = _text(value, "description", low=0, high=10_000)
            case "house_rules":
                out[name] = _text(value, "houseRules", low=0, high=5_000)
            case "address" | "neighborhood" | "region":
                out[name] = _text(value, name, low=0, high=255 if name == "address" else 100)
                if name == "neighborhood":
                    out["neighborhood_key"] = fold(out[name])
            case "city":
                out[name] = _text(value, "city", low=0, high=100)
                out["city_key"] = fold(out[name])
            case "country":
                if value.upper() not in COUNTRIES:
                    raise _bad(ErrorCode.INVALID_INPUT, "Use an ISO 3166 country code such as FR.", "country")
                out[name] = value.upper()
            case "latitude" | "longitude":
                limit = 90 if name == "latitude" else 180
                if value is None or not -limit <= value <= limit:
                    raise _bad(ErrorCode.INVALID_LOCATION, f"{name} must be within ±{limit}.", name)
                out[name] = float(value)
            case "time_zone":
                try:
                    ZoneInfo(value)
                except (ZoneInfoNotFoundError, ValueError):
                    raise _bad(
                        ErrorCode.INVALID_INPUT, "Use an IANA time zone such as Europe/Paris.", "timeZone"
                    ) from None
                out[name] = value
            case "max_guests":
                out[name] = _int(value, "maxGuests", low=1, high=50)
            case "bedrooms":
                out[name] = _int(value, "bedrooms", low=0, high=50)
            case "beds":
                out[name] = _int(value, "beds", low=0, high=100)
            case "bathrooms":
                if not 0 <= value <= 50 or (Decimal(str(value)) * 2) % 1:
                    raise _bad(ErrorCode.INVALID_INPUT, "Use halves, from 0 to 50.", "bathrooms")
                out[name] = Decimal(str(value))
            case "min_nights" | "max_nights":
                out[name] = _int(value, "minNights" if name == "min_nights" else "maxNights", low=1, high=365)
            case "weekly_discount_pct" | "monthly_discount_pct":
                field = "weeklyDiscountPct" if name.startswith("weekly") else "monthlyDiscountPct"
                out[name] = _int(value, field, low=0, high=99)
            case "check_in_from" | "check_in_until" | "check_out_time":
                field = {"check_in_from": "checkInFrom", "check_in_until": "checkInUntil"}.get(
                    name, "checkOutTime"
                )
                if value is None and name == "check_in_until":
                    out[name] = None
                    continue
                if value is None or not _TIME.match(value):
                    raise _bad(ErrorCode.INVALID_INPUT, 'Use a 24-hour time such as "15:00".', field)
                out[name] = value
            case "amenities":
                unknown = sorted(set(value) - AMENITY_IDS)
                if unknown:
                    raise _bad(
                        ErrorCode.UNKNOWN_AMENITY, f"Unknown amenities: {', '.join(unknown)}.", "amenities"
                    )
                out[name] = sorted(set(value))
            case "accessibility":
                unknown = sorted(set(value) - ACCESSIBILITY_FEATURES.keys())
                if unknown:
                    raise _bad(
                        ErrorCode.INVALID_INPUT, f"Unknown features: {', '.join(unknown)}.", "accessibility"
                    )
                out[name] = sorted(set(value))
            case "currency":
                if value not in CURRENCIES:
                    raise _bad(ErrorCode.INVALID_INPUT, "Unsupported currency.", "currency")
                out[name] = value
            case "nightly_price":
                out[name] = money(value, currency, "nightlyPrice")
            case "cleaning_fee":
                out[name] = money(value, currency, "cleaningFee", allow_zero=True)
            case _:  # enums and booleans arrive typed by GraphQL
                out[name] = value
    if out.get("min_nights", 1) > out.get("max_nights", 365):
        raise _bad(ErrorCode.INVALID_INPUT, "minNights cannot exceed maxNights.", "minNights")
    return out
