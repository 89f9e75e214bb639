"""The exact 4D conflict test: time, then altitude, then bounding box, then shapes."""

from __future__ import annotations

import math

import pytest
import shapely
from utm_support import ZONE_I, VolumeFactory, box_m, metric_polygon

from kizuna.errors import InvalidInput
from kizuna.utm import AltitudeReference, Circle, ProjectedVolume, project_volume, volumes_conflict
from kizuna.utm.conflict import circle_overlap_area, overlap_area


def _pv(v: object) -> ProjectedVolume:
    return project_volume(v, ZONE_I)  # type: ignore[arg-type]


def test_overlapping_volumes_conflict(volume: VolumeFactory) -> None:
    """Two boxes overlapping in space, altitude and time conflict."""
    a = volume(box_m(0, 0, 100, 100))
    b = volume(box_m(50, 50, 150, 150), 60, 150, 10, 30)
    assert volumes_conflict(_pv(a), _pv(b))
    assert volumes_conflict(_pv(b), _pv(a))


def test_touching_time_windows_do_not_conflict(volume: VolumeFactory) -> None:
    """One window ending exactly when the other starts is no conflict."""
    a = volume(box_m(0, 0, 100, 100), start_min=0, end_min=20)
    b = volume(box_m(0, 0, 100, 100), start_min=20, end_min=40)
    assert not volumes_conflict(_pv(a), _pv(b))
    c = volume(box_m(0, 0, 100, 100), start_min=19.99, end_min=40)
    assert volumes_conflict(_pv(a), _pv(c))


def test_touching_altitude_bands_do_not_conflict(volume: VolumeFactory) -> None:
    """A band from 60 m over one up to 60 m is no conflict; 59.9 m is."""
    a = volume(box_m(0, 0, 100, 100), 0, 60)
    assert not volumes_conflict(_pv(a), _pv(volume(box_m(0, 0, 100, 100), 60, 120)))
    assert volumes_conflict(_pv(a), _pv(volume(box_m(0, 0, 100, 100), 59.9, 120)))


def test_polygons_sharing_an_edge_do_not_conflict(volume: VolumeFactory) -> None:
    """Neighbouring boxes (a common edge, area 0) are no conflict."""
    a = _pv(volume(box_m(0, 0, 100, 100)))
    b = _pv(volume(box_m(100, 0, 200, 100)))
    assert overlap_area(a, b) < 1e-6
    assert not volumes_conflict(a, b)


@pytest.mark.parametrize(("dx", "dy", "expected"), [
    (0.005, 0.01, False),  # 0.5 cm²
    (0.01, 0.02, True),  # 2 cm²
])
def test_overlap_area_threshold_is_one_square_centimetre(
    volume: VolumeFactory, dx: float, dy: float, expected: bool
) -> None:
    """0.5 cm² of ground overlap is no conflict; 2 cm² is (built in WGS84, compared in metres)."""
    a = _pv(volume(box_m(0, 0, 10, 10)))
    b = _pv(volume(box_m(10 - dx, 10 - dy, 20, 20)))
    assert overlap_area(a, b) == pytest.approx(dx * dy, rel=1e-3)
    assert volumes_conflict(a, b) is expected


@pytest.mark.parametrize(("side", "expected"), [(0.005, False), (0.02, True)])
def test_threshold_on_metric_volumes(side: float, expected: bool) -> None:
    """The same threshold holds for volumes given directly in metres."""
    a = ProjectedVolume.from_metric(shapely.box(0, 0, 1, 1), 0, 100, "AGL", 0, 60)
    b = ProjectedVolume.from_metric(shapely.box(1 - side, 1 - 0.01, 2, 2), 0, 100, "AGL", 0, 60)
    assert volumes_conflict(a, b) is expected


def test_l_shapes_with_overlapping_boxes_but_disjoint_shapes_do_not_conflict(
    volume: VolumeFactory,
) -> None:
    """Two interlocking L-shapes whose bounding boxes overlap but whose areas do not."""
    l1 = metric_polygon([(0, 0), (100, 0), (100, 20), (20, 20), (20, 100), (0, 100), (0, 0)])
    l2 = metric_polygon([(30, 30), (130, 30), (130, 130), (110, 130), (110, 50), (30, 50),
                         (30, 30)])
    a, b = _pv(volume(l1)), _pv(volume(l2))
    assert a.minx < b.maxx and b.minx < a.maxx and a.miny < b.maxy and b.miny < a.maxy
    assert not volumes_conflict(a, b)


def test_circles_compare_exactly(volume: VolumeFactory) -> None:
    """Circles 0.1 mm closer than the sum of their radii overlap by under 1 cm²: no conflict."""
    lon, lat = 128.843, 32.697
    a = _pv(volume(Circle(lon, lat, 100)))
    # The second centre 199.9999 m east in zone I metres.
    cx, cy = a.circle[0] + 199.9999, a.circle[1]  # type: ignore[index]
    clon, clat = ZONE_I.unproject_xy(*([cx], [cy]))  # type: ignore[arg-type]
    b = _pv(volume(Circle(float(clon[0]), float(clat[0]), 100)))
    assert 0 < overlap_area(a, b) < 1e-4
    assert not volumes_conflict(a, b)
    c = _pv(volume(Circle(lon, lat, 30)))
    assert overlap_area(a, c) == pytest.approx(math.pi * 900)
    assert volumes_conflict(a, c)


def test_circle_lens_area_matches_known_value() -> None:
    """Two unit circles one radius apart overlap by 2π/3 - √3/2."""
    area = circle_overlap_area((0, 0, 1), (1, 0, 1))
    assert area == pytest.approx(2 * math.pi / 3 - math.sqrt(3) / 2)
    assert circle_overlap_area((0, 0, 1), (2, 0, 1)) == 0.0


def test_circle_polygon_stand_in_contains_the_circle(volume: VolumeFactory) -> None:
    """The 64-gon used against polygons circumscribes the circle, so it never misses a conflict."""
    a = _pv(volume(Circle(128.843, 32.697, 100)))
    x, y, r = a.circle  # type: ignore[misc]
    assert a.geometry.contains(shapely.Point(x, y).buffer(r * 0.999999, quad_segs=64))
    assert a.geometry.area < math.pi * r * r * 1.003


def test_mixed_altitude_references_are_refused(volume: VolumeFactory) -> None:
    """AGL cannot be compared with AMSL without terrain: an error, not a guess."""
    a = _pv(volume(box_m(0, 0, 100, 100)))
    b = _pv(volume(box_m(0, 0, 100, 100), ref=AltitudeReference.AMSL))
    with pytest.raises(InvalidInput, match="AGL"):
        volumes_conflict(a, b)
    later = _pv(volume(box_m(0, 0, 100, 100), start_min=30, end_min=40,
                       ref=AltitudeReference.AMSL))
    assert not volumes_conflict(a, later)  # disjoint in time: nothing to compare
