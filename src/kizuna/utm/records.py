"""The operator's records beside the flights (飛行日誌, Enforcement Regulation Art. 236-84).

- :class:`AircraftHeader`: the log's common header per aircraft (registration mark, type and
  model, type-certificate number, airframe-certificate class and number, manufacturer and
  serial number).
- :class:`Defect`: a defect as the law wants it: the date and content found, the date and
  content of the fix, and who confirmed the fix. An open defect has no fix yet.
- :class:`DailyInspection`: a daily inspection (日常点検記録), in principle before each flight:
  date and place, inspector, a result per check item, remarks. The check items are
  configuration (``kizuna/config/inspection_items.json``, MLIT's standard list per aircraft
  kind); :func:`check_items` validates a result list against it.
- :class:`MaintenanceRecord`: an inspection or maintenance (点検整備記録): date and place, who
  did it, the work and parts replaced, the reason, the flight time since the last airframe
  certification (:func:`flight_time_since`, computed from the flight records), remarks.

Dates are Japanese calendar dates: the caller converts times to Japan time first.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Literal

from kizuna.errors import InvalidInput, UnknownName
from kizuna.utm.volume import check_aware

__all__ = ["CHECK_RESULTS", "AircraftHeader", "CheckItem", "CheckResult", "DailyInspection",
           "Defect", "MaintenanceRecord", "check_items", "checklist", "flight_time_since"]

CheckOutcome = Literal["pass", "fail"]
#: The results a check item may have (良 / 否 on MLIT's form).
CHECK_RESULTS: tuple[CheckOutcome, ...] = ("pass", "fail")
AircraftKind = Literal["multirotor", "fixed_wing"]


def _text(value: str, name: str, *, required: bool = True, limit: int = 2000) -> None:
    if required and not value.strip():
        raise InvalidInput(f"{name} is empty", field=name)
    if len(value) > limit:
        raise InvalidInput(f"{name} is longer than {limit} characters", field=name)


@dataclass(frozen=True)
class CheckItem:
    """One configured check item: its id, name and what to look at, in Japanese and English."""

    id: str
    ja: str
    en: str
    check_ja: str
    check_en: str


@cache
def _config() -> dict[str, tuple[CheckItem, ...]]:
    text = resources.files("kizuna.config").joinpath("inspection_items.json").read_text("utf-8")
    kinds = json.loads(text)["kinds"]
    return {kind: tuple(CheckItem(**item) for item in items) for kind, items in kinds.items()}


def checklist(kind: str) -> tuple[CheckItem, ...]:
    """The daily inspection's check items for an aircraft kind; raises :class:`UnknownName`."""
    items = _config()
    if kind not in items:
        raise UnknownName("aircraft kind", kind, list(items))
    return items[kind]


@dataclass(frozen=True)
class CheckResult:
    """The result of one check item."""

    item: str
    result: CheckOutcome

    def __post_init__(self) -> None:
        if self.result not in CHECK_RESULTS:
            raise InvalidInput(f"result {self.result!r} is not one of {', '.join(CHECK_RESULTS)}",
                               field="result")


def check_items(results: Sequence[CheckResult], kind: str) -> tuple[CheckResult, ...]:
    """``results`` checked against the configured items of ``kind``: every item once, no
    unknown item (the field names the first one at fault), in the checklist's order."""
    known = [i.id for i in checklist(kind)]
    seen: dict[str, CheckResult] = {}
    for k, r in enumerate(results):
        if r.item not in known:
            raise InvalidInput(f"items[{k}].item: {r.item!r} is not a check item of a {kind} "
                               f"(known: {', '.join(known)})", field=f"items.{k}.item")
        if r.item in seen:
            raise InvalidInput(f"items[{k}].item: {r.item!r} is listed twice",
                               field=f"items.{k}.item")
        seen[r.item] = r
    missing = [i for i in known if i not in seen]
    if missing:
        raise InvalidInput(f"items: no result for {', '.join(missing)}", field="items")
    return tuple(seen[i] for i in known)


@dataclass(frozen=True)
class AircraftHeader:
    """The common header of one aircraft's log."""

    registration: str
    kind: AircraftKind
    model: str
    type_certificate_number: str | None = None
    type_certificate_expiry: date | None = None
    certificate_class: str = "none"
    airframe_certificate_number: str | None = None
    certificate_expiry: date | None = None
    manufacturer: str | None = None
    serial_number: str | None = None

    def __post_init__(self) -> None:
        _text(self.registration, "registration", limit=32)
        if self.kind not in ("multirotor", "fixed_wing"):
            raise InvalidInput(f"kind {self.kind!r} is not multirotor or fixed_wing",
                               field="kind")


@dataclass(frozen=True)
class Defect:
    """A defect and its fix (不具合及びその対応)."""

    found_on: date
    content: str
    fixed_on: date | None = None
    fix: str = ""
    confirmed_by: str = ""

    def __post_init__(self) -> None:
        _text(self.content, "content")
        _text(self.fix, "fix", required=False)
        _text(self.confirmed_by, "confirmed_by", required=False, limit=200)
        if self.fixed_on is None and (self.fix or self.confirmed_by):
            raise InvalidInput("a fix needs its date", field="fixed_on")
        if self.fixed_on is not None:
            if self.fixed_on < self.found_on:
                raise InvalidInput("fixed_on is before found_on", field="fixed_on")
            _text(self.fix, "fix")
            _text(self.confirmed_by, "confirmed_by", limit=200)

    @property
    def open(self) -> bool:
        """Not fixed yet."""
        return self.fixed_on is None


@dataclass(frozen=True)
class DailyInspection:
    """A daily inspection before flight (日常点検記録)."""

    registration: str
    date: date
    place: str
    inspector: str
    items: tuple[CheckResult, ...]
    remarks: str = ""
    flight_id: str | None = None

    def __post_init__(self) -> None:
        _text(self.place, "place", limit=200)
        _text(self.inspector, "inspector", limit=200)
        _text(self.remarks, "remarks", required=False)
        if not self.items:
            raise InvalidInput("items: a daily inspection needs a result per check item",
                               field="items")

    @property
    def passed(self) -> bool:
        """Every item passed."""
        return all(r.result == "pass" for r in self.items)


@dataclass(frozen=True)
class MaintenanceRecord:
    """An inspection, repair, modification or maintenance (点検整備記録)."""

    registration: str
    date: date
    place: str
    performer: str
    work: str
    reason: str
    parts_replaced: tuple[str, ...] = ()
    remarks: str = ""
    flight_time_since_certification_s: float = 0.0

    def __post_init__(self) -> None:
        _text(self.place, "place", limit=200)
        _text(self.performer, "performer", limit=200)
        _text(self.work, "work")
        _text(self.reason, "reason")
        _text(self.remarks, "remarks", required=False)
        for k, part in enumerate(self.parts_replaced):
            _text(part, f"parts_replaced.{k}", limit=200)
        s = self.flight_time_since_certification_s
        if not (math.isfinite(s) and s >= 0):
            raise InvalidInput("flight_time_since_certification_s must be a non-negative number",
                               field="flight_time_since_certification_s")


def flight_time_since(flights: Iterable[tuple[datetime, datetime]], since: datetime | None,
                      until: datetime) -> float:
    """Airborne seconds of the ``(take-off, landing)`` flights between ``since`` (the last
    airframe certification; None: since manufacture) and ``until``.

    A flight counts for the part of it inside the span, so a flight under way at a
    certification or a maintenance is split at that instant.
    """
    check_aware(until, "until")
    if since is not None:
        check_aware(since, "since")
    total = 0.0
    for takeoff, landing in flights:
        start = takeoff if since is None else max(takeoff, since)
        end = min(landing, until)
        if end > start:
            total += (end - start).total_seconds()
    return total
