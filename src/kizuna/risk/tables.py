"""The SORA 2.5 tables past the SAIL, read from configuration (``config/sora_tables.json``).

Each table carries its source and how far it was checked, because some cells rest on
transcriptions (DOMAIN.md section 3): the OSO robustness per SAIL (Table 14), the tactical
mitigation performance requirement by residual ARC (Table 6) and the containment requirements
by aircraft class (Tables 8-12). The values are frozen and validated on construction, so a
broken configuration fails at load with the field at fault, never in the middle of a dossier.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from kizuna.errors import InvalidInput
from kizuna.risk.sail import Sail

__all__ = [
    "CONTAINMENT_LEVELS",
    "OSO_ROBUSTNESS",
    "SAILS",
    "TMPR_LEVELS",
    "ContainmentColumn",
    "ContainmentRules",
    "ContainmentTable",
    "OsoSpec",
    "OsoTable",
    "SoraTables",
    "TmprTable",
    "default_tables",
    "parse_tables",
]

OsoRobustness = Literal["NR", "L", "M", "H"]
TmprLevel = Literal["none", "low", "medium", "high"]
ContainmentLevel = Literal["low", "medium", "high", "out_of_scope"]

OSO_ROBUSTNESS: tuple[str, ...] = ("NR", "L", "M", "H")
TMPR_LEVELS: tuple[str, ...] = ("none", "low", "medium", "high")
CONTAINMENT_LEVELS: tuple[str, ...] = ("low", "medium", "high", "out_of_scope")
SAILS: tuple[Sail, ...] = (Sail.I, Sail.II, Sail.III, Sail.IV, Sail.V, Sail.VI)


def _need(cond: bool, message: str, where: str) -> None:
    if not cond:
        raise InvalidInput(f"sora_tables.{where}: {message}", field=f"sora_tables.{where}")


@dataclass(frozen=True, slots=True)
class OsoSpec:
    """One operational safety objective and its required robustness per SAIL I-VI."""

    id: str
    title: str
    title_ja: str
    robustness: tuple[OsoRobustness, ...]

    def __post_init__(self) -> None:
        _need(len(self.id) == 5 and self.id.startswith("OSO") and self.id[3:].isdigit(),
              f"id {self.id!r} is not OSOnn", "osos.items")
        _need(bool(self.title and self.title_ja), f"{self.id}: title and title_ja needed",
              "osos.items")
        _need(len(self.robustness) == len(SAILS)
              and all(r in OSO_ROBUSTNESS for r in self.robustness),
              f"{self.id}: robustness must be NR/L/M/H for each of SAIL I-VI", "osos.items")

    @property
    def number(self) -> int:
        """The OSO's number (``OSO08`` is 8)."""
        return int(self.id[3:])

    def at(self, sail: Sail) -> OsoRobustness:
        """The required robustness at ``sail`` (I-VI)."""
        return self.robustness[SAILS.index(sail)]


@dataclass(frozen=True, slots=True)
class OsoTable:
    """Table 14: every OSO, sorted by number, with where the table comes from."""

    items: tuple[OsoSpec, ...]
    table: str
    source: str
    verified: str

    def __post_init__(self) -> None:
        ids = [o.id for o in self.items]
        _need(len(ids) == len(set(ids)), "duplicate OSO ids", "osos.items")
        _need(ids == sorted(ids, key=lambda i: int(i[3:])), "OSOs must be sorted by number",
              "osos.items")


@dataclass(frozen=True, slots=True)
class TmprTable:
    """Table 6: the TMPR and its robustness by residual ARC (BVLOS); VLOS needs none."""

    requirement: dict[str, TmprLevel]
    robustness: dict[str, TmprLevel]
    vlos: TmprLevel
    table: str
    source: str

    def __post_init__(self) -> None:
        for what, mapping in (("by_residual_arc", self.requirement),
                              ("robustness_by_residual_arc", self.robustness)):
            _need(sorted(mapping) == ["a", "b", "c", "d"]
                  and all(v in TMPR_LEVELS for v in mapping.values()),
                  "one of none/low/medium/high for each ARC a-d", f"tmpr.{what}")
        _need(self.vlos in TMPR_LEVELS, "one of none/low/medium/high", "tmpr.vlos")


@dataclass(frozen=True, slots=True)
class ContainmentColumn:
    """A column of a containment table: the limits an adjacent area must stay under.

    ``None`` is no limit. Limits are exclusive (a density of exactly 50,000/km² is not under
    ``< 50,000``), the same convention as the iGRC rows.
    """

    label: str
    max_density: float | None
    max_assemblies: int | None

    def admits(self, density: float | None, assemblies: int) -> bool:
        """Whether an adjacent area of ``density`` (None: unknown) and ``assemblies`` people
        within 1 km stays under this column's limits; an unknown density meets no limit."""
        if self.max_density is not None and (density is None or density >= self.max_density):
            return False
        return self.max_assemblies is None or assemblies < self.max_assemblies


@dataclass(frozen=True, slots=True)
class ContainmentTable:
    """One of Tables 8-12: for an aircraft class, the required containment per SAIL and column.

    Columns go from the most permissive (no limits) to the most restrictive; the requirement is
    the one of the most restrictive column the adjacent area stays under.
    """

    table: str
    max_dimension_m: float
    max_speed_mps: float
    verified: bool
    source: str
    columns: tuple[ContainmentColumn, ...]
    rows: dict[Sail, tuple[ContainmentLevel, ...]]

    def __post_init__(self) -> None:
        where = f"containment.tables[{self.table}]"
        _need(self.max_dimension_m > 0 and self.max_speed_mps > 0, "class bounds must be > 0",
              where)
        _need(bool(self.columns) and self.columns[0].max_density is None
              and self.columns[0].max_assemblies is None,
              "the first column must have no limits (every area meets it)", where)
        _need(sorted(self.rows, key=SAILS.index) == list(SAILS), "a row for each SAIL I-VI",
              where)
        for sail, row in self.rows.items():
            _need(len(row) == len(self.columns) and all(c in CONTAINMENT_LEVELS for c in row),
                  f"SAIL {sail}: one of low/medium/high/out_of_scope per column", where)


@dataclass(frozen=True, slots=True)
class ContainmentRules:
    """Step 8: the adjacent area's extent, the assemblies radius and the class tables."""

    adjacent_time_s: float
    adjacent_min_m: float
    adjacent_max_m: float
    assemblies_radius_m: float
    small_aircraft_max_mass_kg: float
    source: str
    tables: tuple[ContainmentTable, ...]

    def __post_init__(self) -> None:
        for name in ("adjacent_time_s", "adjacent_min_m", "adjacent_max_m",
                     "assemblies_radius_m", "small_aircraft_max_mass_kg"):
            value = getattr(self, name)
            _need(math.isfinite(value) and value > 0, "must be a positive number",
                  f"containment.{name}")
        _need(self.adjacent_min_m <= self.adjacent_max_m, "adjacent_min_m above adjacent_max_m",
              "containment")
        bounds = [(t.max_dimension_m, t.max_speed_mps) for t in self.tables]
        _need(bounds == sorted(bounds), "tables must go from the smallest class up",
              "containment.tables")


@dataclass(frozen=True, slots=True)
class SoraTables:
    """Every configured table past the SAIL."""

    osos: OsoTable
    tmpr: TmprTable
    containment: ContainmentRules


def _number(value: Any, where: str) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    _need(ok, f"must be a number, got {value!r}", where)
    return float(value)


def parse_tables(doc: dict[str, Any]) -> SoraTables:
    """The typed tables of a configuration document (raises InvalidInput naming the field)."""
    try:
        o, t, c = doc["osos"], doc["tmpr"], doc["containment"]
        osos = OsoTable(
            tuple(OsoSpec(i["id"], i["title"], i["title_ja"],
                          tuple(i["robustness"][str(s)] for s in SAILS)) for i in o["items"]),
            o["table"], o["source"], o["verified"])
        tmpr = TmprTable(dict(t["by_residual_arc"]), dict(t["robustness_by_residual_arc"]),
                         t["vlos"], t["table"], t["source"])
        tables = []
        for x in c["tables"]:
            columns = tuple(ContainmentColumn(
                col["label"],
                None if col["max_density"] is None else _number(col["max_density"], "density"),
                None if col["max_assemblies"] is None else int(col["max_assemblies"]))
                for col in x["columns"])
            tables.append(ContainmentTable(
                x["table"], _number(x["max_dimension_m"], "max_dimension_m"),
                _number(x["max_speed_mps"], "max_speed_mps"), bool(x["verified"]), x["source"],
                columns, {Sail(k): tuple(v) for k, v in x["rows"].items()}))
        containment = ContainmentRules(
            _number(c["adjacent_time_s"], "containment.adjacent_time_s"),
            _number(c["adjacent_min_m"], "containment.adjacent_min_m"),
            _number(c["adjacent_max_m"], "containment.adjacent_max_m"),
            _number(c["assemblies_radius_m"], "containment.assemblies_radius_m"),
            _number(c["small_aircraft_max_mass_kg"], "containment.small_aircraft_max_mass_kg"),
            c["source"], tuple(tables))
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, InvalidInput):
            raise
        raise InvalidInput(f"sora_tables: malformed ({exc!r})", field="sora_tables") from None
    return SoraTables(osos, tmpr, containment)


@cache
def default_tables() -> SoraTables:
    """The shipped tables (``kizuna/config/sora_tables.json``)."""
    text = resources.files("kizuna.config").joinpath("sora_tables.json").read_text("utf-8")
    return parse_tables(json.loads(text))
