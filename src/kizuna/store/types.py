"""Column types that are spatial on PostgreSQL and plain elsewhere.

On PostgreSQL a point is a PostGIS ``geometry(POINT, 4326)`` (through GeoAlchemy2), so spatial SQL
works on it. SQLite here cannot load SpatiaLite, so there the same column holds WKB bytes and
spatial work happens in shapely. One type keeps one schema and one set of migrations.
"""

from __future__ import annotations

from typing import Any

import shapely
from geoalchemy2 import Geometry
from geoalchemy2.elements import WKBElement
from shapely.geometry import Point
from sqlalchemy import LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = ["WGS84Point"]


class WGS84Point(TypeDecorator[Point]):
    """A WGS84 lon/lat point: PostGIS geometry on PostgreSQL, WKB elsewhere."""

    impl = LargeBinary
    cache_ok = True
    # GeoAlchemy2's table hooks read these from any type whose dialect impl is a Geometry.
    # The GiST index is created by the migration, so GeoAlchemy2 must not add its own.
    spatial_index = False
    use_N_D_index = False  # noqa: N815 - GeoAlchemy2's attribute name
    use_typmod: bool | None = None

    def load_dialect_impl(self, dialect: Dialect | None) -> TypeEngine[Any]:
        # GeoAlchemy2's DDL hooks probe the type with no dialect at all.
        if dialect is None:
            return LargeBinary()
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Geometry("POINT", srid=4326, spatial_index=False))
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: Point | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Point) or value.is_empty:
            raise TypeError(f"expected a shapely Point, got {value!r}")
        if dialect.name == "postgresql":
            # EWKT with repr() floats parses back to the same doubles.
            return f"SRID=4326;POINT({value.x!r} {value.y!r})"
        return shapely.to_wkb(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Point | None:
        if value is None:
            return None
        if isinstance(value, WKBElement):
            data = value.data
            return shapely.from_wkb(data if isinstance(data, str) else bytes(data))
        return shapely.from_wkb(bytes(value))
