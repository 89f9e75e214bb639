"""The package works outside the repository: build the wheel, install it in a fresh virtual
environment in a temporary directory, and run the commands a user runs first.

- ``kizuna scenario list``;
- ``kizuna simulate --scenario goto --hours 1``: the KPIs show Level 4 flights under the Aokata
  permit, which the simulator reads from the package's data;
- ``kizuna demo --seed-only``;
- and, with the Aokata permit removed from the installed package, ``kizuna simulate`` stops with
  a one-line error naming the file instead of flying a day with no Level 4 permit.

The wheel is built offline (``--no-build-isolation``: setuptools and wheel come with the dev
extra). The fresh environment gets the wheel, and only the *declared* runtime dependencies of
the wheel (its ``Requires-Dist``, transitively, extras included), linked from the environment
running the tests: no network, seconds instead of minutes, and a module imported at run time
but not declared in pyproject.toml fails here as it would for a user. Set
``KIZUNA_PACKAGING_PIP=1`` to let pip resolve and install the dependencies from the index
instead (a release check).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "kizuna"
AOKATA_PERMIT = "KIZUNA-L4-2025-0001"
#: Files of src/kizuna that are deliberately not in the wheel (npm installs node_modules).
NOT_SHIPPED = ("node_modules", "__pycache__", ".mypy_cache")
#: Bound on the whole test and on each command (the suite's default is 300 s per test).
TIMEOUT_S = 900


def _copy_source(dest: Path) -> Path:
    """The files a build reads (pyproject, README, src), so the build writes nothing in the
    checkout (no build/ or egg-info)."""
    dest.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "src", dest / "src", symlinks=True,
                    ignore=shutil.ignore_patterns(*NOT_SHIPPED, "*.egg-info", "*.pyc"))
    return dest


def _build_wheel(tmp: Path) -> Path:
    missing = [m for m in ("setuptools", "wheel") if _distribution(m) is None]
    if missing:
        pytest.fail(f"building the wheel needs {', '.join(missing)}: pip install -e '.[dev]'",
                    pytrace=False)
    source = _copy_source(tmp / "source")
    dist = tmp / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--no-index", "-q", "-w", str(dist), str(source)], cwd=tmp)
    [wheel] = dist.glob("kizuna-*.whl")
    return wheel


def _distribution(name: str) -> metadata.Distribution | None:
    try:
        return metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None


def _requirements(dist: metadata.Distribution, extras: set[str]) -> list[Requirement]:
    """A distribution's requirements that apply here, with the given extras requested."""
    out = []
    for line in dist.requires or ():
        req = Requirement(line)
        if req.marker is None or any(req.marker.evaluate({"extra": e})
                                     for e in (extras or {""})):
            out.append(req)
    return out


def _dependency_closure(wheel_metadata: metadata.Distribution) -> list[metadata.Distribution]:
    """Every distribution the wheel needs (its runtime Requires-Dist, transitively)."""
    seen: dict[str, metadata.Distribution] = {}
    done: set[tuple[str, frozenset[str]]] = set()
    todo = [(r, frozenset(r.extras)) for r in _requirements(wheel_metadata, set())]
    while todo:
        req, extras = todo.pop()
        dist = _distribution(req.name)
        if dist is None:
            pytest.fail(f"dependency {req} of the wheel is not installed in the test "
                        "environment: pip install -e '.[dev]'", pytrace=False)
        key = canonicalize_name(dist.metadata["Name"])
        if (key, extras) in done:
            continue
        done.add((key, extras))
        seen[key] = dist
        todo.extend((r, frozenset(r.extras)) for r in _requirements(dist, set(extras)))
    return list(seen.values())


def _link_dependencies(wheel: Path, site_packages: Path) -> int:
    """Link the declared runtime dependencies of ``wheel`` into ``site_packages``; how many."""
    unpacked = site_packages.parent / "wheel-metadata"
    with zipfile.ZipFile(wheel) as z:
        names = [n for n in z.namelist() if ".dist-info/" in n]
        z.extractall(unpacked, names)
    [info] = unpacked.glob("*.dist-info")
    closure = _dependency_closure(metadata.PathDistribution(info))
    for dist in closure:
        root = Path(str(dist.locate_file("")))
        for top in sorted({f.parts[0] for f in dist.files or () if f.parts[0] != ".."}):
            target = site_packages / top
            if (root / top).exists() and not target.exists():
                target.symlink_to(root / top)
    return len(closure)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None,
         check: bool = True) -> subprocess.CompletedProcess[str]:
    r = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                       timeout=TIMEOUT_S)
    if check and r.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {r.returncode}\n{r.stdout[-3000:]}\n"
                             f"{r.stderr[-3000:]}")
    return r


def _install(tmp: Path, wheel: Path) -> Path:
    """A fresh virtual environment in ``tmp`` with ``wheel`` installed; its directory."""
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp)
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
           "-q"]
    if os.environ.get("KIZUNA_PACKAGING_PIP") == "1":
        _run([*pip, str(wheel)], cwd=tmp)
    else:
        _run([*pip, "--no-deps", "--no-index", str(wheel)], cwd=tmp)
        [site] = venv.glob("lib/python*/site-packages")
        assert _link_dependencies(wheel, site) >= 20
    return venv


def _check_wheel_contents(wheel: Path) -> None:
    """Every non-Python file under src/kizuna (but node_modules) is in the wheel; nothing
    comes from docs/."""
    with zipfile.ZipFile(wheel) as z:
        shipped = set(z.namelist())
    wanted = sorted(str(p.relative_to(SRC.parent)) for p in SRC.rglob("*")
                    if p.is_file() and p.suffix != ".pyc"
                    and not any(part in NOT_SHIPPED for part in p.parts))
    assert [f for f in wanted if f not in shipped] == [], "package-data misses these files"
    assert "kizuna/examples/permits/aokata-permit.json" in shipped
    assert not [f for f in shipped if f.startswith("docs/")]


@pytest.mark.timeout(TIMEOUT_S)  # a build, an install and three commands: over the 300 s default
def test_the_wheel_works_outside_the_repository(tmp_path: Path) -> None:
    """Build, install in a fresh venv in a temporary directory, run the first commands (one
    test: its steps share one costly installation, and the last one breaks it)."""
    assert REPO not in tmp_path.parents
    wheel = _build_wheel(tmp_path)
    _check_wheel_contents(wheel)
    venv = _install(tmp_path, wheel)
    python, kizuna = venv / "bin" / "python", str(venv / "bin" / "kizuna")
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin:/bin", "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_CONFIG_HOME": str(home / "config"), "MPLCONFIGDIR": str(home / "mpl"),
           "PYTHONNOUSERSITE": "1", "LANG": "C.UTF-8", "TMPDIR": str(tmp_path)}

    # The installed copy is the one that runs, not the checkout.
    r = _run([str(python), "-c", "import kizuna; print(kizuna.__file__)"], cwd=home, env=env)
    path = Path(r.stdout.strip())
    assert venv in path.parents and REPO not in path.parents, path

    r = _run([kizuna, "scenario", "list"], cwd=home, env=env)
    assert "goto" in r.stdout and "minamisoma" in r.stdout, r.stdout

    # One hour at Goto: Level 4 flights, all under the packaged Aokata permit, no conflict.
    r = _run([kizuna, "simulate", "--scenario", "goto", "--hours", "1", "--out",
              str(home / "sim")], cwd=home, env=env)
    kpis = json.loads(r.stdout)
    assert kpis["level4_flights"] > 0, kpis
    assert kpis["flights_by_permit"].get(AOKATA_PERMIT, 0) >= kpis["level4_flights"], kpis
    assert kpis["conflicts"] == 0 and kpis["permit_violations"] == 0, kpis
    assert (home / "sim" / "kpis.json").is_file() and (home / "sim" / "report.html").is_file()

    r = _run([kizuna, "demo", "--seed-only"], cwd=home, env=env)
    assert "flights of simulated traffic" in r.stdout, r.stdout
    assert (home / "data" / "kizuna" / "demo.db").is_file()

    # With the packaged permit gone, simulate stops with one line naming it (exit 2); it does
    # not fly a day without its Level 4 permit.
    [permit] = venv.glob("lib/python*/site-packages/kizuna/examples/permits/aokata-permit.json")
    permit.unlink()
    r = _run([kizuna, "simulate", "--scenario", "goto", "--hours", "1", "--out",
              str(home / "sim-broken")], cwd=home, env=env, check=False)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "aokata-permit.json" in r.stderr and "Traceback" not in r.stderr, r.stderr
