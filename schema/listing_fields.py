"""GraphQL fields of the listings domain: listing_fields (being written)."""
