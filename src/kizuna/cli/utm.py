"""`kizuna utm` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="Airspace coordination: operational intents and deconfliction.",
                  no_args_is_help=True)
