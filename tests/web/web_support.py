"""A seeded demo database (Aokata only, one hour of simulated traffic) served by a subprocess
uvicorn on a free loopback port, on the demo's simulated clock."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kizuna.web import NODE_MODULES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a running demo server."""
    if not Path(CHROMIUM).exists() or not (NODE_MODULES / "maplibre-gl").is_dir():
        pytest.skip("needs /usr/bin/chromium and the npm packages (scripts/setup.sh)")
    from kizuna.cli.demo import seed

    db = tmp_path_factory.mktemp("web") / "demo.db"
    url = f"sqlite:///{db}"
    done = seed(url, traffic_hours=1.0, scenarios=("goto",), fast_hashing=True,
                settlements={"goto": ("aokata",)})
    port = _free_port()
    env = {**os.environ, "KIZUNA_API_DATABASE_URL": url, "KIZUNA_API_MIGRATE_ON_START": "false",
           "KIZUNA_DEMO_CLOCK_START": done.clock_start.isoformat(),
           "KIZUNA_API_LOGIN_ATTEMPTS": "50", "KIZUNA_DATA_KEY": done.data_key}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "kizuna.api.app:app_from_environment",
                             "--factory", "--host", "127.0.0.1", "--port", str(port),
                             "--log-level", "warning"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{base}/api/v1/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError as exc:
                if proc.poll() is not None:
                    why = proc.stderr.read().decode() if proc.stderr else "died"
                    raise RuntimeError(why) from exc
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        ARTIFACTS.mkdir(exist_ok=True)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
