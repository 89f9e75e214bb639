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


@app.command("dossier")
def dossier_command(
    application_file: Annotated[Path, typer.Argument(metavar="APPLICATION.json")],
    scenario: Annotated[str | None, typer.Option(
        "--scenario", help="Scenario name; the application's own by default.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Directory for dossier.json, "
                                      "pack.json, dossier.html and map.png.")] = Path("dossier"),
) -> None:
    """Generate the permit pack of an application: the dossier and pack JSON, the printable
    pack (HTML, Japanese first) and the map."""
    from pydantic import ValidationError

    from kizuna.atomic import write_text
    from kizuna.cli.io import validation_message
    from kizuna.permits.application import Application
    from kizuna.permits.dossier import build_dossier, map_overlays
    from kizuna.permits.pack import build_pack
    from kizuna.permits.report import dossier_html
    from kizuna.scenario.render import render_map

    data = read_json(application_file)
    if not isinstance(data, dict):
        raise InvalidInput(f"{application_file}: must be a JSON object")
    try:
        application = Application.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"{application_file}: {validation_message(exc)}") from None
    world = _scenario(scenario or application.scenario)
    dossier = build_dossier(application, world)
    bounds, overlays = map_overlays(dossier, application.kind)
    out.mkdir(parents=True, exist_ok=True)
    map_path = out / "map.png"
    render_map(world, map_path, title=f"{application.title} ({application.id})",
               extra=overlays, bounds=bounds)
    pack = build_pack(dossier.data, application)
    write_text(out / "dossier.json", _dump(dossier.data))
    write_text(out / "pack.json", _dump(pack))
    write_text(out / "dossier.html", dossier_html(dossier.data, map_png=map_path.read_bytes(),
                                                  pack=pack))
    emit_json({"dossier": str(out / "dossier.json"), "pack": str(out / "pack.json"),
               "html": str(out / "dossier.html"), "map": str(map_path),
               "summary": {r["key"]: r["value"] for r in dossier.data["summary"]},
               "missing": pack["completeness"]["count"]})


@app.command("notify")
def notify_command(
    permit_file: Annotated[Path, typer.Argument(metavar="PERMIT.json")],
    route_file: Annotated[Path, typer.Argument(metavar="ROUTE.geojson")],
    aircraft: Annotated[str, typer.Option("--aircraft", help="Registration.")],
    pilot: Annotated[str, typer.Option("--pilot", help="Pilot id.")],
    at: Annotated[str, typer.Option("--at", help="Take-off time, ISO 8601 with offset.")],
    until: Annotated[str | None, typer.Option("--until", help="Landing time.")] = None,
    purpose: Annotated[str | None, typer.Option("--purpose")] = None,
    shape: Annotated[str, typer.Option("--shape", help="route, polygon or circle.")] = "route",
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write .json or .csv here; JSON on standard output otherwise.")] = None,
    database_url: Annotated[str | None, typer.Option(
        "--database-url", metavar="URL",
        help="Check the other operators' active intents stored here for overlap first.")
    ] = None,
    owner: Annotated[str | None, typer.Option(
        "--owner", metavar="ORG", help="The notifying operator (its own intents are not "
        "overlaps).")] = None,
) -> None:
    """Export the DIPS-style flight-plan record of one flight (JSON or CSV), after listing
    the other operators' intents that overlap it (with --database-url)."""
    from kizuna.atomic import write_text
    from kizuna.permits.dips import (
        flight_plan_record,
        overlapping_intents,
        records_csv,
        records_json,
    )
    from kizuna.permits.flight import FlightPlan, estimated_end, route_length_m
    from kizuna.permits.permit import parse_permit
    from kizuna.rules.derive import route_positions
    from kizuna.rules.facts import MethodFacts

    if shape not in ("route", "polygon", "circle"):
        raise InvalidInput(f"--shape: {shape!r} is not route, polygon or circle")
    permit = parse_permit(read_json(permit_file), str(permit_file))
    world = _scenario(permit.scenario)
    craft, who = _aircraft(world, aircraft), _pilot(world, pilot)
    start = _when(at, "--at")
    positions = route_positions(_route(route_file))
    end = (_when(until, "--until") if until is not None
           else estimated_end(start, route_length_m(positions, world.epsg), craft))
    # A drop aircraft releases its parcel in the air: declared, the rules give M-DROP.
    plan = FlightPlan(positions=tuple(positions), start=start, end=end, aircraft=craft,
                      pilot=who, purpose=purpose or permit.application.purpose,
                      id=route_file.stem,
                      method=MethodFacts(dropping_objects=craft.profile.drops_payload))
    record = flight_plan_record(permit, plan, world, shape)  # type: ignore[arg-type]
    if database_url is not None:
        record["overlaps"] = overlapping_intents(plan, world, _active_intents(database_url),
                                                 owner=owner or "")
        for o in record["overlaps"]:
            typer.echo(f"kizuna: overlap: intent {o['intent_id']} of {o['owner']} from "
                       f"{o['from']} ({o['shared_area_m2']} m² shared)", err=True)
    if out is None:
        emit_json({"kind": "kizuna.permits.dips", "records": [record]})
        return
    if out.suffix.lower() == ".csv":
        write_text(out, records_csv([record]))
    elif out.suffix.lower() == ".json":
        write_text(out, records_json([record]))
    else:
        raise InvalidInput(f"--out: {out} must end in .json or .csv")
    emit_json({"written": str(out), "records": 1})


def _active_intents(url: str) -> list[Any]:
    """The active operational intents stored at ``url`` (one line of bad input on failure)."""
    from sqlalchemy.exc import SQLAlchemyError

    from kizuna.api.settings import ApiSettings
    from kizuna.store.airspace import DatabaseAirspace
    from kizuna.store.engine import parse_url
    from kizuna.utm import MetricFrame

    shown = parse_url(url).render_as_string(hide_password=True)
    airspace = DatabaseAirspace(url, MetricFrame(ApiSettings().airspace_epsg))
    try:
        return list(airspace.active())
    except SQLAlchemyError as exc:
        cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise InvalidInput(f"--database-url: cannot read the airspace of {shown} "
                           f"({cause[0] if cause else type(exc).__name__})",
                           field="--database-url") from None
    finally:
        airspace.dispose()
