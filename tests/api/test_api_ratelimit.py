"""The login rate limit is one count in the database: attempts sent at once, through several
workers (engines), reserve no more than the limit. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kizuna.api.ratelimit import LoginRateLimiter
from kizuna.store import migrate
from kizuna.store.engine import engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        found = f"sqlite:///{tmp_path / 'limit.db'}"
    else:
        found = str(request.getfixturevalue("fresh_postgres_url"))
    migrate(found)
    return found


def test_concurrent_attempts_through_two_workers_reserve_the_limit(url: str) -> None:
    """25 attempts at once, split over two workers: exactly 5 are let through."""
    workers = [LoginRateLimiter(engine(url), attempts=5, window_s=300) for _ in range(2)]
    start = threading.Barrier(25)
    got: list[float | None] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        start.wait()
        wait = workers[i % 2].reserve("op_goto", "203.0.113.7")
        with lock:
            got.append(wait)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(25)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(w is None for w in got) == 5
    assert all(w >= 1 for w in got if w is not None)  # Retry-After for the others
    assert workers[0].reserve("op_goto", "203.0.113.8") is None  # another client: its own
    workers[1].succeeded("op_goto", "203.0.113.7")
    assert workers[0].reserve("op_goto", "203.0.113.7") is None  # forgotten after a success


def test_the_window_slides(tmp_path: Path) -> None:
    """Attempts older than the window stop counting."""
    url = f"sqlite:///{tmp_path / 'w.db'}"
    migrate(url)
    now = [1000.0]
    limiter = LoginRateLimiter(engine(url), attempts=2, window_s=60, clock=lambda: now[0])
    assert limiter.reserve("u", "c") is None and limiter.reserve("u", "c") is None
    assert limiter.reserve("u", "c") == pytest.approx(60.0)
    now[0] += 61
    assert limiter.reserve("u", "c") is None
