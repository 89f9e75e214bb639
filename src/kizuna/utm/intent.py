"""Operational intents (ASTM F3548-21): who flies, with what priority, in which 4D volumes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from kizuna.errors import InvalidInput
from kizuna.utm.volume import Volume4D

__all__ = ["ACTIVE_STATES", "OFF_NOMINAL_STATES", "TRANSITIONS", "IntentState",
           "OperationalIntent", "check_transition"]


class IntentState(StrEnum):
    """The lifecycle of an operational intent."""

    ACCEPTED = "Accepted"
    ACTIVATED = "Activated"
    NONCONFORMING = "Nonconforming"
    CONTINGENT = "Contingent"
    ENDED = "Ended"


#: States whose volumes occupy the airspace (every state but Ended).
ACTIVE_STATES = frozenset(s for s in IntentState if s is not IntentState.ENDED)

#: Off-nominal states: the aircraft is off its plan, so it cannot be asked to replan and its
#: volumes block every other intent, whatever the priorities.
OFF_NOMINAL_STATES = frozenset({IntentState.NONCONFORMING, IntentState.CONTINGENT})

_S = IntentState
#: The allowed moves: conformance monitoring (Accepted/Activated -> Nonconforming ->
#: Activated again or Contingent, which holds), and the end from any active state.
TRANSITIONS: Mapping[IntentState, frozenset[IntentState]] = {
    _S.ACCEPTED: frozenset({_S.ACTIVATED, _S.NONCONFORMING, _S.ENDED}),
    _S.ACTIVATED: frozenset({_S.NONCONFORMING, _S.ENDED}),
    _S.NONCONFORMING: frozenset({_S.ACTIVATED, _S.CONTINGENT, _S.ENDED}),
    _S.CONTINGENT: frozenset({_S.ENDED}),
    _S.ENDED: frozenset(),
}


def check_transition(from_state: IntentState, to_state: IntentState, intent_id: str = "") -> None:
    """Raise :class:`InvalidInput` unless ``from_state -> to_state`` is an allowed move."""
    if IntentState(to_state) not in TRANSITIONS[IntentState(from_state)]:
        who = f"intent {intent_id!r}: " if intent_id else ""
        raise InvalidInput(f"{who}{from_state} -> {to_state} is not an allowed transition",
                           field="state")


@dataclass(frozen=True)
class OperationalIntent:
    """One flight's claim on the airspace.

    Parameters
    ----------
    id
        Unique id within the airspace.
    owner
        The owning organisation (notified when the intent must be replanned).
    priority
        Higher wins: an intent is rejected by a conflicting active intent of the same or higher
        priority, and preempts conflicting intents of lower priority.
    volumes
        At least one 4D volume, all with the same altitude reference.
    state
        Lifecycle state; a new submission is Accepted.
    """

    id: str
    owner: str
    priority: int
    volumes: tuple[Volume4D, ...]
    state: IntentState = IntentState.ACCEPTED

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise InvalidInput("intent id must be a non-empty string", field="id")
        if not isinstance(self.owner, str):
            raise InvalidInput("intent owner must be a string", field="owner")
        if isinstance(self.priority, bool) or not isinstance(self.priority, int):
            raise InvalidInput(f"intent {self.id!r}: priority must be an integer", field="priority")
        vols = tuple(self.volumes)
        if not vols:
            raise InvalidInput(f"intent {self.id!r} has no volumes", field="volumes")
        for v in vols:
            if not isinstance(v, Volume4D):
                raise InvalidInput(f"intent {self.id!r}: volumes must be Volume4D", field="volumes")
        refs = {v.altitude_reference for v in vols}
        if len(refs) > 1:
            raise InvalidInput(f"intent {self.id!r} mixes altitude references {sorted(refs)}",
                               field="volumes")
        object.__setattr__(self, "volumes", vols)
        object.__setattr__(self, "state", IntentState(self.state))

    @property
    def time_start(self) -> datetime:
        """Start of the earliest volume."""
        return min(v.time_start for v in self.volumes)

    @property
    def time_end(self) -> datetime:
        """End of the latest volume."""
        return max(v.time_end for v in self.volumes)

    def shifted(self, delay: timedelta, new_id: str | None = None) -> OperationalIntent:
        """The same intent with every volume delayed by ``delay``."""
        if not math.isfinite(delay.total_seconds()):
            raise InvalidInput("delay must be finite", field="delay")
        vols = tuple(replace(v, time_start=v.time_start + delay, time_end=v.time_end + delay)
                     for v in self.volumes)
        return replace(self, id=new_id or self.id, volumes=vols)

    def with_state(self, state: IntentState) -> OperationalIntent:
        """The same intent in another state."""
        return replace(self, state=state)
