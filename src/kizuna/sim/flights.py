"""The simulation's flights: an assignment made into the planned flight and judged by the one
launch gate (:func:`kizuna.dispatch.clear_for_launch`), as the service's launch does.

The service (``kizuna.api.services.delivery``) and the simulation differ only in what they
hand the gate: the service's airspace is the database's and a refused flight is not retried;
the simulation's airspace is in memory and a flight the airspace refuses now waits for the
first free minute (:data:`SLOTS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from kizuna.dispatch import (
    DeliveryFlight,
    DispatchSettings,
    GateDecision,
    LaunchRequest,
    Leg,
    PilotState,
    SlotSearch,
    clear_for_launch,
    flight_of_leg,
)
from kizuna.fleet import Aircraft
from kizuna.permits import Permit
from kizuna.scenario.model import Scenario
from kizuna.utm import Airspace

__all__ = ["OWNER", "SLOTS", "launch_decision"]

#: The owner of the simulation's UTM intents.
OWNER = "kizuna-sim"
#: A flight the airspace refuses now waits for the first free minute, up to half an hour.
SLOTS = SlotSearch(timedelta(minutes=1), timedelta(minutes=30))


def launch_decision(flight_id: str, leg: Leg, *, aircraft: Aircraft, pilot: PilotState,
                    departure: datetime, wind_mps: float | None, battery_wh: float,
                    scenario: Scenario, permits: Sequence[Permit], settings: DispatchSettings,
                    airspace: Airspace | None, slot_search: SlotSearch | None = SLOTS,
                    owner: str = OWNER) -> GateDecision[DeliveryFlight]:
    """The planned flight of ``leg`` from ``departure`` and the gate's decision on it."""
    flight = flight_of_leg(flight_id, leg, registration=aircraft.registration,
                           pilot_id=pilot.pilot.id, departure=departure, wind_mps=wind_mps)
    # One priority for all: medical orders go first in the dispatcher, never by preempting
    # an aircraft already in the air.
    return clear_for_launch(LaunchRequest(
        flight, aircraft, pilot, scenario, permits=tuple(permits), battery_wh=battery_wh,
        intent_id=flight_id, owner=owner, settings=settings, slot_search=slot_search,
        lang="en"), airspace)
