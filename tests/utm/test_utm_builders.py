"""Corridor volumes from a planned route and area-permit volumes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import shapely
from utm_support import T0, ZONE_I, box_m

from kizuna.errors import InvalidInput
from kizuna.utm import (
    AltitudeReference,
    Circle,
    Volume4D,
    Waypoint4D,
    area_volume,
    corridor_volumes,
    project_volumes,
)


def _route() -> list[tuple[float, float, float, datetime]]:
    return [(128.843, 32.697, 40.0, T0), (128.853, 32.697, 80.0, T0 + timedelta(seconds=150)),
            (128.853, 32.707, 80.0, T0 + timedelta(seconds=210))]


def test_corridor_is_sliced_in_time_with_margins() -> None:
    """150 s at 60 s slices gives 3 slices, 60 s gives 1; margins widen time and altitude."""
    vols = corridor_volumes(_route(), lateral_margin_m=20, vertical_margin_m=10,
                            eta_uncertainty_s=15, max_slice_s=60, frame=ZONE_I)
    assert len(vols) == 4
    first = vols[0]
    assert first.time_start == T0 - timedelta(seconds=15)
    assert first.time_end == T0 + timedelta(seconds=50 + 15)
    assert first.altitude_lower_m == pytest.approx(30.0)
    assert first.altitude_upper_m == pytest.approx(40 + 40 / 3 + 10)
    assert vols[-1].altitude_lower_m == pytest.approx(70.0)
    assert vols[-1].time_end == T0 + timedelta(seconds=225)


def test_corridor_covers_the_route_with_its_lateral_margin() -> None:
    """Every point of the route lies inside the corridor, and points 25 m aside do not (20 m)."""
    vols = corridor_volumes(_route(), lateral_margin_m=20, vertical_margin_m=10,
                            eta_uncertainty_s=0, frame=ZONE_I)
    union = shapely.union_all([p.geometry for p in project_volumes(vols, ZONE_I)])
    xs, ys = ZONE_I.project_xy(*map(list, zip(*[(w[0], w[1]) for w in _route()],
                                              strict=True)))  # type: ignore[arg-type]
    line = shapely.LineString(list(zip(xs, ys, strict=True)))
    assert union.buffer(1e-6).contains(line)
    assert union.contains(line.offset_curve(19.0))
    assert not union.intersects(shapely.LineString([(xs[0] + 20, ys[0] - 25),
                                                    (xs[1] - 20, ys[1] - 25)]))


@pytest.mark.parametrize("route", [
    [(128.8, 32.7, 50.0, T0)],
    [(128.8, 32.7, 50.0, T0), (128.81, 32.7, 50.0, T0)],
    [(128.8, 32.7, 50.0, T0), (200.0, 32.7, 50.0, T0 + timedelta(minutes=1))],
    [(128.8, 32.7, 50.0, datetime(2026, 12, 1)), (128.81, 32.7, 50.0, datetime(2026, 12, 2))],
])
def test_bad_routes_are_refused(route: list[tuple[float, float, float, datetime]]) -> None:
    """Too few points, non-increasing times, bad coordinates, naive times: InvalidInput."""
    with pytest.raises(InvalidInput):
        corridor_volumes(route, lateral_margin_m=20, vertical_margin_m=10, eta_uncertainty_s=0)


def test_hover_leg_gives_a_disc() -> None:
    """A leg that stays put (hover, delivery) is a disc of the lateral margin."""
    w = [Waypoint4D(128.843, 32.697, 30, T0), Waypoint4D(128.843, 32.697, 30, T0 +
                                                         timedelta(seconds=30))]
    (vol,) = corridor_volumes(w, lateral_margin_m=10, vertical_margin_m=5, eta_uncertainty_s=0,
                              frame=ZONE_I)
    (pv,) = project_volumes([vol], ZONE_I)
    assert pv.geometry.area == pytest.approx(3.14159 * 100, rel=0.02)


def test_area_volume_keeps_the_permit_window() -> None:
    """An area permit window becomes one volume with its band and times."""
    end = T0 + timedelta(hours=8)
    v = area_volume(box_m(0, 0, 2000, 2000), 0, 150, T0, end)
    assert (v.altitude_lower_m, v.altitude_upper_m, v.time_start, v.time_end) == (0, 150, T0, end)
    assert v.altitude_reference is AltitudeReference.AGL


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"altitude_lower_m": 100, "altitude_upper_m": 100}, "altitude_lower_m"),
    ({"time_end": T0}, "time_start"),
    ({"time_start": datetime(2026, 12, 1)}, "time_start"),
    ({"shape": shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])}, "polygon"),
    ({"shape": shapely.box(500000, 0, 500001, 1)}, "polygon"),
])
def test_volume_validation_names_the_field(kwargs: dict[str, object], field: str) -> None:
    """Bad bands, windows, naive times, self-intersections, zero radii: InvalidInput(field)."""
    base: dict[str, object] = {
        "shape": box_m(0, 0, 10, 10), "altitude_lower_m": 0, "altitude_upper_m": 100,
        "altitude_reference": AltitudeReference.AGL, "time_start": T0,
        "time_end": T0 + timedelta(minutes=5)}
    with pytest.raises(InvalidInput) as err:
        Volume4D(**(base | kwargs))  # type: ignore[arg-type]
    assert err.value.field == field


def test_zero_radius_circle_is_refused() -> None:
    """A circle needs a positive radius."""
    with pytest.raises(InvalidInput, match="radius_m"):
        Circle(128.8, 32.7, 0)


def test_times_in_other_offsets_compare_as_instants() -> None:
    """19:00+09:00 is 10:00Z: the volume's window is compared as an instant."""
    jst = datetime(2026, 12, 1, 19, 0, tzinfo=timezone(timedelta(hours=9)))
    v = area_volume(box_m(0, 0, 10, 10), 0, 100, jst, jst + timedelta(minutes=1))
    (pv,) = project_volumes([v], ZONE_I)
    assert pv.t_start == datetime(2026, 12, 1, 10, 0, tzinfo=UTC).timestamp()
