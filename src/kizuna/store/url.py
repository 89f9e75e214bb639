"""Where the database is: ``KIZUNA_DATABASE_URL``, else SQLite in the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["DATABASE_URL_ENV", "database_url", "default_sqlite_path"]

DATABASE_URL_ENV = "KIZUNA_DATABASE_URL"


def default_sqlite_path() -> Path:
    """``<user data dir>/kizuna.db`` (e.g. ``~/.local/share/kizuna/kizuna.db`` on Linux)."""
    return Path(platformdirs.user_data_dir("kizuna")) / "kizuna.db"


def database_url(url: str | None = None) -> str:
    """The URL to use: ``url`` if given, else ``$KIZUNA_DATABASE_URL``, else the default file."""
    if url:
        return url
    env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if env:
        return env
    return f"sqlite:///{default_sqlite_path()}"
