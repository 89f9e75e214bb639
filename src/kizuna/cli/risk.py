"""`kizuna risk` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from kizuna.cli.io import emit_json, read_json, validation_message
from kizuna.errors import InvalidInput
from kizuna.risk.schema import SoraRequest

app = typer.Typer(help="risk commands.", no_args_is_help=True)


@app.command("sora")
def sora(
    file: Annotated[
        Path | None, typer.Argument(help="JSON input (docs/risk.md); standard input if absent.")
    ] = None,
) -> None:
    """SORA 2.5: iGRC, final GRC, initial and residual ARC, SAIL, with reasons.

    The input gives a population density, or a route or area (GeoJSON) with a scenario, from
    which the density and the environment are derived.
    """
    data = read_json(file)
    if not isinstance(data, dict):
        raise InvalidInput("input: must be a JSON object")
    try:
        request = SoraRequest.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(validation_message(exc)) from None
    request.check()
    if request.derives_density:
        from kizuna.scenario import load

        scenario = load(str(request.scenario))
        emit_json(request.evaluate(scenario.population, scenario.did))
    else:
        emit_json(request.evaluate())


@app.command("profile")
def profile(
    route: Annotated[Path, typer.Option(help="GeoJSON LineString (lon, lat[, height m AGL]).")],
    scenario: Annotated[str, typer.Option(help="Scenario, bundled or built, e.g. goto.")] = "goto",
    aircraft_profile: Annotated[
        str, typer.Option("--profile", help="Aircraft profile id, e.g. pf2-cat3.")
    ] = "pf2-cat3",
    max_height_agl_m: Annotated[
        float | None, typer.Option(help="Height AGL (m) when the route gives none.")
    ] = None,
    failure_rate_per_hour: Annotated[
        float, typer.Option(help="Failures per flight hour ending in ground impact.")
    ] = 1e-4,
    sheltering_factor: Annotated[float, typer.Option(help="p_s in (0, 1].")] = 0.5,
    png: Annotated[Path | None, typer.Option(help="Write the risk-profile map here.")] = None,
) -> None:
    """Route ground-risk profile: expected fatalities per flight, per segment (JSON)."""
    from kizuna.risk.route_assessment import route_profile_for
    from kizuna.scenario import load

    data: Any = read_json(route)
    world = load(scenario)
    result = route_profile_for(
        world.population, world.did, data, aircraft_profile,
        max_height_agl_m=max_height_agl_m, failure_rate_per_hour=failure_rate_per_hour,
        sheltering_factor=sheltering_factor,
    )
    if png is not None:
        from kizuna.risk.render import render_risk_profile

        render_risk_profile(world, result.profile, png)
    emit_json(result.to_dict())
