"""Tests for /api/v1/talent: roles and tenancy, compare-and-set, the forecast and scenarios."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from api_support import PASSWORD, Api

from kizuna.store import Organisation, OrganisationRepository
from kizuna.store.accounts import AccountRole
from kizuna.store.residency import CoeCaseRow
from kizuna.talent.contract import ForecastRequest, forecast_json
from kizuna.talent.forecast import forecast

T = "/api/v1/talent"


def _programme(pid: str = "ku-device", prefecture: str = "kumamoto", seats: int = 20,
               **extra: Any) -> dict[str, Any]:
    return {"programme": {"id": pid, "prefecture": prefecture, "kind": "university",
                          "role": "engineer", "seats": seats, "first_graduates": 2027,
                          "semiconductor_share": 0.5, "stay_share": 0.5},
            "name_en": "Device engineering", "source": "test", **extra}


def _hub_office(api: Api) -> dict[str, str]:
    """A regulator of the industrial-hub zone office (Miyagi and Kumamoto)."""
    with api.state.sessions.begin() as s:
        OrganisationRepository(s).add(Organisation("hub-office", "Hub office", "prefecture"))
    api.state.accounts.set_prefecture("hub-office", "zone-industrial-hub")
    api.state.accounts.add_user("hub_office", PASSWORD, AccountRole.REGULATOR,
                                organisation_id="hub-office")
    return api.headers("hub_office")


def _granted_case(api: Api, case_id: str, prefecture: str, decided: date) -> None:
    """A granted CoE case row (only what the count reads; no personal data)."""
    org = f"co-{prefecture}"
    with api.state.sessions.begin() as s:
        s.add(CoeCaseRow(case_id=case_id, organisation_id=org, prefecture=prefecture,
                         corporate_number="7000012050002", state="granted",
                         filed_on=decided, decided_on=decided, employer={}, job={},
                         requests=[], statistics={}))


def test_officer_edits_own_prefecture_only(api: Api) -> None:
    """Kumamoto's officer creates a programme; Miyagi's officer and companies may not."""
    url = f"{T}/kumamoto/programmes/ku-device"
    r = api.client.put(url, json=_programme(), headers=api.headers("officer_kumamoto"))
    assert r.status_code == 200, r.text
    assert (r.json()["version"], r.json()["yearly"]) == (1, 5.0)
    for user in ("officer_miyagi", "co_kumamoto", "zone_office", "admin"):
        r = api.client.put(url, json=_programme(expected_version=1), headers=api.headers(user))
        assert r.status_code == 403, (user, r.text)
    assert api.client.put(url, json=_programme(), headers=api.headers("resident")).status_code \
        == 403


def test_zone_office_reads_both_prefectures(api: Api) -> None:
    """The industrial-hub office reads Kumamoto and Miyagi; the other zone's office neither."""
    api.client.put(f"{T}/kumamoto/programmes/ku-device", json=_programme(),
                   headers=api.headers("officer_kumamoto"))
    hub = _hub_office(api)
    assert [p["id"] for p in api.client.get(f"{T}/kumamoto/programmes",
                                            headers=hub).json()] == ["ku-device"]
    assert api.client.get(f"{T}/miyagi/programmes", headers=hub).json() == []
    assert {p["prefecture"] for p in api.client.get(f"{T}/prefectures",
                                                    headers=hub).json()} == {"kumamoto",
                                                                             "miyagi"}
    other = api.headers("zone_office")  # the new-technology zone (Fukushima, Nagasaki)
    assert api.client.get(f"{T}/kumamoto/programmes", headers=other).status_code == 403
    assert api.client.get(f"{T}/kumamoto/forecast", headers=other).status_code == 403
    assert api.client.get(f"{T}/miyagi/programmes",
                          headers=api.headers("officer_kumamoto")).status_code == 403


def test_companies_enter_and_see_only_their_own_plans(api: Api) -> None:
    """A company's plan is named after it; another company never sees it; the officer does."""
    r = api.client.post(f"{T}/kumamoto/plans", json={"year": 2027, "role": "technician",
                                                      "hires": 30},
                        headers=api.headers("co_kumamoto"))
    assert r.status_code == 201, r.text
    assert (r.json()["organisation_id"], r.json()["employer"]) == ("co-kumamoto", "co-kumamoto")
    plan_id = r.json()["id"]
    assert api.client.get(f"{T}/kumamoto/plans",
                          headers=api.headers("co_miyagi")).json() == []
    assert [p["id"] for p in api.client.get(f"{T}/kumamoto/plans",
                                            headers=api.headers("officer_kumamoto")).json()] \
        == [plan_id]
    # Another prefecture's plans, and deleting another's plan, are refused.
    assert api.client.post(f"{T}/miyagi/plans", json={"year": 2027, "role": "engineer",
                                                      "hires": 1},
                           headers=api.headers("co_kumamoto")).status_code == 403
    assert api.client.delete(f"{T}/kumamoto/plans/{plan_id}",
                             headers=api.headers("co_miyagi")).status_code == 404
    assert api.client.delete(f"{T}/kumamoto/plans/{plan_id}",
                             headers=api.headers("officer_kumamoto")).status_code == 403
    assert api.client.delete(f"{T}/kumamoto/plans/{plan_id}",
                             headers=api.headers("co_kumamoto")).status_code == 204
    # A company reads no programme register or forecast.
    assert api.client.get(f"{T}/kumamoto/forecast",
                          headers=api.headers("co_kumamoto")).status_code == 403


def test_programme_changes_are_compare_and_set(api: Api) -> None:
    """Two saves from version 1: the first wins, the second is refused with 409."""
    h = api.headers("officer_kumamoto")
    url = f"{T}/kumamoto/programmes/ku-device"
    api.client.put(url, json=_programme(), headers=h)
    first = api.client.put(url, json=_programme(seats=30, expected_version=1), headers=h)
    second = api.client.put(url, json=_programme(seats=40, expected_version=1), headers=h)
    assert (first.status_code, first.json()["version"]) == (200, 2)
    assert second.status_code == 409
    assert api.client.put(url, json=_programme(), headers=h).status_code == 409  # exists
    assert api.client.get(f"{T}/kumamoto/programmes", headers=h).json()[0]["seats"] == 30


@pytest.mark.parametrize(("body", "field"), [
    (lambda p: p["programme"].update(stay_share=1.5), "programme.stay_share"),
    (lambda p: p["programme"].update(seats=-1), "programme.seats"),
    (lambda p: p["programme"].update(kind="cram_school"), "programme.kind"),
    (lambda p: p.update(colour="red"), "colour"),
    (lambda p: p["programme"].update(prefecture="miyagi"), "programme.prefecture"),
])
def test_bad_programmes_are_422_naming_the_field(api: Api, body: Any, field: str) -> None:
    """Bad input is a 4xx that names the field, never a 500."""
    doc = _programme()
    body(doc)
    r = api.client.put(f"{T}/kumamoto/programmes/ku-device", json=doc,
                       headers=api.headers("officer_kumamoto"))
    assert r.status_code == 422, r.text
    assert field in json.dumps(r.json())


def test_unknown_prefecture_is_404(api: Api) -> None:
    """A prefecture outside the talent model is not found."""
    r = api.client.get(f"{T}/fukushima/programmes", headers=api.headers("admin"))
    assert r.status_code == 404


def test_forecast_counts_granted_coes_and_compares_a_scenario(api: Api) -> None:
    """Two grants in 2026 are foreign engineers; 20 more seats from 2028 close 5 a year."""
    h = api.headers("officer_kumamoto")
    api.client.put(f"{T}/kumamoto/programmes/ku-device", json=_programme(), headers=h)
    for year in (2026, 2027):
        assert api.client.post(f"{T}/kumamoto/plans", json={
            "year": year, "role": "engineer", "hires": 100, "employer": "JASM"},
            headers=h).status_code == 201
    assert api.client.post(f"{T}/kumamoto/foreign", json={"year": 2027, "role": "engineer",
                                                          "people": 3},
                           headers=h).status_code == 201
    _granted_case(api, "c1", "kumamoto", date(2026, 4, 1))
    _granted_case(api, "c2", "kumamoto", date(2026, 9, 1))
    _granted_case(api, "c3", "miyagi", date(2026, 9, 1))  # another prefecture's grant
    r = api.client.put(f"{T}/kumamoto/scenarios/more-seats", json={
        "name": "20 more seats", "levers": [{"kind": "add_seats", "programme_id": "ku-device",
                                             "from_year": 2028, "seats": 20}]}, headers=h)
    assert r.status_code == 200, r.text
    r = api.client.get(f"{T}/kumamoto/forecast?from_year=2026&to_year=2028&scenario=more-seats",
                       headers=h)
    assert r.status_code == 200, r.text
    doc = r.json()
    rows = [(y["year"], y["base"]["demand"], y["base"]["foreign"], y["base"]["gap"],
             y["scenario"]["gap"], y["gap_closed"]) for y in doc["years"]]
    assert rows == [(2026, 100, 2, 98.0, 98.0, 0.0),  # 2 granted CoEs, no graduates yet
                    (2027, 100, 3, 92.0, 92.0, 0.0),  # 5 graduates + 3 planned
                    (2028, 0, 0, -5.0, -10.0, 5.0)]
    assert doc["foreign"][:2] == [{"year": 2026, "fast_track": 2, "planned": 0},
                                  {"year": 2027, "fast_track": 0, "planned": 3}]
    hub = _hub_office(api)
    assert api.client.get(f"{T}/kumamoto/forecast?scenario=more-seats",
                          headers=hub).status_code == 200
    assert api.client.put(f"{T}/kumamoto/scenarios/x", json={"name": "x", "levers": []},
                          headers=hub).status_code == 403


def test_scenario_levers_must_apply(api: Api) -> None:
    """A lever naming a missing programme is 404; a share above 1 is 422."""
    h = api.headers("officer_kumamoto")
    api.client.put(f"{T}/kumamoto/programmes/ku-device", json=_programme(), headers=h)
    missing = api.client.put(f"{T}/kumamoto/scenarios/s", json={"name": "s", "levers": [
        {"kind": "add_seats", "programme_id": "nope", "from_year": 2028, "seats": 5}]},
        headers=h)
    assert missing.status_code == 404
    share = api.client.put(f"{T}/kumamoto/scenarios/s", json={"name": "s", "levers": [
        {"kind": "set_share", "programme_id": "ku-device", "share": "stay_share",
         "value": 1.5}]}, headers=h)
    assert share.status_code == 422
    assert api.client.get(f"{T}/kumamoto/forecast?scenario=none",
                          headers=h).status_code == 404


def test_contract_endpoint_equals_the_cli(api: Api) -> None:
    """POST /talent/forecast gives what `kizuna talent forecast` prints."""
    doc = {"from_year": 2026, "to_year": 2027,
           "demand": [{"employer": "JASM", "year": 2026, "role": "engineer", "hires": 500}],
           "foreign": [{"year": 2026, "role": "engineer", "people": 40}]}
    r = api.client.post(f"{T}/forecast", json=doc, headers=api.headers("officer_miyagi"))
    assert r.status_code == 200
    assert r.json() == forecast_json(forecast(ForecastRequest.model_validate(doc).to_plan()))
    bad = api.client.post(f"{T}/forecast", json={**doc, "to_year": 2020},
                          headers=api.headers("officer_miyagi"))
    assert bad.status_code == 422


def test_internship_match_is_illustrative_and_explained(api: Api) -> None:
    """Kumamoto's officer sees the demo match with reasons; a company does not."""
    r = api.client.get(f"{T}/kumamoto/internships", headers=api.headers("officer_kumamoto"))
    assert r.status_code == 200
    doc = r.json()
    assert doc["illustrative"] is True
    assert len(doc["assignments"]) == 5 and all(a["reasons"] for a in doc["assignments"])
    assert api.client.get(f"{T}/kumamoto/internships",
                          headers=api.headers("co_kumamoto")).status_code == 403


def test_company_plan_counts_in_the_prefecture_forecast(api: Api) -> None:
    """A company's hires are demand in its prefecture's forecast, not in another's."""
    api.client.post(f"{T}/kumamoto/plans", json={"year": 2026, "role": "operator", "hires": 12},
                    headers=api.headers("co_kumamoto"))
    rows = api.client.get(f"{T}/kumamoto/forecast?from_year=2026&to_year=2026",
                          headers=api.headers("officer_kumamoto")).json()["years"]
    assert [(r["role"], r["base"]["demand"]) for r in rows] == [("operator", 12)]
    miyagi = api.client.get(f"{T}/miyagi/forecast?from_year=2026&to_year=2026",
                            headers=api.headers("officer_miyagi")).json()
    assert miyagi["years"] == []


def test_scenario_whose_programme_was_removed_is_422(api: Api) -> None:
    """Removing a programme a scenario pulls on makes that forecast a 422 naming the scenario."""
    h = api.headers("officer_kumamoto")
    api.client.put(f"{T}/kumamoto/programmes/ku-device", json=_programme(), headers=h)
    api.client.put(f"{T}/kumamoto/scenarios/s", json={"name": "s", "levers": [
        {"kind": "add_seats", "programme_id": "ku-device", "from_year": 2028, "seats": 5}]},
        headers=h)
    assert api.client.delete(f"{T}/kumamoto/programmes/ku-device",
                             headers=h).status_code == 204
    r = api.client.get(f"{T}/kumamoto/forecast?scenario=s", headers=h)
    assert r.status_code == 422
    assert r.json()["field"] == "scenario"
