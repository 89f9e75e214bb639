"""Incident reports and the operator's log records in the store, on SQLite and PostgreSQL:
tenancy filters, the filing cursor, compare-and-set on drafts, and `kizuna incident list`."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kizuna.cli.main import run
from kizuna.errors import InvalidInput
from kizuna.store.incidents import IncidentStore
from kizuna.store.log_records import LogRecordStore
from kizuna.store.tables import AircraftProfileRow, AircraftRow, OrganisationRow
from kizuna.utm.incident import EventKind, EventReport
from kizuna.utm.records import CheckResult, DailyInspection, MaintenanceRecord

T0 = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)


def _report(reg: str, **kw: object) -> EventReport:
    args: dict[str, object] = {"kind": EventKind.LOSS_OF_CONTROL, "occurred_at": T0,
                               "lon": 128.84, "lat": 32.7, "place": "sea", "registration": reg,
                               "pilot": "Sato", "summary": "fly-away"}
    args.update(kw)
    return EventReport(**args)  # type: ignore[arg-type]


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        for org in ("op-goto", "op-soma"):
            s.add(OrganisationRow(id=org, name=org, kind="operator"))
    with sessions.begin() as s:
        for org, reg in (("op-goto", "JU0000000001"), ("op-soma", "JU0000000101")):
            s.add(AircraftProfileRow(organisation_id=org, id="pf4", name="ACSL PF4",
                                     data={"kind": "multirotor"}))
            s.flush()
            s.add(AircraftRow(organisation_id=org, registration=reg, profile_id="pf4",
                              certificate="none"))
    return sessions


def test_reports_are_scoped_by_operator_and_prefecture(seeded: sessionmaker[Session]) -> None:
    """An operator's list holds its own reports; a prefecture's list the reports filed in it;
    a fly-away has no landing time; filings are numbered in order."""
    store = IncidentStore(seeded, lambda: T0 + timedelta(hours=1))
    assert store.last_filing() == 0
    goto = store.add("op-goto", "nagasaki", _report("JU0000000001"), model="PF4", by="u1")
    soma = store.add("op-soma", "fukushima", _report("JU0000000101"), model="PF4", by="u2")
    assert goto.report.landing_time is None and goto.status == "filed"
    assert [r.id for r in store.reports(organisation_id="op-goto")] == [goto.id]
    assert [r.id for r in store.reports(prefectures=frozenset({"fukushima"}))] == [soma.id]
    assert {r.id for r in store.reports(prefectures=frozenset({"nagasaki", "fukushima"}))} == {
        goto.id, soma.id}
    seqs = [seq for seq, _r in store.filings_after(0, None)]
    assert len(seqs) == 2 and seqs == sorted(seqs)
    assert [r.id for _s, r in store.filings_after(seqs[0], None)] == [soma.id]
    assert [r.id for _s, r in store.filings_after(0, frozenset({"nagasaki"}))] == [goto.id]


def test_a_draft_takes_one_step(seeded: sessionmaker[Session]) -> None:
    """A draft is not notified; confirming files it once; a second step is refused."""
    store = IncidentStore(seeded, lambda: T0)
    draft = store.add("op-goto", "nagasaki", _report("JU0000000001"), model="PF4", by="sim",
                      draft=True, source="simulation")
    assert store.filings_after(0, None) == []
    assert store.confirm(draft.id, "u1").status == "filed"
    assert [r.id for _s, r in store.filings_after(0, None)] == [draft.id]
    with pytest.raises(InvalidInput, match="not a draft"):
        store.dismiss(draft.id, "u1", "duplicate")


def test_records_refuse_another_operators_aircraft(seeded: sessionmaker[Session]) -> None:
    """Inspections and maintenance are written only for the organisation's own aircraft."""
    store = LogRecordStore(seeded)
    insp = DailyInspection("JU0000000101", date(2026, 3, 1), "port", "Sato",
                           (CheckResult("frame", "pass"),))
    with pytest.raises(InvalidInput) as exc:
        store.add_inspection("op-goto", insp)
    assert exc.value.field == "registration"
    with pytest.raises(InvalidInput):
        store.add_maintenance("op-goto", MaintenanceRecord(
            "JU0000000101", date(2026, 3, 1), "port", "T", "work", "why"))
    store.add_maintenance("op-soma", MaintenanceRecord(
        "JU0000000101", date(2026, 3, 1), "port", "T", "work", "why", ("prop",)))
    assert [m.parts_replaced for m in store.maintenance(["JU0000000101"])] == [("prop",)]


def test_incident_list_command(seeded: sessionmaker[Session], db_url: str,
                               capsys: pytest.CaptureFixture[str]) -> None:
    """`kizuna incident list`: JSON or CSV, all or one operator's; bad options exit 2."""
    store = IncidentStore(seeded, lambda: T0)
    store.add("op-goto", "nagasaki", _report("JU0000000001"), model="PF4", by="u1")
    store.add("op-soma", "fukushima", _report("JU0000000101", landing_time=T0), model="PF4",
              by="u2")

    def call(*args: str) -> tuple[int, str, str]:
        try:
            run(["incident", "list", "--database-url", db_url, *args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _ = call()
    assert code == 0 and len(json.loads(out)["reports"]) == 2
    code, out, _ = call("--operator", "op-soma", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["registration"] for r in rows] == ["JU0000000101"]
    assert rows[0]["landing_time"] and rows[0]["kind"] == "loss_of_control"
    code, _, err = call("--operator", "op-nope")
    assert code == 2 and "unknown operator" in err and len(err.splitlines()) == 1
    code, _, err = call("--format", "xml")
    assert code == 2 and "--format" in err
