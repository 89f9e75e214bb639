"""`kizuna plan route`: JSON summary and file on success, exit 1 with a reason when there is no
route, exit 2 on bad input."""

from __future__ import annotations

import json

import pytest

from kizuna.cli.main import run

BASE = ["plan", "route", "--scenario", "minamisoma", "--from", "rtf", "--aircraft", "pf4",
        "--departure", "2025-12-01T10:00+09:00"]


def _run(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        run(argv)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def test_plan_route_prints_summary_and_writes_qgc_plan(tmp_path, capsys) -> None:
    """Success: the summary has the documented keys and the .plan file parses."""
    out = tmp_path / "r.plan"
    code, stdout, _ = _run([*BASE, "--to", "140.94,37.68", "--level", "3.5", "--wind-mps", "3",
                            "--wind-from", "270", "--out", str(out)], capsys)
    assert code in (0, None)
    summary = json.loads(stdout)
    for key in ("length_m", "energy_wh", "soc_landing", "feasible", "max_agl_m", "min_agl_m",
                "did_overflight_m", "expected_fatalities", "crossings", "waypoints"):
        assert key in summary
    assert summary["feasible"] is True and summary["format"] == "qgc"
    assert json.loads(out.read_text())["fileType"] == "Plan"


@pytest.mark.parametrize(("args", "message"), [
    (["--to", "140.96,37.642"], "goal inside DID"),
    (["--to", "140.94,37.68", "--wind-mps", "11"], "wind: 11 m/s is above"),
    (["--to", "140.94,37.68", "--reserve", "0.9"], "battery:"),
])
def test_no_route_exits_1_with_one_line(args, message, capsys) -> None:
    """No legal or feasible route: exit code 1 and a one-line reason."""
    code, stdout, stderr = _run([*BASE, *args], capsys)
    assert code == 1 and stdout == ""
    assert message in stderr and stderr.count("\n") == 1


@pytest.mark.parametrize("args", [
    ["--to", "not-a-point"],
    ["--to", "140.94,37.68", "--level", "5"],
    ["--to", "129.0,33.0"],
    ["--to", "140.94,37.68", "--format", "kml", "--out", "x.kml"],
    ["--to", "140.94,37.68", "--aircraft", "nope"],
])
def test_invalid_input_exits_2(args, capsys, tmp_path, monkeypatch) -> None:
    """Bad coordinates, level, format, profile or a goal outside the scenario: exit 2."""
    monkeypatch.chdir(tmp_path)
    code, _, stderr = _run([*BASE, *args], capsys)
    assert code == 2 and stderr.startswith("kizuna: ")


def test_bad_permit_file_exits_2(tmp_path, capsys) -> None:
    """A permit that is not an envelope is invalid input."""
    permit = tmp_path / "permit.json"
    permit.write_text(json.dumps({"kind": "area", "area": {"type": "Point",
                                                           "coordinates": [0, 0]}}))
    code, _, stderr = _run([*BASE, "--to", "140.94,37.68", "--permit", str(permit)], capsys)
    assert code == 2 and "permit" in stderr


def test_corridor_permit_keeps_the_route_in_the_corridor(tmp_path, capsys) -> None:
    """A corridor permit along the straight line: the route stays inside it."""
    permit = tmp_path / "corridor.json"
    permit.write_text(json.dumps({
        "kind": "corridor", "half_width_m": 300,
        "route": {"type": "LineString", "coordinates": [[141.005, 37.655], [140.94, 37.68]]}}))
    out = tmp_path / "r.geojson"
    code, stdout, _ = _run([*BASE, "--level", "4", "--to", "140.94,37.68", "--permit",
                            str(permit), "--out", str(out)], capsys)
    assert code in (0, None)
    doc = json.loads(out.read_text())
    from shapely.geometry import LineString, shape

    from kizuna.geo.crs import geometry_from_wgs84

    line = geometry_from_wgs84(shape(doc["features"][0]["geometry"]), 6677)
    corridor = geometry_from_wgs84(LineString([(141.005, 37.655), (140.94, 37.68)]),
                                   6677).buffer(300 - 30 + 1e-3)
    assert corridor.covers(LineString([c[:2] for c in line.coords]))
    assert json.loads(stdout)["format"] == "geojson"
