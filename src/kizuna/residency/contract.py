"""The JSON contract of ``kizuna residency check-company`` (documented in ``docs/residency.md``).

Input::

    {"prefecture": "kumamoto", "corporate_number": "7000012050002", "registered": true,
     "listed": false, "office_prefectures": ["kumamoto"], "jsic": "E28",
     "antisocial_ties": false, "tax_arrears": false, "withholding_tax_jpy": 5000000,
     "financials": [{"year": 2024, "net_sales_jpy": 800000000,
                     "operating_profit_jpy": 12000000, "net_assets_jpy": 150000000}]}

Output::

    {"eligible": true, "immigration_category": 3, "failed": [], "needs_review": [],
     "checks": [{"code": "NOT_LISTED", "result": "pass", "text": "..."}]}
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from kizuna.residency.company import CompanyFacts, CompanyVerdict, FinancialYear

__all__ = ["CheckCompanyRequest", "FinancialYearIn", "verdict_json"]

_STRICT = ConfigDict(frozen=True, extra="forbid", strict=True)


class FinancialYearIn(BaseModel):
    """One fiscal year's figures, in yen."""

    model_config = _STRICT

    year: StrictInt
    net_sales_jpy: StrictInt
    operating_profit_jpy: StrictInt
    net_assets_jpy: StrictInt


class CheckCompanyRequest(BaseModel):
    """One company to check against one prefecture's programme.

    Every key is required; ``withholding_tax_jpy`` may be null (no record yet).
    ``client_jsic`` and ``client_site_prefectures`` are optional, for staffing firms.
    """

    model_config = _STRICT

    prefecture: StrictStr
    corporate_number: Annotated[StrictStr, Field(pattern=r"^[0-9]{13}$")]
    registered: StrictBool
    listed: StrictBool
    office_prefectures: list[StrictStr]
    jsic: StrictStr
    antisocial_ties: StrictBool
    tax_arrears: StrictBool
    withholding_tax_jpy: StrictInt | None
    financials: list[FinancialYearIn]
    client_jsic: StrictStr | None = None
    client_site_prefectures: list[StrictStr] = Field(default_factory=list)

    def to_facts(self) -> CompanyFacts:
        """The domain `CompanyFacts` (raises `InvalidInput` on values a type cannot catch)."""
        return CompanyFacts(
            corporate_number=self.corporate_number,
            registered=self.registered,
            listed=self.listed,
            office_prefectures=tuple(p.lower() for p in self.office_prefectures),
            jsic=self.jsic,
            antisocial_ties=self.antisocial_ties,
            tax_arrears=self.tax_arrears,
            withholding_tax_jpy=self.withholding_tax_jpy,
            financials=tuple(FinancialYear(**f.model_dump()) for f in self.financials),
            client_jsic=self.client_jsic,
            client_site_prefectures=tuple(p.lower() for p in self.client_site_prefectures),
        )


def verdict_json(verdict: CompanyVerdict) -> dict[str, Any]:
    """The verdict in the CLI's output shape."""
    return {
        "eligible": verdict.eligible,
        "immigration_category": int(verdict.immigration_category),
        "failed": list(verdict.failed),
        "needs_review": list(verdict.needs_review),
        "checks": [
            {"code": c.code, "result": c.result.value, "text": c.text} for c in verdict.checks
        ],
    }
