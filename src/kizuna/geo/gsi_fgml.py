"""Load the DEM that GSI's download service ships: FG-GML XML (基盤地図情報 数値標高モデル).

Each file (``FG-GML-5129-07-00-DEM5A-20161001.xml``, say) holds one mesh of a 5 m or 10 m DEM
as a GML coverage::

    <gml:Envelope srsName="fguuid:jgd2011.bl">
      <gml:lowerCorner>32.6666 128.7500</gml:lowerCorner>   (lat lon of the SW corner)
      <gml:upperCorner>32.6750 128.7625</gml:upperCorner>
    <gml:GridEnvelope><gml:low>0 0</gml:low><gml:high>224 149</gml:high>   (cols-1 rows-1)
    <gml:tupleList>地表面,28.75
    海水面,-9999.
    ...</gml:tupleList>
    <gml:sequenceRule order="+x-y">Linear</gml:sequenceRule>
    <gml:startPoint>0 0</gml:startPoint>

Values run west to east, then north to south (``+x-y``), from ``startPoint``; cells before the
start point and after the last tuple have no data. Each tuple names what was measured: ground
(地表面), surface (表層面), sea (海水面), inland water (内水面), no data (データなし) or
other (その他). A sea cell is a known height, 0 m above mean sea level, so a coastal mesh has
no false hole at sea; -9999 on any other kind is missing.

``srsName`` is ``fguuid:jgd2011.bl`` (EPSG:6668) or, in files before 2011, ``fguuid:jgd2000.bl``
(EPSG:4612); the coverage is on a regular lat/lon grid in that datum.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
from affine import Affine

from kizuna.errors import InvalidFile
from kizuna.geo.gsi_dem import DEM_NODATA, warp_raster
from kizuna.geo.raster import Raster

__all__ = ["FGML_CRS", "SEA", "load_fgml_dem", "read_fgml_dem"]

_GML = "{http://www.opengis.net/gml/3.2}"
#: srsName of a GSI coverage -> EPSG code of its geographic CRS.
FGML_CRS = {"fguuid:jgd2011.bl": 6668, "fguuid:jgd2000.bl": 4612}
#: The tuple kind of a sea cell (its height is 0 m AMSL, whatever the value says).
SEA = "海水面"


def _text(root: ET.Element, tag: str, p: Path) -> str:
    node = root.find(f".//{_GML}{tag}")
    if node is None or node.text is None:
        raise InvalidFile(p, f"FG-GML DEM without gml:{tag}")
    return node.text.strip()


def _pair(text: str, p: Path, what: str) -> tuple[float, float]:
    parts = text.split()
    try:
        a, b = (float(v) for v in parts)
    except ValueError:
        raise InvalidFile(p, f"{what} {text!r} is not two numbers") from None
    return a, b


def read_fgml_dem(
    path: str | os.PathLike[str],
) -> tuple[np.ndarray[tuple[int, int], np.dtype[np.float64]], Affine, int]:
    """The heights (NaN = no data), the lon/lat transform and the EPSG code of one FG-GML DEM."""
    p = Path(path)
    if not p.is_file():
        raise InvalidFile(p, "no such file")
    try:
        root = ET.parse(p).getroot()
    except ET.ParseError as exc:
        raise InvalidFile(p, f"not well-formed XML ({exc})") from None
    envelope = root.find(f".//{_GML}Envelope")
    if envelope is None:
        raise InvalidFile(p, "not an FG-GML DEM (no gml:Envelope)")
    srs = envelope.get("srsName", "")
    if srs not in FGML_CRS:
        raise InvalidFile(p, f"unknown or missing srsName {srs!r} (expected "
                             f"{' or '.join(FGML_CRS)})")
    south, west = _pair(_text(envelope, "lowerCorner", p), p, "lowerCorner")
    north, east = _pair(_text(envelope, "upperCorner", p), p, "upperCorner")
    if not (west < east and south < north):
        raise InvalidFile(p, f"empty envelope ({south} {west}, {north} {east})")
    high_x, high_y = _pair(_text(root, "high", p), p, "GridEnvelope high")
    low_x, low_y = _pair(_text(root, "low", p), p, "GridEnvelope low")
    cols, rows = int(high_x - low_x) + 1, int(high_y - low_y) + 1
    if cols < 1 or rows < 1 or cols * rows > 25_000_000:
        raise InvalidFile(p, f"grid of {rows} x {cols} cells is not a DEM mesh")
    rule = root.find(f".//{_GML}sequenceRule")
    if rule is not None and rule.get("order", "+x-y") != "+x-y":
        raise InvalidFile(p, f"sequence order {rule.get('order')!r} is not supported (+x-y)")
    start = root.find(f".//{_GML}startPoint")
    sx, sy = _pair(start.text or "0 0", p, "startPoint") if start is not None else (0.0, 0.0)
    tuples = root.find(f".//{_GML}tupleList")
    if tuples is None or tuples.text is None:
        raise InvalidFile(p, "FG-GML DEM without gml:tupleList")
    flat = np.full(rows * cols, np.nan)
    at = int(sy) * cols + int(sx)
    for n, line in enumerate(tuples.text.split(), 1):
        kind, _, raw = line.partition(",")
        try:
            value = float(raw)
        except ValueError:
            raise InvalidFile(p, f"tuple {n}: height {raw!r} is not a number") from None
        if at >= flat.size:
            raise InvalidFile(p, f"more tuples than the {rows} x {cols} grid holds")
        if kind == SEA:
            flat[at] = 0.0
        elif value != DEM_NODATA and np.isfinite(value):
            flat[at] = value
        at += 1
    transform = Affine((east - west) / cols, 0.0, west, 0.0, -(north - south) / rows, north)
    return flat.reshape(rows, cols), transform, FGML_CRS[srs]


def load_fgml_dem(
    path: str | os.PathLike[str], epsg: int, *, cell_size_m: float | None = None,
    bounds: tuple[float, float, float, float] | None = None,
) -> Raster:
    """Read an FG-GML DEM and warp it bilinearly into metric ``epsg`` as a terrain raster."""
    from rasterio.crs import CRS

    heights, transform, src_epsg = read_fgml_dem(path)
    return warp_raster(heights, transform, CRS.from_epsg(src_epsg), epsg,
                       cell_size_m=cell_size_m, bounds=bounds)
