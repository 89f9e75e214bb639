"""Registered drop spots: seeded community-centre pads per settlement, on land, clear of
no-fly areas (with a margin), so every spot is a legal place to land."""

from __future__ import annotations

import math

import numpy as np
from shapely.geometry import Point

from kizuna.dispatch.orders import DropSpot
from kizuna.errors import InvalidInput
from kizuna.scenario.model import Scenario

__all__ = ["generate_drop_spots"]


def generate_drop_spots(scenario: Scenario, seed: int, *, per_people: int = 600,
                        minimum: int = 2, maximum: int = 6, radius_m: float = 1200.0,
                        clearance_m: float = 150.0,
                        settlements: tuple[str, ...] | None = None) -> list[DropSpot]:
    """Drop spots for each settlement: ``population / per_people`` of them (within
    [``minimum``, ``maximum``]), drawn uniformly within ``radius_m`` of its centre, on land
    and at least ``clearance_m`` from every no-fly area and from the scenario edge."""
    if per_people <= 0 or minimum < 1 or maximum < minimum or radius_m <= 0:
        raise InvalidInput("drop spots: per_people > 0 and 1 <= minimum <= maximum needed")
    # One stream per settlement: a settlement's spots do not shift when another settlement's
    # candidates are accepted or refused (e.g. when a no-fly area changes far away).
    streams = np.random.SeedSequence(seed).spawn(len(scenario.settlements))
    blocked = [a.area.buffer(clearance_m) for a in scenario.no_fly_areas()]
    minx, miny, maxx, maxy = scenario.bounds
    out: list[DropSpot] = []
    for s, stream in zip(scenario.settlements, streams, strict=True):
        rng = np.random.default_rng(stream)
        # Every settlement draws its spots, kept or not, so a settlement's registered spots do
        # not depend on which others are asked for.
        keep = settlements is None or s.id in settlements
        want = int(min(maximum, max(minimum, s.population // per_people)))
        cx, cy = scenario.to_metric(s.lon, s.lat)
        found = 0
        for _ in range(400 * want):
            if found == want:
                break
            r = radius_m * math.sqrt(float(rng.random()))
            a = 2 * math.pi * float(rng.random())
            x, y = cx + r * math.cos(a), cy + r * math.sin(a)
            if not (minx + clearance_m < x < maxx - clearance_m
                    and miny + clearance_m < y < maxy - clearance_m):
                continue
            p = Point(x, y)
            if not scenario.land.contains(p.buffer(20.0)):
                continue
            if any(b.contains(p) for b in blocked):
                continue
            lon, lat = scenario.to_lonlat(x, y)
            found += 1
            if keep:
                out.append(DropSpot(f"{s.id}-pad{found}", s.id, round(lon, 6),
                                    round(lat, 6)))
    return out
