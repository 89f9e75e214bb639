"""Is this amount of compressed hydrogen allowed at this site, under which regime, and if not,
what is needed?

`check` is pure: a `Site` and `HydrogenRules` in, a `Verdict` out. Every notice and need carries
a code, the rule it comes from, and readable text in English and Japanese.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kizuna.errors import InvalidInput
from kizuna.hydrogen.caps import District, HydrogenRules, Regime, default_rules, parse_district
from kizuna.hydrogen.conversion import as_decimal, m3_from_kg

__all__ = ["Need", "Notice", "Site", "Verdict", "check"]

_SPECIAL_PERMIT_RULE = "Building Standards Act Art. 48 proviso (special permit)"
_STATION_RULE = "Building Standards Act Enforcement Order Art. 130-9 (hydrogen stations)"


@dataclass(frozen=True)
class Site:
    """A site that stores compressed hydrogen.

    Parameters
    ----------
    district
        Use district of the site (a `District` or its name).
    stored_m3, stored_kg
        The stored amount, in m³ at 0 °C and 1 atm or in kg; give exactly one.
    hydrogen_station
        A hydrogen station built to MLIT's standard; its storage is excluded from the count.
    special_zone
        Whether the site is inside the special zone, where its caps apply.
    """

    district: District
    stored_m3: float | Decimal | None = None
    stored_kg: float | Decimal | None = None
    hydrogen_station: bool = False
    special_zone: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "district", parse_district(self.district))
        if (self.stored_m3 is None) == (self.stored_kg is None):
            raise InvalidInput(
                "stored_m3/stored_kg: give exactly one of stored_m3 and stored_kg",
                field="stored_m3",
            )
        if self.stored_m3 is not None:
            as_decimal(self.stored_m3, "stored_m3")
        if self.stored_kg is not None:
            as_decimal(self.stored_kg, "stored_kg")
        for name in ("hydrogen_station", "special_zone"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidInput(f"{name}: must be true or false", field=name)

    @property
    def volume_m3(self) -> Decimal:
        """The stored amount in m³ at 0 °C and 1 atm."""
        if self.stored_m3 is not None:
            return as_decimal(self.stored_m3, "stored_m3")
        assert self.stored_kg is not None  # guaranteed by __post_init__
        return m3_from_kg(self.stored_kg)


@dataclass(frozen=True)
class Notice:
    """Something the operator should know; it does not change the verdict."""

    code: str
    rule: str
    text_en: str
    text_ja: str


@dataclass(frozen=True)
class Need:
    """What is needed before a not-allowed amount may be stored."""

    code: str
    rule: str
    text_en: str
    text_ja: str
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """The answer of `check` for one site."""

    allowed: bool
    regime: Regime
    district: District
    cap_m3: Decimal | None
    stored_m3: Decimal
    counted_m3: Decimal
    needs: tuple[Need, ...] = ()
    notices: tuple[Notice, ...] = ()


def _fmt(value: Decimal) -> str:
    # Up to three decimals, without trailing zeros: "350", "111.235".
    text = f"{value.quantize(Decimal('0.001')):f}".rstrip("0").rstrip(".")
    return text or "0"


def _special_permit(site: Site, regime: Regime, cap: Decimal, stored: Decimal) -> Need:
    district = site.district.value
    return Need(
        code="special_permit",
        rule=_SPECIAL_PERMIT_RULE,
        text_en=(
            f"{_fmt(stored)} m3 exceeds the {regime.value} cap of {_fmt(cap)} m3 for {district} "
            f"by {_fmt(stored - cap)} m3: a special permit is needed, after a public hearing "
            "and with the consent of the building review board."
        ),
        text_ja=(
            f"貯蔵量 {_fmt(stored)} m³ は上限 {_fmt(cap)} m³ を"
            f" {_fmt(stored - cap)} m³ 超えています。"
            "建築基準法第48条ただし書の特例許可（公開による意見の聴取と建築審査会の同意）が必要です。"
        ),
        steps=("public_hearing", "building_review_board"),
    )


def _notices(site: Site, rules: HydrogenRules, regime: Regime, stored: Decimal) -> list[Notice]:
    notices: list[Notice] = []
    if site.hydrogen_station:
        notices.append(
            Notice(
                code="hydrogen_station_excluded",
                rule=_STATION_RULE,
                text_en=(
                    "A hydrogen station built to MLIT's standard is excluded from the storage "
                    "count, so it is allowed whatever the amount."
                ),
                text_ja="国土交通省の基準に適合する水素スタンドは貯蔵量の算定から除外されるため、許容されます。",
            )
        )
    if regime is Regime.SPECIAL_ZONE:
        zone = rules.special_zone
        if not rules.special_zone_configures(site.district):
            notices.append(
                Notice(
                    code="special_zone_cap_not_configured",
                    rule=zone.rule,
                    text_en=(
                        f"The special-zone configuration '{zone.name}' sets no cap for "
                        f"{site.district.value}; the standard cap applies."
                    ),
                    text_ja="特区の設定にこの用途地域の上限がないため、標準の上限を適用します。",
                )
            )
        elif zone.illustrative:
            notices.append(
                Notice(
                    code="special_zone_caps_illustrative",
                    rule=zone.rule,
                    text_en=(
                        f"The special-zone caps of '{zone.name}' are illustrative, not published "
                        "figures; confirm the cap with the special-zone office."
                    ),
                    text_ja="特区の上限値は例示であり公表値ではありません。特区担当窓口に確認してください。",
                )
            )
    # The High Pressure Gas Safety Act counts what is stored, station or not.
    for threshold in rules.standard.hpgs_thresholds:
        if stored >= threshold.min_m3:
            notices.append(
                Notice(
                    code=threshold.code,
                    rule=threshold.rule,
                    text_en=threshold.text_en,
                    text_ja=threshold.text_ja,
                )
            )
    return notices


def check(site: Site, rules: HydrogenRules | None = None) -> Verdict:
    """Judge the stored amount at ``site`` against the caps in ``rules``.

    Parameters
    ----------
    site
        The site and its stored amount.
    rules
        Standard and special-zone caps; the shipped defaults (with the illustrative Fukushima
        special zone) when None.

    Returns
    -------
    Verdict
        Allowed when the station exclusion applies, when there is no cap, or when the counted
        amount is at most the cap; otherwise not allowed and a special permit is needed.
    """
    rules = default_rules() if rules is None else rules
    regime = Regime.SPECIAL_ZONE if site.special_zone else Regime.STANDARD
    cap = rules.cap(site.district, regime)
    stored = site.volume_m3
    counted = Decimal(0) if site.hydrogen_station else stored
    allowed = cap is None or counted <= cap
    needs: tuple[Need, ...] = ()
    if not allowed:
        assert cap is not None  # a missing cap always allows
        needs = (_special_permit(site, regime, cap, counted),)
    return Verdict(
        allowed=allowed,
        regime=regime,
        district=site.district,
        cap_m3=cap,
        stored_m3=stored,
        counted_m3=counted,
        needs=needs,
        notices=tuple(_notices(site, rules, regime, stored)),
    )
