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
