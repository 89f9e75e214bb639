"""Scenarios and their map layers (RFC 7946 GeoJSON, WGS84), cached per process.

The layers are exactly those ``kizuna scenario export`` writes (the same feature builder in
:mod:`kizuna.scenario.export`, the same :func:`kizuna.geo.io.feature_collection`).

The pages ask for a layer at the map's zoom (``?zoom=``): GeoJSON by zoom, not vector tiles,
since a scenario is one town or island group. Geometries are simplified, in the scenario's
metric CRS, to a quarter of a screen pixel at that zoom (a change nobody can see), and the
answer is kept under :data:`LAYER_BUDGET_BYTES`: while it is larger, the tolerance doubles.
Without ``zoom`` the layer comes at full detail, as exported.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from kizuna.api.deps import Caller
from kizuna.geo.crs import geometry_to_wgs84
from kizuna.geo.io import feature_collection
from kizuna.geo.vector import Feature
from kizuna.scenario import load, names, source, title
from kizuna.scenario.export import is_synthetic, vector_layers
from kizuna.scenario.model import Scenario
from kizuna.scenario.summary import summarise

__all__ = ["LAYERS", "LAYER_BUDGET_BYTES", "MAX_ZOOM", "router", "simplify_tolerance_m"]

router = APIRouter(prefix="/scenarios", tags=["scenarios"])
LayerName = Literal["land", "did", "roads", "railways", "no_fly", "bases", "settlements",
                    "airports"]
LAYERS: tuple[str, ...] = ("land", "did", "roads", "railways", "no_fly", "bases",
                           "settlements", "airports")

#: The largest answer for one layer at one zoom (compact JSON, before compression).
LAYER_BUDGET_BYTES = 1_000_000
#: Zoom levels the pages use (MapLibre's range); beyond 18 nothing more is simplified away.
MAX_ZOOM = 22
_EARTH_CIRCUMFERENCE_M = 40_075_016.686
_TILE_PX = 512


def simplify_tolerance_m(zoom: int, lat: float) -> float:
    """A quarter of a screen pixel in metres at ``zoom`` and latitude ``lat`` (MapLibre's
    512-pixel tiles): simplification below this cannot be seen on the map."""
    pixel_m = _EARTH_CIRCUMFERENCE_M * math.cos(math.radians(lat)) / (_TILE_PX * 2.0 ** zoom)
    return pixel_m / 4


def _latitude(scenario: Scenario) -> float:
    """The latitude of the scenario's land (its first base's when it has no land)."""
    if scenario.land.is_empty:
        return float(scenario.bases[0].lat) if scenario.bases else 35.0
    return float(geometry_to_wgs84(scenario.land.centroid, scenario.epsg).y)


def _size(fc: dict[str, Any]) -> int:
    return len(json.dumps(fc, separators=(",", ":")))


def _summary(name: str) -> dict[str, Any]:
    return _summary_of(load(name))


def _layer(name: str, layer: str, zoom: int | None = None) -> dict[str, Any]:
    return _layer_of(load(name), layer, zoom)


# Keyed by the scenario value (the catalogue hands out a new one when a built scenario is
# rebuilt), so a rebuild is served without a restart.
@lru_cache(maxsize=16)
def _summary_of(scenario: Scenario) -> dict[str, Any]:
    return summarise(scenario)


@lru_cache(maxsize=512)
def _layer_of(scenario: Scenario, layer: str, zoom: int | None) -> dict[str, Any]:
    features, epsg = vector_layers(scenario)[f"{layer}.geojson"]
    extra = {"synthetic": is_synthetic(scenario, layer)}
    if zoom is None:
        return feature_collection(features, epsg, properties_extra=extra)
    tolerance = simplify_tolerance_m(min(zoom, 18), _latitude(scenario))
    while True:
        fc = feature_collection(
            [Feature(f.geometry.simplify(tolerance, preserve_topology=True), f.properties)
             for f in features], epsg, properties_extra=extra)
        if _size(fc) <= LAYER_BUDGET_BYTES or tolerance > 10_000:
            return fc
        tolerance *= 2


@router.get("")
def list_scenarios(_caller: Caller) -> list[dict[str, Any]]:
    """The scenarios (bundled and built), each with its title, source and layers."""
    return [{"name": n, "title": title(n), "source": source(n), "layers": list(LAYERS)}
            for n in names()]


@router.get("/{name}/summary")
def scenario_summary(name: str, _caller: Caller) -> dict[str, Any]:
    """Headline figures (the output of ``kizuna scenario summary``)."""
    return _summary(name)


@router.get("/{name}/layers/{layer}")
def scenario_layer(
    name: str, layer: LayerName, _caller: Caller,
    zoom: Annotated[int | None, Query(ge=0, le=MAX_ZOOM,
                                      description="Map zoom: simplify for it, within the "
                                      "size budget; full detail when absent.")] = None,
) -> dict[str, Any]:
    """One layer as a GeoJSON FeatureCollection; every feature says whether it is synthetic."""
    return _layer(name, layer, zoom)
