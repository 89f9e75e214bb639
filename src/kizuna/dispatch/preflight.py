"""The pre-flight check (飛行前確認, Civil Aeronautics Act Art. 132-86(1)): five items the
pilot confirms before every flight, filled in from what Kizuna knows.

The items, in the order they are checked:

1. ``aircraft``: the registration is in force and today's daily inspection passed;
2. ``battery``: after the mission the battery keeps its reserve (once swapped if needed);
3. ``links_gnss``: command link, GNSS fix and Remote ID (Kizuna knows only whether a Remote ID
   is fitted; the pilot confirms the rest on the ground station);
4. ``weather``: the wind **measured** at the site, at most the lower of the permit's and the
   aircraft's limits (as the permit check's ``WIND_LIMIT``). A wind that was not measured
   fails: it is never assumed;
5. ``airspace``: no emergency airspace in force on the route, no other operator's intent on
   it.

An item passes when Kizuna finds nothing against it **and** the pilot confirms it
(:func:`confirm`). :func:`missing_items` is what the launch gate asks: the items not passed by
a check of this flight (every item when there is no check).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kizuna.errors import InvalidInput

__all__ = ["ITEM_WORDS", "PREFLIGHT_ITEMS", "KnownConditions", "PreflightCheck", "PreflightItem",
           "check_from_json", "check_to_json", "confirm", "missing_items", "prefill"]

PREFLIGHT_ITEMS: tuple[str, ...] = ("aircraft", "battery", "links_gnss", "weather", "airspace")
#: item -> (Japanese, English) name.
ITEM_WORDS: Mapping[str, tuple[str, str]] = {
    "aircraft": ("機体", "aircraft"),
    "battery": ("バッテリー", "battery"),
    "links_gnss": ("通信・GNSS", "links and GNSS"),
    "weather": ("気象(風速)", "weather (wind)"),
    "airspace": ("空域(緊急用務空域・他の運航)", "airspace (emergency airspace, other flights)"),
}


@dataclass(frozen=True)
class KnownConditions:
    """What Kizuna knows before take-off (filled by the service or the simulation)."""

    registration_valid: bool
    daily_inspection_passed: bool | None  # None: no daily inspection recorded today
    remote_id: bool
    battery_after_fraction: float  # share of usable energy left after the mission
    reserve_fraction: float
    wind_limit_mps: float
    emergency_airspace: tuple[str, ...] = ()
    conflicting_intents: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not (math.isfinite(self.wind_limit_mps) and self.wind_limit_mps > 0):
            raise InvalidInput("wind_limit_mps must be a positive number", field="wind_limit_mps")


@dataclass(frozen=True)
class PreflightItem:
    """One item: passed or not, and what was found, in words (English, Japanese)."""

    item: str
    passed: bool
    detail: str = ""
    detail_ja: str = ""

    def __post_init__(self) -> None:
        if self.item not in PREFLIGHT_ITEMS:
            raise InvalidInput(f"item {self.item!r} is not one of {', '.join(PREFLIGHT_ITEMS)}",
                               field="item")


def _wind(wind_mps: float | None, limit: float) -> PreflightItem:
    if wind_mps is None:
        return PreflightItem("weather", False, "wind not measured", "風速が未計測です")
    if not (math.isfinite(wind_mps) and wind_mps >= 0):
        raise InvalidInput("wind_mps must be a non-negative number", field="wind_mps")
    ok = wind_mps <= limit  # as the permit's WIND_LIMIT check: at most the limit
    return PreflightItem("weather", ok, f"wind {wind_mps:g} m/s measured, limit {limit:g} m/s",
                         f"測定風速 {wind_mps:g} m/s（上限 {limit:g} m/s）")


def prefill(known: KnownConditions, wind_mps: float | None) -> tuple[PreflightItem, ...]:
    """The five items as Kizuna finds them, before the pilot confirms."""
    inspection = known.daily_inspection_passed
    reg = ("registration in force", "登録有効") if known.registration_valid else (
        "registration expired", "登録の有効期限切れ")
    insp = (("daily inspection passed", "本日の日常点検：異常なし") if inspection
            else ("daily inspection failed", "本日の日常点検：異常あり") if inspection is False
            else ("no daily inspection today", "本日の日常点検の記録なし"))
    left = known.battery_after_fraction
    reserve = known.reserve_fraction
    en: list[str] = []
    ja: list[str] = []
    if known.emergency_airspace:
        names = ", ".join(known.emergency_airspace)
        en.append(f"emergency airspace in force: {names}")
        ja.append(f"緊急用務空域が設定中：{names}")
    if known.conflicting_intents:
        names = ", ".join(known.conflicting_intents)
        en.append(f"other intents on the route: {names}")
        ja.append(f"経路上の他の運航：{names}")
    remote = ("Remote ID fitted", "リモートID搭載") if known.remote_id else (
        "no Remote ID fitted", "リモートID未搭載")
    return (
        PreflightItem("aircraft", known.registration_valid and inspection is True,
                      f"{reg[0]}; {insp[0]}", f"{reg[1]}・{insp[1]}"),
        PreflightItem("battery", left >= reserve,
                      f"{100 * left:.0f} % left after the flight, reserve {100 * reserve:.0f} %",
                      f"飛行後の残量 {100 * left:.0f} %（予備 {100 * reserve:.0f} %）"),
        PreflightItem("links_gnss", known.remote_id, *remote),
        _wind(wind_mps, known.wind_limit_mps),
        PreflightItem("airspace", not en, "; ".join(en) or "clear",
                      "・".join(ja) or "支障なし"),
    )


@dataclass(frozen=True)
class PreflightCheck:
    """A pre-flight check of one flight, as confirmed by the pilot."""

    flight_id: str
    registration: str
    items: tuple[PreflightItem, ...]
    wind_mps: float | None
    confirmed_by: str

    def __post_init__(self) -> None:
        seen = [i.item for i in self.items]
        if len(set(seen)) != len(seen):
            raise InvalidInput("items: an item is listed twice", field="items")

    @property
    def passed(self) -> bool:
        """Every item present and passed."""
        return not missing_items(self, self.flight_id, self.registration)


def confirm(known: KnownConditions, wind_mps: float | None, confirmations: Mapping[str, bool],
            *, flight_id: str, registration: str, by: str) -> PreflightCheck:
    """The check as the pilot confirms it: an item passes when Kizuna finds nothing against it
    and the pilot confirms it. An unknown item names ``items.<item>``."""
    for k, item in enumerate(confirmations):
        if item not in PREFLIGHT_ITEMS:
            raise InvalidInput(f"items[{k}]: {item!r} is not a pre-flight item (known: "
                               f"{', '.join(PREFLIGHT_ITEMS)})", field=f"items.{k}.item")
    items = []
    for found in prefill(known, wind_mps):
        pilot = bool(confirmations.get(found.item, False))
        detail, detail_ja = found.detail, found.detail_ja
        if not pilot:
            detail, detail_ja = (f"{detail}; not confirmed by the pilot",
                                 f"{detail_ja}・操縦者の確認なし")
        items.append(PreflightItem(found.item, found.passed and pilot, detail, detail_ja))
    return PreflightCheck(flight_id, registration, tuple(items), wind_mps, by)


def missing_items(check: PreflightCheck | None, flight_id: str,
                  registration: str) -> tuple[str, ...]:
    """The items not passed by a check of this flight and aircraft (all without one)."""
    if check is None or check.flight_id != flight_id or check.registration != registration:
        return PREFLIGHT_ITEMS
    passed = {i.item for i in check.items if i.passed}
    return tuple(i for i in PREFLIGHT_ITEMS if i not in passed)


def check_to_json(check: PreflightCheck) -> list[dict[str, object]]:
    """The items as stored; the weather item carries the measured wind as its ``value``."""
    return [{"item": i.item, "passed": i.passed, "detail": i.detail, "detail_ja": i.detail_ja,
             **({"value": check.wind_mps} if i.item == "weather" else {})}
            for i in check.items]


def check_from_json(flight_id: str, registration: str, items: Sequence[Mapping[str, object]],
                    by: str) -> PreflightCheck:
    """The inverse of :func:`check_to_json`."""
    wind = next((d.get("value") for d in items if d.get("item") == "weather"), None)
    return PreflightCheck(
        flight_id, registration,
        tuple(PreflightItem(str(d["item"]), bool(d["passed"]), str(d.get("detail", "")),
                            str(d.get("detail_ja", ""))) for d in items),
        float(wind) if isinstance(wind, int | float) else None, by)
