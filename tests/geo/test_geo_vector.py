"""Tests for kizuna.geo.vector: VectorLayer validation and STRtree queries."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Polygon, box

from kizuna.errors import InvalidInput
from kizuna.geo.vector import Feature, VectorLayer


def _random_boxes(seed: int, n: int) -> list[Polygon]:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 1000, (n, 2))
    wh = rng.uniform(1, 60, (n, 2))
    return [box(x, y, x + w, y + h) for (x, y), (w, h) in zip(xy, wh, strict=True)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_query_equals_brute_force(seed: int) -> None:
    """STRtree intersects-queries return exactly the brute-force matches."""
    geoms = _random_boxes(seed, 300)
    layer = VectorLayer.from_geometries("boxes", geoms, 6669)
    for q in _random_boxes(seed + 100, 40):
        expected = [i for i, g in enumerate(geoms) if g.intersects(q)]
        assert layer.query(q) == expected
        assert [f.geometry for f in layer.intersecting(q)] == [geoms[i] for i in expected]


def test_query_contains_predicate() -> None:
    """Predicates run as predicate(query, feature): contains finds features inside the query."""
    layer = VectorLayer.from_geometries("b", [box(0, 0, 10, 10), box(5, 5, 6, 6)], 6669)
    assert layer.query(box(4, 4, 7, 7), predicate="contains") == [1]
    assert layer.query(box(1, 1, 2, 2), predicate="within") == [0]


def test_invalid_geometry_rejected() -> None:
    """A self-intersecting (bow-tie) polygon raises InvalidInput naming the feature."""
    bowtie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    with pytest.raises(InvalidInput, match="feature 1 is invalid"):
        VectorLayer.from_geometries("bad", [box(0, 0, 1, 1), bowtie], 6669)


def test_empty_geometry_rejected() -> None:
    """An empty geometry raises InvalidInput."""
    with pytest.raises(InvalidInput, match="feature 0 has no geometry"):
        VectorLayer("bad", (Feature(Polygon(), {}),), 6669)


def test_properties_length_mismatch() -> None:
    """Geometries and property rows must pair up."""
    with pytest.raises(InvalidInput, match="2 geometries, 1 rows"):
        VectorLayer.from_geometries("x", [box(0, 0, 1, 1), box(2, 2, 3, 3)], 6669, [{}])


def test_len_iter_union() -> None:
    """len, iteration and union behave as a collection."""
    layer = VectorLayer.from_geometries("x", [box(0, 0, 1, 1), box(1, 0, 2, 1)], 6669,
                                        [{"id": "a"}, {"id": "b"}])
    assert len(layer) == 2
    assert [f.properties["id"] for f in layer] == ["a", "b"]
    assert layer.union().area == pytest.approx(2.0)
