"""`kizuna utm` commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from kizuna.errors import InvalidFile, InvalidInput
from kizuna.utm.replay import ReplaySession

app = typer.Typer(help="Airspace coordination: operational intents and deconfliction.",
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
