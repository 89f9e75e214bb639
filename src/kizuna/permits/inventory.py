"""The roads and railways inside an area or corridor, with the length of each inside it."""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

from kizuna.scenario.model import Scenario

__all__ = ["CrossedFeature", "crossed_features"]


@dataclass(frozen=True, slots=True)
class CrossedFeature:
    """One road or railway segment meeting the envelope, and its length inside it (m)."""

    layer: str  # "road" or "railway"
    id: str
    name: str
    kind: str
    length_m: float


def crossed_features(scenario: Scenario, envelope: BaseGeometry) -> list[CrossedFeature]:
    """Every road and railway meeting ``envelope`` (metric), railways first, longest first."""
    found: list[CrossedFeature] = []
    for layer_name, layer in (("railway", scenario.railways), ("road", scenario.roads)):
        for i, feature in enumerate(layer.intersecting(envelope)):
            inside = feature.geometry.intersection(envelope)
            if inside.length <= 0:
                continue
            p = feature.properties
            found.append(CrossedFeature(layer_name, str(p.get("id", f"{layer_name}-{i}")),
                                        str(p.get("name", "")), str(p.get("kind", layer_name)),
                                        round(float(inside.length), 1)))
    found.sort(key=lambda f: (f.layer != "railway", -f.length_m, f.id))
    return found
