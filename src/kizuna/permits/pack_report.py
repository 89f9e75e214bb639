"""The permit pack's sections of the printable document: Japanese first, English beside it.

Pure: the pack's JSON document (:func:`kizuna.permits.pack.build_pack`) in, HTML fragments out,
every value escaped through one function (:func:`kizuna.permits.report.escape_text`). The
dossier document (:func:`kizuna.permits.report.dossier_html`) places the *lead* (the
completeness check and the concept of operations) after its header, and the *body* (the
compliance matrix, TMPR and containment, emergency procedures, references, the guideline
mapping and the review history) before the signature block.
"""

from __future__ import annotations

from typing import Any

from kizuna.permits.report import bilingual, escape_text, section_title

__all__ = ["PACK_CSS", "pack_body", "pack_lead"]

_e = escape_text

PACK_CSS = """
.status { font-size: 8.5pt; padding: 1px 6px; border-radius: 9px; white-space: nowrap; }
.st-evidenced, .st-given, .rv-accepted { background: #e3f2e6; color: #1d6b2f; }
.st-claimed_no_evidence, .st-missing_evidence, .st-missing, .st-out_of_scope,
.rv-queried { background: #fde7e7; color: #a11a1a; }
.st-not_required, .st-not_claimed, .rv-pending { background: #eef0f3; color: #5b6470; }
.rv-answered { background: #fff3d6; color: #7a5200; }
.missing { border: 2px solid #a11a1a; padding: 6px 10px; margin: 6px 0 12px; }
.missing.none { border-color: #1d6b2f; }
.missing h3 { margin: 0 0 4px; font-size: 11pt; }
.missing .en, p.lead .en, ul.unverified .en { display: block; color: var(--muted);
  font-size: .85em; font-weight: normal; }
.missing ol { margin: 0; padding-left: 1.4em; font-size: 1em; }
.unverified { color: #a11a1a; font-size: 8.5pt; }
p.lead { font-size: 9pt; }
table.matrix td, table.matrix th { font-size: 9pt; }
"""


def _status(kind: str, value: str, text_ja: str, text: str) -> str:
    return (f"<span class=\"status {kind}-{_e(value)}\">{_e(text_ja)}</span>"
            f"<span class=\"en\">{_e(text)}</span>")


_REVIEW = {"pending": ("未審査", "pending"), "accepted": ("了承", "accepted"),
           "queried": ("照会中", "queried"), "answered": ("回答済", "answered")}


def _evidence(ev: dict[str, str] | None) -> str:
    if not ev:
        return "—"
    parts = [f"{label} {_e(ev[key])}" for key, label in
             (("document", "文書"), ("section", "節"), ("certificate", "証明書番号"))
             if ev.get(key)]
    return "<br>".join(parts)


def pack_lead(pack: dict[str, Any]) -> str:
    """The completeness check and the concept of operations."""
    c = pack["completeness"]
    if c["count"]:
        items = "".join(f"<li><span class=\"code\">{_e(m['item'])}</span> {_e(m['text_ja'])}"
                        f"<span class=\"en\">{_e(m['text'])}</span></li>" for m in c["missing"])
        check = (f"<div class=\"missing\"><h3>申請前チェック: 不足 {c['count']} 件"
                 f"<span class=\"en\">Before filing: {c['count']} missing</span></h3>"
                 f"<ol>{items}</ol></div>")
    else:
        check = ("<div class=\"missing none\"><h3>申請前チェック: 不足なし"
                 "<span class=\"en\">Before filing: nothing missing</span></h3></div>")
    warn = "".join(f"<li>{_e(w['text_ja'])}<span class=\"en\">{_e(w['text'])}</span></li>"
                   for w in c["warnings"])
    rows = "".join(f"<tr><th>{bilingual(r['label_ja'], r['label'])}</th><td>{_e(r['value_ja'])}"
                   f"<span class=\"en\">{_e(r['value'])}</span></td></tr>"
                   for r in pack["conops"])
    return (f"<section><h2>0. 申請パック{section_title('Permit pack')}</h2>"
            f"<p>パック版 <span class=\"code\">v{_e(pack['version'])}</span> "
            f"<span class=\"en\">Pack version v{_e(pack['version'])}, state "
            f"{_e(pack['state'])}</span></p>{check}"
            f"<ul class=\"reasons unverified\">{warn}</ul>"
            f"<h2>運航の概要 (ConOps){section_title('Concept of operations')}</h2>"
            f"<table>{rows}</table></section>")


def _matrix(rows: list[dict[str, Any]]) -> str:
    head = ("<tr><th>項目 <span class=\"en\">Item</span></th><th>要求 <span class=\"en\">"
            "Required</span></th><th>運航者の根拠 <span class=\"en\">Operator's evidence"
            "</span></th><th>状態 <span class=\"en\">Status</span></th><th>審査 <span "
            "class=\"en\">Review</span></th><th>RTF</th></tr>")
    body = []
    for r in rows:
        review = r["review"]
        ja, en = _REVIEW[review["status"]]
        note = (f"<br><small>{_e(review.get('comment', ''))}</small>"
                if review.get("comment") else "")
        body.append(
            f"<tr id=\"item-{_e(r['id'])}\"><td><span class=\"code\">{_e(r['id'])}</span> "
            f"{_e(r['title_ja'])}<span class=\"en\">{_e(r['title'])}</span></td>"
            f"<td>{_e(r['required'] or '—')}</td><td>{_evidence(r['evidence'])}</td>"
            f"<td>{_status('st', r['status'], r['status_text_ja'], r['status_text'])}</td>"
            f"<td>{_status('rv', review['status'], ja, en)}{note}</td>"
            f"<td>{_e(', '.join(r['rtf']))}</td></tr>")
    return f"<table class=\"grid matrix\">{head}{''.join(body)}</table>"


def pack_body(pack: dict[str, Any]) -> str:
    """The matrix, TMPR and containment, emergency, references, RTF mapping, history."""
    parts: list[str] = []
    parts.append(f"<section><h2>10. 適合マトリクス{section_title('Compliance matrix')}</h2>"
                 f"<p class=\"lead\">{_e(pack['oso_table']['reason']['text_ja'])}"
                 f"<span class=\"en\">{_e(pack['oso_table']['reason']['text'])}</span></p>"
                 f"{_matrix(pack['items'])}</section>")
    t, c = pack["tmpr"], pack["containment"]
    density = ("不明 unknown" if c["adjacent_density"] is None
               else f"{c['adjacent_density']:,.1f} 人/km²")
    unknown = "—" if c["unknown_share"] is None else f"{c['unknown_share']:.0%}"
    rows = [
        ("TMPR (要件 / ロバスト性)", "TMPR (requirement / robustness)",
         f"{_e(t['requirement'])} / {_e(t['robustness'])}"),
        ("隣接エリアの幅", "Adjacent area extent", f"{c['adjacent_distance_m'] / 1000:g} km"),
        ("隣接エリアの平均人口密度", "Adjacent area average density", _e(density)),
        ("データ範囲外の割合", "Share outside the data", _e(unknown)),
        ("1 km 以内の屋外集会", "Outdoor assemblies within 1 km",
         f"{c['assemblies_within_1km']:,} 人"),
        ("必要な封じ込めロバスト性", "Required containment", f"<strong>{_e(c['required'])}"
         f"</strong>" + ("" if c["verified"] else " <span class=\"unverified\">未検証の表 "
                         "unverified table</span>")),
    ]
    body = "".join(f"<tr><th>{bilingual(ja, en)}</th><td>{v}</td></tr>" for ja, en, v in rows)
    reasons = "".join(f"<li><span class=\"code\">{_e(r['code'])}</span> {_e(r['text_ja'])}"
                      f"<span class=\"en\">{_e(r['text'])}</span></li>"
                      for r in [t["reason"], *c["reasons"]])
    parts.append(f"<section><h2>11. TMPR と封じ込め{section_title('TMPR and containment')}"
                 f"</h2><table>{body}</table><ul class=\"reasons\">{reasons}</ul></section>")
    e = pack["emergency"]
    sites = ", ".join(f"{s['id']} ({s['lat']:.5f}, {s['lon']:.5f})" for s in e["landing_sites"])
    rows = [("緊急時の手順", "Emergency procedures", _e(e["procedures"] or "未記載 none")),
            ("緊急着陸地点(申請)", "Declared landing sites", _e(sites or "なし none")),
            ("緊急着陸地点(提案)", "Proposed landing sites",
             f"{len(e['proposed_landing_sites'])}"),
            ("保険", "Insurance", _e(pack["references"]["insurance"] or "未記載 none")),
            ("飛行マニュアル", "Flight manual",
             _e(pack["references"]["flight_manual"] or "未記載 none"))]
    body = "".join(f"<tr><th>{bilingual(ja, en)}</th><td>{v}</td></tr>" for ja, en, v in rows)
    parts.append(f"<section><h2>12. 緊急時の対応・保険・マニュアル"
                 f"{section_title('Emergency, insurance, manual')}</h2><table>{body}</table>"
                 f"</section>")
    rtf = pack["rtf"]
    by_heading = {h["id"]: [r["id"] for r in pack["items"] if h["id"] in r["rtf"]]
                  for h in rtf["headings"]}
    body = "".join(f"<tr><td><span class=\"code\">{_e(h['id'])}</span></td><td>"
                   f"{_e(h['heading_ja'])}<span class=\"en\">{_e(h['heading'])}</span></td>"
                   f"<td>{_e(', '.join(by_heading[h['id']]))}</td></tr>"
                   for h in rtf["headings"])
    parts.append(f"<section><h2>13. {_e(rtf['guideline'])} との対応"
                 f"{section_title('Mapping to ' + rtf['guideline'])}</h2>"
                 f"<p class=\"unverified\">{_e(rtf['note_ja'])}<span class=\"en\">"
                 f"{_e(rtf['note'])}</span></p><table class=\"grid\"><tr><th>見出し</th>"
                 f"<th>{bilingual('内容', 'Heading')}</th><th>{bilingual('項目', 'Items')}"
                 f"</th></tr>{body}</table></section>")
    history = pack["review"]["history"]
    body = "".join(f"<tr><td class=\"num\">{_e(h['at'][:16].replace('T', ' '))}</td><td>"
                   f"<span class=\"code\">{_e(h['item'])}</span></td><td>{_e(h['action'])}"
                   f"</td><td class=\"num\">{_e(h['round'])}</td><td>{_e(h['by'])}</td>"
                   f"<td>{_e(h['comment'])}</td><td class=\"num\">v{_e(h['pack_version'])}"
                   f"</td></tr>" for h in history) or (
        "<tr><td colspan=\"7\">なし / none</td></tr>")
    parts.append(f"<section><h2>14. 審査の履歴{section_title('Review history')}</h2>"
                 f"<table class=\"grid\"><tr><th>日時 <span class=\"en\">at</span></th><th>"
                 f"項目 <span class=\"en\">item</span></th><th>内容 <span class=\"en\">action"
                 f"</span></th><th>回 <span class=\"en\">round</span></th><th>担当 <span "
                 f"class=\"en\">by</span></th><th>コメント <span class=\"en\">comment</span>"
                 f"</th><th>版 <span class=\"en\">pack</span></th></tr>{body}</table>"
                 f"</section>")
    return "".join(parts)
