"""Registered hydrogen storage sites as a map layer (the check itself is ``POST
/hydrogen/check`` in the calculators router).

The sites come from ``src/kizuna/config/hydrogen_sites_fukushima.json`` (an illustrative
example), each checked with the shipped rules by :func:`kizuna.hydrogen.registry.map_layer`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from kizuna.api.deps import Principal, roles
from kizuna.hydrogen.caps import default_rules
from kizuna.hydrogen.contract import CheckRequest
from kizuna.hydrogen.registry import SiteRegistry
from kizuna.store.accounts import AccountRole as R

__all__ = ["SITES_FILE", "registered_sites", "router"]

router = APIRouter(prefix="/hydrogen", tags=["hydrogen"])
SITES_FILE = "hydrogen_sites_fukushima.json"
Hydrogen = Annotated[Principal, Depends(roles(R.OPERATOR, R.REGULATOR, R.COMPANY,
                                              R.PREFECTURE_OFFICER, R.ADMIN))]


@cache
def registered_sites() -> SiteRegistry:
    """The shipped example sites, located (reversejp) once per process."""
    doc = json.loads(resources.files("kizuna.config").joinpath(SITES_FILE)
                     .read_text(encoding="utf-8"))
    registry = SiteRegistry()
    for entry in doc["sites"]:
        spec = {k: v for k, v in entry.items() if k not in {"site_id", "name", "lon", "lat"}}
        site = CheckRequest.model_validate(spec).to_site()
        registry.register(entry["site_id"], entry["name"], entry["lon"], entry["lat"], site)
    return registry


@router.get("/sites")
def sites(_caller: Hydrogen) -> dict[str, Any]:
    """The registered sites: a GeoJSON FeatureCollection of points, each with its verdict."""
    layer = registered_sites().map_layer(default_rules())
    return {**layer, "illustrative": True}
