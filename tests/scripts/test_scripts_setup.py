"""scripts/setup.sh fails loudly, before installing anything, on a machine without npm."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SETUP = Path(__file__).resolve().parents[2] / "scripts" / "setup.sh"
#: The commands setup.sh runs before its npm check (everything but npm itself).
TOOLS = ("bash", "dirname", "ls", "grep", "id", "fc-list")


def test_setup_without_npm_exits_non_zero_saying_what_to_install(tmp_path: Path) -> None:
    """With npm off the PATH (and apt skipped) setup.sh exits 1 naming npm and how to get it,
    and has created no virtualenv."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    copy = tmp_path / "repo"
    (copy / "scripts").mkdir(parents=True)
    shutil.copy(SETUP, copy / "scripts" / "setup.sh")
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path), "KIZUNA_SKIP_APT": "1",
           "LANG": os.environ.get("LANG", "C.UTF-8")}
    r = subprocess.run([str(bin_dir / "bash"), str(copy / "scripts" / "setup.sh")], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, r.stderr
    assert "npm is missing" in r.stderr and "apt-get install npm" in r.stderr
    assert not (copy / ".venv").exists()
