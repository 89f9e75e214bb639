"""The verdict of `kizuna.rules.classify`: category, level, application, duties, and why."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from kizuna.rules.facts import FlightFacts

__all__ = ["Application", "Authority", "Category", "Duty", "Level", "Reason", "Verdict"]

Category = Literal["I", "IIA", "IIB", "III"]
Level = Literal["1", "2", "3", "3.5", "4"]
Authority = Literal["MLIT", "JCAB"]
Duty = Literal["preflight_check", "accident_report", "collision_avoidance", "no_alcohol",
               "no_nuisance", "flight_plan_notification", "flight_log", "drone_act_notice"]


class Reason(BaseModel):
    """One conclusion or violation: a stable code, a text for people and the rule (article of
    the law or MLIT guideline) it comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    text: str
    rule: str


class Application(BaseModel):
    """Whether a permission/approval application is needed, to whom, and how far ahead."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    required: bool
    authority: Authority | None
    lead_business_days: int


class Verdict(BaseModel):
    """Everything the rules conclude about one flight.

    ``category`` and ``level`` are None for a model aircraft (under 100 g), which the unmanned
    aircraft rules do not cover. ``allowed`` is false exactly when ``violations`` is not empty.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    specific_flight: bool
    category: Category | None
    level: Level | None
    allowed: bool
    application: Application
    duties: tuple[Duty, ...]
    reasons: tuple[Reason, ...]
    violations: tuple[Reason, ...]
    facts: FlightFacts
