"""The REST shim: what cannot speak GraphQL (provider webhooks, probes)."""
