"""Helpers shared by the permit tests (a uniquely named module: every tests/*/conftest.py is
called ``conftest``, so importing helpers from one is ambiguous)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kizuna.permits import FlightPlan

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "permits"

PlanMaker = Callable[..., FlightPlan]


def example(name: str) -> Any:
    """A bundled example document (docs/examples/permits)."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
