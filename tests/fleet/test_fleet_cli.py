"""`kizuna fleet profiles` prints the bundled profiles as JSON."""

from __future__ import annotations

import json

import pytest

from kizuna.cli.main import run
from kizuna.fleet import AircraftProfile, load_profiles


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = 0
    try:
        run(["fleet", "profiles", *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_profiles_prints_every_bundled_profile(capsys: pytest.CaptureFixture[str]) -> None:
    """With no ids, the output is one JSON list of all four profiles, each rebuildable."""
    code, out, _ = _run(capsys)
    assert code == 0
    items = json.loads(out)
    assert isinstance(items, list)
    assert [d["id"] for d in items] == list(load_profiles())
    assert {d["id"]: AircraftProfile.from_dict(d) for d in items} == load_profiles()


def test_profiles_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """Each item is AircraftProfile.to_dict: plain JSON values, certification as a string."""
    _, out, _ = _run(capsys, "pf2-cat3")
    [pf2] = json.loads(out)
    assert pf2 == load_profiles()["pf2-cat3"].to_dict()
    assert (pf2["mtow_kg"], pf2["payload_kg"], pf2["certification"]) == (9.8, 1.0, "first_class")


def test_profiles_filters_by_id_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    """Named ids are printed in the order given."""
    _, out, _ = _run(capsys, "pf4", "e6150")
    assert [d["id"] for d in json.loads(out)] == ["pf4", "e6150"]


def test_unknown_profile_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown id is bad input: exit 2, one line on stderr naming the known ids, no stdout."""
    code, out, err = _run(capsys, "pf9")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("kizuna: unknown aircraft profile 'pf9'") and "pf2-cat3" in err
