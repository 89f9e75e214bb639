"""Who may read a case: a pure access policy.

A company sees its own cases; a prefecture officer sees the cases of companies in their
prefecture; an immigration officer sees every case; nobody else sees anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kizuna.errors import InvalidInput

__all__ = ["Actor", "CaseLike", "Role", "can_read"]


class Role(StrEnum):
    """The kinds of user of the fast track."""

    COMPANY = "company"
    PREFECTURE_OFFICER = "prefecture_officer"
    IMMIGRATION_OFFICER = "immigration_officer"
    OTHER = "other"


@dataclass(frozen=True)
class Actor:
    """A signed-in user: a company (by corporate number) or an officer (by prefecture)."""

    actor_id: str
    role: Role
    corporate_number: str | None = None
    prefecture: str | None = None

    def __post_init__(self) -> None:
        if not self.actor_id:
            raise InvalidInput("actor_id: must not be empty", field="actor_id")
        if self.role is Role.COMPANY and not self.corporate_number:
            raise InvalidInput("actor: a company actor needs its corporate_number")
        if self.role is Role.PREFECTURE_OFFICER and not self.prefecture:
            raise InvalidInput("actor: a prefecture officer needs a prefecture")


class CaseLike(Protocol):
    """What the policy reads of a case (a `CoeCase` or a `Certification`)."""

    @property
    def corporate_number(self) -> str: ...

    @property
    def prefecture(self) -> str: ...


def can_read(actor: Actor, case: CaseLike) -> bool:
    """Whether ``actor`` may read ``case``."""
    if actor.role is Role.COMPANY:
        return actor.corporate_number == case.corporate_number
    if actor.role is Role.PREFECTURE_OFFICER:
        return actor.prefecture == case.prefecture
    return actor.role is Role.IMMIGRATION_OFFICER
