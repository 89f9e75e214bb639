"""Fast-track programme configuration per prefecture (DOMAIN.md section 5).

Each prefecture's programme lists its criteria (a code and a rule: automatic, or officer
judgement), the eligible industry codes (JSIC), the target processing days for certified
companies against the standard, the certificate validity and the pre-screen rule for stable
management. Kumamoto and Miyagi ship in ``kizuna/config/residency_programmes.json``; another
prefecture is added by adding its entry there (or in a file given to `parse_programmes`), with
no code change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any

from kizuna.errors import InvalidInput, UnknownName

__all__ = [
    "AUTOMATIC_CODES",
    "JSIC_PATTERN",
    "Criterion",
    "CriterionRule",
    "Programme",
    "Programmes",
    "StableManagementRule",
    "default_programmes",
    "parse_programmes",
    "shipped_programmes_json",
]

# The automatic checks the code knows how to run; a configured automatic criterion must be one.
AUTOMATIC_CODES = frozenset({
    "CORPORATE_NUMBER_VALID",
    "REGISTERED",
    "NOT_LISTED",
    "OFFICE_IN_PREFECTURE",
    "INDUSTRY",
    "NO_ANTISOCIAL_TIES",
    "NO_TAX_ARREARS",
})

# JSIC: a major letter and a two-digit medium group, optionally narrowed (E28, E281, E2814).
JSIC_PATTERN = re.compile(r"^[A-T][0-9]{2}[0-9]{0,2}$")


class CriterionRule(StrEnum):
    """Who decides a criterion."""

    AUTOMATIC = "automatic"
    OFFICER = "officer"


@dataclass(frozen=True)
class Criterion:
    """One certification criterion of a programme."""

    code: str
    rule: CriterionRule
    text_en: str
    text_ja: str = ""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", self.code):
            raise InvalidInput(f"criteria.code: must be UPPER_SNAKE, got {self.code!r}",
                               field="criteria.code")
        if self.rule is CriterionRule.AUTOMATIC and self.code not in AUTOMATIC_CODES:
            raise InvalidInput(
                f"criteria.{self.code}: no automatic check exists for this code; "
                "make it an officer criterion",
                field="criteria.code",
            )
        if not self.text_en:
            raise InvalidInput(f"criteria.{self.code}.text_en: must not be empty",
                               field="criteria.text_en")


@dataclass(frozen=True)
class StableManagementRule:
    """The default pre-screen of STABLE_MANAGEMENT; the officer still records the decision.

    Pass when net assets are positive in the latest year and there was an operating profit in
    at least ``min_profitable_years`` of the last ``profit_window_years`` years; otherwise the
    criterion needs the officer's review.
    """

    profit_window_years: int = 2
    min_profitable_years: int = 1
    require_positive_net_assets: bool = True

    def __post_init__(self) -> None:
        if self.profit_window_years < 1:
            raise InvalidInput("stable_management.profit_window_years: must be at least 1")
        if not 0 <= self.min_profitable_years <= self.profit_window_years:
            raise InvalidInput(
                "stable_management.min_profitable_years: must be between 0 and "
                "profit_window_years"
            )


@dataclass(frozen=True)
class Programme:
    """One prefecture's fast-track programme."""

    prefecture: str
    name_ja: str
    criteria: tuple[Criterion, ...]
    eligible_jsic: frozenset[str]
    staffing_jsic: frozenset[str] = frozenset({"R91"})
    target_processing_days: int = 30
    standard_processing_days: tuple[int, int] = (30, 90)
    at_risk_fraction: float = 0.8
    certificate_validity_months: int = 36
    stable_management: StableManagementRule = field(default_factory=StableManagementRule)
    illustrative: bool = False

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z_]*", self.prefecture):
            raise InvalidInput(
                f"prefecture: must be a lower-case romanised name, got {self.prefecture!r}",
                field="prefecture",
            )
        where = self.prefecture
        if not self.criteria:
            raise InvalidInput(f"{where}.criteria: must not be empty", field="criteria")
        codes = [c.code for c in self.criteria]
        if len(set(codes)) != len(codes):
            raise InvalidInput(f"{where}.criteria: duplicate criterion code", field="criteria")
        for code in sorted(self.eligible_jsic | self.staffing_jsic):
            if not JSIC_PATTERN.match(code):
                raise InvalidInput(f"{where}.eligible_jsic: malformed JSIC code {code!r}",
                                   field="eligible_jsic")
        if self.target_processing_days < 1:
            raise InvalidInput(f"{where}.target_processing_days: must be at least 1")
        low, high = self.standard_processing_days
        if not 1 <= low <= high:
            raise InvalidInput(f"{where}.standard_processing_days: must be [min, max], min >= 1")
        if not 0 < self.at_risk_fraction < 1:
            raise InvalidInput(f"{where}.at_risk_fraction: must be between 0 and 1")
        if self.certificate_validity_months < 1:
            raise InvalidInput(f"{where}.certificate_validity_months: must be at least 1")

    @property
    def codes(self) -> tuple[str, ...]:
        """The criterion codes, in configured order."""
        return tuple(c.code for c in self.criteria)

    def criterion(self, code: str) -> Criterion:
        """The criterion with ``code``, or `UnknownName`."""
        for c in self.criteria:
            if c.code == code:
                return c
        raise UnknownName("criterion", code, list(self.codes))

    def target_days(self, certified: bool) -> int:
        """Target processing days: the programme's for certified companies, else the standard's
        upper bound."""
        return self.target_processing_days if certified else self.standard_processing_days[1]


@dataclass(frozen=True)
class Programmes:
    """Every configured programme, by prefecture."""

    by_prefecture: Mapping[str, Programme]

    def get(self, prefecture: str) -> Programme:
        """The programme of ``prefecture``, or `UnknownName` (invalid input)."""
        try:
            return self.by_prefecture[prefecture]
        except KeyError:
            raise UnknownName("prefecture", prefecture, list(self.by_prefecture)) from None

    @property
    def prefectures(self) -> tuple[str, ...]:
        """Configured prefectures, sorted."""
        return tuple(sorted(self.by_prefecture))


def _mapping(doc: object, where: str) -> Mapping[str, Any]:
    if not isinstance(doc, Mapping):
        raise InvalidInput(f"{where}: must be a JSON object", field=where)
    return doc


def _int(doc: Mapping[str, Any], key: str, where: str, default: int) -> int:
    value = doc.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(f"{where}.{key}: must be an integer", field=f"{where}.{key}")
    return value


def _str_list(doc: Mapping[str, Any], key: str, where: str, default: list[str]) -> list[str]:
    value = doc.get(key, default)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"{where}.{key}: must be a list of strings", field=f"{where}.{key}")
    return value


def _criterion(doc: object, where: str) -> Criterion:
    entry = _mapping(doc, where)
    try:
        rule = CriterionRule(str(entry.get("rule")))
    except ValueError:
        raise InvalidInput(f"{where}.rule: must be 'automatic' or 'officer'") from None
    code, text_en, text_ja = entry.get("code"), entry.get("text_en"), entry.get("text_ja", "")
    if not isinstance(code, str) or not isinstance(text_en, str) or not isinstance(text_ja, str):
        raise InvalidInput(f"{where}: code, text_en and text_ja must be strings", field=where)
    return Criterion(code=code, rule=rule, text_en=text_en, text_ja=text_ja)


def _programme(doc: object, where: str) -> Programme:
    entry = _mapping(doc, where)
    prefecture = entry.get("prefecture")
    if not isinstance(prefecture, str):
        raise InvalidInput(f"{where}.prefecture: must be a string", field=f"{where}.prefecture")
    where = prefecture
    criteria = entry.get("criteria")
    if not isinstance(criteria, list):
        raise InvalidInput(f"{where}.criteria: must be a list", field=f"{where}.criteria")
    standard = entry.get("standard_processing_days", [30, 90])
    if (not isinstance(standard, list) or len(standard) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in standard)):
        raise InvalidInput(f"{where}.standard_processing_days: must be [min, max] in days")
    fraction = entry.get("at_risk_fraction", 0.8)
    if not isinstance(fraction, int | float) or isinstance(fraction, bool):
        raise InvalidInput(f"{where}.at_risk_fraction: must be a number")
    sm = _mapping(entry.get("stable_management", {}), f"{where}.stable_management")
    illustrative = entry.get("illustrative", False)
    if not isinstance(illustrative, bool):
        raise InvalidInput(f"{where}.illustrative: must be true or false")
    name_ja = entry.get("name_ja", "")
    if not isinstance(name_ja, str):
        raise InvalidInput(f"{where}.name_ja: must be a string")
    return Programme(
        prefecture=prefecture,
        name_ja=name_ja,
        criteria=tuple(_criterion(c, f"{where}.criteria.{i}") for i, c in enumerate(criteria)),
        eligible_jsic=frozenset(_str_list(entry, "eligible_jsic", where, [])),
        staffing_jsic=frozenset(_str_list(entry, "staffing_jsic", where, ["R91"])),
        target_processing_days=_int(entry, "target_processing_days", where, 30),
        standard_processing_days=(standard[0], standard[1]),
        at_risk_fraction=float(fraction),
        certificate_validity_months=_int(entry, "certificate_validity_months", where, 36),
        stable_management=StableManagementRule(
            profit_window_years=_int(sm, "profit_window_years", where, 2),
            min_profitable_years=_int(sm, "min_profitable_years", where, 1),
            require_positive_net_assets=bool(sm.get("require_positive_net_assets", True)),
        ),
        illustrative=illustrative,
    )


def parse_programmes(doc: object) -> Programmes:
    """Build `Programmes` from the JSON shape of ``residency_programmes.json``."""
    root = _mapping(doc, "residency programmes")
    items = root.get("programmes")
    if not isinstance(items, list) or not items:
        raise InvalidInput("programmes: must be a non-empty list", field="programmes")
    parsed = [_programme(item, f"programmes.{i}") for i, item in enumerate(items)]
    by_prefecture: dict[str, Programme] = {}
    for programme in parsed:
        if programme.prefecture in by_prefecture:
            raise InvalidInput(f"programmes: {programme.prefecture!r} appears twice")
        by_prefecture[programme.prefecture] = programme
    return Programmes(by_prefecture=by_prefecture)


def shipped_programmes_json() -> Any:
    """The shipped configuration document, as parsed JSON (tests extend it)."""
    text = resources.files("kizuna.config").joinpath("residency_programmes.json").read_text(
        "utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def default_programmes() -> Programmes:
    """The shipped programmes (Kumamoto, Miyagi)."""
    return parse_programmes(shipped_programmes_json())
