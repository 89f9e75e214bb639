"""Fixtures of the API tests: an app on a fresh SQLite file, a seeded world of tenants.

Tenants: two operators (``op-goto`` in Nagasaki, ``op-soma`` in Fukushima), a regulator per
prefecture, the special-zone office (both prefectures), two residency companies (Kumamoto and
Miyagi), and one user of every role. Argon2 runs with cheap parameters to keep tests fast.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from kizuna.api import ApiSettings, create_app
from kizuna.api.deps import AppState
from kizuna.residency import Actor, Certification, Role
from kizuna.residency.crypto import FieldCipher
from kizuna.store import Organisation, OrganisationRepository, ResidencyRepository
from kizuna.store.accounts import AccountRole
from kizuna.store.flight_log import JST

PASSWORD = "correct horse battery"
EXAMPLES = Path(str(resources.files("kizuna.examples") / "permits"))
CORP_KUMAMOTO = "7000012050002"
CORP_MIYAGI = "8000012050001"

ORGS = [("op-goto", "operator", "nagasaki"), ("op-soma", "operator", "fukushima"),
        ("reg-nagasaki", "prefecture", "nagasaki"), ("reg-fukushima", "prefecture", "fukushima"),
        ("zone-office", "prefecture", "zone-new-technology"),
        ("co-kumamoto", "company", "kumamoto"), ("co-miyagi", "company", "miyagi")]

#: username -> (role, organisation, prefecture, corporate number)
USERS: dict[str, tuple[AccountRole, str | None, str | None, str | None]] = {
    "op_goto": (AccountRole.OPERATOR, "op-goto", None, None),
    "op_soma": (AccountRole.OPERATOR, "op-soma", None, None),
    "reg_nagasaki": (AccountRole.REGULATOR, "reg-nagasaki", None, None),
    "reg_fukushima": (AccountRole.REGULATOR, "reg-fukushima", None, None),
    "zone_office": (AccountRole.REGULATOR, "zone-office", None, None),
    "resident": (AccountRole.RESIDENT, None, None, None),
    "co_kumamoto": (AccountRole.COMPANY, "co-kumamoto", None, CORP_KUMAMOTO),
    "co_miyagi": (AccountRole.COMPANY, "co-miyagi", None, CORP_MIYAGI),
    "officer_kumamoto": (AccountRole.PREFECTURE_OFFICER, None, "kumamoto", None),
    "officer_miyagi": (AccountRole.PREFECTURE_OFFICER, None, "miyagi", None),
    "immigration": (AccountRole.IMMIGRATION_OFFICER, None, None, None),
    "admin": (AccountRole.ADMIN, None, None, None),
}


#: A residency case as a company submits it (one engineer for a Kumamoto plant).
RESIDENCY_CASE = {
    "applicant": {"nationality": "VNM", "name": "Nguyen Van An", "date_of_birth": "1996-04-02",
                  "sex": "M", "passport_number": "C1234567", "passport_expiry": "2032-01-01",
                  "planned_entry_date": "2026-06-01", "planned_entry_port": "Fukuoka",
                  "education": "master", "major": "electrical engineering"},
    "employer": {"capital_jpy": 10_000_000, "net_sales_jpy": 800_000_000, "employees": 120,
                 "foreign_employees": 4},
    "job": {"title": "process engineer", "duties": "semiconductor process engineering",
            "monthly_salary_jpy": 380_000, "contract_months": None}}


def example(name: str) -> Any:
    """A bundled permit example (kizuna/examples/permits, package data)."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@dataclass
class Clock:
    """A settable clock."""

    at: datetime = field(default_factory=lambda: datetime(2026, 3, 1, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at += timedelta(**kwargs)


@dataclass
class Api:
    """A running app, its state, and signed-in headers per user."""

    client: TestClient
    state: AppState
    clock: Clock
    _tokens: dict[str, str] = field(default_factory=dict)

    def login(self, username: str, password: str = PASSWORD) -> str:
        r = self.client.post("/api/v1/auth/login",
                             json={"username": username, "password": password})
        assert r.status_code == 200, r.text
        token: str = r.json()["access_token"]
        return token

    def headers(self, username: str) -> dict[str, str]:
        if username not in self._tokens:
            self._tokens[username] = self.login(username)
        return {"Authorization": f"Bearer {self._tokens[username]}"}


def make_settings(tmp_path: Path, **overrides: Any) -> ApiSettings:
    return ApiSettings(database_url=f"sqlite:///{tmp_path / 'api.db'}", argon2_time_cost=1,
                       argon2_memory_kib=64, argon2_parallelism=1, **overrides)


def seed(state: AppState) -> None:
    with state.sessions.begin() as s:
        repo = OrganisationRepository(s)
        for org_id, kind, _prefecture in ORGS:
            repo.add(Organisation(org_id, org_id.replace("-", " ").title(), kind))
    for org_id, _kind, prefecture in ORGS:
        state.accounts.set_prefecture(org_id, prefecture)
    for username, (role, org, prefecture, corp) in USERS.items():
        state.accounts.add_user(username, PASSWORD, role, organisation_id=org,
                                prefecture=prefecture, corporate_number=corp)


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session (tests copy it)."""
    from kizuna.store import migrate

    path = tmp_path_factory.mktemp("template") / "api.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def api(tmp_path: Path, migrated_db: Path) -> Iterator[Api]:
    clock = Clock()
    cipher = FieldCipher(bytes(range(32)))
    shutil.copyfile(migrated_db, tmp_path / "api.db")
    app = create_app(make_settings(tmp_path, migrate_on_start=False), cipher=cipher,
                     hasher=PasswordHasher(time_cost=1, memory_cost=64, parallelism=1),
                     now=clock)
    state: AppState = app.state.kizuna
    seed(state)
    with TestClient(app) as client:
        yield Api(client, state, clock)


def seed_certification(state: AppState, case_id: str, org: str, prefecture: str,
                       corp: str) -> None:
    """A draft certification of a company, saved by the company itself."""
    assert state.cipher is not None
    repo = ResidencyRepository(state.sessions, state.cipher)
    actor = Actor(f"seed-{org}", Role.COMPANY, corporate_number=corp)
    repo.save_certification(Certification(case_id, prefecture, corp), org, actor)


def planned_order(api: Api) -> str:
    """op-goto holds the Aokata permit, JUGOTO000001 and goto-p1 at Aokata; the resident's
    medicine order to the hospital site inside the permit area is planned (1 Dec 2025,
    10:30 JST); its id."""
    from kizuna.permits import approve, new_record, submit
    from kizuna.permits.permit import parse_permit
    from kizuna.scenario import load
    from kizuna.store import FleetRepository
    from kizuna.store.orders import DropSpotRow, OrderStore

    api.clock.at = datetime(2025, 12, 1, 1, 30, tzinfo=UTC)
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
    store.save_drop_spot(DropSpotRow(
        id="hospital", organisation_id="op-goto", prefecture="nagasaki", scenario="goto",
        settlement_id="aokata", base_id="aokata", name="hospital", name_ja="病院",
        lon=129.06196, lat=33.00303, coverage_kg=[2.0], typical_out_s=300.0))
    me = api.state.accounts.authenticate("resident", PASSWORD)
    assert me is not None
    store.register(me.id, "hospital", "clinic")
    r = api.client.post("/api/v1/orders", headers=api.headers("resident"),
                        json={"items": [{"kind": "medicine", "weight_kg": 0.5}],
                              "drop_spot_id": "hospital", "when": "asap"})
    assert r.status_code == 201 and r.json()["state"] == "accepted", r.text
    oid: str = r.json()["id"]
    r = api.client.post(f"/api/v1/orders/{oid}/plan", headers=api.headers("op_goto"),
                        json={"wind_mps": 4, "lang": "en"})
    assert r.status_code == 200 and r.json()["flight"]["ok"], r.text
    return oid


def preflight_passed(api: Api, oid: str, wind_mps: float = 3.0) -> None:
    """JUGOTO000001's daily inspection today, all items passed, and the pilot's pre-flight
    check of the order's flight with the wind measured at ``wind_mps``: it passes."""
    from kizuna.dispatch.preflight import PREFLIGHT_ITEMS
    from kizuna.utm.records import checklist

    h = api.headers("op_goto")
    r = api.client.post("/api/v1/orgs/op-goto/daily-inspections", headers=h, json={
        "registration": "JUGOTO000001", "date": api.clock.at.astimezone(JST).date().isoformat(),
        "place": "Aokata", "inspector": "Pilot Goto 1",
        "items": [{"item": i.id, "result": "pass"} for i in checklist("multirotor")]})
    assert r.status_code == 201, r.text
    r = api.client.post(f"/api/v1/orgs/op-goto/orders/{oid}/preflight", headers=h, json={
        "wind_mps": wind_mps, "items": [{"item": i, "confirmed": True} for i in PREFLIGHT_ITEMS]})
    assert r.status_code == 201 and r.json()["passed"], r.text
