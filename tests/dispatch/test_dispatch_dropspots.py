"""Registered drop spots do not depend on which settlements are asked for."""

from __future__ import annotations

from kizuna.dispatch import generate_drop_spots
from kizuna.scenario import load


def test_settlement_filter_keeps_the_same_spots() -> None:
    """Hisaka's and Naru's pads are where the whole-scenario draw puts them."""
    s = load("goto")
    every = generate_drop_spots(s, 0)
    some = generate_drop_spots(s, 0, settlements=("hisaka", "naru"))
    assert some == [p for p in every if p.settlement_id in ("hisaka", "naru")]
    assert {p.settlement_id for p in some} == {"hisaka", "naru"}
