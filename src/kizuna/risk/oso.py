"""Operational safety objectives required at a SAIL (SORA 2.5 Step 9, Table 14)."""

from __future__ import annotations

from dataclasses import dataclass

from kizuna.risk.reasons import Reason
from kizuna.risk.sail import Sail
from kizuna.risk.tables import OsoRobustness, SoraTables, default_tables

__all__ = ["OsoRequirement", "OsoRequirements", "required_osos"]


@dataclass(frozen=True, slots=True)
class OsoRequirement:
    """One OSO and the robustness it needs at the operation's SAIL (``NR``: not required)."""

    id: str
    title: str
    title_ja: str
    robustness: OsoRobustness


@dataclass(frozen=True, slots=True)
class OsoRequirements:
    """Every OSO at a SAIL, sorted by number; empty for the certified category."""

    items: tuple[OsoRequirement, ...]
    reason: Reason

    @property
    def required_count(self) -> int:
        """How many OSOs need at least low robustness."""
        return sum(1 for o in self.items if o.robustness != "NR")


def required_osos(sail: Sail, tables: SoraTables | None = None) -> OsoRequirements:
    """The 17 OSOs with their robustness at ``sail``; none when ``sail`` is ``certified``."""
    table = (tables or default_tables()).osos
    if sail is Sail.CERTIFIED:
        reason = Reason(
            "OSO_CERTIFIED",
            "no OSO list: the operation is in the certified category, outside SORA",
            "OSO の一覧なし: 認証カテゴリーの運航であり SORA の対象外",
            table.table)
        return OsoRequirements((), reason)
    items = tuple(OsoRequirement(o.id, o.title, o.title_ja, o.at(sail)) for o in table.items)
    counts = {level: sum(1 for o in items if o.robustness == level) for level in "LMH"}
    required = len(items) - sum(1 for o in items if o.robustness == "NR")
    reason = Reason(
        "OSO",
        f"SAIL {sail}: {required} of {len(items)} OSOs required (high {counts['H']}, medium "
        f"{counts['M']}, low {counts['L']}); {table.verified}",
        f"SAIL {sail}: {len(items)} 項目中 {required} 項目の OSO が必要 (高 {counts['H']}、"
        f"中 {counts['M']}、低 {counts['L']})",
        table.table)
    return OsoRequirements(items, reason)
