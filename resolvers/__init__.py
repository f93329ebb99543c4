"""Use cases: one async function per operation. They never import `schema`."""
