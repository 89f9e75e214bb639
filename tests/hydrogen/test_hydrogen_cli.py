"""Tests for `kizuna hydrogen check`: the JSON contract and one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.main import run


def _run(
    args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as info:
        run(["hydrogen", "check", *args])
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def _check(
    payload: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> dict[str, Any]:
    code, out, err = _run([], json.dumps(payload), monkeypatch, capsys)
    assert (code, err) == (0, "")
    result: dict[str, Any] = json.loads(out)
    return result


def test_contract_shape(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's input gives exactly the documented output keys and values."""
    result = _check(
        {
            "district": "commercial",
            "stored_m3": 200,
            "hydrogen_station": False,
            "special_zone": False,
        },
        monkeypatch,
        capsys,
    )
    assert result == {
        "allowed": True,
        "regime": "standard",
        "cap_m3": 700,
        "stored_m3": 200,
        "needs": [],
        "notices": [],
    }


def test_issue_example_adds_the_hpgs_notice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """500 m³ is allowed in a commercial district and is over the 300 m³ HPGS threshold."""
    result = _check({"district": "commercial", "stored_m3": 500}, monkeypatch, capsys)
    assert (result["allowed"], result["cap_m3"], result["stored_m3"]) == (True, 700, 500)
    assert [n["code"] for n in result["notices"]] == ["hpgs_specified_consumer"]


def test_kg_over_the_cap_needs_a_special_permit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Kilograms are converted; over the cap the verdict lists the special permit."""
    result = _check({"district": "residential", "stored_kg": 31.466}, monkeypatch, capsys)
    assert result["allowed"] is False
    assert result["cap_m3"] == 350
    assert result["stored_m3"] == pytest.approx(350.0111, abs=1e-4)
    [need] = result["needs"]
    assert need["code"] == "special_permit"
    assert need["steps"] == ["public_hearing", "building_review_board"]
    assert need["rule"] and need["text_en"] and need["text_ja"]


def test_no_cap_is_null(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """cap_m3 is null in a district without a cap."""
    result = _check({"district": "industrial", "stored_m3": 1e7}, monkeypatch, capsys)
    assert result["cap_m3"] is None
    assert result["allowed"] is True


def test_hydrogen_station_allowed_with_notice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hydrogen station is allowed even where nothing else may be stored, and says why."""
    result = _check(
        {"district": "exclusive_residential", "stored_m3": 100, "hydrogen_station": True},
        monkeypatch,
        capsys,
    )
    assert result["allowed"] is True
    assert result["needs"] == []
    assert [n["code"] for n in result["notices"]] == ["hydrogen_station_excluded"]


def test_special_zone_uses_the_default_example(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --config the illustrative Fukushima caps apply in the special zone."""
    result = _check(
        {"district": "commercial", "stored_m3": 1000, "special_zone": True}, monkeypatch, capsys
    )
    assert (result["allowed"], result["regime"], result["cap_m3"]) == (True, "special_zone", 1400)


def test_config_option_selects_special_zone_caps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--config FILE replaces the special-zone caps; the site can come from FILE too."""
    config = tmp_path / "zone.json"
    config.write_text(json.dumps({"name": "test zone", "caps_m3": {"commercial": 900}}))
    site = tmp_path / "site.json"
    site.write_text(json.dumps({"district": "commercial", "stored_m3": 1000, "special_zone": True}))
    code, out, err = _run([str(site), "--config", str(config)], "", monkeypatch, capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert (result["allowed"], result["cap_m3"]) == (False, 900)


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"district": "commercial", "stored_m3": -1}', "stored_m3: must not be negative"),
        ('{"district": "commercial", "stored_kg": -0.5}', "stored_kg: must not be negative"),
        ('{"district": "commercial"}', "exactly one of stored_m3 and stored_kg"),
        ('{"district": "commercial", "stored_m3": 1, "stored_kg": 1}', "exactly one"),
        ('{"district": "downtown", "stored_m3": 1}', "district: Input should be"),
        ('{"stored_m3": 1}', "district: Field required"),
        ('{"district": "commercial", "stored_m3": "5"}', "stored_m3: Input should be"),
        ('{"district": "commercial", "stored_m3": NaN}', "stored_m3: Input should be a finite"),
        ('{"district": "commercial", "stored_m3": 1, "special_zone": "no"}', "special_zone"),
        ('{"district": "commercial", "stored_m3": 1, "floor": 3}', "floor: Extra inputs"),
        ("[]", "input: Input should be a valid dictionary"),
        ("not json", "not valid JSON"),
        ("", "not valid JSON"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    stdin: str, message: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad input gives exit code 2 and one line on stderr naming the problem, no output."""
    code, out, err = _run([], stdin, monkeypatch, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("kizuna: ")
    assert err.count("\n") == 1
    assert message in err


@pytest.mark.parametrize(
    ("config_text", "message"),
    [
        ('{"name": "z", "caps_m3": {"commercial": 100}}', "below the standard cap"),
        ('{"name": "z", "caps_m3": {"downtown": 100}}', "unknown district 'downtown'"),
        ("{", "not valid JSON"),
        (None, "No such file"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(
    config_text: str | None,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A bad --config file gives exit code 2 and one line naming the file."""
    config = tmp_path / "zone.json"
    if config_text is not None:
        config.write_text(config_text)
    stdin = '{"district": "commercial", "stored_m3": 1}'
    code, out, err = _run(["--config", str(config)], stdin, monkeypatch, capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert str(config) in err
    assert message in err


def test_console_script_reads_stdin() -> None:
    """The installed `kizuna` script reads standard input and prints one JSON line."""
    script = Path(sys.executable).with_name("kizuna")
    done = subprocess.run(
        [str(script), "hydrogen", "check"],
        input='{"district": "quasi_industrial", "stored_kg": 314.65}',
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stored_m3"] == 3500
