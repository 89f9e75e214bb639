"""Dashboards over CoE cases, as pure functions, and a seeded year of generated cases.

`open_cases` lists the open cases with their counted days and clock status; `median_processing`
gives the median processing days (counted days from filing to decision, pauses excluded) for
certified and uncertified companies per prefecture and per month of decision.
`generate_cases` builds a synthetic, clearly labelled year of cases for demos and the chart.
"""

from __future__ import annotations

import random
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from kizuna.residency.certification import Certificate
from kizuna.residency.coe import (
    ApplicantStats,
    CoeCase,
    Document,
    Employer,
    ImmigrationDecision,
    Job,
)
from kizuna.residency.corporate_number import check_digit
from kizuna.residency.deadline import ClockStatus
from kizuna.residency.programme import Programme

__all__ = ["MedianRow", "OpenCaseRow", "generate_cases", "median_processing", "open_cases"]


@dataclass(frozen=True)
class OpenCaseRow:
    """One open case on a given day."""

    case_id: str
    prefecture: str
    certified_company: bool
    days_elapsed: int
    target_days: int
    status: ClockStatus
    paused: bool


@dataclass(frozen=True)
class MedianRow:
    """Median processing days of the cases decided in one month."""

    prefecture: str
    month: str  # YYYY-MM of the decision
    certified_company: bool
    median_days: float
    cases: int


def open_cases(cases: Iterable[CoeCase], on: date) -> list[OpenCaseRow]:
    """Open cases filed by ``on``, most urgent first (breached, at risk, then by days)."""
    rows = []
    for case in cases:
        if not case.is_open or case.clock is None or case.clock.filed_on > on:
            continue
        clock = case.clock
        rows.append(OpenCaseRow(case.case_id, case.prefecture, case.certified_company,
                                clock.days_elapsed(on), clock.target_days, clock.status(on),
                                clock.paused))
    order = {ClockStatus.BREACHED: 0, ClockStatus.AT_RISK: 1, ClockStatus.ON_TRACK: 2}
    return sorted(rows, key=lambda r: (order[r.status], -r.days_elapsed, r.case_id))


def median_processing(cases: Iterable[CoeCase]) -> list[MedianRow]:
    """Median processing days per prefecture, month of decision and certification."""
    groups: dict[tuple[str, str, bool], list[int]] = defaultdict(list)
    for case in cases:
        days = case.processing_days()
        if days is None or case.decision is None:
            continue
        month = case.decision.decided_on.strftime("%Y-%m")
        groups[(case.prefecture, month, case.certified_company)].append(days)
    return [MedianRow(p, m, c, float(statistics.median(v)), len(v))
            for (p, m, c), v in sorted(groups.items())]


def _corporate_number(rng: random.Random) -> str:
    base = f"{rng.randrange(10**12):012d}"
    return f"{check_digit(base)}{base}"


def generate_cases(programmes: Iterable[Programme], year: int, seed: int,
                   cases_per_month: int = 12) -> list[CoeCase]:
    """A synthetic year of CoE cases (SYNTHETIC: not real data; applicants carry only stats).

    About half the employers are certified. Certified cases are decided in roughly 5-35 counted
    days, uncertified ones in roughly 20-90; one case in four waits for documents on the way.
    Cases still open on 31 Dec stay open.
    """
    rng = random.Random(seed)
    end_of_year = date(year, 12, 31)
    cases: list[CoeCase] = []
    for programme in programmes:
        for month in range(1, 13):
            for i in range(cases_per_month):
                filed = date(year, month, 1) + timedelta(days=rng.randrange(28))
                certified = rng.random() < 0.5
                certificate = (Certificate(f"{programme.prefecture[:2].upper()}-{i:04d}",
                                           filed - timedelta(days=60),
                                           filed + timedelta(days=700))
                               if certified else None)
                case = CoeCase(
                    case_id=f"{programme.prefecture}-{year}{month:02d}-{i:03d}",
                    prefecture=programme.prefecture,
                    employer=Employer(_corporate_number(rng), 10_000_000,
                                      rng.randrange(50, 2000) * 1_000_000,
                                      rng.randrange(5, 300), 0),
                    job=Job("engineer", "semiconductor process engineering",
                            rng.randrange(250, 600) * 1000, None),
                    applicant=None,
                    applicant_stats=ApplicantStats(rng.choice(["VNM", "IND", "TWN", "IDN"]),
                                                   rng.choice(["F", "M"]), "20-29", "master"),
                    certificate=certificate,
                ).file(filed, programme).start_review(filed)
                days = (round(rng.triangular(5, 35, 18)) if certified
                        else round(rng.triangular(20, 90, 40)))
                day = filed
                if rng.random() < 0.25:
                    asked = filed + timedelta(days=rng.randrange(1, max(2, days)))
                    back = asked + timedelta(days=rng.randrange(3, 15))
                    if back > end_of_year:
                        cases.append(case.request_documents(asked, ("tax certificate",))
                                     if asked <= end_of_year else case)
                        continue
                    paper = Document.from_bytes("tax_certificate", "tax.pdf",
                                                f"{case.case_id}".encode())
                    case = case.request_documents(asked, ("tax certificate",))
                    case = case.receive_documents(back, (paper,))
                    day = back - timedelta(days=(asked - filed).days)
                decided = day + timedelta(days=days)
                if decided > end_of_year:
                    cases.append(case)
                    continue
                cases.append(case.decide(ImmigrationDecision(
                    "immigration-officer", decided, rng.random() < 0.95, "synthetic")))
    return cases

