"""Tests for the talent store: access on every call, compare-and-set, the granted-CoE count,
the published seed and the assembled plan (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kizuna.errors import Infeasible, PermissionDenied, UnknownName
from kizuna.store import Organisation, OrganisationRepository
from kizuna.store.residency import CoeCaseRow
from kizuna.store.talent import StoredProgramme, TalentRepository
from kizuna.talent import Programme, ProgrammeKind, RoleFamily, forecast
from kizuna.talent.access import TalentActor, TalentRole
from kizuna.talent.contract import LEVERS
from kizuna.talent.model import HiringPlan
from kizuna.talent.published import published_seed

OFFICER = TalentActor("officer", TalentRole.PREFECTURE_OFFICER, frozenset({"kumamoto"}))
OTHER_OFFICER = TalentActor("officer-m", TalentRole.PREFECTURE_OFFICER, frozenset({"miyagi"}))
ZONE = TalentActor("zone", TalentRole.ZONE_OFFICE, frozenset({"kumamoto", "miyagi"}))
COMPANY = TalentActor("co", TalentRole.COMPANY, frozenset({"kumamoto"}), "co-k")


def _course(seats: int = 20) -> StoredProgramme:
    return StoredProgramme(Programme(id="ku-device", prefecture="kumamoto",
                                     kind=ProgrammeKind.UNIVERSITY, role=RoleFamily.ENGINEER,
                                     seats=seats, first_graduates=2027,
                                     semiconductor_share=0.5, stay_share=0.5), source="test")


@pytest.fixture
def repo(sessions: sessionmaker[Session]) -> TalentRepository:
    with sessions.begin() as s:
        OrganisationRepository(s).add(Organisation("co-k", "Company K", "company"))
    return TalentRepository(sessions)


def test_programme_compare_and_set(repo: TalentRepository) -> None:
    """Create at version 1; a change from 1 gives 2; a second change from 1 is refused."""
    assert repo.save_programme(OFFICER, _course(), None) == 1
    assert repo.save_programme(OFFICER, _course(30), 1) == 2
    with pytest.raises(Infeasible, match="changed since version 1"):
        repo.save_programme(OFFICER, _course(40), 1)
    with pytest.raises(Infeasible, match="already exists"):
        repo.save_programme(OFFICER, _course(), None)
    [stored] = repo.programmes(ZONE, "kumamoto")
    assert (stored.programme.seats, stored.version, stored.source) == (30, 2, "test")


def test_every_call_checks_access(repo: TalentRepository) -> None:
    """Another prefecture's officer, the zone office and companies may not change programmes."""
    for actor in (OTHER_OFFICER, ZONE, COMPANY):
        with pytest.raises(PermissionDenied):
            repo.save_programme(actor, _course(), None)
    with pytest.raises(PermissionDenied):
        repo.programmes(COMPANY, "kumamoto")
    with pytest.raises(UnknownName):
        repo.delete_programme(OFFICER, "kumamoto", "missing")


def test_company_plans_are_private(repo: TalentRepository) -> None:
    """The company sees its plan, the officer too, another company's actor nothing."""
    plan_id = repo.add_plan(COMPANY, "kumamoto", "co-k",
                            HiringPlan("Company K", 2027, RoleFamily.OPERATOR, 12))
    other = TalentActor("co2", TalentRole.COMPANY, frozenset({"kumamoto"}), "co-other")
    assert [p.id for p in repo.plans(COMPANY, "kumamoto")] == [plan_id]
    assert [p.id for p in repo.plans(OFFICER, "kumamoto")] == [plan_id]
    assert repo.plans(other, "kumamoto") == []
    with pytest.raises(PermissionDenied):
        repo.add_plan(OFFICER, "kumamoto", "co-k",
                      HiringPlan("Company K", 2027, RoleFamily.OPERATOR, 1))


def test_granted_coes_counted_by_year_and_prefecture(repo: TalentRepository,
                                                     sessions: sessionmaker[Session]) -> None:
    """Granted cases count in their decision year; refused and other prefectures' do not."""
    rows = [("a", "kumamoto", "granted", date(2025, 3, 1)),
            ("b", "kumamoto", "granted", date(2025, 11, 30)),
            ("c", "kumamoto", "granted", date(2026, 1, 5)),
            ("d", "kumamoto", "refused", date(2025, 6, 1)),
            ("e", "miyagi", "granted", date(2025, 6, 1))]
    with sessions.begin() as s:
        for case_id, prefecture, state, decided in rows:
            s.add(CoeCaseRow(case_id=case_id, organisation_id="co-k", prefecture=prefecture,
                             corporate_number="7000012050002", state=state, filed_on=decided,
                             decided_on=decided, employer={}, job={}, requests=[],
                             statistics={}))
    assert repo.granted_coes(OFFICER, "kumamoto") == {2025: 2, 2026: 1}
    with pytest.raises(PermissionDenied):
        repo.granted_coes(COMPANY, "kumamoto")


def test_seeded_plan_forecasts_with_a_scenario(repo: TalentRepository) -> None:
    """The published seed's plan forecasts; a stored scenario's levers round-trip."""
    repo.seed_published(published_seed()["kumamoto"], by="test")
    repo.seed_published(published_seed()["kumamoto"], by="test")  # idempotent
    plan = repo.plan(ZONE, "kumamoto", 2030, 2031)
    assert len(plan.programmes) == len(published_seed()["kumamoto"].programmes)
    rows = {(r.year, r.role): r for r in forecast(plan).rows}
    assert rows[(2030, RoleFamily.ENGINEER)].demand == 264
    # The prefectural faculty's 60 x 0.7 x 0.6 = 25.2 arrive in 2031.
    gained = (rows[(2031, RoleFamily.ENGINEER)].domestic
              - rows[(2030, RoleFamily.ENGINEER)].domestic)
    assert gained == pytest.approx(25.2)
    levers = LEVERS.validate_python([{"kind": "add_seats", "programme_id": "kpu-semiconductor",
                                      "from_year": 2031, "seats": 40}])
    assert repo.save_scenario(OFFICER, "kumamoto", "s", "S", levers, None) == 1
    stored = repo.scenario(ZONE, "kumamoto", "s")
    assert stored.levers == tuple(levers)
    with pytest.raises(Infeasible):
        repo.save_scenario(OFFICER, "kumamoto", "s", "S", levers, 5)
