"""Tests for the published seed: sources on every row, Kumamoto's figures, Miyagi's none."""

from __future__ import annotations

from kizuna.talent.model import RoleFamily
from kizuna.talent.published import published_seed


def test_every_seeded_row_names_its_source_and_what_is_assumed() -> None:
    """No figure reaches the page without a source and a note."""
    for seed in published_seed().values():
        rows = [*seed.demand, *seed.programmes]
        assert all(r.source and r.note for r in rows)
        assert all(c.source for c in seed.context)


def test_kumamoto_figures_match_domain_section_7() -> None:
    """The prefectural faculty: 60 places, first graduates 2031; JASM's 527 a year in total."""
    seed = published_seed()["kumamoto"]
    faculty = next(p.programme for p in seed.programmes if p.programme.id == "kpu-semiconductor")
    assert (faculty.seats, faculty.first_graduates) == (60, 2031)
    hires_2026 = sum(d.plan.hires for d in seed.demand if d.plan.year == 2026)
    assert hires_2026 == 527
    assert {d.plan.role for d in seed.demand} == set(RoleFamily)


def test_miyagi_has_no_figures_and_says_why() -> None:
    """The cancelled plant: no rows, and the status names the cancellation."""
    seed = published_seed()["miyagi"]
    assert (seed.demand, seed.programmes) == ((), ())
    assert "cancelled in September 2024" in seed.status_en
    assert "2024年9月に中止" in seed.status_ja
