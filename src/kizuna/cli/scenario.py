"""`kizuna scenario` commands: list, summary, show (PNG map), export (GeoJSON + GeoTIFF), and
build / remove for scenarios made from a user's own files.

Progress bars go to standard error, so standard output stays pure JSON.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from kizuna.cli.io import emit_json
from kizuna.scenario.model import Scenario

app = typer.Typer(help="Scenarios (bundled, or built from your own files): build, list, "
                       "summarise, draw, export and remove them.",
                  no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help="Scenario name (see `kizuna scenario list`).")]


def _catalogue_function(name: str) -> Callable[..., Any]:
    """``kizuna.scenario.<name>`` (looked up at call time, so tests can replace it)."""
    package = importlib.import_module("kizuna.scenario")
    fn = getattr(package, name, None)
    if fn is None:  # the package may not re-export the catalogue functions
        fn = getattr(importlib.import_module("kizuna.scenario.catalogue"), name)
    return fn  # type: ignore[no-any-return]


@contextmanager
def _progress() -> Iterator[Progress]:
    console = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        yield bar


def _load(name: str, bar: Progress) -> Scenario:
    task = bar.add_task(f"building scenario {name}", total=1)
    scenario = _catalogue_function("load")(name)
    bar.advance(task)
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario {name!r} did not load as a Scenario")
    return scenario


@app.command("list")
def list_command() -> None:
    """Print the scenarios as a JSON list of {name, title, source} (source: bundled or built)."""
    names = list(_catalogue_function("names")())
    titles: dict[str, str] = {}
    sources: dict[str, str] = {}
    title_of = source_of = None
    with suppress(AttributeError, ImportError):  # without a cheap title, load each scenario
        title_of = _catalogue_function("title")
    with suppress(AttributeError, ImportError):
        source_of = _catalogue_function("source")
    with _progress() as bar:
        task = bar.add_task("reading scenarios", total=len(names))
        for name in names:
            titles[name] = str(title_of(name)) if title_of else _load(name, bar).title
            sources[name] = str(source_of(name)) if source_of else "bundled"
            bar.advance(task)
    emit_json([{"name": n, "title": titles[n], "source": sources[n]} for n in names])


@app.command("build")
def build_command(
    spec_file: Annotated[Path, typer.Argument(metavar="SPEC.json",
                                              help="The SPEC naming the area and its files.")],
) -> None:
    """Build a scenario from your own files (e-Stat, GSI, GeoPackage...) as SPEC.json names
    them, check every file, and register it in the scenario directory."""
    from kizuna.cli.io import read_json
    from kizuna.errors import InvalidInput
    from kizuna.scenario.catalogue import BUNDLED
    from kizuna.scenario.from_files import STEPS, build_from_spec
    from kizuna.scenario.library import save_built
    from kizuna.scenario.spec import parse_spec
    from kizuna.scenario.summary import summarise

    spec = parse_spec(read_json(spec_file), str(spec_file))
    if spec.name in BUNDLED:
        raise InvalidInput(f"{spec_file}: name: {spec.name!r} is a bundled scenario; "
                           "choose another name", field="name")
    with _progress() as bar:
        task = bar.add_task(f"building scenario {spec.name}", total=len(STEPS) + 1)

        def step(name: str) -> None:
            bar.update(task, advance=1, description=f"building scenario {spec.name}: {name}")

        scenario = build_from_spec(spec, spec_file.resolve().parent, source=str(spec_file),
                                   progress=step)
        folder = save_built(scenario, spec)
        bar.advance(task)
    emit_json({"scenario": scenario.name, "path": str(folder), "summary": summarise(scenario)})


@app.command("remove")
def remove_command(name: NameArg) -> None:
    """Delete a built scenario from the scenario directory (bundled ones cannot be removed)."""
    from kizuna.errors import InvalidInput
    from kizuna.scenario.catalogue import BUNDLED
    from kizuna.scenario.library import remove_built

    if name in BUNDLED:
        raise InvalidInput(f"scenario {name!r} is bundled and cannot be removed", field="name")
    folder = remove_built(name)
    emit_json({"scenario": name, "removed": str(folder)})


@app.command("summary")
def summary_command(name: NameArg) -> None:
    """Print one scenario's headline figures as JSON (land, people, DIDs, bases, no-fly...)."""
    from kizuna.scenario.summary import summarise

    with _progress() as bar:
        scenario = _load(name, bar)
    emit_json(summarise(scenario))


@app.command("show")
def show_command(
    name: NameArg,
    png: Annotated[Path, typer.Option("--png", help="PNG file to write the map to.")],
) -> None:
    """Draw the scenario's map (land, population, terrain, DIDs, roads, bases, no-fly areas)."""
    from kizuna.scenario.render import render_map

    with _progress() as bar:
        scenario = _load(name, bar)
        task = bar.add_task("drawing the map", total=1)
        render_map(scenario, png)
        bar.advance(task)
    emit_json({"scenario": scenario.name, "png": str(png)})


@app.command("export")
def export_command(
    name: NameArg,
    out: Annotated[Path, typer.Option("--out", help="Directory to write the files into.")],
) -> None:
    """Write the scenario's layers as WGS84 GeoJSON and its rasters as GeoTIFF into --out."""
    from kizuna.scenario.export import EXPORT_FILES, export_scenario

    with _progress() as bar:
        scenario = _load(name, bar)
        task = bar.add_task("exporting", total=len(EXPORT_FILES))
        files = export_scenario(scenario, out, progress=lambda _name: bar.advance(task))
    emit_json({"scenario": scenario.name, "out": str(out), "files": [p.name for p in files]})
