"""The risk dossier of an application, for the regulator of its prefecture (JSON and the
printable HTML): content, currency after an amendment, and who may not read it."""

from __future__ import annotations

import re
from typing import Any

from api_support import USERS, Api, example

ORG = "op-soma"
BASE = f"/api/v1/orgs/{ORG}/permits/applications"


def _submitted(api: Api, **changes: Any) -> str:
    """The Kashima application of op-soma (Fukushima), submitted by its operator."""
    owner = api.headers("op_soma")
    application = {**example("kashima-application.json"), **changes}
    r = api.client.post(BASE, headers=owner, json=application)
    assert r.status_code == 201, r.text
    app_id: str = application["id"]
    r = api.client.post(f"{BASE}/{app_id}/submit", headers=owner)
    assert r.status_code == 200, r.text
    return app_id


def test_regulator_reads_the_dossier_json_and_html(api: Api) -> None:
    """The prefecture's regulator gets the dossier of the current version; the HTML is the
    printable, Japanese-first document with its map embedded and nothing external."""
    app_id = _submitted(api)
    reg = api.headers("reg_fukushima")
    r = api.client.get(f"{BASE}/{app_id}/dossier", headers=reg)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["application"]["id"] == app_id
    summary = {row["key"]: row["value"] for row in data["summary"]}
    assert summary["band"] == "30-120 m"
    # Kashima crosses the Joban line: the inventory must say so.
    assert not summary["railways"].startswith("0 ")
    assert data["sora"]["sail"] in {"I", "II", "III", "IV", "V", "VI"}

    r = api.client.get(f"{BASE}/{app_id}/dossier.html", headers=reg)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["cache-control"] == "private, no-store"
    html = r.text
    assert "南相馬市鹿島区" in html
    headings = re.findall(r"<h2>\d+\. ([^<]+)<", html)
    # The permit pack leads (completeness check, concept of operations), then the dossier.
    assert headings[:4] == ["申請パック", "概要", "申請内容", "地図"], headings
    assert "適合マトリクス" in headings
    assert "SORA 2.5 評価" in headings and "緊急着陸地点" in headings
    assert "data:image/png;base64," in html
    assert not re.search(r"""(src|href)=["']https?:""", html)


def test_the_dossier_follows_an_amendment(api: Api) -> None:
    """A rejected application amended and resubmitted gets its own dossier, not the cached
    one of the first version."""
    app_id = _submitted(api)
    reg, owner = api.headers("reg_fukushima"), api.headers("op_soma")
    first = api.client.get(f"{BASE}/{app_id}/dossier", headers=reg).json()
    r = api.client.post(f"{BASE}/{app_id}/reject", headers=reg,
                        json={"reasons": ["lower the ceiling near the line"]})
    assert r.status_code == 200, r.text
    amended = {**example("kashima-application.json"),
               "altitude_band": {"min_agl_m": 40, "max_agl_m": 100}}
    r = api.client.put(f"{BASE}/{app_id}", headers=owner, json=amended)
    assert r.status_code == 200, r.text
    assert api.client.post(f"{BASE}/{app_id}/submit", headers=owner).status_code == 200
    second = api.client.get(f"{BASE}/{app_id}/dossier", headers=reg).json()
    band = {d["application"]["altitude_band"]["max_agl_m"] for d in (first, second)}
    assert band == {120, 100}
    assert {row["value"] for row in second["summary"] if row["key"] == "band"} == {"40-100 m"}


def test_only_the_prefectures_regulators_read_the_dossier(api: Api) -> None:
    """Every other user, the owner's operator staff and an admin included, gets 403 or 404;
    another prefecture's regulator does not learn that the application exists (404)."""
    app_id = _submitted(api)
    entitled = {"reg_fukushima", "zone_office"}
    for suffix in ("dossier", "dossier.html"):
        path = f"{BASE}/{app_id}/{suffix}"
        for username in USERS:
            r = api.client.get(path, headers=api.headers(username))
            if username in entitled:
                assert r.status_code == 200, f"{username}: {r.status_code} {r.text}"
            else:
                assert r.status_code in (403, 404), f"{username}: {r.status_code} {r.text}"
        r = api.client.get(path, headers=api.headers("reg_nagasaki"))
        assert r.status_code == 404
        assert r.json()["detail"].startswith("no application")
        assert api.client.get(path).status_code == 401


def test_unknown_application_or_organisation_is_404(api: Api) -> None:
    """Unknown ids are 404 for the regulator, never 5xx."""
    _submitted(api)
    reg = api.headers("reg_fukushima")
    assert api.client.get(f"{BASE}/no-such-app/dossier", headers=reg).status_code == 404
    r = api.client.get("/api/v1/orgs/no-such-org/permits/applications/x/dossier.html",
                       headers=reg)
    assert r.status_code == 404, r.text
