"""On-demand orders, fleet dispatch and batched island runs (issue 8).

Public API::

    Order, Item, DropSpot, OrderRecord, receive, advance   orders.py       orders and life cycle
    ServiceArea, validate_order, Rejection                 validation.py   may it be accepted?
    generate_drop_spots                                    dropspots.py    seeded community pads
    Leg, AircraftState, PilotState, DispatchSettings       fleetstate.py   what dispatch knows
    InsertionDispatcher, NaiveDispatcher, Assignment       dispatcher.py   the two policies
    plan_leg, plan_leg_or_raise, flight_intent, flight_plan   legs.py      planner, UTM, permits
    batch_island_run, max_trip_distance_m                  batching.py     PyVRP island runs

Pure: the simulator (``kizuna.sim``) and the API drive it.
"""

from __future__ import annotations

from kizuna.dispatch.batching import RunStop, Trip, batch_island_run, max_trip_distance_m
from kizuna.dispatch.dispatcher import (
    Assignment,
    DispatchState,
    InsertionDispatcher,
    NaiveDispatcher,
    Policy,
    deadline,
)
from kizuna.dispatch.dropspots import generate_drop_spots
from kizuna.dispatch.fleetstate import (
    AircraftState,
    DispatchSettings,
    Leg,
    LegKey,
    PilotState,
    licensed_for,
    next_window_start,
)
from kizuna.dispatch.legs import (
    UtmMargins,
    flight_intent,
    flight_plan,
    permit_for,
    plan_leg,
    plan_leg_or_raise,
)
from kizuna.dispatch.orders import (
    DropSpot,
    Item,
    ItemKind,
    Order,
    OrderEvent,
    OrderRecord,
    OrderState,
    PartyKind,
    advance,
    receive,
)
from kizuna.dispatch.validation import Rejection, ServiceArea, validate_order

__all__ = [
    "AircraftState",
    "Assignment",
    "DispatchSettings",
    "DispatchState",
    "DropSpot",
    "InsertionDispatcher",
    "Item",
    "ItemKind",
    "Leg",
    "LegKey",
    "NaiveDispatcher",
    "Order",
    "OrderEvent",
    "OrderRecord",
    "OrderState",
    "PartyKind",
    "PilotState",
    "Policy",
    "Rejection",
    "RunStop",
    "ServiceArea",
    "Trip",
    "UtmMargins",
    "advance",
    "batch_island_run",
    "deadline",
    "flight_intent",
    "flight_plan",
    "generate_drop_spots",
    "licensed_for",
    "max_trip_distance_m",
    "next_window_start",
    "permit_for",
    "plan_leg",
    "plan_leg_or_raise",
    "receive",
    "validate_order",
]
