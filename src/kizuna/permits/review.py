"""The review loop of a permit pack: evidence, the regulator's queries, the operator's answers.

Pure steps over a :class:`~kizuna.permits.lifecycle.PermitRecord`, each returning a new record
(the store applies them under a row lock, as every lifecycle step):

- :func:`record_evidence` - the operator records (or withdraws) the evidence of one item, in
  a draft or submitted version. It changes the version's application in place (the evidence is
  part of what is filed, not a new version) and bumps the pack revision.
- :func:`review_item` - a regulator marks one item of a submitted version ``accepted`` or
  ``queried`` (a query needs a comment).
- :func:`answer_query` - the operator answers an item's open query (bumps the pack revision).

Every event is kept in order in the version's ``reviews``, so the application's history holds
each round of queries and answers. An item's *round* is how many times it has been queried.
The pack version is ``"<application version>.<pack revision>"``; the permit records the
version it was approved at.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from kizuna.errors import InvalidInput
from kizuna.permits.application import EVIDENCE_ITEMS, EvidenceRef
from kizuna.permits.permit import PermitState
from kizuna.risk.tables import default_tables

if TYPE_CHECKING:
    from kizuna.permits.lifecycle import PermitRecord

__all__ = [
    "PACK_ITEM_PATTERN",
    "ReviewEvent",
    "answer_query",
    "item_reviews",
    "open_queries",
    "pack_version",
    "record_evidence",
    "review_item",
]

#: Every item a reviewer can accept or query (evidence items, and the pack's other sections).
PACK_ITEM_PATTERN = (r"^(CONOPS|SORA|M1A|M1B|M1C|M2|OSO[0-9]{2}|TMPR|CONTAINMENT|EMERGENCY|"
                     r"INSURANCE|MANUAL)$")

ReviewAction = Literal["evidence", "accepted", "queried", "answered"]


class ReviewEvent(BaseModel):
    """One step of the review: who did what to which item, at which pack version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: str = Field(pattern=PACK_ITEM_PATTERN)
    action: ReviewAction
    by: StrictStr = Field(min_length=1, max_length=64)
    at: datetime
    comment: StrictStr = Field(default="", max_length=2000)
    round: int = Field(default=0, ge=0)
    pack_version: StrictStr


def pack_version(record: PermitRecord) -> str:
    """``"<version>.<revision>"`` of the record's current version."""
    cur = record.current
    return f"{cur.version}.{cur.pack_revision}"


def _aware(at: datetime) -> None:
    if at.utcoffset() is None:
        raise InvalidInput("at: needs a timezone offset", field="at")


def item_reviews(events: tuple[ReviewEvent, ...], item: str) -> tuple[ReviewEvent, ...]:
    """The accepted / queried / answered events of one item, oldest first."""
    return tuple(e for e in events if e.item == item and e.action != "evidence")


def open_queries(events: tuple[ReviewEvent, ...]) -> tuple[str, ...]:
    """Items whose latest review event is a query (sorted)."""
    latest: dict[str, ReviewEvent] = {}
    for e in events:
        if e.action != "evidence":
            latest[e.item] = e
    return tuple(sorted(i for i, e in latest.items() if e.action == "queried"))


def record_evidence(record: PermitRecord, item: str, evidence: EvidenceRef | None, by: str,
                    at: datetime) -> PermitRecord:
    """Record (``None``: withdraw) the evidence of ``item`` on the current version."""
    _aware(at)
    cur = record.current
    if cur.state not in (PermitState.DRAFT, PermitState.SUBMITTED):
        raise InvalidInput(f"cannot record evidence on version {cur.version}: it is "
                           f"{cur.state}", field="item")
    osos = {o.id for o in default_tables().osos.items}
    if item not in EVIDENCE_ITEMS and item not in osos:
        raise InvalidInput(f"item: {item!r} carries no evidence (a mitigation M1A-M2, an OSO of "
                           "SORA 2.5, TMPR or CONTAINMENT)", field="item")
    evidence_map = dict(cur.application.evidence)
    if evidence is None:
        if item not in evidence_map:
            raise InvalidInput(f"item: {item} has no evidence to withdraw", field="item")
        del evidence_map[item]
    else:
        evidence_map[item] = evidence
    application = cur.application.model_copy(update={"evidence": evidence_map})
    revision = cur.pack_revision + 1
    event = ReviewEvent(item=item, action="evidence", by=by, at=at,
                        comment="withdrawn" if evidence is None else "",
                        pack_version=f"{cur.version}.{revision}")
    updated = cur.model_copy(update={"application": application, "pack_revision": revision,
                                     "reviews": (*cur.reviews, event)})
    return record.model_copy(update={"versions": (*record.versions[:-1], updated)})


def review_item(record: PermitRecord, item: str, decision: Literal["accepted", "queried"],
                comment: str, by: str, at: datetime) -> PermitRecord:
    """A regulator accepts or queries ``item`` of the submitted current version."""
    _aware(at)
    cur = record.current
    if cur.state is not PermitState.SUBMITTED:
        raise InvalidInput(f"cannot review version {cur.version}: it is {cur.state}",
                           field="item")
    if decision == "queried" and not comment.strip():
        raise InvalidInput("comment: a query says what is missing", field="comment")
    rounds = sum(1 for e in item_reviews(cur.reviews, item) if e.action == "queried")
    event = ReviewEvent(item=item, action=decision, by=by, at=at, comment=comment,
                        round=rounds + (decision == "queried"),
                        pack_version=f"{cur.version}.{cur.pack_revision}")
    updated = cur.model_copy(update={"reviews": (*cur.reviews, event)})
    return record.model_copy(update={"versions": (*record.versions[:-1], updated)})


def answer_query(record: PermitRecord, item: str, comment: str, by: str,
                 at: datetime) -> PermitRecord:
    """The operator answers the open query on ``item`` (the item goes back to review)."""
    _aware(at)
    cur = record.current
    if cur.state is not PermitState.SUBMITTED:
        raise InvalidInput(f"cannot answer on version {cur.version}: it is {cur.state}",
                           field="item")
    if item not in open_queries(cur.reviews):
        raise InvalidInput(f"item: {item} has no open query", field="item")
    if not comment.strip():
        raise InvalidInput("comment: an answer says what was done", field="comment")
    rounds = sum(1 for e in item_reviews(cur.reviews, item) if e.action == "queried")
    revision = cur.pack_revision + 1
    event = ReviewEvent(item=item, action="answered", by=by, at=at, comment=comment,
                        round=rounds, pack_version=f"{cur.version}.{revision}")
    updated = cur.model_copy(update={"pack_revision": revision,
                                     "reviews": (*cur.reviews, event)})
    return record.model_copy(update={"versions": (*record.versions[:-1], updated)})
