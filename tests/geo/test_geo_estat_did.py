"""Tests for kizuna.geo.estat_did: e-Stat DID shapefiles (cp932, JGD2011 geographic)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapefile
from pyproj import CRS
from shapely.geometry import Point

from kizuna.errors import InvalidFile
from kizuna.geo.crs import from_wgs84
from kizuna.geo.estat_did import load_estat_did

EPSG = 6669


def _write_did_shapefile(base: Path, *, epsg: int = 6668, cpg: str | None = "SHIFT_JIS",
                         prj: bool = True) -> Path:
    """Two DID polygons near Fukue, fields as in e-Stat's 2010/2020 files, cp932 text."""
    with shapefile.Writer(str(base), shapeType=shapefile.POLYGON, encoding="cp932") as w:
        w.field("KEN", "C", size=2)
        w.field("CITY", "C", size=3)
        w.field("CITY_NAME", "C", size=40)
        w.field("JINKO", "N", size=10)
        w.field("MENSEKI", "N", size=12, decimal=2)
        # Rings clockwise, as the shapefile specification wants for outer rings.
        w.poly([[(128.83, 32.69), (128.83, 32.70), (128.84, 32.70), (128.84, 32.69),
                 (128.83, 32.69)]])
        w.record("42", "211", "五島市", 8123, 1100000.0)
        w.poly([[(128.85, 32.69), (128.85, 32.695), (128.855, 32.695), (128.855, 32.69),
                 (128.85, 32.69)]])
        w.record("42", "211", "五島市", 5012, 250000.0)
    if prj:
        base.with_suffix(".prj").write_text(CRS.from_epsg(epsg).to_wkt("WKT1_ESRI"))
    if cpg is not None:
        base.with_suffix(".cpg").write_text(cpg)
    return base.with_suffix(".shp")


def test_did_shapefile_loads_in_metric_crs_with_japanese_names(tmp_path: Path) -> None:
    """Polygons arrive in EPSG:6669 metres with cp932 names decoded and populations kept."""
    shp = _write_did_shapefile(tmp_path / "h27ka42")
    layer = load_estat_did(shp, EPSG)
    assert layer.name == "did" and layer.epsg == EPSG and len(layer) == 2
    first = layer.features[0]
    assert first.properties["name"] == "五島市"
    assert first.properties["population"] == 8123
    assert first.properties["prefecture"] == "42"
    x, y = from_wgs84(128.835, 32.695, EPSG)
    assert first.geometry.contains(Point(float(x), float(y)))
    # 0.01 deg x 0.01 deg at 32.7 N is about 0.937 km x 1.109 km.
    assert first.properties["area_km2"] == pytest.approx(1.04, rel=0.02)


def test_did_ids_are_unique_without_key_code(tmp_path: Path) -> None:
    """Without KEY_CODE the ids fall back to KEN+CITY and a running number."""
    layer = load_estat_did(_write_did_shapefile(tmp_path / "d"), EPSG)
    ids = [f.properties["id"] for f in layer]
    assert ids == ["42211-1", "42211-2"]


def test_did_jgd2000_source_crs(tmp_path: Path) -> None:
    """A JGD2000 (EPSG:4612) file lands within a metre of the JGD2011 one."""
    a = load_estat_did(_write_did_shapefile(tmp_path / "a", epsg=6668), EPSG)
    b = load_estat_did(_write_did_shapefile(tmp_path / "b", epsg=4612), EPSG)
    ca, cb = a.features[0].geometry.centroid, b.features[0].geometry.centroid
    assert ca.distance(cb) < 1.0


def test_did_encoding_from_cpg(tmp_path: Path) -> None:
    """With encoding=None the .cpg declaration decodes the names."""
    layer = load_estat_did(_write_did_shapefile(tmp_path / "c"), EPSG, encoding=None)
    assert layer.features[1].properties["name"] == "五島市"


def test_did_without_prj_is_invalid(tmp_path: Path) -> None:
    """A shapefile with no .prj has no CRS: InvalidFile naming the file."""
    shp = _write_did_shapefile(tmp_path / "noprj", prj=False)
    with pytest.raises(InvalidFile, match=r"noprj\.shp.*no CRS"):
        load_estat_did(shp, EPSG)


def test_truncated_shapefile_is_invalid(tmp_path: Path) -> None:
    """A .shp cut short gives a one-line InvalidFile naming it."""
    shp = _write_did_shapefile(tmp_path / "cut")
    shp.write_bytes(shp.read_bytes()[:120])
    with pytest.raises(InvalidFile, match=r"cut\.shp") as info:
        load_estat_did(shp, EPSG)
    assert "\n" not in str(info.value)


def test_random_bytes_shapefile_is_invalid(tmp_path: Path) -> None:
    """Random bytes named .shp give InvalidFile, not a crash."""
    shp = tmp_path / "noise.shp"
    shp.write_bytes(np.random.default_rng(7).bytes(1000))
    with pytest.raises(InvalidFile, match=r"noise\.shp") as info:
        load_estat_did(shp, EPSG)
    assert "\n" not in str(info.value)


def test_missing_shapefile_is_invalid(tmp_path: Path) -> None:
    """A path that does not exist gives InvalidFile 'no such file'."""
    with pytest.raises(InvalidFile, match="no such file"):
        load_estat_did(tmp_path / "absent.shp", EPSG)
