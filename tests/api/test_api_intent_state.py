"""Telemetry writes the conformance state back to the intent (SQLite and PostgreSQL): the API
reads the real state, and a contingent flight's volumes stay blocked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_support import Api, Clock, seed
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from kizuna.api import ApiSettings, create_app
from kizuna.residency.crypto import FieldCipher

SQUARE = [[140.95, 37.70], [140.96, 37.70], [140.96, 37.71], [140.95, 37.71], [140.95, 37.70]]
T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
INSIDE, OUTSIDE = 140.955, 140.9601  # the second about 9 m east of the square


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    """The app on a fresh SQLite file or PostGIS database, migrated and seeded."""
    url = (f"sqlite:///{tmp_path / 'api.db'}" if request.param == "sqlite"
           else str(request.getfixturevalue("fresh_postgres_url")))
    clock = Clock()
    app = create_app(ApiSettings(database_url=url, migrate_on_start=True, argon2_time_cost=1,
                                 argon2_memory_kib=64, argon2_parallelism=1),
                     cipher=FieldCipher(bytes(range(32))),
                     hasher=PasswordHasher(time_cost=1, memory_cost=64, parallelism=1),
                     now=clock)
    seed(app.state.kizuna)
    with TestClient(app) as client:
        yield Api(client, app.state.kizuna, clock)


def _volumes(priority: int = 0) -> dict[str, Any]:
    return {"priority": priority, "volumes": [{
        "polygon": {"type": "Polygon", "coordinates": [SQUARE]}, "altitude_lower_m": 0,
        "altitude_upper_m": 120, "time_start": T0.isoformat(),
        "time_end": (T0 + timedelta(minutes=30)).isoformat()}]}


def _fly(api: Api, intent: str, *track: tuple[int, float]) -> Any:
    r = api.client.post(f"/api/v1/utm/intents/{intent}/telemetry", headers=api.headers("op_soma"),
                        json={"aircraft_id": "JU1", "reports": [
                            {"time": (T0 + timedelta(seconds=s)).isoformat(), "lon": lon,
                             "lat": 37.705, "alt_m": 60} for s, lon in track]})
    assert r.status_code == 200, r.text
    return r.json()


def _state(api: Api, intent: str) -> str:
    r = api.client.get(f"/api/v1/utm/intents/{intent}", headers=api.headers("op_soma"))
    assert r.status_code == 200, r.text
    state: str = r.json()["state"]
    return state


def test_the_intent_shows_each_conformance_state_and_stays_blocked(any_api: Api) -> None:
    """Accepted -> Activated -> Nonconforming -> Activated -> Contingent as read back through
    GET (one and list); while contingent, a priority-10 submission over it is rejected."""
    api, h = any_api, any_api.headers("op_soma")
    intent = api.client.post("/api/v1/utm/intents", headers=h, json=_volumes()).json()["id"]
    assert _state(api, intent) == "Accepted"
    steps = [((60, INSIDE),), ((70, OUTSIDE),), ((80, INSIDE),), ((90, OUTSIDE), (125, OUTSIDE))]
    seen = []
    for track in steps:
        answered = _fly(api, intent, *track)["state"]
        seen.append(_state(api, intent))
        assert seen[-1] == answered
    assert seen == ["Activated", "Nonconforming", "Activated", "Contingent"]
    listed = api.client.get("/api/v1/utm/intents", headers=h).json()
    assert [i["state"] for i in listed if i["id"] == intent] == ["Contingent"]
    _fly(api, intent, (130, INSIDE))  # contingent holds
    assert _state(api, intent) == "Contingent"
    r = api.client.post("/api/v1/utm/intents", headers=h, json=_volumes(priority=10))
    assert r.status_code == 201 and r.json()["accepted"] is False
    assert r.json()["conflicts"] == [intent] and r.json()["replan"] == []


def test_a_nominal_intent_is_preempted_and_an_ended_one_takes_no_telemetry(any_api: Api
                                                                           ) -> None:
    """The contrast: an Activated intent is preempted by priority 10; once ended, telemetry for
    it is a 404 and its state is not rewritten."""
    api, h = any_api, any_api.headers("op_soma")
    intent = api.client.post("/api/v1/utm/intents", headers=h, json=_volumes()).json()["id"]
    _fly(api, intent, (60, INSIDE))
    r = api.client.post("/api/v1/utm/intents", headers=h, json=_volumes(priority=10))
    assert r.json()["accepted"] is True and r.json()["replan"] == [intent]
    assert api.client.post(f"/api/v1/utm/intents/{intent}/end", headers=h).json()["ended"]
    r = api.client.post(f"/api/v1/utm/intents/{intent}/telemetry", headers=h, json={
        "aircraft_id": "JU1", "reports": [{"time": (T0 + timedelta(seconds=70)).isoformat(),
                                           "lon": OUTSIDE, "lat": 37.705, "alt_m": 60}]})
    assert r.status_code == 404
    assert api.state.airspace.get(intent) is None
