"""Helpers shared by the JSON-in / JSON-out commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kizuna.errors import InvalidFile, InvalidInput

__all__ = ["emit_json", "read_json", "validation_message"]


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
