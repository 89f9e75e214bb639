"""`kizuna rules` commands."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from kizuna.cli.io import emit_json, read_json, validation_message
from kizuna.errors import InvalidInput
from kizuna.rules.classify import classify as classify_flight
from kizuna.rules.contract import ClassifyRequest
from kizuna.rules.facts import FlightFacts
from kizuna.rules.reasons import language

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
    """Facts from ``route``/``area``, through ``kizuna.rules.derive.derive_facts(request)``.

    That module comes with the derivation work; until it exists the request is refused.
    """
    try:
        derive = importlib.import_module("kizuna.rules.derive")
    except ImportError:
        derive = None
    derive_facts = getattr(derive, "derive_facts", None)
    if derive_facts is None:
        raise InvalidInput('route/area derivation not available yet: give "facts" instead')
    facts = derive_facts(request)
    if not isinstance(facts, FlightFacts):
        raise TypeError("kizuna.rules.derive.derive_facts must return FlightFacts")
    return facts
