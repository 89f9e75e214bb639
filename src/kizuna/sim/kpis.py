"""KPIs of a simulated day, and means with 95 % confidence intervals over replications."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import numpy as np

from kizuna.dispatch import OrderState
from kizuna.dispatch.kpis import delivery_minutes as shared_delivery_minutes
from kizuna.dispatch.kpis import service_kpis
from kizuna.sim.engine import DayResult

__all__ = ["REQUIRED_KEYS", "day_kpis", "delivery_minutes", "mean_ci"]

REQUIRED_KEYS = ("orders", "delivered", "on_time_rate", "delivery_minutes_p50",
                 "delivery_minutes_p90", "utilisation", "energy_wh_per_delivery", "km_flown",
                 "conflicts", "permit_violations")


def delivery_minutes(day: DayResult) -> list[float]:
    """Minutes from order to delivery, for each delivered order (the shared definition)."""
    return shared_delivery_minutes(day.records.values())


def day_kpis(day: DayResult) -> dict[str, Any]:
    """The day's KPIs (JSON-ready)."""
    recs = list(day.records.values())
    accepted = [r for r in recs if r.state is not OrderState.REJECTED]
    delivered = [r for r in recs if r.state is OrderState.DELIVERED]
    # The on-time rate and delivery times are the service's (kizuna.dispatch.kpis), measured
    # when the simulation ends, so the report and the live dashboard agree.
    shared = service_kpis(recs, day.start + timedelta(seconds=day.end_s))
    flight_s = sum(f.landing_s - f.departure_s for f in day.flights)
    fleet_s = day.aircraft_count * day.config.hours * 3600.0
    energy = sum(f.energy_wh for f in day.flights)
    km = sum(f.km for f in day.flights)
    by_settlement: dict[str, int] = {}
    for r in delivered:
        # Drop-spot ids are "<settlement>-pad<n>".
        name = r.order.drop_spot_id.rsplit("-pad", 1)[0]
        by_settlement[name] = by_settlement.get(name, 0) + 1
    by_settlement = dict(sorted(by_settlement.items()))
    by_permit: dict[str, int] = {}
    for f in day.flights:
        if f.permit is not None:
            by_permit[f.permit] = by_permit.get(f.permit, 0) + 1
    medical = [r for r in delivered if r.order.medical]
    med_min = [((r.time_of(OrderState.DELIVERED) or r.order.received_at)
                - r.order.received_at).total_seconds() / 60 for r in medical]
    return {
        "policy": day.policy,
        "orders": len(recs),
        "accepted": len(accepted),
        "rejected": len(recs) - len(accepted),
        "delivered": len(delivered),
        "failed": sum(r.state is OrderState.FAILED for r in recs),
        "open_at_end": sum(not r.final for r in recs),
        "due": shared.due,
        "on_time_rate": shared.on_time_rate or 0.0,
        "delivery_minutes_p50": shared.delivery_minutes_p50 or 0.0,
        "delivery_minutes_p90": shared.delivery_minutes_p90 or 0.0,
        "medical_minutes_p50": float(np.percentile(med_min, 50)) if med_min else 0.0,
        "utilisation": flight_s / fleet_s if fleet_s else 0.0,
        "deliveries_per_aircraft_hour": len(delivered) / (fleet_s / 3600.0) if fleet_s else 0.0,
        "energy_wh_per_delivery": energy / len(delivered) if delivered else 0.0,
        "km_flown": km,
        "did_overflight_km": sum(f.did_km for f in day.flights),
        "crossings": sum(f.crossings for f in day.flights),
        "expected_fatalities": sum(f.expected_fatalities for f in day.flights),
        "flights": len(day.flights),
        "level4_flights": sum(f.level == "4" for f in day.flights),
        "flights_by_permit": dict(sorted(by_permit.items())),
        "conflicts": day.conflicts,
        "permit_violations": sum(len(f.violations) for f in day.flights),
        "permit_refusals": day.permit_refusals,
        "faults": dict(day.faults),
        "island_runs": sum(f.kind == "run" for f in day.flights),
        "run_deliveries": sum(sum(t is not None for t in r.delivered_s) for r in day.runs),
        "deliveries_by_settlement": by_settlement,
    }


def mean_ci(values: Sequence[float]) -> dict[str, float]:
    """Mean and 95 % confidence half-width (Student t; 0 for a single value)."""
    from scipy import stats

    a = np.asarray(values, float)
    n = len(a)
    mean = float(a.mean()) if n else 0.0
    if n < 2:
        return {"mean": mean, "ci95": 0.0, "n": float(n)}
    half = float(stats.t.ppf(0.975, n - 1) * a.std(ddof=1) / math.sqrt(n))
    return {"mean": mean, "ci95": half, "n": float(n)}
