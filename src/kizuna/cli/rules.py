"""`kizuna rules` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from kizuna.cli.io import emit_json, read_json, validation_message
from kizuna.errors import InvalidInput
from kizuna.rules.classify import classify as classify_flight
from kizuna.rules.contract import ClassifyRequest
from kizuna.rules.derive import derive_facts
from kizuna.rules.facts import FlightFacts
from kizuna.rules.reasons import language
from kizuna.scenario.catalogue import load as load_scenario

app = typer.Typer(help="rules commands.", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Flight rules: classify a flight under the Civil Aeronautics Act."""


@app.command("classify")
def classify_command(
    file: Annotated[
        Path | None, typer.Argument(help="JSON input; standard input when absent or '-'.")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of reason texts: ja or en.")] = "ja",
) -> None:
    """Classify one flight: category, level, application, duties, reasons and violations."""
    chosen = language(lang)
    try:
        request = ClassifyRequest.model_validate(read_json(file))
    except ValidationError as exc:
        raise InvalidInput(validation_message(exc)) from None
    facts = request.facts if request.facts is not None else _derive(request)
    emit_json(
        classify_flight(
            facts,
            request.aircraft,
            request.pilot,
            request.operator,
            entry_control=request.entry_control,
            automatic=request.automatic,
            special_zone=request.special_zone,
            lang=chosen,
        )
    )


def _derive(request: ClassifyRequest) -> FlightFacts:
    """Facts from ``route``/``area`` over the named bundled scenario."""
    if request.scenario is None:
        raise InvalidInput("scenario: required with a route or an area")
    return derive_facts(request, load_scenario(request.scenario))
