"""The login rate limit: failed attempts per (username, client) in a sliding window.

Kept in memory, so each API worker counts on its own: with N workers an attacker gets at most
N times the limit. That bounds online guessing well enough next to Argon2's cost; a shared
limit would need a table and a write per attempt.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

__all__ = ["LoginRateLimiter"]

_MAX_KEYS = 100_000  # memory bound: the oldest keys are forgotten first


class LoginRateLimiter:
    """Allows ``attempts`` failures per key per ``window_s`` seconds."""

    def __init__(self, attempts: int, window_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self._clock = clock
        self._failures: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()
        self._lock = threading.Lock()  # endpoints run in a thread pool

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def retry_after(self, username: str, client: str) -> float | None:
        """Seconds until another attempt is allowed; None when one is allowed now."""
        with self._lock:
            now = self._clock()
            times = self._recent((username.lower(), client), now)
            if len(times) < self.attempts:
                return None
            return max(0.0, times[0] + self.window_s - now)

    def failed(self, username: str, client: str) -> None:
        """Count one failed attempt."""
        key = (username.lower(), client)
        with self._lock:
            now = self._clock()
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            self._failures.move_to_end(key)
            while len(self._failures) > _MAX_KEYS:
                self._failures.popitem(last=False)

    def succeeded(self, username: str, client: str) -> None:
        """Forget the failures of a key after a successful login."""
        with self._lock:
            self._failures.pop((username.lower(), client), None)
