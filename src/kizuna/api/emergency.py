"""The scenario as the API flies it: the bundled world plus the emergency-use airspace
regulators have activated through the API (``emergency_airspace`` table).

Every place the API plans, classifies or checks a flight over a scenario goes through
:func:`live_scenario`, so activated emergency airspace reaches the planner (a no-fly area at
departure), the rules (A-EMERGENCY) and the permit check (EMERGENCY_AIRSPACE).

An active record is in force from its activation (``changed_at``) until it is deactivated;
its end is therefore open (:data:`OPEN_END`). The scenario is rebuilt only when the set of
active records changes: the cache key is the (id, changed_at) of every active record, one
small query per call, so every worker sees a regulator's toggle on its next request. Without
active records the bundled scenario object itself is returned (the planner's graph caches are
keyed by it).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime

from shapely.geometry import MultiPolygon, Polygon, box

from kizuna.api.deps import AppState
from kizuna.geo.geojson import parse_area
from kizuna.scenario import Scenario, load
from kizuna.scenario.model import EmergencyAirspace
from kizuna.store.permit_records import EmergencyAirspaceEntry

__all__ = ["OPEN_END", "bundled_scenario", "live_scenario", "with_emergencies"]

#: The end of an active emergency airspace: in force until a regulator deactivates it.
OPEN_END = datetime(9999, 12, 31, tzinfo=UTC)

_lock = threading.Lock()
_built: dict[str, tuple[tuple[tuple[str, datetime], ...], Scenario, Scenario]] = {}


def bundled_scenario(name: str) -> Scenario:
    """A scenario, bundled or built (the catalogue loads a bundled one once per process and
    a built one again only when it is rebuilt)."""
    return load(name)


def with_emergencies(scenario: Scenario,
                     entries: list[EmergencyAirspaceEntry]) -> Scenario:
    """``scenario`` with the active ``entries`` that reach its extent as emergency airspace."""
    extent = box(*scenario.bounds)
    areas: list[EmergencyAirspace] = []
    for e in entries:
        if not e.active:
            continue
        shape = parse_area(e.area, "area", multipolygon=True).metric(scenario.epsg)
        parts = list(shape.geoms) if isinstance(shape, MultiPolygon) else [shape]
        for k, part in enumerate(parts):
            if isinstance(part, Polygon) and part.intersects(extent):
                ident = e.id if len(parts) == 1 else f"{e.id}-{k + 1}"
                areas.append(EmergencyAirspace(ident, e.name, part, e.changed_at, OPEN_END))
    if not areas:
        return scenario
    return replace(scenario, emergency_airspace=(*scenario.emergency_airspace, *areas))


def live_scenario(app: AppState, name: str) -> Scenario:
    """The scenario ``name`` with the emergency airspace active in the database."""
    base = bundled_scenario(name)
    key = app.permits.active_emergency_versions()
    if not key:
        return base
    with _lock:
        hit = _built.get(name)
        if hit is not None and hit[0] == key and hit[1] is base:
            return hit[2]
    entries = app.permits.emergencies(active_only=True)
    scenario = with_emergencies(base, entries)
    with _lock:  # keyed by what it was built from (a toggle may have happened meanwhile)
        _built[name] = (tuple((e.id, e.changed_at) for e in entries), base, scenario)
    return scenario
