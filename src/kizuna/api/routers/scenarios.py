"""Scenarios and their map layers (RFC 7946 GeoJSON, WGS84), cached per process.

The layers are exactly those ``kizuna scenario export`` writes (the same feature builder in
:mod:`kizuna.scenario.export`, the same :func:`kizuna.geo.io.feature_collection`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from fastapi import APIRouter

from kizuna.api.deps import Caller
from kizuna.geo.io import feature_collection
from kizuna.scenario import Scenario, load, names, source, title
from kizuna.scenario.export import is_synthetic, vector_layers
from kizuna.scenario.summary import summarise

__all__ = ["LAYERS", "router"]

router = APIRouter(prefix="/scenarios", tags=["scenarios"])
LayerName = Literal["land", "did", "roads", "railways", "no_fly", "bases", "settlements",
                    "airports"]
LAYERS: tuple[str, ...] = ("land", "did", "roads", "railways", "no_fly", "bases",
                           "settlements", "airports")


def _summary(name: str) -> dict[str, Any]:
    return _summary_of(load(name))


def _layer(name: str, layer: str) -> dict[str, Any]:
    return _layer_of(load(name), layer)


# Keyed by the scenario value (the catalogue hands out a new one when a built scenario is
# rebuilt), so a rebuild is served without a restart.
@lru_cache(maxsize=16)
def _summary_of(scenario: Scenario) -> dict[str, Any]:
    return summarise(scenario)


@lru_cache(maxsize=128)
def _layer_of(scenario: Scenario, layer: str) -> dict[str, Any]:
    features, epsg = vector_layers(scenario)[f"{layer}.geojson"]
    return feature_collection(features, epsg,
                              properties_extra={"synthetic": is_synthetic(scenario, layer)})


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
def scenario_layer(name: str, layer: LayerName, _caller: Caller) -> dict[str, Any]:
    """One layer as a GeoJSON FeatureCollection; every feature says whether it is synthetic."""
    return _layer(name, layer)
