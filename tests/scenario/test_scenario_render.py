"""The scenario map: a PNG of the expected size, written atomically, failing cleanly; the
base map other maps draw on."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath
from shapely.geometry import GeometryCollection, LineString, box

from kizuna.errors import InvalidFile, InvalidInput
from kizuna.scenario import load
from kizuna.scenario.model import Scenario
from kizuna.scenario.render import (
    FIGURE_DPI,
    FIGURE_SIZE_IN,
    draw_base_map,
    footnote,
    polygon_path,
    render_map,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE
    assert head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def test_render_writes_png_of_expected_size(tiny_scenario: Scenario, tmp_path: Path) -> None:
    """The map is a valid PNG of FIGURE_SIZE_IN x FIGURE_DPI pixels."""
    target = tmp_path / "map.png"
    render_map(tiny_scenario, target)
    expected = (round(FIGURE_SIZE_IN[0] * FIGURE_DPI), round(FIGURE_SIZE_IN[1] * FIGURE_DPI))
    assert _png_size(target) == expected


def test_render_leaves_no_temporary_files(tiny_scenario: Scenario, tmp_path: Path) -> None:
    """Only the target file is left in the directory (the temporary file was renamed)."""
    render_map(tiny_scenario, tmp_path / "map.png", title="Custom title")
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_render_creates_missing_directories(tiny_scenario: Scenario, tmp_path: Path) -> None:
    """A target in a directory that does not exist yet is written."""
    target = tmp_path / "a" / "b" / "map.png"
    render_map(tiny_scenario, target)
    assert target.is_file()


def test_render_accepts_route_overlays(tiny_scenario: Scenario, tmp_path: Path) -> None:
    """Overlays (a labelled line, a point, a polygon) are drawn without error."""
    x0, y0 = tiny_scenario.to_metric(128.83, 32.69)
    x1, y1 = tiny_scenario.to_metric(128.85, 32.71)
    route = LineString([(x0, y0), (x1, y1)])
    extra = [(route, {"color": "blue", "label": "Route A"}),
             (route.interpolate(0.5, normalized=True), {"color": "green"}),
             (route.buffer(150), {"facecolor": "cyan", "label": "Corridor"})]
    render_map(tiny_scenario, tmp_path / "map.png", extra=extra)
    assert _png_size(tmp_path / "map.png")[0] > 0


def test_render_unwritable_path_raises_invalid_file(tiny_scenario: Scenario,
                                                    tmp_path: Path) -> None:
    """A target under a regular file fails with InvalidFile, leaving nothing behind."""
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("x")
    with pytest.raises(InvalidFile, match="cannot write the map"):
        render_map(tiny_scenario, blocker / "map.png")
    assert [p.name for p in tmp_path.iterdir()] == ["not_a_dir"]


def test_render_replaces_an_existing_map(tiny_scenario: Scenario, tmp_path: Path) -> None:
    """An existing file at the target is replaced by the new PNG."""
    target = tmp_path / "map.png"
    target.write_bytes(b"old")
    render_map(tiny_scenario, target)
    assert target.read_bytes()[:8] == PNG_SIGNATURE


def test_footnote_names_synthetic_layers_and_sources(tiny_scenario: Scenario) -> None:
    """The footnote says which layers are synthetic, with the seed, and cites the coastline."""
    text = footnote(tiny_scenario)
    assert text.startswith("Population, terrain, DIDs, roads and railways are synthetic")
    assert "seed 7" in text
    assert "coastline GSHHG (LGPL-3.0)" in text


def _legend(scenario: Scenario, bounds: tuple[float, float, float, float] | None) -> list[str]:
    fig = Figure(figsize=FIGURE_SIZE_IN, dpi=FIGURE_DPI)
    base = draw_base_map(fig, fig.add_axes((0.1, 0.1, 0.8, 0.8)), scenario, bounds=bounds)
    return [h.get_label() for h in base.handles]


def test_base_map_legend_lists_only_layers_in_view(tiny_scenario: Scenario) -> None:
    """Zoomed onto the Drone Act facility, the legend has no airport, base, DID or roads."""
    zone = tiny_scenario.drone_act_facilities[0].zone
    away = ["Airport premises (permission)", "Emergency airspace (no flight)", "Delivery base",
            "DID (census rule) (synthetic)", "Roads (synthetic)", "Railway (synthetic)",
            "Settlement"]
    whole = _legend(tiny_scenario, None)
    zoomed = _legend(tiny_scenario, zone.bounds)
    assert {*away, "Drone Act zone (consent + police notice)"} <= set(whole)
    assert "Drone Act zone (consent + police notice)" in zoomed
    assert not set(away) & set(zoomed)


def test_base_map_fills_the_axes_and_returns_the_colourbar(tiny_scenario: Scenario) -> None:
    """The extent has the axes' aspect, is the axes' limits, and the colourbar is returned."""
    fig = Figure(figsize=(10.0, 6.0), dpi=FIGURE_DPI)
    ax = fig.add_axes((0.1, 0.1, 0.6, 0.8))
    base = draw_base_map(fig, ax, tiny_scenario, margin=0.0)
    minx, miny, maxx, maxy = base.extent
    assert (maxy - miny) / (maxx - minx) == pytest.approx((0.8 * 6.0) / (0.6 * 10.0))
    assert ax.get_xlim() == pytest.approx((minx, maxx))
    assert base.colourbar is not None and base.colourbar in fig.axes
    assert base.handles[0].get_label() == "Sea"


def test_base_map_refuses_bounds_that_are_not_a_box(tiny_scenario: Scenario) -> None:
    """Reversed bounds are InvalidInput naming ``bounds``."""
    fig = Figure(figsize=FIGURE_SIZE_IN, dpi=FIGURE_DPI)
    with pytest.raises(InvalidInput, match="bounds: not a"):
        draw_base_map(fig, fig.add_axes((0.1, 0.1, 0.8, 0.8)), tiny_scenario,
                      bounds=(1.0, 0.0, 0.0, 1.0))


def test_polygon_path_keeps_holes_and_skips_lines() -> None:
    """A polygon with a hole is two closed rings; a line alone gives no path."""
    polygon = box(0, 0, 10, 10).difference(box(4, 4, 6, 6))
    path = polygon_path(GeometryCollection([polygon, LineString([(0, 0), (1, 1)])]))
    assert path is not None
    assert list(path.codes).count(MplPath.CLOSEPOLY) == 2
    assert polygon_path(LineString([(0, 0), (1, 1)])) is None


def test_map_draws_fukue_airport_surfaces_with_heights() -> None:
    """Around Fukue airport the map draws its restricted surfaces, labelled with heights."""
    goto = load("goto")
    airport = goto.airports[0]
    bounds = airport.surface.bounds
    fig = Figure(figsize=FIGURE_SIZE_IN, dpi=FIGURE_DPI)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    base = draw_base_map(fig, ax, goto, bounds=bounds)
    assert "Airport restricted surfaces (permission above, m AMSL)" in [
        h.get_label() for h in base.handles]
    texts = [t.get_text() for t in ax.texts]
    assert "horizontal 122 m AMSL" in texts
    assert "approach 77-137 m AMSL" in texts
