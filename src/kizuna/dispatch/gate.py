"""The launch gate: may this planned flight take off, and when?

:func:`clear_for_launch` is the one gate the service's launch, the simulation's launches and
island runs, and the CLI call. It is pure: the airspace is read (``check``), never written; the
caller submits the cleared intent. The checks, in order (cheap ones first; those after the
slot search judge the flight at its cleared departure):

1. ``PILOT_LICENCE``: the pilot holds a licence for the flight's Level on the Japan date of
   the take-off (:func:`kizuna.dispatch.flight.japan_date`), with the BVLOS limitation lifted;
2. ``BATTERY``: a full battery, less the reserve, carries the mission (``swap`` says whether
   the battery in the aircraft must be swapped first: :func:`kizuna.dispatch.needs_swap`);
3. ``UTM_CONFLICT``: the operational intent is accepted by the airspace, or, with a
   :class:`SlotSearch`, the smallest delay that is (the flight then departs that much later);
4. ``PILOT_LIMIT``: the pilot supervises fewer than ``max_aircraft_per_pilot`` aircraft over
   the whole flight (the one-pilot-to-N guideline);
5. ``RULES_<code>``: the classification (:func:`kizuna.rules.classify`) with the flight's own
   entry control allows it; each violation is one refusal;
6. ``PERMIT_<code>``: the flight keeps its permit's envelope
   (:func:`kizuna.permits.check_flight`); ``PERMIT_MISSING`` when it names a permit the
   operator does not hold.

Adding a check is one more input on :class:`LaunchRequest`, one more code in :data:`WORDS`, and
one more step in :func:`clear_for_launch`. A refusal reads the same everywhere: its code and
its words (Japanese and English) come from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, Literal, Protocol, Self, TypeVar

from kizuna.dispatch.fleetstate import DispatchSettings, PilotState, licensed_for
from kizuna.dispatch.flight import UtmMargins, japan_date, needs_swap
from kizuna.energy import usable_battery_wh
from kizuna.errors import Infeasible
from kizuna.fleet import Aircraft, Pilot
from kizuna.permits import FlightPlan, Permit, check_flight
from kizuna.permits.check import Violation, aircraft_status, operator_status, pilot_status
from kizuna.rules import OperatorStatus, classify, derive_route_facts
from kizuna.rules.status import EntryControl
from kizuna.rules.verdict import Verdict
from kizuna.scenario.model import Scenario
from kizuna.utm import Airspace, OperationalIntent, find_slot

__all__ = ["WORDS", "GateDecision", "LaunchFlight", "LaunchRequest", "Refusal", "SlotSearch",
           "clear_for_launch", "licence_refusal", "limit_refusal", "pilot_refusal",
           "refusal"]

Language = Literal["ja", "en"]

#: The words of each gate refusal, {code: (English, Japanese)}, formatted with its details.
WORDS: Mapping[str, tuple[str, str]] = {
    "PILOT_LICENCE": ("pilot {pilot} holds no licence for Level {level} on {day} (Japan time)",
                      "操縦者 {pilot} は {day}（日本時間）にレベル{level}の"
                      "技能証明を持っていません"),
    "PILOT_LIMIT": ("pilot {pilot} would supervise more than {limit} aircraft at once",
                    "操縦者 {pilot} が同時に監視する機体が上限の {limit} 機を超えます"),
    "BATTERY": ("the mission needs {need:.0f} Wh, more than a full battery holds above its "
                "{reserve:.0f} % reserve ({have:.0f} Wh)",
                "この飛行には {need:.0f} Wh が必要で、満充電の電池で予備 {reserve:.0f} % を"
                "残せる量（{have:.0f} Wh）を超えます"),
    # The words count the intents met, never name them: the same words reach an operator,
    # and another tenant's intent id is not theirs to know (GateDecision.conflicts has the ids).
    "UTM_CONFLICT": ("the UTM intent conflicts with {count} intent(s) in the airspace",
                     "UTM の運航意図が空域の {count} 件の運航意図と競合します"),
    "UTM_NO_SLOT": ("the UTM intent conflicts with {count} intent(s), and no delay up to "
                    "{minutes} min clears it",
                    "UTM の運航意図が {count} 件の運航意図と競合し、{minutes} 分以内の"
                    "遅延でも解消しません"),
    "PERMIT_MISSING": ("the flight names permit {permit}, which the operator does not hold "
                       "approved",
                       "この飛行が示す許可 {permit} は承認済みの許可として保有されていません"),
    "RULES": ("not allowed by the rules: {text}", "規則上許可されません: {text}"),
    "PERMIT": ("outside permit {permit}: {text}", "許可 {permit} の範囲外です: {text}"),
}


@dataclass(frozen=True)
class Refusal:
    """One reason a flight may not take off: a stable code and the words for people."""

    code: str
    en: str
    ja: str

    def message(self, lang: Language = "ja") -> str:
        """The words in ``lang``."""
        return self.en if lang == "en" else self.ja


def refusal(code: str, key: str | None = None, **details: object) -> Refusal:
    """The refusal ``code`` in both languages, with the words of ``key`` (default: the code)."""
    en, ja = WORDS[key or code]
    return Refusal(code, en.format(**details), ja.format(**details))


class LaunchFlight(Protocol):
    """What the gate reads of a flight (a single delivery or an island run)."""

    @property
    def id(self) -> str: ...
    @property
    def pilot_id(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def entry_control(self) -> EntryControl: ...
    @property
    def permit(self) -> str | None: ...
    @property
    def departure(self) -> datetime: ...
    @property
    def energy_wh(self) -> float: ...
    @property
    def mission_s(self) -> float: ...

    def at(self, departure: datetime) -> Self:
        """The same flight taking off at ``departure``."""
        ...

    def intent(self, intent_id: str, owner: str, *, priority: int = 0,
               margins: UtmMargins = ...) -> OperationalIntent:
        """Its UTM operational intent."""
        ...

    def flight_plan(self, aircraft: Aircraft, pilot: Pilot,
                    purpose: str = "delivery") -> FlightPlan:
        """The permit check's plan."""
        ...


F = TypeVar("F", bound=LaunchFlight)


@dataclass(frozen=True)
class SlotSearch:
    """Look for the smallest delay (in ``step``s, up to ``max_delay``) the airspace accepts."""

    step: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(minutes=30)


@dataclass(frozen=True)
class LaunchRequest(Generic[F]):
    """Everything the gate judges.

    Parameters
    ----------
    flight
        The planned flight, at its planned departure.
    aircraft, pilot
        The aircraft, and the pilot with the flights they already supervise.
    scenario
        The world, with the emergency airspace active at take-off.
    permits
        The operator's approved permits (the flight's own is looked up by number).
    battery_wh
        Energy in the aircraft's battery now.
    intent_id, owner
        The id and owner of the UTM intent to check.
    settings
        Reserve, 1-to-N limit (:class:`DispatchSettings`).
    slot_search
        None: the flight goes at its departure or not at all.
    operator
        The operator's insurance and manual when no permit says (flights under the zone's
        rules).
    lang
        The language of the classification's texts.
    """

    flight: F
    aircraft: Aircraft
    pilot: PilotState
    scenario: Scenario
    permits: tuple[Permit, ...] = ()
    battery_wh: float | None = None
    intent_id: str = ""
    owner: str = ""
    settings: DispatchSettings = field(default_factory=DispatchSettings)
    slot_search: SlotSearch | None = None
    operator: OperatorStatus = field(
        default_factory=lambda: OperatorStatus(insurance=True, flight_manual=True))
    lang: Language = "ja"


@dataclass(frozen=True)
class GateDecision(Generic[F]):
    """The gate's answer: cleared when ``refusals`` is empty.

    ``flight`` and ``intent`` are at the cleared departure (``delay`` after the planned one);
    ``swap`` says the battery is swapped before take-off; ``verdict`` and
    ``permit_violations`` are the classification and permit check (None / empty when the gate
    stopped before them); ``conflicts`` the intents the planned one met in the airspace.
    """

    flight: F
    intent: OperationalIntent | None
    delay: timedelta
    swap: bool
    refusals: tuple[Refusal, ...]
    verdict: Verdict | None = None
    permit_violations: tuple[Violation, ...] = ()
    permit_checked: bool = False
    conflicts: tuple[str, ...] = ()

    @property
    def cleared(self) -> bool:
        """May take off (at ``flight.departure``)."""
        return not self.refusals

    @property
    def codes(self) -> tuple[str, ...]:
        """The refusal codes, in the gate's order."""
        return tuple(r.code for r in self.refusals)


def licence_refusal(pilot: PilotState, level: str, start: datetime,
                    kind: str = "multirotor") -> Refusal | None:
    """Check 1: no licence for ``level`` and the aircraft's ``kind`` on the Japan date of
    ``start``."""
    day = japan_date(start)
    if licensed_for(pilot.pilot, level, day, kind):
        return None
    return refusal("PILOT_LICENCE", pilot=pilot.pilot.id, level=level, day=day.isoformat())


def limit_refusal(pilot: PilotState, start: datetime, end: datetime,
                  settings: DispatchSettings) -> Refusal | None:
    """Check 4: the pilot would supervise too many aircraft at once during [start, end)."""
    if pilot.concurrent(start, end) < settings.max_aircraft_per_pilot:
        return None
    return refusal("PILOT_LIMIT", pilot=pilot.pilot.id, limit=settings.max_aircraft_per_pilot)


def pilot_refusal(pilot: PilotState, level: str, start: datetime, end: datetime,
                  settings: DispatchSettings, kind: str = "multirotor") -> Refusal | None:
    """The gate's pilot checks (licence for the aircraft's ``kind`` on the Japan date, then
    the 1-to-N limit), for a pilot choice that must agree with the gate (the service's plan)."""
    return (licence_refusal(pilot, level, start, kind)
            or limit_refusal(pilot, start, end, settings))


def clear_for_launch(request: LaunchRequest[F], airspace: Airspace | None = None
                     ) -> GateDecision[F]:
    """Judge ``request`` (see the module's docstring for the checks and their order).

    ``airspace`` None skips the UTM check (a plan being shown before launch).
    """
    flight = request.flight
    settings = request.settings
    pilot = request.pilot
    # 1. licence (the 1-to-N limit is judged at the cleared departure, below)
    licence = licence_refusal(pilot, flight.level, flight.departure,
                              request.aircraft.profile.licence_kind)
    if licence is not None:
        return GateDecision(flight, None, timedelta(0), False, (licence,))
    # 2. battery
    usable = usable_battery_wh(request.aircraft.profile)
    keep = settings.reserve_fraction * usable
    if flight.energy_wh > usable - keep + 1e-9:
        return GateDecision(flight, None, timedelta(0), False, (refusal(
            "BATTERY", need=flight.energy_wh, reserve=100 * settings.reserve_fraction,
            have=usable - keep),))
    battery = usable if request.battery_wh is None else request.battery_wh
    swap = needs_swap(battery, flight.energy_wh, usable, settings.reserve_fraction)
    # 3. airspace, with the slot search
    intent: OperationalIntent | None = None
    delay = timedelta(0)
    conflicts: tuple[str, ...] = ()
    if airspace is not None:
        intent = flight.intent(request.intent_id or flight.id, request.owner)
        result = airspace.check(intent)
        conflicts = result.conflicts
        if not result.accepted:
            search = request.slot_search
            count = len(result.conflicts)
            if search is None:
                return GateDecision(flight, intent, delay, swap, (refusal(
                    "UTM_CONFLICT", count=count),), conflicts=conflicts)
            try:
                slot = find_slot(airspace, intent, search.step, search.max_delay)
            except Infeasible:
                return GateDecision(flight, intent, delay, swap, (refusal(
                    "UTM_CONFLICT", "UTM_NO_SLOT", count=count,
                    minutes=f"{search.max_delay.total_seconds() / 60:g}"),), conflicts=conflicts)
            delay, intent = slot.delay, slot.intent
            flight = flight.at(flight.departure + delay)
    # 4. the pilot over the whole flight, as cleared
    back = flight.departure + timedelta(seconds=flight.mission_s)
    limit = limit_refusal(pilot, flight.departure, back, settings)
    if limit is not None:
        return GateDecision(flight, intent, delay, swap, (limit,), conflicts=conflicts)
    # 5. the rules, with the flight's own entry control
    refusals: list[Refusal] = []
    permit: Permit | None = None
    if flight.permit is not None:
        permit = next((p for p in request.permits if p.number == flight.permit), None)
        if permit is None:
            refusals.append(refusal("PERMIT_MISSING", permit=flight.permit))
    plan = flight.flight_plan(request.aircraft, pilot.pilot)
    day = japan_date(flight.departure)
    facts = derive_route_facts(request.scenario, plan.positions, plan.start, end_time=plan.end)
    operator = (operator_status(permit.application) if permit is not None
                else request.operator)
    verdict = classify(facts, aircraft_status(request.aircraft, day),
                       pilot_status(pilot.pilot, day), operator,
                       entry_control=flight.entry_control, automatic=True, special_zone=True,
                       lang=request.lang)
    for v in verdict.violations:
        refusals.append(Refusal(f"RULES_{v.code}", *_both("RULES", text=v.text)))
    # 6. the permit's envelope
    violations: tuple[Violation, ...] = ()
    if permit is not None:
        violations = tuple(check_flight(permit, plan, request.scenario))
        for pv in violations:
            refusals.append(Refusal(f"PERMIT_{pv.code}", *_both(
                "PERMIT", permit=permit.number, text=pv.message)))
    return GateDecision(flight, intent, delay, swap, tuple(refusals), verdict, violations,
                        permit is not None, conflicts)


def _both(key: str, **details: object) -> tuple[str, str]:
    en, ja = WORDS[key]
    return en.format(**details), ja.format(**details)
