"""The submission policy, ending, and finding a slot, on the in-memory airspace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from utm_support import T0, ZONE_I, VolumeFactory, box_m

from kizuna.errors import Infeasible, InvalidInput
from kizuna.utm import (
    AltitudeReference,
    InMemoryAirspace,
    IntentState,
    OperationalIntent,
    ReplanRequired,
    Waypoint4D,
    corridor_volumes,
    find_slot,
)

IntentFactory = Callable[..., OperationalIntent]


def test_first_intent_is_accepted(intent: IntentFactory) -> None:
    """An empty airspace accepts anything."""
    result = InMemoryAirspace(ZONE_I).submit(intent("a1"))
    assert result.accepted and result.conflicts == () and result.replan == ()


@pytest.mark.parametrize("priority", [0, 1])
def test_conflict_with_same_or_higher_priority_is_rejected(intent: IntentFactory,
                                                           priority: int) -> None:
    """An intent overlapping an active one of equal or higher priority is rejected, with ids."""
    air = InMemoryAirspace(ZONE_I)
    air.submit(intent("a1", priority=priority))
    air.submit(intent("a0", priority=priority))  # rejected: never active
    result = air.submit(intent("b1", priority=0))
    assert not result.accepted
    assert result.conflicts == ("a1",)
    assert set(air.intents) == {"a1"}


def test_higher_priority_preempts_and_notifies_owners(intent: IntentFactory,
                                                      volume: VolumeFactory) -> None:
    """An emergency flight is accepted; the lower ones it overlaps must replan, owners told."""
    air = InMemoryAirspace(ZONE_I)
    air.submit(intent("a1", owner="op-a"))
    air.submit(intent("b1", volume(box_m(150, 0, 250, 100)), owner="op-b"))
    air.submit(intent("c1", volume(box_m(0, 0, 100, 100), start_min=30, end_min=40)))
    emergency = intent("med", volume(box_m(50, 0, 200, 100)), priority=10, owner="hospital")
    result = air.submit(emergency)
    assert result.accepted
    assert result.conflicts == ("a1", "b1") and result.replan == ("a1", "b1")
    assert result.events == (ReplanRequired("a1", "op-a", "med"),
                             ReplanRequired("b1", "op-b", "med"))
    assert air.replan_required == {"a1", "b1"}
    assert {"a1", "b1", "c1", "med"} == set(air.intents)  # nobody silently dropped


def test_ending_frees_the_airspace(intent: IntentFactory) -> None:
    """After end, the same volume is accepted again; ending twice says False."""
    air = InMemoryAirspace(ZONE_I)
    air.submit(intent("a1"))
    assert air.end("a1")
    assert not air.end("a1")
    assert air.submit(intent("b1")).accepted


def test_set_state_ended_frees_and_other_states_are_kept(intent: IntentFactory) -> None:
    """Nonconforming intents still block; Ended ones do not."""
    air = InMemoryAirspace(ZONE_I)
    air.submit(intent("a1"))
    air.set_state("a1", IntentState.NONCONFORMING)
    assert air.intents["a1"].state is IntentState.NONCONFORMING
    assert not air.check(intent("b1")).accepted
    air.set_state("a1", IntentState.ENDED)
    assert air.check(intent("b1")).accepted


def test_resubmitting_an_active_id_is_an_error(intent: IntentFactory) -> None:
    """Two active intents never share an id."""
    air = InMemoryAirspace(ZONE_I)
    air.submit(intent("a1"))
    with pytest.raises(InvalidInput, match="already active"):
        air.submit(intent("a1"))


def test_check_does_not_record(intent: IntentFactory) -> None:
    """check() decides without making the intent active."""
    air = InMemoryAirspace(ZONE_I)
    assert air.check(intent("a1")).accepted
    assert air.intents == {}


def _fukue_route(start_min: float, reverse: bool) -> list[Waypoint4D]:
    # Fukue port to Fukue airport and its mirror: the two routes cross over the town.
    port, airport = (128.843, 32.697), (128.8333, 32.6663)
    a, b = (airport, port) if reverse else (port, airport)
    t = T0 + timedelta(minutes=start_min)
    return [Waypoint4D(a[0], a[1], 60, t), Waypoint4D(b[0], b[1], 60, t + timedelta(minutes=6))]


def _corridor_intent(id: str, owner: str, start_min: float, reverse: bool) -> OperationalIntent:
    vols = corridor_volumes(_fukue_route(start_min, reverse), lateral_margin_m=30,
                            vertical_margin_m=15, eta_uncertainty_s=30,
                            altitude_reference=AltitudeReference.AGL)
    return OperationalIntent(id, owner, 0, vols)


def test_two_operators_around_fukue_are_deconflicted_by_delay() -> None:
    """Two on-demand deliveries on crossing routes: the second is delayed, neither dropped."""
    air = InMemoryAirspace(ZONE_I)
    first = _corridor_intent("op-a-001", "op-a", 0, reverse=False)
    second = _corridor_intent("op-b-001", "op-b", 1, reverse=True)
    assert air.submit(first).accepted
    rejected = air.submit(second)
    assert not rejected.accepted and rejected.conflicts == ("op-a-001",)
    slot = find_slot(air, second, step=timedelta(seconds=30))
    assert timedelta(0) < slot.delay <= timedelta(minutes=10)
    assert air.submit(slot.intent).accepted
    assert set(air.intents) == {"op-a-001", "op-b-001"}
    assert not air.check(second.shifted(slot.delay - timedelta(seconds=30))).accepted


def test_find_slot_reports_infeasible(intent: IntentFactory, volume: VolumeFactory) -> None:
    """When no delay up to the limit clears the conflict, find_slot says so."""
    air = InMemoryAirspace(ZONE_I)
    air.submit(intent("day", volume(box_m(0, 0, 100, 100), start_min=0, end_min=600)))
    with pytest.raises(Infeasible, match="no slot"):
        find_slot(air, intent("b1"), max_delay=timedelta(minutes=30))


def test_frame_defaults_to_the_zone_of_the_first_intent(intent: IntentFactory) -> None:
    """Goto is in Nagasaki: zone I (EPSG:6669)."""
    air = InMemoryAirspace()
    air.submit(intent("a1"))
    assert air.frame is not None and air.frame.epsg == 6669
