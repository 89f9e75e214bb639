"""`kizuna risk` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="risk commands.", no_args_is_help=True)
