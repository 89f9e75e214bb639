"""The airspace bounds: times in a window around now, duration, altitude and radius."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from shapely.geometry import box

from kizuna.errors import InvalidInput
from kizuna.utm.bounds import AirspaceBounds, check_report_time, check_volume, load_bounds
from kizuna.utm.volume import AltitudeReference, Circle, Volume4D

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
BOUNDS = load_bounds()


def _volume(start: datetime = NOW, minutes: float = 30, lower: float = 0, upper: float = 120,
            radius_m: float | None = None) -> Volume4D:
    shape = (Circle(129.0, 33.0, radius_m) if radius_m is not None
             else box(129.0, 33.0, 129.01, 33.01))
    return Volume4D(shape, lower, upper, AltitudeReference.AGL, start,
                    start + timedelta(minutes=minutes))


def test_an_ordinary_volume_passes() -> None:
    """Half an hour from now, 0-120 m AGL, a 500 m circle: within every bound."""
    check_volume(_volume(), NOW, BOUNDS, "volumes.0")
    check_volume(_volume(radius_m=500), NOW, BOUNDS, "volumes.0")


@pytest.mark.parametrize(("volume", "field"), [
    (_volume(start=datetime.fromisoformat("9999-12-31T23:00:00-09:00")), "volumes.0.time_end"),
    (_volume(start=NOW - timedelta(days=2)), "volumes.0.time_start"),
    (_volume(minutes=60 * 24 * 365 * 100), "volumes.0.time_end"),
    (_volume(minutes=60 * 25), "volumes.0.time_end"),
    (_volume(lower=-1000), "volumes.0.altitude_lower_m"),
    (_volume(upper=100_000), "volumes.0.altitude_upper_m"),
    (_volume(radius_m=1_500_000), "volumes.0.circle.radius_m"),
    (_volume(radius_m=1e308), "volumes.0.circle.radius_m"),
])
def test_squatting_volumes_are_refused(volume: Volume4D, field: str) -> None:
    """Year 10000, the past, a century, over a day, below ground, into space, 1,500 km."""
    with pytest.raises(InvalidInput) as err:
        check_volume(volume, NOW, BOUNDS, "volumes.0")
    assert err.value.field == field


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+09:00", "9999-12-31T23:59:59-09:00",
                                  "2026-03-03T09:00:00+00:00"])
def test_report_times_far_from_now_are_refused(when: str) -> None:
    """A report from year 1, year 9999 or two days ahead is a broken clock."""
    with pytest.raises(InvalidInput) as err:
        check_report_time(datetime.fromisoformat(when), NOW, BOUNDS, "reports.0.time")
    assert err.value.field == "reports.0.time"
    check_report_time(NOW + timedelta(hours=1), NOW, BOUNDS, "reports.0.time")


def test_bounds_validate_their_figures(tmp_path: Path) -> None:
    """Negative, non-finite, inverted or missing figures are refused, naming the key."""
    good = {f: getattr(BOUNDS, f) for f in BOUNDS.__dataclass_fields__}
    with pytest.raises(InvalidInput, match="max_radius_m"):
        AirspaceBounds(**{**good, "max_radius_m": -1})
    with pytest.raises(InvalidInput, match="report_past_s"):
        AirspaceBounds(**{**good, "report_past_s": float("inf")})
    with pytest.raises(InvalidInput, match="min_altitude_m"):
        AirspaceBounds(**{**good, "min_altitude_m": 5000})
    path = tmp_path / "b.json"
    path.write_text(json.dumps({k: v for k, v in good.items() if k != "max_radius_m"}))
    with pytest.raises(InvalidInput, match="missing"):
        load_bounds(path)
