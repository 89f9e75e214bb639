"""`kizuna risk sora` additions: osos, tmpr, containment (old keys unchanged)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from kizuna.cli.main import run

BASE: dict[str, Any] = {
    "characteristic_dimension_m": 0.9, "max_speed_mps": 20, "mass_kg": 4.0,
    "population_density": 300, "mitigations": {"M1A": "low", "M2": "medium"},
    "airspace": {"environment": "uncontrolled_rural"},
}


def _sora(data: dict[str, Any], capsys: pytest.CaptureFixture[str],
          monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, Any] | None, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(data)))
    try:
        run(["risk", "sora"])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_old_keys_unchanged_and_new_keys_added(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The old keys keep their values; osos (17, by number), tmpr and containment follow."""
    code, out, _ = _sora({**BASE, "adjacent_density": 120, "assemblies_within_1km": 50_000},
                         capsys, monkeypatch)
    assert code == 0 and out is not None
    assert (out["igrc"], out["final_grc"], out["residual_arc"], out["sail"]) == (4, 2, "b", "II")
    assert [o["id"] for o in out["osos"]][:3] == ["OSO01", "OSO02", "OSO03"]
    assert len(out["osos"]) == 17 and out["oso_table"]["required"] == 11
    assert set(out["osos"][0]) == {"id", "title", "title_ja", "robustness"}
    assert (out["tmpr"]["requirement"], out["tmpr"]["robustness"]) == ("low", "low")
    assert "Table 6" in out["tmpr"]["reason"]["rule"]
    c = out["containment"]
    assert (c["adjacent_distance_m"], c["adjacent_density"]) == (5000.0, 120.0)
    assert c["required"] == "medium"            # Table 8, SAIL II, 40k-400k assemblies
    assert c["reasons"][-1]["rule"] == "SORA 2.5 Table 8"


def test_vlos_and_certified(capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """VLOS needs no TMPR; a certified SAIL has no OSO list and containment out of scope."""
    _, out, _ = _sora({**BASE, "operation": "vlos"}, capsys, monkeypatch)
    assert out is not None and out["tmpr"]["requirement"] == "none"
    _, out, _ = _sora({**BASE, "characteristic_dimension_m": 10, "max_speed_mps": 60,
                       "population_density": 60_000, "mitigations": {}}, capsys, monkeypatch)
    assert out is not None and out["sail"] == "certified"
    assert out["osos"] == [] and out["oso_table"]["reason"]["code"] == "OSO_CERTIFIED"
    assert out["containment"]["required"] == "out_of_scope"


@pytest.mark.parametrize(("change", "field"), [
    ({"operation": "evlos"}, "operation"),
    ({"assemblies_within_1km": -1}, "assemblies_within_1km"),
    ({"adjacent_density": -5}, "adjacent_density"),
])
def test_bad_additions_exit_2(change: dict[str, Any], field: str,
                              capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Bad new fields: one line naming the field, exit code 2, nothing on stdout."""
    code, out, err = _sora({**BASE, **change}, capsys, monkeypatch)
    assert code == 2 and out is None
    assert field in err and len(err.strip().splitlines()) == 1


def test_adjacent_density_with_a_route_is_refused(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """With a route the adjacent density is derived; giving it too is bad input."""
    data = {"scenario": "goto", "profile": "pf2-cat3", "adjacent_density": 10,
            "route": {"type": "LineString", "coordinates": [[128.775, 32.705, 100],
                                                            [128.843, 32.697, 100]]}}
    code, _, err = _sora(data, capsys, monkeypatch)
    assert code == 2 and "adjacent_density" in err
