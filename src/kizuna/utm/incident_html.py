"""An accident or serious-incident report as a printable HTML page, in MLIT's order of items.

Pure: the report document (``StoredIncident.to_json``) in, one self-contained HTML string out
(inline CSS, no script). Japanese first, English under each label; every value goes through
``_e``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from html import escape
from typing import Any

from kizuna.utm.incident import REPORT_ITEMS

__all__ = ["report_html"]

_CSS = """
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "Hiragino Sans",
       "Yu Gothic", "Meiryo", sans-serif; color: #111; margin: 0; background: #e9ecf0;
       font-size: 10.5pt; line-height: 1.5; }
main { max-width: 210mm; margin: 12px auto; background: white; padding: 15mm;
       box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1 { font-size: 16pt; margin: 0 0 2px; } .sub { color: #5b6470; margin: 0 0 10px; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #444; padding: 5px 8px; vertical-align: top; text-align: left; }
th { background: #eef1f5; width: 32%; font-weight: 600; }
.en { display: block; font-weight: normal; color: #5b6470; font-size: .8em; }
.status { display: inline-block; padding: 1px 8px; border: 1px solid #444; border-radius: 3px; }
.note { font-size: 8.5pt; color: #5b6470; margin-top: 10px; }
@page { size: A4; margin: 14mm; }
@media print { body { background: white; } main { box-shadow: none; margin: 0; padding: 0; } }
"""
_STATUS = {"draft": "下書き(未報告) / draft", "filed": "報告済み / filed",
           "dismissed": "取り下げ / dismissed"}


_JST = timezone(timedelta(hours=9))


def _e(value: object) -> str:
    return "" if value is None else escape(str(value), quote=True)


def _when(value: str | None) -> str:
    """An ISO time in Japan time, to the minute (the form's 年月日 時分)."""
    if not value:
        return ""
    t = datetime.fromisoformat(value).astimezone(_JST)
    return t.strftime("%Y年%m月%d日 %H:%M(日本時間)")


def _value(doc: Mapping[str, Any], field: str) -> str:
    if field == "classification":
        ja, en = doc["classification_ja"], doc["classification"]
        return f"{_e(ja)}<span class=\"en\">{_e(en)}</span>"
    if field == "kind":
        return f"{_e(doc['kind_ja'])}<span class=\"en\">{_e(doc['kind_en'])}</span>"
    if field == "position":
        return f"{doc['position']['lat']:.6f}, {doc['position']['lon']:.6f}"
    if field == "aircraft":
        return f"{_e(doc['registration'])}({_e(doc['model'])})"
    if field == "weather":
        w = doc["weather"]
        wind = "風速 未計測" if w["wind_mps"] is None else f"風速 {w['wind_mps']:g} m/s"
        return _e(f"{wind} {w['conditions']}".strip())
    if field == "landing_time":
        return _e(_when(doc["landing_time"]) or "着陸せず(制御不能・逸失) / did not land")
    if field == "occurred_at":
        return _e(_when(doc["occurred_at"]))
    value = doc.get(field)
    return _e(value if value not in (None, "") else "—")


def report_html(doc: Mapping[str, Any]) -> str:
    """The printable report."""
    rows = "".join(f"<tr><th>{_e(ja)}<span class=\"en\">{_e(en)}</span></th>"
                   f"<td>{_value(doc, field)}</td></tr>" for field, ja, en in REPORT_ITEMS)
    dismissed = (f"<p>取り下げ理由 / reason dismissed: {_e(doc['dismiss_reason'])}</p>"
                 if doc.get("dismiss_reason") else "")
    return ("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
            f"<title>事故等報告 {_e(doc['id'])}</title><style>{_CSS}</style></head><body><main>"
            "<h1>無人航空機に係る事故等の報告</h1>"
            "<p class=\"sub\">Report of an unmanned-aircraft accident or serious incident "
            "(Civil Aeronautics Act Art. 132-90)</p>"
            f"<p>報告番号 {_e(doc['id'])} <span class=\"status\">"
            f"{_e(_STATUS.get(doc['status'], doc['status']))}</span> "
            f"報告日時 {_e(_when(doc['filed_at']) or '—')}</p>{dismissed}"
            f"<table>{rows}</table>"
            "<p class=\"note\">国土交通省へはDIPS 2.0又は電話で直ちに報告すること。"
            " Report to MLIT at once through DIPS 2.0 or by phone.</p>"
            "</main></body></html>\n")
