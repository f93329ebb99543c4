"""Free text from guests and hosts: models.free_text.clean_text."""

import pytest

from core.errors import DomainError, ErrorCode
from models.free_text import MAX_TEXT, clean_text


def test_text_is_trimmed():
    assert clean_text("  hello there \n", "message") == "hello there"
    assert clean_text("", "message") == ""


def test_text_of_the_maximum_length_passes_after_trimming():
    assert clean_text(" " + "a" * MAX_TEXT + " ", "message") == "a" * MAX_TEXT


def test_longer_text_is_refused_with_its_field():
    with pytest.raises(DomainError) as refused:
        clean_text("a" * (MAX_TEXT + 1), "special_requests")
    assert refused.value.code is ErrorCode.INVALID_INPUT
    assert refused.value.field == "special_requests"
    assert str(MAX_TEXT) in refused.value.message


def test_a_nul_character_is_refused():
    with pytest.raises(DomainError) as refused:
        clean_text("a\x00b", "reason")
    assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID_INPUT, "reason")
