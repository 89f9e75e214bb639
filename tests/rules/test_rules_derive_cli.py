"""Tests for `kizuna rules classify` with a route or an area: facts derived and echoed."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest
from pydantic import ValidationError

from kizuna.cli.main import run
from kizuna.rules.contract import ClassifyRequest

BASE: dict[str, Any] = {
    "automatic": True,
    "entry_control": "camera",
    "special_zone": True,
    "aircraft": {"mtow_kg": 9.8, "certificate": "second_class", "onboard_camera": True,
                 "registered": True, "remote_id": True},
    "pilot": {"licence": "second_class", "limitations_lifted": ["bvlos", "night"]},
    "operator": {"insurance": True, "flight_manual": True},
}
FUKUE_ROUTE = {"type": "LineString",
               "coordinates": [[128.843, 32.697, 60], [128.80, 32.70, 60]]}
DECEMBER_EVENING = "2026-12-15T20:00:00+09:00"
ROUTE_REQUEST = {**BASE, "route": FUKUE_ROUTE, "scenario": "goto",
                 "start_time": DECEMBER_EVENING}
AREA = {"type": "Polygon", "coordinates": [[[128.95, 32.62], [128.98, 32.62], [128.98, 32.65],
                                            [128.95, 32.65], [128.95, 32.62]]]}


def invoke(
    request: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(request)))
    with pytest.raises(SystemExit) as exit_info:
        run(["rules", "classify", "--lang", "en"])
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), out, err


def test_route_end_to_end(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A route from Fukue port across town at 20:00 in December: derived facts are echoed. At
    60 m above ground it stays under Fukue airport's surfaces: no A-AIRPORT."""
    code, out, err = invoke(ROUTE_REQUEST, monkeypatch, capsys)
    assert (code, err) == (0, "")
    verdict = json.loads(out)
    facts = verdict["facts"]
    assert {k: facts[k] for k in ("over_did", "night", "bvlos", "airport_vicinity",
                                  "above_150m", "emergency_airspace")} == {
        "over_did": True, "night": True, "bvlos": True, "airport_vicinity": False,
        "above_150m": False, "emergency_airspace": False,
    }
    assert [c["kind"] for c in facts["crossings"]] == ["road", "road"]
    codes = [r["code"] for r in verdict["reasons"]]
    assert codes[:4] == ["A-DID", "M-NIGHT", "M-BVLOS", "M-30M"]
    assert verdict["category"] == "IIB"
    assert verdict["application"]["required"]
    assert verdict["level"] == "3.5"
    assert "L35-DID-ZONE" in codes


def test_area_with_declared_method_facts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An area over the sea in daylight, declared within sight: Category I."""
    request = {**BASE, "area": AREA, "max_altitude_agl_m": 100, "scenario": "goto",
               "start_time": "2026-06-21T10:00:00+09:00", "method_facts": {"bvlos": False}}
    code, out, err = invoke(request, monkeypatch, capsys)
    assert (code, err) == (0, "")
    verdict = json.loads(out)
    assert verdict["category"] == "I"
    assert not any(v for k, v in verdict["facts"].items() if k != "crossings")


def test_amsl_route_from_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """altitude_reference "amsl": 200 m AMSL out over the sea is A-150M; AGL 60 m is not."""
    route = {"type": "LineString", "coordinates": [[128.843, 32.697, 200], [128.95, 32.65, 200]]}
    request = {**ROUTE_REQUEST, "route": route, "altitude_reference": "amsl"}
    code, out, _ = invoke(request, monkeypatch, capsys)
    assert code == 0
    assert json.loads(out)["facts"]["above_150m"] is True
    _, out, _ = invoke(ROUTE_REQUEST, monkeypatch, capsys)
    assert json.loads(out)["facts"]["above_150m"] is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"scenario": "atlantis"}, "unknown scenario 'atlantis'"),
        ({"route": {"type": "LineString", "coordinates": [[128.8, 32.7]]}}, "route: "),
        ({"route": {"type": "LineString",
                    "coordinates": [[128.843, 32.697, 60], [140.9, 37.6, 60]]}},
         "leaves the extent"),
        ({"scenario": None}, "scenario: required"),
        ({"start_time": None}, "start_time: required"),
        ({"end_time": "2026-12-15T19:00:00+09:00"}, "end_time: before start_time"),
        ({"max_altitude_agl_m": 100}, "max_altitude_agl_m: only with an area"),
        ({"method_facts": {"over_did": False}}, "method_facts.over_did"),
        ({"lateral_margin_m": -1}, "lateral_margin_m"),
        ({"altitude_reference": "wgs84"}, "altitude_reference"),
    ],
)
def test_bad_route_input_is_one_line_exit_2(
    change: dict[str, Any], message: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """Bad derivation input exits 2 with one line naming the problem, nothing on stdout."""
    request = {k: v for k, v in {**ROUTE_REQUEST, **change}.items() if v is not None}
    code, out, err = invoke(request, monkeypatch, capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert message in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"scenario": "goto"}, "only with a route or an area"),
        ({"method_facts": {"bvlos": True}}, "only with a route or an area"),
    ],
)
def test_derivation_keys_refused_with_explicit_facts(extra: dict[str, Any], message: str) -> None:
    """Derivation keys beside explicit facts would be ignored, so they are refused."""
    with pytest.raises(ValidationError, match=message):
        ClassifyRequest.model_validate({**BASE, "facts": {}, **extra})


def test_area_needs_a_ceiling_and_no_altitude_reference() -> None:
    """An area needs max_altitude_agl_m, and its altitudes are AGL only."""
    area = {**BASE, "area": AREA, "scenario": "goto", "start_time": DECEMBER_EVENING}
    with pytest.raises(ValidationError, match="max_altitude_agl_m: required"):
        ClassifyRequest.model_validate(area)
    with pytest.raises(ValidationError, match="altitude_reference: only with a route"):
        ClassifyRequest.model_validate({**area, "max_altitude_agl_m": 100,
                                        "altitude_reference": "agl"})
    with pytest.raises(ValidationError, match="must be 0 or more"):
        ClassifyRequest.model_validate({**area, "max_altitude_agl_m": -5.0})
