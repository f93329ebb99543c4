"""GraphQL fields of the listings domain: calendar_sync (being written)."""
