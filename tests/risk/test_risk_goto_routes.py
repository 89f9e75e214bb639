"""On the bundled goto scenario: a route over Fukue town and one over sea and forest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.main import run
from kizuna.risk.render import render_risk_profile
from kizuna.risk.route_assessment import route_profile_for
from kizuna.scenario import load

# Fukue port (32.697N 128.843E) from the west, across the DID, 100 m AGL.
TOWN = {"type": "LineString", "coordinates": [[128.775, 32.705, 100], [128.81, 32.700, 100],
                                              [128.843, 32.697, 100]]}
# From the sea south of the island, north over the inland hills, away from settlements.
SEA_FOREST = {"type": "Feature", "properties": {}, "geometry": {
    "type": "LineString", "coordinates": [[128.79, 32.635, 100], [128.79, 32.66, 100],
                                          [128.78, 32.725, 100]]}}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        run(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _sora(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any],
          ) -> tuple[int, dict[str, Any], str]:
    path = tmp_path / "op.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _run(["risk", "sora", str(path)], capsys)
    return code, (json.loads(out) if out else {}), err


def test_town_and_sea_forest_routes_differ_for_readable_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Town: DID, urban, higher density, iGRC and SAIL; sea/forest: rural, lower."""
    base = {"scenario": "goto", "profile": "pf2-cat3"}
    code, town, err = _sora(tmp_path, capsys, base | {"route": TOWN})
    assert (code, err) == (0, "")
    code, rural, err = _sora(tmp_path, capsys, base | {"route": SEA_FOREST})
    assert (code, err) == (0, "")
    t, r = town["derived"], rural["derived"]
    assert t["max_density"] > 5000 > 1000 > r["max_density"]
    assert t["mean_density"] > 10 * r["mean_density"]
    assert t["did_share"] > 0 and t["did_ids"] == ["DID-1"] and r["did_share"] == 0
    assert (t["environment"], r["environment"]) == ("uncontrolled_urban", "uncontrolled_rural")
    assert (town["initial_arc"], rural["initial_arc"]) == ("c", "b")
    # pf2-cat3 (1.2 m, 15 m/s) is column 2: rows <50000 and <5000 give iGRC 7 and 6.
    assert (town["igrc"], rural["igrc"]) == (7, 6)
    assert (town["sail"], rural["sail"]) == ("VI", "V")
    # The pf2-cat3 carries a parachute: 100 m / 5 m/s x 8 m/s wind = 160 m, above 1:1.
    assert t["buffer_m"] == r["buffer_m"] == 160.0
    codes = [x["code"] for x in town["reasons"]]
    assert codes[:4] == ["OPERATIONAL_VOLUME", "GROUND_RISK_BUFFER", "POPULATION_DENSITY",
                         "ENVIRONMENT"]
    assert "DID-1" in town["reasons"][3]["text"]


def test_area_input_and_given_figures_override_the_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An area with max_height_agl_m works; a given mass and speed override the profile's."""
    area = {"type": "Polygon", "coordinates": [[[128.60, 32.90], [128.62, 32.90],
                                                [128.62, 32.92], [128.60, 32.92],
                                                [128.60, 32.90]]]}
    data = {"scenario": "goto", "profile": "pf2-cat3", "area": area, "max_height_agl_m": 60,
            "max_speed_mps": 40, "airspace": {"environment": "controlled"}}
    code, result, err = _sora(tmp_path, capsys, data)
    assert (code, err) == (0, "")
    assert result["derived"]["max_density"] == 0.0  # open sea, NW of Fukue island
    assert result["initial_arc"] == "c"  # the given environment wins over the derived one
    assert result["igrc"] == 4  # 40 m/s moves the aircraft to column 3; row <5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scenario": "goto", "profile": "nope", "route": TOWN}, "aircraft profile"),
        ({"scenario": "atlantis", "profile": "pf2-cat3", "route": TOWN}, "scenario"),
        ({"profile": "pf2-cat3", "route": TOWN}, "scenario"),
        ({"scenario": "goto", "route": TOWN}, "characteristic_dimension_m"),
        ({"scenario": "goto", "profile": "pf2-cat3", "route": TOWN, "population_density": 3,
          "airspace": {"environment": "controlled"}}, "not both"),
        ({"scenario": "goto", "profile": "pf2-cat3",
          "route": {"type": "LineString", "coordinates": [[128.8, 32.7], [128.81, 32.7]]}},
         "max_height_agl_m"),
        ({"scenario": "goto", "profile": "pf2-cat3",
          "route": {"type": "Point", "coordinates": [128.8, 32.7]}}, "route"),
        ({"scenario": "goto", "profile": "pf2-cat3",
          "route": {"type": "LineString", "coordinates": [[500, 32.7, 1], [128.81, 32.7, 1]]}},
         "lon/lat"),
        ({"scenario": "goto", "profile": "pf2-cat3",
          "route": {"type": "LineString", "coordinates": [[140, 40, 1], [140.1, 40, 1]]}},
         "outside the population"),
        ({"scenario": "goto", "profile": "pf2-cat3", "route": TOWN, "area": TOWN}, "area"),
    ],
)
def test_bad_route_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any], message: str
) -> None:
    """Unknown names, missing figures, wrong geometry and places outside the data."""
    code, result, err = _sora(tmp_path, capsys, data)
    assert (code, result) == (2, {})
    assert err.count("\n") == 1 and err.startswith("kizuna: ") and message in err


def test_route_profile_is_higher_over_the_did() -> None:
    """Per-segment expected fatalities: every DID segment beats every segment outside it."""
    s = load("goto")
    town = route_profile_for(s.population, s.did, TOWN, "pf2-cat3")
    rural = route_profile_for(s.population, s.did, SEA_FOREST, "pf2-cat3")
    did = [x.expected_fatalities for x in town.profile.segments if x.in_did]
    other = [x.expected_fatalities for x in town.profile.segments if not x.in_did]
    assert did and other and min(did) > max(other)
    assert town.profile.expected_fatalities > 5 * rural.profile.expected_fatalities
    assert not any(x.in_did for x in rural.profile.segments)


def test_render_risk_profile_writes_a_png(tmp_path: Path) -> None:
    """The PNG is written (a real PNG of the expected size)."""
    s = load("goto")
    result = route_profile_for(s.population, s.did, TOWN, "pf2-cat3")
    out = tmp_path / "maps" / "town.png"
    render_risk_profile(s, result.profile, out,
                        ground_risk_area=result.derived.volume.ground_risk_area)
    head = out.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(head[16:20], "big") == 1500  # width in px


def test_cli_profile_prints_total_and_segments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kizuna risk profile` prints the total, the model and DID-marked segments."""
    route = tmp_path / "route.geojson"
    route.write_text(json.dumps(TOWN), encoding="utf-8")
    code, out, err = _run(["risk", "profile", "--route", str(route), "--scenario", "goto",
                           "--profile", "pf2-cat3", "--png", str(tmp_path / "p.png")], capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    total = sum(x["expected_fatalities"] for x in result["segments"])
    assert result["expected_fatalities_per_flight"] == pytest.approx(total)
    assert any(x["in_did"] for x in result["segments"])
    assert result["model"]["failure_rate_per_hour"] == 1e-4
    assert (tmp_path / "p.png").stat().st_size > 10_000


def test_cli_profile_bad_input_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          ) -> None:
    """An unknown profile or a p_s above 1 is one line and exit code 2."""
    route = tmp_path / "route.geojson"
    route.write_text(json.dumps(TOWN), encoding="utf-8")
    for extra in (["--profile", "nope"], ["--sheltering-factor", "2"]):
        code, out, err = _run(["risk", "profile", "--route", str(route), *extra], capsys)
        assert (code, out) == (2, "") and err.count("\n") == 1
