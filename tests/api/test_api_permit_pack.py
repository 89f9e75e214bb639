"""The permit pack over the API: the operator records evidence and answers, the prefecture's
regulator accepts or queries, each sees the other's steps; nobody else may."""

from __future__ import annotations

from typing import Any

from api_support import USERS, Api, example

ORG = "op-soma"
BASE = f"/api/v1/orgs/{ORG}/permits/applications"


def _submitted(api: Api) -> str:
    owner = api.headers("op_soma")
    application = example("kashima-application.json")
    assert api.client.post(BASE, headers=owner, json=application).status_code == 201
    app_id: str = application["id"]
    assert api.client.post(f"{BASE}/{app_id}/submit", headers=owner).status_code == 200
    return app_id


def _row(pack: dict[str, Any], item: str) -> dict[str, Any]:
    return next(r for r in pack["items"] if r["id"] == item)


def test_claimed_mitigation_without_evidence_until_the_operator_records_it(api: Api) -> None:
    """Kashima claims mitigations with no evidence: the check lists them, with a count; the
    operator's evidence takes one off and bumps the pack version."""
    app_id = _submitted(api)
    owner = api.headers("op_soma")
    r = api.client.get(f"{BASE}/{app_id}/pack", headers=owner)
    assert r.status_code == 200, r.text
    pack = r.json()
    claimed = [m["item"] for m in pack["completeness"]["missing"]
               if "no evidence" in m["text"] and m["item"].startswith("M")]
    assert claimed, pack["completeness"]
    assert pack["completeness"]["count"] == len(pack["completeness"]["missing"])
    before, item = pack["completeness"]["count"], claimed[0]
    r = api.client.put(f"{BASE}/{app_id}/pack/evidence/{item}", headers=owner,
                       json={"document": "Sheltering survey", "section": "2.3"})
    assert r.status_code == 200, r.text
    after = r.json()
    assert after["completeness"]["count"] == before - 1
    assert _row(after, item)["status"] == "evidenced" and after["version"] == "1.1"
    r = api.client.put(f"{BASE}/{app_id}/pack/evidence/{item}", headers=owner, json={})
    assert r.status_code == 422 and "evidence" in r.text


def test_query_reaches_the_operator_and_the_answer_the_regulator(api: Api) -> None:
    """A query with its comment shows in the operator's pack; the answer in the regulator's;
    approval waits for it and records the pack version."""
    app_id = _submitted(api)
    owner, reg = api.headers("op_soma"), api.headers("reg_fukushima")
    r = api.client.post(f"{BASE}/{app_id}/pack/review/OSO13", headers=reg,
                        json={"decision": "queried", "comment": "Name the UTM provider"})
    assert r.status_code == 200, r.text
    mine = api.client.get(f"{BASE}/{app_id}/pack", headers=owner).json()
    assert mine["review"]["open_queries"] == ["OSO13"]
    assert _row(mine, "OSO13")["review"]["comment"] == "Name the UTM provider"
    r = api.client.post(f"{BASE}/{app_id}/approve", headers=reg,
                        json={"number": "FKS-1", "on": "2025-12-01"})
    assert r.status_code == 422 and "open queries" in r.text
    r = api.client.post(f"{BASE}/{app_id}/pack/answer/OSO13", headers=owner,
                        json={"comment": "Kizuna UTM, SLA annex 4"})
    assert r.status_code == 200, r.text
    theirs = api.client.get(f"{BASE}/{app_id}/pack", headers=reg).json()
    assert _row(theirs, "OSO13")["review"]["status"] == "answered"
    assert [h["action"] for h in theirs["review"]["history"]] == ["queried", "answered"]
    r = api.client.post(f"{BASE}/{app_id}/approve", headers=reg,
                        json={"number": "FKS-1", "on": "2025-12-01"})
    assert r.status_code == 200, r.text
    permit = r.json()["record"]["versions"][-1]["permit"]
    assert permit["pack_version"] == "1.1"


def test_only_the_prefectures_regulator_queries_or_accepts(api: Api) -> None:
    """Operator staff and other roles 403; another prefecture's regulator 404; the owner's
    operator and the prefecture's regulators read the pack, others do not."""
    app_id = _submitted(api)
    path = f"{BASE}/{app_id}/pack/review/OSO01"
    body = {"decision": "accepted"}
    for username in USERS:
        r = api.client.post(path, headers=api.headers(username), json=body)
        if username in ("reg_fukushima", "zone_office"):
            assert r.status_code == 200, f"{username}: {r.text}"
        elif username == "reg_nagasaki":
            assert r.status_code == 404, f"{username}: {r.text}"
        else:
            assert r.status_code == 403, f"{username}: {r.status_code} {r.text}"
    readers = {"op_soma", "reg_fukushima", "zone_office", "admin"}
    for username in USERS:
        r = api.client.get(f"{BASE}/{app_id}/pack", headers=api.headers(username))
        assert (r.status_code == 200) == (username in readers), f"{username}: {r.status_code}"
    r = api.client.put(f"{BASE}/{app_id}/pack/evidence/M2", headers=api.headers("op_goto"),
                       json={"document": "x"})
    assert r.status_code == 404


def test_printable_pack_and_bad_items(api: Api) -> None:
    """The printable pack is self-contained HTML; an unknown item is 422, never 5xx."""
    app_id = _submitted(api)
    owner = api.headers("op_soma")
    r = api.client.get(f"{BASE}/{app_id}/pack.html", headers=owner)
    assert r.status_code == 200 and "申請前チェック" in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    r = api.client.put(f"{BASE}/{app_id}/pack/evidence/OSO1", headers=owner,
                       json={"document": "x"})
    assert r.status_code == 422
    r = api.client.post(f"{BASE}/{app_id}/pack/answer/OSO01", headers=owner,
                        json={"comment": "nothing was asked"})
    assert r.status_code == 422 and "no open query" in r.text
