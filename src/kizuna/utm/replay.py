"""The line contract of ``kizuna utm replay`` (documented in ``docs/utm.md``).

Input, one JSON object per line::

    {"op": "submit", "id": "a1", "priority": 0, "volumes": [{"polygon": {...GeoJSON Polygon...},
     "altitude_lower_m": 0, "altitude_upper_m": 120,
     "time_start": "2026-12-01T01:00:00Z", "time_end": "2026-12-01T01:20:00Z"}]}
    {"op": "end", "id": "a1"}

Output, one JSON object per input line::

    {"id": "a1", "accepted": true, "conflicts": []}
    {"id": "e1", "accepted": true, "conflicts": ["a1"], "replan": ["a1"]}
    {"id": "a1", "ended": true}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    TypeAdapter,
    ValidationError,
)
from shapely.geometry import Polygon

from kizuna.errors import InvalidInput
from kizuna.utm.airspace import InMemoryAirspace
from kizuna.utm.intent import OperationalIntent
from kizuna.utm.volume import AltitudeReference, Circle, Volume4D

__all__ = ["EndLine", "ReplaySession", "SubmitLine", "parse_line"]

_STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
Number = StrictFloat | StrictInt


class PolygonModel(BaseModel):
    """A GeoJSON Polygon (RFC 7946): closed rings of [lon, lat] positions."""

    model_config = _STRICT
    type: Literal["Polygon"]
    coordinates: Annotated[list[list[list[Number]]], Field(min_length=1)]

    def to_shape(self) -> Polygon:
        rings = []
        for r, ring in enumerate(self.coordinates):
            if len(ring) < 4:
                raise InvalidInput(f"polygon ring {r} has {len(ring)} positions (at least 4)")
            if any(len(p) not in (2, 3) for p in ring):
                raise InvalidInput(f"polygon ring {r}: a position is not [lon, lat]")
            if ring[0][:2] != ring[-1][:2]:
                raise InvalidInput(f"polygon ring {r} is not closed (first != last position)")
            rings.append([(float(p[0]), float(p[1])) for p in ring])
        return Polygon(rings[0], rings[1:])


class CircleModel(BaseModel):
    """A circle: centre [lon, lat] and radius in metres."""

    model_config = _STRICT
    center: tuple[Number, Number]
    radius_m: Number


class VolumeModel(BaseModel):
    """One 4D volume: exactly one of ``polygon`` and ``circle``."""

    model_config = _STRICT
    polygon: PolygonModel | None = None
    circle: CircleModel | None = None
    altitude_lower_m: Number
    altitude_upper_m: Number
    altitude_reference: AltitudeReference = AltitudeReference.AGL
    time_start: AwareDatetime
    time_end: AwareDatetime

    def to_volume(self) -> Volume4D:
        if (self.polygon is None) == (self.circle is None):
            raise InvalidInput("a volume needs exactly one of polygon and circle")
        shape: Polygon | Circle
        if self.polygon is not None:
            shape = self.polygon.to_shape()
        else:
            assert self.circle is not None
            shape = Circle(float(self.circle.center[0]), float(self.circle.center[1]),
                           float(self.circle.radius_m))
        return Volume4D(shape, float(self.altitude_lower_m), float(self.altitude_upper_m),
                        self.altitude_reference, self.time_start, self.time_end)


class SubmitLine(BaseModel):
    """Submit an operational intent."""

    model_config = _STRICT
    op: Literal["submit"]
    id: Annotated[str, Field(min_length=1)]
    priority: StrictInt = 0
    owner: str = ""
    volumes: Annotated[list[VolumeModel], Field(min_length=1)]

    def to_intent(self) -> OperationalIntent:
        vols = []
        for i, v in enumerate(self.volumes):
            try:
                vols.append(v.to_volume())
            except InvalidInput as exc:
                raise InvalidInput(f"volumes.{i}: {exc}") from None
        return OperationalIntent(self.id, self.owner, self.priority, tuple(vols))


class EndLine(BaseModel):
    """End an active intent."""

    model_config = _STRICT
    op: Literal["end"]
    id: Annotated[str, Field(min_length=1)]


_LINE: TypeAdapter[SubmitLine | EndLine] = TypeAdapter(
    Annotated[SubmitLine | EndLine, Field(discriminator="op")])


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    path = list(first["loc"])
    if path and path[0] in ("submit", "end"):  # the discriminator's tag, not a field
        path = path[1:]
    loc = ".".join(str(p) for p in path) or "line"
    return f"{loc}: {first['msg']}"


def parse_line(text: str) -> SubmitLine | EndLine:
    """Parse one input line (raises `InvalidInput` with a one-line reason)."""
    try:
        doc: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON: {exc.msg}") from None
    if not isinstance(doc, dict) or doc.get("op") not in ("submit", "end"):
        raise InvalidInput('expected an object with "op": "submit" or "end"')
    try:
        return _LINE.validate_python(doc)
    except ValidationError as exc:
        raise InvalidInput(_first_error(exc)) from None


@dataclass(eq=False)
class ReplaySession:
    """Processes replay lines in order against an empty in-memory airspace."""

    airspace: InMemoryAirspace = field(default_factory=InMemoryAirspace)
    reference: AltitudeReference | None = None

    def process(self, text: str) -> dict[str, Any]:
        """One input line -> its output object (raises `InvalidInput` for a malformed line)."""
        line = parse_line(text)
        if isinstance(line, EndLine):
            return {"id": line.id, "ended": self.airspace.end(line.id)}
        intent = line.to_intent()
        ref = intent.volumes[0].altitude_reference
        if self.reference is None:
            self.reference = ref
        elif ref != self.reference:
            raise InvalidInput(f"altitude_reference {ref} differs from the file's {self.reference}"
                               " (one reference per file)")
        result = self.airspace.submit(intent)
        out: dict[str, Any] = {"id": intent.id, "accepted": result.accepted,
                               "conflicts": list(result.conflicts)}
        if result.replan:
            out["replan"] = list(result.replan)
        return out
