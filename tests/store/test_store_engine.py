"""Database URL resolution and SQLite connection settings."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest
from sqlalchemy import text

from kizuna.errors import InvalidInput
from kizuna.store import DATABASE_URL_ENV, database_url, default_sqlite_path, engine, parse_url


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the user data directory at a temp dir and clear the URL override."""
    target = tmp_path / "share" / "kizuna"
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda appname=None, *a, **k: str(target))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    return target


def test_default_url_is_sqlite_in_the_user_data_dir(data_dir: Path) -> None:
    """Without an override the database is kizuna.db in the user's data directory."""
    assert default_sqlite_path() == data_dir / "kizuna.db"
    assert database_url() == f"sqlite:///{data_dir / 'kizuna.db'}"


def test_env_var_overrides_the_default(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """KIZUNA_DATABASE_URL wins over the data directory."""
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql+psycopg://kizuna@db.example/kizuna")
    assert database_url() == "postgresql+psycopg://kizuna@db.example/kizuna"


def test_explicit_url_overrides_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An explicit URL argument wins over the environment."""
    monkeypatch.setenv(DATABASE_URL_ENV, "sqlite:////elsewhere.db")
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_default_engine_creates_the_data_dir(data_dir: Path) -> None:
    """Connecting with the default URL creates the data directory and the database file."""
    eng = engine()
    try:
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        eng.dispose()
    assert (data_dir / "kizuna.db").is_file()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    """Every SQLite connection uses the WAL journal and enforces foreign keys."""
    eng = engine(f"sqlite:///{tmp_path / 'k.db'}")
    try:
        with eng.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        eng.dispose()


def test_plain_postgresql_url_uses_psycopg3() -> None:
    """postgresql:// is routed to psycopg 3 (psycopg2 is not a dependency)."""
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"


@pytest.mark.parametrize(("url", "message"), [
    ("not a url", "not a valid SQLAlchemy URL"),
    ("mysql://u@h/db", "backend 'mysql' is not supported"),
])
def test_bad_url_is_invalid_input(url: str, message: str) -> None:
    """A malformed or unsupported URL is a one-line InvalidInput."""
    with pytest.raises(InvalidInput, match=message):
        engine(url)
