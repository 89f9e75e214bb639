"""`kizuna incident` commands: the accident and serious-incident reports in the database."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from kizuna.errors import InvalidInput

app = typer.Typer(help="Accident and serious-incident reports (Civil Aeronautics Act "
                  "Art. 132-90).", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Accident and serious-incident reports."""


@app.command("list")
def list_command(
    database_url: Annotated[str | None, typer.Option(
        "--database-url", metavar="URL",
        help="SQLAlchemy URL; $KIZUNA_DATABASE_URL or the user's SQLite file by default.")
    ] = None,
    operator: Annotated[str | None, typer.Option(
        "--operator", metavar="ID", help="Operator organisation id (all by default).")] = None,
    fmt: Annotated[str, typer.Option(
        "--format", metavar="json|csv", help="JSON (one document) or CSV, on standard "
        "output.")] = "json",
) -> None:
    """List the reports, newest first: drafts, filed and dismissed, in MLIT's order of items."""
    from sqlalchemy.orm import sessionmaker

    from kizuna.cli.io import read_database
    from kizuna.store.incidents import IncidentStore
    from kizuna.utm.incident import reports_csv

    if fmt not in ("json", "csv"):
        raise InvalidInput(f"--format: {fmt!r} is not one of json, csv", field="--format")

    def read(eng: Any) -> list[dict[str, Any]]:
        store = IncidentStore(sessionmaker(bind=eng))
        return [r.to_json() for r in store.reports(organisation_id=operator)]

    docs = read_database(database_url, operator, "the incident reports", read)
    if fmt == "csv":
        typer.echo(reports_csv(docs), nl=False)
    else:
        typer.echo(json.dumps({"operator": operator, "reports": docs}, ensure_ascii=False,
                              indent=2))
