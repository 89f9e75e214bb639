"""Scheduled island runs (Level 3.5 routes such as Fukue -> Hisaka -> Naru) batched as a VRP
with PyVRP.

Capacity is the aircraft's payload; each trip's distance is bounded by the energy model (the
usable battery less the reserve, over the energy per metre at full payload). Trips are
multi-trip per aircraft: the battery is swapped at the base between trips. PyVRP's own
``max_distance`` bounds a vehicle's whole multi-trip route, not each trip, so each trip is a
PyVRP vehicle and the trips are then chained onto the aircraft, longest first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kizuna.energy import DEFAULT_RESERVE_POLICY, ReservePolicy, mission_energy, usable_battery_wh
from kizuna.errors import Infeasible, InvalidInput
from kizuna.fleet import AircraftProfile

__all__ = ["RunStop", "Trip", "batch_island_run", "max_trip_distance_m"]

_GRAMS = 1000  # PyVRP works in integers: demands in grams, distances in metres


@dataclass(frozen=True)
class RunStop:
    """A drop on the run: its id, metric position and load (kg)."""

    id: str
    x: float
    y: float
    weight_kg: float


@dataclass(frozen=True)
class Trip:
    """One trip of one aircraft: stop ids in order, its distance (m) and load (kg)."""

    aircraft: int
    sequence: tuple[str, ...]
    distance_m: float
    load_kg: float


def max_trip_distance_m(profile: AircraftProfile, payload_kg: float, cruise_agl_m: float = 60.0,
                        reserve: ReservePolicy = DEFAULT_RESERVE_POLICY,
                        return_payload_kg: float | None = None) -> float:
    """Furthest a trip may go on one battery, by the energy model: at ``payload_kg`` all the
    way, or, with ``return_payload_kg``, half the distance at ``payload_kg`` and half at the
    return load (an out-and-back that drops its parcel; a multi-drop trip lies between the
    two, so the flown run is checked again with its real loads)."""
    path = [(0.0, 0.0, 0.0), (0.0, 0.0, cruise_agl_m), (10_000.0, 0.0, cruise_agl_m),
            (10_000.0, 0.0, 0.0)]
    per_m = mission_energy(profile, payload_kg, path).energy_wh / 10_000.0
    if return_payload_kg is not None:
        back = mission_energy(profile, return_payload_kg, path).energy_wh / 10_000.0
        per_m = (per_m + back) / 2.0
    return usable_battery_wh(profile) * (1.0 - reserve.reserve_fraction) / per_m


def batch_island_run(depot: tuple[float, float], stops: Sequence[RunStop], payload_kg: float,
                     max_distance_m: float, aircraft: int, *, seed: int = 0,
                     iterations: int = 300,
                     distances: Mapping[tuple[str, str], float] | None = None,
                     load_classes: Sequence[tuple[float, float]] = ()) -> list[Trip]:
    """Trips serving every stop, chained onto ``aircraft`` aircraft.

    ``distances`` may give planned distances between ids (``"depot"`` for the base); the rest
    are straight lines. ``load_classes`` adds lighter trips, ``(capacity kg, max distance
    m)``, that reach further (a light parcel for the far island): each is a PyVRP vehicle type.

    Raises
    ------
    Infeasible
        When a stop is heavier than the payload or beyond reach out and back.
    """
    from pyvrp import Model
    from pyvrp.stop import MaxIterations

    if aircraft < 1:
        raise InvalidInput("aircraft must be at least 1", field="aircraft")
    if not stops:
        return []
    points = {"depot": depot, **{s.id: (s.x, s.y) for s in stops}}

    def dist(a: str, b: str) -> int:
        if distances is not None and (a, b) in distances:
            return round(distances[(a, b)])
        (x0, y0), (x1, y1) = points[a], points[b]
        return round(math.hypot(x1 - x0, y1 - y0))

    classes = [(payload_kg, max_distance_m),
               *((c, d) for c, d in load_classes if 0 < c <= payload_kg)]
    for s in stops:
        if s.weight_kg > payload_kg + 1e-9:
            raise Infeasible(f"stop {s.id}: {s.weight_kg:g} kg is above the payload")
        if not any(s.weight_kg <= c + 1e-9 and dist("depot", s.id) + dist(s.id, "depot") <= d
                   for c, d in classes):
            raise Infeasible(f"stop {s.id}: out of reach on one battery")
    m = Model()
    locs = {k: m.add_location(x=round(v[0]), y=round(v[1])) for k, v in points.items()}
    base = m.add_depot(locs["depot"])
    for c, d in classes:
        m.add_vehicle_type(num_available=len(stops), capacity=round(c * _GRAMS),
                           start_depot=base, end_depot=base, max_distance=int(d))
    for s in stops:
        m.add_client(locs[s.id], delivery=max(1, round(s.weight_kg * _GRAMS)))
    for a, la in locs.items():
        for b, lb in locs.items():
            if a != b:
                m.add_edge(la, lb, distance=dist(a, b))
    result = m.solve(stop=MaxIterations(iterations), seed=seed, display=False)
    if not result.is_feasible():
        raise Infeasible("island run: no feasible batching")
    by_id = {s.id: s for s in stops}
    raw: list[tuple[tuple[str, ...], float, float]] = []
    for r in result.best.routes():
        seq = tuple(stops[a.idx].id for a in r if a.is_client())
        raw.append((seq, float(r.distance()), sum(by_id[i].weight_kg for i in seq)))
    raw.sort(key=lambda t: (-t[1], t[0]))
    # Longest trips first onto the aircraft with the least distance so far (LPT).
    totals = [0.0] * aircraft
    trips: list[Trip] = []
    for seq, d, load in raw:
        k = min(range(aircraft), key=lambda i: (totals[i], i))
        totals[k] += d
        trips.append(Trip(k, seq, d, load))
    return trips
