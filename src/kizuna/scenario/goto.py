"""The ``goto`` scenario: the Goto islands (Nagasaki), Goto city and Shin-Kamigoto.

Real GSHHG coast; settlements at their real places with rounded, approximate populations;
synthetic, seeded population, terrain and roads; DIDs derived from the synthetic population.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
from shapely.geometry import MultiPolygon, Point
from shapely.geometry.base import BaseGeometry

from kizuna.fleet import Aircraft, Base, Certification, Pilot, profile
from kizuna.fleet.pilot import AircraftKind, Licence, Limitation
from kizuna.geo.vector import VectorLayer
from kizuna.scenario.builder import (
    AirportSpec,
    Municipality,
    ScenarioSpec,
    SettlementSpec,
    build,
    settings,
)
from kizuna.scenario.model import Scenario, Settlement
from kizuna.scenario.synthetic import wiggly_road

__all__ = ["SPEC", "build_goto"]

GOTO_CITY = "Goto city"
SHIN_KAMIGOTO = "Shin-Kamigoto"
OJIKA = "Ojika"

_SETTLEMENTS = (
    SettlementSpec(Settlement("fukue", "Fukue", 128.843, 32.697, 21000, GOTO_CITY, "福江"), 650.0),
    SettlementSpec(Settlement("tomie", "Tomie", 128.760, 32.620, 2300, GOTO_CITY, "富江"), 500.0),
    SettlementSpec(Settlement("tamanoura", "Tamanoura", 128.625, 32.645, 1200, GOTO_CITY,
                              "玉之浦"), 450.0),
    SettlementSpec(Settlement("kishiku", "Kishiku", 128.720, 32.670, 1400, GOTO_CITY, "岐宿"),
                   450.0),
    SettlementSpec(Settlement("hisaka", "Hisaka", 128.870, 32.800, 250, GOTO_CITY, "久賀"), 300.0),
    SettlementSpec(Settlement("naru", "Naru", 128.930, 32.830, 1100, GOTO_CITY, "奈留"), 400.0),
    SettlementSpec(Settlement("aokata", "Aokata", 129.048, 33.012, 2600, SHIN_KAMIGOTO, "青方"),
                   500.0),
    SettlementSpec(Settlement("narao", "Narao", 129.040, 32.850, 2000, SHIN_KAMIGOTO, "奈良尾"),
                   450.0),
    SettlementSpec(Settlement("arikawa", "Arikawa", 129.118, 32.987, 3400, SHIN_KAMIGOTO,
                              "有川"), 500.0),
    SettlementSpec(Settlement("ojika", "Ojika", 129.060, 33.190, 2300, OJIKA, "小値賀"), 500.0),
)

# Rural people outside the settlements, so that the municipal totals come out near the real ones
# (Goto city ~33,000, Shin-Kamigoto ~17,000, Ojika ~2,300).
_MUNICIPALITIES = (
    Municipality(GOTO_CITY, 33000 - 27250,
                 islands=((128.843, 32.697), (128.625, 32.645), (128.870, 32.800),
                          (128.930, 32.830))),
    Municipality(SHIN_KAMIGOTO, 17000 - 8000, islands=((129.048, 33.012), (129.040, 32.850))),
    Municipality(OJIKA, 0.0, islands=((129.060, 33.190),)),
)

_BASES = (
    Base("fukue-port", "Fukue port", 128.843, 32.697, "福江港"),
    Base("tamanoura", "Tamanoura", 128.625, 32.645, "玉之浦"),
    Base("aokata", "Aokata", 129.048, 33.012, "青方"),
)

_AIRCRAFT = (
    Aircraft("JUGOTO000001", profile("pf2-cat3"), Certification.FIRST_CLASS, date(2027, 3, 31),
             "RID-GOTO-0001", date(2028, 6, 30)),
    Aircraft("JUGOTO000002", profile("pf2-cat3"), Certification.FIRST_CLASS, date(2027, 3, 31),
             "RID-GOTO-0002", date(2028, 6, 30)),
    Aircraft("JUGOTO000003", profile("pf4"), Certification.SECOND_CLASS, date(2028, 9, 30),
             "RID-GOTO-0003", date(2028, 9, 30)),
    Aircraft("JUGOTO000004", profile("longrange-fw"), Certification.SECOND_CLASS,
             date(2028, 9, 30), "RID-GOTO-0004", date(2028, 9, 30)),
)

_BOTH_KINDS = frozenset({AircraftKind.MULTIROTOR, AircraftKind.AEROPLANE})
_PILOTS = (
    # p1 and p3 hold licences for aeroplanes too (the parachute-drop fixed-wing); p2's covers
    # multirotors only.
    Pilot("goto-p1", "Pilot Goto 1", Licence.FIRST_CLASS,
          frozenset({Limitation.BVLOS, Limitation.NIGHT}), date(2028, 3, 31), _BOTH_KINDS),
    Pilot("goto-p2", "Pilot Goto 2", Licence.FIRST_CLASS, frozenset({Limitation.BVLOS}),
          date(2027, 12, 31)),
    Pilot("goto-p3", "Pilot Goto 3", Licence.SECOND_CLASS,
          frozenset({Limitation.BVLOS, Limitation.MTOW_25KG}), date(2028, 6, 30), _BOTH_KINDS),
)

# Road waypoints (WGS84 lon, lat) between settlement centres; each leg is bent and kept on land.
_ROADS: tuple[tuple[str, str, str, tuple[tuple[float, float], ...]], ...] = (
    ("nr384", "National Route 384", "national",
     ((128.843, 32.697), (128.800, 32.640), (128.760, 32.620), (128.690, 32.625),
      (128.625, 32.645), (128.660, 32.680), (128.720, 32.670), (128.780, 32.700),
      (128.843, 32.697))),
    ("pref-fukue-airport", "Prefectural road (Fukue-airport)", "prefectural",
     ((128.843, 32.697), (128.8333, 32.6663))),
    ("pref-kishiku-north", "Prefectural road (Kishiku-Miiraku)", "prefectural",
     ((128.720, 32.670), (128.700, 32.720), (128.660, 32.740))),
    ("pref-nakadori", "Prefectural road (Narao-Arikawa-Aokata)", "prefectural",
     ((129.040, 32.850), (129.070, 32.920), (129.118, 32.987), (129.048, 33.012))),
)

# Short island roads from a settlement to the middle of its island.
_ISLAND_ROADS = (
    ("hisaka-road", "Hisaka island road", (128.870, 32.800)),
    ("naru-road", "Naru island road", (128.930, 32.830)),
    ("ojika-road", "Ojika island road", (129.060, 33.190)),
)


def _transport(land: MultiPolygon, metric: Callable[[float, float], tuple[float, float]],
               rng: np.random.Generator, epsg: int) -> tuple[VectorLayer, VectorLayer]:
    geoms: list[BaseGeometry] = []
    props: list[dict[str, str]] = []
    for road_id, name, kind, pts in _ROADS:
        geoms.append(wiggly_road([metric(lon, lat) for lon, lat in pts], land, rng))
        props.append({"id": road_id, "name": name, "kind": kind})
    for road_id, name, (lon, lat) in _ISLAND_ROADS:
        start = metric(lon, lat)
        island = min(land.geoms, key=lambda g: g.distance(Point(start)))
        mid = island.representative_point()
        geoms.append(wiggly_road([start, (mid.x, mid.y)], island, rng, amplitude_m=80.0))
        props.append({"id": road_id, "name": name, "kind": "local"})
    roads = VectorLayer.from_geometries("roads", geoms, epsg, props)
    return roads, VectorLayer("railways", (), epsg)  # no railway on the Goto islands


SPEC = ScenarioSpec(
    name="goto",
    title="Goto islands (Goto city, Shin-Kamigoto), Nagasaki",
    settlements=_SETTLEMENTS,
    municipalities=_MUNICIPALITIES,
    bases=_BASES,
    aircraft=_AIRCRAFT,
    pilots=_PILOTS,
    transport=_transport,
    airports=(AirportSpec("fukue-airport", "Fukue airport (Goto-Tsubaki)", "福江空港",
                          128.8333, 32.6663),),
)


def build_goto() -> Scenario:
    """Build the ``goto`` scenario from its spec and configured figures."""
    return build(SPEC, settings("goto"))
