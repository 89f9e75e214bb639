"""Plots and the self-contained HTML report of a simulated day (files written atomically).

Plot labels are English (matplotlib's default font has no CJK glyphs); the HTML report around
them is Japanese first.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from shapely.geometry import LineString, Point

from kizuna.atomic import write_bytes, write_text
from kizuna.dispatch import Leg
from kizuna.scenario.render import render_map
from kizuna.sim.engine import DayResult
from kizuna.sim.kpis import delivery_minutes
from kizuna.sim.world import World

__all__ = ["write_histogram", "write_map", "write_report", "write_utilisation"]

_OUTCOME_COLOUR = {"delivered": "#1f5fbf", "link_loss": "#e08a00", "battery_anomaly": "#c0102a"}


def write_map(world: World, day: DayResult, path: Path) -> None:
    """The day's flights over the scenario map (``render_map`` with overlays)."""
    s = world.scenario
    counts: dict[tuple[str, str, str], int] = {}
    legs: dict[tuple[str, str], Leg] = {}
    for f in day.flights:
        key = (f.base_id, f.drop_spot_id, f.outcome)
        counts[key] = counts.get(key, 0) + 1
        for k, leg in world.legs.items():
            if k[0] == f.base_id and k[1] == f.drop_spot_id:
                legs[(f.base_id, f.drop_spot_id)] = leg
                break
    extra: list[Any] = []
    labelled: set[str] = set()
    for (base, spot, outcome), n in sorted(counts.items()):
        found = legs.get((base, spot))
        if found is None:
            continue
        line = LineString([(w.x, w.y) for w in found.route.waypoints])
        label = {"delivered": "Flights (width = count)", "link_loss": "Link loss -> base",
                 "battery_anomaly": "Battery anomaly"}[outcome]
        extra.append((line, {"color": _OUTCOME_COLOUR[outcome], "lw": 0.8 + 0.5 * n,
                             "alpha": 0.8,
                             "label": label if label not in labelled else None}))
        labelled.add(label)
    used = {f.drop_spot_id for f in day.flights}
    for pad in world.drop_spots:
        x, y = s.to_metric(pad.lon, pad.lat)
        extra.append((Point(x, y), {"color": "#2ca02c" if pad.id in used else "#999999",
                                    "markersize": 4,
                                    "label": "Drop spot" if "spot" not in labelled else None}))
        labelled.add("spot")
    xs = [s.to_metric(p.lon, p.lat)[0] for p in world.drop_spots]
    ys = [s.to_metric(p.lon, p.lat)[1] for p in world.drop_spots]
    for b in s.bases:
        bx, by = s.to_metric(b.lon, b.lat)
        xs.append(bx)
        ys.append(by)
    margin = 2500.0
    render_map(s, path, title=f"Flights of the day ({day.policy}, seed "
               f"{day.config.seed}, {len(day.flights)} flights)", extra=extra,
               bounds=(min(xs) - margin, min(ys) - margin, max(xs) + margin,
                       max(ys) + margin))


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return buf.getvalue()


def write_histogram(days: dict[str, DayResult], path: Path) -> None:
    """Delivery minutes, one histogram per policy."""
    fig = Figure(figsize=(8, 4.5))
    ax = fig.add_subplot()
    data = {k: delivery_minutes(d) for k, d in days.items()}
    top = max((max(v) for v in data.values() if v), default=60.0)
    bins = [i * 5.0 for i in range(int(top // 5) + 2)]
    for (name, mins), colour in zip(data.items(), ("#1f5fbf", "#d62728"), strict=False):
        ax.hist(mins, bins=bins, alpha=0.55, color=colour, label=f"{name} (n={len(mins)})")
    ax.set_xlabel("Minutes from order to delivery")
    ax.set_ylabel("Orders")
    ax.set_title("Delivery time")
    ax.legend()
    write_bytes(path, _png(fig))


def write_utilisation(days: dict[str, DayResult], path: Path) -> None:
    """Share of aircraft in the air over the day, per policy, with the wind."""
    fig = Figure(figsize=(8, 4.5))
    ax = fig.add_subplot()
    for (name, d), colour in zip(days.items(), ("#1f5fbf", "#d62728"), strict=False):
        t = [d.start.hour + d.start.minute / 60 + s / 3600 for s, _ in d.busy_samples]
        ax.step(t, [100 * v for _, v in d.busy_samples], where="post", color=colour,
                label=f"{name}")
    ax.set_xlabel("Local time (h)")
    ax.set_ylabel("Aircraft in the air (%)")
    ax.set_ylim(0, 100)
    ax2 = ax.twinx()
    d0 = next(iter(days.values()))
    ax2.plot([d0.start.hour + s / 3600 for s, _ in d0.wind_samples],
             [w for _, w in d0.wind_samples], color="#888888", ls="--", label="wind")
    ax2.axhline(d0.config.dispatch.wind_limit_mps, color="#888888", lw=0.8, ls=":")
    ax2.set_ylabel("Wind (m/s)")
    ax.set_title("Utilisation over the day")
    ax.legend(loc="upper left")
    write_bytes(path, _png(fig))


def _img(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()


_ROWS = (
    ("orders", "注文数 / Orders", "{:.0f}"), ("delivered", "配達完了 / Delivered", "{:.0f}"),
    ("rejected", "受付不可 / Rejected", "{:.0f}"), ("failed", "失敗 / Failed", "{:.0f}"),
    ("on_time_rate", "時間内配達率 / On-time rate", "{:.1%}"),
    ("delivery_minutes_p50", "配達時間 中央値 (分) / Delivery min p50", "{:.1f}"),
    ("delivery_minutes_p90", "配達時間 90% (分) / Delivery min p90", "{:.1f}"),
    ("medical_minutes_p50", "医薬品 中央値 (分) / Medical min p50", "{:.1f}"),
    ("utilisation", "機体稼働率 / Utilisation", "{:.1%}"),
    ("deliveries_per_aircraft_hour", "機体時間あたり配達 / Deliveries per aircraft-hour",
     "{:.2f}"),
    ("energy_wh_per_delivery", "配達あたり電力量 (Wh) / Energy per delivery", "{:.0f}"),
    ("km_flown", "飛行距離 (km) / km flown", "{:.1f}"),
    ("did_overflight_km", "DID上空 (km) / DID overflight km", "{:.2f}"),
    ("crossings", "道路・鉄道横断 / Crossings", "{:.0f}"),
    ("expected_fatalities", "期待死亡数 / Expected fatalities", "{:.2e}"),
    ("conflicts", "空域競合 / Conflicts (must be 0)", "{:.0f}"),
    ("permit_violations", "許可違反 / Permit violations (must be 0)", "{:.0f}"),
)


def _fmt(fmt: str, v: Any) -> str:
    if isinstance(v, dict):
        return f"{fmt.format(v['mean'])} ± {fmt.format(v['ci95']).lstrip('+')}"
    return fmt.format(v)


def write_report(path: Path, kpis: dict[str, Any], images: dict[str, Path],
                 command: str) -> None:
    """A self-contained HTML report (images inlined as data: URIs), Japanese first."""
    pols = kpis["policies"]
    names = list(pols)
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    rows = []
    for key, label, fmt in _ROWS:
        cells = "".join(f"<td>{html.escape(_fmt(fmt, pols[n].get(key, 0)))}</td>"
                        for n in names)
        rows.append(f"<tr><th scope='row'>{label}</th>{cells}</tr>")
    cmp_ = kpis.get("comparison", {})
    cmp_rows = "".join(f"<tr><th scope='row'>{html.escape(k)}</th><td>{v:.3f}</td></tr>"
                       for k, v in cmp_.items())
    figs = "".join(f"<figure><img alt='{html.escape(t)}' src='{_img(p)}'>"
                   f"<figcaption>{html.escape(t)}</figcaption></figure>"
                   for t, p in images.items())
    cfg = kpis["config"]
    text = f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<title>シミュレーション報告 / Simulated service day</title>
<style>
body {{ font-family: "Noto Sans CJK JP", "Hiragino Sans", sans-serif; margin: 2em auto;
       max-width: 1100px; font-size: 17px; color: #222; }}
h1 {{ font-size: 1.6em; }} h2 {{ font-size: 1.25em; border-bottom: 2px solid #1f5fbf; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #bbb; padding: 0.35em 0.8em; text-align: right; }}
th[scope=row] {{ text-align: left; background: #f4f6fa; }}
figure {{ margin: 1em 0; }} img {{ max-width: 100%; border: 1px solid #ddd; }}
code {{ background: #f2f2f2; padding: 0.1em 0.3em; }}
.note {{ color: #555; font-size: 0.9em; }}
</style></head><body>
<h1>模擬運航日の報告 <span class="en">/ Simulated service day</span></h1>
<p>シナリオ / Scenario: <b>{html.escape(str(cfg['scenario']))}</b> ·
時間 / Hours: {cfg['hours']} · 機体 / Aircraft: {cfg['aircraft']} ·
シード / Seed: {cfg['seed']} · 反復 / Replications: {kpis['replications']}</p>
<p class="note">コマンド / Command: <code>{html.escape(command)}</code></p>
<h2>主要指標 <span class="en">/ KPIs</span></h2>
<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>
<p class="note">反復が複数の場合は平均 ± 95%信頼区間 / With several replications: mean ± 95 %
confidence half-width. 人口・地形・DIDは合成データ / population, terrain and DIDs are
synthetic (seeded).</p>
<h2>方針の比較 <span class="en">/ Policy comparison (same seeds)</span></h2>
<table><tbody>{cmp_rows}</tbody></table>
<h2>図 <span class="en">/ Figures</span></h2>
{figs}
</body></html>
"""
    write_text(path, text)
