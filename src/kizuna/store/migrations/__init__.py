"""Alembic migration scripts of the Kizuna schema (loaded by path by Alembic)."""
