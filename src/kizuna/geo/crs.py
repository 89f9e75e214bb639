"""Coordinate reference systems: WGS84 at the edges, JGD2011 plane rectangular zones inside.

The 19 plane rectangular zones (平面直角座標系) are assigned by prefecture, not by longitude, so
the zone of a point is looked up from its prefecture (``reversejp``). Offshore points, which no
prefecture polygon holds, fall back to the nearest zone origin.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer
from shapely import transform as shapely_transform
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput

__all__ = [
    "WGS84",
    "ZONE_ORIGINS",
    "from_wgs84",
    "geometry_from_wgs84",
    "geometry_to_wgs84",
    "plane_rectangular_epsg",
    "to_wgs84",
    "transformer",
]

WGS84 = 4326
_JGD2011_ZONE_BASE = 6668  # zone N is EPSG:6668+N (zone I = 6669 ... zone XIX = 6687)

#: Zone number -> (lat, lon) of its origin, from the MLIT notice on plane rectangular coordinates.
ZONE_ORIGINS: dict[int, tuple[float, float]] = {
    1: (33.0, 129.5), 2: (33.0, 131.0), 3: (36.0, 132 + 10 / 60), 4: (33.0, 133.5),
    5: (36.0, 134 + 20 / 60), 6: (36.0, 136.0), 7: (36.0, 137 + 10 / 60), 8: (36.0, 138.5),
    9: (36.0, 139 + 50 / 60), 10: (40.0, 140 + 50 / 60), 11: (44.0, 140.25), 12: (44.0, 142.25),
    13: (44.0, 144.25), 14: (26.0, 142.0), 15: (26.0, 127.5), 16: (26.0, 124.0),
    17: (26.0, 131.0), 18: (20.0, 136.0), 19: (26.0, 154.0),
}

#: JIS prefecture code -> the zone that covers the prefecture's main territory.
_PREFECTURE_ZONE: dict[int, int] = {
    1: 12, 2: 10, 3: 10, 4: 10, 5: 10, 6: 10, 7: 9, 8: 9, 9: 9, 10: 9, 11: 9, 12: 9, 13: 9,
    14: 9, 15: 8, 16: 7, 17: 7, 18: 6, 19: 8, 20: 8, 21: 7, 22: 8, 23: 7, 24: 6, 25: 6, 26: 6,
    27: 6, 28: 5, 29: 6, 30: 6, 31: 5, 32: 3, 33: 5, 34: 3, 35: 3, 36: 4, 37: 4, 38: 4, 39: 4,
    40: 2, 41: 2, 42: 1, 43: 2, 44: 2, 45: 2, 46: 2, 47: 15,
}


def _check_lonlat(lon: float, lat: float) -> None:
    if not (math.isfinite(lon) and math.isfinite(lat)) or not (-180 <= lon <= 180) or not (
        -90 <= lat <= 90
    ):
        raise InvalidInput(f"not a WGS84 lon/lat: ({lon}, {lat})", field="lonlat")


def _nearest_origin_zone(lon: float, lat: float) -> int:
    def dist(zone: int) -> float:
        o_lat, o_lon = ZONE_ORIGINS[zone]
        return ((lon - o_lon) * math.cos(math.radians(lat))) ** 2 + (lat - o_lat) ** 2

    return min(ZONE_ORIGINS, key=dist)


@lru_cache(maxsize=4096)
def plane_rectangular_epsg(lon: float, lat: float) -> int:
    """EPSG code of the JGD2011 plane rectangular zone for a WGS84 point.

    Examples
    --------
    >>> plane_rectangular_epsg(128.8408, 32.6953)  # Fukue port, Nagasaki: zone I
    6669
    >>> plane_rectangular_epsg(140.957, 37.642)  # Minamisoma, Fukushima: zone IX
    6677
    """
    _check_lonlat(lon, lat)
    import reversejp  # imported lazily: its index loads on first use

    # reversejp returns a forecast region (6 digits) and a municipality (7 digits); the first
    # two digits of the municipality code are the JIS prefecture code.
    codes = sorted((str(p.code) for p in reversejp.find_properties(lon, lat)), key=len,
                   reverse=True)
    for code in codes:
        zone = _PREFECTURE_ZONE.get(int(code[:2])) if code[:2].isdigit() else None
        if zone is not None:
            return _JGD2011_ZONE_BASE + zone
    return _JGD2011_ZONE_BASE + _nearest_origin_zone(lon, lat)


@lru_cache(maxsize=64)
def transformer(src_epsg: int, dst_epsg: int) -> Transformer:
    """A cached, always-xy transformer (x = lon/easting, y = lat/northing)."""
    return Transformer.from_crs(src_epsg, dst_epsg, always_xy=True)


def from_wgs84(
    lon: ArrayLike, lat: ArrayLike, epsg: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Project WGS84 lon/lat to metres in ``epsg``."""
    x, y = transformer(WGS84, epsg).transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x, float), np.asarray(y, float)


def to_wgs84(
    x: ArrayLike, y: ArrayLike, epsg: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Unproject metres in ``epsg`` to WGS84 lon/lat."""
    lon, lat = transformer(epsg, WGS84).transform(np.asarray(x, float), np.asarray(y, float))
    return np.asarray(lon, float), np.asarray(lat, float)


def _reproject(geom: BaseGeometry, src: int, dst: int) -> BaseGeometry:
    t = transformer(src, dst)

    def fn(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = t.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    # Z values (altitudes) pass through untouched: the transform is horizontal only.
    if geom.has_z:
        def fn3(coords: NDArray[np.float64]) -> NDArray[np.float64]:
            xy = fn(coords[:, :2])
            return np.column_stack([xy, coords[:, 2]])

        return shapely_transform(geom, fn3, include_z=True)
    return shapely_transform(geom, fn)


def geometry_from_wgs84(geom: BaseGeometry, epsg: int) -> BaseGeometry:
    """Project a shapely geometry from WGS84 lon/lat to ``epsg`` metres."""
    return _reproject(geom, WGS84, epsg)


def geometry_to_wgs84(geom: BaseGeometry, epsg: int) -> BaseGeometry:
    """Unproject a shapely geometry from ``epsg`` metres to WGS84 lon/lat."""
    return _reproject(geom, epsg, WGS84)
