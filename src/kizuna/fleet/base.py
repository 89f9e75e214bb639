"""Bases: ports or depots with landing pads, where flights start and end."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kizuna.errors import InvalidInput

__all__ = ["Base", "Pad"]

# Ids appear in URLs and CLI flags (--from fukue-port), so they stay ASCII.
_BASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Pad:
    """A take-off and landing pad (WGS84)."""

    id: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Base:
    """A delivery base (WGS84 location; pads default to one at the base itself)."""

    id: str
    name: str
    lon: float
    lat: float
    name_ja: str = ""
    pads: tuple[Pad, ...] = ()
    kind: str = "port"

    def __post_init__(self) -> None:
        if not _BASE_ID.fullmatch(self.id):
            raise InvalidInput(f"base id {self.id!r} must be letters, digits, - or _", field="id")
        for name, v, lim in (("lon", self.lon, 180), ("lat", self.lat, 90)):
            if not (math.isfinite(v) and -lim <= v <= lim):
                raise InvalidInput(f"base {self.id}: {name} {v} out of range", field=name)
        if not self.pads:
            object.__setattr__(self, "pads", (Pad(f"{self.id}-pad1", self.lon, self.lat),))
