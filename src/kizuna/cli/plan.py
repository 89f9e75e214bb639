"""`kizuna plan` commands: plan an on-demand delivery route and export it.

``kizuna plan route`` prints one JSON summary (length_m, energy_wh, soc_landing, feasible,
max_agl_m, min_agl_m, did_overflight_m, expected_fatalities, crossings, waypoints, ...) and
writes the route file atomically with --out. No legal or feasible route: exit 1 with a one-line
reason; invalid input: exit 2 (both via ``kizuna.cli.main``).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from kizuna.atomic import write_text
from kizuna.cli.io import emit_json, read_json
from kizuna.energy import ReservePolicy, Wind
from kizuna.errors import InvalidInput

app = typer.Typer(help="Route planning: risk-aware 3D routes and mission exports.",
                  no_args_is_help=True)

_SUFFIX_FORMAT = {".geojson": "geojson", ".json": "geojson", ".plan": "qgc",
                  ".waypoints": "wpl", ".txt": "wpl", ".wpl": "wpl"}


def _lonlat(text: str) -> tuple[float, float]:
    parts = text.split(",")
    try:
        lon, lat = (float(p) for p in parts)
    except ValueError:
        raise InvalidInput(f"--to: expected LON,LAT, got {text!r}", field="to") from None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180
            and -90 <= lat <= 90):
        raise InvalidInput(f"--to: ({lon}, {lat}) is not a WGS84 lon/lat", field="to")
    return lon, lat


def _departure(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--departure: not an ISO 8601 time: {text!r}",
                           field="departure") from None
    if when.tzinfo is None:
        raise InvalidInput("--departure: needs a UTC offset, e.g. 2025-12-01T10:00+09:00",
                           field="departure")
    return when


@app.command("route")
def route_command(
    scenario: Annotated[str, typer.Option(
        "--scenario", help="Scenario name, bundled or built (`kizuna scenario list`).")],
    base: Annotated[str, typer.Option("--from", help="Base id to take off from.")],
    to: Annotated[str, typer.Option("--to", help="Drop spot as LON,LAT (WGS84).")],
    aircraft: Annotated[str, typer.Option("--aircraft", help="Aircraft profile id.")],
    level: Annotated[str, typer.Option("--level", help="Flight level: 3.5 or 4.")] = "3.5",
    permit: Annotated[Path | None, typer.Option(
        "--permit", help="Permit envelope JSON (area + altitude band, or route corridor).")
    ] = None,
    wind_mps: Annotated[float, typer.Option("--wind-mps", help="Wind speed, m/s.")] = 0.0,
    wind_from: Annotated[float, typer.Option(
        "--wind-from", help="Direction the wind blows from, degrees from north.")] = 0.0,
    departure: Annotated[str | None, typer.Option(
        "--departure", help="Departure time, ISO 8601 with offset (default: now).")] = None,
    payload_kg: Annotated[float | None, typer.Option(
        "--payload-kg", help="Parcel mass, kg (default: the profile's payload).")] = None,
    reserve: Annotated[float, typer.Option(
        "--reserve", help="Battery reserve, share of usable energy.")] = 0.2,
    permission: Annotated[list[str] | None, typer.Option(
        "--permission", help="Id of an airport / Drone Act facility whose permission is "
        "held (repeatable).")] = None,
    special_zone: Annotated[bool, typer.Option(
        "--special-zone", help="Level 3.5 over DIDs as the special zone allows.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Route file to write.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="geojson, qgc or wpl (default: from --out's suffix).")] = None,
    map_png: Annotated[Path | None, typer.Option(
        "--map", help="Also draw the route on the scenario map (PNG).")] = None,
) -> None:
    """Plan one delivery route and print its JSON summary."""
    from kizuna.fleet import profile as profile_of
    from kizuna.planning import PlanRequest, envelope_from_json, plan_route
    from kizuna.planning.export import FORMATS, to_geojson, to_qgc_plan, to_wpl
    from kizuna.planning.risk_surface import ground_risk_surface
    from kizuna.scenario import load

    if level not in ("3.5", "4"):
        raise InvalidInput(f"--level: must be 3.5 or 4, got {level!r}", field="level")
    chosen = fmt or (_SUFFIX_FORMAT.get(out.suffix.lower(), "geojson") if out else "geojson")
    if chosen not in FORMATS:
        raise InvalidInput(f"--format: must be one of {', '.join(FORMATS)}, got {chosen!r}",
                           field="format")
    goal = _lonlat(to)
    wind = Wind(wind_mps, wind_from)
    policy = ReservePolicy(reserve_fraction=reserve)
    envelope = envelope_from_json(read_json(permit)) if permit is not None else None
    world = load(scenario)
    start = world.base(base)
    prof = profile_of(aircraft)
    risk = ground_risk_surface(world, prof)
    request = PlanRequest(start=(start.lon, start.lat), goal=goal, level=level,
                          departure=_departure(departure), wind=wind, envelope=envelope,
                          payload_kg=payload_kg, reserve=policy,
                          permissions=tuple(permission or ()), special_zone=special_zone)
    route = plan_route(world, prof, request, risk)
    if out is not None:
        if chosen == "qgc":
            text = to_qgc_plan(route, prof.cruise_mps, fixed_wing=prof.kind == "fixed_wing")
        elif chosen == "wpl":
            text = to_wpl(route)
        else:
            text = to_geojson(route)
        write_text(out, text)
    if map_png is not None:
        from kizuna.planning.map import route_overlays
        from kizuna.scenario.render import render_map

        xs = [w.x for w in route.waypoints]
        ys = [w.y for w in route.waypoints]
        pad = max(1500.0, 0.15 * max(max(xs) - min(xs), max(ys) - min(ys)))
        render_map(world, map_png, title=f"Route {base} -> {goal[0]:.4f}, {goal[1]:.4f} "
                   f"(Level {level}, {prof.id})", extra=route_overlays(world, route, risk),
                   bounds=(min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad))
    summary = route.summary()
    if out is not None:
        summary["out"] = str(out)
        summary["format"] = chosen
    emit_json(summary)
