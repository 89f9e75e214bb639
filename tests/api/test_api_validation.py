"""Input validation: GeoJSON checks name the field, size limit, OpenAPI, no 5xx on fuzz."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from api_support import Api

SQUARE = [[140.95, 37.70], [140.96, 37.70], [140.96, 37.71], [140.95, 37.71], [140.95, 37.70]]


def _intent(polygon: Any) -> dict[str, Any]:
    return {"volumes": [{"polygon": polygon, "altitude_lower_m": 0, "altitude_upper_m": 120,
                         "time_start": "2026-03-01T10:00:00Z",
                         "time_end": "2026-03-01T10:30:00Z"}]}


def _ring(n: int) -> list[list[float]]:
    import math

    pts = [[140.95 + 0.01 * math.cos(2 * math.pi * k / n),
            37.70 + 0.01 * math.sin(2 * math.pi * k / n)] for k in range(n)]
    return [*pts, pts[0]]


BAD_GEOMETRY = {
    "unclosed ring": ({"type": "Polygon", "coordinates": [[*SQUARE[:-1], [140.95, 37.705]]]},
                      "not closed"),
    "self-intersecting": ({"type": "Polygon", "coordinates": [[
        [140.95, 37.70], [140.96, 37.71], [140.96, 37.70], [140.95, 37.71], [140.95, 37.70]]]},
        "valid"),
    "outside Japan": ({"type": "Polygon", "coordinates": [[
        [2.30, 48.85], [2.31, 48.85], [2.31, 48.86], [2.30, 48.85]]]}, "outside Japan"),
    "too many vertices": ({"type": "Polygon", "coordinates": [_ring(6000)]}, "vertices"),
    "too large": ({"type": "Polygon", "coordinates": [[
        [139.0, 36.0], [141.0, 36.0], [141.0, 38.0], [139.0, 38.0], [139.0, 36.0]]]}, "area"),
}


@pytest.mark.parametrize("case", sorted(BAD_GEOMETRY))
def test_bad_geojson_in_an_intent_is_422_naming_the_field(api: Api, case: str) -> None:
    """Each bad polygon is refused with 422 and ``field`` = its path in the body."""
    polygon, words = BAD_GEOMETRY[case]
    r = api.client.post("/api/v1/utm/intents", json=_intent(polygon),
                        headers=api.headers("op_soma"))
    assert r.status_code == 422, r.text
    assert r.json()["field"].startswith("volumes.0.polygon")
    assert words in r.json()["detail"]


@pytest.mark.parametrize("case", ["unclosed ring", "self-intersecting", "outside Japan"])
def test_bad_geojson_in_emergency_airspace_names_area(api: Api, case: str) -> None:
    """The same checks guard every GeoJSON input, here the regulator's emergency area."""
    polygon, _words = BAD_GEOMETRY[case]
    r = api.client.post("/api/v1/emergency-airspace", headers=api.headers("reg_fukushima"),
                        json={"prefecture": "fukushima", "name": "fire", "area": polygon})
    assert r.status_code == 422, r.text
    assert r.json()["field"] == "area"


def test_a_good_polygon_is_accepted(api: Api) -> None:
    """The check is not over-eager: a small closed square in Fukushima passes."""
    r = api.client.post("/api/v1/utm/intents", json=_intent(
        {"type": "Polygon", "coordinates": [SQUARE]}), headers=api.headers("op_soma"))
    assert r.status_code == 201, r.text


def test_pydantic_errors_name_the_field_and_do_not_echo_input(api: Api) -> None:
    """A missing field is 422 with its dotted path; the sent value is not echoed."""
    r = api.client.post("/api/v1/orgs/op-soma/fleet/bases", headers=api.headers("op_soma"),
                        json={"id": "b1", "name": "secret-name-123", "lon": 140.9})
    assert r.status_code == 422
    assert r.json()["field"] == "lat"
    assert "secret-name-123" not in r.text


def test_request_too_large_is_413(api: Api) -> None:
    """A body over the limit is refused before parsing, with or without Content-Length."""
    big = b'{"x": "' + b"a" * (api.state.settings.max_request_bytes + 10) + b'"}'
    r = api.client.post("/api/v1/utm/intents", content=big, headers={
        **api.headers("op_soma"), "Content-Type": "application/json"})
    assert r.status_code == 413

    def chunks() -> Any:
        for _ in range(20):
            yield b"a" * (api.state.settings.max_request_bytes // 10)

    r = api.client.post("/api/v1/utm/intents", content=chunks(), headers={
        **api.headers("op_soma"), "Content-Type": "application/json"})
    assert r.status_code == 413


def test_openapi_document_is_served_and_lists_the_routers(api: Api) -> None:
    """/api/v1/openapi.json is valid JSON naming the endpoints and both security schemes."""
    r = api.client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = json.loads(r.text)
    assert doc["openapi"].startswith("3.")
    for path in ("/api/v1/auth/login", "/api/v1/rules/classify", "/api/v1/risk/sora",
                 "/api/v1/utm/intents", "/api/v1/scenarios/{name}/layers/{layer}",
                 "/api/v1/orgs/{org_id}/permits/applications"):
        assert path in doc["paths"]
    schemes = doc["components"]["securitySchemes"]
    assert {"HTTPBearer", "APIKeyHeader"} <= set(schemes)


def test_health_needs_no_credentials(api: Api) -> None:
    """Liveness answers without authentication."""
    assert api.client.get("/api/v1/health").json() == {"status": "ok"}


def _fuzz_values(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(9 if depth < 3 else 6)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 10**20, 3.5, -1e308, 1e308])
    if choice == 3:
        return rng.choice(["", "x" * 300, "Polygon", "2026-03-01T10:00:00Z", "\u0000", "日本"])
    if choice == 4:
        return rng.choice(["NaN", "Infinity"])
    if choice == 5:
        return [rng.uniform(-200, 200) for _ in range(rng.randrange(4))]
    if choice in (6, 7):
        keys = ["type", "coordinates", "volumes", "polygon", "priority", "area", "route",
                "facts", "aircraft", "id", "name", "lon", "lat", "reports", "time"]
        return {rng.choice(keys): _fuzz_values(rng, depth + 1) for _ in range(rng.randrange(5))}
    return [_fuzz_values(rng, depth + 1) for _ in range(rng.randrange(4))]


POSTS = ["/api/v1/utm/intents", "/api/v1/rules/classify", "/api/v1/risk/sora",
         "/api/v1/hydrogen/check", "/api/v1/orgs/op-soma/fleet/bases",
         "/api/v1/orgs/op-soma/fleet/aircraft", "/api/v1/orgs/op-soma/fleet/pilots",
         "/api/v1/orgs/op-soma/permits/applications", "/api/v1/auth/login",
         "/api/v1/emergency-airspace"]


def test_no_5xx_for_fuzzed_bodies(api: Api) -> None:
    """Seeded random JSON (and broken JSON) to every POST endpoint never gets a 5xx."""
    rng = random.Random(20260301)
    users = ["op_soma", "reg_fukushima", "admin"]
    for i in range(300):
        path = POSTS[i % len(POSTS)]
        body = _fuzz_values(rng)
        headers = api.headers(users[i % len(users)])
        if i % 17 == 0:
            r = api.client.post(path, content=b'{"broken": ', headers={
                **headers, "Content-Type": "application/json"})
        else:
            r = api.client.post(path, json=body, headers=headers)
        assert r.status_code < 500, f"{path} {body!r}: {r.status_code} {r.text}"
