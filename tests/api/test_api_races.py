"""Two requests race on one state change: exactly one wins, the loser gets 409, the record's
history shows what happened (SQLite; the store's locks are raced on PostgreSQL too in
tests/store/test_store_races.py)."""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from api_support import CORP_KUMAMOTO, RESIDENCY_CASE, Api, example
from test_api_orders import orders  # noqa: F401  (fixture)
from test_api_residency_documents import PDF, awaiting

from kizuna.api.routers import delivery
from kizuna.dispatch import OrderState, advance
from kizuna.store.orders import OrderStore

V1 = "/api/v1"
ROUNDS = 4


def _race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at once (threads released together); their responses in call order."""
    start = threading.Barrier(len(calls))
    out: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        start.wait()
        out[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_a_cancel_during_planning_wins_and_the_plan_gets_409(
        orders: Api, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """The resident cancels while the operator plans: the plan is refused, the order stays
    cancelled and never flies."""
    r = orders.client.post(f"{V1}/orders", headers=orders.headers("resident"), json={
        "items": [{"kind": "medicine", "weight_kg": 0.5}], "drop_spot_id": "aokata-pad1",
        "when": "asap"})
    order_id = r.json()["id"]
    store = OrderStore(orders.state.sessions, orders.clock)

    def plan_while_cancelled(app: Any, stored: Any, spot: Any, **_kw: Any) -> Any:
        cancelled = orders.client.post(f"{V1}/orders/{order_id}/cancel",
                                       headers=orders.headers("resident"))
        assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
        return (advance(stored.record, OrderState.SCHEDULED, orders.clock()),
                {"ok": True, "departure": orders.clock().isoformat()})

    monkeypatch.setattr(delivery, "plan_order", plan_while_cancelled)
    r = orders.client.post(f"{V1}/orders/{order_id}/plan", headers=orders.headers("op_goto"),
                           json={"wind_mps": 4})
    assert r.status_code == 409, r.text
    assert r.json()["field"] == "state"
    record = store.get(order_id).record
    assert record.state is OrderState.CANCELLED
    assert OrderState.SCHEDULED not in [e.state for e in record.events]


def test_concurrent_grant_and_refuse_one_wins(api: Api) -> None:
    """Two immigration officers' decisions on one case: one 200, one 409; the history shows
    one decision."""
    imm = api.headers("immigration")
    for _ in range(ROUNDS):
        r = api.client.post(f"{V1}/residency/cases", headers=api.headers("co_kumamoto"),
                            json=RESIDENCY_CASE)
        case_id = r.json()["case_id"]
        got = _race(*(lambda granted=granted, case_id=case_id: api.client.post(
            f"{V1}/residency/cases/{case_id}/decide", headers=imm,
            json={"granted": granted, "reason": "the officer's decision"})
            for granted in (True, False)))
        assert sorted(g.status_code for g in got) == [200, 409], [g.text for g in got]
        winner = next(g for g in got if g.status_code == 200).json()["state"]
        case = api.client.get(f"{V1}/residency/cases/{case_id}?purpose=check",
                              headers=imm).json()
        assert case["state"] == winner


def test_concurrent_document_uploads_one_wins(api: Api) -> None:
    """Two uploads answering one request: one 200, one 409, and no file is silently dropped
    (the case holds exactly the winner's file)."""
    for _ in range(ROUNDS):
        case_id = awaiting(api)
        docs = [{"kind": "tax certificate", "filename": f"tax-{i}.pdf",
                 "content_base64": base64.b64encode(PDF + bytes([i])).decode()}
                for i in (1, 2)]
        got = _race(*(lambda d=d, case_id=case_id: api.client.post(
            f"{V1}/residency/cases/{case_id}/documents", headers=api.headers("co_kumamoto"),
            json={"documents": [d]}) for d in docs))
        assert sorted(g.status_code for g in got) == [200, 409], [g.text for g in got]
        won = docs[[g.status_code for g in got].index(200)]["filename"]
        case = api.client.get(f"{V1}/residency/cases/{case_id}?purpose=check",
                              headers=api.headers("immigration")).json()
        assert [d["filename"] for d in case["documents"]
                if d["filename"].startswith("tax-")] == [won]


def test_concurrent_approve_and_reject_one_wins(api: Api) -> None:
    """Two regulators decide one application at once: one 200, one 409; the record holds one
    decision."""
    owner, reg = api.headers("op_soma"), api.headers("reg_fukushima")
    base = f"{V1}/orgs/op-soma/permits/applications"
    for n in range(ROUNDS):
        application = {**example("kashima-application.json"), "id": f"race-{n}"}
        assert api.client.post(base, headers=owner, json=application).status_code == 201
        assert api.client.post(f"{base}/race-{n}/submit", headers=owner).status_code == 200
        got = _race(
            lambda n=n: api.client.post(f"{base}/race-{n}/approve", headers=reg, json={
                "number": f"KIZUNA-{n}", "on": "2026-03-01", "conditions": []}),
            lambda n=n: api.client.post(f"{base}/race-{n}/reject", headers=reg,
                                        json={"reasons": ["incomplete"]}))
        assert sorted(g.status_code for g in got) == [200, 409], [g.text for g in got]
        record = api.client.get(f"{base}/race-{n}", headers=reg).json()
        winner = "approved" if got[0].status_code == 200 else "rejected"
        assert record["state"] == winner
        assert [v["state"] for v in record["record"]["versions"]][-1] == winner


assert CORP_KUMAMOTO  # the case payload's company (co_kumamoto) files every case here


def test_ending_an_orders_intent_releases_the_order_and_aircraft(orders: Api) -> None:  # noqa: F811
    """The operator ends the intent of a flying order: the order fails (saying why) and the
    aircraft is idle again, so a later order can be planned with it."""
    from kizuna.store.orders import DeliveryFlightRow

    r = orders.client.post(f"{V1}/orders", headers=orders.headers("resident"), json={
        "items": [{"kind": "medicine", "weight_kg": 0.5}], "drop_spot_id": "aokata-pad1",
        "when": "asap"})
    order_id = r.json()["id"]
    now = orders.clock()
    square = [[129.05, 33.0], [129.06, 33.0], [129.06, 33.01], [129.05, 33.01], [129.05, 33.0]]
    intent = orders.client.post(f"{V1}/utm/intents", headers=orders.headers("op_goto"), json={
        "volumes": [{"polygon": {"type": "Polygon", "coordinates": [square]},
                     "altitude_lower_m": 0, "altitude_upper_m": 120,
                     "time_start": now.isoformat(),
                     "time_end": (now + timedelta(minutes=30)).isoformat()}]}).json()["id"]
    store = OrderStore(orders.state.sessions, orders.clock)
    store.update(order_id, lambda s: (advance(advance(
        s.record, OrderState.SCHEDULED, now), OrderState.IN_FLIGHT, now), s.flight))
    store.save_flight(DeliveryFlightRow(
        id=f"fl-{order_id}", order_id=order_id, organisation_id="op-goto",
        prefecture="nagasaki", registration="JU-1", pilot_id="p1", intent_id=intent,
        level="3.5", permit=None, departure=now, landing=None, km=2.0, outcome="in_flight",
        synthetic=False))
    store.set_status("JU-1", "op-goto", "aokata", 0.8, "in_flight")
    r = orders.client.post(f"{V1}/utm/intents/{intent}/end", headers=orders.headers("op_goto"))
    assert r.status_code == 200 and r.json()["ended"], r.text
    record = store.get(order_id).record
    assert record.state is OrderState.FAILED and intent in (record.reason or "")
    assert store.statuses("op-goto")["JU-1"].state == "idle"
