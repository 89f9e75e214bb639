"""Tests for the battery verdict and reserve policy."""

from __future__ import annotations

import pytest

from kizuna.energy import ReservePolicy, battery_verdict, usable_battery_wh
from kizuna.errors import InvalidInput
from kizuna.fleet import profile

PF2 = profile("pf2-cat3")  # 365 Wh nominal, 90 % usable = 328.5 Wh


def test_usable_energy_is_a_share_of_nominal() -> None:
    """Usable energy is the profile's usable fraction of its nominal energy."""
    assert usable_battery_wh(PF2) == pytest.approx(0.9 * PF2.battery_wh)


def test_feasible_mission_reports_soc_and_margin() -> None:
    """100 Wh with a 20 % reserve fits; SOC on landing is 1 − 100/365."""
    v = battery_verdict(PF2, 100.0)
    assert v.feasible
    assert v.soc_landing == pytest.approx(1 - 100 / 365)
    assert v.shortfall_pct == 0.0
    assert v.required_wh == pytest.approx(100 + 0.2 * 328.5)
    assert v.margin_wh == pytest.approx(328.5 - v.required_wh)


def test_boundary_is_inclusive() -> None:
    """A mission that uses exactly usable − reserve is still feasible."""
    assert battery_verdict(PF2, 0.8 * 328.5, ReservePolicy(0.2)).feasible
    assert not battery_verdict(PF2, 0.8 * 328.5 + 0.01, ReservePolicy(0.2)).feasible


def test_alternate_energy_counts_against_the_battery() -> None:
    """The diversion to the alternate can turn a feasible mission infeasible."""
    assert battery_verdict(PF2, 200.0).feasible
    v = battery_verdict(PF2, 200.0, alternate_wh=100.0)
    assert not v.feasible
    assert v.shortfall_pct == pytest.approx((200 + 100 + 65.7 - 328.5) / 328.5 * 100)
    assert v.soc_landing == pytest.approx(1 - 200 / 365)  # landing at the destination


def test_fixed_reserve_adds_to_the_share() -> None:
    """A policy with a fixed reserve asks for that much more energy."""
    base = battery_verdict(PF2, 50.0, ReservePolicy(0.1))
    more = battery_verdict(PF2, 50.0, ReservePolicy(0.1, reserve_wh=30.0))
    assert more.required_wh == pytest.approx(base.required_wh + 30.0)


def test_soc_never_negative() -> None:
    """A mission needing more than the nominal energy lands (on paper) at 0 % SOC."""
    v = battery_verdict(PF2, 500.0)
    assert v.soc_landing == 0.0 and not v.feasible


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"reserve_fraction": 1.0}, "reserve_fraction"),
    ({"reserve_fraction": -0.1}, "reserve_fraction"),
    ({"reserve_wh": -1.0}, "reserve_wh"),
])
def test_invalid_policy(kwargs: dict[str, float], field: str) -> None:
    """Reserve shares outside [0, 1) and negative reserves are refused."""
    with pytest.raises(InvalidInput, match=field):
        ReservePolicy(**kwargs)


@pytest.mark.parametrize(("energy", "alternate"), [(-1.0, 0.0), (1.0, -1.0),
                                                   (float("inf"), 0.0)])
def test_invalid_energies(energy: float, alternate: float) -> None:
    """Negative or infinite energies are refused."""
    with pytest.raises(InvalidInput):
        battery_verdict(PF2, energy, alternate_wh=alternate)
