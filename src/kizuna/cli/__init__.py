"""Command-line shell: one Typer sub-app per command group."""
