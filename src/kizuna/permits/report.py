"""The dossier as a printable HTML document: Japanese first, English beside it.

Pure: the dossier's JSON document (and optionally the map as PNG bytes, embedded as a data: URI)
in, one self-contained HTML string out. No external resources: fonts are the reader's own, the
CSS is inline, and ``@media print`` lays it out for A4.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from typing import Any

__all__ = ["bilingual", "dossier_html", "dossier_style_hashes", "escape_text", "section_title"]

_CSS = """
:root { --ink:#1b1b1b; --muted:#5b6470; --rule:#c9ced6; --band:#f3f5f8; --accent:#1f4e9c; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "Hiragino Sans",
       "Yu Gothic", "Meiryo", sans-serif; color: var(--ink); margin: 0; background: #e9ecf0;
       font-size: 10.5pt; line-height: 1.55; }
main { max-width: 210mm; margin: 12px auto; background: white; padding: 16mm 15mm;
       box-shadow: 0 1px 4px rgba(0,0,0,.15); }
header { border-bottom: 3px solid var(--accent); padding-bottom: 8px; margin-bottom: 14px; }
.doc-kind { font-size: 9pt; color: var(--muted); letter-spacing: .08em; }
h1 { font-size: 17pt; margin: 4px 0 2px; }
h1 .en, h2 .en, th .en, td .en, .label .en { display: block; font-weight: normal;
       color: var(--muted); font-size: 0.72em; }
h2 { font-size: 12.5pt; border-left: 5px solid var(--accent); padding-left: 8px;
     margin: 20px 0 8px; break-after: avoid; }
h2 .en { display: inline; margin-left: 8px; }
table { width: 100%; border-collapse: collapse; margin: 4px 0 10px; break-inside: avoid; }
th, td { border: 1px solid var(--rule); padding: 4px 7px; vertical-align: top; text-align: left; }
th { background: var(--band); font-weight: 600; width: 34%; }
table.grid th { width: auto; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.meta { display: grid; grid-template-columns: 1fr 1fr; gap: 2px 18px; font-size: 9.5pt; }
.meta div span { color: var(--muted); }
.reasons { margin: 2px 0 10px; padding-left: 1.2em; font-size: 9.5pt; }
.reasons li { margin-bottom: 3px; }
.reasons .en { color: var(--muted); display: block; font-size: .92em; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; background: var(--band);
        padding: 0 4px; border-radius: 3px; }
.ok { color: #1d6b2f; font-weight: 600; } .ng { color: #a11a1a; font-weight: 600; }
figure { margin: 6px 0 10px; text-align: center; break-inside: avoid; }
figure img { width: 100%; max-width: 170mm; border: 1px solid var(--rule); }
figcaption { font-size: 9pt; color: var(--muted); }
.note { font-size: 8.5pt; color: var(--muted); border-top: 1px solid var(--rule);
        margin-top: 18px; padding-top: 6px; }
.sign { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 10px; margin-top: 14px; }
.sign div { border: 1px solid var(--rule); height: 22mm; padding: 4px 6px; font-size: 8.5pt;
            color: var(--muted); }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: white; font-size: 9.5pt; }
  main { box-shadow: none; margin: 0; padding: 0; max-width: none; }
  section.map { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
.small { font-size: 9pt; } .aside { color: var(--muted); }
"""


def _style_hash(css: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"


def dossier_style_hashes() -> str:
    """The CSP sources of the dossier's one style element, with and without the permit pack:
    the regulator page shows the dossier in a frame that inherits the page's policy, which
    allows no other inline style (no attributes)."""
    from kizuna.permits.pack_report import PACK_CSS

    return f"{_style_hash(_CSS)} {_style_hash(_CSS + PACK_CSS)}"


def escape_text(value: object) -> str:
    """The one escaping path of the printable documents."""
    return escape(str(value), quote=True)


_e = escape_text


def bilingual(ja: str, en: str) -> str:
    """Japanese, then English beside it (escaped)."""
    return f"{_e(ja)}<span class=\"en\">{_e(en)}</span>"


_bi = bilingual


def _table(rows: list[tuple[str, str, str]]) -> str:
    body = "".join(f"<tr><th>{_bi(ja, en)}</th><td>{value}</td></tr>" for ja, en, value in rows)
    return f"<table>{body}</table>"


def _reasons(items: list[dict[str, Any]]) -> str:
    if not items:
        return ""
    lis = "".join(f"<li><span class=\"code\">{_e(r['code'])}</span> {_e(r['text_ja'])}"
                  f"<span class=\"en\">{_e(r['text'])}</span></li>" for r in items)
    return f"<ul class=\"reasons\">{lis}</ul>"


def _yes(flag: bool) -> str:
    return ("<span class=\"ok\">可 <small>yes</small></span>" if flag
            else "<span class=\"ng\">不可 <small>no</small></span>")


def dossier_html(dossier: dict[str, Any], map_png: bytes | None = None,
                 map_href: str | None = None, pack: dict[str, Any] | None = None) -> str:
    """The printable HTML of a dossier document (``Dossier.data``).

    ``map_png`` is embedded as a data: URI; otherwise ``map_href`` (e.g. ``map.png`` next to
    the file) is linked; with neither the map section says so. With ``pack`` (the permit
    pack, :func:`kizuna.permits.pack.build_pack`) the document is the whole pack: its
    completeness check and concept of operations lead, its matrix and the rest follow.
    """
    app = dossier["application"]
    g, s, t = dossier["ground_risk"], dossier["sora"], dossier["terrain"]
    kind_ja = "エリア型" if app["kind"] == "area" else "経路型"
    parts: list[str] = []
    parts.append(
        f"<header><div class=\"doc-kind\">無人航空機 特定飛行 許可・承認申請 添付資料 — "
        f"リスク評価書 / Risk dossier attached to a permission application</div>"
        f"<h1>{_bi(app.get('title_ja') or app['title'], app['title'])}</h1>"
        f"<div class=\"meta\">"
        f"<div><span>申請番号 Application</span> {_e(app['id'])}</div>"
        f"<div><span>申請者 Operator</span> {_e(app['operator'])}</div>"
        f"<div><span>種別 Kind</span> {kind_ja} / {_e(app['kind'])}, "
        f"レベル {_e(app['level'])}</div>"
        f"<div><span>対象地域 Scenario</span> {_e(dossier['scenario']['title'])}</div>"
        f"</div></header>")

    if pack is not None:
        from kizuna.permits.pack_report import pack_lead

        parts.append(pack_lead(pack))
    summary = [(r["label_ja"], r["label"], _e(r["value"])) for r in dossier["summary"]]
    parts.append(f"<section><h2>1. 概要{_span('Summary')}</h2>{_table(summary)}</section>")

    band = app["altitude_band"]
    windows = ", ".join(f"{w['start'][:5]}–{w['end'][:5]}" for w in app["daily_windows"])
    mit = ", ".join(f"{k} {v}" for k, v in app["mitigations"].items() if v) or "なし none"
    rows = [
        ("飛行範囲", "Envelope",
         (f"エリア {dossier['envelope']['area_km2']:.2f} km² (WGS84 範囲 "
          f"{_e(dossier['envelope']['bounds_lonlat'])})" if app["kind"] == "area" else
          "経路 " + ", ".join(f"{_e(c['id'])} (幅 ±{c['half_width_m']:g} m)"
                              for c in app["corridors"]))),
        ("飛行高度(対地)", "Altitude band AGL", f"{band['min_agl_m']:g} – {band['max_agl_m']:g} m"),
        ("有効期間", "Validity", f"{_e(app['valid_from'])} – {_e(app['valid_to'])}"),
        ("飛行時間帯(毎日)", "Daily windows", f"{_e(windows)} ({_e(app['timezone'])})"),
        ("対象機体", "Aircraft covered", _e(", ".join(app["aircraft"]))),
        ("操縦者", "Pilots covered", _e(", ".join(app["pilots"]))),
        ("立入管理措置", "Entry control",
         "なし(レベル4) none" if app["entry_control"] == "none" else _e(app["entry_control"])),
        ("地上リスク軽減策", "Ground mitigations", _e(mit) + "".join(
            f"<br>・{_e(n)}" for n in app["mitigation_notes"])),
        ("最大風速", "Max wind", f"{app['max_wind_mps']:g} m/s"),
        ("保険", "Insurance", _e(app["insurance"] or "なし none")),
        ("飛行マニュアル", "Flight manual", _e(app["flight_manual"] or "なし none")),
        ("飛行目的", "Purpose", _e(app["purpose"])),
    ]
    parts.append(f"<section><h2>2. 申請内容{_span('Application')}</h2>{_table(rows)}</section>")

    if map_png is not None:
        src = "data:image/png;base64," + base64.b64encode(map_png).decode("ascii")
    else:
        src = map_href or ""
    img = (f"<img src=\"{_e(src)}\" alt=\"map of the area\">" if src
           else "<p>地図なし / no map</p>")
    parts.append(
        f"<section class=\"map\"><h2>3. 地図{_span('Map')}</h2><figure>{img}<figcaption>"
        f"申請範囲(青)、運航範囲(点線)、地上リスク範囲(赤破線)、緊急着陸地点候補(緑)。"
        f"<br>Area (blue), operational volume (dotted), ground risk area (red dashed), proposed "
        f"emergency landing sites (green).</figcaption></figure></section>")

    rows = [
        ("コンティンジェンシー", "Contingency", f"{g['contingency_m']:.0f} m"),
        ("地上リスクバッファ", "Ground risk buffer", f"{g['buffer_m']:.0f} m"),
        ("運航範囲", "Operational volume", f"{g['operational_volume_km2']:.2f} km²"),
        ("地上リスク範囲", "Ground risk area", f"{g['ground_risk_area_km2']:.2f} km²"),
        ("人口密度 最大 / 平均", "Density max / mean",
         f"{g['max_density']:,.0f} / {g['mean_density']:,.0f} 人/km²"),
        ("DID の割合", "DID share", f"{g['did_share']:.0%} {_e(', '.join(g['did_ids']))}"),
        ("環境", "Environment", _e(g["environment"])),
    ]
    parts.append(f"<section><h2>4. 運航範囲と地上リスク{_span('Volume and ground risk')}</h2>"
                 f"{_table(rows)}{_reasons(g['reasons'])}</section>")

    rows = [
        ("固有地上リスク (iGRC)", "Intrinsic GRC", _e(s["igrc"])),
        ("最終 GRC", "Final GRC", _e(s["final_grc"])),
        ("初期 / 残存 ARC", "Initial / residual ARC",
         f"ARC-{_e(s['initial_arc'])} / ARC-{_e(s['residual_arc'])}"),
        ("SAIL", "SAIL", f"<strong>{_e(s['sail'])}</strong>"),
        ("評価対象", "Assessed for", _e(s["assessed_for"])),
    ]
    parts.append(f"<section><h2>5. SORA 2.5 評価{_span('SORA 2.5')}</h2>{_table(rows)}"
                 f"{_reasons(s['reasons'])}</section>")

    head = ("<tr><th>機体 <span class=\"en\">Aircraft</span></th><th>操縦者 <span class=\"en\">"
            "Pilot</span></th><th>カテゴリー <span class=\"en\">Category</span></th><th>レベル "
            "<span class=\"en\">Level</span></th><th>可否 <span class=\"en\">Lawful</span></th>"
            "<th>違反 <span class=\"en\">Violations</span></th></tr>")
    body = "".join(
        f"<tr><td>{_e(c['aircraft'])}<span class=\"en\">{_e(c['profile'])}</span></td>"
        f"<td>{_e(c['pilot'])}</td><td>{_e(c['category'])}</td><td>{_e(c['level'])}</td>"
        f"<td>{_yes(c['allowed'])}</td>"
        f"<td>{_e(', '.join(v['code'] for v in c['violations']) or '—')}</td></tr>"
        for c in dossier["legal"])
    first = dossier["legal"][0] if dossier["legal"] else None
    facts = ", ".join(k for k, v in dossier["facts"].items() if v is True) or "—"
    surfaces = "; ".join(
        f"{f['name']} premises (any height)" if f["surface"] == "strip" else
        f"{f['name']} {f['surface']} {f['low_amsl_m']:g} m AMSL" if f["low_amsl_m"] ==
        f["high_amsl_m"] else
        f"{f['name']} {f['surface']} {f['low_amsl_m']:g}-{f['high_amsl_m']:g} m AMSL"
        for f in dossier.get("airport_surfaces", [])) or "—"
    parts.append(
        f"<section><h2>6. 航空法上の区分{_span('Legal classification')}</h2>"
        f"<table class=\"grid\">{head}{body}</table>"
        f"<p class=\"small\">該当事実 Facts: <span class=\"code\">{_e(facts)}</span></p>"
        f"<p class=\"small\">空港の制限表面(この高さを超えると許可が必要) Airport "
        f"restricted surfaces (permission above): {_e(surfaces)}</p>"
        + (_reasons(first["reasons"] + first["violations"]) if first else "") + "</section>")

    cross = dossier["crossings"]
    body = "".join(
        f"<tr><td>{'鉄道' if c['layer'] == 'railway' else '道路'}<span class=\"en\">"
        f"{_e(c['layer'])}</span></td><td>{_e(c['name'])}<span class=\"en\">{_e(c['id'])} · "
        f"{_e(c['kind'])}</span></td><td class=\"num\">{c['length_m']:,.0f} m</td></tr>"
        for c in cross) or "<tr><td colspan=\"3\">なし / none</td></tr>"
    parts.append(
        f"<section><h2>7. 範囲内の道路・鉄道{_span('Roads and railways inside')}</h2>"
        f"<table class=\"grid\"><tr><th>種別 <span class=\"en\">Layer</span></th><th>名称 "
        f"<span class=\"en\">Name</span></th><th>範囲内延長 <span class=\"en\">Length inside"
        f"</span></th></tr>{body}</table></section>")

    sites = dossier["landing_sites"]
    body = "".join(
        f"<tr><td>{_e(x['id'])}</td><td class=\"num\">{x['lat']:.5f}, {x['lon']:.5f}</td>"
        f"<td class=\"num\">{x['density']:,.0f}</td><td class=\"num\">{x['slope_deg']:.1f}°"
        f"</td><td class=\"num\">{x['ground_m']:.0f} m</td><td>提案 proposed</td></tr>"
        for x in sites["proposed"])
    body += "".join(
        f"<tr><td>{_e(x['id'])}</td><td class=\"num\">{x['lat']:.5f}, {x['lon']:.5f}</td>"
        f"<td class=\"num\">{_density(x['density'])}</td>"
        f"<td class=\"num\">{x['slope_deg']:.1f}°</td><td class=\"num\">—</td>"
        f"<td>申請 declared{'' if x['inside'] else ' <span class=ng>(範囲外 outside)</span>'}"
        f" {_e(x['note'])}</td></tr>" for x in sites["declared"])
    q = sites["search"]
    parts.append(
        f"<section><h2>8. 緊急着陸地点{_span('Emergency landing sites')}</h2>"
        f"<table class=\"grid\"><tr><th>ID</th><th>緯度, 経度 <span class=\"en\">lat, lon</span>"
        f"</th><th>人口密度 <span class=\"en\">people/km²</span></th><th>傾斜 <span "
        f"class=\"en\">slope</span></th><th>標高 <span class=\"en\">ground</span></th><th>区分 "
        f"<span class=\"en\">source</span></th></tr>{body}</table>"
        f"<p class=\"small\">候補の条件: 人口密度 {q['max_density']:g} 人/km² 以下、傾斜 "
        f"{q['max_slope_deg']:g}° 以下、範囲の縁から {q['edge_clearance_m']:g} m 以上内側、"
        f"相互に {q['min_spacing_m']:g} m 以上離す。<br><span class=\"aside\">Search: "
        f"density ≤ {q['max_density']:g}/km², slope ≤ {q['max_slope_deg']:g}°, ≥ "
        f"{q['edge_clearance_m']:g} m inside the edge, ≥ {q['min_spacing_m']:g} m apart."
        f"</span></p></section>")

    rows = [
        ("地表標高 最低 / 最高", "Terrain min / max", f"{t['min_m']:.0f} / {t['max_m']:.0f} m"),
        ("最高飛行高度(海抜)", "Highest altitude AMSL", f"{t['max_altitude_amsl_m']:.0f} m"),
        ("海面の割合", "Share over the sea", f"{t['sea_share']:.0%}"),
    ]
    parts.append(f"<section><h2>9. 地形{_span('Terrain')}</h2>{_table(rows)}</section>")

    css = _CSS
    if pack is not None:
        from kizuna.permits.pack_report import PACK_CSS, pack_body

        parts.append(pack_body(pack))
        css += PACK_CSS
    synthetic = ", ".join(dossier["scenario"]["synthetic_layers"])
    parts.append(
        "<div class=\"sign\"><div>申請者 記名押印<br>Applicant</div><div>受付<br>Received</div>"
        "<div>審査 / 承認<br>Review / approval</div></div>"
        f"<p class=\"note\">本評価書は Kizuna がデータから自動生成したものです。シナリオ "
        f"「{_e(dossier['scenario']['name'])}」の次の層は合成データ(シード付き)です: "
        f"{_e(synthetic)}。座標系 JGD2011 EPSG:{_e(dossier['scenario']['epsg'])}。<br>Generated "
        f"by Kizuna from data. Synthetic (seeded) layers in this scenario: {_e(synthetic)}. "
        f"Metric grid JGD2011 EPSG:{_e(dossier['scenario']['epsg'])}.</p>")
    title = _e(app.get("title_ja") or app["title"])
    return (f"<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>リスク評価書 — {title}</title><style>{css}</style></head>"
            f"<body><main>{''.join(parts)}</main></body></html>\n")


def _density(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def section_title(en: str) -> str:
    """The English beside a section's Japanese title (escaped)."""
    return f"<span class=\"en\">{_e(en)}</span>"


_span = section_title
