"""The grid index returns exactly what a brute-force exact check returns."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from hypothesis_support import property_settings
from kizuna.errors import InvalidInput
from kizuna.utm import CellGrid, GridIndex, ProjectedVolume, volumes_conflict


def _random_volumes(seed: int, n: int, span_m: float, span_s: float) -> list[ProjectedVolume]:
    rng = np.random.default_rng(seed)
    vols = []
    for _ in range(n):
        x, y = rng.uniform(0, span_m, 2)
        t = float(rng.uniform(0, span_s))
        z = float(rng.choice([0.0, 30.0, 60.0]))
        kind = rng.integers(3)
        if kind == 0:
            geom = shapely.box(x, y, x + rng.uniform(5, 400), y + rng.uniform(5, 400))
        elif kind == 1:
            geom = shapely.Point(x, y).buffer(rng.uniform(5, 300))
        else:
            a = rng.uniform(0, 2 * np.pi)
            length = rng.uniform(50, 1500)
            geom = shapely.LineString([(x, y), (x + length * np.cos(a), y + length * np.sin(a))]
                                      ).buffer(rng.uniform(5, 40))
        vols.append(ProjectedVolume.from_metric(
            geom, z, z + float(rng.choice([30.0, 60.0, 90.0])), "AGL",
            t, t + float(rng.uniform(60, 3600))))
    return vols


def _brute(vols: list[ProjectedVolume], ids: list[str], q: ProjectedVolume) -> set[str]:
    return {i for i, v in zip(ids, vols, strict=True) if volumes_conflict(q, v)}


@property_settings(max_examples=25)
@given(seed=st.integers(0, 2**31 - 1),
       cell_m=st.sampled_from([50.0, 300.0, 1000.0, 5000.0]),
       cell_s=st.sampled_from([60.0, 900.0, 7200.0]),
       max_cells=st.sampled_from([4, 64, 2048]))
def test_index_equals_brute_force(seed: int, cell_m: float, cell_s: float, max_cells: int) -> None:
    """For random volumes and any cell size, index results equal the brute-force exact check."""
    vols = _random_volumes(seed, 150, 3000.0, 4 * 3600.0)
    ids = [f"i{k}" for k in range(len(vols))]
    index = GridIndex(CellGrid(cell_m, cell_s, max_cells))
    for i, v in zip(ids, vols, strict=True):
        index.insert(i, [v])
    for q in _random_volumes(seed + 1, 40, 3000.0, 4 * 3600.0):
        assert index.conflicting([q]) == _brute(vols, ids, q)


def test_removed_intents_are_no_longer_found() -> None:
    """After removal an intent's volumes leave every cell, and the index stays exact."""
    vols = _random_volumes(7, 200, 2000.0, 3600.0)
    ids = [f"i{k}" for k in range(len(vols))]
    index = GridIndex(CellGrid(250.0, 600.0, 32))
    for i, v in zip(ids, vols, strict=True):
        index.insert(i, [v])
    for i in ids[::2]:
        assert index.remove(i)
    assert not index.remove(ids[0])
    kept_ids, kept = ids[1::2], vols[1::2]
    assert len(index) == len(kept_ids)
    for q in _random_volumes(8, 60, 2000.0, 3600.0):
        assert index.conflicting([q]) == _brute(kept, kept_ids, q)
    for i in kept_ids:
        index.remove(i)
    assert index._cells == {} and index._oversize == set()


def test_oversize_volumes_are_always_candidates() -> None:
    """A day-long area too big for the grid is still found by a small query inside it."""
    index = GridIndex(CellGrid(100.0, 60.0, max_cells=10))
    big = ProjectedVolume.from_metric(shapely.box(0, 0, 5000, 5000), 0, 150, "AGL", 0, 86400)
    index.insert("area", [big])
    q = ProjectedVolume.from_metric(shapely.box(2000, 2000, 2050, 2050), 0, 50, "AGL", 40000, 40060)
    assert index.conflicting([q]) == {"area"}


@pytest.mark.parametrize("n", [3, 200])
def test_mixed_reference_is_refused_on_both_filter_paths(n: int) -> None:
    """Few candidates (scalar path) or many (numpy path): AGL against AMSL raises."""
    index = GridIndex()
    for k in range(n):
        index.insert(f"i{k}", [ProjectedVolume.from_metric(shapely.box(k, 0, k + 1, 1), 0, 50,
                                                           "AGL", 0, 60)])
    q = ProjectedVolume.from_metric(shapely.box(0, 0, 300, 1), 100, 150, "AMSL", 0, 60)
    with pytest.raises(InvalidInput, match="cannot compare"):
        index.conflicting([q])
