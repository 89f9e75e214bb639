"""Residency fast track: certifications and CoE cases, read through the audited repository.

Who may read a case is :func:`kizuna.residency.access.can_read` (applied and audited by
:class:`kizuna.store.ResidencyRepository`): a company its own cases, a prefecture officer
their prefecture's, an immigration officer every case. Every other role is an actor with no
access (administrators included: they run the service, they do not read personal data).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from kizuna.api.deps import AppState, Principal, State, UserCaller
from kizuna.errors import Infeasible
from kizuna.residency.access import Actor, Role
from kizuna.store.accounts import AccountRole
from kizuna.store.residency import ResidencyRepository

__all__ = ["actor_for", "router"]

router = APIRouter(prefix="/residency", tags=["residency"])

_ROLES = {AccountRole.COMPANY: Role.COMPANY,
          AccountRole.PREFECTURE_OFFICER: Role.PREFECTURE_OFFICER,
          AccountRole.IMMIGRATION_OFFICER: Role.IMMIGRATION_OFFICER}


def actor_for(caller: Principal) -> Actor:
    """The residency actor a signed-in user is."""
    role = _ROLES.get(caller.role) if caller.role is not None else None
    if role is None:
        return Actor(caller.subject, Role.OTHER)
    return Actor(caller.subject, role, corporate_number=caller.corporate_number,
                 prefecture=caller.prefecture)


def _repository(app: AppState) -> ResidencyRepository:
    if app.cipher is None:
        raise Infeasible("the residency store has no data key configured "
                         "(KIZUNA_DATA_KEY or data_key_file)")
    return ResidencyRepository(app.sessions, app.cipher, now=app.now)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return None
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


@router.get("/certifications/{case_id}")
def get_certification(case_id: str, app: State, caller: UserCaller) -> dict[str, Any]:
    """A company certification the caller may see (403 otherwise)."""
    cert = _repository(app).get_certification(case_id, actor_for(caller))
    return dict(_plain(asdict(cert)))


@router.get("/cases/{case_id}")
def read_case(case_id: str, app: State, caller: UserCaller,
              purpose: Annotated[str, Query(min_length=3, max_length=200)]) -> dict[str, Any]:
    """A CoE case with its applicant's personal data: an audited read, ``purpose`` recorded."""
    case = _repository(app).read_case(case_id, actor_for(caller), purpose)
    return dict(_plain(asdict(case)))


@router.get("/cases/{case_id}/history")
def case_history(case_id: str, app: State, caller: UserCaller) -> list[dict[str, Any]]:
    """The saved states of a case, oldest first."""
    history = _repository(app).case_history(case_id, actor_for(caller))
    return [{"seq": h.seq, "state": h.state, "actor_id": h.actor_id,
             "recorded_at": h.recorded_at.isoformat()} for h in history]
