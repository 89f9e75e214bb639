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


@app.command("rotate-key")
def rotate_key_command(
    database_url: Annotated[
        str | None, typer.Option("--database-url",
                                 help="SQLAlchemy URL; $KIZUNA_DATABASE_URL or the user's "
                                 "SQLite file by default.")] = None,
    key_file: Annotated[
        Path | None,
        typer.Option("--key-file", help="Key file: the new (current) key first, then the "
                     "retired ones, one base64 key a line. Default: KIZUNA_DATA_KEY (new) and "
                     "KIZUNA_DATA_KEYS_RETIRED (old).")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, max=10_000,
                                            help="Cases per transaction.")] = 50,
    dry_run: Annotated[bool, typer.Option("--dry-run",
                                          help="Only count the stored tokens per key id "
                                          "(nothing is decrypted or written).")] = False,
) -> None:
    """Re-encrypt every sealed residency field with the current data key, in batches.

    Each batch is one transaction; run it again to resume after an interruption. Prints one
    JSON summary of counts (never a value).
    """
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from kizuna.store import engine, session_factory
    from kizuna.store.residency import cipher_from_environment
    from kizuna.store.residency_keys import rotate_data_key, sealed_key_ids
    from kizuna.store.url import database_url as resolve_url

    cipher = cipher_from_environment(key_file=None if key_file is None else str(key_file))
    eng = engine(resolve_url(database_url))
    try:
        if not inspect(eng).has_table("residency_coe_cases"):
            raise InvalidInput("the database has no residency tables (run its migrations "
                               "first: kizuna serve migrates on start)")
        sessions = session_factory(eng)
        before = sealed_key_ids(sessions)
        if dry_run:
            emit_json({"dry_run": True, "key_id": cipher.key_id, "keyring": list(cipher.key_ids),
                       "tokens_by_key": before})
            return
        report = rotate_data_key(sessions, cipher, batch_size=batch_size)
        emit_json({"dry_run": False, **report.to_json(), "tokens_by_key_before": before,
                   "tokens_by_key_after": sealed_key_ids(sessions)})
    except SQLAlchemyError as exc:
        # The driver's message may quote a statement's parameters (sealed tokens): name the
        # kind of failure only.
        raise InvalidInput(f"database error: {type(exc).__name__} "
                           f"({str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]})"
                           ) from None
    finally:
        eng.dispose()
