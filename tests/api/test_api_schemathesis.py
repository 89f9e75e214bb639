"""Schemathesis against ``/api/v1/openapi.json``: at least 1,000 generated requests, no 5xx, no
response that contradicts the document (status code, content type, headers, body schema).

The requests go in-process to the ASGI app (``schemathesis.openapi.from_asgi``). Generation is
derandomised (a fixed seed derived from each test), so CI sees the same requests every run;
``scripts/explore.sh`` runs it randomised with many more (tests/hypothesis_support.py).
Each request is sent as one of several callers (users of every kind, an API key, a bad token,
nobody) and, half the time, with path parameters naming objects that exist (seeded
organisations, an accepted intent, a permit application, a scenario), so the generated bodies
reach the handlers instead of stopping at 401 or 404.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from api_support import Api, example
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hypothesis_support import property_settings

#: Examples per operation and generation mode; the total is asserted below.
EXAMPLES_PER_OPERATION = 16
MIN_REQUESTS = 1_000
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
USERS = ["admin", "op_soma", "op_goto", "reg_fukushima", "zone_office", "resident",
         "co_kumamoto", "officer_kumamoto", "immigration"]
STREAM_QUERY = {"timeout_s": 0.2, "poll_s": 0.05}
SQUARE = [[140.95, 37.70], [140.96, 37.70], [140.96, 37.71], [140.95, 37.71], [140.95, 37.70]]


def _seed_objects(api: Api) -> dict[str, list[str]]:
    """Objects the generated requests may name; returns known values per path parameter."""
    h = api.headers("op_soma")
    r = api.client.post("/api/v1/utm/intents", headers=h, json={"volumes": [{
        "polygon": {"type": "Polygon", "coordinates": [SQUARE]}, "altitude_lower_m": 0,
        "altitude_upper_m": 120, "time_start": "2026-03-01T10:00:00Z",
        "time_end": "2026-03-01T10:30:00Z"}]})
    assert r.status_code == 201 and r.json()["accepted"], r.text
    intent = r.json()["id"]
    r = api.client.post("/api/v1/orgs/op-goto/permits/applications",
                        headers=api.headers("op_goto"), json=example("aokata-application.json"))
    assert r.status_code == 201, r.text
    application = example("aokata-application.json")["id"]
    r = api.client.post("/api/v1/orgs/op-soma/api-keys", headers=h,
                        json={"name": "feed", "scopes": ["telemetry"]})
    assert r.status_code == 201, r.text
    return {"org_id": ["op-soma", "op-goto", "reg-fukushima", "co-kumamoto"],
            "intent_id": [intent], "app_id": [application], "name": ["goto", "minamisoma"],
            "key_id": [r.json()["id"]], "_key": [r.json()["key"]]}


def test_generated_requests_get_no_5xx_and_conform_to_the_schema(api: Api) -> None:
    """Every operation, positive and negative data, several callers: no 5xx, no violation."""
    known = _seed_objects(api)
    key = known.pop("_key")[0]

    def credentials(who: str, operation: Any) -> dict[str, str]:
        if who == "api-key":
            return {"X-API-Key": key}
        if who == "bad-token":
            return {"Authorization": "Bearer not-a-token"}
        if who == "nobody":
            return {}
        if operation.path.endswith("/auth/logout"):  # revokes the token: a fresh one
            return {"Authorization": f"Bearer {api.login(who)}"}
        return api.headers(who)

    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api.client.app)
    schema.config.max_stream_events = 1  # an event stream: its first event, not a long wait
    sent: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    failures: Counter[str] = Counter()
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            names = [p.name for p in operation.path_parameters]
            fixed = {n: known[n] for n in names if n in known}
            # An event stream stays open for timeout_s: a short one keeps the run short.
            query = {n: v for n, v in STREAM_QUERY.items()
                     if n in {p.name for p in operation.query}} or None
            for mode in (schemathesis.GenerationMode.POSITIVE,
                         schemathesis.GenerationMode.NEGATIVE):
                cases = [operation.as_strategy(generation_mode=mode, query=query)]
                if fixed and len(fixed) == len(names):
                    cases.append(st.fixed_dictionaries(
                        {n: st.sampled_from(v) for n, v in fixed.items()}).flatmap(
                        lambda p, m=mode, op=operation, q=query: op.as_strategy(  # type: ignore[misc]
                            generation_mode=m, path_parameters=p, query=q)))
                try:
                    _run(operation, st.one_of(cases), credentials, sent, statuses, failures)
                except Unsatisfiable:  # nothing to negate (no parameters, no body)
                    assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
    finally:
        asgi.shutdown_lifespans()
    total = sum(sent.values())
    print(f"schemathesis: {total} requests over {len(sent)} operations; statuses "
          f"{dict(sorted(statuses.items()))}")
    assert not failures, "\n".join(f"{n} x {f}" for f, n in sorted(failures.items()))
    assert total >= MIN_REQUESTS, f"only {total} requests"


def _run(operation: Any, cases: Any, credentials: Any, sent: Counter[str],
         statuses: Counter[int], failures: Counter[str]) -> None:
    @given(case=cases, who=st.sampled_from([*USERS, "api-key", "bad-token", "nobody"]))
    @property_settings(EXAMPLES_PER_OPERATION, database=None,
                       phases=[Phase.explicit, Phase.generate],
                       suppress_health_check=list(HealthCheck))
    def one(case: Any, who: str) -> None:
        headers = credentials(who, operation)
        if headers and case.headers:  # the caller's credentials, not generated ones
            for name in ("Authorization", "X-API-Key"):
                case.headers.pop(name, None)
        sent[operation.label] += 1
        try:
            response = case.call(headers=headers)
        except Exception as exc:  # the in-process client re-raises what answered 500
            key = f"{operation.label} -> 500: {type(exc).__name__}: {exc}"[:300]
            if not failures[key]:
                print(f"{key}\n{case.as_curl_command(headers=headers)}\n")
            failures[key] += 1
            statuses[500] += 1
            return
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                key = f"{operation.label} -> {response.status_code}: {failure.title}"
                if not failures[key]:
                    print(f"{key}\n{failure.message}\n{response.text[:300]}\n")
                failures[key] += 1

    one()


#: Requests that answered 500 before the fix schemathesis led to (method, path, caller, body).
FOUND: list[tuple[str, str, str, dict[str, Any] | None, int]] = [
    ("POST", "/api/v1/hydrogen/check", "admin",
     {"district": "residential", "stored_m3": 2.2026217944676433e+64}, 422),
    ("GET", "/api/v1/orders/no-such-order", "admin", None, 404),
    ("POST", "/api/v1/orders/no-such-order/cancel", "admin", None, 404),
]


@pytest.mark.parametrize(("method", "path", "who", "body", "status"), FOUND)
def test_requests_that_once_failed(api: Api, method: str, path: str, who: str,
                                   body: dict[str, Any] | None, status: int) -> None:
    """Each answers its 4xx with the error body, not 500."""
    r = api.client.request(method, path, json=body, headers=api.headers(who))
    assert r.status_code == status, r.text
    assert set(r.json()) >= {"detail", "field"}
