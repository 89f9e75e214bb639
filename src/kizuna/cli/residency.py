"""`kizuna residency` commands: the foreign-engineer fast track."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from kizuna.cli.io import emit_json, read_json, validation_message
from kizuna.errors import InvalidInput
from kizuna.residency.chart import render_median_chart
from kizuna.residency.company import check_company
from kizuna.residency.contract import CheckCompanyRequest, verdict_json
from kizuna.residency.dashboard import generate_cases, median_processing
from kizuna.residency.programme import Programmes, default_programmes, parse_programmes

app = typer.Typer(help="Foreign-engineer fast track: company certification, dashboards.",
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


@app.command("dashboard")
def dashboard_command(
    png: Annotated[Path, typer.Option("--png", help="Where to write the chart (PNG).")],
    seed: Annotated[int, typer.Option("--seed", help="Seed of the synthetic year.")] = 1,
    year: Annotated[int, typer.Option("--year", help="Calendar year to generate.")] = 2025,
    programmes: Annotated[
        Path | None,
        typer.Option("--programmes",
                     help="Programme configuration (JSON); the shipped one by default."),
    ] = None,
) -> None:
    """Chart median processing days of a SYNTHETIC seeded year; prints a JSON summary."""
    config = _programmes(programmes)
    chosen = [config.get(p) for p in config.prefectures]
    rows = median_processing(generate_cases(chosen, year, seed))
    target = min(p.target_processing_days for p in chosen)
    render_median_chart(rows, png, target_days=target,
                        title=f"SYNTHETIC {year} (seed {seed}): CoE median processing days")
    emit_json({"png": str(png), "synthetic": True, "year": year, "seed": seed,
               "rows": [{"prefecture": r.prefecture, "month": r.month,
                         "certified_company": r.certified_company,
                         "median_days": r.median_days, "cases": r.cases} for r in rows]})
