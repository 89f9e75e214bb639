"""`kizuna permit` commands: dossier, check, notify (docs/permits.md)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from kizuna.cli.io import emit_json, read_json
from kizuna.errors import InvalidInput, UnknownName
from kizuna.fleet import Aircraft, Pilot
from kizuna.scenario.model import Scenario

app = typer.Typer(help="Permits: area and route applications, dossiers, envelope checks.",
                  no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Permits: area and route applications, risk dossiers, envelope checks, DIPS records."""


def _scenario(name: str) -> Scenario:
    from kizuna.scenario.catalogue import load

    return load(name)


def _when(value: str, option: str) -> datetime:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option}: {value!r} is not an ISO 8601 date-time") from None
    if when.utcoffset() is None:
        raise InvalidInput(f"{option}: {value!r} needs a UTC offset, e.g. +09:00")
    return when


def _aircraft(scenario: Scenario, registration: str) -> Aircraft:
    for a in scenario.aircraft:
        if a.registration == registration:
            return a
    raise UnknownName(f"aircraft (scenario {scenario.name})", registration,
                      [a.registration for a in scenario.aircraft])


def _pilot(scenario: Scenario, pilot_id: str) -> Pilot:
    for p in scenario.pilots:
        if p.id == pilot_id:
            return p
    raise UnknownName(f"pilot (scenario {scenario.name})", pilot_id,
                      [p.id for p in scenario.pilots])


def _route(file: Path) -> dict[str, Any]:
    data = read_json(file)
    if not isinstance(data, dict):
        raise InvalidInput(f"{file}: must be a GeoJSON object")
    if data.get("type") == "FeatureCollection":
        feats = data.get("features")
        if not isinstance(feats, list) or len(feats) != 1 or not isinstance(feats[0], dict):
            raise InvalidInput(f"{file}: a FeatureCollection must hold exactly one route")
        data = feats[0]
    return data


@app.command("check")
def check_command(
    permit_file: Annotated[Path, typer.Argument(metavar="PERMIT.json", help="Approved permit.")],
    route_file: Annotated[Path, typer.Argument(metavar="ROUTE.geojson",
                                               help="LineString of [lon, lat, height AGL].")],
    aircraft: Annotated[str, typer.Option("--aircraft", help="Registration (scenario fleet).")],
    pilot: Annotated[str, typer.Option("--pilot", help="Pilot id (scenario pilots).")],
    at: Annotated[str, typer.Option("--at", help="Take-off time, ISO 8601 with offset.")],
    until: Annotated[str | None, typer.Option(
        "--until", help="Landing time; estimated at cruise speed when absent.")] = None,
    wind_mps: Annotated[float | None, typer.Option("--wind-mps", help="Wind at take-off.")] = None,
) -> None:
    """Check one flight against a permit; print the violations; exit 1 if there are any."""
    from kizuna.permits.check import check_flight
    from kizuna.permits.flight import FlightPlan, estimated_end, route_length_m
    from kizuna.permits.permit import parse_permit
    from kizuna.rules.derive import route_positions

    permit = parse_permit(read_json(permit_file), str(permit_file))
    scenario = _scenario(permit.scenario)
    craft, who = _aircraft(scenario, aircraft), _pilot(scenario, pilot)
    start = _when(at, "--at")
    positions = route_positions(_route(route_file))
    end = (_when(until, "--until") if until is not None
           else estimated_end(start, route_length_m(positions, scenario.epsg), craft))
    plan = FlightPlan(positions=tuple(positions), start=start, end=end, aircraft=craft,
                      pilot=who, wind_mps=wind_mps)
    violations = check_flight(permit, plan, scenario)
    emit_json({"permit": permit.number, "ok": not violations,
               "flight": {"aircraft": craft.registration, "pilot": who.id,
                          "start": start.isoformat(), "end": end.isoformat(),
                          "wind_mps": wind_mps},
               "unchecked": [] if wind_mps is not None else ["WIND_LIMIT (no --wind-mps)"],
               "violations": [v.model_dump() for v in violations]})
    if violations:
        raise typer.Exit(1)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
