"""Aircraft profiles: the bundled defaults and their validation."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from kizuna.errors import InvalidInput, UnknownName
from kizuna.fleet import AircraftProfile, Certification, load_profiles, profile


def _data(**changes: Any) -> dict[str, Any]:
    return {**profile("pf2-cat3").to_dict(), **changes}


def test_four_bundled_profiles() -> None:
    """The defaults are the four DOMAIN.md section 4 aircraft."""
    assert sorted(load_profiles()) == ["e6150", "longrange-fw", "pf2-cat3", "pf4"]


def test_pf2_cat3_figures() -> None:
    """PF2-CAT3: 9.8 kg MTOW, 1.0 kg payload, 10 m/s cruise, 3 up, 2 down, parachute, 1st class."""
    p = profile("pf2-cat3")
    assert (p.mtow_kg, p.payload_kg, p.cruise_mps) == (9.8, 1.0, 10.0)
    assert (p.climb_mps, p.descent_mps, p.range_km) == (3.0, 2.0, 11.4)
    assert p.parachute and p.certification is Certification.FIRST_CLASS
    assert 17.5 <= p.endurance_min <= 20


def test_pf4_figures() -> None:
    """PF4: 24.9 kg MTOW (under the 25 kg line), 4.5 kg payload, ~35 km, 10 m/s wind limit."""
    p = profile("pf4")
    assert (p.mtow_kg, p.payload_kg, p.range_km, p.wind_limit_mps) == (24.9, 4.5, 35.0, 10.0)
    assert p.mtow_kg < 25


def test_fixed_wing_drops_its_payload() -> None:
    """The long-range fixed wing flies > 27 m/s, > 2 h, and parachute-drops (M-DROP)."""
    p = profile("longrange-fw")
    assert p.kind == "fixed_wing" and p.drops_payload and p.payload_kg == 1.75
    assert p.cruise_mps > 27 and p.endurance_min >= 120


def test_only_multirotor_pf2_and_pf4_are_not_drop_aircraft() -> None:
    """Only the fixed wing drops payloads; the multirotors set them down."""
    assert {p.id for p in load_profiles().values() if p.drops_payload} == {"longrange-fw"}


def test_unpublished_figures_are_marked_assumed() -> None:
    """Every profile names the figures its maker does not publish."""
    for p in load_profiles().values():
        assert p.assumed, p.id
        assert set(p.assumed) <= set(p.to_dict()) | set(p.extra)


def test_to_dict_from_dict_round_trip() -> None:
    """to_dict is JSON-ready and from_dict rebuilds an equal profile."""
    for p in load_profiles().values():
        d = p.to_dict()
        assert d["certification"] in {"none", "second_class", "first_class"}
        assert isinstance(d["assumed"], list)
        assert AircraftProfile.from_dict(d) == p


def test_unknown_keys_are_kept_in_extra() -> None:
    """from_dict keeps keys it does not know in ``extra`` rather than failing."""
    assert AircraftProfile.from_dict(_data(colour="red")).extra == {"colour": "red"}


def test_unknown_profile_lists_the_known_ones() -> None:
    """Looking up an unknown id names the known profiles."""
    with pytest.raises(UnknownName, match=r"unknown aircraft profile 'pf9'.*pf2-cat3"):
        profile("pf9")


@pytest.mark.parametrize(("changes", "message"), [
    ({"payload_kg": 1.5}, r"empty mass 8.8 kg \+ payload 1.5 kg exceeds MTOW 9.8 kg"),
    ({"mtow_kg": -1.0}, "mtow_kg must be a positive number"),
    ({"cruise_mps": float("nan")}, "cruise_mps must be a positive number"),
    ({"battery_wh": "600"}, "battery_wh must be a positive number"),
    ({"max_speed_mps": 9.0}, "max speed below cruise speed"),
    ({"rotors": 2}, "multirotor needs >= 3 rotors"),
    ({"kind": "balloon"}, "kind must be multirotor or fixed_wing"),
    ({"id": "pf 2"}, "profile id 'pf 2' must be letters, digits and dashes"),
    ({"certification": "third_class"}, "third_class"),
])
def test_invalid_profile_is_rejected(changes: dict[str, Any], message: str) -> None:
    """Each broken field raises InvalidInput naming the problem."""
    with pytest.raises(InvalidInput, match=message):
        AircraftProfile.from_dict(_data(**changes))


def test_missing_field_is_invalid_input() -> None:
    """A profile dict without a required field is InvalidInput, not a TypeError."""
    data = _data()
    del data["mtow_kg"]
    with pytest.raises(InvalidInput, match="mtow_kg"):
        AircraftProfile.from_dict(data)


def test_payload_exactly_at_mtow_is_accepted() -> None:
    """Empty mass + payload equal to MTOW is allowed (the limit is inclusive)."""
    p = replace(profile("pf2-cat3"), payload_kg=1.0, empty_mass_kg=8.8)
    assert p.empty_mass_kg + p.payload_kg == pytest.approx(p.mtow_kg)
