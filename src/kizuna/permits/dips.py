"""DIPS-style flight-plan notification records (飛行計画の通報), as JSON and CSV.

Before every specific flight the plan is notified through DIPS 2.0, where it is entered as a
polygon, a circle or a route. One record per flight: date and time window, the geometry, the
maximum altitude, the aircraft registration, the pilot, the purpose and the specific-flight
items (from the rules' facts, ``kizuna.rules.derive``), plus the permit number.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any, Literal

from shapely.geometry import MultiPoint

from kizuna.permits.check import flight_volume
from kizuna.permits.envelope import contingency_margin_m
from kizuna.permits.flight import FlightPlan
from kizuna.permits.permit import Permit
from kizuna.rules.derive import DerivationSettings, derive_route_facts
from kizuna.rules.reasons import text
from kizuna.scenario.model import Scenario

__all__ = ["CSV_COLUMNS", "GeometryKind", "flight_plan_record", "records_csv", "records_json"]

GeometryKind = Literal["route", "polygon", "circle"]

CSV_COLUMNS = ("permit_number", "flight_id", "date", "start", "end", "geometry_kind",
               "geometry", "max_altitude_agl_m", "aircraft_registration", "aircraft_model",
               "pilot_id", "pilot_name", "purpose", "specific_flight_items", "level",
               "entry_control")


def flight_plan_record(permit: Permit, plan: FlightPlan, scenario: Scenario,
                       kind: GeometryKind = "route") -> dict[str, Any]:
    """The notification record of ``plan`` flown under ``permit``.

    ``kind`` chooses how the geometry is entered: the route itself, the permit's area polygon
    (area permits only; falls back to the route's operational volume otherwise), or the
    smallest circle holding the route's operational volume.
    """
    app = permit.application
    zone = app.zone
    start, end = plan.start.astimezone(zone), plan.end.astimezone(zone)
    facts = derive_route_facts(
        scenario, plan.positions, plan.start, end_time=plan.end, method=plan.method_facts,
        settings=DerivationSettings(lateral_margin_m=contingency_margin_m(plan.aircraft)))
    codes = list(facts.holding_codes())
    return {
        "permit_number": permit.number,
        "flight_id": plan.id,
        "date": start.date().isoformat(),
        "start": start.isoformat(timespec="minutes"),
        "end": end.isoformat(timespec="minutes"),
        "geometry_kind": kind,
        "geometry": _geometry(permit, plan, scenario, kind),
        "max_altitude_agl_m": round(plan.max_agl_m, 1),
        "aircraft_registration": plan.aircraft.registration,
        "aircraft_model": plan.aircraft.profile.name,
        "pilot_id": plan.pilot.id,
        "pilot_name": plan.pilot.name,
        "purpose": plan.purpose,
        "specific_flight_items": codes,
        "specific_flight_items_ja": [text(c, "ja") for c in codes],
        "crossings": [c.model_dump() for c in facts.crossings],
        "level": app.level,
        "entry_control": app.entry_control,
    }


def _geometry(permit: Permit, plan: FlightPlan, scenario: Scenario,
              kind: GeometryKind) -> dict[str, Any]:
    if kind == "route":
        return {"type": "LineString",
                "coordinates": [[round(lon, 6), round(lat, 6), round(h, 1)]
                                for lon, lat, h in plan.positions]}
    if kind == "polygon" and permit.application.area is not None:
        return dict(permit.application.area)
    volume = flight_volume(plan, scenario).operational_volume
    if kind == "polygon":
        ring = [scenario.to_lonlat(x, y) for x, y in volume.exterior.coords]
        return {"type": "Polygon",
                "coordinates": [[[round(lon, 6), round(lat, 6)] for lon, lat in ring]]}
    hull = MultiPoint(list(volume.exterior.coords))
    centre = hull.centroid
    radius = max(math.hypot(x - centre.x, y - centre.y) for x, y in volume.exterior.coords)
    lon, lat = scenario.to_lonlat(centre.x, centre.y)
    return {"type": "Circle", "center": [round(lon, 6), round(lat, 6)],
            "radius_m": math.ceil(radius)}


def records_json(records: Sequence[dict[str, Any]]) -> str:
    """The records as one JSON document."""
    return json.dumps({"kind": "kizuna.permits.dips", "records": list(records)},
                      ensure_ascii=False, indent=2) + "\n"


def records_csv(records: Sequence[dict[str, Any]]) -> str:
    """The records as CSV (UTF-8; geometry as compact GeoJSON, items joined with ``;``)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for r in records:
        row = {k: r[k] for k in CSV_COLUMNS}
        row["geometry"] = json.dumps(r["geometry"], separators=(",", ":"))
        row["specific_flight_items"] = ";".join(r["specific_flight_items"])
        writer.writerow(row)
    return out.getvalue()
