"""Engines and sessions for SQLite (WAL, foreign keys on) and PostgreSQL + PostGIS (psycopg 3)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from kizuna.errors import InvalidInput
from kizuna.store.url import database_url

__all__ = ["engine", "lock_for_write", "parse_url", "session_factory", "sqlite_immediate"]

_BACKENDS = ("sqlite", "postgresql")


def parse_url(url: str | None = None) -> URL:
    """Resolve (see :func:`kizuna.store.url.database_url`) and check a database URL."""
    raw = database_url(url)
    try:
        parsed = make_url(raw)
    except ArgumentError:
        raise InvalidInput(f"database URL {raw!r} is not a valid SQLAlchemy URL",
                           field="database_url") from None
    if parsed.get_backend_name() not in _BACKENDS:
        raise InvalidInput(f"database URL: backend {parsed.get_backend_name()!r} is not supported "
                           "(use sqlite:/// or postgresql+psycopg://)", field="database_url")
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # Plain postgresql:// would pick psycopg2, which is not installed.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers (API workers, the CLI) run while one writer commits.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
    finally:
        cursor.close()


def engine(url: str | None = None, **kwargs: Any) -> Engine:
    """A new engine for ``url`` (default: ``$KIZUNA_DATABASE_URL`` or the user's SQLite file).

    A SQLite file's directory is created when missing.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        eng = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ArgumentError) as exc:
        raise InvalidInput(f"database URL: {exc}", field="database_url") from None
    if eng.dialect.name == "sqlite":
        event.listen(eng, "connect", _sqlite_pragmas)
    return eng


def session_factory(bind: Engine | str | None = None) -> sessionmaker[Session]:
    """A ``sessionmaker`` bound to ``bind`` (an engine, a URL, or None for the default URL)."""
    eng = bind if isinstance(bind, Engine) else engine(bind)
    return sessionmaker(bind=eng, expire_on_commit=False)


@contextmanager
def sqlite_immediate(bind: Engine) -> Iterator[Connection]:
    """A SQLite write transaction taken at once (``BEGIN IMMEDIATE``): one writer at a time.

    A deferred transaction that read first could not write after another writer committed
    (SQLITE_BUSY_SNAPSHOT), so decisions that read then write start here.
    """
    with bind.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.exec_driver_sql("ROLLBACK")
            raise
        conn.exec_driver_sql("COMMIT")


def lock_for_write(session: Session) -> None:
    """Make ``session``'s transaction a writer from its first read: call it first in a
    read-modify-write.

    On SQLite this is ``BEGIN IMMEDIATE``: pysqlite otherwise starts the transaction only at the
    first write, so two requests could read the same row and the last writer would win
    (``SELECT ... FOR UPDATE`` does nothing there). On PostgreSQL the callers' ``FOR UPDATE``
    row locks do the same, and this is a no-op.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("BEGIN IMMEDIATE"))
