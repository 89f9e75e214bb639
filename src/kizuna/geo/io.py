"""Read and write Kizuna's own geodata files: GeoJSON, GeoPackage and GeoTIFF.

Vector layers are held in a metric CRS and written as RFC 7946 GeoJSON (WGS84 lon/lat, no
``crs`` member, 7 decimals: about 1 cm) or as a GeoPackage in the layer's CRS. Rasters are
written as GeoTIFF with their CRS, transform, nodata and a ``KIZUNA_KIND`` tag, so
:func:`read_geotiff` can restore the :class:`~kizuna.geo.raster.RasterKind`.

Every write goes through :func:`kizuna.atomic.atomic_path`: a reader never sees half a file.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, overload

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from kizuna.atomic import atomic_path, write_text
from kizuna.errors import InvalidFile, InvalidInput
from kizuna.geo.crs import WGS84, geometry_to_wgs84
from kizuna.geo.raster import Raster, RasterKind
from kizuna.geo.vector import Feature, VectorLayer

__all__ = [
    "feature_collection",
    "read_geotiff",
    "write_geojson",
    "write_geopackage",
    "write_geotiff",
]

PathLike = str | os.PathLike[str]
Features = VectorLayer | Iterable[Feature]

#: Decimal places of lon/lat in written GeoJSON (1e-7 degree is about 1 cm).
GEOJSON_DECIMALS = 7
_KIND_TAG = "KIZUNA_KIND"


# -- GeoJSON ---------------------------------------------------------------------------------
def _round_coords(obj: Any, ndigits: int) -> Any:
    if isinstance(obj, float):
        return round(obj, ndigits)
    if isinstance(obj, list | tuple):
        return [_round_coords(o, ndigits) for o in obj]
    return obj


def _geojson_geometry(geom: BaseGeometry) -> dict[str, Any]:
    if geom.geom_type == "GeometryCollection":
        return {"type": "GeometryCollection",
                "geometries": [_geojson_geometry(g) for g in getattr(geom, "geoms", [])]}
    return {"type": geom.geom_type,
            "coordinates": _round_coords(mapping(geom)["coordinates"], GEOJSON_DECIMALS)}


def _json_value(value: Any) -> Any:
    """Plain JSON for a property value (numpy scalars, enums, dates, geometries)."""
    if isinstance(value, enum.Enum):
        return _json_value(value.value)
    if isinstance(value, np.generic):
        return _json_value(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None  # RFC 8259 has no NaN/Infinity
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_value(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_json_value(v) for v in value.tolist()]
    if isinstance(value, BaseGeometry):
        return value.wkt
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _features_of(features: Features) -> list[Feature]:
    feats = list(features.features if isinstance(features, VectorLayer) else features)
    for i, f in enumerate(feats):
        if not isinstance(f, Feature):
            raise InvalidInput(f"feature {i} is a {type(f).__name__}, not a Feature")
    return feats


def feature_collection(
    features: Features, epsg: int, *, properties_extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection dict, geometries converted from ``epsg`` to WGS84.

    ``properties_extra`` is merged into every feature's properties (e.g. ``synthetic: true``).
    """
    out: list[dict[str, Any]] = []
    for f in _features_of(features):
        geom = f.geometry if epsg == WGS84 else geometry_to_wgs84(f.geometry, epsg)
        # RFC 7946 section 3.1.6: exterior rings counterclockwise, holes clockwise.
        geom = shapely.orient_polygons(geom, exterior_cw=False)
        props = {**dict(f.properties), **dict(properties_extra or {})}
        out.append({
            "type": "Feature",
            "geometry": _geojson_geometry(geom),
            "properties": _json_value(props),
        })
    return {"type": "FeatureCollection", "features": out}


@overload
def write_geojson(path: PathLike, features: Features, epsg: int, *,
                  properties_extra: Mapping[str, Any] | None = None) -> None: ...
@overload
def write_geojson(path: Features, features: PathLike, epsg: int, *,
                  properties_extra: Mapping[str, Any] | None = None) -> None: ...
def write_geojson(path: Any, features: Any, epsg: int, *,
                  properties_extra: Mapping[str, Any] | None = None) -> None:
    """Write features held in ``epsg`` as an RFC 7946 GeoJSON file, atomically.

    Parameters
    ----------
    path
        Target file. ``write_geojson(features, path, epsg)`` is accepted too.
    features
        A :class:`VectorLayer` or an iterable of :class:`Feature`.
    epsg
        CRS of the geometries; they are written as WGS84 lon/lat.
    properties_extra
        Properties added to every feature.
    """
    if not isinstance(path, str | os.PathLike):
        path, features = features, path
    fc = feature_collection(features, epsg, properties_extra=properties_extra)
    write_text(path, json.dumps(fc, ensure_ascii=False, allow_nan=False) + "\n")


# -- GeoPackage ------------------------------------------------------------------------------
def _field_arrays(feats: list[Feature]) -> tuple[list[str], list[np.ndarray[Any, Any]]]:
    names: list[str] = []
    for f in feats:
        for k in f.properties:
            if str(k) not in names:
                names.append(str(k))
    arrays: list[np.ndarray[Any, Any]] = []
    for name in names:
        vals = [_json_value(dict(f.properties).get(name)) for f in feats]
        present = [v for v in vals if v is not None]
        if present and all(isinstance(v, bool) for v in present) and len(present) == len(vals):
            arrays.append(np.array(vals, dtype=bool))
        elif present and all(isinstance(v, int) and not isinstance(v, bool) for v in present) \
                and len(present) == len(vals):
            arrays.append(np.array(vals, dtype=np.int64))
        elif present and all(isinstance(v, int | float) and not isinstance(v, bool)
                             for v in present):
            arrays.append(np.array([np.nan if v is None else float(v) for v in vals]))
        else:
            arrays.append(np.array(
                [None if v is None else v if isinstance(v, str) else json.dumps(v)
                 for v in vals], dtype=object))
    return names, arrays


def write_geopackage(path: PathLike, features: Features, epsg: int, *,
                     layer: str | None = None) -> None:
    """Write features as one GeoPackage layer in their own CRS ``epsg``, atomically.

    Non-scalar properties are stored as JSON text; the layer name defaults to the
    VectorLayer's name (or ``"features"``).
    """
    feats = _features_of(features)
    if not feats:
        raise InvalidInput(f"{path}: a GeoPackage layer needs at least one feature")
    import pyogrio.raw

    layer_name = layer or (features.name if isinstance(features, VectorLayer) else "features")
    geoms = [f.geometry for f in feats]
    kinds = {g.geom_type for g in geoms}
    geometry_type = kinds.pop() if len(kinds) == 1 else "Unknown"
    if geometry_type != "Unknown" and any(g.has_z for g in geoms):
        geometry_type += " Z"
    names, arrays = _field_arrays(feats)
    with atomic_path(path, suffix=".gpkg") as tmp:
        pyogrio.raw.write(str(tmp), np.array(shapely.to_wkb(geoms), dtype=object), arrays,
                          names, layer=layer_name, driver="GPKG",
                          geometry_type=geometry_type, crs=f"EPSG:{epsg}", encoding="UTF-8")


# -- GeoTIFF ---------------------------------------------------------------------------------
@overload
def write_geotiff(path: PathLike, raster: Raster,
                  tags: Mapping[str, str] | None = None) -> None: ...
@overload
def write_geotiff(path: Raster, raster: PathLike,
                  tags: Mapping[str, str] | None = None) -> None: ...
def write_geotiff(path: Any, raster: Any, tags: Mapping[str, str] | None = None) -> None:
    """Write a raster as a deflate-compressed float64 GeoTIFF, atomically.

    The file carries the CRS, transform, nodata, a ``KIZUNA_KIND`` tag and ``tags``
    (e.g. ``{"SYNTHETIC": "true"}``). ``write_geotiff(raster, path, tags=...)`` is accepted too.
    """
    if isinstance(path, Raster):
        path, raster = raster, path
    if not isinstance(raster, Raster):
        raise InvalidInput(f"{path}: write_geotiff needs a Raster, got {type(raster).__name__}")
    import rasterio
    from rasterio.crs import CRS

    rows, cols = raster.shape
    all_tags = {_KIND_TAG: raster.kind.value, **{str(k): str(v) for k, v in (tags or {}).items()}}
    with atomic_path(path, suffix=".tif") as tmp, rasterio.open(
        tmp, "w", driver="GTiff", height=rows, width=cols, count=1, dtype="float64",
        crs=CRS.from_epsg(raster.epsg), transform=raster.transform, nodata=raster.nodata,
        compress="deflate",
    ) as dst:
        dst.write(np.asarray(raster.data, dtype=np.float64), 1)
        dst.update_tags(**all_tags)


def read_geotiff(path: PathLike, kind: RasterKind | str | None = None) -> Raster:
    """Read a single-band GeoTIFF in a metric CRS (as written by :func:`write_geotiff`).

    ``kind`` overrides the file's ``KIZUNA_KIND`` tag; one of the two is needed. For GSI DEMs
    in geographic coordinates use :func:`kizuna.geo.gsi_dem.load_dem_geotiff`.
    """
    import rasterio
    from rasterio.errors import RasterioIOError

    p = Path(path)
    if not p.is_file():
        raise InvalidFile(p, "no such file")
    try:
        with rasterio.open(p) as src:
            if src.count < 1:
                raise InvalidFile(p, "GeoTIFF has no band")
            data = src.read(1).astype(np.float64)
            crs, transform, nodata = src.crs, src.transform, src.nodata
            file_tags = src.tags()
    except RasterioIOError as exc:
        raise InvalidFile(p, f"not a readable GeoTIFF ({str(exc).splitlines()[0]})") from None
    if crs is None:
        raise InvalidFile(p, "GeoTIFF has no CRS")
    epsg = crs.to_epsg()
    if epsg is None or not crs.is_projected:
        raise InvalidFile(p, f"GeoTIFF CRS {crs.to_string()!r} is not a metric EPSG CRS")
    kind_name = kind if kind is not None else file_tags.get(_KIND_TAG)
    if kind_name is None:
        raise InvalidFile(p, f"no {_KIND_TAG} tag; pass the raster kind")
    try:
        raster_kind = RasterKind(kind_name)
    except ValueError:
        raise InvalidFile(p, f"unknown raster kind {kind_name!r}") from None
    try:
        return Raster(data, transform, int(epsg), raster_kind,
                      None if nodata is None else float(nodata))
    except InvalidInput as exc:
        raise InvalidFile(p, str(exc)) from None
