"""Text no page may show is refused at the door: NUL and bidirectional controls in any JSON
body are 422 naming the field, as raw characters or as JSON escapes; other scripts pass."""

from __future__ import annotations

import json

import pytest
from api_support import RESIDENCY_CASE, Api

URL = "/api/v1/orgs/op-goto/fleet/pilots"


@pytest.mark.parametrize("name", ["Pilot\u202eevil", "Pilot\x00One", "\u2066Pilot\u2069"])
@pytest.mark.parametrize("escaped", [True, False])
def test_control_characters_in_names_are_422(api: Api, name: str, escaped: bool) -> None:
    """Raw UTF-8 or \\u escapes alike; nothing is stored."""
    body = json.dumps({"id": "p9", "name": name}, ensure_ascii=escaped).encode()
    r = api.client.post(URL, headers={**api.headers("op_goto"),
                                      "Content-Type": "application/json"}, content=body)
    assert r.status_code == 422, r.text
    assert r.json()["field"] == "name"
    assert all(p["id"] != "p9" for p in api.client.get(URL, headers=api.headers("op_goto")).json())


def test_japanese_and_accented_names_pass(api: Api) -> None:
    """Ordinary text in any script is accepted."""
    r = api.client.post(URL, headers=api.headers("op_goto"),
                        json={"id": "p8", "name": "五島 太郎 / Zoë Ñúñez"})
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(("part", "key", "value", "field"), [
    ("employer", "capital_jpy", 10**30, "employer.capital_jpy"),
    ("job", "monthly_salary_jpy", 10**12, "job.monthly_salary_jpy"),
    ("applicant", "date_of_birth", "0001-01-01", "applicant.date_of_birth"),
    ("applicant", "passport_expiry", "9999-12-31", "applicant.passport_expiry"),
])
def test_absurd_residency_figures_are_422(api: Api, part: str, key: str, value: object,
                                          field: str) -> None:
    """10^30 yen, a trillion-yen salary, a birth in year 1, a passport valid to 9999."""
    case = {**RESIDENCY_CASE, part: {**RESIDENCY_CASE[part], key: value}}
    r = api.client.post("/api/v1/residency/cases", headers=api.headers("co_kumamoto"), json=case)
    assert r.status_code == 422, r.text
    assert r.json()["field"] == field
