"""The simulated operator's world: scenario, fleet, pilots, permits, drop spots and planned legs.

Legs come from the product's planner (``kizuna.dispatch.islands.plan_light_leg``) once per
(base, drop spot, profile) and run, at the full payload or, when the battery runs short (Naru
from Fukue port), at a lighter payload class; the planner caches its graphs per scenario,
profile, payload and level. The hops of the scheduled island runs (island base and island drop
spots, every ordered pair) are planned once too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kizuna.dispatch import DropSpot, Leg, LegKey, ServiceArea, generate_drop_spots
from kizuna.dispatch.islands import plan_hop, plan_light_leg
from kizuna.errors import InvalidInput
from kizuna.examples import permit_example
from kizuna.fleet import Aircraft, Base, Certification, Pilot, profile
from kizuna.permits import Permit, parse_permit
from kizuna.planning import Route
from kizuna.planning.risk_surface import ground_risk_surface
from kizuna.scenario import Scenario, load

__all__ = ["World", "build_world", "default_day"]

TOKYO = ZoneInfo("Asia/Tokyo")
_PERMITS = {"goto": ("aokata-permit.json",), "minamisoma": ("kashima-permit.json",)}
_PERMISSIONS = {"goto": ("fukue-airport",), "minamisoma": ()}
# Scheduled island runs: the base they fly from and the island settlements they serve.
ISLANDS: dict[str, tuple[str, tuple[str, ...]]] = {"goto": ("fukue-port", ("hisaka", "naru"))}
# Payload classes of a leg (share of the aircraft's payload), heaviest first: a lighter class
# is planned only when the full payload runs short of battery.
LEG_PAYLOAD_FRACTIONS = (1.0, 0.4)
HopKey = tuple[str, str, str]
"""(from id, to id, aircraft profile id): a base or drop-spot id at each end."""


def default_day() -> date:
    """The simulated day: inside the bundled permits' validity."""
    return date(2025, 12, 1)


@dataclass(frozen=True, eq=False)
class World:
    """Everything a simulated day runs against."""

    scenario: Scenario
    start: datetime
    aircraft: tuple[Aircraft, ...]
    home: dict[str, str]  # registration -> base id
    pilots: tuple[Pilot, ...]
    permits: tuple[Permit, ...]
    drop_spots: tuple[DropSpot, ...]
    legs: dict[LegKey, Leg]
    service: ServiceArea
    served_settlements: tuple[str, ...]
    island_base: str | None = None
    island_settlements: tuple[str, ...] = ()
    hops: dict[HopKey, Route] | None = None

    def base(self, base_id: str) -> Base:
        """A base of the scenario."""
        return self.scenario.base(base_id)


def _permits(name: str) -> tuple[Permit, ...]:
    """The scenario's permits, from the package's examples (a missing one raises)."""
    return tuple(parse_permit(permit_example(f), f"kizuna/examples/permits/{f}")
                 for f in _PERMITS.get(name, ()))


def _fleet(scenario: Scenario, n: int) -> tuple[tuple[Aircraft, ...], dict[str, str]]:
    """The scenario's first-class aircraft at the permit base, then PF4s cycling over bases."""
    if n < 1:
        raise InvalidInput("aircraft: need at least 1", field="aircraft")
    bases = [b.id for b in scenario.bases]
    first = [a for a in scenario.aircraft if a.certificate == "first_class"]
    permit_base = {"goto": "aokata", "minamisoma": "kashima"}.get(scenario.name, bases[0])
    fleet: list[Aircraft] = []
    home: dict[str, str] = {}
    for a in first[:n]:
        fleet.append(a)
        home[a.registration] = permit_base
    template = next((a for a in scenario.aircraft if a.profile.id == "pf4"), None)
    i = 0
    while len(fleet) < n:
        prof = template.profile if template else profile("pf4")
        reg = f"JUSIM{i + 1:07d}"
        a = Aircraft(reg, prof, template.certificate if template else Certification.SECOND_CLASS,
                     template.certificate_expiry if template else None, remote_id=f"RID{reg}")
        fleet.append(a)
        home[reg] = bases[i % len(bases)]
        i += 1
    return tuple(fleet), home


def build_world(scenario_name: str, aircraft: int, seed: int, *, hours_start: time = time(9),
                settlements: tuple[str, ...] | None = None,
                day: date | None = None) -> World:
    """Load the scenario, place the fleet, generate drop spots and plan every reachable leg."""
    scenario = load(scenario_name)
    start = datetime.combine(day or default_day(), hours_start, TOKYO)
    fleet, home = _fleet(scenario, aircraft)
    permits = _permits(scenario_name)
    spots = generate_drop_spots(scenario, seed, settlements=settlements)
    legs: dict[LegKey, Leg] = {}
    risks = {}
    permissions = _PERMISSIONS.get(scenario_name, ())
    done: set[LegKey] = set()
    for a in fleet:
        base = scenario.base(home[a.registration])
        bx, by = scenario.to_metric(base.lon, base.lat)
        prof = a.profile
        if prof.id not in risks:
            risks[prof.id] = ground_risk_surface(scenario, prof)
        for s in spots:
            key = (base.id, s.id, prof.id)
            if key in done:
                continue
            done.add(key)
            sx, sy = scenario.to_metric(s.lon, s.lat)
            # Out and back on one battery: nothing beyond half the range can be flown.
            if math.hypot(sx - bx, sy - by) > 0.5 * prof.range_km * 1000.0:
                continue
            leg = plan_light_leg(scenario, a, base, s, start + timedelta(hours=1),
                                 risks[prof.id], payload_fractions=LEG_PAYLOAD_FRACTIONS,
                                 permits=permits, permissions=permissions)
            if leg is not None:
                legs[key] = leg
    coverage: dict[str, list[float]] = {}
    for (_, spot, pid), leg in legs.items():
        coverage.setdefault(spot, []).append(profile(pid).payload_kg if leg.payload_kg is None
                                             else leg.payload_kg)
    island_base, islands = ISLANDS.get(scenario_name, (None, ()))
    hops: dict[HopKey, Route] = {}
    if island_base is not None:
        base = scenario.base(island_base)
        places: list[Base | DropSpot] = [base, *(s for s in spots if s.settlement_id in islands)]
        for a in fleet:
            prof = a.profile
            if home[a.registration] != island_base or any(k[2] == prof.id for k in hops):
                continue
            for p in places:
                for q in places:
                    if p.id == q.id:
                        continue
                    px, py = scenario.to_metric(p.lon, p.lat)
                    qx, qy = scenario.to_metric(q.lon, q.lat)
                    if math.hypot(qx - px, qy - py) > 0.5 * prof.range_km * 1000.0:
                        continue
                    route = plan_hop(scenario, a, p, q, start + timedelta(hours=1),
                                     risks[prof.id], permissions=permissions)
                    if route is not None:
                        hops[(p.id, q.id, prof.id)] = route
    served = tuple(sorted({s.settlement_id for s in spots if s.id in coverage}))
    service = ServiceArea(drop_spots={s.id: s for s in spots}, settlements=frozenset(served),
                          coverage={k: tuple(v) for k, v in coverage.items()})
    return World(scenario, start, fleet, home, scenario.pilots, permits, tuple(spots), legs,
                 service, served, island_base if hops else None,
                 tuple(i for i in islands if i in served), hops)
