"""Bases: ids, WGS84 locations and default pads."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidInput
from kizuna.fleet import Base, Pad


@pytest.mark.parametrize(("lon", "lat", "field"), [
    (180.5, 32.697, "lon"), (-181.0, 32.697, "lon"), (float("nan"), 32.697, "lon"),
    (128.843, 90.1, "lat"), (128.843, float("inf"), "lat"),
])
def test_out_of_range_location_is_rejected(lon: float, lat: float, field: str) -> None:
    """Longitude beyond +-180 or latitude beyond +-90 (or not finite) is rejected."""
    with pytest.raises(InvalidInput, match=f"{field} .* out of range") as exc:
        Base("fukue-port", "Fukue port", lon, lat)
    assert exc.value.field == field


@pytest.mark.parametrize("base_id", ["", "fukue port", "fukue/port", "-"])
def test_bad_id_is_rejected(base_id: str) -> None:
    """Base ids are letters, digits, - or _ (and not only dashes)."""
    with pytest.raises(InvalidInput, match="must be letters, digits"):
        Base(base_id, "Fukue port", 128.843, 32.697)


def test_default_pad_is_at_the_base() -> None:
    """A base without pads gets one pad at its own location."""
    b = Base("fukue-port", "Fukue port", 128.843, 32.697)
    assert b.pads == (Pad("fukue-port-pad1", 128.843, 32.697),)


def test_given_pads_are_kept() -> None:
    """Explicit pads replace the default one."""
    pads = (Pad("a", 129.048, 33.012), Pad("b", 129.049, 33.013))
    assert Base("aokata", "Aokata", 129.048, 33.012, pads=pads).pads == pads
