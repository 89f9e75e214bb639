"""Each router calls its domain package: same answers as the CLI, stored through the store."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import Api, example

from kizuna.hydrogen.caps import default_rules
from kizuna.hydrogen.check import check as check_hydrogen
from kizuna.hydrogen.contract import CheckRequest, verdict_json
from kizuna.residency.company import check_company
from kizuna.residency.contract import CheckCompanyRequest
from kizuna.residency.contract import verdict_json as company_json
from kizuna.residency.programme import default_programmes
from kizuna.risk.schema import SoraRequest
from kizuna.rules.classify import classify
from kizuna.rules.contract import ClassifyRequest

SQUARE = [[140.95, 37.70], [140.96, 37.70], [140.96, 37.71], [140.95, 37.71], [140.95, 37.70]]


def _volume(start: str = "2026-03-01T10:00:00Z", end: str = "2026-03-01T10:30:00Z"
            ) -> dict[str, Any]:
    return {"polygon": {"type": "Polygon", "coordinates": [SQUARE]}, "altitude_lower_m": 0,
            "altitude_upper_m": 120, "time_start": start, "time_end": end}


def test_fleet_round_trip_in_the_callers_organisation(api: Api) -> None:
    """Aircraft, pilots and bases created by an operator are listed back for that operator."""
    h = api.headers("op_goto")
    c = api.client
    assert c.post("/api/v1/orgs/op-goto/fleet/aircraft", headers=h, json={
        "registration": "JU0000000001", "profile_id": "pf2-cat3"}).status_code == 201
    assert c.post("/api/v1/orgs/op-goto/fleet/pilots", headers=h, json={
        "id": "p1", "name": "Sato", "licence": "first_class",
        "limitations_lifted": ["bvlos"], "licence_expiry": "2028-01-01"}).status_code == 201
    assert c.post("/api/v1/orgs/op-goto/fleet/bases", headers=h, json={
        "id": "aokata", "name": "Aokata", "lon": 129.0482, "lat": 33.0118}).status_code == 201
    aircraft = c.get("/api/v1/orgs/op-goto/fleet/aircraft", headers=h).json()
    assert [(a["registration"], a["profile_id"]) for a in aircraft] == [("JU0000000001",
                                                                         "pf2-cat3")]
    assert c.get("/api/v1/orgs/op-goto/fleet/pilots", headers=h).json()[0]["licence"] == \
        "first_class"
    assert c.get("/api/v1/orgs/op-goto/fleet/bases", headers=h).json()[0]["lat"] == 33.0118
    # An unknown profile is a 404 naming it, not a crash.
    r = c.post("/api/v1/orgs/op-goto/fleet/aircraft", headers=h, json={
        "registration": "JU0000000002", "profile_id": "no-such"})
    assert r.status_code == 404 and "no-such" in r.json()["detail"]


def test_scenario_layers_are_geojson_feature_collections(api: Api) -> None:
    """A layer is an RFC 7946 FeatureCollection of WGS84 features flagged synthetic or not."""
    h = api.headers("resident")
    names = [s["name"] for s in api.client.get("/api/v1/scenarios", headers=h).json()]
    assert names == ["goto", "minamisoma"]
    doc = api.client.get("/api/v1/scenarios/goto/layers/bases", headers=h).json()
    assert doc["type"] == "FeatureCollection" and doc["features"]
    lon, lat = doc["features"][0]["geometry"]["coordinates"]
    assert 128 < lon < 130 and 32 < lat < 34
    assert "synthetic" in doc["features"][0]["properties"]
    assert api.client.get("/api/v1/scenarios/goto/layers/nope", headers=h).status_code == 422
    assert api.client.get("/api/v1/scenarios/atlantis/summary", headers=h).status_code == 404


CLASSIFY = {"facts": {"bvlos": True}, "automatic": True, "entry_control": "camera",
            "aircraft": {"mtow_kg": 9.8, "certificate": "second_class", "onboard_camera": True,
                         "registered": True, "remote_id": True},
            "pilot": {"licence": "second_class", "limitations_lifted": ["bvlos"]},
            "operator": {"insurance": True, "flight_manual": True}}


def test_classify_gives_the_domain_verdict(api: Api) -> None:
    """The API's verdict equals kizuna.rules.classify on the same contract."""
    r = api.client.post("/api/v1/rules/classify?lang=en", json=CLASSIFY,
                        headers=api.headers("op_goto"))
    assert r.status_code == 200, r.text
    req = ClassifyRequest.model_validate(CLASSIFY)
    assert req.facts is not None
    expected = classify(req.facts, req.aircraft, req.pilot, req.operator,
                        entry_control=req.entry_control, automatic=req.automatic, lang="en")
    assert r.json() == expected.model_dump(mode="json")
    assert api.client.post("/api/v1/rules/classify", json=CLASSIFY,
                           headers=api.headers("resident")).status_code == 403


def test_sora_gives_the_domain_answer(api: Api) -> None:
    """The API's SORA result equals SoraRequest.evaluate on the same input."""
    body = {"characteristic_dimension_m": 1.2, "max_speed_mps": 20, "mass_kg": 9.8,
            "population_density": 300, "controlled_ground_area": False,
            "airspace": {"environment": "uncontrolled_rural", "above_150m_agl": False}}
    r = api.client.post("/api/v1/risk/sora", json=body, headers=api.headers("reg_nagasaki"))
    assert r.status_code == 200, r.text
    assert r.json() == SoraRequest.model_validate(body).evaluate().model_dump(mode="json")


def test_hydrogen_check_gives_the_domain_verdict(api: Api) -> None:
    """Same verdict as `kizuna hydrogen check`."""
    body = {"district": "commercial", "stored_m3": 500}
    r = api.client.post("/api/v1/hydrogen/check", json=body, headers=api.headers("op_soma"))
    assert r.status_code == 200
    expected = verdict_json(check_hydrogen(CheckRequest.model_validate(body).to_site(),
                                           default_rules()))
    assert r.json() == expected


def test_residency_check_company(api: Api) -> None:
    """A Kumamoto company check returns the domain verdict's JSON."""
    body = {"prefecture": "kumamoto", "corporate_number": "7000012050002", "registered": True,
            "listed": False, "office_prefectures": ["kumamoto"], "jsic": "E28",
            "antisocial_ties": False, "tax_arrears": False, "withholding_tax_jpy": 5_000_000,
            "financials": [{"year": 2024, "net_sales_jpy": 800_000_000,
                            "operating_profit_jpy": 12_000_000,
                            "net_assets_jpy": 150_000_000}]}
    r = api.client.post("/api/v1/residency/check-company", json=body,
                        headers=api.headers("co_kumamoto"))
    assert r.status_code == 200, r.text
    request = CheckCompanyRequest.model_validate(body)
    expected = company_json(check_company(request.to_facts(),
                                          default_programmes().get("kumamoto")))
    assert r.json() == expected


def test_intents_deconflict_and_end(api: Api) -> None:
    """A second overlapping intent is rejected naming the first; after ending, it is accepted."""
    h = api.headers("op_soma")
    first = api.client.post("/api/v1/utm/intents", json={"volumes": [_volume()]}, headers=h)
    assert first.status_code == 201 and first.json()["accepted"]
    other = api.client.post("/api/v1/utm/intents", json={"volumes": [_volume()]},
                            headers=api.headers("op_goto"))
    # Refused, counting op-soma's intent without naming it (another tenant's).
    assert other.json() == {"id": other.json()["id"], "accepted": False,
                            "conflicts": [], "other_conflicts": 1, "replan": [],
                            "others_replanned": 0}
    end = api.client.post(f"/api/v1/utm/intents/{first.json()['id']}/end", headers=h)
    assert end.json()["ended"] is True
    again = api.client.post("/api/v1/utm/intents", json={"volumes": [_volume()]},
                            headers=api.headers("op_goto"))
    assert again.json()["accepted"]


def test_operator_priority_is_capped(api: Api) -> None:
    """Priorities above the operator cap are refused naming `priority`."""
    r = api.client.post("/api/v1/utm/intents", headers=api.headers("op_soma"), json={
        "priority": api.state.settings.max_operator_priority + 1, "volumes": [_volume()]})
    assert r.status_code == 422 and r.json()["field"] == "priority"


def test_telemetry_with_api_key_drives_conformance(api: Api) -> None:
    """Reports sent with the operator's API key activate the intent, then flag a deviation."""
    h = api.headers("op_soma")
    intent = api.client.post("/api/v1/utm/intents", json={"volumes": [_volume()]},
                             headers=h).json()["id"]
    key = api.client.post("/api/v1/orgs/op-soma/api-keys", json={"name": "feed"},
                          headers=h).json()["key"]
    inside = {"time": "2026-03-01T10:01:00Z", "lon": 140.955, "lat": 37.705, "alt_m": 60}
    r = api.client.post(f"/api/v1/utm/intents/{intent}/telemetry",
                        headers={"X-API-Key": key},
                        json={"aircraft_id": "JU1", "reports": [inside]})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "Activated"
    outside = {**inside, "time": "2026-03-01T10:02:00Z", "lon": 140.99}
    r = api.client.post(f"/api/v1/utm/intents/{intent}/telemetry",
                        headers={"X-API-Key": key},
                        json={"aircraft_id": "JU1", "reports": [outside]})
    codes = [e["code"] for e in r.json()["events"]]
    assert "UTM-NONCONFORMING" in codes
    events = api.client.get(f"/api/v1/utm/intents/{intent}/events", headers=h).json()
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["code"] == "UTM-ACTIVATED"
    # Another operator's key cannot feed this flight.
    other = api.client.post("/api/v1/orgs/op-goto/api-keys", json={"name": "feed"},
                            headers=api.headers("op_goto")).json()["key"]
    r = api.client.post(f"/api/v1/utm/intents/{intent}/telemetry",
                        headers={"X-API-Key": other},
                        json={"aircraft_id": "JU1", "reports": [inside]})
    assert r.status_code in (403, 404)


def test_permit_approval_by_the_prefectures_regulator(api: Api) -> None:
    """Operator drafts and submits; only a regulator of Fukushima approves, with conditions."""
    application = example("kashima-application.json")
    h = api.headers("op_soma")
    base = f"/api/v1/orgs/op-soma/permits/applications/{application['id']}"
    assert api.client.post("/api/v1/orgs/op-soma/permits/applications", json=application,
                           headers=h).status_code == 201
    assert api.client.post(f"{base}/submit", headers=h).json()["state"] == "submitted"
    decision = {"number": "MLIT-2025-0001", "on": "2025-12-01",
                "conditions": [{"name": "no_night"},
                               {"name": "max_altitude_agl", "value_m": 120}]}
    refused = api.client.post(f"{base}/approve", json=decision,
                              headers=api.headers("reg_nagasaki"))
    assert refused.status_code in (403, 404)
    r = api.client.post(f"{base}/approve", json=decision, headers=api.headers("reg_fukushima"))
    assert r.status_code == 200, r.text
    permit = r.json()["record"]["versions"][-1]["permit"]
    assert permit["number"] == "MLIT-2025-0001"
    assert [c["name"] for c in permit["conditions"]] == ["no_night", "max_altitude_agl"]


@pytest.mark.parametrize("who", ["reg_fukushima", "zone_office"])
def test_emergency_airspace_toggle(api: Api, who: str) -> None:
    """A regulator of the prefecture activates and deactivates; everyone sees the active ones."""
    r = api.client.post("/api/v1/emergency-airspace", headers=api.headers(who), json={
        "prefecture": "fukushima", "name": "wildfire",
        "area": {"type": "Polygon", "coordinates": [SQUARE]}})
    assert r.status_code == 201, r.text
    ea = r.json()["id"]
    seen = api.client.get("/api/v1/emergency-airspace", headers=api.headers("op_goto")).json()
    assert [e["id"] for e in seen] == [ea]
    assert api.client.post(f"/api/v1/emergency-airspace/{ea}/deactivate",
                           headers=api.headers("reg_nagasaki")).status_code == 403
    assert api.client.post(f"/api/v1/emergency-airspace/{ea}/deactivate",
                           headers=api.headers(who)).json()["active"] is False
    assert api.client.get("/api/v1/emergency-airspace",
                          headers=api.headers("op_goto")).json() == []


def _vertices(doc: dict[str, Any]) -> int:
    def count(c: Any) -> int:
        return 1 if isinstance(c[0], (int, float)) else sum(count(x) for x in c)
    return sum(count(f["geometry"]["coordinates"]) for f in doc["features"])


def test_layers_by_zoom_are_simplified_within_the_budget(api: Api) -> None:
    """At a low zoom the coast has fewer vertices than at a high one, no answer exceeds the
    budget, the features and their properties stay, and a zoom out of range is a 422."""
    from kizuna.api.routers.scenarios import LAYER_BUDGET_BYTES, simplify_tolerance_m

    h = api.headers("resident")
    url = "/api/v1/scenarios/goto/layers/land"
    full = api.client.get(url, headers=h).json()
    by_zoom = {z: api.client.get(f"{url}?zoom={z}", headers=h) for z in (6, 10, 14, 22)}
    for r in by_zoom.values():
        assert r.status_code == 200 and len(r.content) <= LAYER_BUDGET_BYTES
        assert [f["properties"] for f in r.json()["features"]] == \
            [f["properties"] for f in full["features"]]
    v = {z: _vertices(r.json()) for z, r in by_zoom.items()}
    assert v[6] < v[10] < v[14] <= v[22] <= _vertices(full)
    # A quarter pixel at zoom 10 at Goto's latitude: 40,075 km x cos 32.7 deg / (512 x 2^10) / 4.
    assert simplify_tolerance_m(10, 32.7) == pytest.approx(16.0, rel=0.05)
    for bad in ("-1", "23", "x"):
        r = api.client.get(f"{url}?zoom={bad}", headers=h)
        assert r.status_code == 422 and "zoom" in r.text
