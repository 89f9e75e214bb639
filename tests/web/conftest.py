"""Fixtures of the browser tests: a seeded demo database and a server on loopback."""

from web_support import server

__all__ = ["server"]
