"""Export a scenario as open files: WGS84 GeoJSON layers and GeoTIFF rasters.

One file per layer, each written atomically by :mod:`kizuna.geo.io`:

========================  ================================================================
file                      content
========================  ================================================================
``land.geojson``          the coastline polygons (MultiPolygon)
``did.geojson``           densely inhabited districts (population, area_km2, density)
``settlements.geojson``   named places (Point) with ``population``
``bases.geojson``         delivery bases (Point) with ``id``
``airports.geojson``      airport restricted surfaces (Polygon; one per surface, with heights)
``no_fly.geojson``        every area needing further permission or consent (``kind``, ``name``)
``roads.geojson``         roads (LineString); an empty FeatureCollection when there are none
``railways.geojson``      railways (LineString); idem
``population.tif``        people/km², in the scenario's metric CRS
``terrain.tif``           metres above mean sea level, in the scenario's metric CRS
========================  ================================================================

Every GeoJSON feature carries ``synthetic`` (true when the layer is generated, not measured).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shapely.geometry import Point

from kizuna.errors import InvalidFile
from kizuna.geo.crs import WGS84
from kizuna.geo.io import write_geojson, write_geotiff
from kizuna.geo.raster import Raster
from kizuna.geo.vector import Feature, VectorLayer
from kizuna.scenario.model import Scenario

__all__ = ["EXPORT_FILES", "export_scenario", "is_synthetic", "vector_layers"]

#: The files :func:`export_scenario` writes, in the order it writes them.
EXPORT_FILES: tuple[str, ...] = (
    "land.geojson", "did.geojson", "settlements.geojson", "bases.geojson", "airports.geojson",
    "no_fly.geojson", "roads.geojson", "railways.geojson", "population.tif", "terrain.tif",
)

_LAYER_ALIASES = {"did": ("did", "dids"), "land": ("land", "coast", "coastline")}


def is_synthetic(scenario: Scenario, layer: str) -> bool:
    """Whether ``layer`` (an export name such as ``"did"``) is generated, not measured."""
    return any(name in scenario.synthetic for name in _LAYER_ALIASES.get(layer, (layer,)))


def _layer_features(layer: VectorLayer) -> list[Feature]:
    return list(layer.features)


def vector_layers(s: Scenario) -> dict[str, tuple[list[Feature], int]]:
    """File name -> (features, EPSG of their geometries)."""
    land_props: dict[str, Any] = {"kind": "land", "area_km2": round(float(s.land.area) / 1e6, 3)}
    if "land" in s.sources:
        land_props["source"] = s.sources["land"]
    land = [Feature(s.land, land_props)] if not s.land.is_empty else []
    settlements = [
        Feature(Point(t.lon, t.lat), {"id": t.id, "name": t.name, "name_ja": t.name_ja,
                                      "municipality": t.municipality,
                                      "population": t.population})
        for t in s.settlements
    ]
    bases = [
        Feature(Point(b.lon, b.lat), {"id": b.id, "name": b.name, "name_ja": b.name_ja,
                                      "kind": b.kind,
                                      "pads": [{"id": p.id, "lon": p.lon, "lat": p.lat}
                                               for p in b.pads]})
        for b in s.bases
    ]
    airports = []
    for a in s.airports:
        about = {"id": a.id, "name": a.name, "name_ja": a.name_ja, "lon": a.lon, "lat": a.lat,
                 "radius_m": a.radius_m}
        if a.surfaces is None:
            airports.append(Feature(a.surface, about))
            continue
        # One feature per restricted surface, with the heights (m AMSL) above which a flight
        # needs the airport's permission.
        airports += [Feature(f.area, {**about, "surface": f.name,
                                      "low_amsl_m": round(f.low_amsl_m, 1),
                                      "high_amsl_m": round(f.high_amsl_m, 1)})
                     for f in a.surfaces.footprints()]
    emergency = {e.id: e for e in s.emergency_airspace}
    no_fly: list[Feature] = []
    for area in s.no_fly_areas():
        props: dict[str, Any] = {"id": area.id, "kind": area.kind, "name": area.name}
        if area.kind == "emergency" and area.id in emergency:
            props["start"] = emergency[area.id].start.isoformat()
            props["end"] = emergency[area.id].end.isoformat()
        no_fly.append(Feature(area.area, props))
    return {
        "land.geojson": (land, s.epsg),
        "did.geojson": (_layer_features(s.did), s.epsg),
        "settlements.geojson": (settlements, WGS84),
        "bases.geojson": (bases, WGS84),
        "airports.geojson": (airports, s.epsg),
        "no_fly.geojson": (no_fly, s.epsg),
        "roads.geojson": (_layer_features(s.roads), s.epsg),
        "railways.geojson": (_layer_features(s.railways), s.epsg),
    }


def _raster_tags(s: Scenario, layer: str, units: str) -> dict[str, str]:
    synthetic = is_synthetic(s, layer)
    tags = {"SCENARIO": s.name, "LAYER": layer, "UNITS": units,
            "SYNTHETIC": "yes" if synthetic else "no"}
    if synthetic:
        tags["SEED"] = str(s.seed)
    if layer in s.sources:
        tags["SOURCE"] = s.sources[layer]
    return tags


def export_scenario(scenario: Scenario, out_dir: str | os.PathLike[str], *,
                    progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write the scenario's layers into ``out_dir`` (created if needed); return the paths.

    Parameters
    ----------
    scenario
        The scenario to export.
    out_dir
        Target directory; existing files of the same names are replaced atomically.
    progress
        Called with each file name after it is written (for progress bars).

    Raises
    ------
    InvalidFile
        When ``out_dir`` or a file in it cannot be written.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InvalidFile(out, "is not a directory")
    written: list[Path] = []
    rasters: dict[str, tuple[Raster, dict[str, str]]] = {
        "population.tif": (scenario.population,
                           _raster_tags(scenario, "population", "people/km2")),
        "terrain.tif": (scenario.terrain, _raster_tags(scenario, "terrain", "m AMSL")),
    }
    try:
        for name, (features, epsg) in vector_layers(scenario).items():
            layer = name.removesuffix(".geojson")
            write_geojson(out / name, features, epsg,
                          properties_extra={"synthetic": is_synthetic(scenario, layer)})
            written.append(out / name)
            if progress is not None:
                progress(name)
        for name, (raster, tags) in rasters.items():
            write_geotiff(out / name, raster, tags=tags)
            written.append(out / name)
            if progress is not None:
                progress(name)
    except OSError as exc:
        target = getattr(exc, "filename", None) or out
        raise InvalidFile(target, f"cannot be written ({exc.strerror or exc})") from None
    return written
