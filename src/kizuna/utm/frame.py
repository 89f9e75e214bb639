"""One metric frame per airspace, and volumes projected into it.

Every comparison of two volumes happens in the same frame: a JGD2011 plane rectangular zone
(EPSG:6669-6687). Areas there are within 0.02 % of the ground truth inside a zone, far finer
than the 1 cm² overlap threshold needs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.geo.crs import WGS84, plane_rectangular_epsg, transformer
from kizuna.utm.volume import Circle, Volume4D

__all__ = ["CIRCLE_QUAD_SEGS", "MetricFrame", "ProjectedVolume", "project_volume",
           "project_volumes"]

#: Segments per quarter circle of the polygon that stands in for a circle (64-gon).
CIRCLE_QUAD_SEGS = 16
# The stand-in polygon circumscribes the circle (its edges touch it), so a conflict with a circle
# is never missed; it overstates the radius by at most 0.12 %.
_CIRCUMSCRIBE = 1.0 / math.cos(math.pi / (4 * CIRCLE_QUAD_SEGS))


@dataclass(frozen=True)
class MetricFrame:
    """A JGD2011 plane rectangular zone (metres)."""

    epsg: int

    def __post_init__(self) -> None:
        if not 6669 <= self.epsg <= 6687:
            raise InvalidInput(f"metric frame must be a JGD2011 plane rectangular zone "
                               f"(EPSG:6669-6687), got EPSG:{self.epsg}", field="epsg")

    @classmethod
    def around(cls, lon: float, lat: float) -> MetricFrame:
        """The zone of the prefecture holding (lon, lat)."""
        return cls(plane_rectangular_epsg(round(lon, 3), round(lat, 3)))

    def project_xy(self, lon: NDArray[np.float64], lat: NDArray[np.float64]
                   ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """WGS84 lon/lat arrays to metres."""
        x, y = transformer(WGS84, self.epsg).transform(lon, lat)
        return np.asarray(x, float), np.asarray(y, float)

    def unproject_xy(self, x: NDArray[np.float64], y: NDArray[np.float64]
                     ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Metres to WGS84 lon/lat arrays."""
        lon, lat = transformer(self.epsg, WGS84).transform(x, y)
        return np.asarray(lon, float), np.asarray(lat, float)

    def project_geometries(self, geoms: Sequence[BaseGeometry]) -> list[BaseGeometry]:
        """Project many WGS84 geometries in one transform call."""
        t = transformer(WGS84, self.epsg)

        def fn(coords: NDArray[np.float64]) -> NDArray[np.float64]:
            x, y = t.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        out = shapely.transform(np.asarray(geoms, dtype=object), fn)
        return list(out)

    def unproject_geometries(self, geoms: Sequence[BaseGeometry]) -> list[BaseGeometry]:
        """Unproject many metric geometries to WGS84 in one transform call."""
        t = transformer(self.epsg, WGS84)

        def fn(coords: NDArray[np.float64]) -> NDArray[np.float64]:
            x, y = t.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        return list(shapely.transform(np.asarray(geoms, dtype=object), fn))


@dataclass(frozen=True, slots=True, eq=False)
class ProjectedVolume:
    """A volume in a metric frame, in the plain numbers the conflict test reads.

    ``circle`` is (x, y, r) for a circle, so that two circles are compared exactly; ``geometry``
    is then the circumscribed 64-gon used against polygons.
    """

    geometry: BaseGeometry
    minx: float
    miny: float
    maxx: float
    maxy: float
    z_lower: float
    z_upper: float
    reference: str
    t_start: float
    t_end: float
    circle: tuple[float, float, float] | None = None

    @classmethod
    def build(cls, geometry: BaseGeometry, volume: Volume4D,
              circle: tuple[float, float, float] | None = None) -> ProjectedVolume:
        """Wrap a projected geometry with the volume's altitude band and time window."""
        minx, miny, maxx, maxy = (float(b) for b in geometry.bounds)
        return cls(geometry, minx, miny, maxx, maxy, float(volume.altitude_lower_m),
                   float(volume.altitude_upper_m), str(volume.altitude_reference),
                   volume.time_start.timestamp(), volume.time_end.timestamp(), circle)

    @classmethod
    def from_metric(cls, geometry: BaseGeometry, z_lower: float, z_upper: float, reference: str,
                    t_start: float, t_end: float) -> ProjectedVolume:
        """A volume given directly in metres and epoch seconds (tests, benchmarks)."""
        minx, miny, maxx, maxy = (float(b) for b in geometry.bounds)
        return cls(geometry, minx, miny, maxx, maxy, z_lower, z_upper, reference, t_start, t_end)


def _circle_geometry(x: float, y: float, r: float) -> BaseGeometry:
    return shapely.Point(x, y).buffer(r * _CIRCUMSCRIBE, quad_segs=CIRCLE_QUAD_SEGS)


def project_volumes(volumes: Sequence[Volume4D], frame: MetricFrame) -> list[ProjectedVolume]:
    """Project many volumes into ``frame`` (one transform call for all polygons)."""
    polys: list[tuple[int, Volume4D]] = []
    circles: list[tuple[int, Volume4D, Circle]] = []
    for i, v in enumerate(volumes):
        if isinstance(v.shape, Circle):
            circles.append((i, v, v.shape))
        else:
            polys.append((i, v))
    out: list[ProjectedVolume | None] = [None] * len(volumes)
    if polys:
        geoms = frame.project_geometries([v.shape for _, v in polys])
        for (i, v), g in zip(polys, geoms, strict=True):
            out[i] = ProjectedVolume.build(g, v)
    if circles:
        lon = np.array([c.center_lon for _, _, c in circles])
        lat = np.array([c.center_lat for _, _, c in circles])
        xs, ys = frame.project_xy(lon, lat)
        for (i, v, c), x, y in zip(circles, xs, ys, strict=True):
            out[i] = ProjectedVolume.build(_circle_geometry(float(x), float(y), c.radius_m), v,
                                           (float(x), float(y), c.radius_m))
    return [p for p in out if p is not None]


def project_volume(volume: Volume4D, frame: MetricFrame) -> ProjectedVolume:
    """Project one volume into ``frame``."""
    return project_volumes([volume], frame)[0]
