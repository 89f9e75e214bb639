"""Tests for the deadline clock: calendar days, pauses, month ends, at-risk and breach."""

from __future__ import annotations

from datetime import date

import pytest

from kizuna.errors import InvalidInput
from kizuna.residency import ClockStatus, DeadlineClock, Pause

ON_TRACK, AT_RISK, BREACHED = ClockStatus.ON_TRACK, ClockStatus.AT_RISK, ClockStatus.BREACHED


def test_counts_calendar_days_from_filing() -> None:
    """Filing day is day 0; the next day is day 1, across the month end."""
    clock = DeadlineClock(date(2025, 1, 31))
    assert clock.days_elapsed(date(2025, 1, 31)) == 0
    assert clock.days_elapsed(date(2025, 2, 1)) == 1
    assert clock.days_elapsed(date(2025, 3, 2)) == 30
    assert clock.due_on() == date(2025, 3, 2)


@pytest.mark.parametrize(
    ("on", "elapsed", "status"),
    [
        (date(2025, 2, 9), 9, ON_TRACK),
        (date(2025, 2, 10), 10, ON_TRACK),  # pause starts: day 10 is the last counted
        (date(2025, 2, 15), 10, ON_TRACK),  # paused
        (date(2025, 2, 20), 10, ON_TRACK),  # documents arrive: counting resumes
        (date(2025, 2, 21), 11, ON_TRACK),
        (date(2025, 3, 5), 23, ON_TRACK),
        (date(2025, 3, 6), 24, AT_RISK),  # 80 % of 30
        (date(2025, 3, 12), 30, AT_RISK),  # the last day within target
        (date(2025, 3, 13), 31, BREACHED),
    ],
)
def test_filed_31_jan_paused_10_to_20_feb(on: date, elapsed: int, status: ClockStatus) -> None:
    """The issue's example: filed 31 Jan 2025, paused 10-20 Feb, target 30 days."""
    clock = DeadlineClock(date(2025, 1, 31), 30,
                          pauses=(Pause(date(2025, 2, 10), date(2025, 2, 20)),))
    assert clock.days_elapsed(on) == elapsed
    assert clock.status(on) is status
    assert clock.due_on() == date(2025, 3, 12)


def test_leap_year_shifts_the_due_date() -> None:
    """In 2024 February has 29 days, so the same case is due a day earlier in March."""
    clock = DeadlineClock(date(2024, 1, 31), 30,
                          pauses=(Pause(date(2024, 2, 10), date(2024, 2, 20)),))
    assert clock.due_on() == date(2024, 3, 11)
    assert clock.status(date(2024, 3, 11)) is AT_RISK
    assert clock.status(date(2024, 3, 12)) is BREACHED


def test_pause_and_resume_across_year_end() -> None:
    """Two pauses, one over the new year, both come off the count."""
    clock = DeadlineClock(date(2025, 12, 1), 30).pause(date(2025, 12, 20))
    assert clock.paused and clock.due_on() is None
    assert clock.days_elapsed(date(2026, 1, 10)) == 19  # still paused: frozen at 19
    clock = clock.resume(date(2026, 1, 5)).pause(date(2026, 1, 10)).resume(date(2026, 1, 12))
    assert clock.paused_days(date(2026, 2, 1)) == 16 + 2
    assert clock.days_elapsed(date(2026, 1, 23)) == 53 - 18
    assert clock.due_on() == date(2026, 1, 18)


def test_open_pause_keeps_a_case_from_breaching() -> None:
    """While waiting for the company's documents the clock does not run out."""
    clock = DeadlineClock(date(2025, 5, 1), 30).pause(date(2025, 5, 20))
    assert clock.status(date(2025, 12, 31)) is ON_TRACK


def test_custom_at_risk_fraction() -> None:
    """The at-risk threshold follows the configured fraction."""
    clock = DeadlineClock(date(2025, 1, 1), 10, at_risk_fraction=0.5)
    assert clock.status(date(2025, 1, 5)) is ON_TRACK
    assert clock.status(date(2025, 1, 6)) is AT_RISK


def test_illegal_clock_use_is_invalid_input() -> None:
    """Resuming a running clock, pausing twice, overlapping pauses and dates before filing."""
    clock = DeadlineClock(date(2025, 1, 31))
    with pytest.raises(InvalidInput):
        clock.resume(date(2025, 2, 1))
    with pytest.raises(InvalidInput):
        clock.pause(date(2025, 2, 1)).pause(date(2025, 2, 2))
    with pytest.raises(InvalidInput):
        clock.days_elapsed(date(2025, 1, 30))
    with pytest.raises(InvalidInput):
        DeadlineClock(date(2025, 1, 31), pauses=(Pause(date(2025, 2, 1), date(2025, 2, 5)),
                                                 Pause(date(2025, 2, 4), date(2025, 2, 6))))
    with pytest.raises(InvalidInput):
        DeadlineClock(date(2025, 1, 31), pauses=(Pause(date(2025, 1, 1), date(2025, 2, 5)),))
    with pytest.raises(InvalidInput):
        Pause(date(2025, 2, 5), date(2025, 2, 1))
    with pytest.raises(InvalidInput):
        DeadlineClock(date(2025, 1, 31), target_days=0)
