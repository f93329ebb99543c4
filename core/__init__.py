"""Cross-cutting machinery: settings, database, security, pub/sub, cache, limits."""
