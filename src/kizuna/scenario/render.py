"""A printable map of a scenario: land, people, terrain, DIDs, transport, bases and no-fly areas.

The map is drawn in the scenario's metric CRS (so the scale bar is exact and the aspect is
true), with a WGS84 lon/lat graticule for orientation. The figure is built without pyplot, so
it renders headless (Agg) whatever backend the process uses; the PNG is written atomically.
Labels use the English names: the default font has no CJK glyphs.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from kizuna.atomic import atomic_path
from kizuna.errors import InvalidFile, InvalidInput
from kizuna.geo.crs import from_wgs84, to_wgs84
from kizuna.scenario.model import Scenario

__all__ = [
    "FIGURE_DPI",
    "FIGURE_SIZE_IN",
    "BaseMap",
    "KeepClear",
    "Overlay",
    "draw_base_map",
    "footnote",
    "polygon_path",
    "render_map",
]

#: Figure size (inches) and resolution: 1500 x 1500 px, legible when printed on A4.
FIGURE_SIZE_IN = (10.0, 10.0)
FIGURE_DPI = 150

#: An extra layer drawn on top: a shapely geometry in the scenario's metric CRS and matplotlib
#: style keywords (``label`` puts it in the legend), e.g. ``(route, {"color": "blue"})``.
Overlay = tuple[BaseGeometry, dict[str, Any]]

#: Markers that labels must not cover: metric x and y coordinates and a radius in pixels.
KeepClear = tuple[Sequence[float], Sequence[float], float]

Bounds = tuple[float, float, float, float]

# Map-axes rectangle in figure fractions; the colourbar sits right, the legend below.
_MAP_RECT = (0.08, 0.20, 0.78, 0.72)
_CBAR_RECT = (0.885, 0.32, 0.02, 0.48)

_SEA = "#cfe6f5"
_OUTSIDE = "#e4e4e4"
_LAND = "#f6f3ea"
_COAST = "#3d6480"
_CONTOUR = "#8b5a2b"
_DID = "#c0392b"
_DID_EDGE = "#7f0000"
_ROAD = "#e8892b"
_BASE = "#1f4e9c"
_NO_FLY: dict[str, tuple[str, str, str]] = {  # kind -> (colour, hatch, legend label)
    "airport": ("#d62728", "", "Airport premises (permission)"),
    "drone_act": ("#7b2cbf", "", "Drone Act zone (consent + police notice)"),
    "emergency": ("#c2185b", "xx", "Emergency airspace (no flight)"),
}
_LAYER_WORDS = {"population": "population", "terrain": "terrain", "did": "DIDs",
                "dids": "DIDs", "roads": "roads", "railways": "railways",
                "settlements": "settlements", "bases": "bases"}
_HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]


def _label(name: str, fallback: str) -> str:
    """``name`` if the default font can draw it, else ``fallback`` (no missing-glyph warnings)."""
    if name and all(ord(c) < 0x2000 for c in name):
        return name
    return fallback


def _words(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


#: The measured-or-generated layers a footnote speaks of, in its order.
_FOOTNOTE_LAYERS = ("population", "did", "terrain", "roads", "railways")


def footnote(scenario: Scenario) -> str:
    """One line saying which layers are synthetic, which are real (from the user's files, for
    a built scenario) and where the coastline comes from."""
    synthetic = [_LAYER_WORDS.get(s, s) for s in scenario.synthetic]
    parts: list[str] = []
    if synthetic:
        first = synthetic[0][:1].upper() + synthetic[0][1:]
        verb = "is" if len(synthetic) == 1 else "are"
        parts.append(f"{_words([first, *synthetic[1:]])} {verb} synthetic "
                     f"(seeded, seed {scenario.seed})")
    real = [_LAYER_WORDS.get(n, n) for n in _FOOTNOTE_LAYERS
            if n in scenario.sources and n not in scenario.synthetic
            and not scenario.sources[n].startswith(("none", "synthetic", "derived"))]
    if real:
        parts.append(f"real {_words(real)} from the files named in the summary's sources")
    derived = [n for n in _FOOTNOTE_LAYERS if n not in scenario.synthetic
               and scenario.sources.get(n, "").startswith("derived")]
    if derived:
        parts.append(f"{_words([_LAYER_WORDS.get(n, n) for n in derived])} derived by the "
                     "census rule")
    empty = [n for n in _FOOTNOTE_LAYERS if scenario.sources.get(n, "").startswith("none")]
    if empty:
        parts.append(f"no {_words([_LAYER_WORDS.get(n, n) for n in empty])} given")
    for layer in ("land", "coast", "coastline"):  # other sources: see the summary / export
        if layer in scenario.sources and layer not in scenario.synthetic:
            parts.append(f"coastline {scenario.sources[layer]}")
            break
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] if text else "Sources not recorded"


# -- geometry -> matplotlib -----------------------------------------------------------------------
def polygon_path(geom: BaseGeometry) -> MplPath | None:
    """A compound matplotlib path (holes included) for a (multi)polygon; None if it has none.

    Polygons inside a GeometryCollection are included; lines and points are not. Draw it with
    ``ax.add_patch(PathPatch(path, ...))``.
    """
    polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
    polys += [p for g in getattr(geom, "geoms", []) if g.geom_type == "MultiPolygon"
              for p in g.geoms]
    verts: list[np.ndarray[Any, Any]] = []
    codes: list[np.ndarray[Any, Any]] = []
    for poly in polys:
        if poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 3:
                continue
            c = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
            c[0] = MplPath.MOVETO
            c[-1] = MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _lines(geom: BaseGeometry) -> Iterable[np.ndarray[Any, Any]]:
    if geom.geom_type in ("LineString", "LinearRing"):
        yield np.asarray(geom.coords)[:, :2]
    elif geom.geom_type in ("Polygon",):
        yield np.asarray(geom.exterior.coords)[:, :2]
    elif hasattr(geom, "geoms"):
        for g in geom.geoms:
            yield from _lines(g)


def _add_area(ax: Axes, geom: BaseGeometry, **style: Any) -> None:
    path = polygon_path(geom)
    if path is not None:
        ax.add_patch(PathPatch(path, **style))


def _add_lines(ax: Axes, geoms: Iterable[BaseGeometry], **style: Any) -> None:
    for geom in geoms:
        for xy in _lines(geom):
            ax.plot(xy[:, 0], xy[:, 1], solid_capstyle="round", **style)


# -- extent, scale, graticule --------------------------------------------------------------------
def _extent(scenario: Scenario, bounds: Bounds | None, aspect: float, margin: float) -> Bounds:
    """Land bounds (within the rasters), or ``bounds`` when given, padded by ``margin`` of
    their larger side, widened to ``aspect`` (height / width of the map axes)."""
    rminx, rminy, rmaxx, rmaxy = scenario.terrain.bounds
    if bounds is not None:
        minx, miny, maxx, maxy = bounds
    else:
        land = scenario.land.intersection(box(rminx, rminy, rmaxx, rmaxy))
        minx, miny, maxx, maxy = (land.bounds if not land.is_empty
                                  else (rminx, rminy, rmaxx, rmaxy))
    pad = margin * max(maxx - minx, maxy - miny, 1000.0)
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    w, h = maxx - minx, maxy - miny
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    if h / w < aspect:
        h = w * aspect
    else:
        w = h / aspect
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _nice(value: float, steps: Sequence[float]) -> float:
    """The largest of ``steps`` not above ``value`` (the smallest step if all are above)."""
    fitting = [s for s in steps if s <= value]
    return max(fitting) if fitting else min(steps)


def _scale_bar(ax: Axes, width_m: float) -> None:
    from matplotlib.font_manager import FontProperties
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    km = _nice(width_m / 5000.0, [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100])
    label = f"{km:g} km"
    bar = AnchoredSizeBar(ax.transData, km * 1000.0, label, loc="lower left", pad=0.5,
                          borderpad=0.8, sep=4, frameon=True, size_vertical=width_m / 250.0,
                          color="black", fontproperties=FontProperties(size=9))
    bar.patch.set_alpha(0.85)
    bar.patch.set_edgecolor("#999999")
    ax.add_artist(bar)


def _north_arrow(ax: Axes) -> None:
    ax.annotate("N", xy=(0.955, 0.965), xytext=(0.955, 0.875), xycoords="axes fraction",
                textcoords="axes fraction", ha="center", va="center", fontsize=13,
                fontweight="bold", zorder=20, path_effects=_HALO,
                arrowprops={"facecolor": "black", "edgecolor": "white", "width": 5,
                            "headwidth": 14, "headlength": 12})


def _graticule(ax: Axes, epsg: int, ext: tuple[float, float, float, float]) -> None:
    """Lon/lat lines (projected, so slightly tilted) with their labels on the axes' edges."""
    minx, miny, maxx, maxy = ext
    corners_x = np.array([minx, maxx, maxx, minx])
    corners_y = np.array([miny, miny, maxy, maxy])
    lons, lats = to_wgs84(corners_x, corners_y, epsg)
    west, east = float(lons.min()), float(lons.max())
    south, north = float(lats.min()), float(lats.max())
    steps = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0]
    step = min((s for s in steps if (east - west) / s <= 6), default=steps[-1])
    lat_step = min((s for s in steps if (north - south) / s <= 6), default=steps[-1])
    step = lat_step = max(step, lat_step)  # square cells read better
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    xt: list[float] = []
    xl: list[str] = []
    yt: list[float] = []
    yl: list[str] = []
    dense = np.linspace(0.0, 1.0, 60)
    for lon in np.arange(math.ceil(west / step) * step, east, step):
        x, y = from_wgs84(np.full(60, lon), south - step + dense * (north - south + 2 * step),
                          epsg)
        ax.plot(x, y, color="#6f8797", lw=0.4, ls=(0, (2, 3)), zorder=1.5)
        cross = float(np.interp(miny, y, x))
        if minx < cross < maxx:
            xt.append(cross)
            xl.append(f"{lon:.{decimals}f}°E")
    for lat in np.arange(math.ceil(south / lat_step) * lat_step, north, lat_step):
        x, y = from_wgs84(west - step + dense * (east - west + 2 * step), np.full(60, lat), epsg)
        ax.plot(x, y, color="#6f8797", lw=0.4, ls=(0, (2, 3)), zorder=1.5)
        cross = float(np.interp(minx, x, y))
        if miny < cross < maxy:
            yt.append(cross)
            yl.append(f"{lat:.{decimals}f}°N")
    ax.set_xticks(xt, xl, fontsize=8)
    ax.set_yticks(yt, yl, fontsize=8, rotation=90, va="center")


# -- layers ----------------------------------------------------------------------------------------
def _draw_population(fig: Figure, ax: Axes, scenario: Scenario) -> Axes | None:
    """Shade people/km²; return the colourbar's axes (None when nobody lives there)."""
    values = np.asarray(scenario.population.values, dtype=float)
    positive = values[np.isfinite(values) & (values > 0)]
    if positive.size == 0:
        return None
    vmax = float(positive.max())
    vmin = max(1.0, min(float(np.percentile(positive, 2)), vmax / 10.0))
    shown = np.ma.masked_where(~np.isfinite(values) | (values <= 0), values)
    minx, miny, maxx, maxy = scenario.population.bounds
    image = ax.imshow(np.ma.clip(shown, vmin, vmax), extent=(minx, maxx, miny, maxy),
                      origin="upper", cmap="YlOrRd", norm=LogNorm(vmin=vmin, vmax=vmax),
                      alpha=0.7, interpolation="nearest", zorder=2)
    cax = fig.add_axes(_CBAR_RECT)
    bar = fig.colorbar(image, cax=cax)
    synthetic = " (synthetic)" if "population" in scenario.synthetic else ""
    bar.set_label(f"people/km²{synthetic}", fontsize=9)
    bar.ax.tick_params(labelsize=8)
    return cax


def _draw_terrain(ax: Axes, scenario: Scenario) -> bool:
    t = scenario.terrain
    z = np.ma.masked_invalid(np.asarray(t.values, dtype=float))
    top = float(z.max()) if z.count() else 0.0
    step = 100.0 if top >= 300 else 50.0 if top >= 100 else 20.0
    levels = np.arange(step, top, step)
    if levels.size == 0:
        return False
    rows, cols = t.shape
    w, h = t.cell_size
    x0, y0 = t.transform.c, t.transform.f
    xs = x0 + (np.arange(cols) + 0.5) * w
    ys = y0 - (np.arange(rows) + 0.5) * h
    cs = ax.contour(xs, ys, z, levels=levels, colors=_CONTOUR, linewidths=0.45, alpha=0.75,
                    zorder=3)
    labelled = [lv for lv in levels if lv % (2 * step) == 0] or list(levels[:1])
    ax.clabel(cs, levels=labelled, fmt="%d m", fontsize=6, inline=True, inline_spacing=2)
    return True


# Offsets (points) and alignments tried in turn for a label beside its anchor.
_RIGHT = ((6, 0), "left", "center")
_LEFT = ((-6, 0), "right", "center")
_ABOVE = ((0, 7), "center", "bottom")
_BELOW = ((0, -8), "center", "top")


@dataclass
class _Label:
    """A label to place beside (x, y); ``must`` labels are drawn even when they collide."""

    x: float
    y: float
    text: str
    style: dict[str, Any]
    places: tuple[tuple[tuple[int, int], str, str], ...] = (_RIGHT, _LEFT, _ABOVE, _BELOW)
    must: bool = False


class _Labeller:
    """Greedy label placement: the first candidate position that overlaps nothing placed."""

    def __init__(self, fig: Figure, ax: Axes) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.ax = ax
        self.renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
        self.taken: list[Bbox] = []
        self.frame = ax.get_window_extent(self.renderer)

    def block_points(self, xs: Sequence[float], ys: Sequence[float], radius_px: float) -> None:
        """Keep labels off markers drawn at these data points."""
        for x, y in zip(xs, ys, strict=True):
            px, py = self.ax.transData.transform((x, y))
            self.taken.append(Bbox.from_extents(px - radius_px, py - radius_px,
                                                px + radius_px, py + radius_px))

    def place(self, label: _Label) -> None:
        minx, maxx = self.ax.get_xlim()
        miny, maxy = self.ax.get_ylim()
        if not (minx < label.x < maxx and miny < label.y < maxy):
            return
        first = None
        for offset, ha, va in label.places:
            text = self.ax.annotate(label.text, (label.x, label.y), xytext=offset,
                                    textcoords="offset points", ha=ha, va=va,
                                    path_effects=_HALO, annotation_clip=True,
                                    **{"zorder": 12, **label.style})
            box_px = text.get_window_extent(self.renderer).expanded(1.04, 1.1)
            inside = (box_px.x0 >= self.frame.x0 and box_px.x1 <= self.frame.x1
                      and box_px.y0 >= self.frame.y0 and box_px.y1 <= self.frame.y1)
            if inside and not any(box_px.overlaps(t) for t in self.taken):
                if first is not None:
                    first[0].remove()
                self.taken.append(box_px)
                return
            if first is None and label.must:
                first = (text, box_px)
            else:
                text.remove()
        if first is not None:
            self.taken.append(first[1])


def _draw_overlay(ax: Axes, geom: BaseGeometry, style: dict[str, Any]) -> list[Any]:
    """Draw one overlay; return the artist to put in the legend (if it has a label)."""
    label = style.pop("label", None)
    artists: list[Any] = []
    if geom.geom_type in ("Point", "MultiPoint"):
        pts = [geom] if geom.geom_type == "Point" else list(getattr(geom, "geoms", []))
        style.setdefault("marker", "o")
        style.setdefault("ls", "")
        artists += ax.plot([p.x for p in pts], [p.y for p in pts], zorder=14, **style)
    elif "Polygon" in geom.geom_type:
        style.setdefault("alpha", 0.3)
        path = polygon_path(geom)
        if path is not None:
            artists.append(ax.add_patch(PathPatch(path, zorder=14, **style)))
    else:
        style.setdefault("lw", 2.0)
        for xy in _lines(geom):
            artists += ax.plot(xy[:, 0], xy[:, 1], zorder=14, **style)
    if label and artists:
        artists[0].set_label(str(label))
        return [artists[0]]
    return []


def _any_in(view: BaseGeometry, geometries: Iterable[BaseGeometry]) -> bool:
    return any(g.intersects(view) for g in geometries)


@dataclass
class _Drawn:
    handles: list[Any]
    labels: list[_Label]
    markers: list[KeepClear]
    colourbar: Axes | None


def _draw(fig: Figure, ax: Axes, scenario: Scenario, extra: Sequence[Overlay],
          view: BaseGeometry) -> _Drawn:
    """Draw every layer; a layer gets a legend entry only when some of it is in ``view``."""
    s = scenario
    handles: list[Any] = [Patch(facecolor=_LAND, edgecolor=_COAST, label="Land (coastline)")]
    labels: list[_Label] = []
    markers: list[KeepClear] = []
    _add_area(ax, s.land, facecolor=_LAND, edgecolor="none", zorder=1)
    # Outline only the real coast: where land is cut by the scenario frame there is no shore.
    frame = box(*s.terrain.bounds).exterior.buffer(1.0)
    _add_lines(ax, [s.land.boundary.difference(frame)], color=_COAST, linewidth=0.8, zorder=1)
    colourbar = _draw_population(fig, ax, s)
    if _draw_terrain(ax, s):
        tag = " (synthetic)" if "terrain" in s.synthetic else ""
        handles.append(Line2D([], [], color=_CONTOUR, lw=0.8, label=f"Terrain contours{tag}"))
    if s.bases:
        bx, by = from_wgs84([b.lon for b in s.bases], [b.lat for b in s.bases], s.epsg)
        ax.scatter(bx, by, s=110, marker="^", color=_BASE, edgecolor="white", linewidth=1.0,
                   zorder=11)
        markers.append((bx.tolist(), by.tolist(), 9.0))
        labels += [_Label(float(x), float(y), _label(b.name, b.id),
                          {"fontsize": 8, "color": _BASE, "fontweight": "bold"}, must=True)
                   for b, x, y in zip(s.bases, bx, by, strict=True)]
        if _any_in(view, [Point(x, y) for x, y in zip(bx, by, strict=True)]):
            handles.append(Line2D([], [], ls="", marker="^", color=_BASE, markersize=9,
                                  markeredgecolor="white", label="Delivery base"))
    if len(s.did):
        for f in s.did:
            # A white casing keeps the red outline readable over the red population shading.
            _add_area(ax, f.geometry, facecolor="none", edgecolor="white", linewidth=3.4,
                      zorder=3.9)
            _add_area(ax, f.geometry, facecolor="none", edgecolor=_DID_EDGE, hatch="////",
                      linewidth=1.7, zorder=4)
        for f in list(s.did)[:6]:
            minx, miny, maxx, maxy = f.geometry.bounds
            pop = f.properties.get("population")
            txt = str(f.properties.get("id", "DID"))
            if pop is not None:
                txt += f" · {int(pop):,} people"
            # Beside the district rather than on it, so labels inside it stay readable.
            labels.append(_Label((minx + maxx) / 2, maxy, txt,
                                 {"fontsize": 7, "color": _DID, "fontweight": "bold"},
                                 places=(((0, 3), "center", "bottom"), _RIGHT, _LEFT,
                                         _BELOW), must=True))
        tag = " (synthetic)" if {"did", "dids"} & set(s.synthetic) else ""
        # An official district file says so; otherwise the districts were derived.
        how = "e-Stat" if s.sources.get("did", "").startswith("e-Stat") else "census rule"
        if _any_in(view, [f.geometry for f in s.did]):
            handles.append(Patch(facecolor="white", edgecolor=_DID_EDGE, hatch="////",
                                 label=f"DID ({how}){tag}"))
    if len(s.roads):
        _add_lines(ax, s.roads.geometries, color="#9a5a14", lw=2.0, zorder=5)
        _add_lines(ax, s.roads.geometries, color=_ROAD, lw=1.2, zorder=5.1)
        tag = " (synthetic)" if "roads" in s.synthetic else ""
        if _any_in(view, s.roads.geometries):
            handles.append(Line2D([], [], color=_ROAD, lw=1.6, label=f"Roads{tag}"))
    if len(s.railways):
        _add_lines(ax, s.railways.geometries, color="black", lw=2.6, zorder=6)
        _add_lines(ax, s.railways.geometries, color="white", lw=1.4, ls=(0, (4, 4)), zorder=6.1)
        tag = " (synthetic)" if "railways" in s.synthetic else ""
        if _any_in(view, s.railways.geometries):
            handles.append(Line2D([], [], color="black", lw=2.6, label=f"Railway{tag}"))
    _draw_airport_surfaces(ax, s, view, labels, handles)
    seen_kinds: list[str] = []
    for area in s.no_fly_areas():
        colour, hatch, legend = _NO_FLY.get(area.kind, ("#d62728", "", area.kind))
        _add_area(ax, area.area, facecolor=colour, alpha=0.22, linewidth=0, zorder=7)
        _add_area(ax, area.area, facecolor="none", edgecolor=colour, hatch=hatch or None,
                  linewidth=1.2, zorder=7.1)
        minx, miny, maxx, maxy = area.area.bounds
        labels.append(_Label((minx + maxx) / 2, miny, _label(area.name, area.id),
                             {"fontsize": 7, "color": colour, "fontweight": "bold"},
                             places=(((0, -3), "center", "top"), ((0, 3), "center", "bottom")),
                             must=True))
        if area.kind not in seen_kinds and _any_in(view, [area.area]):
            seen_kinds.append(area.kind)
            handles.append(Patch(facecolor=colour, alpha=0.35, edgecolor=colour,
                                 hatch=hatch or None, label=legend))
    if s.settlements:
        sx, sy = from_wgs84([t.lon for t in s.settlements], [t.lat for t in s.settlements],
                            s.epsg)
        ax.scatter(sx, sy, s=14, color="#333333", edgecolor="white", linewidth=0.6, zorder=10)
        markers.append((sx.tolist(), sy.tolist(), 3.0))
        base_names = " ".join(b.name.lower() for b in s.bases)
        for t, x, y in zip(s.settlements, sx, sy, strict=True):
            if t.name and t.name.lower() in base_names:
                continue  # the base's label already names the place
            labels.append(_Label(float(x), float(y), _label(t.name, t.id),
                                 {"fontsize": 7, "color": "#222222"}))
        if _any_in(view, [Point(x, y) for x, y in zip(sx, sy, strict=True)]):
            handles.append(Line2D([], [], ls="", marker="o", color="#333333", markersize=5,
                                  label="Settlement"))
    for geom, style in extra:
        handles += _draw_overlay(ax, geom, dict(style))
    return _Drawn(handles, labels, markers, colourbar)


@dataclass(frozen=True)
class BaseMap:
    """What `draw_base_map` drew that the caller lays out around the map.

    Parameters
    ----------
    handles
        Legend handles, in legend order: sea (and outside the scenario area, when in view),
        then the layers, then the labelled overlays.
    extent
        The metric (minx, miny, maxx, maxy) shown.
    colourbar
        The axes of the population colourbar, beside the map; None without population.
    """

    handles: list[Any]
    extent: Bounds
    colourbar: Axes | None


_SURFACE = "#b03060"
_SURFACE_STYLE: dict[str, dict[str, Any]] = {
    "horizontal": {"facecolor": "none", "edgecolor": _SURFACE, "linewidth": 1.3,
                   "linestyle": (0, (6, 3))},
    "approach": {"facecolor": _SURFACE, "alpha": 0.24, "edgecolor": _SURFACE, "linewidth": 0.9},
    "transitional": {"facecolor": "none", "edgecolor": _SURFACE, "hatch": "..",
                     "linewidth": 0.6},
    "conical": {"facecolor": "none", "edgecolor": _SURFACE, "linewidth": 0.8,
                "linestyle": (0, (2, 3))},
    "outer horizontal": {"facecolor": "none", "edgecolor": _SURFACE, "linewidth": 0.8,
                         "linestyle": (0, (1, 3))},
}


def _surface_text(name: str, low: float, high: float) -> str:
    heights = f"{low:.0f} m" if abs(high - low) < 0.5 else f"{low:.0f}-{high:.0f} m"
    return f"{name.split(' ')[0] if name.startswith('approach') else name} {heights} AMSL"


def _draw_airport_surfaces(ax: Axes, s: Scenario, view: BaseGeometry, labels: list[_Label],
                           handles: list[Any]) -> None:
    """Each airport's restricted surfaces: footprint and the heights (m above sea level) above
    which a flight needs the airport's permission. The strip is drawn as premises (no-fly)."""
    drawn = False
    for airport in s.airports:
        if airport.surfaces is None:
            continue
        for fp in airport.surfaces.footprints():
            kind = "approach" if fp.name.startswith("approach") else fp.name
            style = _SURFACE_STYLE.get(kind)
            if style is None or not _any_in(view, [fp.area]):
                continue
            _add_area(ax, fp.area, zorder=6.6, **style)
            drawn = True
            if kind == "horizontal":
                minx, _miny, maxx, maxy = fp.area.bounds
                at = ((minx + maxx) / 2, maxy)
                places: tuple[tuple[tuple[int, int], str, str], ...] = (
                    ((0, -3), "center", "top"), ((0, 3), "center", "bottom"))
            else:
                point = fp.area.representative_point()
                at = (point.x, point.y)
                places = (_RIGHT, _LEFT, _ABOVE, _BELOW)
            if fp.name == "horizontal" or fp.name == "approach b":  # both approaches alike
                labels.append(_Label(at[0], at[1], _surface_text(fp.name, fp.low_amsl_m,
                                                                 fp.high_amsl_m),
                                     {"fontsize": 6.5, "color": _SURFACE}, places=places,
                                     must=kind == "horizontal"))
    if drawn:
        handles.append(Patch(facecolor=_SURFACE, alpha=0.3, edgecolor=_SURFACE,
                             label="Airport restricted surfaces (permission above, m AMSL)"))


def draw_base_map(
    fig: Figure,
    ax: Axes,
    scenario: Scenario,
    *,
    extra: Sequence[Overlay] = (),
    bounds: Bounds | None = None,
    margin: float = 0.04,
    keep_clear: Sequence[KeepClear] = (),
) -> BaseMap:
    """Draw the scenario map inside ``ax``, a map axes already placed on ``fig``.

    Draws the sea and the grey outside of the scenario's rasters, every layer, the overlays,
    then fixes the extent (equal aspect, filling the axes), and adds the graticule, scale bar,
    north arrow and the labels (placed so they overlap nothing). Title, legend and footnote
    are the caller's.

    Parameters
    ----------
    extra
        Overlays drawn on top (see `Overlay`), in the scenario's metric CRS.
    bounds
        Metric (minx, miny, maxx, maxy) to show; the scenario's land by default. The extent is
        ``bounds`` padded by ``margin`` of their larger side (at least 1 km), then widened to
        the axes' aspect.
    keep_clear
        Markers the caller drew (or will draw) that labels must not cover.

    Raises
    ------
    InvalidInput
        When ``bounds`` is not a box.
    """
    if bounds is not None and not (len(bounds) == 4 and all(map(math.isfinite, bounds))
                                   and bounds[0] < bounds[2] and bounds[1] < bounds[3]):
        raise InvalidInput(f"bounds: not a (minx, miny, maxx, maxy) box: {bounds}",
                           field="bounds")
    fig_w, fig_h = fig.get_size_inches()
    rect = ax.get_position()
    ext = _extent(scenario, bounds, (rect.height * fig_h) / (rect.width * fig_w), margin)
    # Outside the scenario's rasters nothing is known (it may be land): grey, not sea.
    ax.set_facecolor(_OUTSIDE)
    rminx, rminy, rmaxx, rmaxy = scenario.terrain.bounds
    ax.add_patch(Rectangle((rminx, rminy), rmaxx - rminx, rmaxy - rminy, facecolor=_SEA,
                           edgecolor="none", zorder=0))
    drawn = _draw(fig, ax, scenario, list(extra), box(*ext))
    handles = drawn.handles
    handles.insert(0, Patch(facecolor=_SEA, edgecolor="none", label="Sea"))
    if not box(*ext).within(box(rminx, rminy, rmaxx, rmaxy)):
        handles.insert(1, Patch(facecolor=_OUTSIDE, edgecolor="none",
                                label="Outside the scenario area"))
    minx, miny, maxx, maxy = ext
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal", adjustable="box")
    ax.apply_aspect()
    _graticule(ax, scenario.epsg, ext)
    _scale_bar(ax, maxx - minx)
    _north_arrow(ax)
    labeller = _Labeller(fig, ax)
    for xs, ys, radius in [*drawn.markers, *keep_clear]:
        labeller.block_points(list(xs), list(ys), radius)
    for label in drawn.labels:
        labeller.place(label)
    for spine in ax.spines.values():
        spine.set_edgecolor("#555555")
    return BaseMap(handles, ext, drawn.colourbar)


def render_map(scenario: Scenario, path: str | os.PathLike[str], *, title: str | None = None,
               extra: Sequence[Overlay] | None = None, bounds: Bounds | None = None) -> None:
    """Draw ``scenario`` as a 1500 x 1500 px PNG map at ``path`` (written atomically).

    Parameters
    ----------
    scenario
        The scenario to draw.
    path
        Target PNG file; its directory is created if needed.
    title
        Map title; the scenario's title by default.
    extra
        Overlays drawn on top, e.g. planned routes: ``[(LineString, {"color": "blue",
        "label": "Route 1"}), ...]`` with geometries in the scenario's metric CRS.
    bounds
        Metric (minx, miny, maxx, maxy) to zoom to, e.g. a permit's area; the map is padded
        and widened to its aspect. The scenario's land by default.

    Raises
    ------
    InvalidFile
        When ``path`` cannot be written.
    InvalidInput
        When ``bounds`` is not a box.
    """
    fig = Figure(figsize=FIGURE_SIZE_IN, dpi=FIGURE_DPI)
    fig.patch.set_facecolor("white")
    ax = fig.add_axes(_MAP_RECT)
    handles = draw_base_map(fig, ax, scenario, extra=extra or (), bounds=bounds).handles
    fig.text(0.08, 0.965, title or scenario.title, fontsize=15, fontweight="bold", ha="left")
    fig.text(0.08, 0.938, f"Scenario '{scenario.name}'  ·  map grid JGD2011 EPSG:{scenario.epsg}"
             f"  ·  graticule WGS84  ·  seed {scenario.seed}", fontsize=9, color="#444444",
             ha="left")
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.155), ncol=3,
               fontsize=8, frameon=False, handlelength=2.2, columnspacing=1.5)
    fig.text(0.5, 0.018, footnote(scenario), fontsize=8, style="italic", color="#333333",
             ha="center", wrap=True)
    try:
        with atomic_path(path, suffix=".png") as tmp:
            fig.savefig(tmp, format="png", dpi=FIGURE_DPI, facecolor="white")
    except OSError as exc:
        raise InvalidFile(path, f"cannot write the map ({exc.strerror or exc})") from None
