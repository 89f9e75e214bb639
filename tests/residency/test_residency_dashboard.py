"""Tests for the dashboards and the median-processing chart."""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from pathlib import Path

import pytest
from residency_builders import draft_case

from kizuna.errors import InvalidInput
from kizuna.residency import (
    Certificate,
    ClockStatus,
    CoeCase,
    ImmigrationDecision,
    Programme,
    default_programmes,
    generate_cases,
    median_processing,
    open_cases,
)
from kizuna.residency.chart import render_median_chart

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _year(seed: int = 7) -> list[CoeCase]:
    return generate_cases(default_programmes().by_prefecture.values(), 2025, seed=seed)


def test_open_cases_lists_days_and_status(kumamoto: Programme) -> None:
    """Open cases show counted days and status, breached first; decided ones are left out."""
    cert = Certificate("K", date(2025, 1, 1), date(2027, 1, 1))
    breached = draft_case("a", certificate=cert).file(date(2025, 1, 1), kumamoto)
    at_risk = draft_case("b", certificate=cert).file(date(2025, 1, 7), kumamoto)
    fresh = draft_case("c", certificate=cert).file(date(2025, 1, 30), kumamoto)
    decided = (draft_case("d").file(date(2025, 1, 1), kumamoto).start_review(date(2025, 1, 2))
               .decide(ImmigrationDecision("i", date(2025, 1, 20), True, "ok")))
    later = draft_case("e").file(date(2025, 3, 1), kumamoto)
    rows = open_cases([fresh, decided, at_risk, breached, later], date(2025, 2, 1))
    assert [(r.case_id, r.days_elapsed, r.status) for r in rows] == [
        ("a", 31, ClockStatus.BREACHED), ("b", 25, ClockStatus.AT_RISK),
        ("c", 2, ClockStatus.ON_TRACK)]


def test_median_per_prefecture_month_and_certification(kumamoto: Programme) -> None:
    """Medians group by prefecture, month of decision and certification."""
    cert = Certificate("K", date(2025, 1, 1), date(2027, 1, 1))
    miyagi = default_programmes().get("miyagi")

    def decided(case_id: str, filed: date, days: int, certified: bool,
                programme: Programme = kumamoto) -> CoeCase:
        case = draft_case(case_id, programme.prefecture,
                          certificate=cert if certified else None)
        return (case.file(filed, programme).start_review(filed)
                .decide(ImmigrationDecision("i", filed + timedelta(days=days), True, "ok")))

    cases = [decided("a", date(2025, 3, 1), 10, True), decided("b", date(2025, 3, 2), 20, True),
             decided("c", date(2025, 3, 3), 21, True), decided("d", date(2025, 3, 1), 50, False),
             decided("e", date(2025, 3, 1), 12, True, miyagi),
             decided("f", date(2025, 3, 25), 10, True)]
    rows = {(r.prefecture, r.month, r.certified_company): (r.median_days, r.cases)
            for r in median_processing(cases)}
    assert rows == {("kumamoto", "2025-03", True): (20.0, 3),
                    ("kumamoto", "2025-04", False): (50.0, 1),
                    ("kumamoto", "2025-04", True): (10.0, 1),
                    ("miyagi", "2025-03", True): (12.0, 1)}


def test_generated_year_is_seeded_and_shows_the_fast_track() -> None:
    """The same seed gives the same cases; certified companies are faster overall."""
    cases = _year()
    assert cases == _year()
    assert cases != _year(seed=8)
    assert len(cases) == 2 * 12 * 12
    days = [(c.certified_company, c.processing_days()) for c in cases]
    fast = [d for certified, d in days if certified and d is not None]
    slow = [d for certified, d in days if not certified and d is not None]
    assert statistics.median(fast) <= 30 < statistics.median(slow)
    assert any(c.requests for c in cases)  # some cases waited for documents
    assert open_cases(cases, date(2025, 12, 31))  # the year ends with open cases


def test_chart_png_is_written(tmp_path: Path) -> None:
    """The median-by-month chart of a seeded year is written as a PNG, atomically."""
    target = tmp_path / "charts" / "median.png"
    out = render_median_chart(median_processing(_year()), target)
    assert out == target
    data = target.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 10_000
    assert [p.name for p in target.parent.iterdir()] == ["median.png"]  # no temp left over


def test_chart_without_rows_is_invalid(tmp_path: Path) -> None:
    """No decided cases: nothing to draw, and no file."""
    with pytest.raises(InvalidInput):
        render_median_chart([], tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()
