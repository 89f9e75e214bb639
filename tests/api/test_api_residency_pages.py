"""The endpoints of the residency pages: applications, review, CoE cases, dashboard, and the
hydrogen sites layer; with the role/prefecture matrix and the audit rows of personal reads."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import CORP_KUMAMOTO, CORP_MIYAGI, Api
from api_support import RESIDENCY_CASE as CASE

from kizuna.store import ResidencyRepository

V1 = "/api/v1/residency"


def facts(prefecture: str = "kumamoto", corp: str = CORP_KUMAMOTO) -> dict[str, Any]:
    """A company whose stable management needs the officer (losses in both years)."""
    return {"prefecture": prefecture, "corporate_number": corp, "registered": True,
            "listed": False, "office_prefectures": [prefecture], "jsic": "E28",
            "antisocial_ties": False, "tax_arrears": False, "withholding_tax_jpy": 5_000_000,
            "financials": [{"year": 2025, "net_sales_jpy": 800_000_000,
                            "operating_profit_jpy": -2_000_000, "net_assets_jpy": 150_000_000},
                           {"year": 2024, "net_sales_jpy": 700_000_000,
                            "operating_profit_jpy": -3_000_000, "net_assets_jpy": 140_000_000}]}




def audit(api: Api, case_id: str) -> list[Any]:
    assert api.state.cipher is not None
    return ResidencyRepository(api.state.sessions, api.state.cipher).audit_log(case_id)


def certified(api: Api) -> str:
    """A Kumamoto application filed, reviewed and certified; returns its id."""
    c, co, off = api.client, api.headers("co_kumamoto"), api.headers("officer_kumamoto")
    r = c.post(f"{V1}/certifications", headers=co, json=facts())
    assert r.status_code == 201, r.text
    cert = r.json()
    assert cert["state"] == "draft" and cert["verdict"]["needs_review"] == ["STABLE_MANAGEMENT"]
    cid = cert["case_id"]
    assert c.post(f"{V1}/certifications/{cid}/submit", headers=co).json()["state"] == "submitted"
    queue = c.get(f"{V1}/certifications?state=submitted", headers=off).json()
    assert [x["case_id"] for x in queue] == [cid]
    assert c.post(f"{V1}/certifications/{cid}/certify", headers=off, json={}).status_code == 422
    r = c.post(f"{V1}/certifications/{cid}/decisions", headers=off,
               json={"code": "STABLE_MANAGEMENT", "result": "pass",
                     "reason": "order book covers two years", "evidence": ["決算書 2024-2025"]})
    assert r.status_code == 200, r.text
    assert r.json()["verdict"]["eligible"] and r.json()["state"] == "under_review"
    r = c.post(f"{V1}/certifications/{cid}/certify", headers=off, json={})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "certified" and r.json()["certificate"]["number"].startswith("KU-")
    return str(cid)


def test_company_files_officer_certifies_and_the_case_runs_on_the_fast_track(api: Api) -> None:
    cid = certified(api)
    c = api.client
    assert [e.event.action.value for e in audit(api, cid)] == ["decide"]
    r = c.post(f"{V1}/cases", headers=api.headers("co_kumamoto"), json=CASE)
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["certified_company"] and case["target_days"] == 30
    assert case["status"] == "on_track" and case["state"] == "filed"
    assert "name" not in case and "Nguyen" not in r.text
    # The immigration officer's list: the deadline colour moves with the clock.
    api.clock.advance(days=24)
    api._tokens.clear()  # tokens last hours, not weeks
    imm = api.headers("immigration")
    rows = c.get(f"{V1}/cases", headers=imm).json()
    assert [(x["case_id"], x["status"]) for x in rows] == [(case["case_id"], "at_risk")]
    api.clock.advance(days=7)
    api._tokens.clear()
    imm = api.headers("immigration")
    assert c.get(f"{V1}/cases", headers=imm).json()[0]["status"] == "breached"
    dash = c.get(f"{V1}/dashboard", headers=imm).json()
    assert (dash["open"], dash["at_risk"], dash["breached"]) == (1, 0, 1)
    assert dash["by_prefecture"] == {"kumamoto": {"open": 1, "at_risk": 0, "breached": 1}}


def test_cases_carry_a_readable_number_beside_their_id(api: Api) -> None:
    """Filed cases are numbered 熊本-YEAR-0001, -0002 in the list, the read and the reply."""
    c, co, imm = api.client, api.headers("co_kumamoto"), api.headers("immigration")
    year = api.clock().date().year
    first, second = (c.post(f"{V1}/cases", headers=co, json=CASE).json() for _ in range(2))
    assert (first["case_number"], second["case_number"]) == (f"熊本-{year}-0001",
                                                             f"熊本-{year}-0002")
    assert first["case_id"].startswith("coe-kumamoto-")
    listed = {x["case_id"]: x["case_number"] for x in c.get(f"{V1}/cases", headers=imm).json()}
    assert listed == {first["case_id"]: first["case_number"],
                      second["case_id"]: second["case_number"]}
    read = c.get(f"{V1}/cases/{first['case_id']}?purpose=review", headers=imm).json()
    assert read["case_number"] == first["case_number"]


def test_profile_says_whether_the_service_is_the_demo(api: Api) -> None:
    """Outside the demo the pages get demo=false (no example-filling button)."""
    profile = api.client.get(f"{V1}/profile", headers=api.headers("co_kumamoto")).json()
    assert profile["demo"] is False


def test_immigration_requests_documents_and_decides_with_audited_reads(api: Api) -> None:
    certified(api)
    c, imm = api.client, api.headers("immigration")
    case_id = c.post(f"{V1}/cases", headers=api.headers("co_kumamoto"), json=CASE).json()["case_id"]
    r = c.post(f"{V1}/cases/{case_id}/request-documents", headers=imm,
               json={"items": ["tax certificate"]})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "awaiting_documents" and r.json()["paused"]
    for who in ("co_kumamoto", "officer_kumamoto", "officer_miyagi", "co_miyagi"):
        r = c.post(f"{V1}/cases/{case_id}/decide", headers=api.headers(who),
                   json={"granted": True, "reason": "ok"})
        assert r.status_code == 403, (who, r.text)
    # The company's documents arrive: back under review, then decided.
    repo = ResidencyRepository(api.state.sessions, api.state.cipher)  # type: ignore[arg-type]
    from kizuna.residency import Actor, Document, Role
    company = Actor("user:co", Role.COMPANY, corporate_number=CORP_KUMAMOTO)
    back = repo.read_case(case_id, company, "supply documents").receive_documents(
        api.clock().date(), (Document.from_bytes("tax", "tax.pdf", b"%PDF"),))
    repo.save_case(back, "co-kumamoto", company)
    r = c.post(f"{V1}/cases/{case_id}/decide", headers=imm,
               json={"granted": True, "reason": "requirements met"})
    assert r.status_code == 200 and r.json()["state"] == "granted", r.text
    log = audit(api, case_id)
    reads = [(e.event.reason, e.actor_role, e.allowed) for e in log
             if e.event.action.value == "read"]
    assert reads == [("request documents", "immigration_officer", True),
                     ("supply documents", "company", True),
                     ("decide the case", "immigration_officer", True)]
    assert [(e.actor_role, e.allowed) for e in log if e.event.action.value == "decide"] == [
        ("immigration_officer", True)]
    # Reading the applicant goes through the audited read: the wrong prefecture is denied
    # and its denial is written down.
    r = c.get(f"{V1}/cases/{case_id}?purpose=review", headers=api.headers("officer_miyagi"))
    assert r.status_code == 403
    assert (audit(api, case_id)[-1].allowed, audit(api, case_id)[-1].actor_role) == (
        False, "prefecture_officer")
    r = c.get(f"{V1}/cases/{case_id}?purpose=review", headers=api.headers("officer_kumamoto"))
    assert r.status_code == 200 and r.json()["applicant"]["name"] == "Nguyen Van An"
    assert audit(api, case_id)[-1].allowed
    dash = c.get(f"{V1}/dashboard", headers=imm).json()
    assert dash["open"] == 0 and dash["medians"][0]["prefecture"] == "kumamoto"


def test_who_sees_which_applications_and_cases(api: Api) -> None:
    cid = certified(api)
    c = api.client
    kumamoto_case = c.post(f"{V1}/cases", headers=api.headers("co_kumamoto"),
                           json=CASE).json()["case_id"]

    def seen(user: str, path: str) -> list[str]:
        r = c.get(f"{V1}/{path}", headers=api.headers(user))
        assert r.status_code == 200, r.text
        return [x["case_id"] for x in r.json()]

    for user, sees in [("co_kumamoto", True), ("officer_kumamoto", True), ("immigration", True),
                       ("co_miyagi", False), ("officer_miyagi", False)]:
        assert (seen(user, "certifications") == [cid]) is sees, user
        assert (seen(user, "cases") == [kumamoto_case]) is sees, user
    assert c.get(f"{V1}/dashboard", headers=api.headers("officer_miyagi")).json()["open"] == 0
    # Wrong role or prefecture.
    miyagi = api.headers("officer_miyagi")
    decision = {"code": "STABLE_MANAGEMENT", "result": "pass", "reason": "x", "evidence": ["y"]}
    assert c.post(f"{V1}/certifications/{cid}/decisions", headers=miyagi,
                  json=decision).status_code == 403
    assert c.post(f"{V1}/certifications/{cid}/reject", headers=miyagi,
                  json={"rejections": [{"code": "INDUSTRY", "reason": "x"}]}).status_code == 403
    assert c.post(f"{V1}/certifications/{cid}/submit",
                  headers=api.headers("co_miyagi")).status_code == 403
    assert c.post(f"{V1}/certifications", headers=api.headers("co_miyagi"),
                  json=facts()).status_code == 403  # not its corporate number
    assert c.post(f"{V1}/certifications/{cid}/certify", headers=api.headers("co_kumamoto"),
                  json={}).status_code == 403  # a company cannot certify itself
    assert c.post(f"{V1}/cases/{kumamoto_case}/request-documents",
                  headers=api.headers("officer_kumamoto"),
                  json={"items": ["x"]}).status_code == 403
    assert c.post(f"{V1}/cases/nope/decide", headers=api.headers("immigration"),
                  json={"granted": True, "reason": "x"}).status_code == 404
    for user in ("op_goto", "reg_nagasaki", "resident", "admin"):
        h = api.headers(user)
        for path in ("certifications", "cases", "dashboard"):
            assert c.get(f"{V1}/{path}", headers=h).status_code == 403, (user, path)
        assert c.post(f"{V1}/cases", headers=h, json=CASE).status_code == 403
        assert c.post(f"{V1}/certifications", headers=h, json=facts()).status_code == 403


def test_officer_decisions_only_on_officer_criteria(api: Api) -> None:
    c, co, off = api.client, api.headers("co_miyagi"), api.headers("officer_miyagi")
    cid = c.post(f"{V1}/certifications", headers=co,
                 json=facts("miyagi", CORP_MIYAGI)).json()["case_id"]
    decision = {"code": "INDUSTRY", "result": "pass", "reason": "x", "evidence": ["y"]}
    # A draft is not under review yet.
    assert c.post(f"{V1}/certifications/{cid}/decisions", headers=off,
                  json={**decision, "code": "STABLE_MANAGEMENT"}).status_code == 422
    c.post(f"{V1}/certifications/{cid}/submit", headers=co)
    assert c.post(f"{V1}/certifications/{cid}/decisions", headers=off,
                  json=decision).status_code == 422
    r = c.post(f"{V1}/certifications/{cid}/reject", headers=off,
               json={"rejections": [{"code": "STABLE_MANAGEMENT", "reason": "losses"}]})
    assert r.status_code == 200 and r.json()["state"] == "rejected", r.text


@pytest.mark.parametrize(("user", "status"), [("co_kumamoto", 200), ("reg_fukushima", 200),
                                              ("resident", 403), ("immigration", 403)])
def test_hydrogen_sites_layer(api: Api, user: str, status: int) -> None:
    r = api.client.get("/api/v1/hydrogen/sites", headers=api.headers(user))
    assert r.status_code == status, r.text
    if status == 200:
        layer = r.json()
        assert layer["type"] == "FeatureCollection" and len(layer["features"]) == 5
        haramachi = layer["features"][0]["properties"]
        assert haramachi["municipality"] == "南相馬市" and haramachi["allowed"]
        assert haramachi["notices"][0]["code"] == "hydrogen_station_excluded"
