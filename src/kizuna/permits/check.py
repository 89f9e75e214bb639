"""Check one flight against a permit: ``check_flight(permit, plan, scenario) -> [Violation]``.

The planner takes the permit as its envelope, so planned routes pass by construction; this
check still runs on every flight, as independent evidence. Cheap checks come first (validity,
who flies what, time, wind), then geometry. Nothing is computed twice: the operational volume
comes from ``kizuna.risk.volume``, the facts (night, emergency airspace, crossings) from
``kizuna.rules.derive``, and the legal classification from ``kizuna.rules.classify``.

Codes (docs/permits.md):

- ``NOT_VALID``: the permit is not approved (expired, revoked), or the flight is before or
  after its validity, or after its revocation.
- ``AIRCRAFT_NOT_COVERED`` / ``PILOT_NOT_COVERED``: not listed in the permit, or holding a
  lower airframe certificate / licence than the permit's level asks (Level 4: first class;
  Level 3.5: a licence of second class or better).
- ``TIME_WINDOW``: the flight is not wholly inside one of the daily windows.
- ``WIND_LIMIT``: the wind at take-off is above the permit's limit.
- ``ALTITUDE_BAND``: the route leaves the altitude band (AGL) en route, climbs above its
  ceiling anywhere, or takes off / lands below its floor farther than
  ``PermitSettings.takeoff_landing_radius_m`` from the pad (:mod:`kizuna.permits.altitude`).
- ``OUTSIDE_AREA``: the operational volume (route plus contingency) leaves the area/corridors.
- ``EMERGENCY_AIRSPACE``: the flight meets emergency-use airspace active during it.
- ``CONDITION_<NAME>``: a regulator's condition is broken.
- ``LEGAL_<rules code>``: the rules find a violation for this flight with this aircraft,
  pilot and the permit's entry control, e.g. ``LEGAL_L4-LICENCE``.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict
from shapely.geometry import LineString

from kizuna.fleet import Aircraft, Pilot
from kizuna.geo.crs import from_wgs84
from kizuna.permits.altitude import band_breaches
from kizuna.permits.application import Application, envelope_geometry
from kizuna.permits.conditions import ConditionContext, licence_rank
from kizuna.permits.flight import FlightPlan
from kizuna.permits.permit import Permit, PermitState
from kizuna.permits.settings import DEFAULT_PERMIT_SETTINGS, PermitSettings
from kizuna.risk.volume import DEFAULT_VOLUME_SETTINGS, OperationalVolume, operational_volume
from kizuna.rules.classify import classify
from kizuna.rules.derive import DerivationSettings, agl_profile, derive_route_facts
from kizuna.rules.facts import FlightFacts
from kizuna.rules.reasons import text as rules_text
from kizuna.rules.status import AircraftStatus, OperatorStatus, PilotStatus
from kizuna.scenario.model import Scenario

__all__ = [
    "VIOLATION_CODES",
    "Violation",
    "aircraft_status",
    "check_flight",
    "flight_volume",
    "legal_violations",
    "operator_status",
    "pilot_status",
]

VIOLATION_CODES = ("NOT_VALID", "AIRCRAFT_NOT_COVERED", "PILOT_NOT_COVERED", "TIME_WINDOW",
                   "WIND_LIMIT", "ALTITUDE_BAND", "OUTSIDE_AREA", "EMERGENCY_AIRSPACE")
"""The fixed codes; ``CONDITION_<NAME>`` and ``LEGAL_<code>`` add to them."""

# A-EMERGENCY is reported as EMERGENCY_AIRSPACE, not twice.
_LEGAL_SKIP = frozenset({"A-EMERGENCY"})
# Outside area below this many m² is floating-point noise along a shared edge.
_OUTSIDE_TOLERANCE_M2 = 1.0


class Violation(BaseModel):
    """One way a flight breaks its permit: a stable code and a one-line message."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    message: str


def flight_volume(plan: FlightPlan, scenario: Scenario) -> OperationalVolume:
    """The flight's operational volume (``kizuna.risk.volume``), at the aircraft's top speed."""
    line = _metric_line(plan, scenario)
    p = plan.aircraft.profile
    return operational_volume(line, max_height_agl_m=plan.max_agl_m, speed_mps=p.max_speed_mps,
                              parachute=p.parachute, settings=DEFAULT_VOLUME_SETTINGS)


def check_flight(permit: Permit, plan: FlightPlan, scenario: Scenario, *,
                 settings: PermitSettings = DEFAULT_PERMIT_SETTINGS) -> list[Violation]:
    """Every way ``plan`` breaks ``permit`` over ``scenario``; empty when it keeps it.

    Raises
    ------
    kizuna.errors.InvalidInput
        When the route leaves the scenario's extent or is otherwise unreadable (the flight
        cannot be judged, which is not the same as passing).
    """
    app = permit.application
    zone = app.zone
    local_start, local_end = plan.start.astimezone(zone), plan.end.astimezone(zone)
    day = local_start.date()
    out: list[Violation] = []

    def add(code: str, message: str) -> None:
        out.append(Violation(code=code, message=message))

    # -- validity ---------------------------------------------------------------------------
    if permit.state is not PermitState.APPROVED:
        add("NOT_VALID", f"permit {permit.number} is {permit.state}")
    if day < app.valid_from:
        add("NOT_VALID", f"the flight on {day} is before the permit is valid ({app.valid_from})")
    if local_end.date() > app.valid_to:
        add("NOT_VALID", f"the flight on {local_end.date()} is after the permit's validity "
            f"({app.valid_to})")
    if permit.revoked_at is not None and plan.end >= permit.revoked_at:
        add("NOT_VALID", f"permit {permit.number} was revoked at "
            f"{permit.revoked_at.isoformat()}")

    # -- who flies what ---------------------------------------------------------------------
    aircraft, pilot = plan.aircraft, plan.pilot
    if aircraft.registration not in app.aircraft:
        add("AIRCRAFT_NOT_COVERED", f"aircraft {aircraft.registration} is not covered "
            f"(covered: {', '.join(app.aircraft)})")
    certificate = aircraft.certificate_on(day)
    if app.level == "4" and certificate != "first_class":
        add("AIRCRAFT_NOT_COVERED", f"aircraft {aircraft.registration} holds a {certificate} "
            "airframe certificate on the day; Level 4 needs first class")
    if pilot.id not in app.pilots:
        add("PILOT_NOT_COVERED", f"pilot {pilot.id} is not covered "
            f"(covered: {', '.join(app.pilots)})")
    licence = pilot.licence_on(day)
    needed = "first_class" if app.level == "4" else "second_class"
    if licence_rank(licence) < licence_rank(needed):
        add("PILOT_NOT_COVERED", f"pilot {pilot.id} holds {licence} on the day; Level "
            f"{app.level} needs {needed} or better")
    if not pilot.covers(aircraft.profile.licence_kind):
        add("PILOT_NOT_COVERED", f"pilot {pilot.id}'s licence does not cover the "
            f"{aircraft.profile.licence_kind} {aircraft.registration}")

    # -- time and weather -------------------------------------------------------------------
    if not _inside_daily_window(permit, local_start, local_end):
        windows = ", ".join(f"{w.start:%H:%M}-{w.end:%H:%M}" for w in app.daily_windows)
        add("TIME_WINDOW", f"the flight {local_start:%H:%M}-{local_end:%H:%M} is not inside "
            f"a daily window ({windows}, {app.timezone})")
    if plan.wind_mps is not None and plan.wind_mps > app.max_wind_mps:
        add("WIND_LIMIT", f"wind {plan.wind_mps:g} m/s is above the permit's "
            f"{app.max_wind_mps:g} m/s")

    # -- geometry -----------------------------------------------------------------------------
    high = float(agl_profile(scenario, plan.positions).max())  # also refuses negative heights
    band = app.altitude_band
    for breach in band_breaches(_metric_xy(plan, scenario), [p[2] for p in plan.positions],
                             band.min_agl_m, band.max_agl_m, stops=plan.stops,
                             radius_m=settings.takeoff_landing_radius_m):
        add("ALTITUDE_BAND", breach)
    volume = flight_volume(plan, scenario)
    envelope = envelope_geometry(app, scenario.epsg)
    outside = volume.operational_volume.difference(envelope)
    if outside.area > _OUTSIDE_TOLERANCE_M2:
        what = "area" if app.kind == "area" else "corridors"
        add("OUTSIDE_AREA", f"the route with its {volume.contingency_m:.0f} m contingency "
            f"(+{DEFAULT_VOLUME_SETTINGS.flight_geography_half_width_m:g} m flight geography) "
            f"leaves the permitted {what} by {outside.area:.0f} m²")
    margin = DEFAULT_VOLUME_SETTINGS.flight_geography_half_width_m + volume.contingency_m
    facts = derive_route_facts(scenario, plan.positions, plan.start, end_time=plan.end,
                               method=plan.method_facts,
                               settings=DerivationSettings(lateral_margin_m=margin))
    if facts.emergency_airspace:
        add("EMERGENCY_AIRSPACE", "the flight meets emergency-use airspace active during it "
            "(no permit can allow this)")

    # -- conditions and the law ------------------------------------------------------------
    ctx = ConditionContext(plan, facts, high, local_start, local_end, settings)
    for condition in permit.conditions:
        why = condition.breach(ctx)
        if why is not None:
            add(condition.code, why)
    for code in legal_violations(permit, plan, facts):
        add(f"LEGAL_{code}", rules_text(code, "en"))
    return out


def legal_violations(permit: Permit, plan: FlightPlan, facts: FlightFacts) -> list[str]:
    """Rules violation codes for this flight under the permit's entry control."""
    day = plan.start.astimezone(permit.application.zone).date()
    verdict = classify(facts, aircraft_status(plan.aircraft, day), pilot_status(plan.pilot, day),
                       operator_status(permit.application),
                       entry_control=permit.application.entry_control, automatic=True,
                       special_zone=True, lang="en")
    return [v.code for v in verdict.violations if v.code not in _LEGAL_SKIP]


def aircraft_status(aircraft: Aircraft, day: date) -> AircraftStatus:
    """The aircraft as the rules see it on ``day``."""
    return AircraftStatus.model_validate({
        "mtow_kg": aircraft.profile.mtow_kg, "kind": aircraft.profile.licence_kind,
        "drops_payload": aircraft.profile.drops_payload,
        "certificate": str(aircraft.certificate_on(day)),
        "onboard_camera": aircraft.profile.onboard_camera,
        "registered": aircraft.registered_on(day), "remote_id": aircraft.remote_id is not None})


def pilot_status(pilot: Pilot, day: date) -> PilotStatus:
    """The pilot as the rules see them on ``day``."""
    return PilotStatus.model_validate({
        "licence": str(pilot.licence_on(day)),
        "limitations_lifted": sorted(str(x) for x in pilot.limitations_lifted),
        "kinds": sorted(str(x) for x in pilot.kinds)})


def operator_status(app: Application) -> OperatorStatus:
    """Insurance and manual as the application references them."""
    return OperatorStatus(insurance=bool(app.insurance.strip()),
                          flight_manual=bool(app.flight_manual.strip()))


def _inside_daily_window(permit: Permit, start: datetime, end: datetime) -> bool:
    if start.date() != end.date():
        return False
    return any(w.start <= start.time() and end.time() <= w.end
               for w in permit.application.daily_windows)


def _metric_xy(plan: FlightPlan, scenario: Scenario) -> list[tuple[float, float]]:
    xs, ys = from_wgs84([p[0] for p in plan.positions], [p[1] for p in plan.positions],
                        scenario.epsg)
    return [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]


def _metric_line(plan: FlightPlan, scenario: Scenario) -> LineString:
    return LineString(_metric_xy(plan, scenario))
