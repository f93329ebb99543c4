"""GraphQL fields of the listings domain: photos (being written)."""
