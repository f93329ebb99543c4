"""The one keyset-cursor codec (resolvers.cursors) and the search cursors written with it."""

import base64
import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import DomainError, ErrorCode
from resolvers.cursors import InvalidCursor, decode_cursor, encode_cursor
from resolvers.search_filters import Sort
from resolvers.search_sql import decode_cursor as decode_search_cursor
from resolvers.search_sql import encode_cursor as encode_search_cursor

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False)


@given(st.lists(JSON_SCALARS, max_size=5))
def test_json_values_come_back_as_they_went_in(values):
    assert decode_cursor(encode_cursor(values), len(values)) == values


def test_times_dates_uuids_and_decimals_are_written_as_text():
    at = datetime(2027, 5, 1, 12, 30, tzinfo=UTC)
    id_ = uuid.UUID(int=7)

    values = decode_cursor(encode_cursor([at, date(2027, 5, 2), id_, Decimal("12.50")]), 4)

    assert values == [at.isoformat(), "2027-05-02", str(id_), "12.50"]


def test_a_cursor_is_url_safe_and_unpadded():
    cursor = encode_cursor(["~~~~~~~~~~", "???"])
    assert "=" not in cursor and "+" not in cursor and "/" not in cursor


def test_padded_cursors_are_read_too():
    padded = base64.urlsafe_b64encode(json.dumps(["a", 1]).encode()).decode()
    assert padded.endswith("=")
    assert decode_cursor(padded, 2) == ["a", 1]


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "garbage!",
        "a",  # not a whole base64 quantum
        base64.urlsafe_b64encode(b"not json").decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),  # not UTF-8
        base64.urlsafe_b64encode(b"null").decode(),
        base64.urlsafe_b64encode(b'{"a": 1, "b": 2}').decode(),
        base64.urlsafe_b64encode(b'"ab"').decode(),
        base64.urlsafe_b64encode(b"[1]").decode(),  # one value short
        base64.urlsafe_b64encode(b"[1, 2, 3]").decode(),  # one too many
        base64.urlsafe_b64encode(b"[" * 100_000).decode(),  # nested past the parser's depth
    ],
)
def test_anything_but_a_list_of_the_expected_length_is_an_invalid_cursor(cursor):
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, 2)


def test_an_invalid_cursor_is_a_value_error():
    assert issubclass(InvalidCursor, ValueError)


def test_values_a_cursor_cannot_hold_are_refused_when_writing():
    with pytest.raises(TypeError):
        encode_cursor([object()])


def test_a_search_cursor_carries_its_sort_key_second():
    id_ = str(uuid.UUID(int=1))
    cursor = encode_search_cursor(Sort.DISTANCE, 1.25, id_)

    assert decode_cursor(cursor, 3) == ["DISTANCE", 1.25, id_]
    assert decode_search_cursor(cursor, Sort.DISTANCE, has_text=False) == (1.25, uuid.UUID(id_))


@pytest.mark.parametrize(
    "values",
    [
        ["PRICE_ASC", "12.5", str(uuid.UUID(int=1))],  # another sort order
        ["NEWEST", "yesterday", str(uuid.UUID(int=1))],
        ["NEWEST", "2027-01-01T00:00:00", str(uuid.UUID(int=1))],  # a naive time
        ["NEWEST", "2027-01-01T00:00:00+00:00", "x"],
        ["NEWEST", "2027-01-01T00:00:00+00:00", 5],
        ["NEWEST", ["2027-01-01T00:00:00+00:00"], str(uuid.UUID(int=1))],
    ],
)
def test_a_bad_search_cursor_is_invalid_input_naming_after(values):
    with pytest.raises(DomainError) as raised:
        decode_search_cursor(encode_cursor(values), Sort.NEWEST, has_text=False)

    assert raised.value.code is ErrorCode.INVALID_INPUT
    assert raised.value.field == "after"
