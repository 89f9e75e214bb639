"""Semiconductor talent: the programme register, hiring plans, scenarios and the forecast.

Who may do what is :mod:`kizuna.talent.access`, applied by
:class:`kizuna.store.talent.TalentRepository`: a prefecture officer reads and edits their own
prefecture; a company enters and reads its own hiring plans; a regulator (the industrial-hub
zone office) reads every prefecture of its jurisdiction; an administrator reads. The forecast
is :func:`kizuna.talent.levers.compare` (the same functions as ``kizuna talent forecast``),
over the stored rows and the fast track's granted Certificates of Eligibility.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from kizuna.api.deps import AppState, Principal, State, UserCaller, roles
from kizuna.errors import InvalidInput, PermissionDenied, UnknownName
from kizuna.store.accounts import AccountRole as R
from kizuna.store.talent import (
    FAST_TRACK_ROLE,
    StoredHiringPlan,
    StoredProgramme,
    StoredScenario,
    TalentRepository,
)
from kizuna.talent.access import (
    TalentActor,
    TalentRole,
    may_edit_prefecture,
    may_read_prefecture,
    may_read_published,
)
from kizuna.talent.contract import (
    AddProgrammeIn,
    ForecastRequest,
    LeverIn,
    ProgrammeIn,
    RoleName,
    forecast_json,
    row_json,
)
from kizuna.talent.forecast import Forecast, forecast
from kizuna.talent.internship import match_internships
from kizuna.talent.levers import compare
from kizuna.talent.model import ForeignSupply, HiringPlan, RoleFamily
from kizuna.talent.published import demo_internships, published_seed

__all__ = ["router", "talent_actor"]

router = APIRouter(prefix="/talent", tags=["talent"])
_STRICT = ConfigDict(frozen=True, extra="forbid", strict=True)
Member = Annotated[Principal, Depends(roles(R.PREFECTURE_OFFICER, R.COMPANY, R.REGULATOR,
                                            R.ADMIN))]
Note = Annotated[StrictStr, Field(max_length=2000)]
Version = Annotated[StrictInt, Field(ge=1)]
PrefectureKey = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_-]{1,39}$")]
ScenarioId = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")]
#: The prefecture whose demo students and places the internship match shows.
_INTERNSHIP_PREFECTURE = "kumamoto"


def talent_actor(caller: Principal) -> TalentActor:
    """The talent actor a signed-in user is."""
    if caller.role is R.PREFECTURE_OFFICER and caller.prefecture:
        return TalentActor(caller.subject, TalentRole.PREFECTURE_OFFICER,
                           frozenset({caller.prefecture}))
    if caller.role is R.COMPANY and caller.organisation_id:
        return TalentActor(caller.subject, TalentRole.COMPANY,
                           frozenset({caller.prefecture} if caller.prefecture else ()),
                           caller.organisation_id)
    if caller.role is R.REGULATOR:
        return TalentActor(caller.subject, TalentRole.ZONE_OFFICE, caller.jurisdiction)
    if caller.role is R.ADMIN:
        return TalentActor(caller.subject, TalentRole.ADMIN)
    return TalentActor(caller.subject, TalentRole.OTHER)


def _repo(app: AppState) -> TalentRepository:
    return TalentRepository(app.sessions, now=app.now)


def _known(prefecture: str) -> str:
    seeds = published_seed()
    if prefecture not in seeds:
        raise UnknownName("prefecture", prefecture, list(seeds))
    return prefecture


# -- the prefectures -----------------------------------------------------------------------
@router.get("/prefectures")
def prefectures(caller: Member) -> list[dict[str, Any]]:
    """The prefectures the caller may read (a company: its own), each with its published
    context figures and status, and whether the caller may edit it."""
    actor = talent_actor(caller)
    out = []
    for key, seed in published_seed().items():
        if not may_read_published(actor, key):
            continue
        out.append({"prefecture": key, "status_ja": seed.status_ja, "status_en": seed.status_en,
                    "context": [vars(c) for c in seed.context],
                    "may_edit": may_edit_prefecture(actor, key),
                    "role": actor.role.value})
    return out


# -- programmes ----------------------------------------------------------------------------
class ProgrammeBody(BaseModel):
    """A programme of the register (the contract's programme, its prefecture from the path)."""

    model_config = _STRICT

    programme: ProgrammeIn
    name_ja: Annotated[StrictStr, Field(max_length=200)] = ""
    name_en: Annotated[StrictStr, Field(max_length=200)] = ""
    source: Note = ""
    note: Note = ""
    expected_version: Version | None = Field(
        default=None, description="The version read; omit to create a new programme.")


def _programme_json(p: StoredProgramme) -> dict[str, Any]:
    g = p.programme
    return {"id": g.id, "prefecture": g.prefecture, "kind": g.kind.value, "role": g.role.value,
            "seats": g.seats, "first_graduates": g.first_graduates,
            "last_graduates": g.last_graduates, "semiconductor_share": g.semiconductor_share,
            "stay_share": g.stay_share, "name_ja": p.name_ja, "name_en": p.name_en,
            "source": p.source, "note": p.note, "version": p.version,
            "yearly": g.seats * g.semiconductor_share * g.stay_share}


@router.get("/{prefecture}/programmes")
def list_programmes(prefecture: PrefectureKey, app: State,
                    caller: Member) -> list[dict[str, Any]]:
    """The programme register, with sources and versions."""
    found = _repo(app).programmes(talent_actor(caller), _known(prefecture))
    return [_programme_json(p) for p in found]


@router.put("/{prefecture}/programmes/{programme_id}")
def put_programme(prefecture: PrefectureKey, programme_id: str, body: ProgrammeBody,
                  app: State, caller: Member) -> dict[str, Any]:
    """Create or change a programme (the prefecture's officer); returns it with its version."""
    _known(prefecture)
    if body.programme.id != programme_id:
        raise InvalidInput("programme.id: must be the id in the path", field="programme.id")
    if body.programme.prefecture != prefecture:
        raise InvalidInput("programme.prefecture: must be the prefecture in the path",
                           field="programme.prefecture")
    entry = StoredProgramme(body.programme.to_domain(), body.name_ja, body.name_en,
                            body.source, body.note)
    version = _repo(app).save_programme(talent_actor(caller), entry, body.expected_version)
    return _programme_json(StoredProgramme(entry.programme, entry.name_ja, entry.name_en,
                                           entry.source, entry.note, version))


@router.delete("/{prefecture}/programmes/{programme_id}", status_code=204)
def delete_programme(prefecture: PrefectureKey, programme_id: str, app: State,
                     caller: Member) -> None:
    """Remove a programme from the register."""
    _repo(app).delete_programme(talent_actor(caller), _known(prefecture), programme_id)


# -- hiring plans --------------------------------------------------------------------------
class HiringPlanBody(BaseModel):
    """Planned hires; a company's ``employer`` defaults to its organisation."""

    model_config = _STRICT

    year: Annotated[StrictInt, Field(ge=1990, le=2100)]
    role: RoleName
    hires: Annotated[StrictInt, Field(ge=0, le=1_000_000)]
    employer: Annotated[StrictStr, Field(min_length=1, max_length=200)] | None = None
    source: Note = ""
    note: Note = ""


def _plan_json(p: StoredHiringPlan) -> dict[str, Any]:
    return {"id": p.id, "prefecture": p.prefecture, "organisation_id": p.organisation_id,
            "employer": p.plan.employer, "year": p.plan.year, "role": p.plan.role.value,
            "hires": p.plan.hires, "source": p.source, "note": p.note}


@router.get("/{prefecture}/plans")
def list_plans(prefecture: PrefectureKey, app: State, caller: Member) -> list[dict[str, Any]]:
    """The hiring plans the caller may read (a company: only its own)."""
    found = _repo(app).plans(talent_actor(caller), _known(prefecture))
    return [_plan_json(p) for p in found]


@router.post("/{prefecture}/plans", status_code=201)
def add_plan(prefecture: PrefectureKey, body: HiringPlanBody, app: State,
             caller: Member) -> dict[str, Any]:
    """Enter a hiring plan: a company its own, an officer the prefecture's published figures."""
    actor = talent_actor(caller)
    _known(prefecture)
    owner = actor.organisation_id if actor.role is TalentRole.COMPANY else None
    if actor.role is TalentRole.COMPANY and prefecture not in actor.prefectures:
        raise PermissionDenied(actor.actor_id, f"hiring plans in {prefecture}")
    employer = body.employer or owner
    if employer is None:
        raise InvalidInput("employer: required for a plan the prefecture enters",
                           field="employer")
    plan = HiringPlan(employer, body.year, RoleFamily(body.role), body.hires)
    plan_id = _repo(app).add_plan(actor, prefecture, owner, plan, body.source, body.note)
    return _plan_json(StoredHiringPlan(plan_id, prefecture, owner, plan, body.source,
                                       body.note))


@router.delete("/{prefecture}/plans/{plan_id}", status_code=204)
def delete_plan(prefecture: PrefectureKey, plan_id: int, app: State, caller: Member) -> None:
    """Remove a hiring plan the caller may change."""
    _repo(app).delete_plan(talent_actor(caller), _known(prefecture), plan_id)


# -- planned foreign figures ---------------------------------------------------------------
class ForeignBody(BaseModel):
    """Planned foreign people of one role in one year, on top of the fast track's grants."""

    model_config = _STRICT

    year: Annotated[StrictInt, Field(ge=1990, le=2100)]
    role: RoleName
    people: Annotated[StrictInt, Field(ge=0, le=1_000_000)]
    note: Note = ""


@router.get("/{prefecture}/foreign")
def list_foreign(prefecture: PrefectureKey, app: State, caller: Member) -> dict[str, Any]:
    """The fast track's granted CoEs by year, and the planned foreign figures."""
    actor, repo = talent_actor(caller), _repo(app)
    granted = repo.granted_coes(actor, _known(prefecture))
    planned = repo.foreign_plans(actor, prefecture)
    return {"granted_coe": [{"year": y, "role": FAST_TRACK_ROLE.value, "people": n}
                            for y, n in granted.items()],
            "planned": [{"id": f.id, "year": f.foreign.year, "role": f.foreign.role.value,
                         "people": f.foreign.people, "note": f.note} for f in planned]}


@router.post("/{prefecture}/foreign", status_code=201)
def add_foreign(prefecture: PrefectureKey, body: ForeignBody, app: State,
                caller: Member) -> dict[str, Any]:
    """Enter a planned foreign figure (the prefecture's officer)."""
    foreign = ForeignSupply(body.year, RoleFamily(body.role), body.people)
    row_id = _repo(app).add_foreign_plan(talent_actor(caller), _known(prefecture), foreign,
                                         body.note)
    return {"id": row_id, "year": body.year, "role": body.role, "people": body.people,
            "note": body.note}


@router.delete("/{prefecture}/foreign/{row_id}", status_code=204)
def delete_foreign(prefecture: PrefectureKey, row_id: int, app: State, caller: Member) -> None:
    """Remove a planned foreign figure."""
    _repo(app).delete_foreign_plan(talent_actor(caller), _known(prefecture), row_id)


# -- scenarios -----------------------------------------------------------------------------
class ScenarioBody(BaseModel):
    """A named list of levers, applied in order."""

    model_config = _STRICT

    name: Annotated[StrictStr, Field(min_length=1, max_length=200)]
    levers: Annotated[list[LeverIn], Field(max_length=200)]
    expected_version: Version | None = Field(
        default=None, description="The version read; omit to create a new scenario.")


def _scenario_json(s: StoredScenario) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "version": s.version,
            "levers": [lever.model_dump(mode="json") for lever in s.levers]}


@router.get("/{prefecture}/scenarios")
def list_scenarios(prefecture: PrefectureKey, app: State,
                   caller: Member) -> list[dict[str, Any]]:
    """The prefecture's scenarios with their levers."""
    found = _repo(app).scenarios(talent_actor(caller), _known(prefecture))
    return [_scenario_json(s) for s in found]


@router.put("/{prefecture}/scenarios/{scenario_id}")
def put_scenario(prefecture: PrefectureKey, scenario_id: ScenarioId, body: ScenarioBody,
                 app: State, caller: Member) -> dict[str, Any]:
    """Create or change a scenario (the prefecture's officer); the levers must apply."""
    for n, lever in enumerate(body.levers):
        if isinstance(lever, AddProgrammeIn) and lever.programme.prefecture != prefecture:
            raise InvalidInput(f"levers.{n}.programme.prefecture: must be {prefecture}",
                               field=f"levers.{n}.programme.prefecture")
    repo, actor = _repo(app), talent_actor(caller)
    version = repo.save_scenario(actor, _known(prefecture), scenario_id, body.name,
                                 list(body.levers), body.expected_version)
    return _scenario_json(StoredScenario(scenario_id, body.name, tuple(body.levers), version))


@router.delete("/{prefecture}/scenarios/{scenario_id}", status_code=204)
def delete_scenario(prefecture: PrefectureKey, scenario_id: str, app: State,
                    caller: Member) -> None:
    """Remove a scenario."""
    _repo(app).delete_scenario(talent_actor(caller), _known(prefecture), scenario_id)


# -- the forecast --------------------------------------------------------------------------
def _foreign_series(granted: dict[int, int], planned: list[ForeignSupply], first: int,
                    last: int) -> list[dict[str, Any]]:
    """Foreign engineers by year: the fast track's grants and the planned figures."""
    return [{"year": y, "fast_track": granted.get(y, 0),
             "planned": sum(f.people for f in planned
                            if f.year == y and f.role is FAST_TRACK_ROLE)}
            for y in range(first, last + 1)]


def _totals(f: Forecast) -> dict[str, Any]:
    return {"demand": f.demand, "supply": f.supply, "gap": f.gap}


@router.get("/{prefecture}/forecast")
def prefecture_forecast(
    prefecture: PrefectureKey, app: State, caller: Member,
    from_year: Annotated[int, Query(ge=1990, le=2100)] = 2025,
    to_year: Annotated[int, Query(ge=1990, le=2100)] = 2034,
    scenario: Annotated[str | None, Query(max_length=80)] = None,
) -> dict[str, Any]:
    """Demand, supply and the gap per year and role, the base beside a scenario (when named).

    ``years`` rows carry ``base`` and ``scenario`` (the CLI's row shape; ``scenario`` equals
    ``base`` without a scenario) and ``gap_closed``.
    """
    actor, repo = talent_actor(caller), _repo(app)
    plan = repo.plan(actor, _known(prefecture), from_year, to_year)
    chosen = repo.scenario(actor, prefecture, scenario) if scenario else None
    try:
        result = compare(plan, chosen.domain_levers() if chosen else [])
    except InvalidInput as exc:  # a lever whose programme has since been removed
        raise InvalidInput(f"scenario {scenario}: {exc}", field="scenario") from None
    granted = repo.granted_coes(actor, prefecture)
    planned = [f.foreign for f in repo.foreign_plans(actor, prefecture)]
    return {"prefecture": prefecture, "from_year": from_year, "to_year": to_year,
            "scenario": None if chosen is None else {"id": chosen.id, "name": chosen.name,
                                                     "version": chosen.version},
            "years": [{"year": r.base.year, "role": r.base.role.value, "base": row_json(r.base),
                       "scenario": row_json(r.scenario), "gap_closed": r.gap_closed}
                      for r in result.rows],
            "total": {"base": _totals(result.base), "scenario": _totals(result.scenario)},
            "foreign": _foreign_series(granted, planned, from_year, to_year)}


@router.post("/forecast")
def contract_forecast(body: ForecastRequest, _caller: UserCaller) -> dict[str, Any]:
    """The ``kizuna talent forecast`` contract over HTTP: a plan in, the forecast out."""
    return forecast_json(forecast(body.to_plan()))


# -- internships ---------------------------------------------------------------------------
@router.get("/{prefecture}/internships")
def internships(prefecture: PrefectureKey, app: State, caller: Member) -> dict[str, Any]:
    """The internship match on ILLUSTRATIVE demo data (Kumamoto's towns; none elsewhere)."""
    actor = talent_actor(caller)
    if not may_read_prefecture(actor, prefecture):
        raise PermissionDenied(actor.actor_id, f"the internships of {prefecture}")
    _known(prefecture)
    if prefecture != _INTERNSHIP_PREFECTURE:
        return {"illustrative": True, "applications": [], "places": [], "assignments": [],
                "unmatched": [], "total_cost": 0}
    demo = demo_internships()
    result = match_internships(demo.applications, demo.places, demo.min_overlap_days)
    return {
        "illustrative": True, "min_overlap_days": demo.min_overlap_days,
        "applications": [{"student_id": a.student_id, "role": a.role.value, "town": a.town,
                          "available_from": a.available_from.isoformat(),
                          "available_to": a.available_to.isoformat()}
                         for a in demo.applications],
        "places": [{"place_id": p.place_id, "employer": p.employer, "role": p.role.value,
                    "town": p.town, "start": p.start.isoformat(), "end": p.end.isoformat(),
                    "slots": p.slots} for p in demo.places],
        "assignments": [{"student_id": a.student_id, "place_id": a.place_id,
                         "employer": a.employer, "cost": a.cost, "overlap_days": a.overlap_days,
                         "place_days": a.place_days, "same_town": a.same_town,
                         "reasons": list(a.reasons)} for a in result.assignments],
        "unmatched": [{"student_id": u.student_id, "reason": u.reason}
                      for u in result.unmatched],
        "total_cost": result.total_cost}
