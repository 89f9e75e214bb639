"""The deadline clock of a case, in calendar days.

The clock starts on the filing date and stops counting while the case waits for documents the
company must supply (a `Pause`). Day counts are whole calendar days: a case filed on 31 Jan has
0 days on 31 Jan and 1 day on 1 Feb. A pause from ``start`` to ``end`` stops the clock for
``end - start`` days (the day the documents arrive counts again). The case is at risk once it
has used ``at_risk_fraction`` of its target, and breached once it has used more than the target.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from kizuna.errors import InvalidInput

__all__ = ["ClockStatus", "DeadlineClock", "Pause"]


class ClockStatus(StrEnum):
    """Where a case stands against its target."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"


@dataclass(frozen=True)
class Pause:
    """The clock stopped from ``start`` until ``end`` (None while still waiting)."""

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise InvalidInput(f"pause: ends ({self.end}) before it starts ({self.start})",
                               field="pauses")

    def days_within(self, until: date) -> int:
        """Paused days before ``until``."""
        stop = until if self.end is None else min(self.end, until)
        return max(0, (stop - self.start).days)


@dataclass(frozen=True)
class DeadlineClock:
    """A case's clock: filing date, target days, pauses."""

    filed_on: date
    target_days: int = 30
    at_risk_fraction: float = 0.8
    pauses: tuple[Pause, ...] = ()

    def __post_init__(self) -> None:
        if self.target_days < 1:
            raise InvalidInput("target_days: must be at least 1", field="target_days")
        if not 0 < self.at_risk_fraction < 1:
            raise InvalidInput("at_risk_fraction: must be between 0 and 1",
                               field="at_risk_fraction")
        previous_end: date | None = self.filed_on
        for p in self.pauses:
            if previous_end is None or p.start < previous_end:
                raise InvalidInput("pauses: must follow filing and each other without overlap",
                                   field="pauses")
            previous_end = p.end

    @property
    def paused(self) -> bool:
        """Whether the clock is stopped now (the last pause is still open)."""
        return bool(self.pauses) and self.pauses[-1].end is None

    def pause(self, on: date) -> DeadlineClock:
        """The clock stopped on ``on``."""
        if self.paused:
            raise InvalidInput("clock: already paused")
        return replace(self, pauses=(*self.pauses, Pause(on)))

    def resume(self, on: date) -> DeadlineClock:
        """The clock running again from ``on``."""
        if not self.paused:
            raise InvalidInput("clock: not paused")
        return replace(self, pauses=(*self.pauses[:-1], Pause(self.pauses[-1].start, on)))

    def paused_days(self, on: date) -> int:
        """Days the clock was stopped between filing and ``on``."""
        return sum(p.days_within(on) for p in self.pauses)

    def days_elapsed(self, on: date) -> int:
        """Counted calendar days from filing to ``on``, pauses excluded."""
        if on < self.filed_on:
            raise InvalidInput(f"date {on} is before filing ({self.filed_on})")
        return (on - self.filed_on).days - self.paused_days(on)

    @property
    def at_risk_days(self) -> float:
        """Counted days from which the case is at risk."""
        return self.target_days * self.at_risk_fraction

    def status(self, on: date) -> ClockStatus:
        """On track, at risk (>= the fraction of target) or breached (> target) on ``on``."""
        elapsed = self.days_elapsed(on)
        if elapsed > self.target_days:
            return ClockStatus.BREACHED
        if elapsed >= self.at_risk_days:
            return ClockStatus.AT_RISK
        return ClockStatus.ON_TRACK

    def due_on(self) -> date | None:
        """The last day within target, given the pauses so far; None while paused."""
        if self.paused:
            return None
        paused = sum((p.end - p.start).days for p in self.pauses if p.end is not None)
        return self.filed_on + timedelta(days=self.target_days + paused)
