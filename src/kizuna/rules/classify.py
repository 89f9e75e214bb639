"""Classify a flight under the Civil Aeronautics Act and the Drone Act (DOMAIN.md section 2).

`classify` is pure: facts, aircraft, pilot and operator in, a `Verdict` out. Breaches are
reported as violations, never raised, so a planner can show all of them at once.
"""

from __future__ import annotations

from kizuna.rules.facts import FlightFacts
from kizuna.rules.reasons import Language, rule, text
from kizuna.rules.status import (
    AircraftStatus,
    Certificate,
    EntryControl,
    Licence,
    Limitation,
    OperatorStatus,
    PilotStatus,
)
from kizuna.rules.verdict import Application, Category, Duty, Level, Reason, Verdict

__all__ = [
    "CATEGORY_III_LEAD_DAYS",
    "CATEGORY_II_LEAD_DAYS",
    "HEAVY_MTOW_KG",
    "UNMANNED_MIN_KG",
    "classify",
]

UNMANNED_MIN_KG = 0.1
"""From this weight (battery included) an aircraft is an unmanned aircraft, below it a model."""
HEAVY_MTOW_KG = 25.0
"""From this maximum take-off weight a specific flight is Category IIA."""
CATEGORY_II_LEAD_DAYS = 10
CATEGORY_III_LEAD_DAYS = 20

_LICENSED: tuple[Licence, ...] = ("second_class", "first_class")
_CERTIFIED: tuple[Certificate, ...] = ("second_class", "first_class")
_NO_APPLICATION = Application(required=False, authority=None, lead_business_days=0)


def classify(
    facts: FlightFacts,
    aircraft: AircraftStatus,
    pilot: PilotStatus,
    operator: OperatorStatus,
    *,
    entry_control: EntryControl,
    automatic: bool = False,
    special_zone: bool = False,
    lang: Language = "ja",
) -> Verdict:
    """Classify one flight.

    Parameters
    ----------
    facts
        The yes/no conditions of the flight.
    aircraft, pilot, operator
        What each holds (registration, certificate, licence, insurance, manual, consent).
    entry_control
        How third parties are kept from under the flight path; ``none`` makes Category III.
    automatic
        The aircraft flies a programmed path (Level 2 rather than 1 within sight).
    special_zone
        The flight is in the Kizuna zone, whose clarification lets Level 3.5 fly over
        residential streets in a DID.
    lang
        Language of the reason texts.

    Returns
    -------
    Verdict
        Category, level, application, duties, a reason for each conclusion and every violation.
    """
    reasons: list[str] = []
    violations: list[str] = []
    duties: list[Duty] = []

    if facts.emergency_airspace:
        violations.append("A-EMERGENCY")
    if facts.drone_act_facility:
        reasons.append("DRONE-ACT-FACILITY")
        duties.append("drone_act_notice")
        if not operator.drone_act_consent:
            violations.append("DRONE-ACT")

    if aircraft.mtow_kg < UNMANNED_MIN_KG:
        reasons.insert(0, "MODEL-AIRCRAFT")
        return _verdict(
            facts, False, None, None, _NO_APPLICATION, duties, reasons, violations, lang
        )

    identity = []
    if not aircraft.registered:
        identity.append("UNREGISTERED")
    if not aircraft.remote_id:
        identity.append("NO-REMOTE-ID")
    violations[:0] = identity

    conditions = facts.holding_codes()
    specific = bool(conditions)
    level = _level(facts.bvlos, automatic, entry_control)
    category: Category
    application = _NO_APPLICATION
    head: list[str] = list(conditions)

    if not specific:
        category = "I"
        head.append("CAT-I")
    elif entry_control == "none":
        category = "III"
        head.append("CAT-III")
        application = Application(
            required=True, authority="JCAB", lead_business_days=CATEGORY_III_LEAD_DAYS
        )
        violations.extend(_category_iii_gaps(facts, aircraft, pilot, operator))
    else:
        heavy = aircraft.mtow_kg >= HEAVY_MTOW_KG
        higher_risk = heavy or any(
            (
                facts.airport_vicinity,
                facts.above_150m,
                facts.over_event,
                facts.dangerous_goods,
                facts.dropping_objects,
            )
        )
        if higher_risk:
            category = "IIA"
            head.append("CAT-IIA")
            if heavy:
                head.append("MTOW-25KG")
            application = _mlit_application()
        else:
            category = "IIB"
            head.append("CAT-IIB")
            gaps = _category_iib_gaps(facts, aircraft, pilot, operator)
            head.extend(gaps or ["IIB-EXEMPT"])
            if gaps:
                application = _mlit_application()

    head.append(f"LEVEL-{level}")
    if level == "3.5":
        if facts.over_did and special_zone:
            head.append("L35-DID-ZONE")
        violations.extend(_level_35_gaps(facts, aircraft, pilot, operator, special_zone))
    if specific:
        head.append("DUTY-SPECIFIC")
        duties[:0] = ["flight_plan_notification", "flight_log"]

    return _verdict(
        facts, specific, category, level, application, duties, head + reasons, violations, lang
    )


def _mlit_application() -> Application:
    return Application(required=True, authority="MLIT", lead_business_days=CATEGORY_II_LEAD_DAYS)


def _level(bvlos: bool, automatic: bool, entry_control: EntryControl) -> Level:
    if not bvlos:
        return "2" if automatic else "1"
    if entry_control == "none":
        return "4"
    return "3.5" if entry_control == "camera" else "3"


def _needed_limitations(facts: FlightFacts) -> frozenset[Limitation]:
    needed: set[Limitation] = set()
    if facts.bvlos:
        needed.add("bvlos")
    if facts.night:
        needed.add("night")
    return frozenset(needed)


def _category_iii_gaps(
    facts: FlightFacts, aircraft: AircraftStatus, pilot: PilotStatus, operator: OperatorStatus
) -> list[str]:
    needed = _needed_limitations(facts)
    if aircraft.mtow_kg >= HEAVY_MTOW_KG:
        # A licence is limited to under 25 kg until that limitation is lifted.
        needed = needed | {"mtow_25kg"}
    gaps = []
    if not pilot.holds(("first_class",), needed):
        gaps.append("L4-LICENCE")
    if aircraft.certificate != "first_class":
        gaps.append("L4-CERTIFICATE")
    if not operator.insurance:
        gaps.append("L4-INSURANCE")
    if not operator.flight_manual:
        gaps.append("L4-MANUAL")
    return gaps


def _category_iib_gaps(
    facts: FlightFacts, aircraft: AircraftStatus, pilot: PilotStatus, operator: OperatorStatus
) -> list[str]:
    # MTOW >= 25 kg is Category IIA, so the 25 kg limitation never matters here.
    gaps = []
    if not pilot.holds(_LICENSED, _needed_limitations(facts)):
        gaps.append("IIB-NEEDS-LICENCE")
    if aircraft.certificate not in _CERTIFIED:
        gaps.append("IIB-NEEDS-CERTIFICATE")
    if not operator.flight_manual:
        gaps.append("IIB-NEEDS-MANUAL")
    return gaps


def _level_35_gaps(
    facts: FlightFacts,
    aircraft: AircraftStatus,
    pilot: PilotStatus,
    operator: OperatorStatus,
    special_zone: bool,
) -> list[str]:
    gaps = []
    if not pilot.holds(_LICENSED, frozenset({"bvlos"})):
        gaps.append("L35-LICENCE")
    if not operator.insurance:
        gaps.append("L35-INSURANCE")
    if not aircraft.onboard_camera:
        gaps.append("L35-CAMERA")
    if facts.over_did and not special_zone:
        gaps.append("L35-DID")
    return gaps


def _reason(code: str, lang: Language) -> Reason:
    return Reason(code=code, text=text(code, lang), rule=rule(code, lang))


def _verdict(
    facts: FlightFacts,
    specific: bool,
    category: Category | None,
    level: Level | None,
    application: Application,
    duties: list[Duty],
    reasons: list[str],
    violations: list[str],
    lang: Language,
) -> Verdict:
    return Verdict(
        specific_flight=specific,
        category=category,
        level=level,
        allowed=not violations,
        application=application,
        duties=tuple(duties),
        reasons=tuple(_reason(c, lang) for c in reasons),
        violations=tuple(_reason(c, lang) for c in violations),
        facts=facts,
    )
