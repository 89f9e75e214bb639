"""Read vector files (GeoJSON, GeoPackage, shapefile) into a :class:`VectorLayer` in metres.

Public data is not always clean: null geometries are skipped and invalid polygons are
repaired with ``shapely.make_valid`` (keeping their polygonal part), so a self-touching ring
in a government file does not stop a scenario from loading. A file that GDAL cannot read, or
that has no CRS (GeoJSON without one is WGS84 by RFC 7946), raises
:class:`~kizuna.errors.InvalidFile`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidFile, InvalidInput
from kizuna.geo.vector import VectorLayer

__all__ = ["RawLayer", "read_raw_layer", "read_vector_layer"]


@dataclass(frozen=True)
class RawLayer:
    """Geometries (already in the target EPSG) and their attribute rows, as read."""

    geometries: list[BaseGeometry]
    rows: list[dict[str, Any]]
    source_crs: str


def _scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN stands for a null field
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _repair(geom: BaseGeometry) -> BaseGeometry:
    if geom.is_valid:
        return geom
    fixed = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon") and fixed.geom_type == "GeometryCollection":
        polys = [g for g in getattr(fixed, "geoms", []) if g.geom_type in ("Polygon",
                                                                           "MultiPolygon")]
        fixed = shapely.union_all(polys) if polys else fixed
    return fixed


def read_raw_layer(
    path: str | os.PathLike[str], epsg: int, *, layer: str | int | None = None,
    encoding: str | None = None, skip_null: bool = True,
) -> RawLayer:
    """Read a vector file, reproject its geometries to ``epsg`` and return them with rows.

    ``encoding`` is the attribute encoding (e.g. ``"cp932"`` for e-Stat shapefiles); by
    default GDAL uses the file's own declaration (a shapefile's .cpg). With ``skip_null``
    false a feature without geometry is an error: GDAL reads a truncated .shp as features
    whose geometry is null, so loaders of polygon data ask for this.
    """
    import pyogrio.errors
    import pyogrio.raw

    p = Path(path)
    if not p.exists():
        raise InvalidFile(p, "no such file")
    try:
        meta, _fids, wkb, fields = pyogrio.raw.read(p, layer=layer, encoding=encoding)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidFile(p, f"not a readable vector file ({first})") from None
    except (UnicodeDecodeError, LookupError) as exc:
        raise InvalidFile(p, f"attributes are not {encoding or 'declared'} text ({exc})") from None
    crs_text = meta.get("crs")
    if not crs_text:
        raise InvalidFile(p, "no CRS (a shapefile needs its .prj)")
    try:
        src = CRS.from_user_input(crs_text)
        to_metric = Transformer.from_crs(src, CRS.from_epsg(epsg), always_xy=True)
    except CRSError as exc:
        raise InvalidFile(p, f"unusable CRS ({exc})") from None
    names = [str(n) for n in meta["fields"]]
    geoms: list[BaseGeometry] = []
    rows: list[dict[str, Any]] = []
    if wkb is None:
        raise InvalidFile(p, "layer has no geometry column")
    for i, blob in enumerate(wkb):
        if blob is None:
            if skip_null:
                continue
            raise InvalidFile(p, f"feature {i} has no geometry (truncated or corrupt file?)")
        try:
            geom = shapely.from_wkb(blob)
        except shapely.errors.GEOSException as exc:
            raise InvalidFile(p, f"feature {i}: unreadable geometry ({exc})") from None
        if geom is None or geom.is_empty:
            continue

        def project(coords: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
            x, y = to_metric.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        geom = shapely.transform(shapely.force_2d(geom), project)
        if not np.all(np.isfinite(shapely.get_coordinates(geom))):
            raise InvalidFile(p, f"feature {i}: coordinates outside the CRS ({crs_text})")
        geoms.append(_repair(geom))
        rows.append({n: _scalar(col[i]) for n, col in zip(names, fields, strict=True)})
    return RawLayer(geoms, rows, str(crs_text))


def read_vector_layer(
    path: str | os.PathLike[str], epsg: int, *, name: str | None = None,
    layer: str | int | None = None, encoding: str | None = None,
    rename: Mapping[str, str] | None = None,
) -> VectorLayer:
    """Read a GeoJSON, GeoPackage or shapefile layer into a :class:`VectorLayer` in ``epsg``.

    Parameters
    ----------
    path
        The file.
    epsg
        Metric CRS to hold the geometries in.
    name
        Layer name (default: the file's stem).
    layer
        Layer inside a multi-layer file (GeoPackage); default the first.
    encoding
        Attribute encoding, when the file does not declare it.
    rename
        Property renames, source field -> property name.
    """
    raw = read_raw_layer(path, epsg, layer=layer, encoding=encoding)
    renames = dict(rename or {})
    rows = [{renames.get(k, k): v for k, v in row.items()} for row in raw.rows]
    try:
        return VectorLayer.from_geometries(name or Path(path).stem, raw.geometries, epsg, rows)
    except InvalidInput as exc:
        raise InvalidFile(Path(path), str(exc)) from None
