"""Accidents and serious incidents (DOMAIN.md section 2): classification and the MLIT report.

- Accident (事故): serious injury or worse; any damage to third-party property; a collision with
  an aircraft.
- Serious incident (重大インシデント): minor injury; a near-collision with an aircraft; loss of
  control; fire in flight.

An accident outranks a serious incident: when facts of both kinds hold, it is an accident, and
every matching fact is listed as a reason.

:class:`EventReport` is what an operator files: the kind (one of the seven of Art. 132-90),
date/time and place, aircraft, pilot, permit number, weather, a summary, damage and injuries,
and the action taken. ``REPORT_ITEMS`` is the order of MLIT's form. A simulated fault that
amounts to a reportable event (``FAULT_EVENTS``) gives a draft (:func:`draft_from_fault`).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from kizuna.errors import InvalidInput
from kizuna.utm.conformance import ConformanceEvent
from kizuna.utm.flightlog import FlightRecord
from kizuna.utm.volume import check_aware

__all__ = [
    "CLASS_WORDS",
    "CSV_COLUMNS",
    "FAULT_EVENTS",
    "KIND_WORDS",
    "REPORT_ITEMS",
    "EventKind",
    "EventReport",
    "IncidentReport",
    "Injury",
    "OccurrenceClass",
    "OccurrenceFacts",
    "Reason",
    "Weather",
    "classify_occurrence",
    "draft_from_fault",
    "event_class",
    "incident_report",
    "reports_csv",
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


# -- the report an operator files (Art. 132-90; Enforcement Regulation Art. 236-85 to 236-87) --
class EventKind(StrEnum):
    """What happened, in the law's words: three kinds of accident, four of serious incident.

    A fly-away or a lost link the aircraft did not recover from is a loss of control.
    """

    DEATH_OR_SERIOUS_INJURY = "death_or_serious_injury"
    THIRD_PARTY_PROPERTY_DAMAGE = "third_party_property_damage"
    AIRCRAFT_COLLISION = "aircraft_collision"
    NEAR_COLLISION = "near_collision"
    MINOR_INJURY = "minor_injury"
    LOSS_OF_CONTROL = "loss_of_control"
    FIRE_IN_FLIGHT = "fire_in_flight"


#: The facts each kind states (classified by :func:`classify_occurrence`, one rule).
_KIND_FACTS: dict[EventKind, OccurrenceFacts] = {
    EventKind.DEATH_OR_SERIOUS_INJURY: OccurrenceFacts(injury=Injury.SERIOUS),
    EventKind.THIRD_PARTY_PROPERTY_DAMAGE: OccurrenceFacts(third_party_property_damage=True),
    EventKind.AIRCRAFT_COLLISION: OccurrenceFacts(aircraft_collision=True),
    EventKind.NEAR_COLLISION: OccurrenceFacts(near_collision=True),
    EventKind.MINOR_INJURY: OccurrenceFacts(injury=Injury.MINOR),
    EventKind.LOSS_OF_CONTROL: OccurrenceFacts(loss_of_control=True),
    EventKind.FIRE_IN_FLIGHT: OccurrenceFacts(fire_in_flight=True),
}

#: Kind -> (Japanese, English) words for forms and pages.
KIND_WORDS: dict[EventKind, tuple[str, str]] = {
    EventKind.DEATH_OR_SERIOUS_INJURY: ("人の死傷(重傷以上)", "death or serious injury"),
    EventKind.THIRD_PARTY_PROPERTY_DAMAGE: ("第三者の物件の損壊", "damage to third-party property"),
    EventKind.AIRCRAFT_COLLISION: ("航空機との衝突又は接触", "collision with an aircraft"),
    EventKind.NEAR_COLLISION: ("航空機との衝突又は接触のおそれ", "near-collision with an aircraft"),
    EventKind.MINOR_INJURY: ("人の負傷(重傷以外)", "minor injury"),
    EventKind.LOSS_OF_CONTROL: ("無人航空機の制御が不能となった事態", "loss of control"),
    EventKind.FIRE_IN_FLIGHT: ("無人航空機が発火した事態(飛行中)", "fire in flight"),
}
CLASS_WORDS: dict[OccurrenceClass, tuple[str, str]] = {
    OccurrenceClass.ACCIDENT: ("事故", "accident"),
    OccurrenceClass.SERIOUS_INCIDENT: ("重大インシデント", "serious incident"),
    OccurrenceClass.NONE: ("該当なし", "not reportable"),
}

#: A report's items in the order of MLIT's form (事故等報告): field, Japanese, English.
REPORT_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("classification", "事故等の区分", "Class"),
    ("kind", "事故等の種類", "Kind"),
    ("occurred_at", "発生日時", "Date and time"),
    ("place", "発生場所", "Place"),
    ("position", "発生場所(緯度・経度)", "Position (lat, lon)"),
    ("operator", "報告者(運航者)", "Reporter (operator)"),
    ("aircraft", "無人航空機(登録記号・型式)", "Aircraft (registration, model)"),
    ("pilot", "操縦者の氏名", "Pilot"),
    ("pilot_licence_number", "技能証明書番号", "Pilot licence number"),
    ("permit_number", "許可・承認番号", "Permission/approval number"),
    ("weather", "気象状況", "Weather"),
    ("summary", "事故等の概要", "Summary"),
    ("damage", "損壊の状況", "Damage"),
    ("injuries", "死傷者の状況", "Injuries"),
    ("action_taken", "講じた措置", "Action taken"),
    ("landing_time", "着陸日時", "Landing time"),
)

#: Simulated faults that amount to a reportable event: fault -> (kind, summary). Configurable
#: by the operator's manual; a draft is confirmed or dismissed by the operator.
FAULT_EVENTS: dict[str, tuple[EventKind, str]] = {
    "link_loss": (EventKind.LOSS_OF_CONTROL,
                  "Command-and-control link lost in flight; the aircraft's return-to-home "
                  "brought it back to its base."),
    "battery_anomaly": (EventKind.LOSS_OF_CONTROL,
                        "Battery anomaly in flight; the aircraft came down at an emergency "
                        "landing site."),
}
#: How far ahead of the service's clock a report's time may be (clock skew of the client).
FUTURE_TOLERANCE_S = 60.0


def event_class(kind: EventKind) -> tuple[OccurrenceClass, tuple[Reason, ...]]:
    """The class of an event of ``kind`` and its reasons."""
    return classify_occurrence(_KIND_FACTS[EventKind(kind)])


@dataclass(frozen=True)
class Weather:
    """The weather at the time: wind (m/s, None when not measured) and conditions in words."""

    wind_mps: float | None = None
    conditions: str = ""

    def __post_init__(self) -> None:
        if self.wind_mps is not None and not (
                math.isfinite(self.wind_mps) and 0 <= self.wind_mps <= 100):
            raise InvalidInput("weather.wind_mps must be between 0 and 100", field="weather")


@dataclass(frozen=True)
class EventReport:
    """An accident or serious incident as the operator reports it.

    ``landing_time`` is None when the aircraft never landed under control (a fly-away, a lost
    link): the report needs no landing time.
    """

    kind: EventKind
    occurred_at: datetime
    lon: float
    lat: float
    place: str
    registration: str
    pilot: str
    summary: str
    pilot_licence_number: str = ""
    permit_number: str | None = None
    weather: Weather = Weather()
    damage: str = ""
    injuries: str = ""
    action_taken: str = ""
    landing_time: datetime | None = None
    flight_id: str | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", EventKind(self.kind))
        except ValueError:
            raise InvalidInput(f"kind {self.kind!r} is not one of "
                               f"{', '.join(k.value for k in EventKind)}", field="kind") from None
        check_aware(self.occurred_at, "occurred_at")
        if not (math.isfinite(self.lon) and -180 <= self.lon <= 180):
            raise InvalidInput("lon must be between -180 and 180", field="lon")
        if not (math.isfinite(self.lat) and -90 <= self.lat <= 90):
            raise InvalidInput("lat must be between -90 and 90", field="lat")
        for name in ("registration", "pilot", "summary"):
            if not str(getattr(self, name)).strip():
                raise InvalidInput(f"{name} is empty", field=name)
        if self.landing_time is not None:
            check_aware(self.landing_time, "landing_time")
            if self.landing_time < self.occurred_at:
                raise InvalidInput("landing_time is before occurred_at", field="landing_time")

    @property
    def classification(self) -> OccurrenceClass:
        """Accident or serious incident."""
        return event_class(self.kind)[0]

    def check_not_future(self, now: datetime) -> None:
        """Raise when the report is dated after ``now`` (beyond the clock tolerance)."""
        ahead = (self.occurred_at - now).total_seconds()
        if ahead > FUTURE_TOLERANCE_S:
            raise InvalidInput("occurred_at is in the future", field="occurred_at")
        if self.landing_time is not None and (
                self.landing_time - now).total_seconds() > FUTURE_TOLERANCE_S:
            raise InvalidInput("landing_time is in the future", field="landing_time")


def draft_from_fault(fault: str, *, occurred_at: datetime, lon: float, lat: float, place: str,
                     registration: str, pilot: str, pilot_licence_number: str = "",
                     permit_number: str | None = None, landing_time: datetime | None = None,
                     flight_id: str | None = None) -> EventReport | None:
    """The draft report of a simulated fault, or None when the fault is not reportable."""
    found = FAULT_EVENTS.get(fault)
    if found is None:
        return None
    kind, summary = found
    return EventReport(kind, occurred_at, lon, lat, place, registration, pilot, summary,
                       pilot_licence_number, permit_number, Weather(), "none reported",
                       "none reported", "draft created by the simulation: to be confirmed",
                       landing_time, flight_id)


#: The CSV columns of a report list, in the order of MLIT's form.
CSV_COLUMNS: tuple[str, ...] = (
    "id", "status", "classification", "kind", "occurred_at", "place", "lon", "lat", "operator",
    "registration", "model", "pilot", "pilot_licence_number", "permit_number", "wind_mps",
    "weather", "summary", "damage", "injuries", "action_taken", "landing_time", "flight_id",
    "dismiss_reason", "filed_at")


def reports_csv(reports: Sequence[Mapping[str, Any]]) -> str:
    """Report documents (as ``StoredIncident.to_json`` gives them) as one CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in reports:
        flat = {**r, "lon": r["position"]["lon"], "lat": r["position"]["lat"],
                "wind_mps": r["weather"]["wind_mps"], "weather": r["weather"]["conditions"]}
        writer.writerow(["" if flat.get(c) is None else flat[c] for c in CSV_COLUMNS])
    return out.getvalue()
