"""The login rate limit: attempts per (username, client) in a sliding window, in the database.

An attempt is *reserved* before its password is checked (a row in ``login_attempts``, written
under the database's write lock: BEGIN IMMEDIATE on SQLite, a transaction-scoped advisory lock
per key on PostgreSQL). So 25 wrong passwords sent at once get ``attempts`` checks and 429s
for the rest, however many workers and hosts answer them; Argon2 never runs for a refused
attempt. A failed attempt keeps its row; a successful sign-in deletes the key's rows.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from kizuna.store.accounts import LoginAttemptRow
from kizuna.store.engine import lock_for_write

__all__ = ["LoginRateLimiter"]


def _key(username: str, client: str) -> str:
    return f"{username.lower()[:200]}\n{client[:190]}"


class LoginRateLimiter:
    """Allows ``attempts`` attempts per key per ``window_s`` seconds, shared by every worker."""

    def __init__(self, engine: Engine, attempts: int, window_s: float,
                 clock: Callable[[], float] = time.time) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self._clock = clock
        self._sessions = sessionmaker(bind=engine)

    def _lock(self, s: Session, key: str) -> None:
        lock_for_write(s)  # SQLite: the database's one write lock
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                      {"k": zlib.crc32(key.encode()) - 2**31})

    def reserve(self, username: str, client: str) -> float | None:
        """Reserve one attempt: None when reserved (check the password now), else the seconds
        until one is allowed (answer 429 without checking it)."""
        key = _key(username, client)
        with self._sessions.begin() as s:
            self._lock(s, key)
            now = self._clock()
            s.execute(delete(LoginAttemptRow).where(
                LoginAttemptRow.key == key, LoginAttemptRow.at <= now - self.window_s))
            count, oldest = s.execute(select(func.count(), func.min(LoginAttemptRow.at)).where(
                LoginAttemptRow.key == key)).one()
            if count >= self.attempts:
                return max(1.0, float(oldest) + self.window_s - now)
            s.add(LoginAttemptRow(key=key, at=now))
        return None

    def succeeded(self, username: str, client: str) -> None:
        """Forget the key's attempts after a successful sign-in."""
        with self._sessions.begin() as s:
            s.execute(delete(LoginAttemptRow).where(
                LoginAttemptRow.key == _key(username, client)))
