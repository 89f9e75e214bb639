"""`kizuna serve`: run the HTTP API (uvicorn) on a database, migrations applied first."""

from __future__ import annotations

import os
from typing import Annotated

import typer

app = typer.Typer(help="Run the HTTP API.", no_args_is_help=False, invoke_without_command=True)


@app.callback(invoke_without_command=True)
def serve(
    database_url: Annotated[
        str | None, typer.Option("--database-url",
                                 help="SQLAlchemy URL; $KIZUNA_DATABASE_URL or the user's "
                                 "SQLite file by default.")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.", min=1, max=64)] = 1,
) -> None:
    """Serve the API under /api/v1 (OpenAPI: /api/v1/openapi.json). Settings: KIZUNA_API_*."""
    import uvicorn

    from kizuna.store import migrate
    from kizuna.store.url import database_url as resolve_url

    url = resolve_url(database_url)
    migrate(url)  # once, here, so workers never race on it
    # Workers are separate processes: they read their settings from the environment.
    os.environ["KIZUNA_API_DATABASE_URL"] = url
    os.environ["KIZUNA_API_MIGRATE_ON_START"] = "false"
    uvicorn.run("kizuna.api.app:app_from_environment", factory=True, host=host, port=port,
                workers=workers, log_level="info", access_log=False)
