"""The pre-flight check of a planned order over HTTP: Kizuna's findings, the pilot's
confirmation, the measured wind, and what the launch gate is told is missing."""

from __future__ import annotations

from typing import Any

from api_support import Api, planned_order, preflight_passed

from kizuna.dispatch.preflight import PREFLIGHT_ITEMS
from kizuna.utm.records import checklist

ALL = [{"item": i, "confirmed": True} for i in PREFLIGHT_ITEMS]


def _inspect(api: Api, result: str = "pass") -> None:
    r = api.client.post("/api/v1/orgs/op-goto/daily-inspections", headers=api.headers("op_goto"),
                        json={"registration": "JUGOTO000001", "date": "2025-12-01",
                              "place": "Aokata", "inspector": "Pilot Goto 1",
                              "items": [{"item": i.id, "result": result}
                                        for i in checklist("multirotor")]})
    assert r.status_code == 201, r.text


def _confirm(api: Api, oid: str, wind: float | None, items: list[dict[str, Any]] = ALL,
             user: str = "op_goto") -> Any:
    return api.client.post(f"/api/v1/orgs/op-goto/orders/{oid}/preflight",
                           headers=api.headers(user), json={"wind_mps": wind, "items": items})


def test_kizuna_fills_the_checklist_and_the_pilot_confirms_it(api: Api) -> None:
    """Before the daily inspection the aircraft item is found wanting and the wind is not
    measured; after it, a measured wind within the limits and every item confirmed pass."""
    oid = planned_order(api)
    r = api.client.get(f"/api/v1/orgs/op-goto/orders/{oid}/preflight",
                       headers=api.headers("op_goto"))
    assert r.status_code == 200, r.text
    found = {i["item"]: i["found_ok"] for i in r.json()["items"]}
    assert list(found) == list(PREFLIGHT_ITEMS)
    assert found == {"aircraft": False, "battery": True, "links_gnss": True, "weather": False,
                     "airspace": True}
    assert r.json()["latest"] is None and r.json()["wind_limit_mps"] > 0
    assert _confirm(api, oid, 3.0).json()["missing"] == ["aircraft"]
    _inspect(api)
    done = _confirm(api, oid, 3.0).json()
    assert done["passed"] and done["missing"] == [] and done["wind_mps"] == 3.0
    latest = api.client.get(f"/api/v1/orgs/op-goto/orders/{oid}/preflight",
                            headers=api.headers("op_goto")).json()["latest"]
    assert latest["passed"] and latest["confirmed_by"].startswith("user:")


def test_unmeasured_or_excess_wind_and_unconfirmed_items_are_missing(api: Api) -> None:
    """No wind, a wind above the limit, an item the pilot did not confirm: each is named."""
    oid = planned_order(api)
    _inspect(api)
    limit = api.client.get(f"/api/v1/orgs/op-goto/orders/{oid}/preflight",
                           headers=api.headers("op_goto")).json()["wind_limit_mps"]
    assert _confirm(api, oid, None).json()["missing"] == ["weather"]
    assert _confirm(api, oid, limit + 1).json()["missing"] == ["weather"]
    partial = [dict(i, confirmed=i["item"] != "links_gnss") for i in ALL]
    assert _confirm(api, oid, 3.0, partial).json()["missing"] == ["links_gnss"]


def test_bad_preflight_input_is_named_and_tenancy_holds(api: Api) -> None:
    """An unknown item is a 422 naming items.<k>.item; another operator gets 404 (not
    disclosed), as for an order that is not found."""
    oid = planned_order(api)
    r = _confirm(api, oid, 3.0, [{"item": "aircraft", "confirmed": True},
                                 {"item": "horoscope", "confirmed": True}])
    assert r.status_code == 422 and r.json()["field"] == "items.1.item"
    r = _confirm(api, oid, -1.0)
    assert r.status_code == 422
    assert _confirm(api, oid, 3.0, user="op_soma").status_code == 404  # not theirs to know
    r = api.client.post(f"/api/v1/orgs/op-soma/orders/{oid}/preflight",
                        headers=api.headers("op_soma"), json={"wind_mps": 3, "items": ALL})
    assert r.status_code == 404


def test_a_launch_needs_a_passed_check_of_its_flight(api: Api) -> None:
    """No check: 409 naming every item; a check whose wind was not measured: 409 naming the
    weather; a passed check: the flight takes off, judged at the measured wind."""
    oid = planned_order(api)

    def launch() -> Any:
        return api.client.post(f"/api/v1/orders/{oid}/launch?lang=en",
                               headers=api.headers("op_goto"))

    r = launch()
    assert r.status_code == 409 and "PREFLIGHT" in r.json()["detail"]
    assert all(item in r.json()["detail"] for item in PREFLIGHT_ITEMS)
    _inspect(api)
    _confirm(api, oid, None)
    r = launch()
    assert r.status_code == 409 and "weather" in r.json()["detail"]
    assert "aircraft" not in r.json()["detail"]
    preflight_passed(api, oid, wind_mps=2.5)
    r = launch()
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "in_flight" and r.json()["flight"]["wind_mps"] == 2.5
