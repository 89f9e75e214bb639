"""Dispatch's pilot choice: licence class, BVLOS and the kind of aircraft."""

from __future__ import annotations

from datetime import date

import pytest

from kizuna.dispatch.fleetstate import licensed_for
from kizuna.fleet import Pilot, profile
from kizuna.fleet.pilot import AircraftKind, Licence, Limitation


@pytest.mark.parametrize(("kinds", "expected"), [
    (frozenset({AircraftKind.MULTIROTOR}), False),
    (frozenset({AircraftKind.MULTIROTOR, AircraftKind.AEROPLANE}), True)])
def test_dispatch_pilot_choice_checks_the_kind(kinds: frozenset[AircraftKind],
                                               expected: bool) -> None:
    """Dispatch's pilot choice refuses a multirotor-only pilot for the fixed-wing."""
    pilot = Pilot("p-001", "Sato", Licence.FIRST_CLASS, frozenset({Limitation.BVLOS}),
                  date(2028, 1, 1), kinds)
    kind = profile("longrange-fw").licence_kind
    assert licensed_for(pilot, "3.5", date(2027, 1, 1), kind) is expected
    assert licensed_for(pilot, "3.5", date(2027, 1, 1), "multirotor")
