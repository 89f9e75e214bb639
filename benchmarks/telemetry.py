"""Telemetry ingest: position reports from N simulated aircraft into one API worker.

Starts ``kizuna serve`` (one worker, a SQLite file in a temporary directory, or
``--database-url``) on a free loopback port; creates an operator, its API key and N accepted
operational intents (small squares in Fukushima, 0-120 m AGL, one hour from now); then N
concurrent keep-alive clients (asyncio, one connection per aircraft) fly circles inside their
intents' volumes and post their position reports with the API key, ``--batch`` reports per
request (the telemetry endpoint's batch form; 1 = one request per fix). Conformance checking is
on for every report (the endpoint always runs it).

``--client httpx`` (the default) posts with ``httpx2``; ``--client raw`` writes HTTP/1.1 on
asyncio streams itself. The clients run on the same 2-core machine as the server, and httpx2
spends about 2 ms of CPU per request, more than the server does once reports are cheap, so at
one report per request the httpx2 figure measures the client; ``raw`` (about 0.2 ms) leaves
the machine to the server.

Measures accepted reports per second (wall clock, from the first request to the last answer),
the 99th percentile of the request latency, and finally counts the rows of the telemetry log:
``lost`` = accepted - logged. The last line is exactly::

    telemetry reports_per_s=<r> p99_ms=<l> lost=<n>

Run by hand (not a test)::

    .venv/bin/python benchmarks/telemetry.py --aircraft 50 --reports 400 --batch 50
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2
from sqlalchemy import create_engine, func, select

from kizuna.store.telemetry import TelemetryRow

ADMIN, ADMIN_PASSWORD = "bench-admin", "bench-admin-password"
OPERATOR, OPERATOR_PASSWORD = "bench-operator", "bench-operator-password"
ORG = "op-bench"
#: Intents on a grid in Fukushima: squares of SIDE degrees, STEP degrees apart (no overlap).
ORIGIN, STEP, SIDE = (140.80, 37.55), 0.01, 0.004


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, KIZUNA_API_BOOTSTRAP_ADMIN=ADMIN,
               KIZUNA_API_BOOTSTRAP_ADMIN_PASSWORD=ADMIN_PASSWORD)
    kizuna = Path(sys.executable).with_name("kizuna")
    with log.open("wb") as out:
        proc = subprocess.Popen([str(kizuna), "serve", "--database-url", url, "--host",
                                 "127.0.0.1", "--port", str(port), "--workers", "1"],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"kizuna serve exited with {proc.returncode}:\n"
                             f"{log.read_text(errors='replace')}")
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return proc
        except httpx2.TransportError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("kizuna serve did not answer within 60 s")


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of a process so far; 0 where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu_s() -> float:
    """CPU seconds (user + system) of this process (the clients) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _ok(r: httpx2.Response, status: int = 200) -> Any:
    if r.status_code != status:
        raise SystemExit(f"{r.request.method} {r.request.url.path} -> {r.status_code}: {r.text}")
    return r.json() if r.content else None


def _square(k: int) -> tuple[float, float, list[list[float]]]:
    lon = ORIGIN[0] + STEP * (k % 10)
    lat = ORIGIN[1] + STEP * (k // 10)
    h = SIDE / 2
    ring = [[lon - h, lat - h], [lon + h, lat - h], [lon + h, lat + h], [lon - h, lat + h],
            [lon - h, lat - h]]
    return lon, lat, ring


def _setup(base: str, aircraft: int, start: datetime) -> tuple[str, list[str]]:
    """The operator's API key and one accepted intent per aircraft."""
    with httpx2.Client(base_url=base, timeout=60) as c:
        token = _ok(c.post("/api/v1/auth/login", json={
            "username": ADMIN, "password": ADMIN_PASSWORD}))["access_token"]
        admin = {"Authorization": f"Bearer {token}"}
        _ok(c.post("/api/v1/admin/organisations", headers=admin, json={
            "id": ORG, "name": "Bench Operator", "kind": "operator",
            "prefecture": "fukushima"}), 201)
        _ok(c.post("/api/v1/admin/users", headers=admin, json={
            "username": OPERATOR, "password": OPERATOR_PASSWORD, "role": "operator",
            "organisation_id": ORG}), 201)
        token = _ok(c.post("/api/v1/auth/login", json={
            "username": OPERATOR, "password": OPERATOR_PASSWORD}))["access_token"]
        operator = {"Authorization": f"Bearer {token}"}
        key = _ok(c.post(f"/api/v1/orgs/{ORG}/api-keys", headers=operator, json={
            "name": "bench feed", "scopes": ["telemetry"]}), 201)["key"]
        intents = []
        for k in range(aircraft):
            _lon, _lat, ring = _square(k)
            answer = _ok(c.post("/api/v1/utm/intents", headers=operator, json={"volumes": [{
                "polygon": {"type": "Polygon", "coordinates": [ring]},
                "altitude_lower_m": 0, "altitude_upper_m": 120,
                "time_start": start.isoformat(),
                "time_end": (start + timedelta(hours=1)).isoformat()}]}), 201)
            if not answer["accepted"]:
                raise SystemExit(f"intent {k} was not accepted: {answer}")
            intents.append(answer["id"])
    return key, intents


def _reports(k: int, n: int, start: datetime) -> list[dict[str, Any]]:
    """A circle inside intent ``k``'s square, one fix per second from ``start`` + 1 s."""
    lon, lat, _ring = _square(k)
    r = SIDE / 4
    return [{"time": (start + timedelta(seconds=1 + i)).isoformat(),
             "lon": lon + r * math.cos(i / 30), "lat": lat + r * math.sin(i / 30),
             "alt_m": 60.0, "altitude_reference": "AGL"} for i in range(n)]


async def _fly(base: str, key: str, intent: str, k: int, reports: list[dict[str, Any]],
               batch: int, latencies: list[float], failures: list[str]) -> int:
    accepted = 0
    async with httpx2.AsyncClient(base_url=base, timeout=120,
                                  headers={"X-API-Key": key}) as client:
        for i in range(0, len(reports), batch):
            body = {"aircraft_id": f"JU-BENCH-{k:03d}", "reports": reports[i:i + batch]}
            t0 = time.perf_counter()
            try:
                r = await client.post(f"/api/v1/utm/intents/{intent}/telemetry", json=body)
            except httpx2.TransportError as exc:
                failures.append(f"{intent}: {type(exc).__name__} {exc}")
                continue
            latencies.append(time.perf_counter() - t0)
            if r.status_code == 200:
                answer = r.json()
                accepted += answer["accepted_reports"]
                if answer["events"] and answer["state"] != "Activated":
                    failures.append(f"{intent}: unexpected state {answer['state']}")
            else:
                failures.append(f"{intent}: {r.status_code} {r.text[:200]}")
    return accepted


async def _fly_raw(base: str, key: str, intent: str, k: int, reports: list[dict[str, Any]],
                   batch: int, latencies: list[float], failures: list[str]) -> int:
    """As :func:`_fly`, with HTTP/1.1 written and read by hand on one keep-alive connection."""
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    head = (f"POST /api/v1/utm/intents/{intent}/telemetry HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"X-API-Key: {key}\r\nContent-Type: application/json\r\n").encode()
    accepted = 0
    try:
        for i in range(0, len(reports), batch):
            body = json.dumps({"aircraft_id": f"JU-BENCH-{k:03d}",
                               "reports": reports[i:i + batch]}).encode()
            t0 = time.perf_counter()
            writer.write(head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            text = await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            if status == 200:
                answer = json.loads(text)
                accepted += answer["accepted_reports"]
                if answer["events"] and answer["state"] != "Activated":
                    failures.append(f"{intent}: unexpected state {answer['state']}")
            else:
                failures.append(f"{intent}: {status} {text[:200]!r}")
    except (OSError, asyncio.IncompleteReadError) as exc:
        failures.append(f"{intent}: {type(exc).__name__} {exc}")
    finally:
        writer.close()
    return accepted


async def _load(base: str, key: str, intents: list[str], per_aircraft: int, batch: int,
                start: datetime, client: str = "httpx"
                ) -> tuple[int, float, list[float], list[str]]:
    latencies: list[float] = []
    failures: list[str] = []
    flights = [_reports(k, per_aircraft, start) for k in range(len(intents))]
    fly = _fly_raw if client == "raw" else _fly
    t0 = time.perf_counter()
    counts = await asyncio.gather(*(
        fly(base, key, intent, k, flights[k], batch, latencies, failures)
        for k, intent in enumerate(intents)))
    return sum(counts), time.perf_counter() - t0, latencies, failures


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aircraft", type=int, default=50, help="simulated aircraft (N)")
    parser.add_argument("--reports", type=int, default=400, help="position reports per aircraft")
    parser.add_argument("--batch", type=int, default=50, help="reports per request")
    parser.add_argument("--client", choices=("httpx", "raw"), default="httpx",
                        help="httpx2 (default) or a minimal HTTP/1.1 client on asyncio streams")
    parser.add_argument("--database-url", default=None,
                        help="an empty database (default: SQLite in a temporary directory)")
    args = parser.parse_args(argv)
    if not 1 <= args.aircraft <= 100:
        parser.error("--aircraft: 1 to 100")

    with tempfile.TemporaryDirectory(prefix="kizuna-bench-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _start_server(url, port, Path(tmp) / "serve.log")
        try:
            start = datetime.now(UTC).replace(microsecond=0)
            key, intents = _setup(base, args.aircraft, start)
            cpu0, own0 = _cpu_s(server.pid), _own_cpu_s()
            accepted, wall, latencies, failures = asyncio.run(
                _load(base, key, intents, args.reports, args.batch, start, args.client))
            server_cpu, client_cpu = _cpu_s(server.pid) - cpu0, _own_cpu_s() - own0
        finally:
            server.terminate()
            server.wait(timeout=30)
            log = (Path(tmp) / "serve.log").read_text(errors="replace").splitlines()
            errors = [line for line in log if "ERROR" in line or "Traceback" in line]
            if errors:
                print("server log:", *log[-30:], sep="\n  ")
        eng = create_engine(url)
        with eng.connect() as conn:
            logged = conn.scalar(select(func.count()).select_from(TelemetryRow)) or 0
        eng.dispose()

    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, math.ceil(0.99 * len(latencies)) - 1)] * 1000
    requests = len(latencies)
    print(f"aircraft={args.aircraft} reports_per_aircraft={args.reports} batch={args.batch} "
          f"client={args.client} "
          f"requests={requests} failed={len(failures)} accepted={accepted} logged={logged} "
          f"wall_s={wall:.2f} requests_per_s={requests / wall:.0f} "
          f"p50_ms={latencies[len(latencies) // 2] * 1000:.1f} "
          f"server_cpu_ms_per_request={server_cpu / max(requests, 1) * 1000:.2f} "
          f"client_cpu_ms_per_request={client_cpu / max(requests, 1) * 1000:.2f} "
          f"load_avg={os.getloadavg()[0]:.1f}")
    for failure in failures[:5]:
        print(f"  failure: {failure}")
    print("conformance: on for every report (one ConformanceMonitor step per report, "
          "events stored)")
    print(f"telemetry reports_per_s={accepted / wall:.0f} p99_ms={p99:.1f} "
          f"lost={accepted - logged}")


if __name__ == "__main__":
    main()
