"""The whole-response cache's rules: which reads qualify, and abusive documents are not parsed for it."""

from __future__ import annotations

from schema.response_cache import cacheable

SEARCH = '{ searchListings(filter: {city: "amsterdam"}) { totalCount edges { node { title host { firstName } } } } }'


def test_only_anonymous_public_reads_qualify():
    assert cacheable(SEARCH, None)
    assert cacheable('query Page { listing(slug: "x") { title } amenities { id } }', "Page")
    assert not cacheable("{ me { id } }", None)
    assert not cacheable("{ searchListings { totalCount } me { id } }", None)
    assert not cacheable('mutation { verifyEmail(input: {token: "x"}) { errors { code } } }', None)
    assert not cacheable("{ ...F } fragment F on Query { me { id } }", None)
    assert not cacheable("{ broken", None)
    assert not cacheable("query A { amenities { id } } query B { me { id } }", "B")


def test_abusive_documents_are_not_parsed_for_the_cache():
    huge = '{ listing(slug: "x") { ' + "id " * 5000 + "} }"
    assert not cacheable(huge, None)  # over the token limit: refused by the bounded parse
    assert not cacheable("{ amenities { id } }" + " " * 30_000, None)  # too long to remember
