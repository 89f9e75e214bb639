"""The catalogue of scenarios: ``names()``, ``load(name)``, ``source(name)`` and ``title(name)``.

Two kinds of scenario answer to a name, and the rest of the code cannot tell them apart:

- **bundled** (``goto``, ``minamisoma``): built in-process from their specs. A build reads the
  GSHHG coast and generates the synthetic layers in about 1.5-2 s, so each is cached for the
  life of the process (``functools.cache``); they are immutable, so sharing one value is safe.
- **built** (``kizuna scenario build``): read from the scenario directory
  (:mod:`kizuna.scenario.library`). They are cached by the manifest's modification time, so a
  rebuild or a removal under the same name is seen by the next ``load`` of a running service.

A built scenario may not take a bundled name (the build refuses it), so a name means one world.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from kizuna.errors import UnknownName
from kizuna.scenario.model import Scenario

__all__ = ["BUNDLED", "load", "names", "source", "title"]

#: The bundled scenarios, by name.
BUNDLED = ("goto", "minamisoma")
_built_cache: dict[str, tuple[int, Scenario]] = {}  # manifest path -> (mtime, scenario)


def _builders() -> dict[str, Callable[[], Scenario]]:
    # Imported lazily: building pulls in rasterio, scipy and the coastline reader.
    from kizuna.scenario.goto import build_goto
    from kizuna.scenario.minamisoma import build_minamisoma

    return {"goto": build_goto, "minamisoma": build_minamisoma}


def names() -> list[str]:
    """Names of the bundled scenarios, then the built ones, each group sorted."""
    from kizuna.scenario.library import built_names

    return [*BUNDLED, *(n for n in built_names() if n not in BUNDLED)]


def source(name: str) -> str:
    """``"bundled"`` or ``"built"``; raises :class:`UnknownName`."""
    if name in BUNDLED:
        return "bundled"
    from kizuna.scenario.library import manifest_path

    if manifest_path(name).is_file():
        return "built"
    raise UnknownName("scenario", name, names())


def title(name: str) -> str:
    """A scenario's title without building it (a built one's from its manifest)."""
    if name in BUNDLED:
        return load(name).title
    from kizuna.scenario.library import read_manifest

    if source(name) == "built":
        return str(read_manifest(name).get("title") or name)
    raise UnknownName("scenario", name, names())  # pragma: no cover - source() raised


@cache
def _bundled(name: str) -> Scenario:
    return _builders()[name]()


def load(name: str) -> Scenario:
    """The scenario called ``name``: bundled (built once per process) or built (read from the
    scenario directory, again only when its manifest changes).

    Raises
    ------
    UnknownName
        When ``name`` is neither bundled nor built.
    """
    if name in BUNDLED:
        return _bundled(name)
    from kizuna.scenario.library import load_built, manifest_path

    if source(name) != "built":  # pragma: no cover - source() raised
        raise UnknownName("scenario", name, names())
    path = manifest_path(name)
    stamp = path.stat().st_mtime_ns
    cached = _built_cache.get(str(path))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    scenario = load_built(name)
    _built_cache[str(path)] = (stamp, scenario)
    return scenario
