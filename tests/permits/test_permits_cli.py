"""`kizuna permit` commands: exit codes, outputs and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from permits_support import EXAMPLES, example

from kizuna.cli.main import run

PERMIT = str(EXAMPLES / "aokata-permit.json")
HOSPITAL = str(EXAMPLES / "aokata-hospital.geojson")
FLIGHT = ["--aircraft", "JUGOTO000001", "--pilot", "goto-p1",
          "--at", "2025-11-20T10:00:00+09:00", "--wind-mps", "4"]


def call(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        run(argv)
    out = capsys.readouterr()
    return int(exc.value.code or 0), out.out, out.err


def test_check_passing_flight_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """The hospital flight prints no violations and exits 0."""
    code, out, _ = call(["permit", "check", PERMIT, HOSPITAL, *FLIGHT], capsys)
    assert code == 0 and json.loads(out)["violations"] == []


def test_check_failing_flight_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """The route leaving the area prints OUTSIDE_AREA and exits 1."""
    code, out, _ = call(["permit", "check", PERMIT, str(EXAMPLES / "aokata-outside.geojson"),
                         *FLIGHT], capsys)
    assert code == 1
    assert [v["code"] for v in json.loads(out)["violations"]] == ["OUTSIDE_AREA"]


def test_check_without_wind_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --wind-mps the wind limit is listed as unchecked."""
    code, out, _ = call(["permit", "check", PERMIT, HOSPITAL, *FLIGHT[:-2]], capsys)
    assert code == 0 and json.loads(out)["unchecked"] == ["WIND_LIMIT (no --wind-mps)"]


@pytest.mark.parametrize("content", ["{not json", "[]", '{"number": "X"}', ""])
def test_corrupt_permit_exits_2_not_0(tmp_path: Path, content: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A permit that does not parse is refused with exit 2, never treated as permissive."""
    bad = tmp_path / "permit.json"
    bad.write_text(content, encoding="utf-8")
    code, out, err = call(["permit", "check", str(bad), HOSPITAL, *FLIGHT], capsys)
    assert code == 2 and out == ""
    assert err.startswith("kizuna: ") and err.count("\n") == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--aircraft", "JUNOSUCH0001"], "unknown aircraft"),
    (["--pilot", "nobody"], "unknown pilot"),
    (["--at", "2025-11-20T10:00:00"], "needs a UTC offset"),
    (["--at", "tomorrow"], "not an ISO 8601"),
])
def test_check_bad_flight_input_exits_2(args: list[str], message: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Unknown aircraft or pilot, or a naive or unreadable time: one line, exit 2."""
    flight = dict(zip(FLIGHT[::2], FLIGHT[1::2], strict=True))
    flight.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = ["permit", "check", PERMIT, HOSPITAL, *[x for kv in flight.items() for x in kv]]
    code, _, err = call(argv, capsys)
    assert code == 2 and message in err


def _application(tmp_path: Path, **changes: object) -> str:
    data = example("aokata-application.json")
    data.update(changes)
    path = tmp_path / "application.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("changes", "message"), [
    ({"area": {"type": "Polygon", "coordinates": [[[129.04, 33.0], [129.06, 33.02],
                                                   [129.06, 33.0], [129.04, 33.02],
                                                   [129.04, 33.0]]]}}, "Self-intersection"),
    ({"scenario": "minamisoma"}, "outside scenario"),
    ({"daily_windows": [{"start": "16:00", "end": "09:00"}]}, "before it starts"),
    ({"aircraft": ["JUNOSUCH0001"]}, "unknown aircraft"),
])
def test_dossier_bad_input_exits_2(tmp_path: Path, changes: dict[str, object], message: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Self-intersecting or misplaced areas, reversed windows, unknown aircraft: exit 2."""
    code, _, err = call(["permit", "dossier", _application(tmp_path, **changes),
                         "--out", str(tmp_path / "out")], capsys)
    assert code == 2 and message in err and err.count("\n") == 1
    assert not (tmp_path / "out" / "dossier.json").exists()


def test_notify_writes_csv_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The DIPS record is written as CSV and as JSON."""
    for suffix in ("csv", "json"):
        target = tmp_path / f"plan.{suffix}"
        code, _, _ = call(["permit", "notify", PERMIT, HOSPITAL, *FLIGHT[:-2], "--out",
                           str(target)], capsys)
        assert code == 0 and target.exists()
    header = (tmp_path / "plan.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("permit_number,flight_id,date,start,end,geometry_kind")
    record = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))["records"][0]
    assert record["aircraft_registration"] == "JUGOTO000001"
