"""Benchmarks: run by hand against a live server; they print figures, they assert nothing."""
