"""Airport restricted surfaces in 3D (kizuna.scenario.surfaces), on a generated runway."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kizuna.errors import InvalidInput
from kizuna.scenario.surfaces import AirportSurfaces, airport_surface_config, surfaces_from_config

ELEV = 77.0


def runway(**changes: object) -> AirportSurfaces:
    """A 2,000 m north-south runway centred on the origin, Fukue's figures (class C)."""
    args: dict[str, object] = dict(
        end_a=(0.0, -1000.0), end_b=(0.0, 1000.0), elevation_m=ELEV, reference_xy=(0.0, 0.0),
        strip_half_width_m=150.0, strip_end_m=60.0, approach_length_m=3000.0,
        approach_outer_half_width_m=600.0, approach_slope=0.02, transitional_slope=1 / 7,
        horizontal_height_m=45.0, horizontal_radius_m=3000.0)
    args.update(changes)
    return AirportSurfaces(**args)  # type: ignore[arg-type]


def ceiling(s: AirportSurfaces, x: float, y: float) -> float:
    return float(s.ceiling_amsl(x, y))


def test_point_inside_the_approach_surface() -> None:
    """1,000 m beyond the strip end on the axis the approach surface is 20 m above it (1/50)."""
    s = runway()
    assert ceiling(s, 0.0, 1060.0 + 1000.0) == pytest.approx(ELEV + 20.0)
    assert ceiling(s, 0.0, -(1060.0 + 1000.0)) == pytest.approx(ELEV + 20.0)


def test_approach_surface_ends_and_widens() -> None:
    """At its far end the approach surface is 600 m wide each side and 60 m up; past it, and
    outside the horizontal surface, nothing restricts."""
    s = runway()
    assert ceiling(s, 590.0, 1060.0 + 2990.0) == pytest.approx(ELEV + 2990.0 * 0.02)
    assert math.isinf(ceiling(s, 0.0, 1060.0 + 3100.0))
    assert math.isinf(ceiling(s, 3500.0, 0.0))


def test_transitional_surface_beside_the_strip() -> None:
    """140 m beside the strip the transitional surface is 20 m up (1/7); 400 m beside it has
    met the horizontal surface."""
    s = runway()
    assert ceiling(s, 150.0 + 140.0, 0.0) == pytest.approx(ELEV + 20.0)
    assert ceiling(s, 150.0 + 400.0, 0.0) == pytest.approx(ELEV + 45.0)


def test_horizontal_surface_and_premises() -> None:
    """Within the radius the horizontal surface is 45 m above the elevation; over the strip
    nothing is free."""
    s = runway()
    assert ceiling(s, -2000.0, 1500.0) == pytest.approx(ELEV + 45.0)
    assert ceiling(s, 0.0, 0.0) == -math.inf


def test_designated_airport_has_conical_and_outer_horizontal() -> None:
    """Designated airports add the conical (1/50) and outer horizontal (295 m) surfaces."""
    s = runway(designated=True)
    assert ceiling(s, 5000.0, 0.0) == pytest.approx(ELEV + 45.0 + 2000.0 * 0.02)
    assert ceiling(s, 20000.0, 0.0) == pytest.approx(ELEV + 295.0)
    assert math.isinf(ceiling(s, 25000.0, 0.0))
    assert math.isinf(ceiling(runway(), 5000.0, 0.0))


def test_large_airport_restricts_below() -> None:
    """At the 8 large airports the airspace under the approach surface is restricted too."""
    assert ceiling(runway(restricts_below=True), 0.0, 2060.0) == -math.inf
    assert ceiling(runway(restricts_below=True), -2000.0, 1500.0) == pytest.approx(ELEV + 45)


def test_ceiling_near_takes_the_lowest_within_the_margin() -> None:
    """A point 20 m outside the strip is restricted when its 30 m margin reaches the strip."""
    s = runway()
    assert ceiling(s, 170.0, 0.0) > ELEV
    assert float(s.ceiling_near(170.0, 0.0, 30.0)) == -math.inf


def test_footprints_carry_heights() -> None:
    """Each footprint names its surface and the heights it spans."""
    by_name = {f.name: f for f in runway().footprints()}
    assert (by_name["horizontal"].low_amsl_m, by_name["horizontal"].high_amsl_m) == (122.0, 122.0)
    assert by_name["approach b"].high_amsl_m == pytest.approx(ELEV + 60.0)
    assert by_name["transitional"].area.area > 0


def test_fukue_configuration() -> None:
    """Fukue's configured runway is 03/21, 2,000 m, elevation 77 m, class C, not designated."""
    entry = airport_surface_config("fukue-airport")
    assert entry is not None
    assert (entry["runway"], entry["length_m"], entry["elevation_m"], entry["class"]) == (
        "03/21", 2000.0, 77.0, "C")
    assert airport_surface_config("no-such-airport") is None


def test_bad_configuration_names_the_key() -> None:
    """A missing key is a one-line InvalidInput, not a KeyError."""
    with pytest.raises(InvalidInput, match="elevation_m"):
        surfaces_from_config({"class": "C", "ends": [[0, 0], [0, 1]], "reference_point": [0, 0]},
                             lambda lon, lat: (lon * 1000.0, lat * 1000.0))
    with pytest.raises(InvalidInput, match="narrow"):
        runway(approach_outer_half_width_m=100.0)


def test_vectorised() -> None:
    """Arrays in, arrays out, same answers as one point at a time."""
    s = runway()
    xs = np.array([0.0, 290.0, 3500.0])
    ys = np.array([2060.0, 0.0, 0.0])
    assert list(s.ceiling_amsl(xs, ys)) == [ceiling(s, x, y) for x, y in zip(xs, ys, strict=True)]
