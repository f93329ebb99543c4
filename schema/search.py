"""GraphQL fields of the listings domain: search (being written)."""
