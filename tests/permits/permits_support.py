"""Helpers shared by the permit tests (a uniquely named module: every tests/*/conftest.py is
called ``conftest``, so importing helpers from one is ambiguous)."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from kizuna.permits import FlightPlan

EXAMPLES = Path(str(resources.files("kizuna.examples") / "permits"))

PlanMaker = Callable[..., FlightPlan]


def example(name: str) -> Any:
    """A bundled example document (kizuna/examples/permits, package data)."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
