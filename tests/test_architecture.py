"""The functional core never imports the imperative shell."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kizuna"
DOMAIN = ["geo", "scenario", "fleet", "rules", "risk", "energy", "planning", "permits", "utm",
          "dispatch", "residency", "hydrogen", "talent"]
SHELL = ("kizuna.store", "kizuna.api", "kizuna.cli", "kizuna.sim")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _domain_files() -> list[Path]:
    return sorted(p for pkg in DOMAIN if (SRC / pkg).is_dir() for p in (SRC / pkg).rglob("*.py"))


def test_domain_packages_exist() -> None:
    """The architecture test has something to check."""
    assert len(_domain_files()) >= 10


@pytest.mark.parametrize("path", _domain_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_domain_module_does_not_import_shell(path: Path) -> None:
    """A domain module imports neither store, api, cli nor sim."""
    bad = sorted(n for n in _imports(path) if n.startswith(SHELL))
    assert not bad, f"{path.relative_to(SRC)} imports {bad}"


def test_detector_catches_a_shell_import(tmp_path: Path) -> None:
    """The import scan sees both import forms."""
    f = tmp_path / "m.py"
    f.write_text("import kizuna.store.db\nfrom kizuna.cli import main\n", encoding="utf-8")
    assert {"kizuna.store.db", "kizuna.cli"} <= _imports(f)


ROUTERS = SRC / "api" / "routers"


def _router_modules() -> list[Path]:
    return sorted(p for p in ROUTERS.glob("*.py") if p.name != "__init__.py")


def _imported_modules(path: Path, root: Path = SRC) -> set[str]:
    """Every module an import statement names, relative imports resolved, lazy ones too."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ["kizuna", *path.relative_to(root).parent.parts]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names)
    return names


@pytest.mark.parametrize("path", _router_modules(), ids=lambda p: p.name)
def test_router_imports_no_other_router(path: Path) -> None:
    """Work shared between routers lives in a service or the domain, never in a router."""
    own = f"kizuna.api.routers.{path.stem}"
    bad = sorted(n for n in _imported_modules(path)
                 if n.startswith("kizuna.api.routers.") and not n.startswith(own))
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", _router_modules(), ids=lambda p: p.name)
def test_router_module_defines_a_router(path: Path) -> None:
    """A module in api/routers is a router (services go to api/services)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "router" for t in n.targets) for n in tree.body)


def test_router_import_detector(tmp_path: Path) -> None:
    """The scan sees absolute, relative and lazy imports of another router."""
    d = tmp_path / "kizuna" / "api" / "routers"
    d.mkdir(parents=True)
    f = d / "a.py"
    f.write_text("from . import b\nfrom .c import x\ndef f():\n    import kizuna.api.routers.d\n",
                 encoding="utf-8")
    names = _imported_modules(f, tmp_path / "kizuna")
    assert {"kizuna.api.routers.b", "kizuna.api.routers.c", "kizuna.api.routers.d"} <= names
