"""The SPEC of a scenario built from a user's own files (``kizuna scenario build SPEC.json``).

A SPEC names the area (a WGS84 bbox), the files holding its layers and the places in it::

    {"name": "fukue-2020", "bbox": [128.78, 32.64, 128.90, 32.74],
     "population": {"path": "tblT001142Q4928.txt"},        e-Stat mesh CSV or a GeoTIFF
     "did": {"path": "h27ka42.shp"},                         optional: else the census rule
     "terrain": {"paths": ["dem/*.tif"]},                    GeoTIFF, GSI PNG tiles, FG-GML
     "roads": {"path": "roads.gpkg"}, "railways": {...},     optional: else none, with a warning
     "airports": [...], "drone_act_facilities": [...], "bases": [...], "settlements": [...]}

Required: ``name``, ``bbox``, ``population``, ``terrain`` and at least one base. Paths are
relative to the SPEC file (``*`` and ``?`` glob). Cell sizes come from the data unless given
(``population.cell_m``, ``terrain.cell_m``). An unknown key is an error, so a typo never goes
unnoticed. :func:`parse_spec` turns a JSON document into a :class:`BuildSpec` or raises
:class:`~kizuna.errors.InvalidInput` with one line naming the field.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kizuna.errors import InvalidInput

__all__ = [
    "AircraftSpec",
    "AirportSpec",
    "BaseSpec",
    "BuildSpec",
    "FacilitySpec",
    "LayerFile",
    "PilotSpec",
    "PopulationFile",
    "RunwaySpec",
    "SettlementSpec",
    "TerrainFiles",
    "parse_spec",
]

_NAME = r"^[a-z0-9][a-z0-9_.-]{0,63}$"
_ID = r"^[A-Za-z0-9_-]{1,64}$"
#: Cell sizes a SPEC may ask for: divisors of 1,000 m, so every grid of a scenario aligns
#: with the 1 km snap of :func:`kizuna.scenario.synthetic.grid_for_bbox`.
CELL_SIZES_M = (5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 125.0, 200.0, 250.0, 500.0, 1000.0)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_cell(v: float | None) -> float | None:
    if v is not None and v not in CELL_SIZES_M:
        raise ValueError(f"cell_m must be one of {', '.join(f'{c:g}' for c in CELL_SIZES_M)}")
    return v


class LayerFile(_Strict):
    """One vector file; ``layer`` picks a layer of a GeoPackage, ``encoding`` its text."""

    path: str = Field(min_length=1)
    layer: str | None = None
    encoding: str | None = None


class PopulationFile(LayerFile):
    """The population: an e-Stat mesh table or a GeoTIFF.

    A GeoTIFF holds people per cell (``units: "per_cell"``, as WorldPop does) or people per
    km² (``"per_km2"``). ``value_column`` names the mesh table's population column.
    """

    cell_m: float | None = None
    units: Literal["per_cell", "per_km2"] = "per_cell"
    value_column: str | None = None

    _cell = field_validator("cell_m")(_check_cell)


class TerrainFiles(_Strict):
    """The terrain: DEM GeoTIFFs, GSI PNG tiles (``.../z/x/y.png``) and FG-GML DEM XML."""

    paths: list[str] = Field(min_length=1)
    cell_m: float | None = None

    _cell = field_validator("cell_m")(_check_cell)


class _Place(_Strict):
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1, max_length=200)
    name_ja: str = ""
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)


class BaseSpec(_Place):
    """A delivery base; it must be on land and inside the bbox."""

    kind: str = "port"


class RunwaySpec(_Strict):
    """A runway's two thresholds (WGS84); a runway needs two distinct ends."""

    ends: tuple[tuple[float, float], tuple[float, float]]

    @model_validator(mode="after")
    def _distinct(self) -> RunwaySpec:
        if self.ends[0] == self.ends[1]:
            raise ValueError("a runway's two ends must differ")
        return self


class AirportSpec(_Place):
    """An airport. Its restricted surfaces are a disc of ``radius_m`` (default configured);
    ``elevation_m``, ``runways`` and ``class`` are kept for the 3D surfaces when given."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    radius_m: float | None = Field(default=None, gt=0, le=50_000)
    elevation_m: float | None = Field(default=None, ge=-100, le=5000)
    runways: list[RunwaySpec] = Field(default_factory=list)
    airport_class: str | None = Field(default=None, alias="class")


class FacilitySpec(_Place):
    """A Drone Act facility: a footprint ring (WGS84; default the point) and its buffer."""

    footprint: list[tuple[float, float]] | None = None
    buffer_m: float | None = Field(default=None, ge=0, le=10_000)

    @field_validator("footprint")
    @classmethod
    def _ring(cls, v: list[tuple[float, float]] | None) -> list[tuple[float, float]] | None:
        if v is not None and len(v) < 3:
            raise ValueError("a footprint needs at least 3 points")
        return v


class SettlementSpec(_Strict):
    """A named place with its population (the id defaults to the name, lower-cased)."""

    id: str | None = Field(default=None, pattern=_ID)
    name: str = Field(min_length=1, max_length=200)
    name_ja: str = ""
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    population: int = Field(ge=0)
    municipality: str = ""

    @property
    def settlement_id(self) -> str:
        """The given id, or the name as a slug."""
        return self.id or re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "place"


class AircraftSpec(_Strict):
    """An aircraft of the scenario's fleet (the profile id from the aircraft profiles)."""

    registration: str
    profile: str
    certificate: str = "none"
    certificate_expiry: date | None = None
    remote_id: str | None = None
    registration_expiry: date | None = None


class PilotSpec(_Strict):
    """A remote pilot of the scenario's fleet."""

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    licence: str = "none"
    limitations_lifted: list[str] = Field(default_factory=list)
    licence_expiry: date | None = None


class BuildSpec(_Strict):
    """A whole SPEC (see the module docstring). ``aircraft``/``pilots`` default to the
    configured illustrative fleet."""

    name: str = Field(pattern=_NAME)
    title: str = Field(default="", max_length=200)
    bbox: tuple[float, float, float, float]
    population: PopulationFile
    terrain: TerrainFiles
    did: LayerFile | None = None
    roads: LayerFile | None = None
    railways: LayerFile | None = None
    airports: list[AirportSpec] = Field(default_factory=list)
    drone_act_facilities: list[FacilitySpec] = Field(default_factory=list)
    bases: list[BaseSpec] = Field(min_length=1)
    settlements: list[SettlementSpec] = Field(default_factory=list)
    aircraft: list[AircraftSpec] | None = None
    pilots: list[PilotSpec] | None = None
    seed: int = Field(default=0, ge=0, le=2**31 - 1)

    @field_validator("bbox")
    @classmethod
    def _bbox(cls, v: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        west, south, east, north = v
        if not all(math.isfinite(x) for x in v):
            raise ValueError("bbox values must be finite")
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise ValueError("bbox must be [west, south, east, north] in WGS84 degrees")
        if east - west > 2.0 or north - south > 2.0:
            raise ValueError("bbox must be at most 2 degrees on a side")
        return v

    @model_validator(mode="after")
    def _unique_ids(self) -> BuildSpec:
        for kind, ids in (("bases", [b.id for b in self.bases]),
                          ("airports", [a.id for a in self.airports]),
                          ("drone_act_facilities", [f.id for f in self.drone_act_facilities]),
                          ("settlements", [s.settlement_id for s in self.settlements])):
            if len(ids) != len(set(ids)):
                dup = next(i for i in ids if ids.count(i) > 1)
                raise ValueError(f"{kind}: id {dup!r} appears twice")
        return self


def parse_spec(data: Any, source: str = "SPEC") -> BuildSpec:
    """Validate a SPEC document; raises :class:`InvalidInput` naming ``source`` and the field."""
    try:
        return BuildSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "spec"
        msg = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInput(f"{source}: {loc}: {msg}", field=loc) from None
