"""Emergency airspace a regulator activates through the API reaches planning, classification
and the permit check; deactivating it lets the flight go again."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import Api, planned_order, preflight_passed

from kizuna.api.emergency import live_scenario

#: The hospital site of the Aokata permit examples, inside the permit area.
SPOT = (129.06196, 33.00303)
#: Round the Aokata base and the hospital site: every route between them meets it.
FIRE = {"type": "Polygon", "coordinates": [[[129.044, 32.999], [129.068, 32.999],
                                            [129.068, 33.016], [129.044, 33.016],
                                            [129.044, 32.999]]]}


@pytest.fixture
def planned(api: Api) -> tuple[Api, str]:
    """The resident's order to the Aokata hospital site, planned (api_support.planned_order)."""
    oid = planned_order(api)
    preflight_passed(api, oid)  # before the fire: the launch then meets the emergency airspace
    return api, oid


def _plan(api: Api, oid: str) -> Any:
    return api.client.post(f"/api/v1/orders/{oid}/plan", headers=api.headers("op_goto"),
                           json={"wind_mps": 4, "lang": "en"})


def _launch(api: Api, oid: str) -> Any:
    return api.client.post(f"/api/v1/orders/{oid}/launch?lang=en",
                           headers=api.headers("op_goto"))


def _activate(api: Api) -> str:
    r = api.client.post("/api/v1/emergency-airspace", headers=api.headers("reg_nagasaki"),
                        json={"prefecture": "nagasaki", "name": "Forest fire", "area": FIRE})
    assert r.status_code == 201, r.text
    ident: str = r.json()["id"]
    return ident


def test_emergency_airspace_refuses_launch_and_plan(planned: tuple[Api, str]) -> None:
    """Activated over the planned route: launch 409 (EMERGENCY_AIRSPACE, A-EMERGENCY) and no
    new plan; deactivated: the same flight launches."""
    api, oid = planned
    ident = _activate(api)
    r = _launch(api, oid)
    assert r.status_code == 409
    assert "EMERGENCY_AIRSPACE" in r.json()["detail"]
    assert "A-EMERGENCY" in r.json()["detail"]
    r = api.client.get(f"/api/v1/orders/{oid}", headers=api.headers("op_goto"))
    flight = r.json()["flight"]
    assert flight["ok"] is False
    assert [v["code"] for v in flight["permit_check"]["violations"]] == ["EMERGENCY_AIRSPACE"]
    assert "A-EMERGENCY" in [v["code"] for v in flight["classification"]["violations"]]
    r = _plan(api, oid)
    assert r.status_code == 409
    assert "emergency airspace" in r.json()["detail"]

    r = api.client.post(f"/api/v1/emergency-airspace/{ident}/deactivate",
                        headers=api.headers("reg_nagasaki"))
    assert r.status_code == 200 and r.json()["active"] is False
    r = _launch(api, oid)
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "in_flight"


def test_rules_classify_sees_activated_airspace(planned: tuple[Api, str]) -> None:
    """POST /rules/classify with a route derives A-EMERGENCY only while it is active."""
    api, _oid = planned
    body = {"scenario": "goto", "entry_control": "none", "automatic": True,
            "special_zone": True, "start_time": "2025-12-01T10:40:00+09:00",
            "route": {"type": "LineString", "coordinates": [[129.048, 33.012, 60],
                                                            [*SPOT, 60]]},
            "aircraft": {"mtow_kg": 10, "certificate": "first_class", "registered": True,
                         "remote_id": True, "onboard_camera": True}}

    def codes() -> list[str]:
        r = api.client.post("/api/v1/rules/classify?lang=en",
                            headers=api.headers("op_goto"), json=body)
        assert r.status_code == 200, r.text
        return [v["code"] for v in r.json()["violations"]]

    assert "A-EMERGENCY" not in codes()
    ident = _activate(api)
    assert "A-EMERGENCY" in codes()
    api.client.post(f"/api/v1/emergency-airspace/{ident}/deactivate",
                    headers=api.headers("reg_nagasaki"))
    assert "A-EMERGENCY" not in codes()


def test_live_scenario_is_cached_by_the_active_records(planned: tuple[Api, str]) -> None:
    """The same object while nothing changes; the bundled one when nothing is active."""
    api, _oid = planned
    bundled = live_scenario(api.state, "goto")
    assert bundled.emergency_airspace == ()
    ident = _activate(api)
    first = live_scenario(api.state, "goto")
    assert [e.id for e in first.emergency_airspace] == [ident]
    assert live_scenario(api.state, "goto") is first
    api.client.post(f"/api/v1/emergency-airspace/{ident}/deactivate",
                    headers=api.headers("reg_nagasaki"))
    assert live_scenario(api.state, "goto") is bundled
