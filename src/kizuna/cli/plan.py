"""`kizuna plan` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="Route planning: risk-aware 3D routes and mission exports.",
                  no_args_is_help=True)
