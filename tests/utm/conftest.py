"""Fixtures of the UTM tests, defined in utm_support (importable under a unique name)."""

from utm_support import intent, volume

__all__ = ["intent", "volume"]
