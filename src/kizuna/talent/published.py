"""The published figures the demo seeds (DOMAIN.md section 7), each with its source.

Read from ``kizuna/config/talent_published.json``: per prefecture, a status sentence, context
figures (published, shown beside the model, not fed into it), hiring plans and programmes.
Every seeded row carries its ``source`` and a ``note`` saying what is published and what is
assumed, and the page shows both. Miyagi ships with none of its own: its plant was cancelled
in September 2024, and the status sentence says so.

The same file holds the internship match's demo data, labelled illustrative.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from kizuna.errors import InvalidInput
from kizuna.talent.internship import InternshipPlace, StudentApplication
from kizuna.talent.model import HiringPlan, Programme, ProgrammeKind, RoleFamily, check_year

__all__ = [
    "ContextFigure",
    "DemoInternships",
    "PrefectureSeed",
    "SeedHiringPlan",
    "SeedProgramme",
    "demo_internships",
    "published_seed",
]


@dataclass(frozen=True)
class ContextFigure:
    """A published figure shown for context, with its source."""

    label_ja: str
    label_en: str
    value_ja: str
    value_en: str
    source: str


@dataclass(frozen=True)
class SeedHiringPlan:
    """A hiring plan from published figures."""

    plan: HiringPlan
    source: str
    note: str


@dataclass(frozen=True)
class SeedProgramme:
    """A programme from published figures, with its names."""

    programme: Programme
    name_ja: str
    name_en: str
    source: str
    note: str


@dataclass(frozen=True)
class PrefectureSeed:
    """What one prefecture starts with."""

    prefecture: str
    status_ja: str
    status_en: str
    context: tuple[ContextFigure, ...]
    demand: tuple[SeedHiringPlan, ...]
    programmes: tuple[SeedProgramme, ...]


@dataclass(frozen=True)
class DemoInternships:
    """Illustrative students and places for the internship match."""

    applications: tuple[StudentApplication, ...]
    places: tuple[InternshipPlace, ...]
    min_overlap_days: int


@cache
def _document() -> dict[str, Any]:
    text = resources.files("kizuna.config").joinpath("talent_published.json").read_text(
        encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def _demand(prefecture: str, row: dict[str, Any]) -> list[SeedHiringPlan]:
    first, last = (check_year(y, f"{prefecture}.demand.years") for y in row["years"])
    return [SeedHiringPlan(HiringPlan(row["employer"], year, RoleFamily(row["role"]),
                                      row["hires"]), row["source"], row["note"])
            for year in range(first, last + 1)]


def _programme(prefecture: str, row: dict[str, Any]) -> SeedProgramme:
    programme = Programme(id=row["id"], prefecture=prefecture, kind=ProgrammeKind(row["kind"]),
                          role=RoleFamily(row["role"]), seats=row["seats"],
                          first_graduates=row["first_graduates"],
                          last_graduates=row.get("last_graduates"),
                          semiconductor_share=row["semiconductor_share"],
                          stay_share=row["stay_share"])
    return SeedProgramme(programme, row["name_ja"], row["name_en"], row["source"], row["note"])


def published_seed() -> dict[str, PrefectureSeed]:
    """Every prefecture's published figures, by prefecture key (``kumamoto``, ``miyagi``)."""
    try:
        return {
            key: PrefectureSeed(
                prefecture=key, status_ja=p["status_ja"], status_en=p["status_en"],
                context=tuple(ContextFigure(**c) for c in p["context"]),
                demand=tuple(s for row in p["demand"] for s in _demand(key, row)),
                programmes=tuple(_programme(key, row) for row in p["programmes"]))
            for key, p in _document()["prefectures"].items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"talent_published.json: {exc}") from None


def demo_internships() -> DemoInternships:
    """The illustrative internship applications and places."""
    doc = _document()["internships"]
    return DemoInternships(
        applications=tuple(StudentApplication(
            a["student_id"], RoleFamily(a["role"]), a["town"],
            date.fromisoformat(a["available_from"]), date.fromisoformat(a["available_to"]))
            for a in doc["applications"]),
        places=tuple(InternshipPlace(
            p["place_id"], p["employer"], RoleFamily(p["role"]), p["town"],
            date.fromisoformat(p["start"]), date.fromisoformat(p["end"]), p["slots"])
            for p in doc["places"]),
        min_overlap_days=doc["min_overlap_days"])
