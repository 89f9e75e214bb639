"""Tests for kizuna.rules.daylight.is_night (sunset to sunrise)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from astral import Observer
from astral.sun import sunrise, sunset

from kizuna.errors import InvalidInput
from kizuna.rules.daylight import is_night

JST = timezone(timedelta(hours=9))
FUKUE = (128.8408, 32.6953)
MINAMISOMA = (140.957, 37.642)
TOKYO = (139.7414, 35.6581)  # NAOJ's reference point for Tokyo (Azabudai)

# Sunrise and sunset in JST to the minute. Tokyo 2021-06-21 is NAOJ's published 04:26 / 19:00.
# Fukue and Minamisoma were computed with the NOAA solar algorithm, independently of astral, and
# checked for plausibility: Fukue's solstice day is 14 h 18 min at 32.7 N (Nagasaki's published
# ~05:12-19:34 is 4 min earlier, 1 degree east); Minamisoma's is 14 h 46 min at 37.6 N.
REFERENCE = [
    (TOKYO, date(2021, 6, 21), "04:26", "19:00"),
    (FUKUE, date(2026, 6, 21), "05:17", "19:36"),
    (FUKUE, date(2026, 12, 22), "07:23", "17:23"),
    (MINAMISOMA, date(2026, 6, 21), "04:15", "19:01"),
    (MINAMISOMA, date(2025, 12, 3), "06:34", "16:18"),
]
TOLERANCE = timedelta(minutes=2)


def at(day: date, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=JST)


@pytest.mark.parametrize(("place", "day", "rise", "set_"), REFERENCE)
def test_agrees_with_reference_sunset(
    place: tuple[float, float], day: date, rise: str, set_: str
) -> None:
    """Day until 2 minutes before the reference sunset, night from 2 minutes after."""
    lon, lat = place
    assert not is_night(lon, lat, at(day, set_) - TOLERANCE)
    assert is_night(lon, lat, at(day, set_) + TOLERANCE)


@pytest.mark.parametrize(("place", "day", "rise", "set_"), REFERENCE)
def test_agrees_with_reference_sunrise(
    place: tuple[float, float], day: date, rise: str, set_: str
) -> None:
    """Night until 2 minutes before the reference sunrise, day from 2 minutes after."""
    lon, lat = place
    assert is_night(lon, lat, at(day, rise) - TOLERANCE)
    assert not is_night(lon, lat, at(day, rise) + TOLERANCE)


@pytest.mark.parametrize("place", [FUKUE, MINAMISOMA])
@pytest.mark.parametrize("day", [date(2026, 3, 20), date(2026, 6, 21), date(2026, 12, 22)])
def test_sunset_boundary_one_minute(place: tuple[float, float], day: date) -> None:
    """One minute before sunset is day, one minute after is night (and the reverse at sunrise)."""
    lon, lat = place
    observer = Observer(latitude=lat, longitude=lon)
    set_time = sunset(observer, day, tzinfo=JST)
    rise_time = sunrise(observer, day, tzinfo=JST)
    minute = timedelta(minutes=1)
    assert not is_night(lon, lat, set_time - minute)
    assert is_night(lon, lat, set_time + minute)
    assert is_night(lon, lat, rise_time - minute)
    assert not is_night(lon, lat, rise_time + minute)


def test_same_instant_in_any_timezone() -> None:
    """The answer depends on the instant, not on the offset it is written with."""
    lon, lat = FUKUE
    evening = datetime(2026, 6, 21, 19, 40, tzinfo=JST)
    assert is_night(lon, lat, evening) is is_night(lon, lat, evening.astimezone(UTC))
    assert is_night(lon, lat, evening.astimezone(UTC))


def test_midnight_and_noon() -> None:
    """Local midnight is night and local noon is day."""
    lon, lat = MINAMISOMA
    assert is_night(lon, lat, datetime(2026, 12, 22, 0, 0, tzinfo=JST))
    assert not is_night(lon, lat, datetime(2026, 12, 22, 12, 0, tzinfo=JST))


def test_polar_day_and_night() -> None:
    """Where the sun never sets or never rises, the answer still comes (no exception)."""
    assert not is_night(15.6, 78.2, datetime(2026, 6, 21, 0, 0, tzinfo=UTC))
    assert is_night(15.6, 78.2, datetime(2026, 12, 21, 12, 0, tzinfo=UTC))


def test_naive_datetime_refused() -> None:
    """A datetime without an offset is ambiguous and refused."""
    with pytest.raises(InvalidInput, match="when"):
        is_night(*FUKUE, datetime(2026, 6, 21, 20, 0))


@pytest.mark.parametrize(("lon", "lat"), [(181.0, 0.0), (0.0, -91.0), (float("nan"), 0.0)])
def test_out_of_range_coordinates_refused(lon: float, lat: float) -> None:
    """Coordinates outside WGS84 ranges are refused with InvalidInput."""
    with pytest.raises(InvalidInput):
        is_night(lon, lat, datetime(2026, 6, 21, 20, 0, tzinfo=JST))
