"""Factories shared by the utm tests: volumes near Fukue, built in metres of zone I."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from shapely.geometry import Polygon

from kizuna.utm import AltitudeReference, MetricFrame, OperationalIntent, Volume4D

ZONE_I = MetricFrame(6669)
T0 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
# Fukue port in zone I metres (computed once; the tests offset from here).
_FX, _FY = (float(a[0]) for a in ZONE_I.project_xy(np.array([128.843]), np.array([32.697])))


def metric_polygon(coords: list[tuple[float, float]]) -> Polygon:
    """A WGS84 polygon whose zone-I image has vertices at Fukue + ``coords`` metres."""
    ring = Polygon([(_FX + x, _FY + y) for x, y in coords])
    return ZONE_I.unproject_geometries([ring])[0]


def box_m(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    """An axis-aligned box in zone-I metres relative to Fukue port, as WGS84."""
    return metric_polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])


VolumeFactory = Callable[..., Volume4D]


@pytest.fixture
def volume() -> VolumeFactory:
    """Build a volume: shape, altitude band (m AGL) and minutes after T0."""

    def make(shape: object, lo: float = 0, hi: float = 120, start_min: float = 0,
             end_min: float = 20, ref: AltitudeReference = AltitudeReference.AGL) -> Volume4D:
        return Volume4D(shape, lo, hi, ref,  # type: ignore[arg-type]
                        T0 + timedelta(minutes=start_min), T0 + timedelta(minutes=end_min))

    return make


@pytest.fixture
def intent(volume: VolumeFactory) -> Callable[..., OperationalIntent]:
    """Build an intent from volumes (default: one 100 m box at Fukue, 0-20 min)."""

    def make(id: str, *vols: Volume4D, priority: int = 0, owner: str = "op-a"
             ) -> OperationalIntent:
        return OperationalIntent(id, owner, priority, vols or (volume(box_m(0, 0, 100, 100)),))

    return make
