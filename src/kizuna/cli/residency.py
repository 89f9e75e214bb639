"""`kizuna residency` commands: the foreign-engineer fast track."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from kizuna.cli.io import emit_json, read_json, validation_message
from kizuna.errors import InvalidInput
from kizuna.residency.company import check_company
from kizuna.residency.contract import CheckCompanyRequest, verdict_json
from kizuna.residency.programme import Programmes, default_programmes, parse_programmes

app = typer.Typer(help="Foreign-engineer fast track: company certification.",
                  no_args_is_help=True)


def _programmes(config: Path | None) -> Programmes:
    if config is None:
        return default_programmes()
    doc = read_json(config)
    try:
        return parse_programmes(doc)
    except InvalidInput as exc:
        raise InvalidInput(f"{config}: {exc}") from None


@app.command("check-company")
def check_company_command(
    file: Annotated[
        Path | None,
        typer.Argument(help="JSON company facts; standard input when omitted or '-'."),
    ] = None,
    programmes: Annotated[
        Path | None,
        typer.Option("--programmes",
                     help="Programme configuration (JSON); the shipped one by default."),
    ] = None,
) -> None:
    """Check a company against its prefecture's criteria. Prints one JSON verdict."""
    config = _programmes(programmes)
    try:
        request = CheckCompanyRequest.model_validate(read_json(file))
    except ValidationError as exc:
        raise InvalidInput(validation_message(exc)) from None
    programme = config.get(request.prefecture.lower())
    emit_json(verdict_json(check_company(request.to_facts(), programme)))
