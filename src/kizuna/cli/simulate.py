"""`kizuna simulate`: a simulated service day.

``kizuna simulate --scenario goto --hours 8 --seed 1 --out DIR [--aircraft N]
[--orders-per-day M] [--replications R]`` runs the product's dispatcher and the naive baseline
on the same seeds and writes DIR/kpis.json, DIR/report.html and three PNGs (atomically). A Rich
progress bar goes to standard error; the KPI summary is printed as JSON.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from kizuna.cli.io import emit_json
from kizuna.errors import InvalidInput

app = typer.Typer(help="Simulate a service day: orders, dispatch, flights, KPIs.")


@app.callback(invoke_without_command=True)
def simulate_command(
    scenario: Annotated[str, typer.Option(
        "--scenario", help="Scenario name, bundled or built (`kizuna scenario list`).")],
    out: Annotated[Path, typer.Option("--out", help="Output directory.")],
    hours: Annotated[float, typer.Option("--hours", help="Service hours from 09:00.")] = 8.0,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 1,
    aircraft: Annotated[int, typer.Option("--aircraft", help="Aircraft in the fleet.")] = 6,
    orders_per_day: Annotated[float | None, typer.Option(
        "--orders-per-day", help="Orders over the day (default: from populations).")] = None,
    replications: Annotated[int, typer.Option(
        "--replications", help="Seeds run in parallel processes (mean, 95 % CI).")] = 1,
    pilots_per: Annotated[int, typer.Option(
        "--aircraft-per-pilot", help="Aircraft one pilot may fly at once.")] = 5,
) -> None:
    """Simulate a service day and write the KPIs, plots and report."""
    from rich.progress import Progress

    from kizuna.dispatch import DispatchSettings
    from kizuna.sim.config import SimConfig
    from kizuna.sim.runner import simulate, write_outputs

    if replications < 1:
        raise InvalidInput("--replications: must be at least 1", field="replications")
    config = SimConfig(scenario=scenario, hours=hours, seed=seed, aircraft=aircraft,
                       orders_per_day=orders_per_day)
    config = replace(config, dispatch=DispatchSettings(max_aircraft_per_pilot=pilots_per))
    from rich.console import Console

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("planning legs, then simulating", total=1.0)
        kpis, days = simulate(config, replications,
                              lambda f: bar.update(task, completed=f))
        bar.update(task, completed=1.0, description="writing report")
        write_outputs(out, kpis, days, "kizuna simulate " + " ".join(sys.argv[2:]))
    emit_json({k: v for k, v in kpis.items() if k != "policies"})
