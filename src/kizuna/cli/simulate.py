"""`kizuna simulate`: a simulated service day."""

from __future__ import annotations

import typer

app = typer.Typer(help="Simulate a service day: orders, dispatch, flights, KPIs.")
