"""Tests for `kizuna talent forecast`: the JSON contract and one-line errors with exit code 2."""

from __future__ import annotations

import copy
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.main import run
from kizuna.talent.contract import KindName, RoleName
from kizuna.talent.model import ProgrammeKind, RoleFamily

ISSUE_INPUT: dict[str, Any] = {
    "from_year": 2026, "to_year": 2030,
    "demand": [{"employer": "JASM", "year": 2026, "role": "engineer", "hires": 500}],
    "programmes": [{"id": "kumamoto-u-device", "prefecture": "熊本県", "kind": "university",
                    "role": "engineer", "seats": 20, "first_graduates": 2027,
                    "semiconductor_share": 0.5, "stay_share": 0.6}],
    "foreign": [{"year": 2026, "role": "engineer", "people": 40}]}


def _run(args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as info:
        run(["talent", "forecast", *args])
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_issue_example_output(monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's input gives its output row for 2026 and the hand-computed later years."""
    code, out, err = _run([], json.dumps(ISSUE_INPUT), monkeypatch, capsys)
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["years"][0] == {"year": 2026, "role": "engineer", "demand": 500,
                               "domestic": 0.0, "foreign": 40, "supply": 40.0, "gap": 460.0,
                               "cumulative_gap": 460.0}
    # 20 seats x 0.5 x 0.6 = 6 graduates a year from 2027.
    assert [r["cumulative_gap"] for r in doc["years"]] == [460.0, 454.0, 448.0, 442.0, 436.0]
    assert doc["total"] == {"demand": 500, "supply": 64.0, "gap": 436.0}
    assert isinstance(doc["years"][0]["demand"], int)
    assert isinstance(doc["years"][0]["domestic"], float)


def test_reads_a_file_and_last_graduates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A FILE argument works like standard input; a closed course stops after last_graduates."""
    doc = copy.deepcopy(ISSUE_INPUT)
    doc["programmes"][0]["last_graduates"] = 2028
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, _ = _run([str(path)], "", monkeypatch, capsys)
    assert code == 0
    assert [r["domestic"] for r in json.loads(out)["years"]] == [0.0, 6.0, 6.0, 0.0, 0.0]


def _bad(mutate: Any) -> dict[str, Any]:
    doc = copy.deepcopy(ISSUE_INPUT)
    mutate(doc)
    return doc


BAD = {
    "semiconductor share above 1": _bad(lambda d: d["programmes"][0].update(
        semiconductor_share=1.01)),
    "negative stay share": _bad(lambda d: d["programmes"][0].update(stay_share=-0.1)),
    "negative seats": _bad(lambda d: d["programmes"][0].update(seats=-1)),
    "negative hires": _bad(lambda d: d["demand"][0].update(hires=-1)),
    "negative people": _bad(lambda d: d["foreign"][0].update(people=-40)),
    "to_year before from_year": _bad(lambda d: d.update(to_year=2025)),
    "unknown role": _bad(lambda d: d["demand"][0].update(role="welder")),
    "unknown kind": _bad(lambda d: d["programmes"][0].update(kind="cram_school")),
    "duplicate programme id": _bad(lambda d: d["programmes"].append(dict(d["programmes"][0]))),
    "unknown top-level key": _bad(lambda d: d.update(scenario="x")),
    "unknown programme key": _bad(lambda d: d["programmes"][0].update(graduates=3)),
    "unknown demand key": _bad(lambda d: d["demand"][0].update(hire=3)),
    "unknown foreign key": _bad(lambda d: d["foreign"][0].update(country="VN")),
    "hires as a string": _bad(lambda d: d["demand"][0].update(hires="500")),
    "share as NaN text": _bad(lambda d: d["programmes"][0].update(stay_share="NaN")),
    "last before first graduates": _bad(lambda d: d["programmes"][0].update(last_graduates=2026)),
    "missing to_year": _bad(lambda d: d.pop("to_year")),
}


@pytest.mark.parametrize("doc", list(BAD.values()), ids=list(BAD))
def test_bad_input_exits_2_with_one_line(doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Bad input: one line on standard error, exit code 2, nothing on standard output."""
    code, out, err = _run([], json.dumps(doc), monkeypatch, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("kizuna: ") and err.count("\n") == 1


@pytest.mark.parametrize("text", ["", "{", "[]", "null"])
def test_not_a_json_object_exits_2(text: str, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Broken JSON or a document that is not an object is bad input too."""
    code, out, err = _run([], text, monkeypatch, capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1


def test_missing_file_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is named in one line."""
    code, out, err = _run([str(tmp_path / "none.json")], "", monkeypatch, capsys)
    assert (code, out) == (2, "")
    assert "none.json" in err


def test_contract_names_match_the_domain() -> None:
    """The contract's role and kind names are exactly the domain's."""
    assert set(RoleName.__args__) == {r.value for r in RoleFamily}  # type: ignore[attr-defined]
    assert set(KindName.__args__) == {k.value for k in ProgrammeKind}  # type: ignore[attr-defined]
