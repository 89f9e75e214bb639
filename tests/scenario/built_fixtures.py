"""Real-format public-data files for `kizuna scenario build`, generated (never downloaded).

The area is Fukue (Goto islands), bbox 128.78-128.90 E, 32.64-32.74 N, on the real GSHHG coast:

- ``tblT001142Q4928.txt``: an e-Stat 250 m mesh table, cp932, its two header lines, a
  ``*`` secret cell whose people ``HTKSAKI`` moves to a neighbour, and a dense 5 x 5 mesh core
  (about 12,000 people at ~10,000 people/km²) centred on :data:`DID_CENTRE`;
- ``h27ka42.shp`` (+ .shx .dbf .prj .cpg): an e-Stat DID shapefile, cp932, JGD2011 lon/lat,
  one district over that core (0.017 x 0.013 degrees);
- ``dem/fukue.tif``: a DEM GeoTIFF (EPSG:6668, GSI's -9999 at sea): 20 m plains and a 300 m
  hill at :data:`HILL`; the same heights as GSI PNG tiles (``tiles/z/x/y.png``) and as an
  FG-GML DEM (``fgml/FG-GML-...-DEM10B.xml``);
- ``roads.gpkg``: a GeoPackage of road lines (JGD2011 lon/lat); ``railways.geojson``: a
  north-south line at :data:`RAILWAY_LON`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import jismesh.utils as ju
import numpy as np
from affine import Affine
from PIL import Image
from shapely.geometry import LineString, Polygon

from kizuna.geo.gsi_dem import encode_gsi_elevation, tile_bounds_lonlat
from kizuna.geo.io import write_geopackage
from kizuna.geo.vector import Feature

BBOX = (128.78, 32.64, 128.90, 32.74)
DID_CENTRE = (128.83, 32.68)
HILL = (128.85, 32.67)
RAILWAY_LON = 128.815
BASE = (128.80, 32.675)
DROP = (128.86, 32.665)
MESH_PEOPLE = 600  # per 250 m mesh of the core: ~0.07 km², so ~9,000 people/km²


def ground(lon: np.ndarray[Any, Any] | float, lat: np.ndarray[Any, Any] | float) -> Any:
    """The fixtures' terrain: 20 m plains and a 300 m Gaussian hill (sigma ~1.1 km)."""
    dx = (np.asarray(lon) - HILL[0]) * 93_800.0
    dy = (np.asarray(lat) - HILL[1]) * 111_000.0
    return 20.0 + 280.0 * np.exp(-(dx * dx + dy * dy) / (2 * 1100.0**2))


# -- e-Stat mesh table ---------------------------------------------------------------------------
def core_codes() -> list[str]:
    """The 5 x 5 dense 250 m meshes around the DID centre."""
    lat_step, lon_step = 30 / 3600 / 4, 45 / 3600 / 4  # 250 m mesh: 7.5" x 11.25"
    codes = []
    for i in range(-2, 3):
        for j in range(-2, 3):
            codes.append(str(int(ju.to_meshcode(DID_CENTRE[1] + i * lat_step,
                                                DID_CENTRE[0] + j * lon_step, 5))))
    return codes


def write_mesh_table(path: Path, *, broken: bool = False) -> Path:
    """The 250 m table: the dense core, rural meshes, a secret cell and (``broken``) a bad code."""
    lines = ["KEY_CODE,HTKSYORI,HTKSAKI,GASSAN,T001142001,T001142002",
             ",,,,人口（総数）,人口（総数）　男"]
    core = core_codes()
    for code in core:
        lines.append(f"{code},0,,,{MESH_PEOPLE},{MESH_PEOPLE // 2}")
    rural = str(int(ju.to_meshcode(32.66, 128.81, 5)))
    secret = str(int(ju.to_meshcode(32.66, 128.82, 5)))
    lines.append(f"{rural},1,{secret},,40,20")
    lines.append(f"{secret},2,{rural},,*,*")  # 秘匿: its people are counted in HTKSAKI's mesh
    if broken:
        lines.append("52X9123456,0,,,10,5")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    return path


# -- e-Stat DID shapefile -------------------------------------------------------------------------
def write_did_shapefile(base: Path, *, prj: bool = True) -> Path:
    """One DID over the core: cp932 attributes (.cpg), JGD2011 lon/lat (.prj).

    Written by GDAL (pyogrio) rather than pyshp: pyshp 3.1 leaves its .dbf open, which the
    tests (warnings are errors) would report.
    """
    import pyogrio.raw
    import shapely

    lon, lat = DID_CENTRE
    w, h = 0.0085, 0.0065
    ring = Polygon([(lon - w, lat - h), (lon - w, lat + h), (lon + w, lat + h),
                    (lon + w, lat - h)])
    fields = [np.array(["42"], dtype=object), np.array(["211"], dtype=object),
              np.array(["五島市"], dtype=object), np.array([12000], dtype=np.int64)]
    shp = base.with_suffix(".shp")
    pyogrio.raw.write(str(shp), np.array(shapely.to_wkb([ring]), dtype=object), fields,
                      ["KEN", "CITY", "CITY_NAME", "JINKO"], driver="ESRI Shapefile",
                      geometry_type="Polygon", crs="EPSG:6668", encoding="cp932")
    if not prj:
        base.with_suffix(".prj").unlink()
    return shp


# -- terrain --------------------------------------------------------------------------------------
def write_dem_geotiff(path: Path, *, west_only: bool = False) -> Path:
    """A 0.0005-degree (~50 m) DEM over the bbox; ``west_only`` leaves the east half empty."""
    import rasterio

    west, south, east, north = BBOX
    step = 0.0005
    cols, rows = round((east - west) / step) + 20, round((north - south) / step) + 20
    transform = Affine(step, 0, west - 10 * step, 0, -step, north + 10 * step)
    lon = transform.c + (np.arange(cols) + 0.5) * step
    lat = transform.f - (np.arange(rows) + 0.5) * step
    heights = ground(*np.meshgrid(lon, lat))
    if west_only:
        heights[:, cols // 2:] = -9999.0
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", height=rows, width=cols, count=1,
                       dtype="float32", crs="EPSG:6668", transform=transform,
                       nodata=-9999.0) as dst:
        dst.write(heights.astype(np.float32), 1)
    return path


def _tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def write_png_tiles(root: Path, z: int = 13) -> list[Path]:
    """GSI PNG elevation tiles z/x/y.png covering the bbox."""
    west, south, east, north = BBOX
    x0, y0 = _tile_xy(west, north, z)
    x1, y1 = _tile_xy(east, south, z)
    paths = []
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            w, s, e, n = tile_bounds_lonlat(z, x, y)
            px = (np.arange(256) + 0.5) / 256
            lon = w + px * (e - w)
            # Pixel rows are even in web-mercator metres; the latitude of each row's centre:
            my0, my1 = (math.asinh(math.tan(math.radians(v))) for v in (n, s))
            lat = np.degrees(np.arctan(np.sinh(my0 + px * (my1 - my0))))
            heights = ground(*np.meshgrid(lon, lat))
            p = root / str(z) / str(x) / f"{y}.png"
            p.parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(encode_gsi_elevation(heights), "RGB").save(p)
            paths.append(p)
    return paths


def write_fgml_dem(path: Path, *, cols: int = 240, rows: int = 200) -> Path:
    """An FG-GML DEM over the bbox, GSI's layout: ground tuples, sea as 海水面,-9999."""
    west, south, east, north = BBOX
    dlon, dlat = (east - west) / cols, (north - south) / rows
    lon = west + (np.arange(cols) + 0.5) * dlon
    lat = north - (np.arange(rows) + 0.5) * dlat
    heights = ground(*np.meshgrid(lon, lat))
    tuples = "\n".join(f"地表面,{h:.2f}" for h in heights.ravel())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<Dataset xsi:schemaLocation="http://fgd.gsi.go.jp/spec/2008/FGD_GMLSchema FGD_GMLSchema.xsd"
 xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xmlns="http://fgd.gsi.go.jp/spec/2008/FGD_GMLSchema" gml:id="Dataset1">
<gml:description>基盤地図情報メタデータ ID=fmdid:15-3101</gml:description>
<DEM gml:id="DEM001">
<fid>fgoid:10-00100-15-60101-492826</fid>
<type>10mメッシュ（標高）</type>
<mesh>492826</mesh>
<coverage gml:id="DEM001-3">
<gml:boundedBy>
<gml:Envelope srsName="fguuid:jgd2011.bl">
<gml:lowerCorner>{south} {west}</gml:lowerCorner>
<gml:upperCorner>{north} {east}</gml:upperCorner>
</gml:Envelope>
</gml:boundedBy>
<gml:gridDomain>
<gml:Grid gml:id="DEM001-4" dimension="2">
<gml:limits><gml:GridEnvelope>
<gml:low>0 0</gml:low><gml:high>{cols - 1} {rows - 1}</gml:high>
</gml:GridEnvelope></gml:limits>
<gml:axisLabels>x y</gml:axisLabels>
</gml:Grid>
</gml:gridDomain>
<gml:rangeSet>
<gml:DataBlock>
<gml:rangeParameters><gml:QuantityList uom="DEM構成点"></gml:QuantityList></gml:rangeParameters>
<gml:tupleList>
{tuples}
</gml:tupleList>
</gml:DataBlock>
</gml:rangeSet>
<gml:coverageFunction>
<gml:GridFunction>
<gml:sequenceRule order="+x-y">Linear</gml:sequenceRule>
<gml:startPoint>0 0</gml:startPoint>
</gml:GridFunction>
</gml:coverageFunction>
</coverage>
</DEM>
</Dataset>
""", encoding="utf-8")
    return path


# -- lines ----------------------------------------------------------------------------------------
def write_roads_gpkg(path: Path) -> Path:
    """Two roads (国土数値情報-like, JGD2011 lon/lat) in a GeoPackage layer ``roads``."""
    roads = [Feature(LineString([(128.79, 32.675), (128.84, 32.66), (128.87, 32.665)]),
                     {"id": "r1", "name": "国道384号", "kind": "national"}),
             Feature(LineString([(128.83, 32.66), (128.83, 32.70)]),
                     {"id": "r2", "name": "県道", "kind": "prefectural"})]
    write_geopackage(path, roads, 6668, layer="roads")
    return path


def write_railways_geojson(path: Path) -> Path:
    """A north-south railway line (RFC 7946 GeoJSON)."""
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "rail-1", "name": "Fukue light railway"},
         "geometry": {"type": "LineString",
                      "coordinates": [[RAILWAY_LON, 32.60], [RAILWAY_LON, 32.78]]}}]}
    path.write_text(json.dumps(fc, ensure_ascii=False), encoding="utf-8")
    return path


def write_all(root: Path, **overrides: Any) -> Path:
    """Every file and a SPEC naming them; ``overrides`` replace SPEC keys (None drops one)."""
    root.mkdir(parents=True, exist_ok=True)
    write_mesh_table(root / "tblT001142Q4928.txt")
    write_did_shapefile(root / "h27ka42")
    write_dem_geotiff(root / "dem" / "fukue.tif")
    write_roads_gpkg(root / "roads.gpkg")
    write_railways_geojson(root / "railways.geojson")
    spec: dict[str, Any] = {
        "name": "fukue-test", "title": "Fukue (generated e-Stat and GSI files)",
        "bbox": list(BBOX),
        "population": {"path": "tblT001142Q4928.txt"},
        "did": {"path": "h27ka42.shp"},
        "terrain": {"paths": ["dem/*.tif"], "cell_m": 50},
        "roads": {"path": "roads.gpkg"},
        "railways": {"path": "railways.geojson"},
        "bases": [{"id": "west", "name": "West base", "lon": BASE[0], "lat": BASE[1]}],
        "settlements": [{"name": "Fukue", "lon": 128.843, "lat": 32.697, "population": 9000}],
    }
    for key, value in overrides.items():
        if value is None:
            spec.pop(key, None)
        else:
            spec[key] = value
    path = root / "spec.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return path
