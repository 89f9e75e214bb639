"""Conditions a regulator attaches to an approval: a small closed set of typed checks.

Each condition is evaluable on a flight plan and reports the violation code
``CONDITION_<NAME>`` (e.g. ``CONDITION_NO_NIGHT``). The set is closed on purpose: a regulator's
free-text condition cannot be checked automatically, so it belongs in the permit's notes, not
here.

==========================  ===============================================================
name                        holds when
==========================  ===============================================================
``max_altitude_agl``        every position is at or below ``value_m`` above the ground
``no_night``                the flight is not between sunset and sunrise (rules' M-NIGHT)
``no_commuting_hours``      the flight does not overlap the commuting hours (configurable)
``camera_required``         the aircraft carries an onboard camera
``min_licence``             the pilot's licence on the day is at least ``licence``
``max_wind``                the wind at take-off is at most ``value_mps`` (unknown: unchecked)
==========================  ===============================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from kizuna.fleet.pilot import Licence
from kizuna.permits.flight import FlightPlan
from kizuna.permits.settings import DEFAULT_PERMIT_SETTINGS, PermitSettings
from kizuna.rules.facts import FlightFacts

__all__ = [
    "CONDITION_NAMES",
    "CameraRequired",
    "Condition",
    "ConditionContext",
    "MaxAltitudeAgl",
    "MaxWind",
    "MinLicence",
    "NoCommutingHours",
    "NoNight",
    "licence_rank",
]

_LICENCE_RANK = {Licence.NONE: 0, Licence.SECOND_CLASS: 1, Licence.FIRST_CLASS: 2}


def licence_rank(licence: str) -> int:
    """0 for none, 1 for second class, 2 for first class."""
    return _LICENCE_RANK[Licence(licence)]


@dataclass(frozen=True)
class ConditionContext:
    """What a condition may look at: the plan, its derived facts, its heights, local times."""

    plan: FlightPlan
    facts: FlightFacts
    max_agl_m: float
    local_start: datetime
    local_end: datetime
    settings: PermitSettings = DEFAULT_PERMIT_SETTINGS


class _Condition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str

    @property
    def code(self) -> str:
        """The violation code, ``CONDITION_<NAME>``."""
        return "CONDITION_" + self.name.upper()

    def describe(self) -> tuple[str, str]:
        """(Japanese, English) wording for the permit and the dossier."""
        raise NotImplementedError

    def breach(self, ctx: ConditionContext) -> str | None:
        """Why the flight breaks the condition, or None when it keeps it."""
        raise NotImplementedError


class MaxAltitudeAgl(_Condition):
    """A ceiling lower than the permit's altitude band."""

    name: Literal["max_altitude_agl"] = "max_altitude_agl"
    value_m: float = Field(gt=0, allow_inf_nan=False)

    def describe(self) -> tuple[str, str]:
        return (f"対地高度 {self.value_m:g} m 以下で飛行すること",
                f"fly at or below {self.value_m:g} m above ground")

    def breach(self, ctx: ConditionContext) -> str | None:
        if ctx.max_agl_m > self.value_m + 1e-9:
            return f"the route reaches {ctx.max_agl_m:g} m AGL, above {self.value_m:g} m"
        return None


class NoNight(_Condition):
    """No flight between sunset and sunrise."""

    name: Literal["no_night"] = "no_night"

    def describe(self) -> tuple[str, str]:
        return ("夜間(日没から日出まで)に飛行しないこと", "no flight between sunset and sunrise")

    def breach(self, ctx: ConditionContext) -> str | None:
        if ctx.facts.night:
            return "the flight is between sunset and sunrise (M-NIGHT)"
        return None


class NoCommutingHours(_Condition):
    """No flight in the commuting hours (the settings' windows unless given here)."""

    name: Literal["no_commuting_hours"] = "no_commuting_hours"
    windows: tuple[tuple[time, time], ...] | None = None

    def _windows(self, settings: PermitSettings) -> tuple[tuple[time, time], ...]:
        return self.windows if self.windows is not None else settings.commuting_hours

    def describe(self) -> tuple[str, str]:
        hours = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in self._windows(
            DEFAULT_PERMIT_SETTINGS))
        return (f"通勤・通学時間帯({hours})に飛行しないこと",
                f"no flight in commuting hours ({hours})")

    def breach(self, ctx: ConditionContext) -> str | None:
        start, end = ctx.local_start, ctx.local_end
        day = start.date()
        while day <= end.date():
            for a, b in self._windows(ctx.settings):
                w0 = datetime.combine(day, a, tzinfo=start.tzinfo)
                w1 = datetime.combine(day, b, tzinfo=start.tzinfo)
                if (start < w1 and w0 < end) or (start == end and w0 <= start < w1):
                    return f"the flight overlaps commuting hours {a:%H:%M}-{b:%H:%M}"
            day += timedelta(days=1)
        return None


class CameraRequired(_Condition):
    """The aircraft must carry an onboard camera (to see that nobody is below)."""

    name: Literal["camera_required"] = "camera_required"

    def describe(self) -> tuple[str, str]:
        return ("機体にカメラを搭載すること", "the aircraft carries an onboard camera")

    def breach(self, ctx: ConditionContext) -> str | None:
        if not ctx.plan.aircraft.profile.onboard_camera:
            return f"aircraft {ctx.plan.aircraft.registration} has no onboard camera"
        return None


class MinLicence(_Condition):
    """The pilot's licence, in force on the day, is at least this class."""

    name: Literal["min_licence"] = "min_licence"
    licence: Literal["second_class", "first_class"] = "first_class"

    def describe(self) -> tuple[str, str]:
        ja = "一等" if self.licence == "first_class" else "二等"
        en = "first" if self.licence == "first_class" else "second"
        return (f"{ja}無人航空機操縦士以上の技能証明を持つ操縦者が飛行させること",
                f"the pilot holds a {en}-class licence or better")

    def breach(self, ctx: ConditionContext) -> str | None:
        held = ctx.plan.pilot.licence_on(ctx.local_start.date())
        if licence_rank(held) < licence_rank(self.licence):
            return f"pilot {ctx.plan.pilot.id} holds {held}, the condition asks {self.licence}"
        return None


class MaxWind(_Condition):
    """A wind limit lower than the application's."""

    name: Literal["max_wind"] = "max_wind"
    value_mps: float = Field(gt=0, allow_inf_nan=False)

    def describe(self) -> tuple[str, str]:
        return (f"風速 {self.value_mps:g} m/s を超える場合は飛行しないこと",
                f"no flight in wind above {self.value_mps:g} m/s")

    def breach(self, ctx: ConditionContext) -> str | None:
        wind = ctx.plan.wind_mps
        if wind is not None and wind > self.value_mps:
            return f"wind {wind:g} m/s is above {self.value_mps:g} m/s"
        return None


Condition = Annotated[
    MaxAltitudeAgl | NoNight | NoCommutingHours | CameraRequired | MinLicence | MaxWind,
    Field(discriminator="name"),
]
"""Any one of the conditions (JSON: an object with ``name`` and its parameters)."""

CONDITION_NAMES = ("max_altitude_agl", "no_night", "no_commuting_hours", "camera_required",
                   "min_licence", "max_wind")
