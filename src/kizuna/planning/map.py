"""Map overlays of a planned route for :func:`kizuna.scenario.render.render_map`: the route
coloured by ground risk, its crossings, camera-check points, take-off and drop spot."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import LogNorm, to_hex
from shapely.geometry import LineString, MultiPoint, Point

from kizuna.planning.interfaces import FatalityRate
from kizuna.planning.route import Route
from kizuna.scenario.model import Scenario

__all__ = ["route_overlays"]

#: Risk bands (expected fatalities per flight hour over the point) and their colours.
_BANDS = (1e-9, 1e-8, 1e-7, 1e-6)


def route_overlays(scenario: Scenario, route: Route, risk: FatalityRate,
                   step_m: float = 50.0) -> list[tuple[Any, dict[str, Any]]]:
    """Overlays: route pieces coloured by the fatality rate below them, then markers."""
    line = LineString([(w.x, w.y) for w in route.waypoints])
    n = max(2, int(line.length // step_m) + 1)
    at = np.linspace(0.0, line.length, n)
    pts = [line.interpolate(d) for d in at]
    mids = [line.interpolate(d) for d in (at[1:] + at[:-1]) / 2]
    rate = np.nan_to_num(np.asarray(risk.sample([p.x for p in mids], [p.y for p in mids]),
                                    float), nan=0.0) * 3600.0
    cmap = colormaps["plasma_r"]
    norm = LogNorm(vmin=_BANDS[0], vmax=_BANDS[-1])
    first_of_band: dict[int, tuple[Any, dict[str, Any]]] = {}
    rest: list[tuple[Any, dict[str, Any]]] = []
    for i in range(n - 1):
        band = int(np.searchsorted(_BANDS, rate[i]))
        colour = to_hex(cmap(norm(min(max(rate[i], _BANDS[0]), _BANDS[-1]))))
        style: dict[str, Any] = {"color": colour, "lw": 3.2, "solid_capstyle": "butt"}
        piece = (LineString([(pts[i].x, pts[i].y), (pts[i + 1].x, pts[i + 1].y)]), style)
        if band in first_of_band:
            rest.append(piece)
            continue
        lo = "0" if band == 0 else f"{_BANDS[band - 1]:.0e}"
        hi = f"{_BANDS[band]:.0e}" if band < len(_BANDS) else "more"
        style["label"] = f"Route, ground risk {lo}-{hi} fatalities/h"
        first_of_band[band] = piece
    # The legend follows the overlays' order: list the labelled pieces from low to high risk.
    out = [first_of_band[band] for band in sorted(first_of_band)] + rest
    first, last = route.waypoints[0], route.waypoints[-1]
    out.append((Point(first.x, first.y), {"color": "#1f4e9c", "marker": "s", "markersize": 9,
                                          "label": "Take-off (base)"}))
    out.append((Point(last.x, last.y), {"color": "#2ca02c", "marker": "*", "markersize": 15,
                                        "markeredgecolor": "black", "label": "Drop spot"}))
    if route.crossings:
        xs = [scenario.to_metric(c.lon, c.lat) for c in route.crossings]
        out.append((MultiPoint(xs), {"color": "black", "marker": "X", "markersize": 10,
                                     "markeredgecolor": "white",
                                     "label": "Road / railway crossing"}))
        checks = [scenario.to_metric(*c.camera_check) for c in route.crossings
                  if c.camera_check is not None]
        if checks:
            out.append((MultiPoint(checks), {"color": "#00b3b3", "marker": "o", "markersize": 7,
                                             "markeredgecolor": "black",
                                             "label": "Camera check before crossing"}))
    return out
