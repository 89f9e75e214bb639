"""The risk dossier of an application, generated from data (docs/permits.md, "Dossier").

Pure: an :class:`Application` and its :class:`Scenario` in, a :class:`Dossier` out. Every
figure comes from the package that owns it:

- operational volume, ground risk buffer, densities, DID share: ``kizuna.risk.ground``;
- iGRC, final GRC, ARC, SAIL with reasons: ``kizuna.risk.sora``;
- facts over the area and the legal classification: ``kizuna.rules``;
- crossings inventory, landing sites and terrain extremes: this package (geometry only).

SORA is assessed once for the covered fleet taken at its worst (largest dimension, highest
speed and mass; a parachute only if every covered aircraft has one), so the dossier's SAIL holds
for whichever covered aircraft flies. The legal classification is given for each covered
aircraft and pilot pair, on the first day of validity at the first daily window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput, UnknownName
from kizuna.fleet import Aircraft, Pilot
from kizuna.permits.application import Application, envelope_geometry, envelope_lonlat
from kizuna.permits.check import aircraft_status, operator_status, pilot_status
from kizuna.permits.inventory import crossed_features
from kizuna.permits.landing import ProposedSite, propose_landing_sites, slope_deg
from kizuna.permits.settings import DEFAULT_PERMIT_SETTINGS, PermitSettings
from kizuna.risk.containment import adjacent_area
from kizuna.risk.ground import GroundRiskDerivation, derive_ground_risk
from kizuna.risk.reasons import Reason
from kizuna.risk.requirements import requirements_for
from kizuna.risk.schema import requirements_out
from kizuna.risk.sora import SoraAssessment, SoraOperation, assess_sora
from kizuna.rules.classify import classify
from kizuna.rules.derive import derive_area_facts
from kizuna.rules.facts import FlightFacts
from kizuna.scenario.model import Scenario

__all__ = ["Dossier", "MapOverlay", "build_dossier", "covered_fleet", "map_overlays"]


@dataclass(frozen=True)
class Dossier:
    """The dossier: ``data`` is its JSON document; the geometries feed the map (metric)."""

    data: dict[str, Any]
    envelope: BaseGeometry
    operational_volume: BaseGeometry
    ground_risk_area: BaseGeometry
    proposed_sites: tuple[ProposedSite, ...]
    declared_sites: tuple[Point, ...]


#: A geometry (metric) and its matplotlib style, as ``kizuna.scenario.render.render_map`` takes.
MapOverlay = tuple[BaseGeometry, dict[str, Any]]


def map_overlays(dossier: Dossier, kind: str) -> tuple[tuple[float, float, float, float],
                                                       list[MapOverlay]]:
    """The dossier map's bounds (the ground risk area and 150 m round it) and overlays:
    ground risk area, operational volume, the applied area (``kind`` "area") or corridors,
    proposed and declared landing sites."""
    minx, miny, maxx, maxy = dossier.ground_risk_area.buffer(150.0).bounds
    overlays: list[MapOverlay] = [
        (dossier.ground_risk_area.boundary, {"color": "#c62828", "ls": "--", "lw": 1.4,
                                             "label": "Ground risk area (buffer)"}),
        (dossier.operational_volume.boundary, {"color": "#1f4e9c", "ls": ":", "lw": 1.4,
                                               "label": "Operational volume"}),
        (dossier.envelope, {"facecolor": "#1f77b4", "edgecolor": "#0b3d91", "alpha": 0.18,
                            "lw": 2.0, "label": "Applied area" if kind == "area"
                            else "Applied corridors"}),
    ]
    if dossier.proposed_sites:
        overlays.append((MultiPoint([(s.x, s.y) for s in dossier.proposed_sites]),
                         {"marker": "P", "color": "#1b7f3b", "markersize": 11,
                          "markeredgecolor": "white", "label": "Proposed landing site"}))
    if dossier.declared_sites:
        overlays.append((MultiPoint(list(dossier.declared_sites)),
                         {"marker": "s", "color": "#6a1b9a", "markersize": 8,
                          "markeredgecolor": "white", "label": "Declared landing site"}))
    return (minx, miny, maxx, maxy), overlays


def covered_fleet(app: Application, scenario: Scenario
                  ) -> tuple[tuple[Aircraft, ...], tuple[Pilot, ...]]:
    """The covered aircraft and pilots, looked up in the scenario (UnknownName if missing)."""
    fleet = {a.registration: a for a in scenario.aircraft}
    people = {p.id: p for p in scenario.pilots}
    for reg in app.aircraft:
        if reg not in fleet:
            raise UnknownName(f"aircraft (scenario {scenario.name})", reg, list(fleet))
    for pid in app.pilots:
        if pid not in people:
            raise UnknownName(f"pilot (scenario {scenario.name})", pid, list(people))
    return tuple(fleet[r] for r in app.aircraft), tuple(people[p] for p in app.pilots)


def _reasons(reasons: tuple[Reason, ...]) -> list[dict[str, str]]:
    return [{"code": r.code, "text_ja": r.text_ja, "text": r.text, "rule": r.rule}
            for r in reasons]


def _check_placement(app: Application, scenario: Scenario, envelope: BaseGeometry) -> None:
    minx, miny, maxx, maxy = scenario.bounds
    gx0, gy0, gx1, gy1 = envelope.bounds
    if gx0 < minx or gy0 < miny or gx1 > maxx or gy1 > maxy:
        what = "area" if app.kind == "area" else "corridors"
        raise InvalidInput(f"{what}: lies outside scenario {scenario.name!r}", field=what)
    if envelope.intersection(scenario.land).area < 0.5 * envelope.area:
        raise InvalidInput(f"{'area' if app.kind == 'area' else 'corridors'}: mostly over the "
                           f"sea or outside the land of scenario {scenario.name!r}")


def build_dossier(app: Application, scenario: Scenario,
                  settings: PermitSettings = DEFAULT_PERMIT_SETTINGS) -> Dossier:
    """Assemble the dossier of ``app`` over ``scenario``.

    Raises
    ------
    InvalidInput
        When the geometry lies outside the scenario, or names unknown aircraft or pilots.
    """
    if app.scenario != scenario.name:
        raise InvalidInput(f"scenario: the application is for {app.scenario!r}, "
                           f"not {scenario.name!r}")
    envelope = envelope_geometry(app, scenario.epsg)
    _check_placement(app, scenario, envelope)
    aircraft, pilots = covered_fleet(app, scenario)
    band = app.altitude_band

    # -- ground risk and SORA (kizuna.risk) -------------------------------------------------
    profiles = [a.profile for a in aircraft]
    ground = derive_ground_risk(
        envelope, scenario.population, scenario.did, max_height_agl_m=band.max_agl_m,
        max_speed_mps=max(p.max_speed_mps for p in profiles),
        parachute=all(p.parachute for p in profiles))
    operation = SoraOperation(
        characteristic_dimension_m=max(p.characteristic_dimension_m for p in profiles),
        max_speed_mps=max(p.max_speed_mps for p in profiles),
        mass_kg=max(p.mtow_kg for p in profiles),
        population_density=ground.exposure.max_density,
        environment=ground.exposure.environment,
        above_150m_agl=band.max_agl_m >= 150.0,
        mitigations=app.mitigations.to_domain())
    sora = assess_sora(operation)
    # Steps 6, 8 and 9: what the SAIL asks for (the adjacent area from the same population).
    adjacent = adjacent_area(ground.volume.operational_volume, scenario.population,
                             operation.max_speed_mps)
    needs = requirements_for(sora, operation, line_of_sight=app.operation, adjacent=adjacent,
                             assemblies_within_1km=app.assemblies_within_1km)

    # -- facts and the law (kizuna.rules) -----------------------------------------------------
    first = app.daily_windows[0]
    start = datetime.combine(app.valid_from, first.start, tzinfo=app.zone)
    end = datetime.combine(app.valid_from, first.end, tzinfo=app.zone)
    lonlat = envelope_lonlat(app)
    area_ll = lonlat if app.kind == "area" else shapely.convex_hull(lonlat).buffer(0.0005)
    facts = derive_area_facts(scenario, area_ll, band.max_agl_m, start, end_time=end)
    legal = [_classification(app, facts, a, p) for a in aircraft for p in pilots]

    # -- geometry of the area ------------------------------------------------------------------
    crossings = crossed_features(scenario, envelope)
    sites = propose_landing_sites(scenario, envelope, settings.landing_sites)
    declared = [Point(scenario.to_metric(s.lon, s.lat)) for s in app.emergency_landing_sites]
    terrain = _terrain(scenario, envelope, band.max_agl_m)

    data = {
        "kind": "kizuna.permits.dossier",
        "version": 1,
        "application": app.model_dump(mode="json"),
        "scenario": {"name": scenario.name, "title": scenario.title, "epsg": scenario.epsg,
                     "synthetic_layers": list(scenario.synthetic)},
        "envelope": {"area_km2": round(envelope.area / 1e6, 3),
                     "bounds_lonlat": [round(v, 6) for v in lonlat.bounds]},
        "ground_risk": {**ground.summary(), "reasons": _reasons(ground.reasons)},
        "sora": {**_sora(sora, aircraft),
                 **{k: _plain(v) for k, v in requirements_out(needs).items()}},
        "facts": facts.model_dump(mode="json"),
        "legal": legal,
        "crossings": [{"layer": c.layer, "id": c.id, "name": c.name, "kind": c.kind,
                       "length_m": c.length_m} for c in crossings],
        "airport_surfaces": _airport_surfaces(scenario, envelope),
        "landing_sites": {
            "proposed": [_site(s) for s in sites],
            "declared": _declared(app, scenario, envelope),
            "search": {"max_density": settings.landing_sites.max_density,
                       "max_slope_deg": settings.landing_sites.max_slope_deg,
                       "min_spacing_m": settings.landing_sites.min_spacing_m,
                       "edge_clearance_m": settings.landing_sites.edge_clearance_m},
        },
        "terrain": terrain,
    }
    data["summary"] = _summary(data, ground, sora, legal, crossings, sites)
    return Dossier(data, envelope, ground.volume.operational_volume,
                   ground.volume.ground_risk_area, tuple(sites), tuple(declared))


def _airport_surfaces(scenario: Scenario, envelope: BaseGeometry) -> list[dict[str, Any]]:
    """The restricted surfaces over the area, with the heights (m AMSL) above which flights
    need the airport's permission (A-AIRPORT is decided in 3D by kizuna.rules.derive)."""
    return [{"airport": a.id, "name": a.name, "surface": f.name,
             "low_amsl_m": round(f.low_amsl_m, 1), "high_amsl_m": round(f.high_amsl_m, 1)}
            for a in scenario.airports if a.surfaces is not None
            for f in a.surfaces.footprints() if f.area.intersects(envelope)]


def _classification(app: Application, facts: FlightFacts, aircraft: Aircraft,
                    pilot: Pilot) -> dict[str, Any]:
    day = app.valid_from
    ja = classify(facts, aircraft_status(aircraft, day), pilot_status(pilot, day),
                  operator_status(app), entry_control=app.entry_control, automatic=True,
                  special_zone=True, lang="ja")
    en = classify(facts, aircraft_status(aircraft, day), pilot_status(pilot, day),
                  operator_status(app), entry_control=app.entry_control, automatic=True,
                  special_zone=True, lang="en")
    return {
        "aircraft": aircraft.registration, "profile": aircraft.profile.name, "pilot": pilot.id,
        "category": en.category, "level": en.level, "allowed": en.allowed,
        "application": en.application.model_dump(mode="json"),
        "duties": list(en.duties),
        "reasons": [{"code": r.code, "text_ja": j.text, "text": r.text}
                    for r, j in zip(en.reasons, ja.reasons, strict=True)],
        "violations": [{"code": r.code, "text_ja": j.text, "text": r.text}
                       for r, j in zip(en.violations, ja.violations, strict=True)],
    }


def _sora(sora: SoraAssessment, aircraft: tuple[Aircraft, ...]) -> dict[str, Any]:
    return {"igrc": sora.igrc, "final_grc": sora.final_grc,
            "initial_arc": str(sora.initial_arc), "residual_arc": str(sora.residual_arc),
            "sail": str(sora.sail),
            "assessed_for": "worst case of the covered aircraft: "
                            + ", ".join(sorted({a.profile.name for a in aircraft})),
            "reasons": _reasons(sora.reasons)}


def _plain(value: Any) -> Any:
    """A pydantic model (or a list of them) as JSON data."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def _site(s: ProposedSite) -> dict[str, Any]:
    return {"id": s.id, "lon": s.lon, "lat": s.lat, "density": round(s.density, 1),
            "slope_deg": round(s.slope_deg, 1), "ground_m": round(s.ground_m, 1)}


def _declared(app: Application, scenario: Scenario, envelope: BaseGeometry
              ) -> list[dict[str, Any]]:
    out = []
    for s in app.emergency_landing_sites:
        x, y = scenario.to_metric(s.lon, s.lat)
        density = float(scenario.population.sample([x], [y])[0])
        slope = float(slope_deg(scenario, np.array([x]), np.array([y]))[0])
        out.append({"id": s.id, "lon": s.lon, "lat": s.lat, "note": s.note,
                    "inside": bool(envelope.buffer(1.0).contains(Point(x, y))),
                    "density": None if density != density else round(density, 1),
                    "slope_deg": round(slope, 1)})
    return out


def _terrain(scenario: Scenario, envelope: BaseGeometry, max_agl_m: float) -> dict[str, Any]:
    cells = scenario.terrain.cells_in(envelope)
    land = cells[cells > 0] if cells.size else cells
    low = float(land.min()) if land.size else 0.0
    high = float(land.max()) if land.size else 0.0
    return {"min_m": round(low, 1), "max_m": round(high, 1),
            "max_altitude_amsl_m": round(high + max_agl_m, 1),
            "sea_share": round(1 - float(envelope.intersection(scenario.land).area)
                               / float(envelope.area), 3)}


def _summary(data: dict[str, Any], ground: GroundRiskDerivation, sora: SoraAssessment,
             legal: list[dict[str, Any]], crossings: list[Any], sites: list[ProposedSite]
             ) -> list[dict[str, str]]:
    g = data["ground_risk"]
    rail = [c for c in crossings if c.layer == "railway"]
    road = [c for c in crossings if c.layer == "road"]
    cats = sorted({f"{c['category']} / L{c['level']}" for c in legal})
    allowed = sum(1 for c in legal if c["allowed"])

    def row(key: str, ja: str, en: str, value: str) -> dict[str, str]:
        return {"key": key, "label_ja": ja, "label": en, "value": value}

    return [
        row("area", "申請範囲の面積", "Area", f"{data['envelope']['area_km2']:.2f} km²"),
        row("band", "飛行高度(対地)", "Altitude band (AGL)",
            f"{data['application']['altitude_band']['min_agl_m']:g}-"
            f"{data['application']['altitude_band']['max_agl_m']:g} m"),
        row("volume", "運航範囲 / 地上リスク範囲", "Operational volume / ground risk area",
            f"{g['operational_volume_km2']:.2f} / {g['ground_risk_area_km2']:.2f} km²"),
        row("buffer", "コンティンジェンシー / 地上リスクバッファ",
            "Contingency / ground risk buffer",
            f"{g['contingency_m']:.0f} / {g['buffer_m']:.0f} m"),
        row("density", "人口密度 最大 / 平均", "Population density max / mean",
            f"{g['max_density']:,.0f} / {g['mean_density']:,.0f} /km²"),
        row("did", "DID の割合", "DID share", f"{g['did_share']:.0%}"),
        row("sora", "iGRC / 最終GRC / ARC / SAIL", "iGRC / final GRC / ARC / SAIL",
            f"{sora.igrc} / {sora.final_grc} / {sora.residual_arc} / {sora.sail}"),
        row("category", "カテゴリー / レベル", "Category / level", ", ".join(cats)),
        row("legal", "法令上の可否(機体×操縦者)", "Lawful (aircraft x pilot)",
            f"{allowed} / {len(legal)}"),
        row("railways", "鉄道(範囲内の延長)", "Railways (length inside)",
            f"{len(rail)} ({sum(c.length_m for c in rail) / 1000:.2f} km)"),
        row("roads", "道路(範囲内の延長)", "Roads (length inside)",
            f"{len(road)} ({sum(c.length_m for c in road) / 1000:.2f} km)"),
        row("sites", "緊急着陸地点(提案 / 申請)", "Emergency landing sites (proposed / declared)",
            f"{len(sites)} / {len(data['landing_sites']['declared'])}"),
        row("terrain", "地表標高 最低 / 最高", "Terrain min / max",
            f"{data['terrain']['min_m']:.0f} / {data['terrain']['max_m']:.0f} m"),
    ]
