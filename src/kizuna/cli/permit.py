"""`kizuna permit` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="Permits: area and route applications, dossiers, envelope checks.",
                  no_args_is_help=True)
