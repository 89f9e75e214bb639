"""Strategic coordination: submit and end operational intents against an airspace.

Policy (ASTM F3548-21 strategic deconfliction with priorities):

- an intent that conflicts with an active intent of the same or a higher priority is rejected,
  with the ids of every conflicting active intent;
- an intent whose conflicts are all of lower priority is accepted; those intents are marked to
  be replanned and their owners get a :class:`ReplanRequired` event. They stay active (their
  aircraft may already be flying) until their owner ends or replaces them;
- an intent that conflicts with a Nonconforming or Contingent intent is rejected whatever the
  priorities: that aircraft is off its plan, cannot replan, and its volumes stay blocked.

:class:`InMemoryAirspace` serves the replay CLI and tests; ``kizuna.store.airspace`` serialises
the same decision through the database when several processes share one airspace.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Protocol

from kizuna.errors import Infeasible, InvalidInput
from kizuna.utm.conflict import MIN_OVERLAP_AREA_M2, volumes_conflict
from kizuna.utm.frame import MetricFrame, ProjectedVolume, project_volumes
from kizuna.utm.index import CellGrid, GridIndex
from kizuna.utm.intent import (
    ACTIVE_STATES,
    OFF_NOMINAL_STATES,
    IntentState,
    OperationalIntent,
    check_transition,
)

__all__ = ["Airspace", "InMemoryAirspace", "ReplanRequired", "SlotProposal", "SubmissionResult",
           "decide", "find_slot"]


@dataclass(frozen=True)
class ReplanRequired:
    """Event for an owner: ``intent_id`` was overlapped by the higher-priority ``preempted_by``."""

    intent_id: str
    owner: str
    preempted_by: str
    code: str = "UTM-REPLAN"


@dataclass(frozen=True)
class SubmissionResult:
    """The decision on one submission.

    ``conflicts`` are the ids of every conflicting active intent, sorted; ``replan`` the ones an
    accepted intent preempted (all of lower priority), sorted, with one event per owner's intent.
    """

    intent_id: str
    accepted: bool
    conflicts: tuple[str, ...] = ()
    replan: tuple[str, ...] = ()
    events: tuple[ReplanRequired, ...] = ()

    @property
    def blocking(self) -> bool:
        """True when the intent was rejected."""
        return not self.accepted


def decide(intent: OperationalIntent, conflicting: Iterable[OperationalIntent]
           ) -> SubmissionResult:
    """Apply the priority policy to an intent and the active intents it conflicts with."""
    others = sorted(conflicting, key=lambda o: o.id)
    ids = tuple(o.id for o in others)
    if any(o.priority >= intent.priority or o.state in OFF_NOMINAL_STATES for o in others):
        return SubmissionResult(intent.id, False, ids)
    events = tuple(ReplanRequired(o.id, o.owner, intent.id) for o in others)
    return SubmissionResult(intent.id, True, ids, ids, events)


class Airspace(Protocol):
    """What the planner, the dispatcher and the CLI need from an airspace."""

    def check(self, intent: OperationalIntent) -> SubmissionResult:
        """The decision a submission would get now, without recording anything."""
        ...

    def submit(self, intent: OperationalIntent) -> SubmissionResult:
        """Decide and, when accepted, record the intent as active."""
        ...

    def end(self, intent_id: str) -> bool:
        """End an active intent; False when no such active intent exists."""
        ...


@dataclass(eq=False)
class InMemoryAirspace:
    """An airspace held in one process (replay, simulation, tests).

    Parameters
    ----------
    frame
        The metric frame; by default the zone of the first intent submitted.
    grid
        The index's cell size.
    min_area_m2
        Ground overlap that counts as a conflict.
    """

    frame: MetricFrame | None = None
    grid: CellGrid = field(default_factory=CellGrid)
    min_area_m2: float = MIN_OVERLAP_AREA_M2
    intents: dict[str, OperationalIntent] = field(default_factory=dict, init=False)
    replan_required: set[str] = field(default_factory=set, init=False)
    _index: GridIndex = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = GridIndex(self.grid)

    def project(self, intent: OperationalIntent) -> list[ProjectedVolume]:
        """The intent's volumes in this airspace's frame (fixing the frame on first use)."""
        if self.frame is None:
            self.frame = MetricFrame.around(*intent.volumes[0].anchor)
        return project_volumes(intent.volumes, self.frame)

    def conflicting(self, intent: OperationalIntent,
                    projected: Sequence[ProjectedVolume] | None = None) -> list[OperationalIntent]:
        """Active intents in exact conflict with ``intent`` (itself excluded)."""
        vols = projected if projected is not None else self.project(intent)
        ids = self._index.conflicting(vols, self.min_area_m2)
        ids.discard(intent.id)
        return [self.intents[i] for i in sorted(ids)]

    def check(self, intent: OperationalIntent) -> SubmissionResult:
        """The decision a submission would get now."""
        return decide(intent, self.conflicting(intent))

    def submit(self, intent: OperationalIntent) -> SubmissionResult:
        """Decide; when accepted, index the intent and mark the preempted ones for replanning."""
        if intent.id in self.intents:
            raise InvalidInput(f"intent {intent.id!r} is already active", field="id")
        if intent.state not in ACTIVE_STATES:
            raise InvalidInput(f"intent {intent.id!r} is {intent.state}, not submittable",
                               field="state")
        projected = self.project(intent)
        result = decide(intent, self.conflicting(intent, projected))
        if result.accepted:
            self._index.insert(intent.id, projected)
            self.intents[intent.id] = intent
            self.replan_required.update(result.replan)
        return result

    def restore(self, intents: Sequence[OperationalIntent],
                projected: Sequence[Sequence[ProjectedVolume]] | None = None) -> None:
        """Load intents that were already accepted (a snapshot), without deciding again."""
        if projected is None:
            projected = [self.project(i) for i in intents]
        if len(projected) != len(intents):
            raise InvalidInput("restore: one list of projected volumes per intent")
        for intent, vols in zip(intents, projected, strict=True):
            if intent.id in self.intents:
                raise InvalidInput(f"intent {intent.id!r} is already active", field="id")
            self._index.insert(intent.id, vols)
            self.intents[intent.id] = intent

    def end(self, intent_id: str) -> bool:
        """End an active intent and free its volumes."""
        if intent_id not in self.intents:
            return False
        del self.intents[intent_id]
        self._index.remove(intent_id)
        self.replan_required.discard(intent_id)
        return True

    def set_state(self, intent_id: str, state: IntentState) -> None:
        """Record a lifecycle transition (Ended frees the volumes); illegal moves raise."""
        if intent_id not in self.intents:
            raise InvalidInput(f"no active intent {intent_id!r}", field="id")
        check_transition(self.intents[intent_id].state, state, intent_id)
        if state is IntentState.ENDED:
            self.end(intent_id)
        else:
            self.intents[intent_id] = self.intents[intent_id].with_state(state)

    def active(self) -> list[OperationalIntent]:
        """Every active intent, by id."""
        return [self.intents[i] for i in sorted(self.intents)]

    def blocked_delays(self, intent: OperationalIntent, max_delay: timedelta
                       ) -> list[tuple[float, float]]:
        """Delays (s, open intervals) at which ``intent`` would meet an active intent that
        blocks it (same or higher priority, or off its plan), for delays in [0, max_delay].

        A shift moves only the time windows: whether two volumes' altitude bands and ground
        shapes overlap does not depend on it. So each pair of volumes whose bands and shapes
        overlap (the exact test, :func:`kizuna.utm.conflict.volumes_conflict`, with the time
        windows aligned) blocks exactly the delays at which their windows overlap:
        ``(other.t_start - own.t_end, other.t_end - own.t_start)``, ends excluded, as touching
        windows do not conflict. The volumes are projected once.
        """
        horizon = max_delay.total_seconds()
        out: list[tuple[float, float]] = []
        for q in self.project(intent):
            # Candidates over every window the shifted volume can take.
            stretched = replace(q, t_end=q.t_end + horizon)
            for other_id, v in self._index.candidates(stretched):
                if other_id == intent.id or v.t_end <= q.t_start or v.t_start >= stretched.t_end:
                    continue
                other = self.intents[other_id]
                if other.priority < intent.priority and other.state not in OFF_NOMINAL_STATES:
                    continue  # a lower priority never blocks: the policy preempts it
                aligned = replace(q, t_start=v.t_start, t_end=v.t_end)
                if volumes_conflict(aligned, v, self.min_area_m2):
                    out.append((v.t_start - q.t_end, v.t_end - q.t_start))
        return out


@dataclass(frozen=True)
class SlotProposal:
    """A delayed copy of an intent that the airspace would accept now."""

    delay: timedelta
    intent: OperationalIntent
    result: SubmissionResult


def find_slot(airspace: Airspace, intent: OperationalIntent,
              step: timedelta = timedelta(minutes=1),
              max_delay: timedelta = timedelta(hours=2)) -> SlotProposal:
    """The smallest delay (a multiple of ``step``, up to ``max_delay``) that clears conflicts.

    Every candidate delay is decided by the airspace's own ``check`` of the shifted intent, in
    increasing order; with an :class:`InMemoryAirspace`, candidates that certainly conflict
    (strictly inside a :meth:`InMemoryAirspace.blocked_delays` interval, by more than
    :data:`_SKIP_MARGIN_S`) are skipped without a check. The answer is the same; the cost is
    one projection and a few checks instead of one check per candidate.

    Raises
    ------
    Infeasible
        When no delay up to ``max_delay`` is accepted.
    """
    if step <= timedelta(0):
        raise InvalidInput("step must be positive", field="step")
    if max_delay < timedelta(0):
        raise InvalidInput("max_delay must not be negative", field="max_delay")
    blocked: list[tuple[float, float]] = []
    if isinstance(airspace, InMemoryAirspace):
        blocked = airspace.blocked_delays(intent, max_delay)
    delay = timedelta(0)
    while delay <= max_delay:
        d = delay.total_seconds()
        if not any(lo + _SKIP_MARGIN_S < d < hi - _SKIP_MARGIN_S for lo, hi in blocked):
            candidate = intent.shifted(delay)
            result = airspace.check(candidate)
            if result.accepted:
                return SlotProposal(delay, candidate, result)
        delay += step
    raise Infeasible(f"intent {intent.id!r}: no slot within {max_delay} (step {step})")


#: A candidate delay this close to the end of a blocked interval is checked, not skipped: the
#: float timestamps of shifted windows may round either way at a touching end (1 ms).
_SKIP_MARGIN_S = 1e-3
