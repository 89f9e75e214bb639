"""`kizuna risk sora`: JSON in, one JSON result out; bad input is one line and exit code 2."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.main import run

EXAMPLE: dict[str, Any] = {
    "characteristic_dimension_m": 1.2,
    "max_speed_mps": 20,
    "mass_kg": 9.8,
    "population_density": 300,
    "controlled_ground_area": False,
    "mitigations": {"M1A": "low", "M1B": None, "M1C": None, "M2": "medium"},
    "airspace": {"environment": "uncontrolled_rural", "above_150m_agl": False},
    "strategic_arc_reduction": 0,
}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        run(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _with(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(EXAMPLE)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] |= value
        else:
            data[key] = value
    return data


def test_issue_example_from_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's example gives iGRC 5, final GRC 3, ARC b, SAIL II, with reasons."""
    path = tmp_path / "op.json"
    path.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    code, out, err = _run(["risk", "sora", str(path)], capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert {k: result[k] for k in ("igrc", "final_grc", "initial_arc", "residual_arc", "sail")} == {
        "igrc": 5,
        "final_grc": 3,
        "initial_arc": "b",
        "residual_arc": "b",
        "sail": "II",
    }
    assert result["reasons"][0]["code"] == "IGRC"
    assert all({"code", "text", "text_ja", "rule"} <= set(r) for r in result["reasons"])
    assert out.count("\n") == 1


def test_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without FILE the command reads standard input."""
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(EXAMPLE)))
    code, out, _ = _run(["risk", "sora"], capsys)
    assert code == 0
    assert json.loads(out)["sail"] == "II"


def test_out_of_table_gives_nulls_and_certified(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """iGRC and final GRC are null out of the table, and the SAIL is certified."""
    data = _with(characteristic_dimension_m=12.0, population_density=60000)
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(data)))
    code, out, _ = _run(["risk", "sora", "-"], capsys)
    result = json.loads(out)
    assert code == 0
    assert (result["igrc"], result["final_grc"], result["sail"]) == (None, None, "certified")


def test_absent_mitigations_and_defaults(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Mitigations, controlled_ground_area and strategic_arc_reduction may be left out."""
    data = {
        k: v
        for k, v in EXAMPLE.items()
        if k not in {"mitigations", "controlled_ground_area", "strategic_arc_reduction"}
    }
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(data)))
    code, out, _ = _run(["risk", "sora"], capsys)
    assert code == 0
    assert json.loads(out)["final_grc"] == 5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_with(mitigations={"M1A": "high"}), "mitigations.M1A"),
        (_with(mitigations={"M1B": "low"}), "mitigations.M1B"),
        (_with(mitigations={"M2": "low"}), "mitigations.M2"),
        (_with(mitigations={"M1C": "medium"}), "mitigations.M1C"),
        (_with(mitigations={"M1A": "medium", "M1B": "high"}), "combined"),
        (_with(mitigations={"M3": "low"}), "mitigations.M3"),
        (_with(mitigations={"M1A": "very high"}), "mitigations.M1A"),
        (_with(population_density=-1), "population_density"),
        (_with(population_density="many"), "population_density"),
        (_with(characteristic_dimension_m=0), "characteristic_dimension_m"),
        (_with(airspace={"environment": "class_g"}), "airspace.environment"),
        (_with(airspace={"above_150m_agl": "yes"}), "airspace.above_150m_agl"),
        (_with(airspace={"wind": 3}), "airspace.wind"),
        (_with(strategic_arc_reduction=2), "strategic_arc_reduction"),
        (_with(strategic_arc_reduction=-1), "strategic_arc_reduction"),
        (_with(strategic_arc_reduction=0.5), "strategic_arc_reduction"),
        (_with(colour="red"), "colour"),
        ({k: v for k, v in EXAMPLE.items() if k != "population_density"}, "population_density"),
        ([1, 2], "JSON object"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any, message: str
) -> None:
    """Not-allowed levels, the M1(A)/M1(B) combination, bad values and unknown keys."""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _run(["risk", "sora", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("kizuna: ")
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize("text", ["{not json", ""])
def test_unreadable_json_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    """Broken or empty JSON is bad input too."""
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = _run(["risk", "sora", str(path)], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not valid JSON" in err


def test_nan_density_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Python's JSON reader accepts NaN; the contract does not."""
    path = tmp_path / "nan.json"
    path.write_text(json.dumps(EXAMPLE).replace("300", "NaN"), encoding="utf-8")
    code, out, err = _run(["risk", "sora", str(path)], capsys)
    assert (code, out) == (2, "")
    assert "population_density" in err


def test_missing_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A FILE that does not exist is one line and exit code 2."""
    code, out, err = _run(["risk", "sora", str(tmp_path / "nope.json")], capsys)
    assert (code, out) == (2, "")
    assert "nope.json" in err
