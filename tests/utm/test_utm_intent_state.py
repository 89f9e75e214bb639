"""The intent lifecycle: allowed transitions, and off-nominal intents in deconfliction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from utm_support import T0, ZONE_I, VolumeFactory, box_m

from hypothesis_support import property_settings
from kizuna.errors import InvalidInput
from kizuna.utm import (
    OFF_NOMINAL_STATES,
    TRANSITIONS,
    AltitudeReference,
    InMemoryAirspace,
    IntentState,
    OperationalIntent,
    check_transition,
    corridor_volumes,
    decide,
)
from kizuna.utm.conformance import (
    ConformanceMonitor,
    ConformancePolicy,
    PositionReport,
    StateTransition,
)

IntentFactory = Callable[..., OperationalIntent]
S = IntentState


@pytest.mark.parametrize(("start", "end"), [
    (S.ACCEPTED, S.ACTIVATED), (S.ACCEPTED, S.NONCONFORMING), (S.ACTIVATED, S.NONCONFORMING),
    (S.NONCONFORMING, S.ACTIVATED), (S.NONCONFORMING, S.CONTINGENT), (S.CONTINGENT, S.ENDED),
    (S.ACTIVATED, S.ENDED)])
def test_allowed_transitions_pass(start: IntentState, end: IntentState) -> None:
    """The monitor's moves and the end are allowed."""
    check_transition(start, end)


@pytest.mark.parametrize(("start", "end"), [
    (S.CONTINGENT, S.ACTIVATED), (S.CONTINGENT, S.NONCONFORMING), (S.ENDED, S.ACTIVATED),
    (S.ACTIVATED, S.ACCEPTED), (S.ACCEPTED, S.CONTINGENT), (S.ACTIVATED, S.ACTIVATED),
    (S.ENDED, S.ENDED)])
def test_illegal_transitions_raise_naming_the_state(start: IntentState, end: IntentState
                                                    ) -> None:
    """Contingent holds until the end; nothing leaves Ended; no step back to Accepted."""
    with pytest.raises(InvalidInput, match=f"'a1': {start} -> {end}") as err:
        check_transition(start, end, "a1")
    assert err.value.field == "state"


def test_every_state_has_a_row_and_ended_is_final() -> None:
    """The table covers every state; only Ended has no way out, and every active one ends."""
    assert set(TRANSITIONS) == set(IntentState)
    assert TRANSITIONS[S.ENDED] == frozenset()
    assert all(S.ENDED in TRANSITIONS[s] for s in IntentState if s is not S.ENDED)


def _corridor() -> OperationalIntent:
    route = [(128.80, 32.70, 60.0, T0), (128.82, 32.70, 60.0, T0 + timedelta(minutes=4))]
    vols = corridor_volumes(route, lateral_margin_m=20, vertical_margin_m=10,
                            eta_uncertainty_s=20, frame=ZONE_I,
                            altitude_reference=AltitudeReference.AGL)
    return OperationalIntent("c1", "op-a", 0, vols)


@property_settings(max_examples=40)
@given(st.lists(st.tuples(st.floats(1, 15), st.floats(-120, 120), st.floats(0, 140)),
                min_size=1, max_size=25))
def test_the_monitor_only_makes_allowed_moves(steps: list[tuple[float, float, float]]) -> None:
    """Over random tracks (gaps, drifts, climbs) every logged transition is allowed and chained."""
    mon = ConformanceMonitor(_corridor(), "JU-1", ZONE_I,
                             ConformancePolicy(max_nonconforming_s=20, max_deviation_m=60))
    t = 0.0
    for gap, north, alt in steps:
        t += gap
        mon.observe(PositionReport("JU-1", T0 + timedelta(seconds=t), 128.80 + 0.02 * t / 240,
                                   32.70 + north / 111_000.0, alt, AltitudeReference.AGL))
    mon.end(T0 + timedelta(seconds=t + 1))
    moves = [e for e in mon.log if isinstance(e, StateTransition)]
    state = S.ACCEPTED
    for move in moves:
        assert move.from_state is state
        check_transition(move.from_state, move.to_state)
        state = move.to_state
    assert state is S.ENDED


@pytest.mark.parametrize("state", sorted(OFF_NOMINAL_STATES))
def test_an_off_nominal_intent_blocks_a_higher_priority(intent: IntentFactory,
                                                        state: IntentState) -> None:
    """A Nonconforming or Contingent flight cannot replan: even a priority-9 intent is refused."""
    flying = intent("a1").with_state(state)
    result = decide(intent("med", priority=9), [flying])
    assert not result.accepted and result.conflicts == ("a1",) and result.replan == ()


@pytest.mark.parametrize("state", [S.ACCEPTED, S.ACTIVATED])
def test_a_nominal_intent_is_still_preempted(intent: IntentFactory, state: IntentState) -> None:
    """The contrast: nominal lower-priority intents are preempted and told to replan."""
    result = decide(intent("med", priority=9), [intent("a1").with_state(state)])
    assert result.accepted and result.replan == ("a1",)


def test_in_memory_airspace_keeps_a_contingent_intent_blocking(intent: IntentFactory,
                                                               volume: VolumeFactory) -> None:
    """Nonconforming -> Contingent is recorded, a higher priority is refused over it, an
    illegal move back to Activated raises and changes nothing, and the end frees the volume."""
    air = InMemoryAirspace(ZONE_I)
    air.submit(intent("a1"))
    air.set_state("a1", S.NONCONFORMING)
    air.set_state("a1", S.CONTINGENT)
    over = intent("med", volume(box_m(50, 50, 150, 150)), priority=9)
    assert not air.submit(over).accepted
    with pytest.raises(InvalidInput, match="Contingent -> Activated"):
        air.set_state("a1", S.ACTIVATED)
    assert air.intents["a1"].state is S.CONTINGENT and air.replan_required == set()
    air.set_state("a1", S.ENDED)
    assert air.submit(over).accepted
