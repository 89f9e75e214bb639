"""`kizuna scenario` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="scenario commands.", no_args_is_help=True)
