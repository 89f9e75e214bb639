"""The live position stream: its opening names the cursor (so a client reconnecting before any
event resumes there), Last-Event-ID resumes after it, and tenancy filters what is sent."""

from __future__ import annotations

import json
from typing import Any

from api_support import Api

AREA = {"type": "Polygon", "coordinates": [[[140.95, 37.70], [140.97, 37.70], [140.97, 37.71],
                                            [140.95, 37.71], [140.95, 37.70]]]}
VOLUME = {"polygon": AREA, "altitude_lower_m": 0, "altitude_upper_m": 120,
          "time_start": "2026-03-01T10:00:00Z", "time_end": "2026-03-01T10:30:00Z"}
STREAM = "/api/v1/live/positions?timeout_s=0.3&poll_s=0.05"


def _report(api: Api, intent: str, minute: int) -> None:
    r = api.client.post(f"/api/v1/utm/intents/{intent}/telemetry", headers=api.headers("op_soma"),
                        json={"aircraft_id": "JU1", "reports": [{
                            "time": f"2026-03-01T10:{minute:02d}:00Z", "lon": 140.96,
                            "lat": 37.705, "alt_m": 60}]})
    assert r.status_code < 300, r.text


def _events(api: Api, user: str, last_event_id: str | None = None) -> list[dict[str, Any]]:
    """The stream's events as dicts of their fields (data parsed)."""
    headers = dict(api.headers(user))
    if last_event_id is not None:
        headers["Last-Event-ID"] = last_event_id
    with api.client.stream("GET", STREAM, headers=headers) as r:
        assert r.status_code == 200
        text = r.read().decode()
    out = []
    for chunk in filter(None, text.split("\n\n")):
        fields = dict(line.split(": ", 1) for line in chunk.split("\n"))
        if "data" in fields:
            fields["data"] = json.loads(fields["data"])
        out.append(fields)
    return out


def test_stream_opens_with_its_cursor_and_resumes_after_last_event_id(api: Api) -> None:
    """A quiet stream's only event names its cursor; resuming there sends just what came
    after; from zero each tenant gets only its own flights' positions."""
    r = api.client.post("/api/v1/utm/intents", headers=api.headers("op_soma"),
                        json={"volumes": [VOLUME]})
    assert r.status_code == 201 and r.json()["accepted"], r.text
    intent = r.json()["id"]
    _report(api, intent, 1)
    _report(api, intent, 2)

    opening = _events(api, "op_soma")
    assert len(opening) == 1 and opening[0]["retry"] == "1000"
    cursor = opening[0]["id"]
    assert cursor.isdigit() and int(cursor) >= 2  # "now": after the two reports, none sent

    _report(api, intent, 3)
    resumed = _events(api, "op_soma", last_event_id=cursor)
    positions = [e for e in resumed if e.get("event") == "position"]
    assert [p["data"]["time"] for p in positions] == ["2026-03-01T10:03:00+00:00"]
    first = positions[0]
    assert first["id"] == str(first["data"]["id"]) and int(first["id"]) > int(cursor)
    assert first["data"]["intent_id"] == intent

    # From the beginning: the owner and the prefecture's regulator see all three, another
    # operator and another prefecture's regulator none.
    for user, n in (("op_soma", 3), ("reg_fukushima", 3), ("op_goto", 0), ("reg_nagasaki", 0)):
        events = _events(api, user, last_event_id="0")
        assert sum(e.get("event") == "position" for e in events) == n, user


def _submit(api: Api, start: str, end: str) -> str:
    volume = dict(VOLUME, time_start=start, time_end=end)
    r = api.client.post("/api/v1/utm/intents", headers=api.headers("op_soma"),
                        json={"volumes": [volume]})
    assert r.status_code == 201 and r.json()["accepted"], r.text
    return str(r.json()["id"])


def _post(api: Api, intent: str, time: str, lon: float) -> None:
    r = api.client.post(f"/api/v1/utm/intents/{intent}/telemetry", headers=api.headers("op_soma"),
                        json={"aircraft_id": "JU1", "reports": [{
                            "time": time, "lon": lon, "lat": 37.705, "alt_m": 60}]})
    assert r.status_code < 300, r.text


def test_alerts_follow_their_report_on_the_stream_per_tenant_and_resume_without_repeats(
        api: Api) -> None:
    """An off-route report's alerts come right after its position, with its id, to the owner
    and the prefecture's regulator only; resuming after the last alert sends only what is
    newer, across intents; the stream's alerts are those of GET /live/alerts."""
    first = _submit(api, "2026-03-01T10:00:00Z", "2026-03-01T10:30:00Z")
    _post(api, first, "2026-03-01T10:01:00Z", 140.96)  # on the route
    _post(api, first, "2026-03-01T10:02:00Z", 141.10)  # ~10 km off it

    # A flight of another operator (in Nagasaki) reports after it: its stream has a position
    # past the alert's id, and still no alert of op-soma.
    goto = {"polygon": {"type": "Polygon", "coordinates": [[
        [128.80, 32.70], [128.81, 32.70], [128.81, 32.71], [128.80, 32.71], [128.80, 32.70]]]},
        "altitude_lower_m": 0, "altitude_upper_m": 120,
        "time_start": "2026-03-01T10:00:00Z", "time_end": "2026-03-01T10:30:00Z"}
    r = api.client.post("/api/v1/utm/intents", headers=api.headers("op_goto"),
                        json={"volumes": [goto]})
    assert r.status_code == 201 and r.json()["accepted"], r.text
    r = api.client.post(f"/api/v1/utm/intents/{r.json()['id']}/telemetry",
                        headers=api.headers("op_goto"), json={"aircraft_id": "JG1", "reports": [{
                            "time": "2026-03-01T10:03:00Z", "lon": 128.805, "lat": 32.705,
                            "alt_m": 60}]})
    assert r.status_code < 300, r.text

    events = _events(api, "op_soma", last_event_id="0")
    kinds = [e.get("event") for e in events if "event" in e]
    assert kinds[:2] == ["position", "position"] and set(kinds[2:]) == {"alert"}, kinds
    off = events[kinds.index("position") + 2]  # the opening has no event line
    alerts = [e for e in events if e.get("event") == "alert"]
    assert {a["data"]["code"] for a in alerts} >= {"UTM-NONCONFORMING"}
    for a in alerts:  # the off-route report's id, and the alert list's shape
        assert a["id"] == off["id"] == str(a["data"]["telemetry_id"])
        assert a["data"]["intent_id"] == first and a["data"]["owner"] == "op-soma"
    listed = api.client.get("/api/v1/live/alerts", headers=api.headers("op_soma")).json()
    assert sorted(a["seq"] for a in listed) == sorted(a["data"]["seq"] for a in alerts)

    # The prefecture's regulator gets the same alerts; another operator, another prefecture's
    # regulator and a resident get none (nor the positions).
    for user, n in (("reg_fukushima", len(alerts)), ("op_goto", 0), ("reg_nagasaki", 0),
                    ("resident", 0)):
        seen = _events(api, user, last_event_id="0")
        got = [e for e in seen if e.get("event") == "alert"]
        assert len(got) == n, user
        if user in ("op_goto", "reg_nagasaki"):  # their own flight's position is there
            assert [e["data"]["owner"] for e in seen if e.get("event") == "position"] == [
                "op-goto"]
        if n:
            assert [g["data"] for g in got] == [a["data"] for a in alerts]

    # Resuming after the last alert: nothing again; then only the newer report and the alert
    # of another flight of the same operator.
    assert [e for e in _events(api, "op_soma", last_event_id=alerts[-1]["id"])
            if "event" in e] == []
    second = _submit(api, "2026-03-01T10:30:00Z", "2026-03-01T11:00:00Z")
    # One request of three reports, only the second off the route: its alerts follow it.
    r = api.client.post(f"/api/v1/utm/intents/{second}/telemetry",
                        headers=api.headers("op_soma"), json={"aircraft_id": "JU1", "reports": [
                            {"time": f"2026-03-01T10:3{m}:00Z", "lon": lon, "lat": 37.705,
                             "alt_m": 60} for m, lon in ((1, 140.96), (2, 141.10), (3, 141.10))]})
    assert r.status_code < 300, r.text
    resumed = [e for e in _events(api, "op_soma", last_event_id=alerts[-1]["id"])
               if "event" in e]
    assert [e["event"] for e in resumed[:2]] == ["position", "position"]
    assert resumed[-1]["event"] == "position"
    caused = resumed[2:-1]
    assert caused and {e["event"] for e in caused} == {"alert"}
    assert {e["id"] for e in caused} == {resumed[1]["id"]}
    assert all(e["data"]["intent_id"] == second for e in resumed)
    assert all(int(e["id"]) > int(alerts[-1]["id"]) for e in resumed)
