"""Vector layers: shapely 2 geometries with properties and an STRtree index."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from kizuna.errors import InvalidInput

__all__ = ["Feature", "VectorLayer"]


@dataclass(frozen=True)
class Feature:
    """One geometry with its properties."""

    geometry: BaseGeometry
    properties: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class VectorLayer:
    """An immutable collection of features in one CRS, indexed for spatial queries.

    Parameters
    ----------
    name
        Layer name, e.g. ``"did"`` or ``"roads"``.
    features
        The features; geometries must be valid and non-empty.
    epsg
        EPSG code of the geometries' CRS.
    """

    name: str
    features: tuple[Feature, ...]
    epsg: int
    _tree: STRtree = field(init=False, repr=False)

    def __post_init__(self) -> None:
        feats = tuple(self.features)
        for i, f in enumerate(feats):
            if f.geometry is None or f.geometry.is_empty:
                raise InvalidInput(f"layer {self.name!r}: feature {i} has no geometry")
            if not f.geometry.is_valid:
                reason = shapely.is_valid_reason(f.geometry)
                raise InvalidInput(f"layer {self.name!r}: feature {i} is invalid: {reason}")
        object.__setattr__(self, "features", feats)
        object.__setattr__(self, "_tree", STRtree([f.geometry for f in feats]))

    @classmethod
    def from_geometries(
        cls,
        name: str,
        geometries: Sequence[BaseGeometry],
        epsg: int,
        properties: Sequence[Mapping[str, Any]] | None = None,
    ) -> VectorLayer:
        """Build a layer from parallel sequences of geometries and property dicts."""
        props = properties if properties is not None else [{} for _ in geometries]
        if len(props) != len(geometries):
            raise InvalidInput(f"layer {name!r}: {len(geometries)} geometries, {len(props)} rows")
        return cls(name, tuple(Feature(g, dict(p)) for g, p in zip(geometries, props, strict=True)),
                   epsg)

    def __len__(self) -> int:
        return len(self.features)

    def __iter__(self) -> Iterator[Feature]:
        return iter(self.features)

    @property
    def geometries(self) -> list[BaseGeometry]:
        """The geometries, in feature order."""
        return [f.geometry for f in self.features]

    def query(self, geom: BaseGeometry, predicate: str = "intersects") -> list[int]:
        """Indices of the features ``f`` for which ``predicate(geom, f.geometry)`` holds.

        The order is shapely's STRtree order: ``predicate="contains"`` finds the features
        inside ``geom``, ``"within"`` the features holding it. The tree prunes by bounding
        box before the exact predicate runs.
        """
        idx: NDArray[np.int64] = self._tree.query(geom, predicate=predicate)
        return sorted(int(i) for i in idx)

    def intersecting(self, geom: BaseGeometry) -> list[Feature]:
        """Features that intersect ``geom``."""
        return [self.features[i] for i in self.query(geom)]

    def union(self) -> BaseGeometry:
        """The union of all geometries (empty GeometryCollection for an empty layer)."""
        return shapely.union_all(self.geometries)
