"""The regulator's KPIs add up: the zone's figure is the prefectures' combined."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from api_support import Api

from kizuna.dispatch.orders import Item, Order, OrderState, PartyKind, advance, receive
from kizuna.store.orders import DeliveryFlightRow, DropSpotRow, OrderStore

T0 = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)  # 09:00 in Japan
#: The count KPIs: each zone-wide figure must be the sum of the prefectures'.
COUNTS = ("orders", "deliveries", "due", "residents_served", "incidents", "flights")


def _order(store: OrderStore, n: int, org: str, prefecture: str, recipient: str,
           outcome: OrderState, late: bool, hour: int) -> None:
    received = T0 + timedelta(hours=hour)
    order = Order(id=f"o{n}", sender="pharmacy", sender_kind=PartyKind.PHARMACY, base_id="b",
                  recipient=recipient, items=(Item("medicine", 0.5),), drop_spot_id=org,
                  window_start=received, window_end=received + timedelta(hours=1),
                  received_at=received)
    r = receive(order)
    for state in (OrderState.ACCEPTED, OrderState.SCHEDULED, OrderState.IN_FLIGHT):
        r = advance(r, state, received)
    done = received + timedelta(minutes=90 if late else 30)
    r = advance(r, outcome, done)
    store.add(r, user_id=None, organisation_id=org, prefecture=prefecture)
    store.save_flight(DeliveryFlightRow(
        id=f"f{n}", order_id=order.id, organisation_id=org, prefecture=prefecture,
        registration="JA-1", pilot_id="p", intent_id=None, level="4", permit=None,
        departure=received, landing=done, km=1.5,
        outcome="delivered" if outcome is OrderState.DELIVERED else "link_loss",
        synthetic=False))


@pytest.fixture
def kpis(api: Api) -> dict[str, dict[str, object]]:
    """Orders in two prefectures, resident ``shared`` served in both; the zone office's KPIs."""
    store = OrderStore(api.state.sessions, api.clock)
    for org, prefecture in (("op-goto", "nagasaki"), ("op-soma", "fukushima")):
        store.save_drop_spot(DropSpotRow(
            id=org, organisation_id=org, prefecture=prefecture, scenario="goto",
            settlement_id="s", base_id="b", name=org, name_ja=org, lon=129.05, lat=33.01,
            coverage_kg=[2.0], typical_out_s=300.0))
    d, f = OrderState.DELIVERED, OrderState.FAILED
    seeds = [("op-goto", "nagasaki", "shared", d, False, 0),
             ("op-goto", "nagasaki", "shared", d, True, 1),
             ("op-goto", "nagasaki", "aoki", d, False, 1),
             ("op-goto", "nagasaki", "baba", d, False, 3),
             ("op-goto", "nagasaki", "baba", f, False, 3),
             ("op-soma", "fukushima", "shared", d, True, 1),
             ("op-soma", "fukushima", "chiba", d, False, 2),
             ("op-soma", "fukushima", "chiba", f, False, 2)]
    for n, seed in enumerate(seeds):
        _order(store, n, *seed)
    r = api.client.get("/api/v1/kpis", headers=api.headers("zone_office"))
    assert r.status_code == 200, r.text
    body: dict[str, dict[str, object]] = r.json()
    return body


def test_zone_counts_are_the_sums_of_the_prefectures(
        kpis: dict[str, dict[str, dict[str, object]]]) -> None:
    """Every count KPI of the zone equals the sum over its prefectures."""
    prefs = kpis["prefectures"]
    assert set(prefs) == {"nagasaki", "fukushima"}
    combined = {key: kpis["combined"][key] for key in COUNTS}
    summed = {key: sum(int(str(p[key])) for p in prefs.values()) for key in COUNTS}
    assert combined == summed
    assert combined["incidents"] == 2 and combined["orders"] == 8


def test_residents_are_counted_per_prefecture(
        kpis: dict[str, dict[str, dict[str, object]]]) -> None:
    """A resident served in both prefectures counts in each, and twice zone-wide."""
    assert kpis["prefectures"]["nagasaki"]["residents_served"] == 3
    assert kpis["prefectures"]["fukushima"]["residents_served"] == 2
    assert kpis["combined"]["residents_served"] == 5


def test_zone_on_time_rate_is_the_due_weighted_mean(
        kpis: dict[str, dict[str, dict[str, object]]]) -> None:
    """The zone's on-time rate is the prefectures' rates weighted by their due orders."""
    prefs = kpis["prefectures"].values()
    rates = [(float(str(p["on_time_rate"])), int(str(p["due"]))) for p in prefs]
    mean = sum(r * w for r, w in rates) / sum(w for _, w in rates)
    # The API rounds each rate to 4 decimals, so they agree to half that last digit.
    assert float(str(kpis["combined"]["on_time_rate"])) == pytest.approx(mean, abs=5e-5)
    assert len({r for r, _ in rates}) == 2  # the prefectures differ: the weights matter


def test_zone_hourly_deliveries_are_the_sum_of_the_prefectures(
        kpis: dict[str, dict[str, dict[str, object]]]) -> None:
    """Deliveries per local hour add up across prefectures, hour by hour."""
    total: dict[int, int] = {}
    for p in kpis["prefectures"].values():
        for h, n in p["hourly_deliveries"]:  # type: ignore[attr-defined]
            total[h] = total.get(h, 0) + n
    assert [list(x) for x in sorted(total.items())] == kpis["combined"]["hourly_deliveries"]
    assert kpis["combined"]["km"] == pytest.approx(8 * 1.5)
