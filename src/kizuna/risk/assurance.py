"""Integrity and assurance: the evidence behind each claimed mitigation and each OSO.

SORA takes a mitigation at the level the operator claims; a reviewer asks what shows it. Each
ground mitigation (M1A, M1B, M1C, M2) and each OSO can carry :class:`Evidence` - a document
reference, the manual section, a certificate number. :func:`assurance_items` lists them with a
status:

- ``evidenced``: claimed (or required) and backed by evidence;
- ``claimed_no_evidence``: a mitigation claimed at a level with nothing behind it;
- ``missing_evidence``: an OSO the SAIL requires (robustness L, M or H) with nothing behind it;
- ``not_claimed`` / ``not_required``: a mitigation not claimed, an OSO at ``NR``.

The SAIL does not change with the evidence: the chain is computed from the claims, and the
evidence is what the reviewer checks the claims against (the completeness check counts the
gaps).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from kizuna.errors import InvalidInput
from kizuna.risk.mitigations import GroundMitigations
from kizuna.risk.oso import OsoRequirements

__all__ = ["AssuranceItem", "AssuranceStatus", "Evidence", "assurance_items", "gaps"]

AssuranceStatus = Literal["evidenced", "claimed_no_evidence", "missing_evidence",
                          "not_claimed", "not_required"]

#: Longest text of one evidence field (a reference, not a document).
MAX_EVIDENCE_CHARS = 500


@dataclass(frozen=True, slots=True)
class Evidence:
    """What backs a claim: at least one of a document, a manual section, a certificate."""

    document: str = ""
    section: str = ""
    certificate: str = ""

    def __post_init__(self) -> None:
        for name in ("document", "section", "certificate"):
            value = getattr(self, name)
            if not isinstance(value, str) or len(value) > MAX_EVIDENCE_CHARS:
                raise InvalidInput(f"evidence.{name}: a text of at most {MAX_EVIDENCE_CHARS} "
                                   "characters", field=f"evidence.{name}")
        if not (self.document.strip() or self.section.strip() or self.certificate.strip()):
            raise InvalidInput("evidence: give a document, a manual section or a certificate "
                               "number", field="evidence")


@dataclass(frozen=True, slots=True)
class AssuranceItem:
    """One line of the compliance matrix."""

    id: str
    kind: Literal["mitigation", "oso"]
    title: str
    title_ja: str
    level: str | None
    evidence: Evidence | None
    status: AssuranceStatus

    @property
    def gap(self) -> bool:
        """Whether evidence is still owed."""
        return self.status in ("claimed_no_evidence", "missing_evidence")


_MITIGATIONS = {
    "M1A": ("M1(A) sheltering", "M1(A) 遮蔽"),
    "M1B": ("M1(B) operational restrictions", "M1(B) 運用上の制限"),
    "M1C": ("M1(C) ground observation", "M1(C) 地上監視"),
    "M2": ("M2 impact dynamics reduced", "M2 衝突エネルギーの低減"),
}


def assurance_items(mitigations: GroundMitigations, osos: OsoRequirements,
                    evidence: Mapping[str, Evidence]) -> tuple[AssuranceItem, ...]:
    """The mitigations (M1A, M1B, M1C, M2), then the OSOs, each with its evidence and status.

    Raises
    ------
    InvalidInput
        When ``evidence`` names an item that is neither a mitigation nor an OSO of the list.
    """
    known = set(_MITIGATIONS) | {o.id for o in osos.items}
    for key in evidence:
        if key not in known:
            raise InvalidInput(f"evidence.{key}: not a mitigation or an OSO of this operation",
                               field=f"evidence.{key}")
    items: list[AssuranceItem] = []
    for mitigation, level in mitigations.items():
        key = str(mitigation)
        title, title_ja = _MITIGATIONS[key]
        proof = evidence.get(key)
        status: AssuranceStatus = ("not_claimed" if level is None
                                   else "evidenced" if proof else "claimed_no_evidence")
        items.append(AssuranceItem(key, "mitigation", title, title_ja,
                                   None if level is None else level.value, proof, status))
    for oso in osos.items:
        proof = evidence.get(oso.id)
        status = ("not_required" if oso.robustness == "NR"
                  else "evidenced" if proof else "missing_evidence")
        items.append(AssuranceItem(oso.id, "oso", oso.title, oso.title_ja, oso.robustness,
                                   proof, status))
    return tuple(items)


def gaps(items: tuple[AssuranceItem, ...]) -> tuple[AssuranceItem, ...]:
    """The items that still owe evidence."""
    return tuple(i for i in items if i.gap)
