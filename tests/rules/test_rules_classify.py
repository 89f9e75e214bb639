"""Tests for kizuna.rules.classify: one test per rule and per boundary of DOMAIN.md section 2."""

from __future__ import annotations

from typing import Any

import pytest

from kizuna.rules import AircraftStatus, FlightFacts, OperatorStatus, PilotStatus, classify
from kizuna.rules.classify import EVERY_FLIGHT_DUTIES
from kizuna.rules.facts import FACT_CODES
from kizuna.rules.reasons import rule, text
from kizuna.rules.settings import RulesSettings, rules_settings
from kizuna.rules.status import EntryControl
from kizuna.rules.verdict import Verdict

FULLY_EQUIPPED: dict[str, Any] = {
    "aircraft": {
        "mtow_kg": 9.8,
        "certificate": "first_class",
        "onboard_camera": True,
        "registered": True,
        "remote_id": True,
    },
    "pilot": {"licence": "first_class", "limitations_lifted": ["bvlos", "night", "mtow_25kg"]},
    "operator": {"insurance": True, "flight_manual": True, "drone_act_consent": True},
}


def run(
    facts: dict[str, bool] | None = None,
    *,
    entry_control: EntryControl = "assistants",
    automatic: bool = False,
    special_zone: bool = False,
    aircraft: dict[str, Any] | None = None,
    pilot: dict[str, Any] | None = None,
    operator: dict[str, Any] | None = None,
) -> Verdict:
    """Classify a flight whose aircraft, pilot and operator hold everything unless overridden."""
    return classify(
        FlightFacts(**(facts or {})),
        AircraftStatus.model_validate({**FULLY_EQUIPPED["aircraft"], **(aircraft or {})}),
        PilotStatus.model_validate({**FULLY_EQUIPPED["pilot"], **(pilot or {})}),
        OperatorStatus.model_validate({**FULLY_EQUIPPED["operator"], **(operator or {})}),
        entry_control=entry_control,
        automatic=automatic,
        special_zone=special_zone,
        lang="en",
    )


def codes(verdict: Verdict) -> list[str]:
    return [r.code for r in verdict.reasons]


def violations(verdict: Verdict) -> list[str]:
    return [v.code for v in verdict.violations]


def test_issue_example() -> None:
    """The example of the issue: BVLOS with a camera, second-class everything -> IIB, 3.5, and
    an MLIT application (Level 3.5 has no certificate-based exemption)."""
    verdict = classify(
        FlightFacts(bvlos=True),
        AircraftStatus(
            mtow_kg=9.8,
            certificate="second_class",
            onboard_camera=True,
            registered=True,
            remote_id=True,
        ),
        PilotStatus(licence="second_class", limitations_lifted=frozenset({"bvlos"})),
        OperatorStatus(insurance=True, flight_manual=True, drone_act_consent=False),
        entry_control="camera",
        automatic=True,
        lang="en",
    )
    assert (verdict.specific_flight, verdict.category, verdict.level) == (True, "IIB", "3.5")
    assert verdict.allowed and verdict.violations == ()
    assert verdict.application.model_dump() == {
        "required": True,
        "authority": "MLIT",
        "lead_business_days": 10,
    }
    assert verdict.duties == (*EVERY_FLIGHT_DUTIES, "flight_plan_notification", "flight_log")
    assert codes(verdict)[0] == "M-BVLOS"
    assert "L35-APPLICATION" in codes(verdict) and "IIB-EXEMPT" not in codes(verdict)


def test_no_condition_is_category_i() -> None:
    """Without any A-/M- condition the flight is not specific: Category I, no application."""
    verdict = run()
    assert not verdict.specific_flight
    assert verdict.category == "I"
    assert not verdict.application.required
    assert verdict.duties == EVERY_FLIGHT_DUTIES
    assert "CAT-I" in codes(verdict)


@pytest.mark.parametrize(("fact", "code"), list(FACT_CODES.items()))
def test_each_condition_makes_a_specific_flight(fact: str, code: str) -> None:
    """Each A-/M- condition alone makes a specific flight and is named in the reasons."""
    verdict = run({fact: True})
    assert verdict.specific_flight
    assert verdict.category != "I"
    assert code in codes(verdict)
    assert verdict.duties[:7] == (*EVERY_FLIGHT_DUTIES, "flight_plan_notification",
                                  "flight_log")
    assert "DUTY-SPECIFIC" in codes(verdict)


def test_drone_act_alone_is_not_a_specific_flight() -> None:
    """The Drone Act is a separate law: it adds a notice duty but no specific flight."""
    verdict = run({"drone_act_facility": True})
    assert not verdict.specific_flight
    assert verdict.category == "I"
    assert verdict.duties == (*EVERY_FLIGHT_DUTIES, "drone_act_notice")
    assert "DRONE-ACT-FACILITY" in codes(verdict)


@pytest.mark.parametrize(("consent", "expected"), [(True, []), (False, ["DRONE-ACT"])])
def test_drone_act_needs_consent(consent: bool, expected: list[str]) -> None:
    """A Drone Act facility without the manager's consent is a violation; with it, none."""
    verdict = run(
        {"drone_act_facility": True, "bvlos": True}, operator={"drone_act_consent": consent}
    )
    assert violations(verdict) == expected
    assert verdict.allowed is (not expected)
    assert "drone_act_notice" in verdict.duties


def test_emergency_airspace_is_always_a_violation() -> None:
    """Active emergency-use airspace is a violation however well equipped the flight is."""
    verdict = run({"emergency_airspace": True})
    assert violations(verdict) == ["A-EMERGENCY"]
    assert not verdict.allowed


@pytest.mark.parametrize(
    ("registered", "remote_id", "expected"),
    [
        (True, True, []),
        (False, True, ["UNREGISTERED"]),
        (True, False, ["NO-REMOTE-ID"]),
        (False, False, ["UNREGISTERED", "NO-REMOTE-ID"]),
    ],
)
def test_registration_and_remote_id(registered: bool, remote_id: bool, expected: list[str]) -> None:
    """An unmanned aircraft must be registered and carry Remote ID, even in Category I."""
    verdict = run(aircraft={"registered": registered, "remote_id": remote_id})
    assert violations(verdict) == expected
    assert verdict.allowed is (not expected)


@pytest.mark.parametrize(("mtow_kg", "model"), [(0.099, True), (0.1, False)])
def test_100_g_boundary(mtow_kg: float, model: bool) -> None:
    """Under 100 g is a model aircraft (no registration rule); 100 g exactly is unmanned."""
    verdict = run(
        {"over_did": True}, aircraft={"mtow_kg": mtow_kg, "registered": False, "remote_id": True}
    )
    assert ("MODEL-AIRCRAFT" in codes(verdict)) is model
    assert ("UNREGISTERED" in violations(verdict)) is (not model)
    assert verdict.specific_flight is (not model)


def test_model_aircraft_outside_the_unmanned_rules() -> None:
    """A model aircraft has no category, level, application or duties."""
    verdict = run({"bvlos": True, "night": True}, aircraft={"mtow_kg": 0.05}, entry_control="none")
    assert (verdict.category, verdict.level) == (None, None)
    assert not verdict.application.required
    assert verdict.duties == ()
    assert verdict.allowed


def test_model_aircraft_still_banned_in_emergency_airspace() -> None:
    """Even under 100 g, active emergency-use airspace is a violation."""
    verdict = run({"emergency_airspace": True}, aircraft={"mtow_kg": 0.05})
    assert violations(verdict) == ["A-EMERGENCY"]
    assert not verdict.allowed


@pytest.mark.parametrize(
    ("bvlos", "automatic", "entry_control", "level"),
    [
        (False, False, "assistants", "1"),
        (False, True, "assistants", "2"),
        (False, True, "none", "2"),
        (True, True, "assistants", "3"),
        (True, True, "signage", "3"),
        (True, False, "camera", "3.5"),
        (True, True, "none", "4"),
    ],
)
def test_level(bvlos: bool, automatic: bool, entry_control: EntryControl, level: str) -> None:
    """Level: 1 manual / 2 automatic within sight; BVLOS 3, 3.5 with a camera, 4 without control."""
    verdict = run(
        {"bvlos": bvlos, "within_30m": True}, automatic=automatic, entry_control=entry_control
    )
    assert verdict.level == level
    assert f"LEVEL-{level}" in codes(verdict)


@pytest.mark.parametrize(
    ("facts", "mtow_kg"),
    [
        ({"airport_vicinity": True}, 9.8),
        ({"above_150m": True}, 9.8),
        ({"over_event": True}, 9.8),
        ({"dangerous_goods": True}, 9.8),
        ({"dropping_objects": True}, 9.8),
        ({"over_did": True}, 25.0),
    ],
)
def test_category_iia_triggers(facts: dict[str, bool], mtow_kg: float) -> None:
    """With entry control, each higher-risk element makes IIA with a 10-day MLIT application."""
    verdict = run(facts, aircraft={"mtow_kg": mtow_kg})
    assert verdict.category == "IIA"
    assert verdict.application.model_dump() == {
        "required": True,
        "authority": "MLIT",
        "lead_business_days": 10,
    }
    assert "CAT-IIA" in codes(verdict)


@pytest.mark.parametrize(("mtow_kg", "category"), [(25.0, "IIA"), (24.99, "IIB")])
def test_25_kg_boundary(mtow_kg: float, category: str) -> None:
    """MTOW exactly 25 kg is IIA by mass; 24.99 kg is not."""
    verdict = run({"over_did": True}, aircraft={"mtow_kg": mtow_kg})
    assert verdict.category == category
    assert ("MTOW-25KG" in codes(verdict)) is (category == "IIA")


@pytest.mark.parametrize(("above_150m", "category"), [(True, "IIA"), (False, "IIB")])
def test_150_m_fact(above_150m: bool, category: str) -> None:
    """150 m or more (a fact input) makes IIA; below it the same flight is IIB."""
    verdict = run({"above_150m": above_150m, "over_did": True})
    assert verdict.category == category


def test_level_35_with_a_drop_follows_iia() -> None:
    """Level 3.5 that drops objects is IIA: the application is always required."""
    verdict = run({"bvlos": True, "dropping_objects": True}, entry_control="camera")
    assert (verdict.category, verdict.level) == ("IIA", "3.5")
    assert verdict.application.required


@pytest.mark.parametrize(
    ("facts", "pilot", "aircraft", "operator", "gaps"),
    [
        ({"over_did": True}, {}, {}, {}, []),
        (
            {"over_did": True},
            {"licence": "second_class", "limitations_lifted": []},
            {"certificate": "second_class"},
            {},
            [],
        ),
        ({"over_did": True}, {"licence": "none"}, {}, {}, ["IIB-NEEDS-LICENCE"]),
        ({"bvlos": True}, {"limitations_lifted": ["night"]}, {}, {}, ["IIB-NEEDS-LICENCE"]),
        ({"night": True}, {"limitations_lifted": ["bvlos"]}, {}, {}, ["IIB-NEEDS-LICENCE"]),
        ({"night": True, "bvlos": True}, {"limitations_lifted": ["bvlos", "night"]}, {}, {}, []),
        ({"within_30m": True}, {}, {"certificate": "none"}, {}, ["IIB-NEEDS-CERTIFICATE"]),
        ({"within_30m": True}, {}, {}, {"flight_manual": False}, ["IIB-NEEDS-MANUAL"]),
    ],
)
def test_category_iib_application(
    facts: dict[str, bool],
    pilot: dict[str, Any],
    aircraft: dict[str, Any],
    operator: dict[str, Any],
    gaps: list[str],
) -> None:
    """IIB needs no application only with a licence (limitations lifted), certificate and manual."""
    verdict = run(facts, pilot=pilot, aircraft=aircraft, operator=operator)
    assert verdict.category == "IIB"
    found = [c for c in codes(verdict) if c.startswith("IIB-")]
    assert found == (gaps or ["IIB-EXEMPT"])
    expected = (
        {"required": True, "authority": "MLIT", "lead_business_days": 10}
        if gaps
        else {"required": False, "authority": None, "lead_business_days": 0}
    )
    assert verdict.application.model_dump() == expected
    assert verdict.allowed  # a missing exemption means applying, not a violation


def test_category_iii_fully_equipped() -> None:
    """Without entry control the flight is Category III, JCAB, 20 business days."""
    verdict = run({"bvlos": True, "over_did": True}, entry_control="none")
    assert (verdict.category, verdict.level) == ("III", "4")
    assert verdict.application.model_dump() == {
        "required": True,
        "authority": "JCAB",
        "lead_business_days": 20,
    }
    assert verdict.allowed


@pytest.mark.parametrize(
    ("facts", "pilot", "aircraft", "operator", "expected"),
    [
        ({"bvlos": True}, {"licence": "second_class"}, {}, {}, ["L4-LICENCE"]),
        ({"bvlos": True}, {"limitations_lifted": ["night"]}, {}, {}, ["L4-LICENCE"]),
        ({"bvlos": True, "night": True}, {"limitations_lifted": ["bvlos"]}, {}, {}, ["L4-LICENCE"]),
        ({"within_30m": True}, {"limitations_lifted": []}, {}, {}, []),
        ({"bvlos": True}, {"limitations_lifted": ["bvlos"]}, {"mtow_kg": 25.0}, {}, ["L4-LICENCE"]),
        ({"bvlos": True}, {}, {"certificate": "second_class"}, {}, ["L4-CERTIFICATE"]),
        ({"bvlos": True}, {}, {}, {"insurance": False}, ["L4-INSURANCE"]),
        ({"bvlos": True}, {}, {}, {"flight_manual": False}, ["L4-MANUAL"]),
    ],
)
def test_category_iii_requirements(
    facts: dict[str, bool],
    pilot: dict[str, Any],
    aircraft: dict[str, Any],
    operator: dict[str, Any],
    expected: list[str],
) -> None:
    """Category III: first-class licence (bvlos/night/25 kg lifted as needed), first-class
    certificate, insurance and manual; each missing item is a violation."""
    verdict = run(facts, entry_control="none", pilot=pilot, aircraft=aircraft, operator=operator)
    assert verdict.category == "III"
    assert violations(verdict) == expected
    assert verdict.allowed is (not expected)


@pytest.mark.parametrize(
    ("pilot", "aircraft", "operator", "expected"),
    [
        ({"licence": "second_class", "limitations_lifted": ["bvlos"]}, {}, {}, []),
        ({"licence": "none"}, {}, {}, ["L35-LICENCE"]),
        ({"licence": "second_class", "limitations_lifted": ["night"]}, {}, {}, ["L35-LICENCE"]),
        ({}, {}, {"insurance": False}, ["L35-INSURANCE"]),
        ({}, {"onboard_camera": False}, {}, ["L35-CAMERA"]),
    ],
)
def test_level_35_requirements(
    pilot: dict[str, Any], aircraft: dict[str, Any], operator: dict[str, Any], expected: list[str]
) -> None:
    """Level 3.5 needs a licence with bvlos lifted, insurance and an onboard camera."""
    verdict = run(
        {"bvlos": True}, entry_control="camera", pilot=pilot, aircraft=aircraft, operator=operator
    )
    assert verdict.level == "3.5"
    assert violations(verdict) == expected


@pytest.mark.parametrize(
    ("special_zone", "violation", "note"),
    [(False, ["L35-DID"], False), (True, [], True)],
)
def test_level_35_over_did(special_zone: bool, violation: list[str], note: bool) -> None:
    """Level 3.5 over a DID is a violation, unless the special zone's clarification applies."""
    verdict = run(
        {"bvlos": True, "over_did": True}, entry_control="camera", special_zone=special_zone
    )
    assert violations(verdict) == violation
    assert ("L35-DID-ZONE" in codes(verdict)) is note


@pytest.mark.parametrize("entry_control", ["assistants", "signage"])
def test_level_3_has_no_level_35_requirements(entry_control: EntryControl) -> None:
    """Level 3 (helpers or signs) over a DID with no camera or insurance is not a 3.5 breach."""
    verdict = run(
        {"bvlos": True, "over_did": True},
        entry_control=entry_control,
        aircraft={"onboard_camera": False},
        operator={"insurance": False},
    )
    assert verdict.level == "3"
    assert verdict.violations == ()


@pytest.mark.parametrize(
    "facts",
    [{}, {"bvlos": True}, {"emergency_airspace": True}, {"drone_act_facility": True}],
)
@pytest.mark.parametrize("equipped", [True, False])
def test_allowed_iff_no_violation(facts: dict[str, bool], equipped: bool) -> None:
    """allowed is false exactly when there is a violation."""
    kit = {} if equipped else {"registered": False, "remote_id": False}
    ops = {} if equipped else {"insurance": False, "drone_act_consent": False}
    controls: tuple[EntryControl, ...] = ("assistants", "camera", "none")
    for control in controls:
        verdict = run(facts, entry_control=control, aircraft=kit, operator=ops)
        assert verdict.allowed is (len(verdict.violations) == 0)


def test_violations_are_reported_not_raised() -> None:
    """Many breaches at once all appear in the verdict."""
    verdict = run(
        {"bvlos": True, "emergency_airspace": True, "drone_act_facility": True},
        entry_control="none",
        aircraft={"registered": False, "remote_id": False, "certificate": "none"},
        pilot={"licence": "none"},
        operator={"insurance": False, "flight_manual": False, "drone_act_consent": False},
    )
    assert violations(verdict) == [
        "UNREGISTERED",
        "NO-REMOTE-ID",
        "A-EMERGENCY",
        "DRONE-ACT",
        "L4-LICENCE",
        "L4-CERTIFICATE",
        "L4-INSURANCE",
        "L4-MANUAL",
    ]


def test_every_reason_and_violation_has_text() -> None:
    """Each reason and violation carries a non-empty text in the requested language."""
    verdict = run(
        {"bvlos": True, "over_did": True},
        entry_control="camera",
        aircraft={"onboard_camera": False},
    )
    assert all(r.text for r in verdict.reasons + verdict.violations)
    assert all(r.text.isascii() for r in verdict.reasons)


def test_facts_are_echoed() -> None:
    """The verdict repeats the facts it was computed from."""
    facts = FlightFacts(night=True)
    verdict = classify(
        facts,
        AircraftStatus(mtow_kg=1.0, registered=True, remote_id=True),
        PilotStatus(),
        OperatorStatus(),
        entry_control="assistants",
    )
    assert verdict.facts == facts


# -- the law, exactly (issue 16) ----------------------------------------------------------------

SECOND_CLASS_L35: dict[str, Any] = {
    "aircraft": {"mtow_kg": 9.8, "certificate": "none", "onboard_camera": True,
                 "registered": True, "remote_id": True},
    "pilot": {"licence": "second_class", "limitations_lifted": ["bvlos", "night"]},
}


def test_joban_line_night_route_needs_an_application() -> None:
    """A night Level 3.5 route across the Joban line and Route 6 needs an MLIT application
    (no IIB exemption), and is allowed without an airframe certificate."""
    verdict = run({"bvlos": True, "night": True, "within_30m": True}, entry_control="camera",
                  automatic=True, **SECOND_CLASS_L35)
    assert (verdict.category, verdict.level) == ("IIB", "3.5")
    assert verdict.application.required and verdict.application.authority == "MLIT"
    assert "IIB-EXEMPT" not in codes(verdict)
    assert "L35-APPLICATION" in codes(verdict)
    assert verdict.allowed, violations(verdict)


@pytest.mark.parametrize(
    ("override", "missing"),
    [({"pilot": {"licence": "none", "limitations_lifted": []}}, "L35-LICENCE"),
     ({"operator": {"insurance": False}}, "L35-INSURANCE"),
     ({"aircraft": {"onboard_camera": False}}, "L35-CAMERA")])
def test_level_35_conditions_stay_violations(override: dict[str, Any], missing: str) -> None:
    """Each missing Level 3.5 condition is a violation, beside the application."""
    verdict = run({"bvlos": True}, entry_control="camera", **override)
    assert missing in violations(verdict)
    assert verdict.application.required


def test_level_35_did_relaxation_is_a_switch_off_by_default() -> None:
    """Over a DID outside the zone Level 3.5 is a violation unless the 2025 switch is on."""
    facts = FlightFacts(bvlos=True, over_did=True)
    args = (AircraftStatus.model_validate(FULLY_EQUIPPED["aircraft"]),
            PilotStatus.model_validate(FULLY_EQUIPPED["pilot"]),
            OperatorStatus.model_validate(FULLY_EQUIPPED["operator"]))
    off = classify(facts, *args, entry_control="camera", lang="en")
    on = classify(facts, *args, entry_control="camera", lang="en",
                  settings=RulesSettings(level35_did_without_third_parties=True))
    assert "L35-DID" in violations(off)
    assert "L35-DID" not in violations(on) and "L35-DID-RELAXED" in codes(on)
    assert rules_settings().level35_did_without_third_parties is False


def test_parachute_fixed_wing_drops_without_the_fact() -> None:
    """An aircraft that drops its payload makes M-DROP, hence IIA and an application, even when
    facts do not say dropping_objects."""
    verdict = run({"bvlos": True}, entry_control="camera",
                  aircraft={"kind": "aeroplane", "drops_payload": True},
                  pilot={"kinds": ["aeroplane"]})
    assert verdict.facts.dropping_objects
    assert "M-DROP" in codes(verdict) and "AIRCRAFT-DROPS" in codes(verdict)
    assert verdict.category == "IIA"
    assert verdict.application.required


def test_drops_payload_defaults_to_false() -> None:
    """Without drops_payload the aircraft adds no M-DROP."""
    verdict = run({"bvlos": True})
    assert "M-DROP" not in codes(verdict)


@pytest.mark.parametrize(
    ("entry_control", "gap"),
    [("assistants", "IIB-NEEDS-LICENCE"), ("camera", "L35-LICENCE"), ("none", "L4-LICENCE")])
def test_multirotor_pilot_is_unlicensed_on_the_fixed_wing(entry_control: EntryControl,
                                                          gap: str) -> None:
    """A licence limited to multirotors does not count on an aeroplane (IIB, 3.5 and 4)."""
    fixed_wing = {"kind": "aeroplane", "certificate": "first_class"}
    verdict = run({"bvlos": True}, entry_control=entry_control, aircraft=fixed_wing)
    assert gap in codes(verdict) + violations(verdict)
    assert "LICENCE-KIND" in codes(verdict)
    covered = run({"bvlos": True}, entry_control=entry_control, aircraft=fixed_wing,
                  pilot={"kinds": ["multirotor", "aeroplane"]})
    assert gap not in codes(covered) + violations(covered)


def test_pilot_kinds_default_to_multirotor() -> None:
    """The contract's defaults: a multirotor aircraft, a pilot licensed for multirotors."""
    assert AircraftStatus(mtow_kg=1.0).kind == "multirotor"
    assert PilotStatus().kinds == frozenset({"multirotor"})


def test_category_i_flight_carries_the_duties_of_every_flight() -> None:
    """Category I carries the five duties of every flight and no specific-flight duty."""
    verdict = run()
    assert verdict.category == "I"
    assert set(verdict.duties) == {"preflight_check", "accident_report", "collision_avoidance",
                                   "no_alcohol", "no_nuisance"}
    assert "DUTY-EVERY-FLIGHT" in codes(verdict) and "DUTY-SPECIFIC" not in codes(verdict)


def test_near_a_structure_the_150m_rule_does_not_hold() -> None:
    """Within 30 m of a structure, 150 m or more above ground is not A-150M (since 2021)."""
    high = run({"above_150m": True})
    near = run({"above_150m": True, "near_structure_30m": True, "within_30m": True})
    assert "A-150M" in codes(high) and high.category == "IIA"
    assert "A-150M" not in codes(near) and "A-150M-STRUCTURE" in codes(near)
    assert "M-30M" in codes(near)
    assert near.category == "IIB"


@pytest.mark.parametrize("code", ["L4-LICENCE", "L4-CERTIFICATE"])
def test_category_iii_permission_cites_its_articles(code: str) -> None:
    """The Category III items cite Art. 132-85(4)(ii) and 132-86(5)(ii), not the list of
    prohibited airspace (132-85(1))."""
    assert rule(code, "en").startswith("Civil Aeronautics Act Art. 132-85(4)(ii), 132-86(5)(ii)")
    assert "第132条の85第4項第2号" in rule(code, "ja")


def test_level_3_wording_names_unpopulated_areas() -> None:
    """LEVEL-3 is BVLOS over unpopulated areas (MLIT roadmap)."""
    assert "unpopulated" in text("LEVEL-3", "en") and "無人地帯" in text("LEVEL-3", "ja")


def test_camera_is_not_entry_control_within_sight() -> None:
    """Within sight over a DID a camera keeps no one away: Category III, not IIB-EXEMPT."""
    verdict = run({"over_did": True}, entry_control="camera")
    assert "IIB-EXEMPT" not in codes(verdict)
    assert "CAMERA-NOT-ENTRY-CONTROL" in codes(verdict)
    assert verdict.category == "III"
    beyond = run({"over_did": True, "bvlos": True}, entry_control="camera")
    assert beyond.category == "IIB" and beyond.level == "3.5"


def test_level_4_is_within_30m() -> None:
    """A Level 4 flight over third parties is a flight within 30 m (M-30M)."""
    verdict = run({"bvlos": True}, entry_control="none", automatic=True)
    assert verdict.level == "4"
    assert "M-30M" in codes(verdict) and verdict.facts.within_30m
    assert "M-30M" not in codes(run({"bvlos": True}, entry_control="assistants"))
