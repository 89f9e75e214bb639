"""The permit pack: what the operator files and the reviewer works through item by item.

Pure: the dossier's JSON document (:func:`kizuna.permits.dossier.build_dossier`), the
application (its evidence) and the review events in; the pack's JSON document out. Nothing is
recomputed that another package owns: the SORA chain, OSOs, TMPR and containment come from the
dossier (``kizuna.risk``), the status of each claim from :func:`kizuna.risk.assurance_items`.

The pack holds, in order: the concept of operations; the SORA chain with its reasons; the
items (the compliance matrix: ground mitigations, TMPR, containment, the 17 OSOs, emergency
procedures, insurance and manual), each with what is required, the operator's evidence, its
status and its review; the mapping of the items to the Robot Test Field guideline's headings
(``config/rtf_gl_0006.json``, unverified); and the **completeness check**: what is missing
before filing, with a count.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from kizuna.permits.application import Application
from kizuna.permits.review import ReviewEvent, item_reviews
from kizuna.risk.assurance import AssuranceItem, assurance_items
from kizuna.risk.oso import required_osos
from kizuna.risk.sail import Sail

__all__ = ["PACK_KIND", "build_pack", "rtf_mapping"]

PACK_KIND = "kizuna.permits.pack"

_STATUS_TEXT = {
    "evidenced": ("evidence given", "根拠あり"),
    "claimed_no_evidence": ("claimed, no evidence", "主張のみ・根拠なし"),
    "missing_evidence": ("required, no evidence", "要求あり・根拠なし"),
    "not_claimed": ("not claimed", "主張なし"),
    "not_required": ("not required at this SAIL", "この SAIL では不要"),
    "given": ("given", "記載あり"),
    "missing": ("missing", "未記載"),
    "out_of_scope": ("outside SORA scope", "SORA 対象外"),
}


@cache
def rtf_mapping() -> dict[str, Any]:
    """The Robot Test Field guideline's headings and the pack items under each."""
    text = resources.files("kizuna.config").joinpath("rtf_gl_0006.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _rtf_of(item_id: str) -> list[str]:
    key = "OSO" if item_id.startswith("OSO") else item_id
    return [h["id"] for h in rtf_mapping()["headings"] if key in h["items"]]


def _review(events: tuple[ReviewEvent, ...], item_id: str) -> dict[str, Any]:
    mine = item_reviews(events, item_id)
    if not mine:
        return {"status": "pending", "round": 0, "events": []}
    last = mine[-1]
    return {"status": last.action, "round": max(e.round for e in mine),
            "comment": last.comment, "by": last.by, "at": last.at.isoformat(),
            "events": [e.model_dump(mode="json") for e in mine]}


def _row(item_id: str, section: str, title: str, title_ja: str, required: str | None,
         evidence: dict[str, str] | None, status: str, reviews: tuple[ReviewEvent, ...],
         detail: str = "", detail_ja: str = "") -> dict[str, Any]:
    text, text_ja = _STATUS_TEXT[status]
    return {"id": item_id, "section": section, "title": title, "title_ja": title_ja,
            "required": required, "evidence": evidence, "status": status,
            "status_text": text, "status_text_ja": text_ja, "detail": detail,
            "detail_ja": detail_ja, "rtf": _rtf_of(item_id), "review": _review(reviews, item_id)}


def _evidence(item: AssuranceItem) -> dict[str, str] | None:
    e = item.evidence
    return None if e is None else {"document": e.document, "section": e.section,
                                   "certificate": e.certificate}


def build_pack(dossier: dict[str, Any], application: Application,
               reviews: tuple[ReviewEvent, ...] = (), *, version: int = 1,
               revision: int = 0, state: str = "draft") -> dict[str, Any]:
    """The pack of ``application`` from its ``dossier`` document and its review events."""
    sora = dossier["sora"]
    sail = Sail(sora["sail"])
    evidence = {k: v.to_domain() for k, v in application.evidence.items()}
    osos = required_osos(sail)
    oso_ids = {o.id for o in osos.items}
    claims = assurance_items(application.mitigations.to_domain(), osos,
                             {k: v for k, v in evidence.items()
                              if k in oso_ids or k.startswith("M")})
    rows: list[dict[str, Any]] = []
    conops = _conops(dossier, application)
    rows.append(_row("CONOPS", "conops", "Concept of operations", "運航の概要", None, None,
                     "given", reviews))
    rows.append(_row("SORA", "sora", "SORA 2.5 chain (iGRC to SAIL)", "SORA 2.5 評価 (iGRC から "
                     "SAIL まで)", f"SAIL {sail}",
                     None, "out_of_scope" if sail is Sail.CERTIFIED else "given", reviews,
                     f"iGRC {sora['igrc']}, final GRC {sora['final_grc']}, residual ARC-"
                     f"{sora['residual_arc']}, SAIL {sail}",
                     f"iGRC {sora['igrc']}、最終 GRC {sora['final_grc']}、残存 ARC-"
                     f"{sora['residual_arc']}、SAIL {sail}"))
    for c in claims:
        if c.kind == "mitigation" and c.status != "not_claimed":
            rows.append(_row(c.id, "mitigations", c.title, c.title_ja, c.level, _evidence(c),
                             c.status, reviews))
    tmpr = sora["tmpr"]
    proof = application.evidence.get("TMPR")
    tmpr_status = ("not_required" if tmpr["requirement"] == "none"
                   else "evidenced" if proof else "missing_evidence")
    rows.append(_row("TMPR", "tmpr", "Tactical mitigation performance requirement",
                     "戦術的軽減策の性能要件 (TMPR)", tmpr["requirement"],
                     None if proof is None else proof.model_dump(), tmpr_status, reviews,
                     tmpr["reason"]["text"], tmpr["reason"]["text_ja"]))
    cont = sora["containment"]
    proof = application.evidence.get("CONTAINMENT")
    cont_status = ("out_of_scope" if cont["required"] == "out_of_scope"
                   else "evidenced" if proof else "missing_evidence")
    rows.append(_row("CONTAINMENT", "containment", "Containment", "封じ込め", cont["required"],
                     None if proof is None else proof.model_dump(), cont_status, reviews,
                     cont["reasons"][-1]["text"], cont["reasons"][-1]["text_ja"]))
    for c in claims:
        if c.kind == "oso":
            rows.append(_row(c.id, "osos", c.title, c.title_ja, c.level, _evidence(c),
                             c.status, reviews))
    app = application
    declared = dossier["landing_sites"]["declared"]
    proposed = dossier["landing_sites"]["proposed"]
    emergency_ok = bool(app.emergency_procedures.strip()) and bool(declared)
    rows.append(_row("EMERGENCY", "emergency", "Emergency procedures and landing sites",
                     "緊急時の手順と緊急着陸地点", None,
                     {"document": app.emergency_procedures, "section": "", "certificate": ""}
                     if app.emergency_procedures else None,
                     "given" if emergency_ok else "missing", reviews,
                     f"{len(declared)} declared, {len(proposed)} proposed landing sites",
                     f"申請 {len(declared)} 地点、提案 {len(proposed)} 地点"))
    rows.append(_row("INSURANCE", "references", "Third-party liability insurance",
                     "第三者賠償責任保険", None,
                     {"document": app.insurance, "section": "", "certificate": ""}
                     if app.insurance else None,
                     "given" if app.insurance.strip() else "missing", reviews))
    rows.append(_row("MANUAL", "references", "Flight manual", "飛行マニュアル", None,
                     {"document": app.flight_manual, "section": "", "certificate": ""}
                     if app.flight_manual else None,
                     "given" if app.flight_manual.strip() else "missing", reviews))
    missing = _missing(rows, app, declared)
    warnings = _warnings(sora)
    counts = {s: sum(1 for r in rows if r["review"]["status"] == s)
              for s in ("pending", "accepted", "queried", "answered")}
    return {
        "kind": PACK_KIND, "version": f"{version}.{revision}", "application_version": version,
        "revision": revision, "state": state,
        "application": {"id": app.id, "title": app.title, "title_ja": app.title_ja,
                        "operator": app.operator},
        "conops": conops,
        "sora": {k: sora[k] for k in ("igrc", "final_grc", "initial_arc", "residual_arc",
                                      "sail", "assessed_for", "reasons")},
        "osos": sora["osos"], "oso_table": sora["oso_table"], "tmpr": tmpr,
        "containment": cont,
        "emergency": {"procedures": app.emergency_procedures, "landing_sites": declared,
                      "proposed_landing_sites": dossier["landing_sites"]["proposed"]},
        "references": {"insurance": app.insurance, "flight_manual": app.flight_manual},
        "items": rows,
        "rtf": rtf_mapping(),
        "completeness": {"count": len(missing), "missing": missing, "warnings": warnings},
        "review": {"counts": counts,
                   "open_queries": [r["id"] for r in rows if r["review"]["status"] == "queried"],
                   "history": [e.model_dump(mode="json") for e in reviews]},
    }


def _conops(dossier: dict[str, Any], app: Application) -> list[dict[str, str]]:
    """The concept of operations: what, where, when, with what and who (from the dossier)."""
    band = app.altitude_band
    windows = ", ".join(f"{w.start:%H:%M}-{w.end:%H:%M}" for w in app.daily_windows)
    where = (f"area {dossier['envelope']['area_km2']:.2f} km²" if app.kind == "area"
             else "routes " + ", ".join(c.id for c in app.corridors))
    where_ja = (f"エリア {dossier['envelope']['area_km2']:.2f} km²" if app.kind == "area"
                else "経路 " + ", ".join(c.id for c in app.corridors))
    line = "BVLOS" if app.operation == "bvlos" else "VLOS"
    line_ja = "目視外" if app.operation == "bvlos" else "目視内"

    def row(key: str, ja: str, en: str, value_ja: str, value: str) -> dict[str, str]:
        return {"key": key, "label_ja": ja, "label": en, "value_ja": value_ja, "value": value}

    return [
        row("purpose", "目的", "Purpose", app.purpose, app.purpose),
        row("kind", "飛行の形態", "Kind of operation",
            f"レベル{app.level}、{line_ja}、{'エリア型' if app.kind == 'area' else '経路型'}",
            f"Level {app.level}, {line}, {app.kind}"),
        row("where", "飛行範囲", "Where", f"{where_ja} ({dossier['scenario']['title']})",
            f"{where} ({dossier['scenario']['title']})"),
        row("height", "飛行高度(対地)", "Height AGL", f"{band.min_agl_m:g}-{band.max_agl_m:g} m",
            f"{band.min_agl_m:g}-{band.max_agl_m:g} m"),
        row("when", "期間・時間帯", "When",
            f"{app.valid_from} - {app.valid_to}、毎日 {windows}",
            f"{app.valid_from} - {app.valid_to}, daily {windows} ({app.timezone})"),
        row("aircraft", "機体", "Aircraft", ", ".join(app.aircraft), ", ".join(app.aircraft)),
        row("crew", "操縦者", "Remote pilots", ", ".join(app.pilots), ", ".join(app.pilots)),
        row("wind", "最大風速", "Max wind", f"{app.max_wind_mps:g} m/s",
            f"{app.max_wind_mps:g} m/s"),
        row("entry", "立入管理措置", "Entry control",
            "なし(レベル4)" if app.entry_control == "none" else app.entry_control,
            app.entry_control),
    ]


def _missing(rows: list[dict[str, Any]], app: Application,
             declared: list[dict[str, Any]]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for r in rows:
        if r["status"] == "claimed_no_evidence":
            out.append({"item": r["id"], "text": f"{r['title']} claimed at {r['required']}, "
                        "no evidence", "text_ja": f"{r['title_ja']} ({r['required']}) は主張のみで"
                        "根拠なし"})
        elif r["status"] == "missing_evidence":
            name = f"{r['id']} {r['title']}" if r["section"] == "osos" else r["title"]
            name_ja = f"{r['id']} {r['title_ja']}" if r["section"] == "osos" else r["title_ja"]
            out.append({"item": r["id"], "text": f"{name}: robustness {r['required']} "
                        "required, no evidence",
                        "text_ja": f"{name_ja}: ロバスト性 {r['required']} が必要、根拠なし"})
        elif r["status"] == "out_of_scope":
            out.append({"item": r["id"], "text": f"{r['title']}: outside SORA scope (certified "
                        "category)", "text_ja": f"{r['title_ja']}: SORA 対象外 (認証カテゴリー)"})
    if not app.emergency_procedures.strip():
        out.append({"item": "EMERGENCY", "text": "no emergency procedures referenced",
                    "text_ja": "緊急時手順の参照なし"})
    if not declared:
        out.append({"item": "EMERGENCY", "text": "no emergency landing site declared",
                    "text_ja": "緊急着陸地点の申請なし"})
    if not app.insurance.strip():
        out.append({"item": "INSURANCE", "text": "no insurance reference",
                    "text_ja": "保険の記載なし"})
    if not app.flight_manual.strip():
        out.append({"item": "MANUAL", "text": "no flight manual reference",
                    "text_ja": "飛行マニュアルの記載なし"})
    return out


def _warnings(sora: dict[str, Any]) -> list[dict[str, str]]:
    out = [{"item": "OSO", "text": "OSO table is a transcription: check against JAR_doc_25 "
            "before filing", "text_ja": "OSO の表は転記: 申請前に JAR_doc_25 と照合すること"}]
    if not sora["containment"]["verified"]:
        out.append({"item": "CONTAINMENT", "text": f"containment from "
                    f"{sora['containment']['table']}, an unverified placeholder table",
                    "text_ja": f"封じ込めは未検証の暫定表 ({sora['containment']['table']}) による"})
    out.append({"item": "RTF", "text": "RTF-GL-0006 headings unverified (see the mapping)",
                "text_ja": "RTF-GL-0006 の見出しは未確認 (対応表を参照)"})
    return out
