"""Helpers shared by the JSON-in / JSON-out commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from kizuna.errors import InvalidFile, InvalidInput

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = ["emit_json", "read_database", "read_json", "validation_message"]

T = TypeVar("T")


def read_json(file: Path | None) -> Any:
    """Read one JSON document from ``file``, or from standard input when it is None or ``-``."""
    if file is None or str(file) == "-":
        text, name = sys.stdin.read(), "<stdin>"
    else:
        try:
            text, name = file.read_text(encoding="utf-8"), str(file)
        except OSError as exc:
            raise InvalidFile(file, exc.strerror or "cannot be read") from None
        except UnicodeDecodeError:
            raise InvalidFile(file, "not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name}: not valid JSON: {exc.msg} at line {exc.lineno}") from None


def validation_message(exc: ValidationError) -> str:
    """Turn a pydantic error into one line naming the first offending field."""
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"]) or "input"
    return f"{loc}: {first['msg']}"


def emit_json(payload: BaseModel | dict[str, Any] | list[Any]) -> None:
    """Print one JSON document to standard output."""
    if isinstance(payload, BaseModel):
        text = payload.model_dump_json()
    else:
        text = json.dumps(payload, ensure_ascii=False)
    sys.stdout.write(text + "\n")


def read_database(url: str | None, operator: str | None, what: str,
                  read: Callable[[Engine], T]) -> T:
    """``read`` over the database at ``url`` (``$KIZUNA_DATABASE_URL`` or the user's SQLite
    file when None), after checking ``operator`` is a known operator; a missing SQLite file,
    an unknown operator or any database failure is one line of bad input naming ``what``."""
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from kizuna.errors import UnknownName
    from kizuna.store.engine import engine, parse_url
    from kizuna.store.tables import OrganisationRow

    parsed = parse_url(url)
    shown = parsed.render_as_string(hide_password=True)
    db = parsed.database
    if (parsed.get_backend_name() == "sqlite" and db and db != ":memory:"
            and not db.startswith("file:") and not Path(db).expanduser().is_file()):
        raise InvalidInput(f"--database-url: no database file {db}", field="--database-url")
    eng = engine(parsed.render_as_string(hide_password=False))
    try:
        if operator is not None:
            with eng.connect() as conn:
                known = list(conn.scalars(select(OrganisationRow.id).where(
                    OrganisationRow.kind == "operator").order_by(OrganisationRow.id)))
            if operator not in known:
                raise UnknownName("operator", operator, known)
        return read(eng)
    except SQLAlchemyError as exc:
        cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise InvalidInput(f"database {shown}: cannot read {what} "
                           f"({cause[0] if cause else type(exc).__name__})",
                           field="--database-url") from None
    finally:
        eng.dispose()
