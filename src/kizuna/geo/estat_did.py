"""Load e-Stat DID boundaries (人口集中地区境界データ) from the distributed shapefile.

e-Stat ships one shapefile per prefecture: polygons in JGD2011 (EPSG:6668) or, for older
censuses, JGD2000 (EPSG:4612) geographic coordinates, attributes in Shift-JIS (cp932). The
field names vary between census years; the 2010 files carry ``KEN, CITY, CITYNAME, CLASS,
JINKO, MENSEKI`` and later ones add ``KEN_NAME``/``CITY_NAME``-style names. This loader looks
each property up in a list of known field names, so one function reads every vintage:

- ``population`` <- ``JINKO`` (people; 人口)
- ``name`` <- ``CITY_NAME``, ``CITYNAME``, ``DID_NAME``, ``KEN_NAME``
- ``id`` <- ``KEY_CODE``, ``DID_CODE``, else ``KEN`` + ``CITY`` + a running number

``area_km2`` is computed from the projected polygon: ``MENSEKI`` is in km² in some vintages and
m² in others, so it is not trusted.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kizuna.errors import InvalidFile, InvalidInput
from kizuna.geo.layers_io import read_raw_layer
from kizuna.geo.vector import VectorLayer

__all__ = ["DID_ID_FIELDS", "DID_NAME_FIELDS", "DID_POPULATION_FIELDS", "load_estat_did"]

DID_POPULATION_FIELDS = ("JINKO", "POPULATION", "POP")
DID_NAME_FIELDS = ("CITY_NAME", "CITYNAME", "DID_NAME", "S_NAME", "KEN_NAME")
DID_ID_FIELDS = ("KEY_CODE", "DID_CODE", "DID_ID")


def _first(row: dict[str, Any], fields: tuple[str, ...]) -> Any:
    upper = {k.upper(): v for k, v in row.items()}
    for name in fields:
        value = upper.get(name)
        if value is not None and str(value).strip() != "":
            return value
    return None


def load_estat_did(
    path: str | os.PathLike[str], epsg: int, *, encoding: str | None = "cp932"
) -> VectorLayer:
    """Read an e-Stat DID shapefile into a ``"did"`` layer in metric ``epsg``.

    Parameters
    ----------
    path
        The ``.shp`` file (its ``.shx``, ``.dbf`` and ``.prj`` beside it).
    epsg
        Metric CRS of the result (a JGD2011 plane rectangular zone).
    encoding
        Attribute encoding; e-Stat uses cp932. ``None`` trusts the ``.cpg`` file.

    Returns
    -------
    VectorLayer
        Features with ``id``, ``name``, ``population`` (int), ``area_km2``, ``prefecture``
        and ``source`` properties.
    """
    p = Path(path)
    raw = read_raw_layer(p, epsg, encoding=encoding, skip_null=False)
    geoms, props = [], []
    for i, (geom, row) in enumerate(zip(raw.geometries, raw.rows, strict=True)):
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise InvalidFile(p, f"feature {i}: a DID must be a polygon, got {geom.geom_type}")
        pop = _first(row, DID_POPULATION_FIELDS)
        if pop is None:
            raise InvalidFile(p, f"feature {i}: no population field "
                                 f"(looked for {', '.join(DID_POPULATION_FIELDS)})")
        try:
            population = round(float(pop))
        except (TypeError, ValueError, OverflowError):
            raise InvalidFile(p, f"feature {i}: population {pop!r} is not a number") from None
        if population < 0:
            raise InvalidFile(p, f"feature {i}: negative population {population}")
        ken = _first(row, ("KEN", "PREF"))
        city = _first(row, ("CITY",))
        ident = _first(row, DID_ID_FIELDS)
        if ident is None:
            ident = f"{ken or ''}{city or ''}-{i + 1}" if ken or city else f"DID-{i + 1}"
        name = _first(row, DID_NAME_FIELDS)
        geoms.append(geom)
        props.append({
            "id": str(ident),
            "name": str(name) if name is not None else "",
            "population": population,
            "area_km2": round(geom.area / 1e6, 4),
            "prefecture": str(ken) if ken is not None else "",
            "source": "e-Stat DID",
        })
    try:
        return VectorLayer.from_geometries("did", geoms, epsg, props)
    except InvalidInput as exc:
        raise InvalidFile(p, str(exc)) from None
