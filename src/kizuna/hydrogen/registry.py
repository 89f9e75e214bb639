"""Hydrogen storage sites with their location, and a GeoJSON map layer of their verdicts.

Locations come from `reversejp`, which answers a lon/lat with a list of regions: a JMA forecast
region (6-digit code; for Hokkaido and Okinawa a sub-prefectural region, not the prefecture) and
a municipality (7-digit code: the 5-digit JIS X 0402 municipality code plus two digits). The
prefecture is therefore taken from the municipality code's first two digits (JIS X 0401).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import reversejp

from kizuna.errors import InvalidInput, UnknownName
from kizuna.hydrogen.caps import HydrogenRules, default_rules
from kizuna.hydrogen.check import Site, check
from kizuna.hydrogen.contract import verdict_json
from kizuna.hydrogen.prefectures import PREFECTURES

__all__ = [
    "Location",
    "PropertyFinder",
    "RegionProperty",
    "RegisteredSite",
    "SiteRegistry",
    "locate",
    "map_layer",
]


class RegionProperty(Protocol):
    """One region as `reversejp.find_properties` returns it."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def en_name(self) -> str: ...


PropertyFinder = Callable[[float, float], Sequence[RegionProperty]]
"""``(lon, lat) -> regions``; `reversejp.find_properties` by default, injectable for tests."""

_MUNICIPALITY_CODE_LENGTH = 7


@dataclass(frozen=True)
class Location:
    """Where a site is: WGS84 lon/lat, its prefecture and its municipality."""

    lon: float
    lat: float
    prefecture_code: str
    prefecture_ja: str
    prefecture_en: str
    municipality_code: str
    municipality_ja: str
    municipality_en: str


def _check_lon_lat(lon: float, lat: float) -> None:
    for name, value, limit in (("lon", lon, 180.0), ("lat", lat, 90.0)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput(f"{name}: must be a number, got {value!r}", field=name)
        if not math.isfinite(value) or abs(value) > limit:
            raise InvalidInput(f"{name}: must be within ±{limit:g}, got {value!r}", field=name)


def locate(lon: float, lat: float, finder: PropertyFinder | None = None) -> Location:
    """The prefecture and municipality at WGS84 ``lon``, ``lat``.

    Raises
    ------
    InvalidInput
        When the coordinates are out of range or not inside a Japanese municipality.
    """
    _check_lon_lat(lon, lat)
    regions = (finder or reversejp.find_properties)(float(lon), float(lat))
    municipality = next(
        (r for r in regions if len(r.code) == _MUNICIPALITY_CODE_LENGTH and r.code.isdigit()),
        None,
    )
    if municipality is None:
        raise InvalidInput(f"lon/lat: ({lon}, {lat}) is not inside a Japanese municipality")
    prefecture_code = municipality.code[:2]
    if prefecture_code not in PREFECTURES:
        raise InvalidInput(
            f"lon/lat: unknown prefecture code {prefecture_code!r} at ({lon}, {lat})"
        )
    prefecture_ja, prefecture_en = PREFECTURES[prefecture_code]
    return Location(
        lon=float(lon),
        lat=float(lat),
        prefecture_code=prefecture_code,
        prefecture_ja=prefecture_ja,
        prefecture_en=prefecture_en,
        municipality_code=municipality.code[:5],
        municipality_ja=municipality.name,
        municipality_en=municipality.en_name,
    )


@dataclass(frozen=True)
class RegisteredSite:
    """A named site at a known location."""

    site_id: str
    name: str
    location: Location
    site: Site

    def __post_init__(self) -> None:
        if not self.site_id:
            raise InvalidInput("site_id: must not be empty", field="site_id")


class SiteRegistry:
    """The sites of a special zone, in registration order, keyed by ``site_id``."""

    def __init__(self, finder: PropertyFinder | None = None) -> None:
        self._finder = finder
        self._sites: dict[str, RegisteredSite] = {}

    def register(
        self, site_id: str, name: str, lon: float, lat: float, site: Site
    ) -> RegisteredSite:
        """Locate and add a site; raises `InvalidInput` for a duplicate id or a bad location."""
        if site_id in self._sites:
            raise InvalidInput(f"site_id: {site_id!r} is already registered", field="site_id")
        registered = RegisteredSite(site_id, name, locate(lon, lat, self._finder), site)
        self._sites[site_id] = registered
        return registered

    def get(self, site_id: str) -> RegisteredSite:
        """The site with ``site_id``; raises `UnknownName`."""
        try:
            return self._sites[site_id]
        except KeyError:
            raise UnknownName("site", site_id) from None

    def __iter__(self) -> Iterator[RegisteredSite]:
        return iter(self._sites.values())

    def __len__(self) -> int:
        return len(self._sites)

    def map_layer(self, rules: HydrogenRules | None = None) -> dict[str, Any]:
        """`map_layer` of every registered site."""
        return map_layer(self, rules)


def map_layer(
    sites: Iterable[RegisteredSite], rules: HydrogenRules | None = None
) -> dict[str, Any]:
    """A GeoJSON (RFC 7946) FeatureCollection of point sites, each with its verdict.

    Each feature's ``properties`` hold the site id, name, district, prefecture, municipality and
    the verdict fields of ``kizuna hydrogen check`` (allowed, regime, cap_m3, stored_m3, needs,
    notices).
    """
    rules = default_rules() if rules is None else rules
    features = []
    for entry in sites:
        loc = entry.location
        features.append(
            {
                "type": "Feature",
                "id": entry.site_id,
                "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                "properties": {
                    "site_id": entry.site_id,
                    "name": entry.name,
                    "district": entry.site.district.value,
                    "hydrogen_station": entry.site.hydrogen_station,
                    "special_zone": entry.site.special_zone,
                    "prefecture_code": loc.prefecture_code,
                    "prefecture": loc.prefecture_ja,
                    "prefecture_en": loc.prefecture_en,
                    "municipality_code": loc.municipality_code,
                    "municipality": loc.municipality_ja,
                    "municipality_en": loc.municipality_en,
                    **verdict_json(check(entry.site, rules)),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
