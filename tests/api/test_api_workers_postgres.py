"""Several `kizuna serve` workers over PostgreSQL keep the airspace's guarantee: of many
concurrent submissions of one volume, exactly one is accepted."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from kizuna.store import Organisation, OrganisationRepository, migrate, session_factory
from kizuna.store.accounts import AccountRole, AccountsRepository

PASSWORD = "correct horse battery"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _call(url: str, body: Any, token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers,
                                 method="POST")
    try:
        with _OPENER.open(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


@pytest.mark.postgres
def test_two_workers_accept_exactly_one_of_concurrent_conflicting_intents(
        fresh_postgres_url: str, tmp_path: Path) -> None:
    """Eight operators' threads race one volume through two workers; one wins, seven conflict."""
    migrate(fresh_postgres_url)
    sessions = session_factory(fresh_postgres_url)
    with sessions.begin() as s:
        OrganisationRepository(s).add(Organisation("op-soma", "Soma", "operator"))
    accounts = AccountsRepository(sessions, PasswordHasher(time_cost=1, memory_cost=64,
                                                           parallelism=1))
    accounts.set_prefecture("op-soma", "fukushima")
    accounts.add_user("op_soma", PASSWORD, AccountRole.OPERATOR, organisation_id="op-soma")
    sessions.kw["bind"].dispose()

    port = _free_port()
    env = {**os.environ, "KIZUNA_API_ARGON2_TIME_COST": "1", "KIZUNA_API_ARGON2_MEMORY_KIB": "64",
           "KIZUNA_API_ARGON2_PARALLELISM": "1", "KIZUNA_API_LOGIN_ATTEMPTS": "50"}
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kizuna.cli.main", "serve", "--database-url", fresh_postgres_url,
         "--port", str(port), "--workers", "2"], stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with _OPENER.open(f"{base}/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        status, login = _call(f"{base}/auth/login", {"username": "op_soma",
                                                      "password": PASSWORD})
        assert status == 200, (login, (tmp_path / "serve.log").read_text())
        token = login["access_token"]
        square = [[140.95, 37.70], [140.96, 37.70], [140.96, 37.71], [140.95, 37.71],
                  [140.95, 37.70]]
        intent = {"volumes": [{"polygon": {"type": "Polygon", "coordinates": [square]},
                               "altitude_lower_m": 0, "altitude_upper_m": 120,
                               # An hour ahead of the server's (real) clock: intents must
                               # lie in the window around now (config/airspace_bounds.json).
                               "time_start": (soon := datetime.now(UTC).replace(
                                   microsecond=0) + timedelta(hours=1)).isoformat(),
                               "time_end": (soon + timedelta(minutes=30)).isoformat()}]}
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda _i: _call(f"{base}/utm/intents", intent, token),
                                    range(8)))
        assert all(code == 201 for code, _ in results), results
        accepted = [r for _, r in results if r["accepted"]]
        assert len(accepted) == 1, results
        assert all(r["conflicts"] == [accepted[0]["id"]] for _, r in results
                   if not r["accepted"])
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
