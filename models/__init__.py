"""Tortoise models and the pure rules of each domain."""
