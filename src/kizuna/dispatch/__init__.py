"""On-demand orders, fleet dispatch and batched island runs (issue 8).

Public API::

    Order, Item, DropSpot, OrderRecord, receive, advance   orders.py       orders and life cycle
    ServiceArea, validate_order, Rejection                 validation.py   may it be accepted?
    generate_drop_spots                                    dropspots.py    seeded community pads
    Leg, AircraftState, PilotState, DispatchSettings       fleetstate.py   what dispatch knows
    InsertionDispatcher, NaiveDispatcher, Assignment       dispatcher.py   the two policies
    plan_leg, plan_leg_or_raise, permit_for                legs.py         the planner's legs
    DeliveryFlight, flight_of_leg, needs_swap, codec       flight.py       the planned flight
    clear_for_launch, LaunchRequest, GateDecision, Refusal gate.py         the launch gate
    on_time_rate, service_kpis, delivery_minutes           kpis.py         the shared KPIs
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
from kizuna.dispatch.flight import (
    DeliveryFlight,
    Waypoint,
    flight_from_json,
    flight_of_leg,
    flight_to_json,
    japan_date,
    needs_swap,
)
from kizuna.dispatch.gate import (
    GateDecision,
    LaunchRequest,
    Refusal,
    SlotSearch,
    clear_for_launch,
)
from kizuna.dispatch.kpis import ServiceKpis, delivery_minutes, on_time_rate, service_kpis
from kizuna.dispatch.legs import (
    UtmMargins,
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
    "DeliveryFlight",
    "DispatchSettings",
    "DispatchState",
    "DropSpot",
    "GateDecision",
    "InsertionDispatcher",
    "Item",
    "ItemKind",
    "LaunchRequest",
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
    "Refusal",
    "Rejection",
    "RunStop",
    "ServiceArea",
    "ServiceKpis",
    "SlotSearch",
    "Trip",
    "UtmMargins",
    "Waypoint",
    "advance",
    "batch_island_run",
    "clear_for_launch",
    "deadline",
    "delivery_minutes",
    "flight_from_json",
    "flight_of_leg",
    "flight_to_json",
    "generate_drop_spots",
    "japan_date",
    "licensed_for",
    "max_trip_distance_m",
    "needs_swap",
    "next_window_start",
    "on_time_rate",
    "permit_for",
    "plan_leg",
    "plan_leg_or_raise",
    "receive",
    "service_kpis",
    "validate_order",
]
