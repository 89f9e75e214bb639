"""DIPS-style flight-plan notification records (飛行計画の通報), as JSON and CSV.

Before every specific flight the plan is notified through DIPS 2.0, where it is entered as a
polygon, a circle or a route. One record per flight with the fields of MLIT's notification
guideline (DOMAIN.md section 2): date, time window and route (the geometry); registration
mark, aircraft kind and model; pilot name and licence number; the permission/approval number
(``permission_number``; ``permit_number`` kept as well); purpose, maximum altitude and speed;
the restricted airspace and flight methods used (``specific_flight_items``: the rules' reason
codes from :func:`kizuna.rules.derive_route_facts`, with the aircraft's drops declared as a
method fact); departure and destination (named after the nearest base or settlement within
``NAMED_PLACE_M``) and the time en route; entry control and insurance in words.

Before filing, :func:`overlapping_intents` lists the other operators' operational intents that
share ground and time with the flight's operational volume (altitude is not compared: a plan
is shown whenever it could matter, as MLIT asks operators to check).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Literal

from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry

from kizuna.geo.crs import from_wgs84, geometry_from_wgs84
from kizuna.permits.check import flight_volume
from kizuna.permits.envelope import contingency_margin_m
from kizuna.permits.flight import FlightPlan
from kizuna.permits.permit import Permit
from kizuna.rules.derive import DerivationSettings, derive_route_facts
from kizuna.rules.reasons import text
from kizuna.scenario.model import Scenario
from kizuna.utm.intent import OperationalIntent
from kizuna.utm.volume import Circle

__all__ = ["CSV_COLUMNS", "NAMED_PLACE_M", "GeometryKind", "entry_control_words",
           "flight_plan_record", "overlapping_intents", "records_csv", "records_json"]

#: A departure or destination within this distance of a base or settlement takes its name.
NAMED_PLACE_M = 500.0
#: Entry control (立入管理措置) means, in words (ja, en).
ENTRY_CONTROL_WORDS: dict[str, tuple[str, str]] = {
    "assistants": ("あり: 補助者の配置により第三者の立入りを管理",
                   "yes: assistants keep third parties out"),
    "signage": ("あり: 看板・コーン等の表示により第三者の立入りを管理",
                "yes: signs and cones keep third parties out"),
    "camera": ("あり(レベル3.5): 機上カメラで飛行経路下に第三者がいないことを確認",
               "yes (Level 3.5): the onboard camera confirms no third party is under the path"),
    "none": ("なし(レベル4): 第三者上空を飛行し得る",
             "none (Level 4): the flight may pass over third parties"),
}
_KIND_WORDS = {"multirotor": "回転翼航空機(マルチローター) / multirotor",
               "fixed_wing": "飛行機 / aeroplane"}

GeometryKind = Literal["route", "polygon", "circle"]

CSV_COLUMNS = ("permit_number", "flight_id", "date", "start", "end", "geometry_kind",
               "geometry", "max_altitude_agl_m", "aircraft_registration", "aircraft_model",
               "pilot_id", "pilot_name", "purpose", "specific_flight_items", "level",
               "entry_control", "permission_number", "aircraft_kind", "speed_mps",
               "pilot_licence_number", "departure", "destination", "time_en_route_s",
               "entry_control_details", "insurance", "insurance_policy")


def entry_control_words(means: str) -> dict[str, Any]:
    """Entry control as the notification states it: yes/no, the means and its words."""
    ja, en = ENTRY_CONTROL_WORDS.get(means, (means, means))
    return {"required": means != "none", "means": means, "details_ja": ja, "details": en}


def _place(scenario: Scenario, lon: float, lat: float) -> dict[str, Any]:
    """A point named after the nearest base or settlement within ``NAMED_PLACE_M``."""
    named = [(b.name, b.name_ja, b.lon, b.lat) for b in scenario.bases] + [
        (st.name, st.name_ja, st.lon, st.lat) for st in scenario.settlements]
    best: tuple[float, str, str] | None = None
    if named:
        xs, ys = from_wgs84([lon] + [n[2] for n in named], [lat] + [n[3] for n in named],
                            scenario.epsg)
        for k, (name, name_ja, _lo, _la) in enumerate(named, start=1):
            d = math.hypot(float(xs[k] - xs[0]), float(ys[k] - ys[0]))
            if d <= NAMED_PLACE_M and (best is None or d < best[0]):
                best = (d, name, name_ja or name)
    return {"name": best[1] if best else f"{lat:.5f}, {lon:.5f}",
            "name_ja": best[2] if best else f"{lat:.5f}, {lon:.5f}",
            "lon": round(lon, 6), "lat": round(lat, 6)}


def _destination(plan: FlightPlan, epsg: int) -> tuple[float, float]:
    """The stop, else the last position, else (out and back) the farthest one."""
    if plan.stops:
        lon, lat, _ = plan.positions[plan.stops[0]]
        return lon, lat
    xs, ys = from_wgs84([p[0] for p in plan.positions], [p[1] for p in plan.positions], epsg)
    far = [math.hypot(float(xs[k] - xs[0]), float(ys[k] - ys[0])) for k in range(len(xs))]
    k = len(far) - 1 if far[-1] > 50.0 else max(range(len(far)), key=far.__getitem__)
    return plan.positions[k][0], plan.positions[k][1]


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
    profile = plan.aircraft.profile
    start_lon, start_lat, _ = plan.positions[0]
    insured = bool(app.insurance.strip())
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
        "entry_control": entry_control_words(app.entry_control),
        "permission_number": permit.number,
        "aircraft_kind": profile.kind,
        "aircraft_kind_words": _KIND_WORDS.get(profile.kind, profile.kind),
        "speed_mps": profile.cruise_mps,
        "pilot_licence_number": plan.pilot.licence_number or "",
        "departure": _place(scenario, start_lon, start_lat),
        "destination": _place(scenario, *_destination(plan, scenario.epsg)),
        "time_en_route_s": round((plan.end - plan.start).total_seconds()),
        "insurance": {"insured": insured, "policy": app.insurance.strip()},
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
        row = {k: r[k] for k in CSV_COLUMNS if k in r}
        row["geometry"] = json.dumps(r["geometry"], separators=(",", ":"))
        row["specific_flight_items"] = ";".join(r["specific_flight_items"])
        row["entry_control"] = r["entry_control"]["means"]
        row["entry_control_details"] = r["entry_control"]["details_ja"]
        row["insurance"] = "yes" if r["insurance"]["insured"] else "no"
        row["insurance_policy"] = r["insurance"]["policy"]
        for key in ("departure", "destination"):
            p = r[key]
            row[key] = f"{p['name_ja']} ({p['lat']}, {p['lon']})"
        writer.writerow(row)
    return out.getvalue()


def _metric(shape: BaseGeometry | Circle, epsg: int) -> BaseGeometry:
    if isinstance(shape, Circle):
        x, y = from_wgs84([shape.center_lon], [shape.center_lat], epsg)
        return Point(float(x[0]), float(y[0])).buffer(shape.radius_m, 32)
    return geometry_from_wgs84(shape, epsg)


def overlapping_intents(plan: FlightPlan, scenario: Scenario,
                        intents: Iterable[OperationalIntent], *, owner: str,
                        start: datetime | None = None, end: datetime | None = None
                        ) -> list[dict[str, Any]]:
    """Other operators' intents sharing ground and time with the flight's operational volume
    (the plan's window, or ``[start, end]``); each with when and how much ground they share."""
    volume = flight_volume(plan, scenario).operational_volume
    t0, t1 = start or plan.start, end or plan.end
    found = []
    for intent in intents:
        if intent.owner == owner:
            continue
        shared = 0.0
        first: datetime | None = None
        for v in intent.volumes:
            if v.time_end <= t0 or v.time_start >= t1:
                continue
            area = volume.intersection(_metric(v.shape, scenario.epsg)).area
            if area > 1.0:
                shared += area
                first = v.time_start if first is None else min(first, v.time_start)
        if first is not None:
            found.append({"intent_id": intent.id, "owner": intent.owner,
                          "state": intent.state.value, "from": first.isoformat(),
                          "shared_area_m2": round(shared)})
    return found
