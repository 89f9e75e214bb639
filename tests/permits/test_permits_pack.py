"""The permit pack: compliance matrix, completeness check, review loop, printable pack."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from permits_support import example

from kizuna.errors import InvalidInput
from kizuna.permits import Application, approve, new_record, submit
from kizuna.permits.application import EvidenceRef
from kizuna.permits.dossier import build_dossier
from kizuna.permits.pack import build_pack
from kizuna.permits.report import dossier_html
from kizuna.permits.review import answer_query, open_queries, record_evidence, review_item
from kizuna.scenario.model import Scenario

AT = datetime(2025, 11, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def aokata_dossier(goto: Scenario) -> dict[str, Any]:
    app = Application.model_validate(example("aokata-application.json"))
    return build_dossier(app, goto).data


@pytest.fixture
def aokata() -> Application:
    return Application.model_validate(example("aokata-application.json"))


def _pack(dossier: dict[str, Any], app: Application, **kw: Any) -> dict[str, Any]:
    return build_pack(dossier, app, **kw)


def test_aokata_pack_lists_what_the_operator_still_owes(aokata_dossier: dict[str, Any],
                                                        aokata: Application) -> None:
    """SAIL IV: 17 OSOs required, 5 evidenced; M1A claimed without evidence; containment owed.

    15 missing: M1A, CONTAINMENT and 13 OSOs."""
    pack = _pack(aokata_dossier, aokata)
    c = pack["completeness"]
    missing = [m["item"] for m in c["missing"]]
    assert c["count"] == len(missing) == 15
    assert missing[:2] == ["M1A", "CONTAINMENT"]
    assert "claimed at low, no evidence" in c["missing"][0]["text"]
    assert sum(1 for m in missing if m.startswith("OSO")) == 13
    assert "M2" not in missing and "TMPR" not in missing and "OSO08" not in missing
    rows = {r["id"]: r for r in pack["items"]}
    assert rows["M1A"]["status"] == "claimed_no_evidence"
    assert rows["M2"]["status"] == "evidenced" and rows["M2"]["evidence"]["certificate"]
    assert sum(1 for r in pack["items"] if r["section"] == "osos") == 17
    assert (pack["sora"]["sail"], pack["tmpr"]["requirement"]) == ("IV", "medium")
    assert pack["containment"]["adjacent_distance_m"] == 5000.0
    assert all(r["rtf"] for r in pack["items"])            # every item has a heading
    assert pack["rtf"]["verified"] is False


def test_no_references_are_missing_items(aokata_dossier: dict[str, Any],
                                         aokata: Application) -> None:
    """No insurance, manual or emergency procedures: each is a missing item."""
    bare = aokata.model_copy(update={"insurance": "", "flight_manual": "",
                                     "emergency_procedures": ""})
    missing = [m["item"] for m in _pack(aokata_dossier, bare)["completeness"]["missing"]]
    assert {"INSURANCE", "MANUAL", "EMERGENCY"} <= set(missing)
    assert len(missing) == 18


def test_evidence_closes_a_gap_and_bumps_the_revision(aokata_dossier: dict[str, Any],
                                                      aokata: Application) -> None:
    """Recording M1A's evidence removes it from the check; the pack revision goes up."""
    record = submit(new_record(aokata))
    record = record_evidence(record, "M1A", EvidenceRef(document="Sheltering survey 2025"),
                             "op-staff", AT)
    cur = record.current
    assert cur.pack_revision == 1 and "M1A" in cur.application.evidence
    pack = _pack(aokata_dossier, cur.application, reviews=cur.reviews, version=cur.version,
                 revision=cur.pack_revision)
    assert pack["version"] == "1.1"
    assert "M1A" not in [m["item"] for m in pack["completeness"]["missing"]]
    assert pack["completeness"]["count"] == 14


def test_query_reaches_the_operator_and_answer_reopens_review(
        aokata_dossier: dict[str, Any], aokata: Application) -> None:
    """A regulator's query shows in the pack the operator reads, with its round; the answer
    and every step stay in the history; approval waits for open queries."""
    record = submit(new_record(aokata))
    record = review_item(record, "OSO13", "queried", "Which UTM provider, and its SLA?",
                         "reg-nagasaki", AT)
    record = review_item(record, "M2", "accepted", "", "reg-nagasaki", AT)
    assert open_queries(record.current.reviews) == ("OSO13",)
    cur = record.current
    pack = _pack(aokata_dossier, cur.application, reviews=cur.reviews)
    row = {r["id"]: r for r in pack["items"]}["OSO13"]
    assert row["review"]["status"] == "queried" and row["review"]["round"] == 1
    assert row["review"]["comment"] == "Which UTM provider, and its SLA?"
    assert pack["review"]["open_queries"] == ["OSO13"]
    with pytest.raises(InvalidInput, match="open queries on OSO13"):
        approve(record, "NAG-1", date(2025, 11, 20))
    record = answer_query(record, "OSO13", "UTM by Kizuna; SLA in annex 4", "op-staff", AT)
    record = review_item(record, "OSO13", "queried", "Annex 4 is not attached", "reg", AT)
    record = answer_query(record, "OSO13", "Attached as annex 4b", "op-staff", AT)
    record = review_item(record, "OSO13", "accepted", "", "reg", AT)
    actions = [(e.item, e.action, e.round) for e in record.current.reviews]
    assert actions == [("OSO13", "queried", 1), ("M2", "accepted", 0),
                       ("OSO13", "answered", 1), ("OSO13", "queried", 2),
                       ("OSO13", "answered", 2), ("OSO13", "accepted", 2)]
    approved = approve(record, "NAG-1", date(2025, 11, 20))
    assert approved.current.permit is not None
    assert approved.current.permit.pack_version == "1.2"      # two answers: revision 2


def test_review_steps_refuse_the_wrong_state_and_input(aokata: Application) -> None:
    """No review on a draft; a query needs a comment; no answer without a query."""
    draft = new_record(aokata)
    with pytest.raises(InvalidInput, match="draft"):
        review_item(draft, "OSO01", "accepted", "", "reg", AT)
    sub = submit(draft)
    with pytest.raises(InvalidInput, match="comment"):
        review_item(sub, "OSO01", "queried", "  ", "reg", AT)
    with pytest.raises(InvalidInput, match="no open query"):
        answer_query(sub, "OSO01", "done", "op", AT)
    with pytest.raises(InvalidInput, match="carries no evidence"):
        record_evidence(sub, "EMERGENCY", EvidenceRef(document="x"), "op", AT)
    with pytest.raises(InvalidInput, match="carries no evidence"):
        record_evidence(sub, "OSO10", EvidenceRef(document="x"), "op", AT)  # merged into 05
    with pytest.raises(ValueError, match="OSO10"):
        aokata.model_validate({**aokata.model_dump(mode="json"),
                               "evidence": {"OSO10": {"document": "x"}}})


def test_printable_pack_escapes_the_operators_text(aokata_dossier: dict[str, Any],
                                                   aokata: Application) -> None:
    """Evidence text is escaped; the check, matrix and guideline mapping are in the page."""
    app = aokata.model_copy(update={"evidence": {
        **aokata.evidence, "OSO02": EvidenceRef(document="<script>alert(1)</script>")}})
    html = dossier_html(aokata_dossier, pack=_pack(aokata_dossier, app))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for text in ("申請前チェック: 不足 14 件", "適合マトリクス", "RTF-GL-0006", "審査の履歴"):
        assert text in html


def test_certified_sail_is_out_of_scope_in_the_check(aokata_dossier: dict[str, Any],
                                                     aokata: Application) -> None:
    """A certified-category operation: no OSO rows, and SORA and containment are missing
    items (outside SORA scope)."""
    sora = {**aokata_dossier["sora"], "sail": "certified", "osos": [],
            "containment": {**aokata_dossier["sora"]["containment"],
                            "required": "out_of_scope"}}
    pack = _pack({**aokata_dossier, "sora": sora}, aokata)
    assert not [r for r in pack["items"] if r["section"] == "osos"]
    out = [m["item"] for m in pack["completeness"]["missing"]
           if "outside SORA scope" in m["text"]]
    assert out == ["SORA", "CONTAINMENT"]


def test_records_stored_before_the_pack_still_load(aokata: Application) -> None:
    """A record stored without reviews or a pack revision (and a permit without a pack
    version) reads as revision 0 with no reviews: no migration is needed."""
    from kizuna.permits import PermitRecord

    stored = approve(submit(new_record(aokata)), "NAG-1", date(2025, 11, 20)).model_dump(
        mode="json")
    for version in stored["versions"]:
        del version["reviews"], version["pack_revision"]
        del version["permit"]["pack_version"]
        version["application"].pop("evidence")
    record = PermitRecord.model_validate(stored)
    assert (record.current.pack_revision, record.current.reviews) == (0, ())
    assert record.current.permit is not None and record.current.permit.pack_version is None
