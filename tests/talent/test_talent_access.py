"""Tests for the talent access policy: officers edit their own prefecture, companies their plans."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidInput
from kizuna.talent.access import (
    TalentActor,
    TalentRole,
    may_edit_plan,
    may_edit_prefecture,
    may_read_plan,
    may_read_prefecture,
)

OFFICER_K = TalentActor("user:1", TalentRole.PREFECTURE_OFFICER, frozenset({"kumamoto"}))
COMPANY_K = TalentActor("user:2", TalentRole.COMPANY, frozenset({"kumamoto"}), "co-kumamoto")
ZONE = TalentActor("user:3", TalentRole.ZONE_OFFICE, frozenset({"kumamoto", "miyagi"}))
ADMIN = TalentActor("user:4", TalentRole.ADMIN)
OTHER = TalentActor("user:5", TalentRole.OTHER)


@pytest.mark.parametrize(("actor", "prefecture", "read", "edit"), [
    (OFFICER_K, "kumamoto", True, True),
    (OFFICER_K, "miyagi", False, False),
    (COMPANY_K, "kumamoto", False, False),
    (ZONE, "kumamoto", True, False),
    (ZONE, "miyagi", True, False),
    (ZONE, "fukushima", False, False),
    (ADMIN, "miyagi", True, False),
    (OTHER, "kumamoto", False, False),
])
def test_prefecture_rows(actor: TalentActor, prefecture: str, read: bool, edit: bool) -> None:
    """Officers edit their own prefecture; the zone office reads both and edits neither."""
    assert may_read_prefecture(actor, prefecture) is read
    assert may_edit_prefecture(actor, prefecture) is edit


@pytest.mark.parametrize(("actor", "owner", "read", "edit"), [
    (COMPANY_K, "co-kumamoto", True, True),
    (COMPANY_K, "co-other", False, False),
    (COMPANY_K, None, False, False),  # the prefecture's own rows
    (OFFICER_K, None, True, True),
    (OFFICER_K, "co-kumamoto", True, False),  # reads a company's plan, never changes it
    (ZONE, "co-kumamoto", True, False),
    (OTHER, "co-kumamoto", False, False),
])
def test_hiring_plans(actor: TalentActor, owner: str | None, read: bool, edit: bool) -> None:
    """A company enters its own hiring plans and sees no other company's."""
    assert may_read_plan(actor, "kumamoto", owner) is read
    assert may_edit_plan(actor, "kumamoto", owner) is edit


def test_officer_of_another_prefecture_cannot_edit_its_plans() -> None:
    """Miyagi's officer may not enter Kumamoto's published figures."""
    miyagi = TalentActor("user:9", TalentRole.PREFECTURE_OFFICER, frozenset({"miyagi"}))
    assert not may_edit_plan(miyagi, "kumamoto", None)


@pytest.mark.parametrize("build", [
    lambda: TalentActor("", TalentRole.ADMIN),
    lambda: TalentActor("u", TalentRole.PREFECTURE_OFFICER),
    lambda: TalentActor("u", TalentRole.COMPANY),
])
def test_actor_needs_its_scope(build: object) -> None:
    """An officer without a prefecture or a company without an organisation is refused."""
    with pytest.raises(InvalidInput):
        build()  # type: ignore[operator]
