"""Hostile documents, the pure part: the shipped GraphQL documents fit the document limits with
room to spare."""

from __future__ import annotations

from graphql import parse

from bench.search import SEARCH_QUERY
from core.settings import get_settings
from schema.document_limits import document_problem


def test_fragments_count_and_shipped_documents_fit_with_room_to_spare():
    fragments = " ".join(f"fragment F{i} on Query {{ amenities {{ name }} }}" for i in range(70))
    spreads = "{ " + " ".join(f"...F{i}" for i in range(70)) + " }"
    assert document_problem(parse(spreads + fragments), None, 200) is not None  # 70 x 3 selections
    half = get_settings().max_selections // 2
    assert document_problem(parse(SEARCH_QUERY), None, half) is None
