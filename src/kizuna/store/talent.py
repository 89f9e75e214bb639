"""Storage for the semiconductor talent model: programmes, hiring plans, foreign plans, scenarios.

Every row carries its ``prefecture``; a hiring plan also its owner (``organisation_id``: the
company that entered it, or null for the prefecture's own rows from published figures). Who may
read or change a row is :mod:`kizuna.talent.access`, applied here on every call: a refusal
raises :class:`~kizuna.errors.PermissionDenied`.

Programmes and scenarios are edited by compare-and-set on their ``version``: a save names the
version it read, and a save from a version that has moved on is refused (409), so two officers
editing one programme never silently overwrite each other. Hiring plans and foreign plans are
rows added and deleted whole.

The foreign supply of a forecast counts the fast track's granted Certificates of Eligibility
in the residency store (year of the decision, prefecture of the case) as engineers: the fast
track grants 技術・人文知識・国際業務, the engineers' status. Planned foreign figures are added
on top.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    delete,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from kizuna.errors import Infeasible, PermissionDenied, UnknownName
from kizuna.residency.coe import CaseState
from kizuna.store.residency import CoeCaseRow
from kizuna.store.tables import OrganisationRow, Record
from kizuna.talent.access import (
    TalentActor,
    may_edit_plan,
    may_edit_prefecture,
    may_read_plan,
    may_read_prefecture,
)
from kizuna.talent.contract import LEVERS, LeverIn
from kizuna.talent.forecast import TalentPlan
from kizuna.talent.levers import Lever, apply_levers
from kizuna.talent.model import (
    ForeignSupply,
    HiringPlan,
    Programme,
    ProgrammeKind,
    RoleFamily,
)
from kizuna.talent.published import PrefectureSeed

__all__ = [
    "StoredForeignPlan",
    "StoredHiringPlan",
    "StoredProgramme",
    "StoredScenario",
    "TalentForeignPlanRow",
    "TalentHiringPlanRow",
    "TalentProgrammeRow",
    "TalentRepository",
    "TalentScenarioRow",
]

#: The role family the fast track's granted Certificates of Eligibility are counted under.
FAST_TRACK_ROLE = RoleFamily.ENGINEER


# -- tables ---------------------------------------------------------------------------------
class TalentProgrammeRow(Record):
    """One training programme of a prefecture (the register)."""

    __tablename__ = "talent_programmes"

    prefecture: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name_ja: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20))
    seats: Mapped[int] = mapped_column(Integer)
    first_graduates: Mapped[int] = mapped_column(Integer)
    last_graduates: Mapped[int | None] = mapped_column(Integer)
    semiconductor_share: Mapped[float] = mapped_column(Float)
    stay_share: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TalentHiringPlanRow(Record):
    """An employer's planned hires; ``organisation_id`` null: entered by the prefecture."""

    __tablename__ = "talent_hiring_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    prefecture: Mapped[str] = mapped_column(String(40), index=True)
    organisation_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    employer: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20))
    hires: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TalentForeignPlanRow(Record):
    """Planned foreign engineers of a prefecture, on top of the fast track's granted CoEs."""

    __tablename__ = "talent_foreign_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    prefecture: Mapped[str] = mapped_column(String(40), index=True)
    year: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20))
    people: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TalentScenarioRow(Record):
    """A named list of levers of a prefecture (the JSON of ``LeverIn``)."""

    __tablename__ = "talent_scenarios"

    prefecture: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    levers: Mapped[list[Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- values ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredProgramme:
    """A programme with its names, source, note and version."""

    programme: Programme
    name_ja: str = ""
    name_en: str = ""
    source: str = ""
    note: str = ""
    version: int = 0


@dataclass(frozen=True)
class StoredHiringPlan:
    """A hiring plan with its row id, owner, source and note."""

    id: int
    prefecture: str
    organisation_id: str | None
    plan: HiringPlan
    source: str
    note: str


@dataclass(frozen=True)
class StoredForeignPlan:
    """A planned foreign figure with its row id and note."""

    id: int
    prefecture: str
    foreign: ForeignSupply
    note: str


@dataclass(frozen=True)
class StoredScenario:
    """A scenario: its levers as validated contract values, and its version."""

    id: str
    name: str
    levers: tuple[LeverIn, ...]
    version: int

    def domain_levers(self) -> list[Lever]:
        """The levers as domain values."""
        return [lever.to_domain() for lever in self.levers]


def _programme(r: TalentProgrammeRow) -> StoredProgramme:
    return StoredProgramme(
        Programme(id=r.id, prefecture=r.prefecture, kind=ProgrammeKind(r.kind),
                  role=RoleFamily(r.role), seats=r.seats, first_graduates=r.first_graduates,
                  last_graduates=r.last_graduates, semiconductor_share=r.semiconductor_share,
                  stay_share=r.stay_share),
        r.name_ja, r.name_en, r.source, r.note, r.version)


def _plan(r: TalentHiringPlanRow) -> StoredHiringPlan:
    return StoredHiringPlan(r.id, r.prefecture, r.organisation_id,
                            HiringPlan(r.employer, r.year, RoleFamily(r.role), r.hires),
                            r.source, r.note)


def _scenario(r: TalentScenarioRow) -> StoredScenario:
    return StoredScenario(r.id, r.name, tuple(LEVERS.validate_python(r.levers)), r.version)


class TalentRepository:
    """The talent rows of every prefecture, read and changed through the access policy.

    Each call is one transaction.
    """

    def __init__(self, sessions: sessionmaker[Session],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._now = now

    # -- access ------------------------------------------------------------------------------
    @staticmethod
    def _read(actor: TalentActor, prefecture: str) -> None:
        if not may_read_prefecture(actor, prefecture):
            raise PermissionDenied(actor.actor_id, f"the talent figures of {prefecture}")

    @staticmethod
    def _edit(actor: TalentActor, prefecture: str) -> None:
        if not may_edit_prefecture(actor, prefecture):
            raise PermissionDenied(actor.actor_id, f"changing the talent figures of {prefecture}")

    # -- programmes --------------------------------------------------------------------------
    def programmes(self, actor: TalentActor, prefecture: str) -> list[StoredProgramme]:
        """The prefecture's programme register, by id."""
        self._read(actor, prefecture)
        with self._sessions() as s:
            rows = s.scalars(select(TalentProgrammeRow).where(
                TalentProgrammeRow.prefecture == prefecture).order_by(TalentProgrammeRow.id))
            return [_programme(r) for r in rows]

    def save_programme(self, actor: TalentActor, entry: StoredProgramme,
                       expected_version: int | None) -> int:
        """Create (``expected_version`` None) or change a programme; returns its new version.

        A create of an existing id, or a change from a version that has moved on, raises
        `Infeasible` (409); a change of a missing programme raises `UnknownName`.
        """
        p = entry.programme
        self._edit(actor, p.prefecture)
        values = dict(name_ja=entry.name_ja, name_en=entry.name_en, kind=p.kind.value,
                      role=p.role.value, seats=p.seats, first_graduates=p.first_graduates,
                      last_graduates=p.last_graduates,
                      semiconductor_share=p.semiconductor_share, stay_share=p.stay_share,
                      source=entry.source, note=entry.note, updated_by=actor.actor_id,
                      updated_at=self._now())
        if expected_version is None:
            try:
                with self._sessions.begin() as s:
                    s.add(TalentProgrammeRow(prefecture=p.prefecture, id=p.id, version=1,
                                             **values))
            except IntegrityError:
                raise Infeasible(f"programme {p.id!r} already exists in {p.prefecture}; "
                                 "change it with its version") from None
            return 1
        with self._sessions.begin() as s:
            done = s.execute(update(TalentProgrammeRow).where(
                TalentProgrammeRow.prefecture == p.prefecture, TalentProgrammeRow.id == p.id,
                TalentProgrammeRow.version == expected_version).values(
                version=expected_version + 1, **values))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                if s.get(TalentProgrammeRow, (p.prefecture, p.id)) is None:
                    raise UnknownName("programme", p.id)
                raise Infeasible(f"programme {p.id!r} changed since version "
                                 f"{expected_version}; reload it")
        return expected_version + 1

    def delete_programme(self, actor: TalentActor, prefecture: str, programme_id: str) -> None:
        """Remove a programme from the register."""
        self._edit(actor, prefecture)
        with self._sessions.begin() as s:
            done = s.execute(delete(TalentProgrammeRow).where(
                TalentProgrammeRow.prefecture == prefecture,
                TalentProgrammeRow.id == programme_id))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise UnknownName("programme", programme_id)

    # -- hiring plans ------------------------------------------------------------------------
    def plans(self, actor: TalentActor, prefecture: str) -> list[StoredHiringPlan]:
        """The hiring plans of the prefecture ``actor`` may read, by year, role and employer."""
        with self._sessions() as s:
            rows = s.scalars(select(TalentHiringPlanRow).where(
                TalentHiringPlanRow.prefecture == prefecture).order_by(
                TalentHiringPlanRow.year, TalentHiringPlanRow.role,
                TalentHiringPlanRow.employer, TalentHiringPlanRow.id))
            return [_plan(r) for r in rows
                    if may_read_plan(actor, prefecture, r.organisation_id)]

    def add_plan(self, actor: TalentActor, prefecture: str, organisation_id: str | None,
                 plan: HiringPlan, source: str = "", note: str = "") -> int:
        """Enter a hiring plan owned by ``organisation_id`` (None: the prefecture's own)."""
        if not may_edit_plan(actor, prefecture, organisation_id):
            owner = organisation_id or "the prefecture"
            raise PermissionDenied(actor.actor_id, f"hiring plans of {owner} in {prefecture}")
        with self._sessions.begin() as s:
            if organisation_id is not None and s.get(OrganisationRow, organisation_id) is None:
                raise UnknownName("organisation", organisation_id)
            row = TalentHiringPlanRow(
                prefecture=prefecture, organisation_id=organisation_id, employer=plan.employer,
                year=plan.year, role=plan.role.value, hires=plan.hires, source=source,
                note=note, updated_by=actor.actor_id, updated_at=self._now())
            s.add(row)
            s.flush()
            return row.id

    def delete_plan(self, actor: TalentActor, prefecture: str, plan_id: int) -> None:
        """Remove a hiring plan the actor may change (others are not disclosed: 404)."""
        with self._sessions.begin() as s:
            row = s.get(TalentHiringPlanRow, plan_id)
            if row is None or row.prefecture != prefecture or not may_read_plan(
                    actor, prefecture, row.organisation_id):
                raise UnknownName("hiring plan", str(plan_id))
            if not may_edit_plan(actor, prefecture, row.organisation_id):
                raise PermissionDenied(actor.actor_id, f"hiring plan {plan_id}")
            s.delete(row)

    # -- foreign plans -----------------------------------------------------------------------
    def foreign_plans(self, actor: TalentActor, prefecture: str) -> list[StoredForeignPlan]:
        """The prefecture's planned foreign figures, by year and role."""
        self._read(actor, prefecture)
        with self._sessions() as s:
            rows = s.scalars(select(TalentForeignPlanRow).where(
                TalentForeignPlanRow.prefecture == prefecture).order_by(
                TalentForeignPlanRow.year, TalentForeignPlanRow.role, TalentForeignPlanRow.id))
            return [StoredForeignPlan(r.id, r.prefecture,
                                      ForeignSupply(r.year, RoleFamily(r.role), r.people),
                                      r.note) for r in rows]

    def add_foreign_plan(self, actor: TalentActor, prefecture: str, foreign: ForeignSupply,
                         note: str = "") -> int:
        """Enter a planned foreign figure."""
        self._edit(actor, prefecture)
        with self._sessions.begin() as s:
            row = TalentForeignPlanRow(prefecture=prefecture, year=foreign.year,
                                       role=foreign.role.value, people=foreign.people,
                                       note=note, updated_by=actor.actor_id,
                                       updated_at=self._now())
            s.add(row)
            s.flush()
            return row.id

    def delete_foreign_plan(self, actor: TalentActor, prefecture: str, plan_id: int) -> None:
        """Remove a planned foreign figure."""
        self._edit(actor, prefecture)
        with self._sessions.begin() as s:
            done = s.execute(delete(TalentForeignPlanRow).where(
                TalentForeignPlanRow.prefecture == prefecture,
                TalentForeignPlanRow.id == plan_id))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise UnknownName("foreign plan", str(plan_id))

    def granted_coes(self, actor: TalentActor, prefecture: str) -> dict[int, int]:
        """Granted Certificates of Eligibility of the prefecture's cases, by year of decision.

        A count, with no personal data: the residency store's case rows only.
        """
        self._read(actor, prefecture)
        with self._sessions() as s:
            dates = s.scalars(select(CoeCaseRow.decided_on).where(
                CoeCaseRow.prefecture == prefecture,
                CoeCaseRow.state == CaseState.GRANTED.value,
                CoeCaseRow.decided_on.is_not(None)))
            return dict(sorted(Counter(d.year for d in dates if d is not None).items()))

    # -- scenarios ---------------------------------------------------------------------------
    def scenarios(self, actor: TalentActor, prefecture: str) -> list[StoredScenario]:
        """The prefecture's scenarios, by id."""
        self._read(actor, prefecture)
        with self._sessions() as s:
            rows = s.scalars(select(TalentScenarioRow).where(
                TalentScenarioRow.prefecture == prefecture).order_by(TalentScenarioRow.id))
            return [_scenario(r) for r in rows]

    def scenario(self, actor: TalentActor, prefecture: str, scenario_id: str) -> StoredScenario:
        """One scenario; `UnknownName` when there is none."""
        self._read(actor, prefecture)
        with self._sessions() as s:
            row = s.get(TalentScenarioRow, (prefecture, scenario_id))
            if row is None:
                raise UnknownName("scenario", scenario_id)
            return _scenario(row)

    def save_scenario(self, actor: TalentActor, prefecture: str, scenario_id: str, name: str,
                      levers: list[LeverIn], expected_version: int | None) -> int:
        """Create (``expected_version`` None) or change a scenario; returns its new version.

        The levers must apply to the prefecture's programmes as they are now (`InvalidInput`
        or `UnknownName` otherwise).
        """
        self._edit(actor, prefecture)
        current = tuple(p.programme for p in self.programmes(actor, prefecture))
        apply_levers(TalentPlan(2000, 2000, programmes=current),
                     [lever.to_domain() for lever in levers])
        doc = [lever.model_dump(mode="json") for lever in levers]
        values = dict(name=name, levers=doc, updated_by=actor.actor_id, updated_at=self._now())
        if expected_version is None:
            try:
                with self._sessions.begin() as s:
                    s.add(TalentScenarioRow(prefecture=prefecture, id=scenario_id, version=1,
                                            **values))
            except IntegrityError:
                raise Infeasible(f"scenario {scenario_id!r} already exists; change it with "
                                 "its version") from None
            return 1
        with self._sessions.begin() as s:
            done = s.execute(update(TalentScenarioRow).where(
                TalentScenarioRow.prefecture == prefecture, TalentScenarioRow.id == scenario_id,
                TalentScenarioRow.version == expected_version).values(
                version=expected_version + 1, **values))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                if s.get(TalentScenarioRow, (prefecture, scenario_id)) is None:
                    raise UnknownName("scenario", scenario_id)
                raise Infeasible(f"scenario {scenario_id!r} changed since version "
                                 f"{expected_version}; reload it")
        return expected_version + 1

    def delete_scenario(self, actor: TalentActor, prefecture: str, scenario_id: str) -> None:
        """Remove a scenario."""
        self._edit(actor, prefecture)
        with self._sessions.begin() as s:
            done = s.execute(delete(TalentScenarioRow).where(
                TalentScenarioRow.prefecture == prefecture, TalentScenarioRow.id == scenario_id))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise UnknownName("scenario", scenario_id)

    # -- the forecast's input ----------------------------------------------------------------
    def plan(self, actor: TalentActor, prefecture: str, from_year: int,
             to_year: int) -> TalentPlan:
        """The prefecture's whole plan: every hiring plan, programme and foreign row.

        Foreign rows: the granted CoEs per year (as engineers) and the planned figures.
        """
        self._read(actor, prefecture)
        with self._sessions() as s:
            plans = s.scalars(select(TalentHiringPlanRow).where(
                TalentHiringPlanRow.prefecture == prefecture).order_by(TalentHiringPlanRow.id))
            demand = tuple(_plan(r).plan for r in plans)
        granted = self.granted_coes(actor, prefecture)
        foreign = (*(ForeignSupply(y, FAST_TRACK_ROLE, n) for y, n in granted.items()),
                   *(f.foreign for f in self.foreign_plans(actor, prefecture)))
        return TalentPlan(from_year, to_year, demand=demand,
                          programmes=tuple(p.programme for p in self.programmes(actor,
                                                                                 prefecture)),
                          foreign=foreign)

    # -- seeding -----------------------------------------------------------------------------
    def seed_published(self, seed: PrefectureSeed, by: str) -> None:
        """Write a prefecture's published figures (the demo; replaces the prefecture's own)."""
        now = self._now()
        with self._sessions.begin() as s:
            s.execute(delete(TalentProgrammeRow).where(
                TalentProgrammeRow.prefecture == seed.prefecture))
            s.execute(delete(TalentHiringPlanRow).where(
                TalentHiringPlanRow.prefecture == seed.prefecture,
                TalentHiringPlanRow.organisation_id.is_(None)))
            for sp in seed.programmes:
                p = sp.programme
                s.add(TalentProgrammeRow(
                    prefecture=seed.prefecture, id=p.id, name_ja=sp.name_ja,
                    name_en=sp.name_en, kind=p.kind.value, role=p.role.value, seats=p.seats,
                    first_graduates=p.first_graduates, last_graduates=p.last_graduates,
                    semiconductor_share=p.semiconductor_share, stay_share=p.stay_share,
                    source=sp.source, note=sp.note, version=1, updated_by=by, updated_at=now))
            for d in seed.demand:
                s.add(TalentHiringPlanRow(
                    prefecture=seed.prefecture, organisation_id=None, employer=d.plan.employer,
                    year=d.plan.year, role=d.plan.role.value, hires=d.plan.hires,
                    source=d.source, note=d.note, updated_by=by, updated_at=now))


