"""A scenario in one JSON paragraph: its extent, people, districts, bases and restrictions."""

from __future__ import annotations

from typing import Any

import numpy as np

from kizuna.scenario.model import Scenario

__all__ = ["summarise"]


def _length_km(layer_geoms: list[Any]) -> float:
    return round(sum(float(g.length) for g in layer_geoms) / 1000.0, 2)


def summarise(scenario: Scenario) -> dict[str, Any]:
    """The headline figures of a scenario, as a JSON-ready dict.

    Population is the integral of the density raster (people/km² times cell area), so it is the
    synthetic resident population when the raster is synthetic (see ``synthetic``).
    """
    s = scenario
    density = np.nan_to_num(s.population.values, nan=0.0)
    population = float(density.sum() * s.population.cell_area_km2)
    minx, miny, maxx, maxy = s.terrain.bounds
    west, south = s.to_lonlat(minx, miny)
    east, north = s.to_lonlat(maxx, maxy)
    dids = [
        {"id": str(f.properties.get("id", f"DID-{i + 1}")),
         "population": round(float(f.properties.get("population", 0))),
         "area_km2": round(float(f.geometry.area) / 1e6, 3)}
        for i, f in enumerate(s.did.features)
    ]
    return {
        "name": s.name,
        "title": s.title,
        "epsg": s.epsg,
        "seed": s.seed,
        "bbox_lonlat": [round(west, 5), round(south, 5), round(east, 5), round(north, 5)],
        "land_km2": round(float(s.land.area) / 1e6, 2),
        "population_total": round(population),
        "max_elevation_m": round(float(np.nanmax(s.terrain.values)), 1)
        if np.isfinite(s.terrain.values).any() else None,
        "did_count": len(dids),
        "dids": dids,
        "bases": [{"id": b.id, "name": b.name, "lon": b.lon, "lat": b.lat} for b in s.bases],
        "settlements_count": len(s.settlements),
        "settlements_population": sum(x.population for x in s.settlements),
        "roads_km": _length_km(s.roads.geometries),
        "railways_km": _length_km(s.railways.geometries),
        "airports": [{"id": a.id, "name": a.name, "radius_m": a.radius_m} for a in s.airports],
        "drone_act_facilities": [{"id": f.id, "name": f.name, "buffer_m": f.buffer_m}
                                 for f in s.drone_act_facilities],
        "emergency_airspace": [{"id": e.id, "name": e.name, "start": e.start.isoformat(),
                                "end": e.end.isoformat()} for e in s.emergency_airspace],
        "aircraft_count": len(s.aircraft),
        "pilots_count": len(s.pilots),
        "synthetic": list(s.synthetic),
        "sources": dict(s.sources),
        "coverage": dict(s.coverage),
        "warnings": list(s.warnings),
    }
