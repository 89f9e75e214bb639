"""`kizuna hydrogen` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from kizuna.cli.io import emit_json, read_json, validation_message
from kizuna.errors import InvalidInput
from kizuna.hydrogen.caps import HydrogenRules, default_rules, parse_special_zone_caps
from kizuna.hydrogen.check import check
from kizuna.hydrogen.contract import CheckRequest, verdict_json

app = typer.Typer(help="hydrogen commands.", no_args_is_help=True)


def _rules(config: Path | None) -> HydrogenRules:
    if config is None:
        return default_rules()
    doc = read_json(config)
    try:
        return HydrogenRules(
            standard=default_rules().standard, special_zone=parse_special_zone_caps(doc)
        )
    except InvalidInput as exc:
        raise InvalidInput(f"{config}: {exc}") from None


@app.command("check")
def check_command(
    file: Annotated[
        Path | None,
        typer.Argument(help="JSON site to check; standard input when omitted or '-'."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Special-zone caps (JSON); the illustrative Fukushima example by default.",
        ),
    ] = None,
) -> None:
    """Is this amount of compressed hydrogen allowed here? Prints one JSON verdict."""
    rules = _rules(config)
    try:
        request = CheckRequest.model_validate(read_json(file))
    except ValidationError as exc:
        raise InvalidInput(validation_message(exc)) from None
    emit_json(verdict_json(check(request.to_site(), rules)))
