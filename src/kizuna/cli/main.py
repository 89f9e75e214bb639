"""The ``kizuna`` command.

Every command group lives in its own module. Errors that Kizuna raises on purpose become one
line on standard error and an exit code (2 for bad input, 1 for an infeasible request), never a
traceback.
"""

from __future__ import annotations

import sys

import typer

from kizuna.cli import (
    demo,
    fleet,
    hydrogen,
    incident,
    permit,
    plan,
    residency,
    risk,
    rules,
    scenario,
    serve,
    simulate,
    talent,
    utm,
)
from kizuna.errors import Infeasible, InvalidInput, KizunaError

app = typer.Typer(
    name="kizuna",
    help="Kizuna special-zone operations: scenarios, flight rules, risk, planning, permits, "
    "airspace, fleet, hydrogen storage, the residency fast track and semiconductor talent.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(scenario.app, name="scenario")
app.add_typer(fleet.app, name="fleet")
app.add_typer(rules.app, name="rules")
app.add_typer(risk.app, name="risk")
app.add_typer(hydrogen.app, name="hydrogen")
app.add_typer(residency.app, name="residency")
app.add_typer(talent.app, name="talent")
app.add_typer(utm.app, name="utm")
app.add_typer(plan.app, name="plan")
app.add_typer(permit.app, name="permit")
app.add_typer(incident.app, name="incident")
app.add_typer(serve.app, name="serve")
app.add_typer(simulate.app, name="simulate")
app.add_typer(demo.app, name="demo")


def fail(message: str, code: int) -> None:
    """Print ``kizuna: message`` on one line to standard error and exit with ``code``."""
    one_line = " ".join(str(message).split())
    print(f"kizuna: {one_line}", file=sys.stderr)
    raise SystemExit(code)


def run(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    try:
        app(args=argv, standalone_mode=True)
    except InvalidInput as exc:
        fail(str(exc), 2)
    except Infeasible as exc:
        fail(str(exc), 1)
    except KizunaError as exc:
        fail(str(exc), 2)
    except (OSError, ValueError) as exc:
        # A file that vanished or a value no validator caught is still bad input, not a crash.
        fail(f"{type(exc).__name__}: {exc}", 2)


if __name__ == "__main__":
    run()
