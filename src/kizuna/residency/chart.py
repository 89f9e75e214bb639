"""The median-processing-days chart, rendered to PNG (an exporter: it writes one file).

One line per prefecture and certification: solid for certified companies, dashed for the
others, with the programme target as a horizontal line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from kizuna.atomic import atomic_path
from kizuna.errors import InvalidInput
from kizuna.residency.dashboard import MedianRow

__all__ = ["render_median_chart"]


def render_median_chart(rows: Sequence[MedianRow], target: str | os.PathLike[str],
                        target_days: int = 30, title: str = "") -> Path:
    """Draw median processing days by month and write the PNG atomically to ``target``."""
    if not rows:
        raise InvalidInput("chart: no decided cases to draw")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    months = sorted({r.month for r in rows})
    x = {m: i for i, m in enumerate(months)}
    fig = Figure(figsize=(9, 4.8), dpi=110)
    ax = fig.add_subplot()
    colours = ["#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#66406e"]
    for n, prefecture in enumerate(sorted({r.prefecture for r in rows})):
        for certified in (True, False):
            series = sorted((r for r in rows
                             if r.prefecture == prefecture and r.certified_company == certified),
                            key=lambda r: r.month)
            if not series:
                continue
            ax.plot([x[r.month] for r in series], [r.median_days for r in series],
                    color=colours[n % len(colours)], linestyle="-" if certified else "--",
                    marker="o" if certified else "s", markersize=4,
                    label=f"{prefecture} – {'certified' if certified else 'not certified'}")
    ax.axhline(target_days, color="grey", linewidth=1, linestyle=":",
               label=f"fast-track target {target_days} days")
    ax.set_xticks(range(len(months)), months, rotation=45, ha="right")
    ax.set_ylabel("median processing days (calendar, pauses excluded)")
    ax.set_xlabel("month of decision")
    top = max(max(r.median_days for r in rows), target_days)
    ax.set_ylim(0, top * 1.45)  # headroom so the legend does not hide a line
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(title or "Certificate of Eligibility: median processing days")
    ax.legend(fontsize=8, ncol=2, loc="upper left")
    fig.tight_layout()
    out = Path(target)
    with atomic_path(out, suffix=".png") as tmp:
        fig.savefig(tmp, format="png")
    return out
