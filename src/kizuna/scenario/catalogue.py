"""The catalogue of bundled scenarios: ``names()`` and ``load(name)``.

A build reads the GSHHG coast and generates the synthetic layers; it takes about 1.5-2 s, so
scenarios are cached in-process only (``functools.cache``); a disk cache is not worth its
invalidation risk at that cost. Scenarios are immutable, so sharing one value is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from kizuna.errors import UnknownName
from kizuna.scenario.model import Scenario

__all__ = ["load", "names"]


def _builders() -> dict[str, Callable[[], Scenario]]:
    # Imported lazily: building pulls in rasterio, scipy and the coastline reader.
    from kizuna.scenario.goto import build_goto
    from kizuna.scenario.minamisoma import build_minamisoma

    return {"goto": build_goto, "minamisoma": build_minamisoma}


def names() -> list[str]:
    """Names of the bundled scenarios, sorted."""
    return ["goto", "minamisoma"]


@cache
def load(name: str) -> Scenario:
    """The bundled scenario called ``name`` (built once per process).

    Raises
    ------
    UnknownName
        When ``name`` is not one of :func:`names`.
    """
    if name not in names():
        raise UnknownName("scenario", name, names())
    return _builders()[name]()
