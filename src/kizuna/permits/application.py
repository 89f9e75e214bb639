"""Permission applications: a route application (Level 3.5 or 4 on named routes) or an area
application (Level 4 on-demand inside a polygon). The JSON contract is in docs/permits.md.

The application is a pydantic value (frozen, unknown keys refused). Its geometry is WGS84
GeoJSON at the edge; :func:`envelope_geometry` turns it into the metric footprint every check
uses: the area polygon itself, or the union of the route corridors.
"""

from __future__ import annotations

import math
from datetime import date, time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import shapely
from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator, model_validator
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.geo.crs import geometry_from_wgs84
from kizuna.risk.assurance import Evidence
from kizuna.risk.schema import MitigationsIn
from kizuna.risk.tables import default_tables
from kizuna.rules.derive import area_polygon, route_positions
from kizuna.rules.status import EntryControl

__all__ = [
    "EVIDENCE_ITEMS",
    "AltitudeBand",
    "Application",
    "ApplicationKind",
    "Corridor",
    "DailyWindow",
    "EvidenceRef",
    "LandingSite",
    "PermitLevel",
    "envelope_geometry",
    "envelope_lonlat",
]

ApplicationKind = Literal["area", "route"]
PermitLevel = Literal["3.5", "4"]

_Positive = Annotated[float, Field(strict=False, gt=0, allow_inf_nan=False)]
_NonNegative = Annotated[float, Field(strict=False, ge=0, allow_inf_nan=False)]
_Id = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AltitudeBand(_Frozen):
    """Heights above the ground or water directly below (m) the flights stay between."""

    min_agl_m: _NonNegative = 0.0
    max_agl_m: _Positive

    @model_validator(mode="after")
    def _ordered(self) -> AltitudeBand:
        if self.max_agl_m <= self.min_agl_m:
            raise ValueError(f"max_agl_m {self.max_agl_m} must be above min_agl_m "
                             f"{self.min_agl_m}")
        return self


class DailyWindow(_Frozen):
    """A local time-of-day window flights may use every day (``start`` inclusive, ``end``
    exclusive), e.g. 09:00-16:30 to keep clear of night and commuting hours."""

    start: time
    end: time

    @model_validator(mode="after")
    def _ordered(self) -> DailyWindow:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("daily window times are local: give them without an offset")
        if self.end <= self.start:
            raise ValueError(f"time window ends ({self.end}) before it starts ({self.start})")
        return self


class Corridor(_Frozen):
    """A named route of a route application: a GeoJSON LineString and its half-width (m)."""

    id: _Id
    route: dict[str, Any]
    half_width_m: _Positive = 50.0

    @field_validator("route")
    @classmethod
    def _line(cls, value: dict[str, Any]) -> dict[str, Any]:
        route_positions(value)  # raises InvalidInput (a ValueError) with the position at fault
        return value


class LandingSite(_Frozen):
    """An emergency landing site declared by the operator (WGS84)."""

    id: _Id
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    note: StrictStr = ""


class EvidenceRef(_Frozen):
    """What backs a claimed mitigation or an OSO: a document, a manual section, a
    certificate number (at least one; ``kizuna.risk.assurance.Evidence``)."""

    document: StrictStr = Field(default="", max_length=500)
    section: StrictStr = Field(default="", max_length=500)
    certificate: StrictStr = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _something(self) -> EvidenceRef:
        self.to_domain()
        return self

    def to_domain(self) -> Evidence:
        """The domain value (raises InvalidInput when all three are empty)."""
        return Evidence(self.document, self.section, self.certificate)


#: Items that may carry evidence besides the OSOs: the ground mitigations, the TMPR and the
#: containment means.
EVIDENCE_ITEMS = ("M1A", "M1B", "M1C", "M2", "TMPR", "CONTAINMENT")
_EVIDENCE_KEY = r"^(M1A|M1B|M1C|M2|TMPR|CONTAINMENT|OSO[0-9]{2})$"


class Application(_Frozen):
    """One route or area application with everything the regulator reviews.

    Parameters
    ----------
    kind
        ``area`` (Level 4 on-demand inside ``area``) or ``route`` (named ``corridors``).
    level
        ``"3.5"`` (camera replaces entry control) or ``"4"`` (no entry control).
    scenario
        The bundled scenario the geometry lies in (layers, fleet and pilots come from it).
    area
        GeoJSON Polygon (WGS84) of an area application.
    corridors
        The routes of a route application.
    altitude_band
        AGL band every flight stays in.
    valid_from, valid_to
        Requested validity (inclusive dates, local time).
    daily_windows
        Local times of day flights may use.
    aircraft, pilots
        Registrations and pilot ids covered (from the scenario's fleet).
    entry_control
        The entry-control means; Level 4 is ``none``, Level 3.5 ``camera``.
    mitigations, mitigation_notes
        Declared SORA ground mitigations, and what they consist of.
    max_wind_mps
        Highest wind flights may start in (inclusive).
    emergency_landing_sites
        Sites declared by the operator (the dossier proposes more from the data).
    insurance, flight_manual
        References of the third-party insurance and the flight manual; empty means none.
    operation
        ``bvlos`` (a TMPR is required) or ``vlos``.
    assemblies_within_1km
        People in outdoor assemblies within 1 km of the area (SORA containment).
    emergency_procedures
        Reference of the emergency procedures (manual chapter); empty means none given.
    evidence
        Evidence per claimed mitigation (``M1A``...), OSO (``OSO01``...), ``TMPR`` and
        ``CONTAINMENT`` (the permit pack's compliance matrix).
    """

    id: _Id
    title: StrictStr = Field(min_length=1)
    title_ja: StrictStr = ""
    operator: StrictStr = Field(min_length=1)
    kind: ApplicationKind
    level: PermitLevel
    scenario: _Id
    area: dict[str, Any] | None = None
    corridors: tuple[Corridor, ...] = ()
    altitude_band: AltitudeBand
    valid_from: date
    valid_to: date
    daily_windows: tuple[DailyWindow, ...] = Field(min_length=1)
    timezone: StrictStr = "Asia/Tokyo"
    aircraft: tuple[StrictStr, ...] = Field(min_length=1)
    pilots: tuple[StrictStr, ...] = Field(min_length=1)
    entry_control: EntryControl
    mitigations: MitigationsIn = Field(default_factory=MitigationsIn)
    mitigation_notes: tuple[StrictStr, ...] = ()
    max_wind_mps: _Positive
    emergency_landing_sites: tuple[LandingSite, ...] = ()
    insurance: StrictStr = ""
    flight_manual: StrictStr = ""
    purpose: StrictStr = "delivery"
    operation: Literal["bvlos", "vlos"] = "bvlos"
    assemblies_within_1km: int = Field(default=0, ge=0, strict=True)
    emergency_procedures: StrictStr = ""
    evidence: dict[Annotated[str, Field(pattern=_EVIDENCE_KEY)], EvidenceRef] = Field(
        default_factory=dict, max_length=40)

    @field_validator("area")
    @classmethod
    def _polygon(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            area_polygon(value)  # raises InvalidInput, e.g. for a self-intersecting ring
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Application:
        if self.kind == "area":
            if self.area is None:
                raise ValueError("area: required for an area application")
            if self.corridors:
                raise ValueError("corridors: only for a route application")
            if self.level != "4":
                raise ValueError("level: an area application is for Level 4 on-demand flights")
        else:
            if not self.corridors:
                raise ValueError("corridors: a route application names at least one route")
            if self.area is not None:
                raise ValueError("area: only for an area application")
            ids = [c.id for c in self.corridors]
            if len(ids) != len(set(ids)):
                raise ValueError("corridors: duplicate ids")
        wanted: EntryControl = "none" if self.level == "4" else "camera"
        if self.entry_control != wanted:
            raise ValueError(f"entry_control: Level {self.level} means {wanted!r}, "
                             f"not {self.entry_control!r}")
        if self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        for what, listed in (("aircraft", self.aircraft), ("pilots", self.pilots)):
            if len(listed) != len(set(listed)):
                raise ValueError(f"{what}: listed twice")
        self.mitigations.to_domain()  # refuses levels SORA Table 5 does not allow
        known = {o.id for o in default_tables().osos.items}
        for key in self.evidence:
            if key.startswith("OSO") and key not in known:
                raise ValueError(f"evidence.{key}: not an OSO of SORA 2.5 (Table 14)")
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The time zone of the daily windows and validity dates."""
        return ZoneInfo(self.timezone)


def envelope_lonlat(application: Application) -> BaseGeometry:
    """The WGS84 outline of the envelope: the area, or the corridor centre lines."""
    if application.area is not None:
        return area_polygon(application.area)
    lines = [LineString([(p[0], p[1]) for p in route_positions(c.route)])
             for c in application.corridors]
    return shapely.union_all(lines)


def envelope_geometry(application: Application, epsg: int) -> BaseGeometry:
    """The metric footprint flights must stay in: the area, or the buffered corridors."""
    if application.area is not None:
        polygon: Polygon = area_polygon(application.area)
        return geometry_from_wgs84(polygon, epsg)
    parts = []
    for c in application.corridors:
        line = LineString([(p[0], p[1]) for p in route_positions(c.route)])
        metric = geometry_from_wgs84(line, epsg)
        if metric.length <= 0 or not math.isfinite(metric.length):
            raise InvalidInput(f"corridor {c.id}: has zero length", field="corridors")
        parts.append(metric.buffer(c.half_width_m))
    return shapely.union_all(parts)
