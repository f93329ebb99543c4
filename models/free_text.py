"""Free text that guests and hosts write (messages, requests, reasons): one rule for all of it."""

from __future__ import annotations

from core.errors import DomainError, ErrorCode

MAX_TEXT = 2000


def clean_text(value: str, field: str) -> str:
    """A guest's or host's free text: trimmed, at most MAX_TEXT characters, no NUL (PostgreSQL
    text cannot hold one). `field` names the input in the refusal."""
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise DomainError(ErrorCode.INVALID_INPUT, f"At most {MAX_TEXT} characters.", field)
    if "\x00" in value:
        raise DomainError(ErrorCode.INVALID_INPUT, "Text cannot contain NUL characters.", field)
    return value
