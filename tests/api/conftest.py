"""Fixtures of the API tests, defined in api_support (importable under a unique name)."""

from api_support import api, migrated_db

__all__ = ["api", "migrated_db"]
