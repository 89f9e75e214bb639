"""Values the store keeps that are not part of a domain package: tenants and scenario entries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from kizuna.errors import InvalidInput

__all__ = ["Organisation", "OrganisationKind", "ScenarioEntry"]

OrganisationKind = str  # "operator" | "prefecture" | "company"
_KINDS = ("operator", "prefecture", "company")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Organisation:
    """A tenant: a delivery operator, a prefecture (or special-zone office) or a company.

    ``scenario`` names the world its pages, planning and checks use (bundled or built), or
    None for an organisation that flies nowhere of its own (a company, a regulator).
    """

    id: str
    name: str
    kind: OrganisationKind
    scenario: str | None = None

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise InvalidInput(f"organisation id {self.id!r} must be 1-64 letters, digits, "
                               "'.', '-' or '_'", field="id")
        if not self.name.strip():
            raise InvalidInput(f"organisation {self.id}: empty name", field="name")
        if self.kind not in _KINDS:
            raise InvalidInput(f"organisation {self.id}: kind {self.kind!r} is not one of "
                               f"{', '.join(_KINDS)}", field="kind")
        if self.scenario is not None and not _ID.match(self.scenario):
            raise InvalidInput(f"organisation {self.id}: scenario {self.scenario!r} is not a "
                               "scenario name", field="scenario")


@dataclass(frozen=True)
class ScenarioEntry:
    """A scenario in the registry: who it is, how it was built, where its layers are.

    ``layers_geojson`` holds the bundled layers as one GeoJSON document; ``path`` points to a
    file or directory instead. At least one is set. ``built_at`` is timezone-aware (stored UTC).
    """

    name: str
    title: str
    epsg: int
    seed: int
    content_hash: str
    built_at: datetime
    layers_geojson: str | None = None
    path: str | None = None

    def __post_init__(self) -> None:
        if not _ID.match(self.name):
            raise InvalidInput(f"scenario name {self.name!r} must be 1-64 letters, digits, "
                               "'.', '-' or '_'", field="name")
        if not 1024 <= self.epsg <= 999999:
            raise InvalidInput(f"scenario {self.name}: EPSG code {self.epsg} out of range",
                               field="epsg")
        if not 0 <= self.seed <= 2**31 - 1:
            raise InvalidInput(f"scenario {self.name}: seed {self.seed} must be 0..2^31-1",
                               field="seed")
        if not self.content_hash.strip():
            raise InvalidInput(f"scenario {self.name}: empty content hash", field="content_hash")
        if self.built_at.tzinfo is None:
            raise InvalidInput(f"scenario {self.name}: built_at needs a UTC offset",
                               field="built_at")
        object.__setattr__(self, "built_at", self.built_at.astimezone(UTC))
        if self.layers_geojson is None and self.path is None:
            raise InvalidInput(f"scenario {self.name}: give layers_geojson or path",
                               field="layers_geojson")
