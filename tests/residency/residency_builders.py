"""Builders shared by the residency tests (a uniquely named module, not a conftest)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from kizuna.residency import (
    Applicant,
    CoeCase,
    CompanyFacts,
    Employer,
    FinancialYear,
    Job,
)
from kizuna.residency.programme import shipped_programmes_json

VALID_NUMBER = "7000012050002"


def company_doc(**changes: Any) -> dict[str, Any]:
    """The issue's example input, with ``changes`` applied."""
    doc: dict[str, Any] = {
        "prefecture": "kumamoto", "corporate_number": VALID_NUMBER, "registered": True,
        "listed": False, "office_prefectures": ["kumamoto"], "jsic": "E28",
        "antisocial_ties": False, "tax_arrears": False, "withholding_tax_jpy": 5_000_000,
        "financials": [
            {"year": 2024, "net_sales_jpy": 800_000_000, "operating_profit_jpy": 12_000_000,
             "net_assets_jpy": 150_000_000},
            {"year": 2023, "net_sales_jpy": 700_000_000, "operating_profit_jpy": -3_000_000,
             "net_assets_jpy": 140_000_000},
        ],
    }
    doc.update(changes)
    return doc


def facts(**changes: Any) -> CompanyFacts:
    """Company facts that pass every Kumamoto criterion, with ``changes`` applied."""
    base: dict[str, Any] = {
        "corporate_number": VALID_NUMBER, "registered": True, "listed": False,
        "office_prefectures": ("kumamoto",), "jsic": "E28", "antisocial_ties": False,
        "tax_arrears": False, "withholding_tax_jpy": 5_000_000,
        "financials": (FinancialYear(2024, 800_000_000, 12_000_000, 150_000_000),
                       FinancialYear(2023, 700_000_000, -3_000_000, 140_000_000)),
    }
    base.update(changes)
    return CompanyFacts(**base)


def applicant(**changes: Any) -> Applicant:
    """A made-up applicant."""
    base: dict[str, Any] = {
        "nationality": "VNM", "name": "Nguyen Thi Lan", "date_of_birth": date(1996, 4, 12),
        "sex": "F", "passport_number": "C1234567", "passport_expiry": date(2031, 4, 1),
        "purpose": "engineer", "planned_entry_date": date(2025, 6, 1),
        "planned_entry_port": "Fukuoka", "education": "master",
        "major": "electrical engineering",
    }
    base.update(changes)
    return Applicant(**base)


def draft_case(case_id: str = "c1", prefecture: str = "kumamoto",
               corporate_number: str = VALID_NUMBER, **changes: Any) -> CoeCase:
    """A draft CoE case."""
    return CoeCase(
        case_id=case_id, prefecture=prefecture,
        employer=Employer(corporate_number, 10_000_000, 800_000_000, 120, 3),
        job=Job("process engineer", "etch process", 350_000, None),
        applicant=applicant(), **changes,
    )


FUKUOKA: dict[str, Any] = {
    "prefecture": "fukuoka",
    "name_ja": "福岡県",
    "criteria": [
        {"code": "CORPORATE_NUMBER_VALID", "rule": "automatic", "text_en": "valid number"},
        {"code": "NOT_LISTED", "rule": "automatic", "text_en": "not listed"},
        {"code": "INDUSTRY", "rule": "automatic", "text_en": "eligible industry"},
        {"code": "OFFICE_IN_PREFECTURE", "rule": "automatic", "text_en": "office in Fukuoka"},
        {"code": "HIRING_PLAN_SOUND", "rule": "officer", "text_en": "sound hiring plan"},
    ],
    "eligible_jsic": ["E28", "E30", "G37", "G39", "G40"],
    "target_processing_days": 20,
    "certificate_validity_months": 12,
}


def with_programmes(*programmes: dict[str, Any]) -> dict[str, Any]:
    """The shipped configuration document plus ``programmes``."""
    doc: dict[str, Any] = copy.deepcopy(shipped_programmes_json())
    doc["programmes"].extend(copy.deepcopy(list(programmes)))
    return doc
