"""`kizuna utm replay`: one output line per input line, exit 2 on the first malformed one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizuna.cli.main import run

SQUARE = {"type": "Polygon", "coordinates": [[[128.8, 32.7], [128.81, 32.7], [128.81, 32.71],
                                              [128.8, 32.7]]]}


def _submit(id: str, priority: int = 0, start: str = "01:00", end: str = "01:20",
            lo: float = 0, **shape: object) -> dict[str, object]:
    vol = {"altitude_lower_m": lo, "altitude_upper_m": 120,
           "time_start": f"2026-12-01T{start}:00Z", "time_end": f"2026-12-01T{end}:00Z"}
    vol.update(shape or {"polygon": SQUARE})
    return {"op": "submit", "id": id, "priority": priority, "volumes": [vol]}


def _replay(tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[object]
            ) -> tuple[int, list[dict[str, object]], str]:
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
                 encoding="utf-8")
    code = 0
    try:
        run(["utm", "replay", str(f)])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, [json.loads(x) for x in out.splitlines()], err


def test_replay_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Accept, reject with ids, preempt with replan, end, and the touching-time case."""
    circle = {"circle": {"center": [128.805, 32.703], "radius_m": 80}}
    code, out, _ = _replay(tmp_path, capsys, [
        _submit("a1"),
        _submit("b1", start="01:10", end="01:30", **circle),
        _submit("c1", start="01:20", end="01:40"),
        _submit("e1", priority=5, start="01:10", end="01:30", **circle),
        {"op": "end", "id": "a1"},
        {"op": "end", "id": "b1"},
        _submit("b2", start="01:10", end="01:19", **circle),
    ])
    assert code == 0
    assert out == [
        {"id": "a1", "accepted": True, "conflicts": []},
        {"id": "b1", "accepted": False, "conflicts": ["a1"]},
        {"id": "c1", "accepted": True, "conflicts": []},
        {"id": "e1", "accepted": True, "conflicts": ["a1", "c1"], "replan": ["a1", "c1"]},
        {"id": "a1", "ended": True},
        {"id": "b1", "ended": False},
        {"id": "b2", "accepted": False, "conflicts": ["e1"]},
    ]


@pytest.mark.parametrize(("bad", "needle"), [
    ("{not json", "not valid JSON"),
    ({"op": "fly", "id": "x"}, '"op"'),
    ({"op": "submit", "id": "x", "volumes": []}, "volumes"),
    (_submit("x", start="01:30", end="01:20"), "time_start"),
    ({**_submit("x"), "priority": "high"}, "priority"),
    ({**_submit("x"), "colour": "red"}, "colour"),
    ({"op": "submit", "id": "x", "volumes": [{**_submit("x")["volumes"][0],  # type: ignore[index]
                                               "time_start": "2026-12-01T01:00:00"}]},
     "time_start"),
    (_submit("x", polygon={"type": "Polygon", "coordinates": [[[128.8, 32.7], [128.81, 32.7],
                                                                [128.81, 32.71]]]}), "ring"),
    (_submit("x", circle={"center": [128.8, 32.7], "radius_m": -1}), "radius"),
    (_submit("a1"), "already active"),
    ({**_submit("z"), "volumes": [{**_submit("z")["volumes"][0],  # type: ignore[index]
                                   "altitude_reference": "AMSL"}]}, "one reference"),
])
def test_malformed_line_stops_with_exit_2_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: object, needle: str
) -> None:
    """Lines before are printed, the bad line is named on one stderr line, nothing after runs."""
    code, out, err = _replay(tmp_path, capsys, [_submit("a1"), bad, _submit("late")])
    assert code == 2
    assert out == [{"id": "a1", "accepted": True, "conflicts": []}]
    assert "line 2:" in err and needle in err and len(err.strip().splitlines()) == 1


def test_missing_and_non_utf8_files_exit_2(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Unreadable input is one line and exit 2, never a traceback."""
    for path in (tmp_path / "none.jsonl", tmp_path / "latin.jsonl"):
        if path.name == "latin.jsonl":
            path.write_bytes(b'{"op": "end", "id": "\xe9"}\n')
        with pytest.raises(SystemExit) as exc:
            run(["utm", "replay", str(path)])
        assert exc.value.code == 2
        assert capsys.readouterr().err.startswith("kizuna: ")
