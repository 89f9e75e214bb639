"""Telemetry ingest resumes the conformance monitor from the stored events: split into any
batches, the reports give exactly the events of one monitor fed every report in one go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from api_support import Api

from kizuna.utm import MetricFrame
from kizuna.utm.conformance import ConformanceMonitor, PositionReport
from kizuna.utm.intent import IntentState
from kizuna.utm.volume import AltitudeReference

SQUARE = [[140.95, 37.70], [140.96, 37.70], [140.96, 37.71], [140.95, 37.71], [140.95, 37.70]]
T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
INSIDE, OUTSIDE = 140.955, 140.9601  # the second about 9 m east of the square
#: (seconds after T0, lon): activated, out, back in, out again at 90 s, still out at 100 s,
#: 115 s, then 125 s: 35 s outside since 90 s (not since 70 s) -> contingent; then stays so.
FLIGHT = [(60, INSIDE), (70, OUTSIDE), (80, INSIDE), (90, OUTSIDE), (100, OUTSIDE),
          (115, OUTSIDE), (125, OUTSIDE), (130, INSIDE)]


def _report(seconds: int, lon: float) -> dict[str, Any]:
    return {"time": (T0 + timedelta(seconds=seconds)).isoformat(), "lon": lon, "lat": 37.705,
            "alt_m": 60}


def _expected(api: Api, intent_id: str) -> list[tuple[str, str, str]]:
    intent = api.state.airspace.get(intent_id)
    assert intent is not None
    # The stored intent now carries the state its flight reached: replay from the submission.
    monitor = ConformanceMonitor(intent.with_state(IntentState.ACCEPTED), "JU1",
                                 MetricFrame(api.state.settings.airspace_epsg))
    for seconds, lon in FLIGHT:
        monitor.observe(PositionReport("JU1", T0 + timedelta(seconds=seconds), lon, 37.705, 60,
                                       AltitudeReference.AGL))
    return [(type(e).__name__, e.code, e.time.isoformat()) for e in monitor.log]


@pytest.mark.parametrize("batches", [[1] * 8, [1, 2, 1, 2, 2], [8], [3, 3, 2]])
def test_batches_give_the_events_of_one_monitor(api: Api, batches: list[int]) -> None:
    """However the reports are split, the stored events are the one-pass monitor's."""
    h = api.headers("op_soma")
    r = api.client.post("/api/v1/utm/intents", headers=h, json={"volumes": [{
        "polygon": {"type": "Polygon", "coordinates": [SQUARE]}, "altitude_lower_m": 0,
        "altitude_upper_m": 120, "time_start": T0.isoformat(),
        "time_end": (T0 + timedelta(minutes=30)).isoformat()}]})
    intent = r.json()["id"]
    done = 0
    for size in batches:
        r = api.client.post(f"/api/v1/utm/intents/{intent}/telemetry", headers=h, json={
            "aircraft_id": "JU1", "reports": [_report(*f) for f in FLIGHT[done:done + size]]})
        assert r.status_code == 200, r.text
        done += size
    assert r.json()["state"] == "Contingent"
    assert api.client.get(f"/api/v1/utm/intents/{intent}", headers=h).json()["state"] == (
        "Contingent")
    events = api.client.get(f"/api/v1/utm/intents/{intent}/events", headers=h).json()
    got = [("ConformanceAlert" if e["kind"] == "alert" else "StateTransition", e["code"],
            e["time"]) for e in events]
    assert got == _expected(api, intent)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert [e["code"] for e in events if e["kind"] == "transition"] == [
        "UTM-ACTIVATED", "UTM-NONCONFORMING", "UTM-RECONFORMED", "UTM-NONCONFORMING",
        "UTM-CONTINGENT"]


def test_a_second_aircraft_is_refused(api: Api) -> None:
    """An intent is flown by the aircraft of its first report: another one is a 422."""
    h = api.headers("op_soma")
    intent = api.client.post("/api/v1/utm/intents", headers=h, json={"volumes": [{
        "polygon": {"type": "Polygon", "coordinates": [SQUARE]}, "altitude_lower_m": 0,
        "altitude_upper_m": 120, "time_start": T0.isoformat(),
        "time_end": (T0 + timedelta(minutes=30)).isoformat()}]}).json()["id"]
    url = f"/api/v1/utm/intents/{intent}/telemetry"
    assert api.client.post(url, headers=h, json={
        "aircraft_id": "JU1", "reports": [_report(60, INSIDE)]}).status_code == 200
    r = api.client.post(url, headers=h, json={"aircraft_id": "JU2",
                                               "reports": [_report(61, INSIDE)]})
    assert r.status_code == 422 and r.json()["field"] == "aircraft_id"
