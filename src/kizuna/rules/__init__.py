"""Civil Aeronautics Act and Drone Act rules: facts in, category, level, procedures out.

Public API::

    FlightFacts, Crossing          facts.py     what holds for a flight
    AircraftStatus, PilotStatus,
    OperatorStatus                 status.py    what the aircraft, pilot and operator hold
    classify -> Verdict            classify.py  the pure classification
    derive_route_facts,
    derive_area_facts,
    derive_facts -> FlightFacts    derive.py    facts from a route or an area over a scenario
    is_night                       daylight.py  sunset-to-sunrise test for M-NIGHT
    CATALOGUE, text                reasons.py   reason texts by code, Japanese and English
"""

from __future__ import annotations

from kizuna.rules.classify import classify
from kizuna.rules.contract import ClassifyRequest
from kizuna.rules.daylight import is_night
from kizuna.rules.derive import (
    DerivationSettings,
    derive_area_facts,
    derive_facts,
    derive_route_facts,
)
from kizuna.rules.facts import FACT_CODES, AltitudeReference, Crossing, FlightFacts, MethodFacts
from kizuna.rules.reasons import CATALOGUE, Language, text
from kizuna.rules.status import AircraftStatus, OperatorStatus, PilotStatus
from kizuna.rules.verdict import Application, Reason, Verdict

__all__ = [
    "CATALOGUE",
    "FACT_CODES",
    "AircraftStatus",
    "AltitudeReference",
    "Application",
    "ClassifyRequest",
    "Crossing",
    "DerivationSettings",
    "FlightFacts",
    "Language",
    "MethodFacts",
    "OperatorStatus",
    "PilotStatus",
    "Reason",
    "Verdict",
    "classify",
    "derive_area_facts",
    "derive_facts",
    "derive_route_facts",
    "is_night",
    "text",
]
