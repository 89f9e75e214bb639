"""`kizuna fleet` commands."""

from __future__ import annotations

from typing import Annotated

import typer

from kizuna.cli.io import emit_json
from kizuna.fleet import load_profiles, profile

app = typer.Typer(help="fleet commands.", no_args_is_help=True)


@app.command("profiles")
def profiles(
    ids: Annotated[
        list[str] | None,
        typer.Argument(help="Profile ids to show (default: every bundled profile).",
                       show_default=False),
    ] = None,
) -> None:
    """Print the bundled aircraft profiles as a JSON list (AircraftProfile.to_dict)."""
    chosen = [profile(i) for i in ids] if ids else list(load_profiles().values())
    emit_json([p.to_dict() for p in chosen])
