"""Fixtures of the browser tests: a seeded demo database, a server on loopback, a browser."""

from web_support import browser, server

__all__ = ["browser", "server"]
