"""Tests for kizuna.hydrogen.registry: locations from reversejp and the GeoJSON map layer."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from kizuna.errors import InvalidInput, UnknownName
from kizuna.hydrogen import District, Site, SiteRegistry, locate, map_layer


@dataclass(frozen=True)
class FakeRegion:
    code: str
    name: str
    en_name: str


@pytest.mark.parametrize(
    ("lon", "lat", "prefecture", "prefecture_en", "municipality_code", "municipality"),
    [
        (140.957, 37.642, "福島県", "Fukushima", "07212", "南相馬市"),  # Minamisoma Haramachi
        (141.0325, 37.4213, "福島県", "Fukushima", "07545", "大熊町"),  # Okuma
        (129.048, 33.012, "長崎県", "Nagasaki", "42411", "新上五島町"),  # Aokata
        # reversejp's first region here is 石狩地方, not the prefecture.
        (141.35, 43.06, "北海道", "Hokkaido", "01100", "札幌市"),
    ],
)
def test_locate_with_reversejp(
    lon: float,
    lat: float,
    prefecture: str,
    prefecture_en: str,
    municipality_code: str,
    municipality: str,
) -> None:
    """Real reversejp lookups give the prefecture and municipality of a point."""
    location = locate(lon, lat)
    assert (location.prefecture_ja, location.prefecture_en) == (prefecture, prefecture_en)
    assert location.municipality_code == municipality_code
    assert location.municipality_ja == municipality
    assert (location.lon, location.lat) == (lon, lat)


def test_locate_at_sea_is_invalid() -> None:
    """A point outside every municipality (open sea) raises InvalidInput."""
    with pytest.raises(InvalidInput, match="not inside a Japanese municipality"):
        locate(140.0, 30.0)


@pytest.mark.parametrize(("lon", "lat"), [(181, 35), (140, -91), (float("nan"), 35), (True, 35)])
def test_locate_rejects_bad_coordinates(lon: float, lat: float) -> None:
    """Out-of-range, non-finite or non-numeric coordinates raise InvalidInput."""
    with pytest.raises(InvalidInput):
        locate(lon, lat)


def test_locate_uses_an_injected_finder() -> None:
    """The finder is injectable; the municipality is the region with a 7-digit code."""
    calls: list[tuple[float, float]] = []

    def finder(lon: float, lat: float) -> list[FakeRegion]:
        calls.append((lon, lat))
        return [FakeRegion("070020", "福島県", "Fukushima"), FakeRegion("0720100", "福島市", "x")]

    location = locate(140.47, 37.75, finder)
    assert calls == [(140.47, 37.75)]
    assert location.municipality_code == "07201"
    assert location.prefecture_code == "07"


def test_registry_registers_locates_and_rejects_duplicates() -> None:
    """Sites are kept in order with their location; a repeated id is refused."""
    registry = SiteRegistry()
    registry.register("a", "Haramachi", 140.957, 37.642, Site(District.COMMERCIAL, stored_m3=500))
    registry.register("b", "Fukue", 128.843, 32.697, Site(District.INDUSTRIAL, stored_kg=100))
    assert [s.site_id for s in registry] == ["a", "b"]
    assert len(registry) == 2
    assert registry.get("b").location.prefecture_en == "Nagasaki"
    with pytest.raises(InvalidInput, match="already registered"):
        registry.register("a", "again", 140.957, 37.642, Site(District.COMMERCIAL, stored_m3=1))
    with pytest.raises(UnknownName, match="unknown site 'zz'"):
        registry.get("zz")


def test_failed_registration_leaves_registry_unchanged() -> None:
    """A site at sea is refused and not added."""
    registry = SiteRegistry()
    with pytest.raises(InvalidInput):
        registry.register("sea", "sea", 140.0, 30.0, Site(District.COMMERCIAL, stored_m3=1))
    assert len(registry) == 0


def test_map_layer_is_a_feature_collection_with_verdicts() -> None:
    """The map layer holds one RFC 7946 point per site with its verdict and location."""
    registry = SiteRegistry()
    registry.register("ok", "Haramachi", 140.957, 37.642, Site(District.COMMERCIAL, stored_m3=500))
    registry.register("over", "Kashima", 140.960, 37.705, Site(District.RESIDENTIAL, stored_m3=400))
    layer = registry.map_layer()
    assert layer["type"] == "FeatureCollection"
    ok, over = layer["features"]
    assert ok["geometry"] == {"type": "Point", "coordinates": [140.957, 37.642]}
    assert ok["properties"]["allowed"] is True
    assert ok["properties"]["municipality"] == "南相馬市"
    assert ok["properties"]["prefecture"] == "福島県"
    assert ok["properties"]["cap_m3"] == 700
    assert over["properties"]["allowed"] is False
    assert [n["code"] for n in over["properties"]["needs"]] == ["special_permit"]
    json.dumps(layer)  # the layer must be plain JSON


def test_map_layer_of_nothing_is_empty() -> None:
    """No sites give an empty FeatureCollection."""
    assert map_layer([]) == {"type": "FeatureCollection", "features": []}
