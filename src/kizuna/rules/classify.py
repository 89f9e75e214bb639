"""Classify a flight under the Civil Aeronautics Act and the Drone Act (DOMAIN.md section 2).

`classify` is pure: facts, aircraft, pilot and operator in, a `Verdict` out. Breaches are
reported as violations, never raised, so a planner can show all of them at once.
"""

from __future__ import annotations

from kizuna.fleet.pilot import licence_covers
from kizuna.rules.facts import FlightFacts
from kizuna.rules.reasons import Language, rule, text
from kizuna.rules.settings import RulesSettings, rules_settings
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
    "EVERY_FLIGHT_DUTIES",
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
_HIGHER_RISK = ("airport_vicinity", "above_150m", "over_event", "dangerous_goods",
                "dropping_objects")
"""The facts that make a flight with entry control Category IIA."""

EVERY_FLIGHT_DUTIES: tuple[Duty, ...] = (
    "preflight_check", "accident_report", "collision_avoidance", "no_alcohol", "no_nuisance")
"""Duties of every unmanned-aircraft flight, specific or not (Art. 132-86(1), 132-87, 132-90)."""


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
    settings: RulesSettings | None = None,
) -> Verdict:
    """Classify one flight.

    Parameters
    ----------
    facts
        The yes/no conditions of the flight. An aircraft that drops its payload adds
        ``dropping_objects`` whatever ``facts`` says.
    aircraft, pilot, operator
        What each holds (registration, certificate, licence and the kinds it covers,
        insurance, manual, consent).
    entry_control
        How third parties are kept from under the flight path; ``none`` makes Category III.
        A camera keeps them away only beyond visual line of sight (Level 3.5); on a
        line-of-sight flight it counts as no entry control.
    automatic
        The aircraft flies a programmed path (Level 2 rather than 1 within sight).
    special_zone
        The flight is in the Kizuna zone, whose clarification lets Level 3.5 fly over
        residential streets in a DID.
    lang
        Language of the reason texts.
    settings
        Configurable switches; the bundled ``kizuna/config/rules.json`` when None.

    Returns
    -------
    Verdict
        Category, level, application, duties, a reason for each conclusion and every violation.
    """
    settings = settings or rules_settings()
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

    head: list[str] = []
    if pilot.licence != "none" and not licence_covers(pilot.kinds, aircraft.kind):
        head.append("LICENCE-KIND")
    if aircraft.drops_payload:
        head.append("AIRCRAFT-DROPS")
        if not facts.dropping_objects:
            facts = facts.model_copy(update={"dropping_objects": True})
    if facts.bvlos and entry_control == "none" and not facts.within_30m:
        # Level 4 flies over third parties: within 30 m of people and their property.
        head.append("L4-OVER-THIRD-PARTIES")
        facts = facts.model_copy(update={"within_30m": True})
    conditions = facts.holding_codes()
    head.extend(conditions)
    if facts.above_150m and facts.near_structure_30m:
        head.append("A-150M-STRUCTURE")
    specific = bool(conditions)
    if specific and entry_control == "camera" and not facts.bvlos:
        # The camera substitution is a Level 3.5 measure: within sight it keeps no one away.
        head.append("CAMERA-NOT-ENTRY-CONTROL")
        entry_control = "none"
    level = _level(facts.bvlos, automatic, entry_control)
    category: Category
    application = _NO_APPLICATION

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
        higher_risk = heavy or any(facts.holds(name) for name in _HIGHER_RISK)
        if higher_risk:
            category = "IIA"
            head.append("CAT-IIA")
            if heavy:
                head.append("MTOW-25KG")
            application = _mlit_application()
        elif level == "3.5":
            # Level 3.5 is applied for on its own items after prior consultation with JCAB;
            # the certificate-based IIB exemption does not cover it (DOMAIN.md section 2).
            category = "IIB"
            head.append("CAT-IIB")
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
        head.append("L35-APPLICATION")
        if facts.over_did and special_zone:
            head.append("L35-DID-ZONE")
        elif facts.over_did and settings.level35_did_without_third_parties:
            head.append("L35-DID-RELAXED")
        violations.extend(_level_35_gaps(
            facts, aircraft, pilot, operator,
            did_allowed=special_zone or settings.level35_did_without_third_parties))
    head.append("DUTY-EVERY-FLIGHT")
    every: list[Duty] = list(EVERY_FLIGHT_DUTIES)
    if specific:
        head.append("DUTY-SPECIFIC")
        every += ["flight_plan_notification", "flight_log"]
    duties[:0] = every

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
    if not pilot.holds(("first_class",), needed, aircraft.kind):
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
    if not pilot.holds(_LICENSED, _needed_limitations(facts), aircraft.kind):
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
    *,
    did_allowed: bool,
) -> list[str]:
    # No airframe certificate: Level 3.5 reportedly does not require one.
    gaps = []
    if not pilot.holds(_LICENSED, frozenset({"bvlos"}), aircraft.kind):
        gaps.append("L35-LICENCE")
    if not operator.insurance:
        gaps.append("L35-INSURANCE")
    if not aircraft.onboard_camera:
        gaps.append("L35-CAMERA")
    if facts.over_did and not did_allowed:
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
