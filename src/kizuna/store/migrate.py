"""Run the Alembic migrations bundled in ``kizuna/store/migrations`` programmatically."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from kizuna.store.engine import engine as make_engine

__all__ = ["HEAD", "alembic_config", "downgrade", "migrate"]

HEAD = "head"
_SCRIPTS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at the bundled migration scripts (no ini file needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(_SCRIPTS))
    return cfg


def _apply(bind: Engine | str | None, revision: str, up: bool) -> None:
    eng = bind if isinstance(bind, Engine) else make_engine(bind)
    try:
        with eng.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            if up:
                command.upgrade(cfg, revision)
            else:
                command.downgrade(cfg, revision)
    finally:
        if not isinstance(bind, Engine):
            eng.dispose()


def migrate(url: Engine | str | None = None, revision: str = HEAD) -> None:
    """Upgrade the database at ``url`` (engine, URL, or None for the default) to ``revision``."""
    _apply(url, revision, up=True)


def downgrade(url: Engine | str | None = None, revision: str = "base") -> None:
    """Downgrade the database at ``url`` to ``revision`` (``base`` drops every table)."""
    _apply(url, revision, up=False)
