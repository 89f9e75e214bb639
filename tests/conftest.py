"""Fixtures shared by every test package.

``postgres_url`` starts a throwaway PostgreSQL + PostGIS cluster on loopback, once per test
session (so once per pytest-xdist worker), and stops and removes it at the end. Set
``KIZUNA_TEST_POSTGRES_URL`` to use an existing server instead. Missing PostgreSQL binaries
make the fixture fail, not skip: CI installs them (scripts/setup.sh) and must run these tests.

``fresh_postgres_url`` gives each test its own empty database (with PostGIS), copied from a
template, so tests that create tables never see each other's rows.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_TEMPLATE_DB = "kizuna_template"
_TEST_DB = "kizuna_test"
_counter = itertools.count()


def _pg_bin() -> Path:
    """The newest PostgreSQL server binary directory on this machine."""
    found = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0,
    )
    if not found:
        pytest.fail(
            "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (initdb, pg_ctl); "
            "run scripts/setup.sh (installs postgresql-15-postgis-3) or set "
            "KIZUNA_TEST_POSTGRES_URL",
            pytrace=False,
        )
    return found[-1]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    """Run as the ``postgres`` user when we are root (initdb refuses to run as root)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def _run(args: list[str]) -> None:
    proc = subprocess.run(_as_postgres(args), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(args[:2])} failed: {proc.stderr.strip() or proc.stdout.strip()}",
                    pytrace=False)


def _admin(url: str, *statements: str) -> None:
    """Run statements in autocommit mode (CREATE DATABASE cannot run in a transaction)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)  # type: ignore[arg-type]  # our own literal statements


def _libpq(url: str, dbname: str | None = None) -> str:
    """A SQLAlchemy ``postgresql+psycopg://`` URL as a libpq URL, optionally for another db."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if dbname is not None:
        u = u.set(database=dbname)
    return u.set(drivername="postgresql").render_as_string(hide_password=False)


def _with_db(url: str, dbname: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=dbname).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLAlchemy URL (``postgresql+psycopg://``) of a PostGIS-enabled database."""
    external = os.environ.get("KIZUNA_TEST_POSTGRES_URL")
    if external:
        yield external
        return
    bindir = _pg_bin()
    # pytest's own temp root is mode 0700 and owned by root, which the postgres user cannot
    # enter, so the cluster lives in its own short directory (socket paths are length-limited).
    root = Path(tempfile.mkdtemp(prefix="kizuna-pg-"))
    log = tmp_path_factory.mktemp("postgres") / "server.log"
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(sock, "postgres", "postgres")
    server_log = root / "server.log"
    started = False
    try:
        _run([str(bindir / "initdb"), "-A", "trust", "-U", "postgres", "-E", "UTF8",
              "--no-sync", "-D", str(data)])
        for _attempt in range(3):
            port = _free_port()
            opts = (f"-c listen_addresses=127.0.0.1 -p {port} -k {sock} -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off")
            proc = subprocess.run(
                _as_postgres([str(bindir / "pg_ctl"), "start", "-w", "-t", "60", "-D", str(data),
                              "-l", str(server_log), "-o", opts]),
                capture_output=True, text=True, check=False)
            if proc.returncode == 0:
                started = True
                break
        if not started:
            text = server_log.read_text() if server_log.exists() else proc.stderr
            pytest.fail(f"pg_ctl start failed: {text.strip()[-500:]}", pytrace=False)
        base = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        _admin(_libpq(base), f"CREATE DATABASE {_TEMPLATE_DB}")
        _admin(_libpq(base, _TEMPLATE_DB), "CREATE EXTENSION postgis")
        _admin(_libpq(base), f"CREATE DATABASE {_TEST_DB} TEMPLATE {_TEMPLATE_DB}")
        yield _with_db(base, _TEST_DB)
    finally:
        if started:
            subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "stop", "-m", "fast", "-w",
                                         "-D", str(data)]),
                           capture_output=True, check=False)
        if server_log.exists():
            shutil.copyfile(server_log, log)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """A new, empty PostGIS database for one test; dropped afterwards."""
    name = f"kizuna_t{os.getpid()}_{next(_counter)}"
    server = _libpq(postgres_url, "postgres")
    if os.environ.get("KIZUNA_TEST_POSTGRES_URL"):
        _admin(server, f"CREATE DATABASE {name}")
        _admin(_libpq(postgres_url, name), "CREATE EXTENSION IF NOT EXISTS postgis")
    else:
        _admin(server, f"CREATE DATABASE {name} TEMPLATE {_TEMPLATE_DB}")
    try:
        yield _with_db(postgres_url, name)
    finally:
        _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
