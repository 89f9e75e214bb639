"""`kizuna risk` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from kizuna.cli.io import emit_json, read_json, validation_message
from kizuna.errors import InvalidInput
from kizuna.risk.schema import SoraRequest, SoraResponse
from kizuna.risk.sora import assess_sora

app = typer.Typer(help="risk commands.", no_args_is_help=True)


@app.command("sora")
def sora(
    file: Annotated[
        Path | None, typer.Argument(help="JSON input (docs/risk.md); standard input if absent.")
    ] = None,
) -> None:
    """SORA 2.5: iGRC, final GRC, initial and residual ARC, SAIL, with reasons."""
    data = read_json(file)
    if not isinstance(data, dict):
        raise InvalidInput("input: must be a JSON object")
    try:
        request = SoraRequest.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(validation_message(exc)) from None
    emit_json(SoraResponse.from_assessment(assess_sora(request.to_domain())))
