"""JSON contract of ``kizuna risk sora`` (docs/risk.md), shared by the CLI and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from kizuna.errors import InvalidInput
from kizuna.fleet.profiles import profile as fleet_profile
from kizuna.geo.geojson import GeoJsonShape, parse_area, parse_route
from kizuna.geo.raster import Raster
from kizuna.geo.vector import VectorLayer
from kizuna.risk.arc import AirRiskClass, AirspaceEnvironment
from kizuna.risk.containment import adjacent_area
from kizuna.risk.ground import GroundRiskDerivation, derive_ground_risk
from kizuna.risk.mitigations import GroundMitigations, MitigationLevel
from kizuna.risk.reasons import Reason
from kizuna.risk.requirements import SailRequirements, requirements_for
from kizuna.risk.sail import Sail
from kizuna.risk.sora import SoraAssessment, SoraOperation, assess_sora

__all__ = [
    "ABOVE_150M_AGL",
    "AircraftFigures",
    "AirspaceIn",
    "ContainmentOut",
    "DerivedOut",
    "MitigationsIn",
    "OsoOut",
    "OsoTableOut",
    "ReasonOut",
    "SoraRequest",
    "SoraResponse",
    "TmprOut",
    "requirements_out",
]

#: Height (m AGL) from which the initial ARC uses the "above 150 m (500 ft)" column.
ABOVE_150M_AGL = 150.0

Level = Literal["low", "medium", "high"] | None
Environment = Literal[
    "atypical",
    "airport_bcd",
    "airport_efg",
    "controlled",
    "tmz",
    "uncontrolled_urban",
    "uncontrolled_rural",
    "above_fl600",
]


def _level(value: str | None) -> MitigationLevel | None:
    return None if value is None else MitigationLevel(value)


class MitigationsIn(BaseModel):
    """Claimed ground mitigations; a missing key is the same as null."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    M1A: Level = None
    M1B: Level = None
    M1C: Level = None
    M2: Level = None

    def to_domain(self) -> GroundMitigations:
        """Check the levels against SORA 2.5 Table 5 (raises InvalidInput)."""
        return GroundMitigations(
            m1a=_level(self.M1A), m1b=_level(self.M1B), m1c=_level(self.M1C), m2=_level(self.M2)
        )


class AirspaceIn(BaseModel):
    """The operational airspace."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Both may be left out when a route or area is given: the environment (urban or rural,
    # uncontrolled) and the height band are then derived.
    environment: Environment | None = None
    above_150m_agl: StrictBool | None = None


@dataclass(frozen=True, slots=True)
class AircraftFigures:
    """The aircraft figures SORA and the route model read, after the profile is applied."""

    characteristic_dimension_m: float
    max_speed_mps: float
    mass_kg: float
    cruise_mps: float
    parachute: bool


class SoraRequest(BaseModel):
    """Input of ``kizuna risk sora``: an explicit population density, or a route or area
    (GeoJSON) in a scenario, from which the density and the environment are derived."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    characteristic_dimension_m: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    max_speed_mps: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    mass_kg: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    # People per km², the maximum over the operational volume and the ground risk buffer.
    population_density: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    controlled_ground_area: StrictBool = False
    mitigations: MitigationsIn = Field(default_factory=MitigationsIn)
    airspace: AirspaceIn = Field(default_factory=AirspaceIn)
    strategic_arc_reduction: StrictInt = Field(default=0, ge=0)
    route: dict[str, Any] | None = None
    area: dict[str, Any] | None = None
    scenario: StrictStr | None = None
    profile: StrictStr | None = None
    max_height_agl_m: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    parachute: StrictBool | None = None
    # Steps 6 and 8: BVLOS needs a TMPR; containment reads the adjacent area and assemblies.
    operation: Literal["bvlos", "vlos"] = "bvlos"
    assemblies_within_1km: StrictInt = Field(default=0, ge=0)
    adjacent_density: float | None = Field(default=None, ge=0, allow_inf_nan=False)

    @property
    def derives_density(self) -> bool:
        """Whether the density comes from a route or area rather than the input."""
        return self.population_density is None

    def check(self) -> None:
        """Cross-field rules (raises InvalidInput naming the field)."""
        geometric = [k for k in ("route", "area", "scenario", "max_height_agl_m")
                     if getattr(self, k) is not None]
        if self.population_density is not None:
            if geometric:
                raise InvalidInput(f"{geometric[0]}: give either population_density or a route "
                                   "or area with a scenario, not both", field=geometric[0])
            if self.airspace.environment is None:
                raise InvalidInput("airspace.environment: required with population_density",
                                   field="airspace.environment")
        else:
            if self.adjacent_density is not None:
                raise InvalidInput("adjacent_density: derived from the scenario with a route "
                                   "or area; give it only with population_density",
                                   field="adjacent_density")
            if self.route is None and self.area is None:
                raise InvalidInput("population_density: required unless a route or area is "
                                   "given with a scenario", field="population_density")
            if self.route is not None and self.area is not None:
                raise InvalidInput("area: give a route or an area, not both", field="area")
            if self.scenario is None:
                raise InvalidInput("scenario: required with a route or area", field="scenario")
        if self.profile is None:
            for name in ("characteristic_dimension_m", "max_speed_mps", "mass_kg"):
                if getattr(self, name) is None:
                    raise InvalidInput(f"{name}: required unless a profile is given", field=name)

    def aircraft(self) -> AircraftFigures:
        """The aircraft figures: those given, else the profile's (raises UnknownName)."""
        self.check()
        p = None if self.profile is None else fleet_profile(self.profile)
        dim = self.characteristic_dimension_m
        speed = self.max_speed_mps
        mass = self.mass_kg
        if p is not None:
            dim = p.characteristic_dimension_m if dim is None else dim
            speed = p.max_speed_mps if speed is None else speed
            mass = p.mtow_kg if mass is None else mass
        assert dim is not None and speed is not None and mass is not None  # by check()
        cruise = speed if p is None else min(p.cruise_mps, speed)
        chute = self.parachute if self.parachute is not None else bool(p and p.parachute)
        return AircraftFigures(dim, speed, mass, cruise, chute)

    def shape(self) -> GeoJsonShape:
        """The route (LineString) or area (Polygon, MultiPolygon), with its heights AGL."""
        if self.route is not None:
            return parse_route(self.route, "route", height_agl=True, needs_length=True)
        return parse_area(self.area, "area", multipolygon=True, height_agl=True)

    def max_height(self, shape: GeoJsonShape) -> float:
        """The largest height AGL: of the GeoJSON heights and ``max_height_agl_m``."""
        heights = [h for h in (shape.max_height, self.max_height_agl_m) if h is not None]
        if not heights:
            raise InvalidInput("max_height_agl_m: required when the route or area gives no "
                               "heights (a third coordinate, m AGL)", field="max_height_agl_m")
        return max(heights)

    def derive(self, population: Raster, did: VectorLayer) -> GroundRiskDerivation:
        """Operational volume, buffer and exposure over the scenario's population and DIDs."""
        aircraft = self.aircraft()
        shape = self.shape()
        return derive_ground_risk(shape.metric(population.epsg), population, did,
                                  max_height_agl_m=self.max_height(shape),
                                  max_speed_mps=aircraft.max_speed_mps,
                                  parachute=aircraft.parachute)

    def to_domain(self, derived: GroundRiskDerivation | None = None) -> SoraOperation:
        """The domain value (raises InvalidInput for a not-allowed mitigation level).

        With ``derived``, the density is its maximum density, and the environment and height
        band are derived unless the input gives them.
        """
        aircraft = self.aircraft()
        if derived is None:
            if self.population_density is None or self.airspace.environment is None:
                raise InvalidInput("population_density: required without a route or area",
                                   field="population_density")
            density = self.population_density
            environment = AirspaceEnvironment(self.airspace.environment)
            above = bool(self.airspace.above_150m_agl)
        else:
            density = derived.exposure.max_density
            environment = (derived.exposure.environment if self.airspace.environment is None
                           else AirspaceEnvironment(self.airspace.environment))
            above = (derived.max_height_agl_m >= ABOVE_150M_AGL
                     if self.airspace.above_150m_agl is None else self.airspace.above_150m_agl)
        return SoraOperation(
            characteristic_dimension_m=aircraft.characteristic_dimension_m,
            max_speed_mps=aircraft.max_speed_mps,
            mass_kg=aircraft.mass_kg,
            population_density=density,
            environment=environment,
            above_150m_agl=above,
            controlled_ground_area=self.controlled_ground_area,
            mitigations=self.mitigations.to_domain(),
            strategic_arc_reduction=self.strategic_arc_reduction,
        )

    def evaluate(self, population: Raster | None = None,
                 did: VectorLayer | None = None) -> SoraResponse:
        """Run SORA; a route or area needs the scenario's ``population`` and ``did`` layers."""
        self.check()
        if not self.derives_density:
            operation = self.to_domain()
            assessment = assess_sora(operation)
            needs = requirements_for(assessment, operation, line_of_sight=self.operation,
                                     adjacent_density=self.adjacent_density,
                                     assemblies_within_1km=self.assemblies_within_1km)
            return SoraResponse.from_assessment(assessment, requirements=needs)
        if population is None or did is None:
            raise InvalidInput("scenario: population and DID layers are needed for a route or "
                               "area", field="scenario")
        derived = self.derive(population, did)
        operation = self.to_domain(derived)
        assessment = assess_sora(operation)
        adjacent = adjacent_area(derived.volume.operational_volume, population,
                                 operation.max_speed_mps)
        needs = requirements_for(assessment, operation, line_of_sight=self.operation,
                                 adjacent=adjacent,
                                 assemblies_within_1km=self.assemblies_within_1km)
        return SoraResponse.from_assessment(assessment, derived, needs)


class ReasonOut(BaseModel):
    """One reason: a stable code, English and Japanese text, and the rule it comes from."""

    model_config = ConfigDict(frozen=True)

    code: str
    text: str
    text_ja: str
    rule: str


class DerivedOut(BaseModel):
    """What a route or area gave: densities (people/km²), DID share, environment, volumes."""

    model_config = ConfigDict(frozen=True)

    max_density: float
    mean_density: float
    did_share: float
    did_ids: list[str]
    environment: Literal["uncontrolled_urban", "uncontrolled_rural"]
    max_height_agl_m: float
    contingency_m: float
    buffer_m: float
    operational_volume_km2: float
    ground_risk_area_km2: float


class OsoOut(BaseModel):
    """One OSO and its required robustness at the SAIL."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    title_ja: str
    robustness: Literal["NR", "L", "M", "H"]


class OsoTableOut(BaseModel):
    """Where the OSO list comes from, and why it is what it is."""

    model_config = ConfigDict(frozen=True)

    required: int
    reason: ReasonOut


class TmprOut(BaseModel):
    """The tactical mitigation performance requirement (SORA 2.5 Step 6)."""

    model_config = ConfigDict(frozen=True)

    requirement: Literal["none", "low", "medium", "high"]
    robustness: Literal["none", "low", "medium", "high"]
    reason: ReasonOut


class ContainmentOut(BaseModel):
    """The containment requirement (SORA 2.5 Step 8) and the adjacent area behind it."""

    model_config = ConfigDict(frozen=True)

    adjacent_distance_m: float
    adjacent_density: float | None
    required: Literal["low", "medium", "high", "out_of_scope"]
    assemblies_within_1km: int
    unknown_share: float | None
    table: str | None
    column: str | None
    verified: bool
    reasons: list[ReasonOut]


def _reason(r: Reason) -> ReasonOut:
    return ReasonOut(code=r.code, text=r.text, text_ja=r.text_ja, rule=r.rule)


class SoraResponse(BaseModel):
    """Output of ``kizuna risk sora``."""

    model_config = ConfigDict(frozen=True)

    igrc: int | None
    final_grc: int | None
    initial_arc: AirRiskClass
    residual_arc: AirRiskClass
    sail: Sail
    reasons: list[ReasonOut]
    derived: DerivedOut | None = None
    osos: list[OsoOut] = Field(default_factory=list)
    oso_table: OsoTableOut | None = None
    tmpr: TmprOut | None = None
    containment: ContainmentOut | None = None

    @classmethod
    def from_assessment(
        cls, assessment: SoraAssessment, derived: GroundRiskDerivation | None = None,
        requirements: SailRequirements | None = None,
    ) -> SoraResponse:
        """Build the JSON shape of a domain result; the derivation's reasons come first."""
        reasons: tuple[Reason, ...] = assessment.reasons
        if derived is not None:
            reasons = derived.reasons + reasons
        extra: dict[str, Any] = {}
        if requirements is not None:
            extra = requirements_out(requirements)
        return cls(
            igrc=assessment.igrc,
            final_grc=assessment.final_grc,
            initial_arc=assessment.initial_arc,
            residual_arc=assessment.residual_arc,
            sail=assessment.sail,
            reasons=[
                ReasonOut(code=r.code, text=r.text, text_ja=r.text_ja, rule=r.rule)
                for r in reasons
            ],
            derived=None if derived is None else DerivedOut(**derived.summary()),
            **extra,
        )


def requirements_out(needs: SailRequirements) -> dict[str, Any]:
    """The ``osos``, ``oso_table``, ``tmpr`` and ``containment`` of the output (models)."""
    c, adjacent, distance = needs.containment, needs.adjacent, needs.adjacent_distance_m
    density = None if needs.adjacent_density is None else round(needs.adjacent_density, 1)
    return {
        "osos": [OsoOut(id=o.id, title=o.title, title_ja=o.title_ja, robustness=o.robustness)
                 for o in needs.osos.items],
        "oso_table": OsoTableOut(required=needs.osos.required_count,
                                 reason=_reason(needs.osos.reason)),
        "tmpr": TmprOut(requirement=needs.tmpr.requirement, robustness=needs.tmpr.robustness,
                        reason=_reason(needs.tmpr.reason)),
        "containment": ContainmentOut(
            adjacent_distance_m=round(distance, 1), adjacent_density=density,
            required=c.required, assemblies_within_1km=needs.assemblies_within_1km,
            unknown_share=None if adjacent is None else round(adjacent.unknown_share, 4),
            table=c.table, column=c.column, verified=c.verified,
            reasons=[_reason(r) for r in (*(adjacent.reasons if adjacent else ()), c.reason)]),
    }
