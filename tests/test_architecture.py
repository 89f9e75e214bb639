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
