"""DIPS flight-plan records and the permit as the planner's envelope."""

from __future__ import annotations

import pytest
from permits_support import PlanMaker

from kizuna.errors import InvalidInput
from kizuna.permits import Permit, envelope_geometry
from kizuna.permits.dips import flight_plan_record, records_csv
from kizuna.permits.envelope import contingency_margin_m
from kizuna.planning.envelope import envelope_geometry as planner_geometry
from kizuna.scenario.model import Scenario


def test_record_has_the_notification_items(goto: Scenario, aokata_permit: Permit,
                                           aokata_plan: PlanMaker) -> None:
    """Date, window, route, altitude, aircraft, pilot, purpose and specific-flight items."""
    r = flight_plan_record(aokata_permit, aokata_plan("aokata-hospital.geojson"), goto)
    assert (r["date"], r["start"], r["end"]) == ("2025-11-20", "2025-11-20T10:00+09:00",
                                                 "2025-11-20T10:05+09:00")
    assert r["geometry"]["type"] == "LineString" and r["max_altitude_agl_m"] == 80
    assert (r["aircraft_registration"], r["pilot_id"]) == ("JUGOTO000001", "goto-p1")
    # From the Aokata base in town across its roads: within 30 m of property (M-30M) too.
    assert r["specific_flight_items"] == ["M-BVLOS", "M-30M"]
    assert r["permit_number"] == "KIZUNA-L4-2025-0001"


def test_kashima_notification_lists_m30m(minamisoma: Scenario, kashima_permit: Permit,
                                          kashima_plan: PlanMaker) -> None:
    """A Kashima flight crossing Route 6 and the Joban line notifies M-30M."""
    r = flight_plan_record(kashima_permit, kashima_plan("kashima-1.3km.geojson"), minamisoma)
    assert r["crossings"]
    assert r["specific_flight_items"] == ["M-BVLOS", "M-30M"]


def test_parachute_fixed_wing_notifies_m_drop(goto: Scenario, aokata_permit: Permit,
                                              aokata_plan: PlanMaker) -> None:
    """The Goto fleet's parachute-drop fixed-wing makes every flight M-DROP."""
    plan = aokata_plan("aokata-hospital.geojson", aircraft_reg="JUGOTO000004")
    assert plan.aircraft.profile.drops_payload
    assert "M-DROP" in flight_plan_record(aokata_permit, plan, goto)["specific_flight_items"]


def test_night_flight_lists_m_night(goto: Scenario, aokata_permit: Permit,
                                    aokata_plan: PlanMaker) -> None:
    """A flight after sunset carries M-NIGHT among its items."""
    plan = aokata_plan("aokata-hospital.geojson", start="2025-11-20T19:00:00+09:00")
    assert "M-NIGHT" in flight_plan_record(aokata_permit, plan, goto)["specific_flight_items"]


def test_polygon_and_circle_geometries(goto: Scenario, aokata_permit: Permit,
                                       aokata_plan: PlanMaker) -> None:
    """The plan may be entered as the permit's area polygon or a circle round the route."""
    plan = aokata_plan("aokata-hospital.geojson")
    poly = flight_plan_record(aokata_permit, plan, goto, "polygon")["geometry"]
    assert poly == aokata_permit.application.area
    circle = flight_plan_record(aokata_permit, plan, goto, "circle")["geometry"]
    assert circle["type"] == "Circle"
    cx, cy = goto.to_metric(*circle["center"])
    far = max(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5
              for x, y in (goto.to_metric(p[0], p[1]) for p in plan.positions))
    assert far + 50 <= circle["radius_m"] <= far + 400  # holds the route and its margin


def test_csv_row(goto: Scenario, aokata_permit: Permit, aokata_plan: PlanMaker) -> None:
    """One header line and one row per record; items joined with semicolons."""
    r = flight_plan_record(aokata_permit, aokata_plan("aokata-hospital.geojson"), goto)
    lines = records_csv([r, r]).splitlines()
    assert len(lines) == 3 and lines[1].count("JUGOTO000001") == 1


def test_area_envelope_matches_the_permit(goto: Scenario, aokata_permit: Permit) -> None:
    """The planner's envelope of the permit has the same footprint, band and margin."""
    craft = goto.aircraft[0]
    env = aokata_permit.to_envelope(aircraft=craft)
    assert env.kind == "area" and env.altitude_agl_m == (30.0, 120.0)
    assert env.contingency_margin_m == contingency_margin_m(craft) == 50.0
    ours = envelope_geometry(aokata_permit.application, goto.epsg)
    assert planner_geometry(env, goto.epsg).symmetric_difference(ours).area < 1.0


def test_route_permit_needs_a_corridor_choice(aokata_permit: Permit) -> None:
    """A route permit with two corridors asks which one."""
    from permits_support import example

    from kizuna.permits import Application

    data = aokata_permit.application.model_dump(mode="json")
    line = example("aokata-hospital.geojson")["geometry"]
    data.update(kind="route", area=None, corridors=[
        {"id": "a", "route": line}, {"id": "b", "route": line, "half_width_m": 30}])
    permit = aokata_permit.model_copy(update={"application": Application.model_validate(data)})
    with pytest.raises(InvalidInput, match="name one"):
        permit.to_envelope()
    env = permit.to_envelope(corridor="b")
    assert env.kind == "corridor" and env.half_width_m == 30


def test_record_has_every_field_of_the_notification_guideline(
        goto: Scenario, aokata_permit: Permit, aokata_plan: PlanMaker) -> None:
    """Kind, speed, licence number, permission number, departure and destination named,
    time en route, entry control and insurance in words."""
    from dataclasses import replace

    plan = aokata_plan("aokata-hospital.geojson")
    plan = replace(plan, pilot=replace(plan.pilot, licence_number="0000012345"))
    r = flight_plan_record(aokata_permit, plan, goto)
    assert (r["aircraft_kind"], r["speed_mps"]) == ("multirotor", plan.aircraft.profile.cruise_mps)
    assert (r["pilot_licence_number"], r["permission_number"]) == (
        "0000012345", "KIZUNA-L4-2025-0001")
    assert r["time_en_route_s"] == 300
    assert r["departure"]["name"] != r["destination"]["name"]
    first = plan.positions[0]
    assert (r["departure"]["lon"], r["departure"]["lat"]) == (round(first[0], 6),
                                                              round(first[1], 6))
    assert r["entry_control"]["means"] == "none" and not r["entry_control"]["required"]
    assert "レベル4" in r["entry_control"]["details_ja"]
    assert r["insurance"]["insured"] == bool(aokata_permit.application.insurance)
    row = records_csv([r]).splitlines()
    assert "pilot_licence_number" in row[0] and "0000012345" in row[1]


def test_other_operators_overlapping_intents_are_listed(
        goto: Scenario, aokata_permit: Permit, aokata_plan: PlanMaker) -> None:
    """An intent of another operator over the route in the window is an overlap; the
    notifying operator's own, and one later in the day, are not."""
    from datetime import timedelta

    from kizuna.permits.dips import overlapping_intents
    from kizuna.utm import AltitudeReference, OperationalIntent, corridor_volumes

    plan = aokata_plan("aokata-hospital.geojson")
    (lon0, lat0, _), (lon1, lat1, _) = plan.positions[0], plan.positions[-1]

    def intent(iid: str, owner: str, shift_h: float) -> OperationalIntent:
        t = plan.start + timedelta(hours=shift_h)
        vols = corridor_volumes([(lon0, lat0, 60.0, t), (lon1, lat1, 60.0,
                                                         t + timedelta(minutes=5))],
                                lateral_margin_m=30, vertical_margin_m=10,
                                eta_uncertainty_s=30, altitude_reference=AltitudeReference.AGL)
        return OperationalIntent(iid, owner, 0, vols)

    found = overlapping_intents(plan, goto, [intent("a", "op-other", 0.0),
                                             intent("b", "op-goto", 0.0),
                                             intent("c", "op-other", 3.0)], owner="op-goto")
    assert [f["intent_id"] for f in found] == ["a"] and found[0]["shared_area_m2"] > 0
