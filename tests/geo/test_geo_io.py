"""Tests for kizuna.geo.io: GeoJSON, GeoPackage and GeoTIFF writers and readers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from shapely.geometry import LineString, Point, Polygon

from kizuna.errors import InvalidFile
from kizuna.geo.crs import from_wgs84
from kizuna.geo.io import read_geotiff, write_geojson, write_geopackage, write_geotiff
from kizuna.geo.raster import Raster, RasterKind
from kizuna.geo.vector import Feature, VectorLayer

EPSG = 6669
FUKUE = (128.8408, 32.6953)


def _layer() -> VectorLayer:
    x, y = from_wgs84(*FUKUE, EPSG)
    x0, y0 = float(x), float(y)
    square = Polygon([(x0, y0), (x0 + 100, y0), (x0 + 100, y0 + 100), (x0, y0 + 100)])
    return VectorLayer.from_geometries(
        "demo",
        [square, Point(x0, y0), LineString([(x0, y0), (x0 + 500, y0 + 500)])],
        EPSG,
        [{"id": "A", "population": 12, "score": 1.5},
         {"id": "B", "population": 3, "score": np.float64(2.0)},
         {"id": "C", "population": 0, "score": None}],
    )


def test_geojson_is_rfc7946_lonlat(tmp_path: Path) -> None:
    """GeoJSON holds lon/lat near the source point, 7 decimals, no crs member."""
    path = tmp_path / "out.geojson"
    write_geojson(path, _layer(), EPSG, properties_extra={"synthetic": True})
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    lon, lat = doc["features"][1]["geometry"]["coordinates"]
    assert lon == pytest.approx(FUKUE[0], abs=1e-7)
    assert lat == pytest.approx(FUKUE[1], abs=1e-7)
    assert lon == round(lon, 7)
    assert doc["features"][0]["properties"] == {"id": "A", "population": 12, "score": 1.5,
                                                "synthetic": True}
    assert doc["features"][1]["properties"]["score"] == 2.0


def test_geojson_polygon_exterior_is_counterclockwise(tmp_path: Path) -> None:
    """Polygon exterior rings are written counterclockwise (RFC 7946 3.1.6)."""
    x, y = (float(v) for v in from_wgs84(*FUKUE, EPSG))
    cw = Polygon([(x, y), (x, y + 50), (x + 50, y + 50), (x + 50, y)])
    path = tmp_path / "cw.geojson"
    write_geojson(path, [Feature(cw, {})], EPSG)
    ring = json.loads(path.read_text())["features"][0]["geometry"]["coordinates"][0]
    assert Polygon(ring).exterior.is_ccw


def test_geojson_accepts_features_then_path(tmp_path: Path) -> None:
    """write_geojson(features, path, epsg) writes the same file as (path, features, epsg)."""
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    write_geojson(a, _layer(), EPSG)
    write_geojson(_layer(), b, EPSG)
    assert a.read_text() == b.read_text()


def test_geojson_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """Only the target exists after a write (atomic rename)."""
    write_geojson(tmp_path / "x.geojson", _layer(), EPSG)
    assert [p.name for p in tmp_path.iterdir()] == ["x.geojson"]


def _raster() -> Raster:
    data = np.arange(12, dtype=float).reshape(3, 4)
    data[0, 0] = -9999.0
    return Raster(data, Affine(100, 0, -62000, 0, -100, -33000), EPSG,
                  RasterKind.POPULATION_DENSITY, nodata=-9999.0)


def test_geotiff_round_trip_keeps_grid_crs_nodata_and_tags(tmp_path: Path) -> None:
    """A written GeoTIFF reads back equal, with its CRS, nodata and tags."""
    path = tmp_path / "pop.tif"
    write_geotiff(path, _raster(), tags={"SYNTHETIC": "true"})
    with rasterio.open(path) as src:
        assert src.crs.to_epsg() == EPSG
        assert src.tags()["KIZUNA_KIND"] == "population_density"
        assert src.tags()["SYNTHETIC"] == "true"
    back = read_geotiff(path)
    assert back.kind is RasterKind.POPULATION_DENSITY
    assert back.epsg == EPSG and back.nodata == -9999.0
    assert back.transform == _raster().transform
    np.testing.assert_array_equal(back.data, _raster().data)
    assert np.isnan(back.values[0, 0])


def test_geotiff_accepts_raster_then_path(tmp_path: Path) -> None:
    """write_geotiff(raster, path, tags=...) is the same call."""
    path = tmp_path / "t.tif"
    write_geotiff(_raster(), path, tags={"A": "b"})
    assert read_geotiff(path).shape == (3, 4)


def test_read_geotiff_kind_argument_overrides_tag(tmp_path: Path) -> None:
    """An explicit kind wins over the KIZUNA_KIND tag."""
    path = tmp_path / "t.tif"
    write_geotiff(path, _raster())
    assert read_geotiff(path, kind="terrain").kind is RasterKind.TERRAIN


def test_read_geotiff_rejects_garbage(tmp_path: Path) -> None:
    """Random bytes named .tif give InvalidFile naming the file."""
    path = tmp_path / "junk.tif"
    path.write_bytes(np.random.default_rng(1).bytes(500))
    with pytest.raises(InvalidFile, match=r"junk\.tif"):
        read_geotiff(path)


def test_geopackage_round_trip(tmp_path: Path) -> None:
    """A GeoPackage holds the layer in its CRS with typed fields."""
    import pyogrio

    path = tmp_path / "out.gpkg"
    write_geopackage(path, _layer(), EPSG)
    info = pyogrio.read_info(path, layer="demo")
    assert info["crs"] == f"EPSG:{EPSG}"
    assert info["features"] == 3
    meta, _, _geoms, fields = pyogrio.raw.read(path, layer="demo")
    assert list(meta["fields"]) == ["id", "population", "score"]
    assert list(fields[1]) == [12, 3, 0]
    assert np.isnan(fields[2][2])
