"""`kizuna scenario` CLI: list, summary, show, export, and one-line errors for unknown names."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import kizuna.scenario
from kizuna.cli.main import run
from kizuna.errors import UnknownName
from kizuna.scenario.model import Scenario


def _tiny_builder() -> Callable[[], Scenario]:
    path = Path(__file__).resolve().parents[1] / "scenario" / "tiny_world.py"
    spec = importlib.util.spec_from_file_location("kizuna_tests_tiny_world", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    builder: Callable[[], Scenario] = module.build_tiny_scenario
    return builder


_TINY = _tiny_builder()()


@pytest.fixture(autouse=True)
def tiny_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the catalogue hold only the tiny scenario, so the CLI tests run fast."""

    def load(name: str) -> Scenario:
        if name != "tiny":
            raise UnknownName("scenario", name, ["tiny"])
        return _TINY

    monkeypatch.setattr(kizuna.scenario, "names", lambda: ["tiny"], raising=False)
    monkeypatch.setattr(kizuna.scenario, "load", load, raising=False)
    monkeypatch.setattr(kizuna.scenario, "title", lambda name: load(name).title, raising=False)
    monkeypatch.setattr(kizuna.scenario, "source", lambda name: load(name) and "bundled",
                        raising=False)


def _run(argv: list[str]) -> int:
    try:
        run(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_list_prints_names_and_titles(capsys: pytest.CaptureFixture[str]) -> None:
    """`scenario list` prints a JSON list of {name, title, source}."""
    assert _run(["scenario", "list"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"name": "tiny",
                                                    "title": "Tiny island (test)",
                                                    "source": "bundled"}]


def test_summary_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    """`scenario summary NAME` prints the summary JSON."""
    assert _run(["scenario", "summary", "tiny"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["name"] == "tiny" and doc["did_count"] == 1


@pytest.mark.parametrize("argv", [["scenario", "summary", "atlantis"],
                                  ["scenario", "show", "atlantis", "--png", "x.png"],
                                  ["scenario", "export", "atlantis", "--out", "x"]])
def test_unknown_name_exits_2_with_one_line(argv: list[str], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown scenario is one stderr line and exit code 2, no traceback, no files."""
    monkeypatch.chdir(tmp_path)
    assert _run(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "unknown scenario 'atlantis'" in lines[0]
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert list(tmp_path.iterdir()) == []


def test_export_writes_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`scenario export NAME --out DIR` writes the ten files and lists them as JSON."""
    from kizuna.scenario.export import EXPORT_FILES

    out = tmp_path / "exp"
    assert _run(["scenario", "export", "tiny", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPORT_FILES)
    assert json.loads(capsys.readouterr().out)["files"] == list(EXPORT_FILES)


def test_show_writes_png(tmp_path: Path) -> None:
    """`scenario show NAME --png FILE` writes a PNG."""
    target = tmp_path / "map.png"
    assert _run(["scenario", "show", "tiny", "--png", str(target)]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_show_unwritable_png_exits_2(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A --png under a regular file is one stderr line and exit code 2."""
    (tmp_path / "f").write_text("x")
    assert _run(["scenario", "show", "tiny", "--png", str(tmp_path / "f" / "m.png")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
