"""Tests for `kizuna residency dashboard`: the seeded synthetic chart and its JSON summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kizuna.cli.main import run
from kizuna.residency import default_programmes, generate_cases, median_processing


def _dashboard(capsys: pytest.CaptureFixture[str], png: Path, seed: int) -> dict[str, Any]:
    try:
        run(["residency", "dashboard", "--png", str(png), "--seed", str(seed)])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def test_dashboard_writes_the_chart_of_the_seeded_year(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    """The PNG is written and the summary is the medians of the seeded synthetic year."""
    png = tmp_path / "median.png"
    doc = _dashboard(capsys, png, seed=5)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    programmes = default_programmes()
    rows = median_processing(generate_cases(
        [programmes.get(p) for p in programmes.prefectures], 2025, 5))
    assert doc["synthetic"] is True
    assert [(r["prefecture"], r["month"], r["certified_company"], r["median_days"], r["cases"])
            for r in doc["rows"]] == [(r.prefecture, r.month, r.certified_company,
                                       r.median_days, r.cases) for r in rows]


def test_dashboard_seed_changes_the_year(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    """The same seed gives the same summary; another seed another one."""
    first = _dashboard(capsys, tmp_path / "a.png", seed=5)
    again = _dashboard(capsys, tmp_path / "b.png", seed=5)
    other = _dashboard(capsys, tmp_path / "c.png", seed=6)
    assert first["rows"] == again["rows"] != other["rows"]
