"""Revisions of the hub schema (server/migrations/__init__.py)."""
