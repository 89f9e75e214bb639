"""Accidents and serious incidents (DOMAIN.md section 2): classification and the MLIT report.

- Accident (事故): serious injury or worse; any damage to third-party property; a collision with
  an aircraft.
- Serious incident (重大インシデント): minor injury; a near-collision with an aircraft; loss of
  control; fire in flight.

An accident outranks a serious incident: when facts of both kinds hold, it is an accident, and
every matching fact is listed as a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from kizuna.errors import InvalidInput
from kizuna.utm.conformance import ConformanceEvent
from kizuna.utm.flightlog import FlightRecord
from kizuna.utm.volume import check_aware

__all__ = [
    "IncidentReport",
    "Injury",
    "OccurrenceClass",
    "OccurrenceFacts",
    "Reason",
    "classify_occurrence",
    "incident_report",
]

_RULE = "Civil Aeronautics Act, unmanned aircraft: report accidents and serious incidents to MLIT"


class Injury(StrEnum):
    """The worst injury to a person."""

    NONE = "none"
    MINOR = "minor"
    SERIOUS = "serious"
    FATAL = "fatal"


class OccurrenceClass(StrEnum):
    """The reporting class."""

    ACCIDENT = "accident"
    SERIOUS_INCIDENT = "serious_incident"
    NONE = "none"


@dataclass(frozen=True)
class OccurrenceFacts:
    """What happened."""

    injury: Injury = Injury.NONE
    third_party_property_damage: bool = False
    aircraft_collision: bool = False
    near_collision: bool = False
    loss_of_control: bool = False
    fire_in_flight: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "injury", Injury(self.injury))


@dataclass(frozen=True)
class Reason:
    """One machine-readable reason for the class."""

    code: str
    rule: str
    text: str


def classify_occurrence(facts: OccurrenceFacts) -> tuple[OccurrenceClass, tuple[Reason, ...]]:
    """The class of an occurrence and every fact that makes it so."""
    accident = []
    if facts.injury in (Injury.SERIOUS, Injury.FATAL):
        accident.append(Reason("INC-ACC-INJURY", _RULE, f"{facts.injury} injury"))
    if facts.third_party_property_damage:
        accident.append(Reason("INC-ACC-PROPERTY", _RULE, "damage to third-party property"))
    if facts.aircraft_collision:
        accident.append(Reason("INC-ACC-COLLISION", _RULE, "collision with an aircraft"))
    serious = []
    if facts.injury is Injury.MINOR:
        serious.append(Reason("INC-SI-INJURY", _RULE, "minor injury"))
    if facts.near_collision:
        serious.append(Reason("INC-SI-NEAR-COLLISION", _RULE, "near-collision with an aircraft"))
    if facts.loss_of_control:
        serious.append(Reason("INC-SI-LOSS-OF-CONTROL", _RULE, "loss of control"))
    if facts.fire_in_flight:
        serious.append(Reason("INC-SI-FIRE", _RULE, "fire in flight"))
    if accident:
        return OccurrenceClass.ACCIDENT, tuple(accident + serious)
    if serious:
        return OccurrenceClass.SERIOUS_INCIDENT, tuple(serious)
    return OccurrenceClass.NONE, ()


@dataclass(frozen=True)
class IncidentReport:
    """The report to MLIT, derived from the flight's own data."""

    classification: OccurrenceClass
    reasons: tuple[Reason, ...]
    occurred_at: datetime
    position: tuple[float, float, float]
    flight: FlightRecord
    events: tuple[ConformanceEvent, ...]
    narrative: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready document."""
        f = self.flight
        return {
            "classification": self.classification.value,
            "reasons": [{"code": r.code, "rule": r.rule, "text": r.text} for r in self.reasons],
            "occurred_at": self.occurred_at.isoformat(),
            "position": {"lon": self.position[0], "lat": self.position[1],
                         "alt_m": self.position[2]},
            "aircraft": f.registration, "pilot": f.pilot, "intent_id": f.intent_id,
            "takeoff": {"place": f.takeoff_place, "time": f.takeoff_time.isoformat()},
            "distance_flown_m": round(f.distance_m, 1),
            "events": [{"time": e.time.isoformat(), "code": e.code} for e in self.events],
            "narrative": self.narrative,
        }


def incident_report(facts: OccurrenceFacts, flight: FlightRecord, occurred_at: datetime,
                    events: tuple[ConformanceEvent, ...] = (), narrative: str = ""
                    ) -> IncidentReport:
    """Classify and assemble the report; the position is the last fix at or before the time."""
    check_aware(occurred_at, "occurred_at")
    if not flight.route:
        raise InvalidInput("the flight record has no route to locate the occurrence",
                           field="route")
    if not flight.takeoff_time <= occurred_at <= flight.landing_time:
        raise InvalidInput("occurred_at is outside the flight", field="occurred_at")
    cls, reasons = classify_occurrence(facts)
    if cls is OccurrenceClass.NONE:
        raise InvalidInput("these facts are neither an accident nor a serious incident",
                           field="facts")
    span = (flight.landing_time - flight.takeoff_time).total_seconds() or 1.0
    frac = (occurred_at - flight.takeoff_time).total_seconds() / span
    position = flight.route[min(len(flight.route) - 1, int(frac * (len(flight.route) - 1)))]
    relevant = tuple(e for e in events if e.time <= occurred_at)
    return IncidentReport(cls, reasons, occurred_at, position, flight, relevant, narrative)
