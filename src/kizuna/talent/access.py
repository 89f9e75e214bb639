"""Who may read and change the talent rows of a prefecture: a pure access policy.

- A **prefecture officer** reads and edits their own prefecture: its programmes, scenarios,
  planned foreign figures and the hiring plans the prefecture enters itself (published
  figures); they read, but do not change, the hiring plans companies enter.
- A **company** enters, reads and changes its own hiring plans, and nothing else.
- The **zone office** (a regulator whose jurisdiction is the zone) reads every member
  prefecture and changes nothing; a prefecture's regulator reads that prefecture.
- An **administrator** reads everything and changes nothing: the figures are the
  prefectures' and the companies'.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kizuna.errors import InvalidInput

__all__ = ["TalentActor", "TalentRole", "may_edit_plan", "may_edit_prefecture",
           "may_read_plan", "may_read_prefecture", "may_read_published"]


class TalentRole(StrEnum):
    """The kinds of user of the talent model."""

    PREFECTURE_OFFICER = "prefecture_officer"
    COMPANY = "company"
    ZONE_OFFICE = "zone_office"
    ADMIN = "admin"
    OTHER = "other"


@dataclass(frozen=True)
class TalentActor:
    """A signed-in user: an officer of one prefecture, a company, or an office of several."""

    actor_id: str
    role: TalentRole
    prefectures: frozenset[str] = frozenset()
    organisation_id: str | None = None

    def __post_init__(self) -> None:
        if not self.actor_id:
            raise InvalidInput("actor_id: must not be empty", field="actor_id")
        if self.role is TalentRole.PREFECTURE_OFFICER and len(self.prefectures) != 1:
            raise InvalidInput("actor: a prefecture officer has exactly one prefecture")
        if self.role is TalentRole.COMPANY and not self.organisation_id:
            raise InvalidInput("actor: a company actor needs its organisation")


def may_read_prefecture(actor: TalentActor, prefecture: str) -> bool:
    """Whether ``actor`` may read the prefecture's programmes, scenarios and forecast."""
    if actor.role is TalentRole.ADMIN:
        return True
    if actor.role in (TalentRole.PREFECTURE_OFFICER, TalentRole.ZONE_OFFICE):
        return prefecture in actor.prefectures
    return False


def may_read_published(actor: TalentActor, prefecture: str) -> bool:
    """Whether ``actor`` may see the prefecture's published context (a company: its own)."""
    if actor.role is TalentRole.COMPANY:
        return prefecture in actor.prefectures
    return may_read_prefecture(actor, prefecture)


def may_edit_prefecture(actor: TalentActor, prefecture: str) -> bool:
    """Whether ``actor`` may change the prefecture's programmes, scenarios and foreign plans."""
    return actor.role is TalentRole.PREFECTURE_OFFICER and prefecture in actor.prefectures


def may_read_plan(actor: TalentActor, prefecture: str, organisation_id: str | None) -> bool:
    """Whether ``actor`` may read a hiring plan (``organisation_id`` None: the prefecture's)."""
    if actor.role is TalentRole.COMPANY:
        return organisation_id is not None and organisation_id == actor.organisation_id
    return may_read_prefecture(actor, prefecture)


def may_edit_plan(actor: TalentActor, prefecture: str, organisation_id: str | None) -> bool:
    """Whether ``actor`` may enter or change a hiring plan.

    A company its own; an officer the prefecture's own rows (published figures), never a
    company's.
    """
    if actor.role is TalentRole.COMPANY:
        return organisation_id is not None and organisation_id == actor.organisation_id
    return organisation_id is None and may_edit_prefecture(actor, prefecture)
