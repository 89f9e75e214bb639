"""Tests for `kizuna rules classify`: JSON in, one JSON verdict out, one-line errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.main import run

EXAMPLE: dict[str, Any] = {
    "facts": {
        "airport_vicinity": False,
        "emergency_airspace": False,
        "above_150m": False,
        "over_did": False,
        "night": False,
        "bvlos": True,
        "within_30m": False,
        "over_event": False,
        "dangerous_goods": False,
        "dropping_objects": False,
        "drone_act_facility": False,
    },
    "automatic": True,
    "entry_control": "camera",
    "special_zone": False,
    "aircraft": {
        "mtow_kg": 9.8,
        "certificate": "second_class",
        "onboard_camera": True,
        "registered": True,
        "remote_id": True,
    },
    "pilot": {"licence": "second_class", "limitations_lifted": ["bvlos"]},
    "operator": {"insurance": True, "flight_manual": True, "drone_act_consent": False},
}


def invoke(
    args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as exit_info:
        run(["rules", "classify", *args])
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), out, err


def test_issue_example_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's example prints the issue's verdict."""
    code, out, err = invoke(["--lang", "en"], json.dumps(EXAMPLE), monkeypatch, capsys)
    assert (code, err) == (0, "")
    verdict = json.loads(out)
    assert out.count("\n") == 1
    assert {k: verdict[k] for k in ("specific_flight", "category", "level", "allowed")} == {
        "specific_flight": True,
        "category": "IIB",
        "level": "3.5",
        "allowed": True,
    }
    assert verdict["application"] == {
        "required": True,
        "authority": "MLIT",
        "lead_business_days": 10,
    }
    assert verdict["duties"] == ["preflight_check", "accident_report", "collision_avoidance",
                                 "no_alcohol", "no_nuisance", "flight_plan_notification",
                                 "flight_log"]
    assert verdict["reasons"][0]["code"] == "M-BVLOS"
    assert verdict["violations"] == []
    assert verdict["facts"]["bvlos"] is True
    assert set(verdict) == {
        "specific_flight", "category", "level", "allowed", "application",
        "duties", "reasons", "violations", "facts",
    }  # fmt: skip


def test_file_argument_and_japanese_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FILE argument is read instead of stdin; texts default to Japanese."""
    path = tmp_path / "flight.json"
    path.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    code, out, _ = invoke([str(path)], "", monkeypatch, capsys)
    assert code == 0
    assert "特定飛行" in json.loads(out)["reasons"][0]["text"]


def test_missing_facts_are_false(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fact keys left out count as false and are echoed as false."""
    request = {**EXAMPLE, "facts": {"night": True}}
    code, out, _ = invoke(["--lang", "en"], json.dumps(request), monkeypatch, capsys)
    verdict = json.loads(out)
    assert code == 0
    assert verdict["facts"]["night"] is True
    assert verdict["facts"]["bvlos"] is False
    assert verdict["level"] == "2"


def test_violations_give_exit_code_0(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A flight that breaks a rule is a valid answer (allowed false), not an error."""
    request = {**EXAMPLE, "facts": {"emergency_airspace": True, "bvlos": True}}
    code, out, _ = invoke(["--lang", "en"], json.dumps(request), monkeypatch, capsys)
    assert code == 0
    verdict = json.loads(out)
    assert verdict["allowed"] is False
    assert [v["code"] for v in verdict["violations"]] == ["A-EMERGENCY"]


def _with(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    request = json.loads(json.dumps(EXAMPLE))
    node = request
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return request


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "input"),
        (json.dumps(_with(("facts", "bvlos"), "yes")), "facts.bvlos"),
        (json.dumps(_with(("facts", "bvlos"), 1)), "facts.bvlos"),
        (json.dumps(_with(("facts", "sunny"), True)), "facts.sunny"),
        (json.dumps(_with(("entry_control",), "fence")), "entry_control"),
        (json.dumps(_with(("aircraft", "certificate"), "third_class")), "aircraft.certificate"),
        (json.dumps(_with(("aircraft", "mtow_kg"), "9.8")), "aircraft.mtow_kg"),
        (json.dumps(_with(("aircraft", "mtow_kg"), -1)), "aircraft.mtow_kg"),
        (json.dumps(_with(("pilot", "licence"), "gold")), "pilot.licence"),
        (json.dumps(_with(("pilot", "limitations_lifted"), ["vlos"])), "pilot.limitations_lifted"),
        (json.dumps(_with(("operator", "insurance"), None)), "operator.insurance"),
        (json.dumps(_with(("colour",), "red")), "colour"),
        (json.dumps({k: v for k, v in EXAMPLE.items() if k != "facts"}), "exactly one of"),
        (json.dumps({**EXAMPLE, "route": {"type": "LineString"}}), "exactly one of"),
    ],
)
def test_invalid_input_is_one_line_exit_2(
    stdin: str, needle: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad input: exit code 2, nothing on stdout, one line on stderr naming the problem."""
    code, out, err = invoke(["--lang", "en"], stdin, monkeypatch, capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("kizuna: ")
    assert needle in err


def test_unknown_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lang other than ja or en is bad input."""
    code, out, err = invoke(["--lang", "fr"], json.dumps(EXAMPLE), monkeypatch, capsys)
    assert (code, out) == (2, "")
    assert "--lang" in err


def test_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FILE that does not exist is bad input, not a traceback."""
    code, out, err = invoke([str(tmp_path / "none.json")], "", monkeypatch, capsys)
    assert (code, out) == (2, "")
    assert "none.json" in err


def test_start_time_needs_offset(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """start_time without a UTC offset is refused."""
    request = {k: v for k, v in EXAMPLE.items() if k != "facts"}
    request |= {"area": {"type": "Polygon"}, "start_time": "2026-06-21T10:00:00"}
    code, _, err = invoke(["--lang", "en"], json.dumps(request), monkeypatch, capsys)
    assert code == 2
    assert "start_time" in err


def test_new_contract_keys(monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    """aircraft.kind, aircraft.drops_payload, pilot.kinds and facts.near_structure_30m are
    read; a bad kind is exit 2 naming the field."""
    request = _with(("aircraft", "drops_payload"), True)
    request["aircraft"]["kind"] = "aeroplane"
    request["pilot"]["kinds"] = ["aeroplane"]
    request["facts"]["near_structure_30m"] = True
    code, out, _ = invoke(["--lang", "en"], json.dumps(request), monkeypatch, capsys)
    assert code == 0
    verdict = json.loads(out)
    assert verdict["facts"]["dropping_objects"] is True and verdict["category"] == "IIA"
    code, out, err = invoke([], json.dumps(_with(("pilot", "kinds"), ["glider"])), monkeypatch,
                            capsys)
    assert (code, out) == (2, "") and "kinds" in err
