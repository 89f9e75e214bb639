"""`kizuna utm` commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from kizuna.errors import InvalidFile, InvalidInput
from kizuna.utm.replay import ReplaySession

if TYPE_CHECKING:
    from kizuna.utm.flightlog import FlightLog

app = typer.Typer(help="Airspace coordination: operational intents, deconfliction, flight log.",
                  no_args_is_help=True)


def _lines(file: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines of ``file`` (standard input for ``-``), decoded one at a time."""
    if str(file) == "-":
        stream = sys.stdin.buffer
    else:
        try:
            stream = open(file, "rb")  # noqa: SIM115  # closed below, read lazily
        except OSError as exc:
            raise InvalidFile(file, exc.strerror or "cannot be read") from None
    try:
        for number, raw in enumerate(stream, start=1):
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidFile(file, f"line {number}: not UTF-8 text") from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


@app.command("replay")
def replay_command(
    file: Annotated[Path, typer.Argument(help="JSON Lines of submit/end operations ('-': stdin).")],
) -> None:
    """Replay submissions in order against an empty airspace; one JSON result per line."""
    session = ReplaySession()
    for number, text in _lines(file):
        if not text.strip():
            continue
        try:
            out = session.process(text)
        except InvalidInput as exc:
            raise InvalidInput(f"{file}: line {number}: {exc}") from None
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option}: {value!r} is not a date (YYYY-MM-DD)",
                           field=option) from None


def _choice(value: str | None, option: str, allowed: tuple[str, ...], default: str) -> str:
    if value is None:
        return default
    if value not in allowed:
        raise InvalidInput(f"{option}: {value!r} is not one of {', '.join(allowed)}",
                           field=option)
    return value


def _read_logs(url: str | None, operator: str | None, start: datetime | None,
               end: datetime | None, japanese: bool) -> list[FlightLog]:
    """The logs from the database; every database failure is one line of bad input."""
    from kizuna.cli.io import read_database
    from kizuna.store.flight_log import FlightLogQuery, read_flight_logs

    return read_database(url, operator, "the flight log", lambda eng: read_flight_logs(
        eng, FlightLogQuery(operator, start, end, japanese)))


@app.command("log")
def log_command(
    out: Annotated[str | None, typer.Option(
        "--out", metavar="FILE", help="File to write (atomically).")] = None,
    database_url: Annotated[str | None, typer.Option(
        "--database-url", metavar="URL",
        help="SQLAlchemy URL; $KIZUNA_DATABASE_URL or the user's SQLite file by default.")
    ] = None,
    operator: Annotated[str | None, typer.Option(
        "--operator", metavar="ORG", help="Operator organisation id (all by default).")] = None,
    date_from: Annotated[str | None, typer.Option(
        "--from", metavar="DATE", help="First day, YYYY-MM-DD in Japan time (inclusive).")
    ] = None,
    date_to: Annotated[str | None, typer.Option(
        "--to", metavar="DATE", help="Last day, YYYY-MM-DD in Japan time (inclusive).")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", metavar="csv|json|html",
        help="csv: the flight records in FILE and one file per other record kind beside it "
        "(FILE.aircraft.csv, FILE.daily_inspections.csv, FILE.maintenance.csv); json: each "
        "aircraft's whole log; html: the printable log (MLIT's template, ja with en). "
        "Default: by the file's suffix (.json, .html), csv otherwise.")] = None,
    labels: Annotated[str | None, typer.Option(
        "--labels", metavar="en|ja",
        help="CSV header: field names (en) or the legal form's labels (ja); ja also names "
        "places in Japanese.")] = None,
) -> None:
    """Export the flight log (飛行日誌) of flights that landed, per aircraft, from the database:
    the header, flight records, daily inspections and maintenance records."""
    from kizuna.atomic import write_text
    from kizuna.store.flight_log import JST
    from kizuna.utm.flightlog import flight_log_json, logs_csv
    from kizuna.utm.flightlog_html import flight_log_html

    if not out:
        raise InvalidInput("--out: the file to write is required", field="--out")
    first, last = _day(date_from, "--from"), _day(date_to, "--to")
    if first is not None and last is not None and first > last:
        raise InvalidInput(f"--from {first} is after --to {last}", field="--from")
    suffix = Path(out).suffix.lower()
    kind = _choice(fmt, "--format", ("csv", "json", "html"),
                   {".json": "json", ".html": "html", ".htm": "html"}.get(suffix, "csv"))
    lang = _choice(labels, "--labels", ("en", "ja"), "en")
    start = datetime.combine(first, datetime.min.time(), JST) if first else None
    end = (datetime.combine(last + timedelta(days=1), datetime.min.time(), JST)
           if last else None)
    logs = _read_logs(database_url, operator, start, end, lang == "ja" or kind == "html")
    words: Literal["ja", "en"] = "ja" if lang == "ja" else "en"
    if kind == "json":
        text = json.dumps({"operator": operator, "from": first and first.isoformat(),
                           "to": last and last.isoformat(), "timezone": "+09:00",
                           "aircraft": [flight_log_json(log, words) for log in logs]},
                          ensure_ascii=False, indent=2) + "\n"
    elif kind == "html":
        text = flight_log_html(logs, title=operator or "")
    else:
        files = logs_csv(logs, words)
        text = files.pop("flights")
        stem = out[:-len(suffix)] if suffix else out
        for name, body in files.items():
            write_text(f"{stem}.{name}.csv", body)
    write_text(out, text)
    flights = sum(len(log.flights) for log in logs)
    if flights:
        typer.echo(f"kizuna: wrote {flights} flights of {len(logs)} aircraft to {out}", err=True)
    else:
        typer.echo(f"kizuna: note: no landed flights in the range; wrote an empty log to {out}",
                   err=True)
