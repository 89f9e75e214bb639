"""Airspace coordination (ASTM F3548-21 strategic coordination) for the Kizuna zones.

Operational intents made of 4D volumes, an exact conflict test, a spatio-temporal index,
the priority policy, conformance monitoring, the flight log and incident reports. Pure: the
database-serialised airspace lives in ``kizuna.store.airspace``.
"""

from __future__ import annotations

from kizuna.utm.airspace import (
    Airspace,
    InMemoryAirspace,
    ReplanRequired,
    SlotProposal,
    SubmissionResult,
    decide,
    find_slot,
)
from kizuna.utm.builders import Waypoint4D, area_volume, corridor_volumes
from kizuna.utm.conflict import MIN_OVERLAP_AREA_M2, intents_conflict, volumes_conflict
from kizuna.utm.frame import MetricFrame, ProjectedVolume, project_volume, project_volumes
from kizuna.utm.index import CellGrid, GridIndex
from kizuna.utm.intent import (
    ACTIVE_STATES,
    OFF_NOMINAL_STATES,
    TRANSITIONS,
    IntentState,
    OperationalIntent,
    check_transition,
)
from kizuna.utm.volume import AltitudeReference, Circle, Volume4D

__all__ = [
    "ACTIVE_STATES",
    "MIN_OVERLAP_AREA_M2",
    "OFF_NOMINAL_STATES",
    "TRANSITIONS",
    "Airspace",
    "AltitudeReference",
    "CellGrid",
    "Circle",
    "GridIndex",
    "InMemoryAirspace",
    "IntentState",
    "MetricFrame",
    "OperationalIntent",
    "ProjectedVolume",
    "ReplanRequired",
    "SlotProposal",
    "SubmissionResult",
    "Volume4D",
    "Waypoint4D",
    "area_volume",
    "check_transition",
    "corridor_volumes",
    "decide",
    "find_slot",
    "intents_conflict",
    "project_volume",
    "project_volumes",
    "volumes_conflict",
]
