"""Orders API: a resident orders to their registered drop spots; who sees which order."""

from __future__ import annotations

import pytest
from api_support import PASSWORD, Api

from kizuna.store.accounts import AccountRole
from kizuna.store.orders import DropSpotRow, OrderStore


def _spot(spot_id: str, org: str, prefecture: str, coverage: list[float]) -> DropSpotRow:
    return DropSpotRow(id=spot_id, organisation_id=org, prefecture=prefecture, scenario="goto",
                       settlement_id="aokata", base_id="aokata", name=spot_id, name_ja=spot_id,
                       lon=129.05, lat=33.01, coverage_kg=coverage, typical_out_s=300.0)


@pytest.fixture
def orders(api: Api) -> Api:
    """Two residents; each registered one Aokata spot served by op-goto."""
    store = OrderStore(api.state.sessions, api.clock)
    other = api.state.accounts.add_user("resident2", PASSWORD, AccountRole.RESIDENT)
    me = api.state.accounts.authenticate("resident", PASSWORD)
    assert me is not None
    store.save_drop_spot(_spot("aokata-pad1", "op-goto", "nagasaki", [2.0]))
    store.save_drop_spot(_spot("aokata-pad2", "op-goto", "nagasaki", [2.0]))
    store.save_drop_spot(_spot("far-pad", "op-goto", "nagasaki", []))
    store.register(me.id, "aokata-pad1", "home")
    store.register(me.id, "far-pad", "cousin")
    store.register(other.id, "aokata-pad2", "home")
    return api


def _order(api: Api, spot: str = "aokata-pad1", kg: float = 0.5) -> dict[str, object]:
    r = api.client.post("/api/v1/orders", headers=api.headers("resident"),
                        json={"items": [{"kind": "medicine", "weight_kg": kg}],
                              "drop_spot_id": spot, "when": "asap"})
    assert r.status_code == 201, r.text
    body: dict[str, object] = r.json()
    return body


def test_resident_sees_only_their_drop_spots(orders: Api) -> None:
    """The drop-spot list is the caller's own registrations."""
    r = orders.client.get("/api/v1/me/drop-spots", headers=orders.headers("resident"))
    assert sorted(s["id"] for s in r.json()) == ["aokata-pad1", "far-pad"]
    r = orders.client.get("/api/v1/me/drop-spots", headers=orders.headers("resident2"))
    assert [s["id"] for s in r.json()] == ["aokata-pad2"]


def test_order_to_an_unregistered_spot_is_404(orders: Api) -> None:
    """Another resident's spot cannot be ordered to."""
    r = orders.client.post("/api/v1/orders", headers=orders.headers("resident"),
                           json={"items": [{"kind": "daily_goods", "weight_kg": 1}],
                                 "drop_spot_id": "aokata-pad2"})
    assert r.status_code == 404


@pytest.mark.parametrize(("spot", "kg", "state", "code"), [
    ("aokata-pad1", 0.5, "accepted", None),
    ("aokata-pad1", 3.0, "rejected", "OVERWEIGHT"),
    ("far-pad", 0.5, "rejected", "NOT_COVERED"),
])
def test_order_is_validated_with_reasons(orders: Api, spot: str, kg: float, state: str,
                                         code: str | None) -> None:
    """Dispatch validation decides at once; a refusal says why."""
    o = _order(orders, spot, kg)
    assert o["state"] == state
    if code is None:
        assert o["eta"] is not None
    else:
        assert code in str(o["reason"])


@pytest.mark.parametrize(("user", "status"), [
    ("resident", 200), ("op_goto", 200), ("reg_nagasaki", 200), ("zone_office", 200),
    ("admin", 200), ("resident2", 404), ("op_soma", 404), ("reg_fukushima", 404),
    ("co_kumamoto", 404),
])
def test_cross_tenant_order_matrix(orders: Api, user: str, status: int) -> None:
    """Only the resident, the serving operator, regulators of its prefecture and admins see it."""
    oid = _order(orders)["id"]
    r = orders.client.get(f"/api/v1/orders/{oid}", headers=orders.headers(user))
    assert r.status_code == status
    listed = orders.client.get("/api/v1/orders", headers=orders.headers(user))
    if user == "co_kumamoto":
        assert listed.status_code == 403
    else:
        assert (oid in [o["id"] for o in listed.json()]) == (status == 200)


@pytest.mark.parametrize("user", ["resident2", "op_soma", "reg_nagasaki"])
def test_others_cannot_cancel_or_plan(orders: Api, user: str) -> None:
    """Cancelling and planning are the owner's and the serving operator's."""
    oid = _order(orders)["id"]
    r = orders.client.post(f"/api/v1/orders/{oid}/cancel", headers=orders.headers(user))
    assert r.status_code in (403, 404)
    r = orders.client.post(f"/api/v1/orders/{oid}/plan", headers=orders.headers(user), json={})
    assert r.status_code in (403, 404)


def test_resident_cancels_once(orders: Api) -> None:
    """A cancelled order cannot be cancelled again (409 naming the state: it has left it)."""
    oid = _order(orders)["id"]
    r = orders.client.post(f"/api/v1/orders/{oid}/cancel", headers=orders.headers("resident"))
    assert r.json()["state"] == "cancelled"
    r = orders.client.post(f"/api/v1/orders/{oid}/cancel", headers=orders.headers("resident"))
    assert r.status_code == 409 and r.json()["field"] == "state"


def test_position_stream_is_server_sent_events(orders: Api) -> None:
    """The live stream answers text/event-stream and closes after timeout_s."""
    with orders.client.stream("GET", "/api/v1/live/positions?timeout_s=0.2&poll_s=0.05",
                              headers=orders.headers("reg_nagasaki")) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        assert "retry: 1000" in r.read().decode()


def test_kpis_need_an_overseer(orders: Api) -> None:
    """Residents get 403; the zone office gets per-prefecture and combined figures."""
    _order(orders)
    assert orders.client.get("/api/v1/kpis", headers=orders.headers("resident")).status_code == 403
    k = orders.client.get("/api/v1/kpis", headers=orders.headers("zone_office")).json()
    assert k["combined"]["orders"] == 1 and "nagasaki" in k["prefectures"]


def test_unknown_order_state_filter_is_a_422_naming_the_field(orders: Api) -> None:
    """An unknown ``state`` filter is a 422 naming the field, not a 500 (found by schemathesis)."""
    r = orders.client.get("/api/v1/orders", params={"state": "nonsense"},
                          headers=orders.headers("resident"))
    assert r.status_code == 422, r.text
    assert r.json()["field"] == "query.state.0"
