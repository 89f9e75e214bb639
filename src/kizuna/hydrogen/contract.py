"""The JSON contract of ``kizuna hydrogen check`` (documented in ``docs/hydrogen.md``).

Input::

    {"district": "commercial", "stored_m3": 500, "hydrogen_station": false, "special_zone": false}

Output::

    {"allowed": true, "regime": "standard", "cap_m3": 700, "stored_m3": 500,
     "needs": [], "notices": []}
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictBool, StrictFloat

from kizuna.hydrogen.caps import District
from kizuna.hydrogen.check import Site, Verdict
from kizuna.hydrogen.conversion import plain_number

__all__ = ["CheckRequest", "verdict_json"]

# Strict: "500" or true is not an amount. Ints are accepted as floats.
Amount = StrictFloat


class CheckRequest(BaseModel):
    """One site to check; exactly one of ``stored_m3`` and ``stored_kg``."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    district: District
    stored_m3: Amount | None = None
    stored_kg: Amount | None = None
    hydrogen_station: StrictBool = False
    special_zone: StrictBool = False

    def to_site(self) -> Site:
        """The domain `Site` (raises `InvalidInput` unless exactly one amount is given)."""
        return Site(
            district=self.district,
            stored_m3=self.stored_m3,
            stored_kg=self.stored_kg,
            hydrogen_station=self.hydrogen_station,
            special_zone=self.special_zone,
        )


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    """The verdict in the CLI's output shape (``cap_m3`` is null where there is no cap)."""
    return {
        "allowed": verdict.allowed,
        "regime": verdict.regime.value,
        "cap_m3": None if verdict.cap_m3 is None else plain_number(verdict.cap_m3),
        "stored_m3": plain_number(verdict.stored_m3),
        "needs": [{**asdict(n), "steps": list(n.steps)} for n in verdict.needs],
        "notices": [asdict(n) for n in verdict.notices],
    }
