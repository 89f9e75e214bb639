"""`kizuna residency` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="residency commands.", no_args_is_help=True)
