"""The flight log (飛行日誌) as a printable HTML document, laid out as MLIT's template.

Per aircraft, on its own pages: the common header, then the three records in the template's
order and columns (飛行記録, 日常点検記録, 点検整備記録). Japanese first, English under each
heading. Pure: the logs in, one self-contained HTML string out (inline CSS, no script, no
external resource), so it prints for carrying on board. Every value goes through ``_e``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from kizuna.utm.flightlog import FlightLog
from kizuna.utm.records import checklist

__all__ = ["flight_log_html"]

_CSS = """
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "Hiragino Sans",
       "Yu Gothic", "Meiryo", sans-serif; color: #111; margin: 0; background: #e9ecf0;
       font-size: 9pt; line-height: 1.4; }
section.aircraft { width: 287mm; margin: 10px auto; background: white; padding: 10mm;
       box-shadow: 0 1px 4px rgba(0,0,0,.15); break-after: page; }
h1 { font-size: 15pt; margin: 0 0 4px; }
h2 { font-size: 11.5pt; margin: 14px 0 4px; border-bottom: 2px solid #1f4e9c; }
.en { display: block; font-weight: normal; color: #5b6470; font-size: .8em; }
h1 .en, h2 .en { display: inline; margin-left: 8px; }
table { width: 100%; border-collapse: collapse; margin: 2px 0 8px; }
th, td { border: 1px solid #444; padding: 2px 4px; vertical-align: top; text-align: left; }
th { background: #eef1f5; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.mark { text-align: center; font-weight: 700; }
.fail { color: #a11a1a; }
.empty { color: #5b6470; font-style: italic; }
table.header th { width: 18%; } table.header td { width: 32%; }
.note { font-size: 8pt; color: #5b6470; margin-top: 6px; }
@page { size: A4 landscape; margin: 8mm; }
@media print { body { background: white; } section.aircraft { box-shadow: none; margin: 0;
       width: auto; padding: 0; } }
"""

_KIND = {"multirotor": ("回転翼航空機(マルチローター)", "multirotor"),
         "fixed_wing": ("飛行機", "aeroplane")}
_CLASS = {"first_class": ("第一種", "first class"), "second_class": ("第二種", "second class"),
          "none": ("なし", "none")}


def _e(value: object) -> str:
    return "" if value is None else escape(str(value), quote=True)


def _bi(ja: str, en: str) -> str:
    return f"{_e(ja)}<span class=\"en\">{_e(en)}</span>"


def _hms(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _header(log: FlightLog) -> str:
    h = log.header
    if h is None:
        missing = _bi('機体登録情報なし', 'aircraft not registered in Kizuna')
        return f"<p class=\"empty\">{missing}</p>"
    kind = _KIND.get(h.kind, (h.kind, h.kind))
    cls = _CLASS.get(h.certificate_class, (h.certificate_class, h.certificate_class))

    def valid(number: str | None, expiry: object) -> str:
        if not number:
            return "—"
        return _e(number) + (f"(有効期限 {_e(expiry)})" if expiry else "")

    rows = [
        (("登録記号", "Registration mark"), _e(h.registration),
         ("種類", "Type"), _bi(*kind)),
        (("型式", "Model"), _e(h.model),
         ("型式認証書番号", "Type certificate no."),
         valid(h.type_certificate_number, h.type_certificate_expiry)),
        (("機体認証の区分", "Airframe certificate class"), _bi(*cls),
         ("機体認証書番号", "Airframe certificate no."),
         valid(h.airframe_certificate_number, h.certificate_expiry)),
        (("製造者", "Manufacturer"), _e(h.manufacturer or "—"),
         ("製造番号", "Serial number"), _e(h.serial_number or "—")),
    ]
    body = "".join(f"<tr><th>{_bi(*a)}</th><td>{va}</td><th>{_bi(*b)}</th><td>{vb}</td></tr>"
                   for a, va, b, vb in rows)
    return f"<table class=\"header\">{body}</table>"


def _flights(log: FlightLog) -> str:
    cols = [("飛行年月日", "Date"), ("飛行させた者の氏名・技能証明書番号", "Pilot, licence no."),
            ("飛行概要", "Purpose, route"), ("特定飛行", "Specific flight items"),
            ("離陸場所", "Take-off place"), ("離陸時刻", "Take-off"),
            ("着陸場所", "Landing place"), ("着陸時刻", "Landing"),
            ("飛行時間", "Flight time"), ("総飛行時間", "Total"),
            ("飛行の安全に影響のあった事項", "Safety-relevant events"),
            ("不具合及びその対応", "Defects and fixes")]
    head = "".join(f"<th>{_bi(*c)}</th>" for c in cols)
    rows = []
    for k, f in enumerate(log.flights):
        defects = "<br>".join(
            f"{_e(d.found_on)} {_e(d.content)}"
            + (f" → {_e(d.fixed_on)} {_e(d.fix)}(確認者 {_e(d.confirmed_by)})"
               if d.fixed_on else " → 未処置")
            for d in f.defects) or "—"
        route = f"({len(f.route)}点, {'実績' if f.route_source == 'telemetry' else '計画'})"
        rows.append(
            f"<tr><td>{_e(f.takeoff_time.date())}</td>"
            f"<td>{_e(f.pilot)}<br>{_e(f.pilot_licence_number or '—')}</td>"
            f"<td>{_e(f.purpose)} {_e(route)}</td>"
            f"<td>{_e(' '.join(f.restricted_items) or '—')}</td>"
            f"<td>{_e(f.takeoff_place)}</td><td>{_e(f.takeoff_time.strftime('%H:%M'))}</td>"
            f"<td>{_e(f.landing_place)}</td><td>{_e(f.landing_time.strftime('%H:%M'))}</td>"
            f"<td class=\"num\">{_hms(f.flight_time_s)}</td>"
            f"<td class=\"num\">{_hms(log.total_flight_time_s(k + 1))}</td>"
            f"<td>{'<br>'.join(_e(a) for a in f.anomalies) or '—'}</td>"
            f"<td>{defects}</td></tr>")
    if not rows:
        rows.append(f"<tr><td colspan=\"{len(cols)}\" class=\"empty\">記録なし</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _inspections(log: FlightLog) -> str:
    kind = log.header.kind if log.header is not None else "multirotor"
    items = checklist(kind)
    head = (f"<th>{_bi('実施年月日', 'Date')}</th><th>{_bi('実施場所', 'Place')}</th>"
            f"<th>{_bi('実施者', 'Inspector')}</th>"
            + "".join(f"<th>{_bi(i.ja, i.en)}</th>" for i in items)
            + f"<th>{_bi('備考', 'Remarks')}</th>")
    rows = []
    for insp in log.daily_inspections:
        results = {r.item: r.result for r in insp.items}
        cells = "".join(
            "<td class=\"mark\">○</td>" if results.get(i.id) == "pass"
            else "<td class=\"mark fail\">×</td>" if results.get(i.id) == "fail"
            else "<td class=\"mark\">—</td>" for i in items)
        rows.append(f"<tr><td>{_e(insp.date)}</td><td>{_e(insp.place)}</td>"
                    f"<td>{_e(insp.inspector)}</td>{cells}<td>{_e(insp.remarks)}</td></tr>")
    if not rows:
        rows.append(f"<tr><td colspan=\"{len(items) + 4}\" class=\"empty\">記録なし</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _maintenance(log: FlightLog) -> str:
    cols = [("実施年月日", "Date"), ("総飛行時間", "Flight time since certification"),
            ("点検・修理・改造・整備の内容", "Work done"), ("交換部品", "Parts replaced"),
            ("実施理由", "Reason"), ("実施場所", "Place"), ("実施者", "Performed by"),
            ("備考", "Remarks")]
    head = "".join(f"<th>{_bi(*c)}</th>" for c in cols)
    rows = [f"<tr><td>{_e(m.date)}</td>"
            f"<td class=\"num\">{_hms(m.flight_time_since_certification_s)}</td>"
            f"<td>{_e(m.work)}</td><td>{_e('、'.join(m.parts_replaced) or '—')}</td>"
            f"<td>{_e(m.reason)}</td><td>{_e(m.place)}</td><td>{_e(m.performer)}</td>"
            f"<td>{_e(m.remarks)}</td></tr>" for m in log.maintenance]
    if not rows:
        rows.append(f"<tr><td colspan=\"{len(cols)}\" class=\"empty\">記録なし</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def flight_log_html(logs: Sequence[FlightLog], *, title: str = "") -> str:
    """One printable document holding the log of each aircraft (an A4 landscape page each)."""
    sections = []
    for log in logs:
        sections.append(
            f"<section class=\"aircraft\"><h1>{_bi('飛行日誌', 'Flight log')} "
            f"{_e(log.registration)}</h1>"
            f"<h2>{_bi('共通事項', 'Aircraft')}</h2>{_header(log)}"
            f"<h2>{_bi('飛行記録', 'Flight records')}</h2>{_flights(log)}"
            f"<h2>{_bi('日常点検記録', 'Daily inspections')}</h2>{_inspections(log)}"
            f"<p class=\"note\">○ 異常なし(pass) × 異常あり(fail)</p>"
            f"<h2>{_bi('点検整備記録', 'Inspection and maintenance')}</h2>{_maintenance(log)}"
            f"</section>")
    if not sections:
        sections.append("<section class=\"aircraft\"><p class=\"empty\">"
                        "記録なし / no records</p></section>")
    return ("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
            f"<title>飛行日誌 {_e(title)}</title><style>{_CSS}</style></head>"
            f"<body>{''.join(sections)}</body></html>\n")
