"""The ``minamisoma`` scenario: Minamisoma and Namie on the Fukushima coast (Hamadori).

Real GSHHG coast (the Pacific to the east); settlements at their real places with rounded,
approximate populations; synthetic, seeded population, terrain, roads and railway (real names,
drawn geometry); DIDs derived from the synthetic population; Fukushima Daiichi as a Drone Act
facility with an approximate site footprint.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
from shapely.geometry import MultiPolygon
from shapely.geometry.base import BaseGeometry

from kizuna.fleet import Aircraft, Base, Certification, Pilot, profile
from kizuna.fleet.pilot import Licence, Limitation
from kizuna.geo.vector import VectorLayer
from kizuna.scenario.builder import (
    FacilitySpec,
    Municipality,
    ScenarioSpec,
    SettlementSpec,
    build,
    settings,
)
from kizuna.scenario.model import Scenario, Settlement
from kizuna.scenario.synthetic import wiggly_road

__all__ = ["SPEC", "build_minamisoma"]

MINAMISOMA = "Minamisoma"
NAMIE = "Namie"

_SETTLEMENTS = (
    SettlementSpec(Settlement("haramachi", "Haramachi", 140.957, 37.642, 34000, MINAMISOMA,
                              "原町"), 800.0),
    SettlementSpec(Settlement("kashima", "Kashima", 140.960, 37.705, 7500, MINAMISOMA, "鹿島"),
                   550.0),
    SettlementSpec(Settlement("odaka", "Odaka", 140.995, 37.563, 3500, MINAMISOMA, "小高"),
                   450.0),
    SettlementSpec(Settlement("namie", "Namie", 140.995, 37.495, 2000, NAMIE, "浪江"), 500.0),
)

# Minamisoma ~58,000 people in all; Namie's returned population is small. South of Namie
# (Futaba, Okuma) the model puts nobody: most of it was still a restricted zone.
_MUNICIPALITIES = (
    Municipality(MINAMISOMA, 58000 - 45000, box_lonlat=(140.75, 37.53, 141.10, 37.85)),
    Municipality(NAMIE, 0.0, box_lonlat=(140.75, 37.45, 141.10, 37.53)),
)

_BASES = (
    Base("rtf", "Fukushima Robot Test Field", 141.005, 37.655, "福島ロボットテストフィールド",
         kind="depot"),
    Base("haramachi", "Haramachi depot", 140.957, 37.642, "原町", kind="depot"),
    Base("kashima", "Kashima depot", 140.960, 37.705, "鹿島", kind="depot"),
)

_AIRCRAFT = (
    Aircraft("JUMNMS000001", profile("e6150"), Certification.SECOND_CLASS, date(2028, 9, 30),
             "RID-MNMS-0001", date(2028, 9, 30)),
    Aircraft("JUMNMS000002", profile("e6150"), Certification.SECOND_CLASS, date(2028, 9, 30),
             "RID-MNMS-0002", date(2028, 9, 30)),
    Aircraft("JUMNMS000003", profile("pf2-cat3"), Certification.FIRST_CLASS, date(2027, 3, 31),
             "RID-MNMS-0003", date(2028, 6, 30)),
    Aircraft("JUMNMS000004", profile("pf4"), Certification.SECOND_CLASS, date(2028, 9, 30),
             "RID-MNMS-0004", date(2028, 9, 30)),
)

_PILOTS = (
    Pilot("mnms-p1", "Pilot Minamisoma 1", Licence.FIRST_CLASS,
          frozenset({Limitation.BVLOS, Limitation.NIGHT}), date(2028, 3, 31)),
    Pilot("mnms-p2", "Pilot Minamisoma 2", Licence.SECOND_CLASS,
          frozenset({Limitation.BVLOS, Limitation.NIGHT}), date(2027, 12, 31)),
    Pilot("mnms-p3", "Pilot Minamisoma 3", Licence.SECOND_CLASS, frozenset(),
          date(2028, 6, 30)),
)

# The Joban Line and National Route 6 run north-south along the coastal plain; Route 6 keeps a
# little east of the line north of Odaka and west of it further south.
_JOBAN = ((140.952, 37.750), (140.960, 37.705), (140.958, 37.675), (140.957, 37.642),
          (140.970, 37.610), (140.993, 37.563), (140.995, 37.530), (140.995, 37.495),
          (141.005, 37.447), (141.000, 37.420), (140.998, 37.380))
_ROUTE6 = ((140.958, 37.750), (140.966, 37.705), (140.964, 37.675), (140.963, 37.642),
           (140.978, 37.610), (140.999, 37.563), (140.990, 37.530), (140.988, 37.495),
           (140.996, 37.447), (140.992, 37.420), (140.990, 37.380))
_LOCAL_ROADS: tuple[tuple[str, str, str, tuple[tuple[float, float], ...]], ...] = (
    ("pref12", "Prefectural road 12 (Haramachi-Kawamata)", "prefectural",
     ((140.957, 37.642), (140.905, 37.630), (140.852, 37.620))),
    ("haramachi-rtf", "Haramachi-Robot Test Field road", "local",
     ((140.957, 37.642), (141.005, 37.655), (141.015, 37.660))),
    ("kashima-coast", "Kashima coast road", "local", ((140.960, 37.705), (141.000, 37.705))),
    ("odaka-road", "Odaka east-west road", "local",
     ((140.900, 37.565), (140.995, 37.563), (141.022, 37.560))),
    ("route114", "National Route 114", "national",
     ((140.995, 37.495), (140.930, 37.520), (140.852, 37.550))),
)


def _transport(land: MultiPolygon, metric: Callable[[float, float], tuple[float, float]],
               rng: np.random.Generator, epsg: int) -> tuple[VectorLayer, VectorLayer]:
    def draw(pts: tuple[tuple[float, float], ...], amplitude_m: float) -> BaseGeometry:
        return wiggly_road([metric(lon, lat) for lon, lat in pts], land, rng,
                           amplitude_m=amplitude_m)

    rail = draw(_JOBAN, 60.0)  # railways bend gently
    railways = VectorLayer.from_geometries(
        "railways", [rail], epsg, [{"id": "joban", "name": "JR Joban Line", "kind": "railway"}])
    geoms = [draw(_ROUTE6, 100.0)]
    props = [{"id": "route6", "name": "National Route 6", "kind": "national"}]
    for road_id, name, kind, pts in _LOCAL_ROADS:
        geoms.append(draw(pts, 150.0))
        props.append({"id": road_id, "name": name, "kind": kind})
    return VectorLayer.from_geometries("roads", geoms, epsg, props), railways


# Site footprint: ~1.0 km east-west by ~1.6 km north-south around the reactor buildings.
_DAIICHI = FacilitySpec(
    "fukushima-daiichi", "Fukushima Daiichi nuclear power station", "福島第一原子力発電所",
    141.0325, 37.4213,
    ((141.0268, 37.4141), (141.0382, 37.4141), (141.0382, 37.4285), (141.0268, 37.4285),
     (141.0268, 37.4141)),
)

SPEC = ScenarioSpec(
    name="minamisoma",
    title="Minamisoma and Namie, Fukushima (Hamadori coast)",
    settlements=_SETTLEMENTS,
    municipalities=_MUNICIPALITIES,
    bases=_BASES,
    aircraft=_AIRCRAFT,
    pilots=_PILOTS,
    transport=_transport,
    west_rise_m=350.0,
    coast_scale_m=6000.0,
    facilities=(_DAIICHI,),
)


def build_minamisoma() -> Scenario:
    """Build the ``minamisoma`` scenario from its spec and configured figures."""
    return build(SPEC, settings("minamisoma"))
