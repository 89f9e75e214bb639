"""The scenario directory: built scenarios as GeoPackage, GeoTIFF and a small manifest.

Each built scenario is one folder under :func:`scenario_dir` (``$KIZUNA_SCENARIO_DIR``, else
the user data directory), which QGIS opens as it is::

    <dir>/fukue-2020/manifest.json      name, title, CRS, SPEC (defaults resolved), sources...
                     population.tif     people/km², scenario CRS
                     terrain.tif        m above mean sea level, -9999 = no data (sea)
                     land.gpkg          the GSHHG coast clipped to the bbox
                     did.gpkg, roads.gpkg, railways.gpkg   (absent when the layer is empty)

A scenario is registered when its folder holds ``manifest.json``. A build is written into a
hidden sibling folder (``.fukue-2020.new-<random>``), every file atomically, the manifest last;
only then does it take the name: the old folder is renamed aside, the new one into place, the
old one deleted. A failed build therefore never replaces, or half-registers, a scenario, and
hidden folders are never listed. This is a loader module: it reads and writes files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import shapely

from kizuna.atomic import write_text
from kizuna.errors import InvalidFile, InvalidInput, UnknownName
from kizuna.geo.io import read_geotiff, write_geopackage, write_geotiff
from kizuna.geo.layers_io import read_vector_layer
from kizuna.geo.raster import RasterKind
from kizuna.geo.vector import Feature, VectorLayer
from kizuna.scenario import coastline
from kizuna.scenario.model import Scenario
from kizuna.scenario.places import places_from_spec
from kizuna.scenario.spec import BuildSpec, parse_spec

__all__ = ["ENV", "FORMAT", "Manifest", "built_names", "load_built", "manifest_path",
           "read_manifest", "remove_built", "save_built", "scenario_dir"]

ENV = "KIZUNA_SCENARIO_DIR"
FORMAT = "kizuna-scenario/1"
MANIFEST = "manifest.json"
_VECTOR_LAYERS = ("did", "roads", "railways")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")

Manifest = dict[str, Any]


def scenario_dir() -> Path:
    """Where built scenarios live: ``$KIZUNA_SCENARIO_DIR``, else ``<user data>/scenarios``."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("kizuna", appauthor=False)) / "scenarios"


def _folder(name: str) -> Path:
    if not _NAME.match(name):
        raise UnknownName("scenario", name)
    return scenario_dir() / name


def manifest_path(name: str) -> Path:
    """The manifest of the built scenario ``name`` (it may not exist)."""
    return _folder(name) / MANIFEST


def built_names() -> list[str]:
    """Names of the registered built scenarios, sorted."""
    root = scenario_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir()
                  if not p.name.startswith(".") and _NAME.match(p.name)
                  and (p / MANIFEST).is_file())


def read_manifest(name: str) -> Manifest:
    """The manifest of a built scenario; raises :class:`UnknownName` when none is registered."""
    path = manifest_path(name)
    if not path.is_file():
        raise UnknownName("scenario", name)
    try:
        data: Manifest = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidFile(path, f"unreadable manifest ({exc})") from None
    if data.get("format") != FORMAT:
        raise InvalidFile(path, f"not a {FORMAT} manifest")
    return data


def save_built(scenario: Scenario, spec: BuildSpec) -> Path:
    """Write a built scenario into the scenario directory, replacing one of the same name only
    once every file is written. Returns its folder."""
    root = scenario_dir()
    target = _folder(scenario.name)
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".{scenario.name}.new-{uuid.uuid4().hex[:12]}"
    staging.mkdir()
    try:
        files = _write_layers(scenario, staging)
        manifest: Manifest = {
            "format": FORMAT, "name": scenario.name, "title": scenario.title,
            "epsg": scenario.epsg, "seed": scenario.seed,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "files": files, "synthetic": list(scenario.synthetic),
            "sources": dict(scenario.sources), "warnings": list(scenario.warnings),
            "coverage": dict(scenario.coverage), "spec": _resolved_spec(scenario, spec),
        }
        write_text(staging / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
        old = root / f".{scenario.name}.old-{uuid.uuid4().hex[:12]}"
        if target.exists():
            target.rename(old)
        try:
            staging.rename(target)
        except BaseException:
            if old.exists() and not target.exists():
                old.rename(target)  # the old build comes back rather than no build at all
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return target


def _resolved_spec(scenario: Scenario, spec: BuildSpec) -> dict[str, Any]:
    """The SPEC with the defaults the build used written in (airport radii, facility buffers,
    the fleet), so a later change of configuration does not change a stored scenario."""
    data = spec.model_dump(mode="json", by_alias=True)
    for a, airport in zip(data["airports"], scenario.airports, strict=True):
        a["radius_m"] = airport.radius_m
    for f, facility in zip(data["drone_act_facilities"], scenario.drone_act_facilities,
                           strict=True):
        f["buffer_m"] = facility.buffer_m
    data["aircraft"] = [{"registration": a.registration, "profile": a.profile.id,
                         "certificate": str(a.certificate),
                         "certificate_expiry": _iso(a.certificate_expiry),
                         "remote_id": a.remote_id,
                         "registration_expiry": _iso(a.registration_expiry)}
                        for a in scenario.aircraft]
    data["pilots"] = [{"id": p.id, "name": p.name, "licence": str(p.licence),
                       "limitations_lifted": sorted(str(x) for x in p.limitations_lifted),
                       "licence_expiry": _iso(p.licence_expiry)} for p in scenario.pilots]
    return data


def _iso(d: Any) -> str | None:
    return None if d is None else str(d.isoformat())


def _write_layers(s: Scenario, folder: Path) -> dict[str, str | None]:
    write_geotiff(folder / "population.tif", s.population,
                  tags={"SCENARIO": s.name, "LAYER": "population", "UNITS": "people/km2",
                        "SOURCE": s.sources.get("population", "")})
    write_geotiff(folder / "terrain.tif", s.terrain,
                  tags={"SCENARIO": s.name, "LAYER": "terrain", "UNITS": "m AMSL",
                        "SOURCE": s.sources.get("terrain", "")})
    land = [Feature(s.land, {"kind": "land", "source": s.sources.get("land", "")})]
    write_geopackage(folder / "land.gpkg", land, s.epsg, layer="land")
    files: dict[str, str | None] = {"population": "population.tif", "terrain": "terrain.tif",
                                    "land": "land.gpkg"}
    for name in _VECTOR_LAYERS:
        layer: VectorLayer = getattr(s, name)
        if len(layer):
            write_geopackage(folder / f"{name}.gpkg", layer, s.epsg, layer=name)
            files[name] = f"{name}.gpkg"
        else:
            files[name] = None
    return files


def load_built(name: str) -> Scenario:
    """Read a built scenario back from its folder."""
    manifest = read_manifest(name)
    folder = _folder(name)
    epsg = int(manifest["epsg"])
    files = manifest["files"]
    try:
        population = read_geotiff(folder / files["population"], RasterKind.POPULATION_DENSITY)
        terrain = read_geotiff(folder / files["terrain"], RasterKind.TERRAIN)
        land_layer = read_vector_layer(folder / files["land"], epsg, name="land")
        land = coastline.as_multipolygon(shapely.union_all(land_layer.geometries))
        layers = {n: (read_vector_layer(folder / files[n], epsg, name=n) if files.get(n)
                      else VectorLayer(n, (), epsg)) for n in _VECTOR_LAYERS}
    except KeyError as exc:
        raise InvalidFile(folder / MANIFEST, f"no {exc.args[0]!r} in its files") from None
    spec = parse_spec(manifest["spec"], str(folder / MANIFEST))
    places = places_from_spec(spec, epsg, land, str(folder / MANIFEST))
    try:
        return Scenario(
            name=name, title=str(manifest.get("title") or name), epsg=epsg,
            seed=int(manifest.get("seed", 0)), land=land, population=population,
            terrain=terrain, did=layers["did"], roads=layers["roads"],
            railways=layers["railways"], airports=places.airports,
            drone_act_facilities=places.facilities, settlements=places.settlements,
            bases=places.bases, aircraft=places.aircraft, pilots=places.pilots,
            synthetic=tuple(manifest.get("synthetic", ())),
            sources=dict(manifest.get("sources", {})),
            warnings=tuple(manifest.get("warnings", ())),
            coverage=dict(manifest.get("coverage", {})))
    except InvalidInput as exc:
        raise InvalidFile(folder / MANIFEST, str(exc)) from None


def remove_built(name: str) -> Path:
    """Delete a built scenario's folder; raises :class:`UnknownName` when none is registered."""
    folder = _folder(name)
    if not (folder / MANIFEST).is_file():
        raise UnknownName("scenario", name, built_names())
    # Unregister first (one rename), then delete: a reader never sees half a folder.
    trash = folder.parent / f".{name}.removed-{uuid.uuid4().hex[:12]}"
    folder.rename(trash)
    shutil.rmtree(trash, ignore_errors=True)
    return folder
