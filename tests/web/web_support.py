"""A seeded demo database (Aokata only, one hour of simulated traffic) served by a subprocess
uvicorn on a free loopback port, on the demo's simulated clock."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kizuna.web import NODE_MODULES, VENDOR

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def missing_requirements(chromium: str = CHROMIUM, node_modules: Path = NODE_MODULES
                         ) -> list[str]:
    """What the browser tests need and cannot find, each with what to install.

    The browser tests never skip: a machine without Chromium, Playwright or the npm packages
    would otherwise pass CI with "N skipped" and test nothing.
    """
    missing = []
    if not Path(chromium).is_file():
        missing.append(f"Chromium at {chromium}: apt-get install chromium (scripts/setup.sh "
                       "does it as root)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("Playwright for Python: pip install -e '.[dev]' (or pip install "
                       "playwright; never 'playwright install', Debian's Chromium is used)")
    for package in VENDOR:
        if not (node_modules / package).is_dir():
            missing.append(f"the npm package {package} in {node_modules}: npm ci in "
                           "src/kizuna/web (scripts/setup.sh; needs npm)")
    return missing


def require_browser() -> None:
    """Fail (never skip) the requesting test, saying what to install, when anything is missing."""
    missing = missing_requirements()
    if missing:
        pytest.fail("browser tests need: " + "; ".join(missing), pytrace=False)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a running demo server."""
    require_browser()
    from kizuna.cli.demo import seed

    db = tmp_path_factory.mktemp("web") / "demo.db"
    url = f"sqlite:///{db}"
    done = seed(url, traffic_hours=1.0, scenarios=("goto",), fast_hashing=True,
                settlements={"goto": ("aokata",)})
    with serve(url, done.clock_start.isoformat(), done.data_key) as base:
        yield base


@contextmanager
def serve(url: str, clock_start: str, data_key: str,
          env_extra: dict[str, str] | None = None) -> Iterator[str]:
    """A uvicorn subprocess serving the seeded database at ``url``; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "KIZUNA_API_DATABASE_URL": url, "KIZUNA_API_MIGRATE_ON_START": "false",
           "KIZUNA_DEMO_CLOCK_START": clock_start,
           "KIZUNA_API_LOGIN_ATTEMPTS": "50", "KIZUNA_DATA_KEY": data_key, **(env_extra or {})}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "kizuna.api.app:app_from_environment",
                             "--factory", "--host", "127.0.0.1", "--port", str(port),
                             "--log-level", "warning"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        # Up to two minutes: on a loaded 2-core machine the server's imports alone take 30 s.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def signed_in(browser: Any, server: str, user: str, path: str,
              viewport: dict[str, int], timeout_ms: int = 60_000,
              init_script: str | None = None, enforce_csp: bool = False) -> Any:
    """A new page signed in as ``user`` (demo password) on ``path``, once the page says it is
    ready (``window.kizunaReady``). The page records its errors (``page.errors``), console
    errors (``page.logs``) and requests (``page.requests``); ``init_script`` runs before each
    document's own scripts.

    Playwright's ``wait_for_function`` evaluates its predicate with ``eval``, which the pages'
    Content-Security-Policy forbids, so pages are opened with the policy bypassed unless
    ``enforce_csp`` (tests/web/test_web_csp.py, which waits with :func:`wait_until`)."""
    ctx = browser.new_context(viewport=viewport, locale="ja-JP", timezone_id="Asia/Tokyo",
                              bypass_csp=not enforce_csp)
    if init_script:
        ctx.add_init_script(init_script)
    page = ctx.new_page()
    page.errors = []
    page.logs = []
    page.requests = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console",
            lambda m: page.logs.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.on("request", lambda r: page.requests.append(r))
    page.goto(f"{server}/")
    page.fill("#u", user)
    page.fill("#p", "kizuna-demo")
    page.click("button.primary")
    page.wait_for_url(f"**{path.split('?')[0]}")
    if "?" in path:
        page.goto(f"{server}{path}")
    wait_ready(page, user, timeout_ms)
    return page


def wait_ready(page: Any, name: str, timeout_ms: int = 60_000) -> None:
    """Wait for ``window.kizunaReady``; on failure keep a screenshot and name the errors."""
    try:
        wait_until(page, "window.kizunaReady === true", timeout_ms)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"{name}-not-ready.png"))
        raise AssertionError(f"{page.url} not ready: {page.errors} {page.logs}") from None


def wait_until(page: Any, expression: str, timeout_ms: int = 30_000) -> None:
    """Poll ``expression`` until it is truthy (evaluated through the DevTools protocol, so it
    works under the pages' CSP, unlike ``wait_for_function``)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression} still false after {timeout_ms} ms")
        page.wait_for_timeout(100)


def api_call(server: str, method: str, path: str, token: str | None = None,
             body: Any = None) -> Any:
    """One JSON call to the server under test."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{server}/api/v1{path}", data=data, headers=headers,
                                 method=method)
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read().decode())


def api_token(server: str, user: str) -> str:
    """A bearer token for the demo account ``user``."""
    token: str = api_call(server, "POST", "/auth/login",
                          body={"username": user, "password": "kizuna-demo"})["access_token"]
    return token
