"""The permit pack of an application: what the operator files and the regulator works through.

- the operator's staff and the regulators of the application's prefecture read the pack
  (JSON and printable); nobody else learns the application exists (404);
- the operator's staff record evidence per mitigation, OSO, TMPR and containment, and answer
  the regulator's queries;
- a regulator of the prefecture marks items accepted or queried (403 for other regulators who
  can see it, i.e. none; 404 for those who cannot).

Every step is a pure function of :mod:`kizuna.permits.review` applied under the record's row
lock (:meth:`kizuna.store.permit_records.PermitStore.replace`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from kizuna.api.deps import AppState, Caller, Principal, State, UserCaller, roles
from kizuna.api.deps import require_write as require_org_write
from kizuna.api.errors import ERROR_RESPONSES
from kizuna.api.permit_documents import DOSSIER_CSP, pack_documents, visible_application
from kizuna.permits.application import EvidenceRef
from kizuna.permits.review import (
    PACK_ITEM_PATTERN,
    answer_query,
    record_evidence,
    review_item,
)
from kizuna.store.accounts import AccountRole as R
from kizuna.store.permit_records import StoredPermit

__all__ = ["router"]

router = APIRouter(tags=["permits"])
Regulator = Annotated[Principal, Depends(roles(R.REGULATOR))]
Item = Annotated[str, Path(pattern=PACK_ITEM_PATTERN, description="pack item, e.g. OSO08")]
BASE = "/orgs/{org_id}/permits/applications/{app_id}/pack"


class ReviewIn(BaseModel):
    """A regulator's decision on one item: accepted, or queried with what is missing."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    decision: Literal["accepted", "queried"]
    comment: str = Field(default="", max_length=2000)


class AnswerIn(BaseModel):
    """The operator's answer to a query."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    comment: str = Field(min_length=1, max_length=2000)


def _readable(app: AppState, caller: Principal, org_id: str, app_id: str) -> StoredPermit:
    """The application, 404 for one the caller may not see (its existence is not disclosed)."""
    return visible_application(app, caller, org_id, app_id)


def _pack(app: AppState, org_id: str, app_id: str) -> dict[str, Any]:
    return pack_documents(app.permits.get(org_id, app_id).record.current, html=False)[0]


@router.get(BASE)
def get_pack(org_id: str, app_id: str, app: State, caller: Caller) -> dict[str, Any]:
    """The permit pack of the current version: matrix, completeness check, reviews."""
    stored = _readable(app, caller, org_id, app_id)
    return pack_documents(stored.record.current, html=False)[0]


@router.get(BASE + ".html", response_class=HTMLResponse, responses={
    200: {"description": "the printable pack (Japanese first, A4, self-contained)",
          "content": {"text/html": {}}},
    **{code: {"description": spec["description"], "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
       for code, spec in ERROR_RESPONSES.items()}})
def get_pack_html(org_id: str, app_id: str, app: State, caller: Caller) -> HTMLResponse:
    """The printable permit pack (the dossier with the pack's sections, the map embedded)."""
    stored = _readable(app, caller, org_id, app_id)
    _pack_json, html = pack_documents(stored.record.current)
    return HTMLResponse(html, headers={"Content-Security-Policy": DOSSIER_CSP,
                                       "Cache-Control": "private, no-store",
                                       "X-Content-Type-Options": "nosniff"})


@router.put(BASE + "/evidence/{item}")
def put_evidence(org_id: str, app_id: str, item: Item, body: EvidenceRef, app: State,
                 caller: UserCaller) -> dict[str, Any]:
    """Record the evidence of one item (operator staff of the organisation)."""
    _readable(app, caller, org_id, app_id)
    require_org_write(app, caller, org_id)
    app.permits.replace(org_id, app_id,
                        lambda r: record_evidence(r, item, body, caller.subject, app.now()))
    return _pack(app, org_id, app_id)


@router.delete(BASE + "/evidence/{item}")
def delete_evidence(org_id: str, app_id: str, item: Item, app: State, caller: UserCaller
                    ) -> dict[str, Any]:
    """Withdraw the evidence of one item (operator staff of the organisation)."""
    _readable(app, caller, org_id, app_id)
    require_org_write(app, caller, org_id)
    app.permits.replace(org_id, app_id,
                        lambda r: record_evidence(r, item, None, caller.subject, app.now()))
    return _pack(app, org_id, app_id)


@router.post(BASE + "/review/{item}")
def post_review(org_id: str, app_id: str, item: Item, body: ReviewIn, app: State,
                caller: Regulator) -> dict[str, Any]:
    """Accept or query one item, by a regulator of the application's prefecture."""
    stored = _readable(app, caller, org_id, app_id)
    if stored.prefecture not in caller.jurisdiction:
        raise HTTPException(403, f"{caller.subject} does not decide in {stored.prefecture}")
    app.permits.replace(org_id, app_id, lambda r: review_item(
        r, item, body.decision, body.comment, caller.subject, app.now()))
    return _pack(app, org_id, app_id)


@router.post(BASE + "/answer/{item}")
def post_answer(org_id: str, app_id: str, item: Item, body: AnswerIn, app: State,
                caller: UserCaller) -> dict[str, Any]:
    """Answer the open query on one item (operator staff of the organisation)."""
    _readable(app, caller, org_id, app_id)
    require_org_write(app, caller, org_id)
    app.permits.replace(org_id, app_id, lambda r: answer_query(
        r, item, body.comment, caller.subject, app.now()))
    return _pack(app, org_id, app_id)
