"""Airspace squatting and bad numbers are refused with a 422 naming the field, and a stored row
from before the bounds never makes a listing fail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from api_support import Api
from sqlalchemy import text

SQUARE = [[140.95, 37.70], [140.96, 37.70], [140.96, 37.71], [140.95, 37.71], [140.95, 37.70]]
T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def _intent(**volume: Any) -> dict[str, Any]:
    v = {"polygon": {"type": "Polygon", "coordinates": [SQUARE]}, "altitude_lower_m": 0,
         "altitude_upper_m": 120, "time_start": T0.isoformat(),
         "time_end": (T0 + timedelta(minutes=30)).isoformat()}
    v.update(volume)
    return {"volumes": [{k: x for k, x in v.items() if x is not None}]}


CIRCLE = {"polygon": None}


@pytest.mark.parametrize(("volume", "field"), [
    ({"time_end": "9999-12-31T23:59:59-09:00"}, "volumes.0.time_end"),
    ({"time_start": "2025-01-01T00:00:00+00:00", "time_end": "2125-01-01T00:00:00+00:00"},
     "volumes.0.time_start"),
    ({"altitude_lower_m": -1000, "altitude_upper_m": 100_000}, "volumes.0.altitude_lower_m"),
    ({**CIRCLE, "circle": {"center": [140.95, 37.7], "radius_m": 1_500_000}},
     "volumes.0.circle.radius_m"),
    ({**CIRCLE, "circle": {"center": [140.95, 37.7], "radius_m": 1e308}},
     "volumes.0.circle.radius_m"),
    ({**CIRCLE, "circle": {"center": [140.95, 37.7], "radius_m": 15_000}},
     "volumes.0.circle.radius_m"),  # 707 km², over the 500 km² area limit
    ({**CIRCLE, "circle": {"center": [154.4, 37.7], "radius_m": 12_000}},
     "volumes.0.circle"),  # the centre is in Japan's bounds, the circle is not
])
def test_squatting_intents_are_refused(api: Api, volume: dict[str, Any], field: str) -> None:
    """Year 10000, a century, ground to space, 1,500 km, 1e308 m, over the area, off Japan."""
    r = api.client.post("/api/v1/utm/intents", headers=api.headers("op_soma"),
                        json=_intent(**volume))
    assert r.status_code == 422, r.text
    assert r.json()["field"] == field


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+09:00", "9999-12-31T23:59:59-09:00"])
def test_telemetry_times_from_broken_clocks_are_refused(api: Api, when: str) -> None:
    """A report in year 1 or 9999 is a 422 naming it; nothing is stored."""
    h = api.headers("op_soma")
    intent = api.client.post("/api/v1/utm/intents", headers=h, json=_intent()).json()["id"]
    r = api.client.post(f"/api/v1/utm/intents/{intent}/telemetry", headers=h, json={
        "aircraft_id": "JU1", "reports": [{"time": when, "lon": 140.955, "lat": 37.705,
                                           "alt_m": 60}]})
    assert r.status_code == 422, r.text
    assert r.json()["field"] == "reports.0.time"
    with api.state.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM utm_telemetry")).scalar() == 0


def test_a_stored_year_10000_row_breaks_no_listing(api: Api) -> None:
    """A row written before the bounds (time_end in year 10000, a report in year 9999) is listed
    and can be ended: every role's listing answers 200."""
    h = api.headers("op_soma")
    intent = api.client.post("/api/v1/utm/intents", headers=h, json=_intent()).json()["id"]
    with api.state.engine.begin() as conn:
        conn.execute(text("UPDATE airspace_volumes SET time_end = :t WHERE intent_id = :i"),
                     {"t": 253402333199.0 + 86400, "i": intent})
    api.client.post(f"/api/v1/utm/intents/{intent}/telemetry", headers=h, json={
        "aircraft_id": "JU1", "reports": [{"time": T0.isoformat(), "lon": 140.955,
                                           "lat": 37.705, "alt_m": 60}]})
    with api.state.engine.begin() as conn:
        conn.execute(text("UPDATE utm_telemetry SET time = :t"), {"t": 253402300799.0 + 1e6})
    for user in ("op_soma", "admin", "reg_fukushima"):
        for path in ("/api/v1/utm/intents", "/api/v1/live/flights"):
            r = api.client.get(path, headers=api.headers(user))
            assert r.status_code == 200, (user, path, r.text)
    r = api.client.post(f"/api/v1/utm/intents/{intent}/end", headers=h)
    assert r.status_code == 200 and r.json()["ended"], r.text


def test_a_refusal_never_names_another_tenants_intent(api: Api) -> None:
    """op-goto's intent conflicting with op-soma's is refused with a count, not op-soma's id;
    op-soma's own second intent is refused naming its first."""
    first = api.client.post("/api/v1/utm/intents", headers=api.headers("op_soma"),
                            json=_intent()).json()
    r = api.client.post("/api/v1/utm/intents", headers=api.headers("op_goto"), json=_intent())
    assert r.status_code == 201 and not r.json()["accepted"]
    assert r.json()["conflicts"] == [] and r.json()["other_conflicts"] == 1
    assert first["id"] not in r.text
    r = api.client.post("/api/v1/utm/intents", headers=api.headers("op_soma"), json=_intent())
    assert r.json()["conflicts"] == [first["id"]] and r.json()["other_conflicts"] == 0
