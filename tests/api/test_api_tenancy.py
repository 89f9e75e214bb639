"""Cross-tenant matrix: every role against another tenant's objects gets 403 or 404.

The objects belong to ``op-soma`` (an operator in Fukushima) and ``co-miyagi`` (a residency
company in Miyagi). Each object is first reached by someone entitled to it (so a broken route
cannot pass as "denied"), then by every other user.
"""

from __future__ import annotations

from typing import Any

import pytest
from api_support import CORP_MIYAGI, USERS, Api, example, seed_certification

AREA = {"type": "Polygon", "coordinates": [[[140.95, 37.70], [140.97, 37.70], [140.97, 37.71],
                                            [140.95, 37.71], [140.95, 37.70]]]}
VOLUME = {"polygon": AREA, "altitude_lower_m": 0, "altitude_upper_m": 120,
          "time_start": "2026-03-01T10:00:00Z", "time_end": "2026-03-01T10:30:00Z"}


def _world(api: Api) -> dict[str, Any]:
    """Objects of op-soma and co-miyagi, created by their owners."""
    owner = api.headers("op_soma")
    c = api.client
    assert c.post("/api/v1/orgs/op-soma/fleet/pilots", headers=owner,
                  json={"id": "p1", "name": "Pilot One"}).status_code == 201
    application = example("kashima-application.json")
    r = c.post("/api/v1/orgs/op-soma/permits/applications", headers=owner, json=application)
    assert r.status_code == 201, r.text
    app_id = application["id"]
    assert c.post(f"/api/v1/orgs/op-soma/permits/applications/{app_id}/submit",
                  headers=owner).status_code == 200
    draft = {**application, "id": "kashima-draft"}
    assert c.post("/api/v1/orgs/op-soma/permits/applications", headers=owner,
                  json=draft).status_code == 201
    r = c.post("/api/v1/utm/intents", headers=owner, json={"volumes": [VOLUME]})
    assert r.status_code == 201 and r.json()["accepted"], r.text
    intent = r.json()["id"]
    seed_certification(api.state, "cert-miyagi-1", "co-miyagi", "miyagi", CORP_MIYAGI)
    return {"app": app_id, "draft": "kashima-draft", "intent": intent}


#: (method, path template, body, users entitled besides the owner)
ENDPOINTS: list[tuple[str, str, Any, set[str]]] = [
    ("GET", "/api/v1/orgs/op-soma/fleet/pilots", None,
     {"op_soma", "reg_fukushima", "zone_office", "admin"}),
    ("POST", "/api/v1/orgs/op-soma/fleet/pilots", {"id": "px", "name": "Intruder"},
     {"op_soma", "admin"}),
    ("GET", "/api/v1/orgs/op-soma/fleet/aircraft", None,
     {"op_soma", "reg_fukushima", "zone_office", "admin"}),
    ("GET", "/api/v1/orgs/op-soma/permits/applications/{app}", None,
     {"op_soma", "reg_fukushima", "zone_office", "admin"}),
    ("POST", "/api/v1/orgs/op-soma/permits/applications/{draft}/submit", None,
     {"op_soma", "admin"}),
    ("POST", "/api/v1/orgs/op-soma/permits/applications/{app}/reject", {"reasons": ["no"]},
     {"reg_fukushima", "zone_office"}),
    ("GET", "/api/v1/utm/intents/{intent}", None,
     {"op_soma", "reg_fukushima", "zone_office", "admin"}),
    ("GET", "/api/v1/utm/intents/{intent}/events", None,
     {"op_soma", "reg_fukushima", "zone_office", "admin"}),
    ("POST", "/api/v1/utm/intents/{intent}/telemetry",
     {"aircraft_id": "JU1", "reports": [{"time": "2026-03-01T10:01:00Z", "lon": 140.96,
                                         "lat": 37.705, "alt_m": 60}]},
     {"op_soma", "admin"}),
    ("POST", "/api/v1/utm/intents/{intent}/end", None, {"op_soma", "admin"}),
    ("GET", "/api/v1/residency/certifications/cert-miyagi-1", None,
     {"co_miyagi", "officer_miyagi", "immigration"}),
    ("POST", "/api/v1/orgs/op-soma/api-keys", {"name": "stolen"}, {"op_soma", "admin"}),
]


@pytest.mark.parametrize(("method", "template", "body", "entitled"), ENDPOINTS,
                         ids=[f"{m} {t}" for m, t, _b, _e in ENDPOINTS])
def test_every_other_role_is_denied(api: Api, method: str, template: str, body: Any,
                                    entitled: set[str]) -> None:
    """Users not entitled get 403/404; the entitled ones are not refused."""
    ids = _world(api)
    path = template.format(**ids)
    for username in USERS:
        if username in entitled:
            continue
        r = api.client.request(method, path, json=body, headers=api.headers(username))
        assert r.status_code in (403, 404), f"{username}: {r.status_code} {r.text}"
    # One entitled user gets through (kept last: some calls change state).
    who = sorted(entitled)[0]
    r = api.client.request(method, path, json=body, headers=api.headers(who))
    assert r.status_code < 400, f"{who}: {r.status_code} {r.text}"


def test_lists_show_only_what_the_caller_may_see(api: Api) -> None:
    """Intent lists and the review queue are filtered by tenant and jurisdiction."""
    ids = _world(api)
    c = api.client

    def intents(user: str) -> list[str]:
        return [i["id"] for i in c.get("/api/v1/utm/intents", headers=api.headers(user)).json()]

    assert ids["intent"] in intents("op_soma")
    assert ids["intent"] in intents("reg_fukushima")
    assert ids["intent"] in intents("zone_office")
    assert ids["intent"] not in intents("op_goto")
    assert ids["intent"] not in intents("reg_nagasaki")

    def queue(user: str) -> list[str]:
        r = c.get("/api/v1/permits/applications?state=submitted", headers=api.headers(user))
        return [a["record"]["versions"][0]["application"]["id"] for a in r.json()]

    assert queue("reg_fukushima") == [ids["app"]]
    assert queue("zone_office") == [ids["app"]]
    assert queue("reg_nagasaki") == []


@pytest.mark.parametrize("org", ["op-soma", "no-such-org"])
def test_another_or_unknown_organisation_answer_alike(api: Api, org: str) -> None:
    """An operator cannot tell another organisation from one that does not exist: both 404
    with the same shape of message."""
    r = api.client.get(f"/api/v1/orgs/{org}/fleet/pilots", headers=api.headers("op_goto"))
    assert r.status_code == 404
    assert r.json()["detail"] == f"unknown organisation {org!r}"
