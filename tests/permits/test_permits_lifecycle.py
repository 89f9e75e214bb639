"""The application life cycle: a pure state machine over immutable versions."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from permits_support import example

from kizuna.errors import InvalidInput
from kizuna.permits import (
    Application,
    NoNight,
    PermitState,
    amend,
    approve,
    expire,
    new_record,
    reject,
    revoke,
    submit,
)

JST = timezone(timedelta(hours=9))


@pytest.fixture
def application() -> Application:
    return Application.model_validate(example("aokata-application.json"))


def test_draft_submit_approve_issues_a_permit(application: Application) -> None:
    """Approval issues a permit with the number and conditions."""
    record = approve(submit(new_record(application)), "P-1", date(2025, 11, 14), (NoNight(),))
    permit = record.permit()
    assert record.current.state is PermitState.APPROVED
    assert permit is not None and permit.number == "P-1" and permit.conditions == (NoNight(),)


def test_reject_keeps_reasons_and_issues_nothing(application: Application) -> None:
    """A rejection records its reasons and there is no permit."""
    record = reject(submit(new_record(application)), ("landing sites missing",))
    assert record.current.state is PermitState.REJECTED
    assert record.current.rejection_reasons == ("landing sites missing",)
    assert record.permit() is None


@pytest.mark.parametrize("action", ["approve", "reject", "expire", "revoke"])
def test_a_draft_cannot_skip_submission(application: Application, action: str) -> None:
    """Only submit is allowed from draft."""
    record = new_record(application)
    calls = {"approve": lambda: approve(record, "P-1", date(2025, 11, 14)),
             "reject": lambda: reject(record, ("no",)),
             "expire": lambda: expire(record, date(2027, 1, 1)),
             "revoke": lambda: revoke(record, datetime(2026, 1, 1, tzinfo=JST), "x")}
    with pytest.raises(InvalidInput, match="cannot"):
        calls[action]()


def test_expire_and_revoke(application: Application) -> None:
    """An approved permit expires after its validity, or is revoked with a reason."""
    approved = approve(submit(new_record(application)), "P-1", date(2025, 11, 14))
    with pytest.raises(InvalidInput):
        expire(approved, date(2026, 11, 19))
    assert expire(approved, date(2026, 11, 20)).permit().state is PermitState.EXPIRED  # type: ignore[union-attr]
    revoked = revoke(approved, datetime(2026, 1, 5, 12, tzinfo=JST), "incident")
    permit = revoked.permit()
    assert permit is not None and permit.state is PermitState.REVOKED
    assert permit.revocation_reason == "incident"


def test_amendment_makes_a_new_version_and_keeps_the_old(application: Application) -> None:
    """Amending adds version 2 in draft; version 1 and its permit stay readable unchanged."""
    approved = approve(submit(new_record(application)), "P-1", date(2025, 11, 14))
    wider = application.model_copy(update={"max_wind_mps": 10.0})
    amended = amend(approved, wider)
    assert [v.version for v in amended.versions] == [1, 2]
    assert amended.current.state is PermitState.DRAFT
    assert amended.version(1) == approved.current
    assert amended.permit() == approved.permit()
    second = approve(submit(amended), "P-2", date(2026, 2, 1))
    assert second.permit().number == "P-2"  # type: ignore[union-attr]
    assert second.version(1).permit.number == "P-1"  # type: ignore[union-attr]


def test_cannot_amend_under_review(application: Application) -> None:
    """A submitted version is not amended while under review."""
    with pytest.raises(InvalidInput, match="still submitted"):
        amend(submit(new_record(application)), application)
