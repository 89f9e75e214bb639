"""Telemetry ingest resumes the conformance monitor from the stored events: split into any
batches, the reports give exactly the events of one monitor fed every report in one go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from api_support import Api
from sqlalchemy import text

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


def _square_intent(api: Api, user: str = "op_soma") -> str:
    r = api.client.post("/api/v1/utm/intents", headers=api.headers(user), json={"volumes": [{
        "polygon": {"type": "Polygon", "coordinates": [SQUARE]}, "altitude_lower_m": 0,
        "altitude_upper_m": 120, "time_start": T0.isoformat(),
        "time_end": (T0 + timedelta(minutes=30)).isoformat()}]})
    assert r.status_code == 201 and r.json()["accepted"], r.text
    intent_id: str = r.json()["id"]
    return intent_id


def _key(api: Api, signed_in: dict[str, str] | None = None, **body: Any) -> dict[str, str]:
    r = api.client.post("/api/v1/orgs/op-soma/api-keys",
                        headers=signed_in or api.headers("op_soma"), json={"name": "feed", **body})
    assert r.status_code == 201, r.text
    return {"X-API-Key": r.json()["key"], "id": r.json()["id"]}


def test_who_may_send_telemetry(api: Api) -> None:
    """The intent's operator staff, its organisation's keys with the telemetry scope and an
    administrator; other operators do not learn that the intent exists; regulators, residents
    and keys without the scope are refused; nobody sends for an unknown intent."""
    intent = _square_intent(api)
    url = f"/api/v1/utm/intents/{intent}/telemetry"
    seconds = iter(range(60, 120))

    def post(headers: dict[str, str], to: str = url) -> Any:
        return api.client.post(to, headers=headers, json={
            "aircraft_id": "JU1", "reports": [_report(next(seconds), INSIDE)]})

    key = _key(api)
    no_scope = _key(api, scopes=["read"])
    assert post({"X-API-Key": key["X-API-Key"]}).status_code == 200
    assert post(api.headers("op_soma")).status_code == 200
    assert post(api.headers("admin")).status_code == 200
    other = post(api.headers("op_goto"))
    assert other.status_code == 404 and intent in other.json()["detail"]
    assert post(api.headers("reg_fukushima")).status_code == 403
    assert post(api.headers("resident")).status_code == 403
    assert post({"X-API-Key": no_scope["X-API-Key"]}).status_code == 403
    assert post({}).status_code == 401
    assert post(api.headers("op_soma"), "/api/v1/utm/intents/oi-none/telemetry"
                ).status_code == 404
    events = api.client.get(f"/api/v1/utm/intents/{intent}/events",
                            headers=api.headers("op_soma")).json()
    assert [e["code"] for e in events] == ["UTM-ACTIVATED"]  # from the three accepted only


def test_revoked_or_expired_keys_and_ended_intents_are_refused(api: Api) -> None:
    """Nothing about a caller or an intent is cached: a key revoked or expired, or a token
    expired, is refused on the next report, and so is a report for an intent that has ended."""
    intent = _square_intent(api)
    url = f"/api/v1/utm/intents/{intent}/telemetry"

    def post(key: dict[str, str], seconds: int) -> int:
        return int(api.client.post(url, headers={"X-API-Key": key["X-API-Key"]}, json={
            "aircraft_id": "JU1", "reports": [_report(seconds, INSIDE)]}).status_code)

    revoked, expiring = _key(api), _key(api, ttl_days=1)
    assert post(revoked, 60) == post(expiring, 61) == 200
    assert api.client.delete(f"/api/v1/orgs/op-soma/api-keys/{revoked['id']}",
                             headers=api.headers("op_soma")).status_code == 204
    assert post(revoked, 62) == 401
    assert post(expiring, 63) == 200
    api.clock.advance(days=1, seconds=1)
    assert post(expiring, 64) == 401
    assert api.client.post(url, headers=api.headers("op_soma"), json={  # token: 8 h
        "aircraft_id": "JU1", "reports": [_report(64, INSIDE)]}).status_code == 401
    signed_in = {"Authorization": f"Bearer {api.login('op_soma')}"}
    fresh = _key(api, signed_in)
    assert post(fresh, 65) == 200
    assert api.client.post(f"/api/v1/utm/intents/{intent}/end",
                           headers=signed_in).json()["ended"] is True
    assert post(fresh, 66) == 404
    with api.state.engine.connect() as conn:
        logged = conn.execute(text("SELECT count(*) FROM utm_telemetry WHERE intent_id = :i"),
                              {"i": intent}).scalar()
    assert logged == 4


def test_a_batch_too_large_or_with_a_bad_report_names_the_field(api: Api) -> None:
    """Over max_reports_per_batch: 422 on reports; a refused report: 422 on reports.<i>, and
    none of the batch is stored."""
    intent = _square_intent(api)
    url = f"/api/v1/utm/intents/{intent}/telemetry"
    h = api.headers("op_soma")
    too_many = api.state.settings.max_reports_per_batch + 1
    r = api.client.post(url, headers=h, json={
        "aircraft_id": "JU1", "reports": [_report(60, INSIDE)] * too_many})
    assert r.status_code == 422 and r.json()["field"] == "reports"
    r = api.client.post(url, headers=h, json={"aircraft_id": "JU1", "reports": [
        _report(60, INSIDE), {**_report(61, INSIDE), "altitude_reference": "AMSL"}]})
    assert r.status_code == 422 and r.json()["field"] == "reports.1"
    events = api.client.get(f"/api/v1/utm/intents/{intent}/events", headers=h).json()
    assert events == []
