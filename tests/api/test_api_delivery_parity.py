"""Parity: for the same world, order and clock, the service (plan and launch through the API)
and the simulation (its launch path, :func:`kizuna.sim.flights.launch_decision`) plan the same
flight and get the same gate decision, refusals included. Property-based over the clock, the
drop spot, the parcel and the wind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import hypothesis
import pytest
from api_support import PASSWORD, Api, example
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kizuna.api.emergency import live_scenario
from kizuna.api.services.delivery import _risk, land, stored_flight
from kizuna.dispatch import (
    DispatchSettings,
    DropSpot,
    PilotState,
    flight_to_json,
    plan_leg_or_raise,
)
from kizuna.energy import usable_battery_wh
from kizuna.permits import approve, new_record, submit
from kizuna.permits.permit import parse_permit
from kizuna.scenario import load
from kizuna.sim.flights import launch_decision
from kizuna.store import FleetRepository
from kizuna.store.orders import DropSpotRow, OrderStore
from kizuna.utm import InMemoryAirspace

#: Inside the Aokata permit area (its hospital site) and a second Aokata spot.
SPOTS = {"hospital": (129.06196, 33.00303), "harbour": (129.05, 33.01)}
DAY_0900_JST = datetime(2025, 12, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def world(api: Api) -> Api:
    """op-goto with the Aokata permit, JUGOTO000001 and goto-p1 at Aokata, two spots."""
    sc = load("goto")
    craft = next(a for a in sc.aircraft if a.registration == "JUGOTO000001")
    pilot = next(p for p in sc.pilots if p.id == "goto-p1")
    with api.state.sessions.begin() as s:
        fleet = FleetRepository(s, "op-goto")
        fleet.save_profile(craft.profile)
        fleet.save_aircraft(craft)
        fleet.save_pilot(pilot)
        fleet.save_base(sc.base("aokata"))
    aokata = parse_permit(example("aokata-permit.json"))
    api.state.permits.add("op-goto", "nagasaki", approve(
        submit(new_record(aokata.application)), aokata.number, aokata.approved_on,
        aokata.conditions, aokata.notes))
    store = OrderStore(api.state.sessions, api.clock)
    store.set_status("JUGOTO000001", "op-goto", "aokata", 1.0, "idle")
    me = api.state.accounts.authenticate("resident", PASSWORD)
    assert me is not None
    for name, (lon, lat) in SPOTS.items():
        store.save_drop_spot(DropSpotRow(
            id=name, organisation_id="op-goto", prefecture="nagasaki", scenario="goto",
            settlement_id="aokata", base_id="aokata", name=name, name_ja=name, lon=lon,
            lat=lat, coverage_kg=[2.0], typical_out_s=300.0))
        store.register(me.id, name, name)
    return api


def _simulation(api: Api, stored: dict[str, Any], spot: str, at: datetime) -> Any:
    """The simulation's launch path for the same aircraft, pilot, spot and clock."""
    state = api.state
    sc = live_scenario(state, "goto")
    perm = [p.record.permit() for p in state.permits.for_organisation("op-goto")]
    permits = [p for p in perm if p is not None]
    with state.sessions() as s:
        repo = FleetRepository(s, "op-goto")
        craft = next(a for a in repo.aircraft() if a.registration == stored["registration"])
        pilot = next(p for p in repo.pilots() if p.id == stored["pilot_id"])
    lon, lat = SPOTS[spot]
    leg = plan_leg_or_raise(sc, craft, sc.base("aokata"), DropSpot(spot, "aokata", lon, lat),
                            at, _risk("goto", craft.profile.id), permits=permits)
    soc = OrderStore(state.sessions, api.clock).statuses("op-goto")["JUGOTO000001"].soc
    return launch_decision(stored["id"], leg, aircraft=craft, pilot=PilotState(pilot),
                           departure=at, wind_mps=stored["wind_mps"],
                           battery_wh=soc * usable_battery_wh(craft.profile), scenario=sc,
                           permits=permits, settings=DispatchSettings(),
                           airspace=InMemoryAirspace(), slot_search=None, owner="op-goto")


@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(minutes=st.integers(0, 10 * 60), spot=st.sampled_from(sorted(SPOTS)),
       kg=st.sampled_from([0.2, 0.5, 0.9]), wind=st.sampled_from([None, 3.0, 12.0]))
@hypothesis.example(minutes=480, spot="hospital", kg=0.5, wind=None)  # 17:00 JST: after the window
def test_service_and_simulation_agree(world: Api, minutes: int, spot: str, kg: float,
                                      wind: float | None) -> None:
    """Same planned flight (every stored field) and same gate codes, at plan and at launch."""
    api = world
    api.clock.at = DAY_0900_JST + timedelta(minutes=minutes)
    api._tokens.clear()  # signed in on this clock
    r = api.client.post("/api/v1/orders", headers=api.headers("resident"),
                        json={"items": [{"kind": "medicine", "weight_kg": kg}],
                              "drop_spot_id": spot, "when": "asap"})
    assert r.status_code == 201, r.text
    oid = r.json()["id"]
    r = api.client.post(f"/api/v1/orders/{oid}/plan", headers=api.headers("op_goto"),
                        json={"wind_mps": wind, "lang": "en"})
    assert r.status_code == 200, r.text
    stored = OrderStore(api.state.sessions, api.clock).get(oid).flight
    assert stored is not None
    departure = datetime.fromisoformat(stored["departure"])
    sim = _simulation(api, stored, spot, departure)
    assert {k: stored[k] for k in flight_to_json(sim.flight)} == flight_to_json(sim.flight)
    assert [x["code"] for x in stored["refusals"]] == list(sim.codes)
    assert stored["ok"] is sim.cleared
    if minutes == 480:
        assert "PERMIT_TIME_WINDOW" in sim.codes

    # At take-off: the service's launch and the simulation's gate, same clock, same airspace.
    api.clock.at = departure
    api._tokens.clear()
    sim = _simulation(api, stored, spot, departure)
    # The pilot's pre-flight check first (issue 17), with the wind measured on site: the
    # plan's, or calm when the plan had none (a launch never assumes one).
    check = _preflight(api, oid, stored["registration"], 0.0 if wind is None else wind)
    r = api.client.post(f"/api/v1/orders/{oid}/launch?lang=en", headers=api.headers("op_goto"))
    if not check["passed"]:  # e.g. the wind above the limits: both refuse the take-off
        assert r.status_code == 409 and "PREFLIGHT" in r.text and not sim.cleared, r.text
        return
    assert r.status_code == (200 if sim.cleared else 409), r.text
    order = api.client.get(f"/api/v1/orders/{oid}", headers=api.headers("op_goto")).json()
    assert [x["code"] for x in order["flight"]["refusals"]] == list(sim.codes)
    for code in sim.codes:
        assert code in r.text
    if sim.cleared:  # land it, so the next example starts from an idle aircraft and pilot
        done = OrderStore(api.state.sessions, api.clock).get(oid)
        land(api.state, done, stored_flight(done), order["flight"]["intent_id"],
             departure + timedelta(seconds=stored["mission_s"]))


def _preflight(api: Api, oid: str, registration: str, wind: float) -> dict[str, Any]:
    """Today's daily inspection of the aircraft and the pilot's confirmed pre-flight check."""
    from kizuna.dispatch.preflight import PREFLIGHT_ITEMS
    from kizuna.store.flight_log import JST
    from kizuna.utm.records import checklist

    h = api.headers("op_goto")
    kind = api.client.get(f"/api/v1/orgs/op-goto/records/checklist?registration={registration}",
                          headers=h).json()["kind"]
    r = api.client.post("/api/v1/orgs/op-goto/daily-inspections", headers=h, json={
        "registration": registration, "date": api.clock.at.astimezone(JST).date().isoformat(),
        "place": "base", "inspector": "pilot",
        "items": [{"item": i.id, "result": "pass"} for i in checklist(kind)]})
    assert r.status_code == 201, r.text
    r = api.client.post(f"/api/v1/orgs/op-goto/orders/{oid}/preflight", headers=h, json={
        "wind_mps": wind, "items": [{"item": i, "confirmed": True} for i in PREFLIGHT_ITEMS]})
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out
