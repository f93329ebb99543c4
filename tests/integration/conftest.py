"""Every test here runs on the session's database and Redis, emptied of what it left behind."""

import pytest


@pytest.fixture(autouse=True)
def _isolated(isolate: None) -> None:
    """Requests `isolate` (and so `database`) for every test of this tier."""
