"""Stateless checks with the same JSON contracts as the CLI: ``rules classify``,
``risk sora``, ``hydrogen check`` and ``residency check-company``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from kizuna.api.deps import AppState, Principal, State, roles
from kizuna.api.emergency import live_scenario
from kizuna.api.geojson import check_geojson
from kizuna.errors import InvalidInput
from kizuna.hydrogen.caps import default_rules
from kizuna.hydrogen.check import check as check_hydrogen
from kizuna.hydrogen.contract import CheckRequest
from kizuna.hydrogen.contract import verdict_json as hydrogen_json
from kizuna.residency.company import check_company
from kizuna.residency.contract import CheckCompanyRequest
from kizuna.residency.contract import verdict_json as company_json
from kizuna.residency.programme import default_programmes
from kizuna.risk.schema import SoraRequest, SoraResponse
from kizuna.rules.classify import classify as classify_flight
from kizuna.rules.contract import ClassifyRequest
from kizuna.rules.derive import derive_facts
from kizuna.rules.reasons import language
from kizuna.rules.verdict import Verdict
from kizuna.scenario import load as load_scenario
from kizuna.store.accounts import AccountRole as R

__all__ = ["router"]

router = APIRouter()
Flights = Annotated[Principal, Depends(roles(R.OPERATOR, R.REGULATOR, R.ADMIN))]
Hydrogen = Annotated[Principal, Depends(roles(R.OPERATOR, R.REGULATOR, R.COMPANY,
                                              R.PREFECTURE_OFFICER, R.ADMIN))]
Residency = Annotated[Principal, Depends(roles(R.COMPANY, R.PREFECTURE_OFFICER,
                                               R.IMMIGRATION_OFFICER, R.ADMIN))]


def _check_shapes(app: AppState, body: Any) -> None:
    for key in ("route", "area"):
        value = getattr(body, key, None)
        if value is not None:
            check_geojson(value, key, app.limits)


@router.post("/rules/classify", tags=["rules"], response_model=Verdict)
def classify(body: ClassifyRequest, app: State, _caller: Flights,
             lang: Annotated[str, Query(pattern="^(ja|en)$")] = "ja") -> Verdict:
    """Classify one flight (the contract of ``kizuna rules classify``, docs/rules.md)."""
    _check_shapes(app, body)
    if body.facts is not None:
        facts = body.facts
    else:
        if body.scenario is None:
            raise InvalidInput("scenario: required with a route or an area", field="scenario")
        # With the emergency airspace regulators activated (A-EMERGENCY).
        facts = derive_facts(body, live_scenario(app, body.scenario))
    return classify_flight(facts, body.aircraft, body.pilot, body.operator,
                           entry_control=body.entry_control, automatic=body.automatic,
                           special_zone=body.special_zone, lang=language(lang))


@router.post("/risk/sora", tags=["risk"], response_model=SoraResponse)
def sora(body: SoraRequest, app: State, _caller: Flights) -> SoraResponse:
    """SORA 2.5 iGRC, GRC, ARC and SAIL (the contract of ``kizuna risk sora``, docs/risk.md)."""
    _check_shapes(app, body)
    body.check()
    if body.derives_density:
        scenario = load_scenario(str(body.scenario))
        return body.evaluate(scenario.population, scenario.did)
    return body.evaluate()


@router.post("/hydrogen/check", tags=["hydrogen"])
def hydrogen_check(body: CheckRequest, _caller: Hydrogen) -> dict[str, Any]:
    """Is this amount of compressed hydrogen allowed here (``kizuna hydrogen check``)?"""
    return hydrogen_json(check_hydrogen(body.to_site(), default_rules()))


@router.post("/residency/check-company", tags=["residency"])
def residency_check_company(body: CheckCompanyRequest, _caller: Residency) -> dict[str, Any]:
    """Check a company against its prefecture's criteria (``kizuna residency check-company``)."""
    programme = default_programmes().get(body.prefecture.lower())
    return company_json(check_company(body.to_facts(), programme))
