"""`kizuna talent` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from kizuna.cli.io import emit_json, read_json, validation_message
from kizuna.errors import InvalidInput
from kizuna.talent.contract import ForecastRequest, forecast_json
from kizuna.talent.forecast import forecast

app = typer.Typer(help="semiconductor talent commands.", no_args_is_help=True)


@app.command("forecast")
def forecast_command(
    file: Annotated[
        Path | None,
        typer.Argument(help="JSON plan (demand, programmes, foreign); standard input when "
                       "omitted or '-'."),
    ] = None,
) -> None:
    """Demand, supply and the gap per year and role family. Prints one JSON document."""
    try:
        request = ForecastRequest.model_validate(read_json(file))
    except ValidationError as exc:
        raise InvalidInput(validation_message(exc)) from None
    emit_json(forecast_json(forecast(request.to_plan())))
