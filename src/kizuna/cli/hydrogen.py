"""`kizuna hydrogen` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="hydrogen commands.", no_args_is_help=True)
