"""A PNG of a route's ground-risk profile: the route coloured by risk over the scenario map,
and a chart of the risk along the route distance.

The base map (land, population shading, terrain, DIDs, roads, bases, no-fly areas, labels) is
the scenario map's own :func:`kizuna.scenario.render.draw_base_map`, zoomed to the route, so
the two maps look the same. Built without pyplot (headless); written atomically.
"""

from __future__ import annotations

import math
import os

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from shapely.geometry.base import BaseGeometry

from kizuna.atomic import atomic_path
from kizuna.errors import InvalidFile, InvalidInput
from kizuna.risk.route_risk import RouteRiskProfile
from kizuna.scenario.model import Scenario
from kizuna.scenario.render import FIGURE_DPI, draw_base_map, footnote, polygon_path

__all__ = ["render_risk_profile"]

_FIG_SIZE_IN = (10.0, 11.0)
_MAP_RECT = (0.08, 0.35, 0.78, 0.57)
_RISK_CBAR_RECT = (0.08, 0.275, 0.78, 0.012)
_CHART_RECT = (0.08, 0.065, 0.78, 0.15)
_CMAP = "viridis"
_DID_SHADE = "#c0392b"


def _route_bounds(profile: RouteRiskProfile, pad_m: float) -> tuple[float, float, float, float]:
    xs = [c for s in profile.segments for c in (s.start[0], s.end[0])]
    ys = [c for s in profile.segments for c in (s.start[1], s.end[1])]
    return min(xs) - pad_m, min(ys) - pad_m, max(xs) + pad_m, max(ys) + pad_m


def render_risk_profile(
    scenario: Scenario,
    route_profile: RouteRiskProfile,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    ground_risk_area: BaseGeometry | None = None,
) -> None:
    """Draw ``route_profile`` over ``scenario`` as a PNG at ``path`` (written atomically).

    The map colours each segment by its expected fatalities per km flown (log scale) over the
    population shading; the chart below plots the same value along the route distance, with
    the segments inside a DID shaded, and the total expected fatalities per flight.

    Parameters
    ----------
    ground_risk_area
        Optionally, the operational volume plus buffer (metric), outlined on the map.

    Raises
    ------
    InvalidInput
        When the profile has no segments or is in another CRS than the scenario.
    InvalidFile
        When ``path`` cannot be written.
    """
    p = route_profile
    if not p.segments:
        raise InvalidInput("route_profile: has no segments")
    if p.epsg != scenario.epsg:
        raise InvalidInput(f"route_profile: is in EPSG:{p.epsg}, the scenario in "
                           f"EPSG:{scenario.epsg}")
    per_km = np.array([s.expected_fatalities / s.length_m * 1000.0 for s in p.segments])
    positive = per_km[per_km > 0]
    vmax = float(positive.max()) if positive.size else 1e-12
    vmin = max(float(positive.min()) if positive.size else vmax / 10, vmax / 1e4)
    if vmin >= vmax:
        vmin = vmax / 10
    norm = LogNorm(vmin=vmin, vmax=vmax)
    shown = np.clip(per_km, vmin, vmax)

    fig = Figure(figsize=_FIG_SIZE_IN, dpi=FIGURE_DPI)
    fig.patch.set_facecolor("white")
    ax = fig.add_axes(_MAP_RECT)
    handles: list[Line2D] = []
    if ground_risk_area is not None and not ground_risk_area.is_empty:
        path_patch = polygon_path(ground_risk_area)
        if path_patch is not None:
            ax.add_patch(PathPatch(path_patch, facecolor="none", edgecolor="#1f4e9c", lw=1.2,
                                   ls=(0, (5, 3)), zorder=13))
            handles.append(Line2D([], [], color="#1f4e9c", lw=1.2, ls=(0, (5, 3)),
                                  label="Operational volume + ground risk buffer"))
    lines = [[s.start, s.end] for s in p.segments]
    ax.add_collection(LineCollection(lines, colors="black", linewidths=7.0, zorder=14,
                                     capstyle="round"))
    route_lc = LineCollection(lines, cmap=_CMAP, norm=norm, linewidths=4.5, zorder=15,
                              capstyle="round")
    route_lc.set_array(shown)
    ax.add_collection(route_lc)
    start, end = p.segments[0].start, p.segments[-1].end
    ax.plot(*start, marker="o", ms=9, color="white", mec="black", mew=1.5, zorder=16)
    ax.plot(*end, marker="s", ms=9, color="white", mec="black", mew=1.5, zorder=16)
    handles.append(Line2D([], [], ls="", marker="o", color="white", mec="black", mew=1.5,
                          label="Route start"))
    handles.append(Line2D([], [], ls="", marker="s", color="white", mec="black", mew=1.5,
                          label="Route end"))

    pad = max(1500.0, 3 * p.impact_spread_m, 0.15 * p.length_m)
    base = draw_base_map(fig, ax, scenario, bounds=_route_bounds(p, pad), margin=0.0,
                         keep_clear=[([start[0], end[0]], [start[1], end[1]], 8.0)])
    if base.colourbar is not None:  # align the population colourbar with the zoomed map
        box = ax.get_position()
        base.colourbar.set_position((0.885, box.y0 + 0.06 * box.height, 0.02,
                                     0.88 * box.height))
    keep = {"Land (coastline)", "Delivery base", "Settlement"}
    prefixes = ("DID", "Roads", "Operational", "Route", "Airport", "Drone Act", "Emergency")
    legend = [h for h in [*base.handles, *handles]
              if h.get_label() in keep or h.get_label().startswith(prefixes)]
    ax.legend(handles=legend, loc="upper left", fontsize=7, framealpha=0.9)

    cax = fig.add_axes(_RISK_CBAR_RECT)
    bar = fig.colorbar(route_lc, cax=cax, orientation="horizontal")
    bar.set_label("Route: expected fatalities per km flown (log scale)", fontsize=9)
    bar.ax.tick_params(labelsize=8)

    chart = fig.add_axes(_CHART_RECT)
    starts = np.array([s.start_distance_m for s in p.segments]) / 1000.0
    widths = np.array([s.length_m for s in p.segments]) / 1000.0
    cmap = route_lc.get_cmap()
    chart.bar(starts, per_km, width=widths, align="edge", color=cmap(norm(shown)),
              edgecolor="none")
    for s, x0, w in zip(p.segments, starts, widths, strict=True):
        if s.in_did:
            chart.axvspan(x0, x0 + w, color=_DID_SHADE, alpha=0.25, lw=0, zorder=0)
    chart.set_yscale("log")
    chart.set_ylim(vmin / 2, vmax * 2)
    chart.set_xlim(0, p.length_m / 1000.0)
    chart.set_xlabel("Distance along the route (km)", fontsize=9)
    chart.set_ylabel("fatalities / km", fontsize=9)
    chart.tick_params(labelsize=8)
    chart.grid(axis="y", color="#dddddd", lw=0.5)
    chart_handles = [Patch(facecolor=_DID_SHADE, alpha=0.25, label="inside a DID")]
    chart.legend(handles=chart_handles, loc="upper left", fontsize=7, frameon=False)

    im = p.impact
    fig.text(0.08, 0.965, title or f"Route ground-risk profile · {scenario.title}", fontsize=14,
             fontweight="bold", ha="left")
    fig.text(0.08, 0.942,
             f"Expected fatalities per flight {p.expected_fatalities:.2e}  ·  "
             f"{p.length_m / 1000:.1f} km, {p.flight_time_s / 60:.1f} min at "
             f"{p.cruise_mps:g} m/s  ·  failure rate {im.failure_rate_per_hour:g}/h  ·  "
             f"lethal area {im.lethal_area_m2:.2f} m²  ·  P(fatality) "
             f"{im.fatality_probability:.3f} at {im.impact_energy_j / 1000:.1f} kJ",
             fontsize=8.5, color="#333333", ha="left")
    fig.text(0.5, 0.012, footnote(scenario), fontsize=8, style="italic",
             color="#333333", ha="center")
    if not math.isfinite(p.expected_fatalities):
        raise InvalidInput("route_profile: expected fatalities are not finite")
    try:
        with atomic_path(path, suffix=".png") as tmp:
            fig.savefig(tmp, format="png", dpi=FIGURE_DPI, facecolor="white")
    except OSError as exc:
        raise InvalidFile(path, f"cannot write the risk profile ({exc.strerror or exc})") from None
