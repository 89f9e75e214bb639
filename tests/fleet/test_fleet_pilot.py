"""Pilots: licence class, lifted limitations and licence expiry."""

from __future__ import annotations

from datetime import date

import pytest

from kizuna.errors import InvalidInput
from kizuna.fleet import Pilot, licence_covers, profile
from kizuna.fleet.pilot import AircraftKind, Licence, Limitation


def test_limitations_without_licence_are_rejected() -> None:
    """Limitations can only be lifted from a licence that exists."""
    with pytest.raises(InvalidInput, match="limitations lifted without a licence"):
        Pilot("p-001", "Sato", limitations_lifted=frozenset({Limitation.BVLOS}))


def test_licence_without_expiry_is_rejected() -> None:
    """A licence (valid 3 years) must say when it expires."""
    with pytest.raises(InvalidInput, match="licence needs an expiry date") as exc:
        Pilot("p-001", "Sato", Licence.FIRST_CLASS)
    assert exc.value.field == "licence_expiry"


def test_unknown_limitation_is_rejected() -> None:
    """A limitation that is not night, BVLOS or 25 kg is bad input."""
    with pytest.raises(InvalidInput, match="pilot p-001"):
        Pilot("p-001", "Sato", Licence.FIRST_CLASS, frozenset({"vlos"}),  # type: ignore[arg-type]
              date(2027, 1, 1))


def test_empty_id_is_rejected() -> None:
    """A pilot needs an id."""
    with pytest.raises(InvalidInput, match="pilot id is empty"):
        Pilot(" ", "Sato")


def test_strings_are_coerced_to_enums() -> None:
    """Licence and limitations given as JSON strings become enums."""
    p = Pilot("p-001", "Sato", "second_class", frozenset({"night"}),  # type: ignore[arg-type]
              date(2027, 1, 1))
    assert p.licence is Licence.SECOND_CLASS
    assert p.limitations_lifted == {Limitation.NIGHT}


def test_licence_lapses_after_its_expiry_day() -> None:
    """The licence is in force up to and including its expiry day, then none."""
    p = Pilot("p-001", "Sato", Licence.FIRST_CLASS, frozenset({Limitation.BVLOS}),
              date(2027, 4, 1))
    assert p.licence_on(date(2027, 4, 1)) is Licence.FIRST_CLASS
    assert p.licence_on(date(2027, 4, 2)) is Licence.NONE


def test_no_licence_is_none_on_any_day() -> None:
    """A pilot without a licence holds none on any day."""
    assert Pilot("p-002", "Trainee").licence_on(date(2025, 1, 1)) is Licence.NONE


def test_licence_covers_multirotors_by_default() -> None:
    """A pilot's licence covers multirotors unless told otherwise, and only the kinds listed."""
    pilot = Pilot("p-001", "Sato", Licence.SECOND_CLASS, frozenset({Limitation.BVLOS}),
                  date(2028, 1, 1))
    assert pilot.kinds == {AircraftKind.MULTIROTOR}
    assert pilot.covers("multirotor") and not pilot.covers("aeroplane")
    both = Pilot("p-002", "Ito", Licence.SECOND_CLASS, kinds=frozenset({"aeroplane"}),
                 licence_expiry=date(2028, 1, 1))  # type: ignore[arg-type]  # coerced
    assert both.kinds == {AircraftKind.AEROPLANE} and licence_covers(both.kinds, "aeroplane")


@pytest.mark.parametrize("kinds", [frozenset(), frozenset({"glider"})])
def test_bad_kinds_are_rejected(kinds: frozenset[str]) -> None:
    """Kinds must be known aircraft kinds, at least one."""
    with pytest.raises(InvalidInput, match=r"kinds|glider"):
        Pilot("p-001", "Sato", kinds=kinds)  # type: ignore[arg-type]  # checked at run time


def test_fixed_wing_profile_needs_an_aeroplane_licence() -> None:
    """The parachute-drop fixed-wing is an aeroplane for licences; the PF4 a multirotor."""
    assert profile("longrange-fw").licence_kind == "aeroplane"
    assert profile("longrange-fw").drops_payload
    assert profile("pf4").licence_kind == "multirotor"

