"""Tests for kizuna.geo.layers_io: GeoJSON / GeoPackage layers read into metric CRS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import Point, box

from kizuna.errors import InvalidFile
from kizuna.geo.crs import from_wgs84
from kizuna.geo.io import write_geojson, write_geopackage
from kizuna.geo.layers_io import read_vector_layer
from kizuna.geo.vector import VectorLayer

EPSG = 6669


def _layer() -> VectorLayer:
    x, y = (float(v) for v in from_wgs84(128.8408, 32.6953, EPSG))
    return VectorLayer.from_geometries(
        "sites", [box(x, y, x + 200, y + 100), Point(x + 50, y + 50)], EPSG,
        [{"id": "a", "name": "福江", "population": 10}, {"id": "b", "name": "x",
                                                       "population": 2}])


def test_geojson_round_trip_within_a_centimetre(tmp_path: Path) -> None:
    """Written GeoJSON reads back in EPSG:6669 within 1 cm, with properties."""
    path = tmp_path / "sites.geojson"
    write_geojson(path, _layer(), EPSG)
    back = read_vector_layer(path, EPSG)
    assert back.name == "sites" and back.epsg == EPSG and len(back) == 2
    assert back.features[0].properties == {"id": "a", "name": "福江", "population": 10}
    assert back.features[0].geometry.symmetric_difference(_layer().features[0].geometry).area \
        < 200 * 0.01 * 4


def test_geopackage_round_trip(tmp_path: Path) -> None:
    """A GeoPackage layer reads back exactly in its own CRS."""
    path = tmp_path / "sites.gpkg"
    write_geopackage(path, _layer(), EPSG)
    back = read_vector_layer(path, EPSG, layer="sites", rename={"population": "pop"})
    assert back.features[1].geometry.equals_exact(_layer().features[1].geometry, 1e-6)
    assert back.features[0].properties["pop"] == 10


def test_invalid_polygon_is_repaired(tmp_path: Path) -> None:
    """A bow-tie polygon from a file is made valid rather than rejected."""
    path = tmp_path / "bowtie.geojson"
    ring = [[128.84, 32.69], [128.85, 32.70], [128.85, 32.69], [128.84, 32.70], [128.84, 32.69]]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
                                                           "coordinates": [ring]}}]}))
    layer = read_vector_layer(path, EPSG)
    assert layer.features[0].geometry.is_valid
    assert layer.features[0].geometry.geom_type == "MultiPolygon"


def test_not_a_geojson(tmp_path: Path) -> None:
    """A .geojson holding other text is InvalidFile with a one-line message naming it."""
    path = tmp_path / "notes.geojson"
    path.write_text("this is not { geojson\nat all\n")
    with pytest.raises(InvalidFile, match=r"notes\.geojson") as info:
        read_vector_layer(path, EPSG)
    assert "\n" not in str(info.value)


def test_json_that_is_not_geojson(tmp_path: Path) -> None:
    """Valid JSON that is not GeoJSON is InvalidFile too."""
    path = tmp_path / "list.geojson"
    path.write_text("[1, 2, 3]")
    with pytest.raises(InvalidFile, match=r"list\.geojson"):
        read_vector_layer(path, EPSG)
