"""`kizuna serve` runs the API with uvicorn on a SQLite database."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_health_on_loopback(tmp_path: Path) -> None:
    """The server starts on a free loopback port, migrates the database, answers /health."""
    port = _free_port()
    db = tmp_path / "serve.db"
    log = (tmp_path / "serve.log").open("wb")
    # Loopback only: no proxy from the environment may stand in between.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kizuna.cli.main", "serve", "--database-url", f"sqlite:///{db}",
         "--host", "127.0.0.1", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        body = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with opener.open(f"http://127.0.0.1:{port}/api/v1/health", timeout=2) as r:
                    body = json.loads(r.read())
                    break
            except OSError:
                time.sleep(0.2)
        assert body == {"status": "ok"}, (tmp_path / "serve.log").read_text()
        with opener.open(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=5) as r:
            assert "/api/v1/health" in json.loads(r.read())["paths"]
        assert db.exists()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
