"""`kizuna demo`: a seeded service with the three web pages, on 127.0.0.1.

Seeds (into a fresh demo database: the previous demo data is dropped first) the organisations,
accounts, fleets and bases of the bundled scenarios, the approved Aokata area permit (and the
Kashima application waiting for review), residents' registered drop spots, and a few hours of
simulated traffic from :mod:`kizuna.sim` (orders and flights, flagged synthetic). For the
residency fast track: a Kumamoto and a Miyagi company (Miyagi's application waits for review),
an officer per prefecture, an immigration officer, and a SYNTHETIC year of CoE cases up to the
demo day (synthetic employers and applicants) for the case list and the dashboard, and one
case of the Kumamoto company waiting for the documents immigration asked for; personal
data is sealed with ``KIZUNA_DATA_KEY`` (a fresh key when unset, reported in the seed). For
semiconductor talent: Kumamoto's published figures with their sources (Miyagi none: its plant
was cancelled), the Kumamoto company's own hiring plan, an illustrative planned foreign figure,
one scenario, and the industrial-hub zone office that reads both prefectures. The service
then runs on a simulated clock starting at the end of that traffic, on a day inside the
permit's validity, so every flight is judged against real dates and daily windows.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from kizuna.errors import InvalidInput

__all__ = ["ACCOUNTS", "DEMO_PASSWORD", "DemoSeed", "app", "built_operator", "seed"]

app = typer.Typer(help="Run the demo service with its web pages.", invoke_without_command=True)

DEMO_PASSWORD = "kizuna-demo"
#: username -> (role, organisation, what they see)
ACCOUNTS: dict[str, tuple[str, str | None, str]] = {
    "resident": ("resident", None, "/resident  (Aokata resident, two drop spots)"),
    "operator": ("operator", "op-goto", "/console  (Kizuna Goto Drone Logistics)"),
    "operator_soma": ("operator", "op-soma", "/console  (Minamisoma operator)"),
    "regulator": ("regulator", "zone-office", "/regulator (new-technology zone office)"),
    "regulator_nagasaki": ("regulator", "reg-nagasaki", "/regulator (Nagasaki prefecture)"),
    "company_kumamoto": ("company", "co-kumamoto", "/residency/company  (Kumamoto company)"),
    "company_miyagi": ("company", "co-miyagi", "/residency/company  (Miyagi company)"),
    "officer_kumamoto": ("prefecture_officer", None,
                         "/residency/review  (Kumamoto prefecture officer)"),
    "officer_miyagi": ("prefecture_officer", None,
                       "/residency/review  (Miyagi prefecture officer)"),
    "immigration": ("immigration_officer", None, "/residency/cases  (immigration officer)"),
    "zone_industrial": ("regulator", "zone-industrial",
                        "/talent  (industrial-hub zone office: Kumamoto and Miyagi)"),
    "admin": ("admin", None, "API administrator"),
}
_CORP_KUMAMOTO = "7000012050002"
#: residency accounts: username -> (prefecture, corporate number)
_RESIDENCY_USERS: dict[str, tuple[str | None, str | None]] = {
    "company_kumamoto": (None, _CORP_KUMAMOTO), "company_miyagi": (None, "8000012050001"),
    "officer_kumamoto": ("kumamoto", None), "officer_miyagi": ("miyagi", None)}
_COMPANIES = [("co-kumamoto", "熊本セミコンテック株式会社 (Kumamoto Semicon Tech)", "company",
               "kumamoto", None),
              ("co-miyagi", "みやぎデバイス工業株式会社 (Miyagi Device Works)", "company",
               "miyagi", None),
              ("syn-kumamoto", "SYNTHETIC employers (Kumamoto)", "company", "kumamoto", None),
              ("syn-miyagi", "SYNTHETIC employers (Miyagi)", "company", "miyagi", None)]
#: corporate numbers of the synthetic employers (valid check digits)
_SYNTHETIC_CORP = {"kumamoto": "5000012050004", "miyagi": "6000012050003"}
_ORGS = [("op-goto", "Kizuna Goto Drone Logistics", "operator", "nagasaki", "goto"),
         ("op-soma", "Minamisoma Sky Delivery", "operator", "fukushima", "minamisoma"),
         ("reg-nagasaki", "Nagasaki Prefecture", "prefecture", "nagasaki", None),
         ("reg-fukushima", "Fukushima Prefecture", "prefecture", "fukushima", None),
         ("zone-office", "Kizuna New-Technology Zone Office", "prefecture",
          "zone-new-technology", None),
         ("zone-industrial", "Kizuna Industrial-Hub Zone Office", "prefecture",
          "zone-industrial-hub", None)]
#: The demo day: inside the Aokata and Kashima permits, a weekday.
DEMO_DAY = date(2025, 12, 1)


@dataclass(frozen=True)
class DemoSeed:
    """What was seeded."""

    clock_start: datetime
    orders: int
    flights: int
    drop_spots: int
    residency_cases: int = 0
    data_key: str = ""


def _examples(name: str) -> dict[str, object]:
    """A packaged example document (a missing one raises ``InvalidFile``)."""
    from kizuna.examples import permit_example

    data = permit_example(name)
    if not isinstance(data, dict):
        raise InvalidInput(f"demo: kizuna/examples/permits/{name} is not a JSON object")
    return data


def seed(url: str, *, traffic_hours: float = 3.0, aircraft: int = 4,
         settlements: dict[str, tuple[str, ...] | None] | None = None,
         scenarios: tuple[str, ...] = ("goto", "minamisoma"), fast_hashing: bool = False,
         clock_start: datetime | None = None, data_key: str | None = None,
         built: Mapping[str, str] | None = None) -> DemoSeed:
    """Reset the database at ``url`` and seed the demo (see the module docstring).

    ``built`` maps built scenarios (``kizuna scenario build``) to the prefecture they lie in:
    each gets an operator ``op-<name>`` working in it, with its fleet and bases, and a user
    ``operator_<name>`` (see :func:`built_operator`).
    """
    from argon2 import PasswordHasher
    from sqlalchemy import inspect

    from kizuna.dispatch import InsertionDispatcher
    from kizuna.permits import Application, approve, new_record, submit
    from kizuna.permits.permit import parse_permit
    from kizuna.sim.config import SimConfig
    from kizuna.sim.engine import run_day
    from kizuna.sim.world import build_world
    from kizuna.store import (
        FleetRepository,
        Organisation,
        OrganisationRepository,
        downgrade,
        migrate,
        session_factory,
    )
    from kizuna.store.accounts import AccountRole, AccountsRepository
    from kizuna.store.engine import engine as make_engine
    from kizuna.store.orders import DeliveryFlightRow, DropSpotRow, OrderStore
    from kizuna.store.permit_records import PermitStore

    start = clock_start or datetime.combine(DEMO_DAY, time(10, 30), _tokyo())
    eng = make_engine(url)
    try:
        if "alembic_version" in inspect(eng).get_table_names():
            downgrade(eng)  # a fresh demo every time
        migrate(eng)
        sessions = session_factory(eng)
        hasher = (PasswordHasher(time_cost=1, memory_cost=64, parallelism=1) if fast_hashing
                  else PasswordHasher())
        accounts = AccountsRepository(sessions, hasher, now=lambda: start)
        with sessions.begin() as s:
            repo = OrganisationRepository(s)
            for org_id, name, kind, _p, sc_name in [*_ORGS, *_COMPANIES]:
                repo.add(Organisation(org_id, name, kind, sc_name))
        for org_id, _n, _k, prefecture, _sc in [*_ORGS, *_COMPANIES]:
            accounts.set_prefecture(org_id, prefecture)
        users = {}
        for username, (role, org, _what) in ACCOUNTS.items():
            officer_of, corp = _RESIDENCY_USERS.get(username, (None, None))
            users[username] = accounts.add_user(username, DEMO_PASSWORD, AccountRole(role),
                                                organisation_id=org, prefecture=officer_of,
                                                corporate_number=corp)
        for sc_name, prefecture in (built or {}).items():
            _seed_built_operator(sessions, accounts, sc_name, prefecture)
        key: str = data_key or os.environ.get("KIZUNA_DATA_KEY") or _new_key()
        n_cases = _seed_residency(sessions, key, start)
        _seed_talent(sessions, start)
        permits = PermitStore(sessions, now=lambda: start)
        aokata = parse_permit(_examples("aokata-permit.json"))
        record = approve(submit(new_record(aokata.application)), aokata.number,
                         aokata.approved_on or start.date(), aokata.conditions, aokata.notes)
        permits.add("op-goto", "nagasaki", record)
        kashima = Application.model_validate(_examples("kashima-application.json"))
        permits.add("op-soma", "fukushima", submit(new_record(kashima)))

        orders = OrderStore(sessions, now=lambda: start)
        n_orders = n_flights = n_spots = 0
        chosen = settlements or {}
        for org_id, _n, _k, prefecture, scenario_name in _ORGS:
            if scenario_name is None or scenario_name not in scenarios:
                continue
            t0 = start - timedelta(hours=traffic_hours)
            world = build_world(scenario_name, aircraft, seed=0, hours_start=t0.time(),
                                day=t0.date(), settlements=chosen.get(scenario_name))
            if scenario_name != "goto":  # the simulator names its extra airframes JUSIM...
                world = _rename_fleet(world, "JUSIM", "JUSMN")
            sc = world.scenario
            with sessions.begin() as s:
                fleet = FleetRepository(s, org_id)
                for prof in {a.profile.id: a.profile for a in world.aircraft}.values():
                    fleet.save_profile(prof)
                for n, a in enumerate(world.aircraft):
                    fleet.save_aircraft(_with_header(a, n, start.date()))
                for n, p in enumerate(world.pilots):
                    fleet.save_pilot(_with_licence_number(p, org_id, n))
                for b in sc.bases:
                    fleet.save_base(b)
            for i, a in enumerate(world.aircraft):
                orders.set_status(a.registration, org_id, world.home[a.registration],
                                  (1.0, 0.82, 0.64, 0.9)[i % 4], "idle")
            names = {st.id: st for st in sc.settlements}
            for spot in world.drop_spots:
                legs = [leg for (b, sp, _p), leg in world.legs.items() if sp == spot.id]
                best = min(legs, key=lambda leg: leg.out_s) if legs else None
                st = names[spot.settlement_id]
                k = spot.id.rsplit("pad", 1)[-1]
                orders.save_drop_spot(DropSpotRow(
                    id=spot.id, organisation_id=org_id, prefecture=prefecture,
                    scenario=scenario_name, settlement_id=spot.settlement_id,
                    base_id=best.base_id if best else sc.bases[0].id,
                    name=f"{st.name} community pad {k}",
                    name_ja=f"{st.name_ja or st.name} 集会所ポート{k}",
                    lon=spot.lon, lat=spot.lat,
                    coverage_kg=list(world.service.coverage.get(spot.id, ())),
                    typical_out_s=best.out_s if best else 600.0))
                n_spots += 1
            if org_id == "op-goto":
                # The resident lives inside the Aokata permit area: Level 4 flights reach them.
                reach = {sp: leg.length_m for (_b, sp, _p), leg in world.legs.items()
                         if leg.permit}
                mine = sorted((sp for sp in world.drop_spots if sp.settlement_id == "aokata"
                               and world.service.coverage.get(sp.id)),
                              key=lambda sp: (sp.id not in reach, -reach.get(sp.id, 0.0)))[:2]
                for label, sp in zip(("自宅前の集会所 / Community hall by my house",
                                      "病院前 / In front of the clinic"), mine, strict=False):
                    orders.register(users["resident"].id, sp.id, label)
            _seed_aircraft_day(sessions, start, world, org_id)
            if traffic_hours <= 0:
                continue
            day = run_day(world, SimConfig(scenario=scenario_name, hours=traffic_hours, seed=7,
                                           aircraft=aircraft, drain_h=0.0),
                          InsertionDispatcher())
            prefix = f"sim-{scenario_name}-"
            for rec in day.records.values():
                if rec.events[-1].at > start:
                    continue  # only what had happened before the demo clock starts
                rec = _renamed(rec, prefix)
                orders.add(rec, user_id=None, organisation_id=org_id, prefecture=prefecture,
                           synthetic=True)
                n_orders += 1
            for f in day.flights:
                landing = world.start + timedelta(seconds=f.landing_s)
                if landing > start:
                    continue
                orders.save_flight(DeliveryFlightRow(
                    id=prefix + f.id, order_id=prefix + f.order_id, organisation_id=org_id,
                    prefecture=prefecture, registration=f.registration, pilot_id=f.pilot_id,
                    intent_id=None, level=f.level, permit=f.permit,
                    departure=(world.start + timedelta(seconds=f.departure_s)).astimezone(UTC),
                    landing=landing.astimezone(UTC), km=f.km, outcome=f.outcome,
                    synthetic=True))
                _seed_flight_records(sessions, start, world, org_id, prefecture, prefix, f)
                n_flights += 1
        return DemoSeed(start, n_orders, n_flights, n_spots, n_cases, key)
    finally:
        eng.dispose()


def _with_header(a: Any, k: int, day: date) -> Any:
    """The aircraft with the flight log's header (DEMO certificate and serial numbers),
    certified before the demo's traffic."""
    from dataclasses import replace

    issued = (min(a.certificate_expiry - timedelta(days=364 if a.certificate == "first_class"
                                                   else 3 * 365 - 1), day - timedelta(days=60))
              if a.certificate_expiry else None)
    typed = a.profile.certification == "first_class"
    return replace(
        a, airframe_certificate_number=f"DEMO-AC-{k + 1:04d}" if a.certificate_expiry else None,
        certificate_issued=issued,
        type_certificate_number="DEMO-TC-0001" if typed else None,
        type_certificate_expiry=a.certificate_expiry if typed else None,
        manufacturer=a.profile.name.split()[0], serial_number=f"DEMO-SN-{a.registration[-6:]}")


def _with_licence_number(p: Any, org_id: str, k: int) -> Any:
    from dataclasses import replace

    if str(p.licence) == "none":
        return p
    return replace(p, licence_number=f"DEMO-{org_id[3:].upper()}-{k + 1:04d}")


def _leg_route(world: Any, f: Any) -> tuple[list[tuple[float, float, float]], Any]:
    """The planned route (out and back) of a simulated flight and its first leg."""
    profile_id = next(a.profile.id for a in world.aircraft if a.registration == f.registration)
    out: list[tuple[float, float, float]] = []
    first = None
    for spot in f.drop_spot_id.split("+"):
        leg = world.legs.get((f.base_id, spot, profile_id))
        if leg is None or leg.route is None:
            continue
        first = first or leg
        out.extend((w.lon, w.lat, w.alt_amsl_m) for w in leg.route.waypoints)
    return out + out[-2::-1], first


def _seed_flight_records(sessions: Any, start: datetime, world: Any, org_id: str,
                         prefecture: str, prefix: str, f: Any) -> None:
    """A simulated flight's daily inspection before it, its log entry (planned route, the
    specific-flight codes of its classification, defects of a fault) and, for a fault that
    is a reportable event, a draft incident report for the operator to confirm or dismiss."""
    from kizuna.rules import derive_route_facts
    from kizuna.store.incidents import IncidentStore
    from kizuna.store.log_records import LogRecordStore
    from kizuna.utm.incident import draft_from_fault
    from kizuna.utm.records import CheckResult, DailyInspection, Defect, checklist

    store = LogRecordStore(sessions, now=lambda: start)
    departure = (world.start + timedelta(seconds=f.departure_s)).astimezone(_tokyo())
    landing = (world.start + timedelta(seconds=f.landing_s)).astimezone(_tokyo())
    craft = next(a for a in world.aircraft if a.registration == f.registration)
    pilot = next((p for p in world.pilots if p.id == f.pilot_id), None)
    pilot_name = pilot.name if pilot else f.pilot_id
    base = world.base(f.base_id)
    items = tuple(CheckResult(i.id, "pass") for i in checklist(craft.profile.kind))
    store.add_inspection(org_id, DailyInspection(
        f.registration, departure.date(), base.name_ja or base.name, pilot_name, items,
        "飛行前に実施 (simulated)", prefix + f.id))
    route, leg = _leg_route(world, f)
    codes: tuple[str, ...] = ()
    if leg is not None:
        positions = [(w.lon, w.lat, w.agl_m) for w in leg.route.waypoints]
        codes = derive_route_facts(world.scenario, positions, departure,
                                   end_time=landing).holding_codes()
    day = departure.date()
    defects = {"battery_anomaly": [Defect(day, "飛行中のバッテリー異常(セル電圧低下) / battery "
                                           "anomaly in flight", day, "バッテリーパック交換 / "
                                           "battery pack replaced", "整備責任者 (demo)")],
               "link_loss": [Defect(day, "飛行中の通信途絶 / command link lost in flight", day,
                                    "アンテナ・通信系統点検 / antenna and link checked",
                                    "整備責任者 (demo)")]}.get(f.outcome, [])
    store.save_entry(org_id, prefix + f.id, route=route, restricted_items=codes,
                     defects=defects)
    mid = route[len(route) // 4] if route else (base.lon, base.lat, 0.0)
    draft = draft_from_fault(f.outcome, occurred_at=departure + (landing - departure) / 4,
                             lon=mid[0], lat=mid[1], place=f"{base.name} - {f.drop_spot_id}",
                             registration=f.registration, pilot=pilot_name,
                             pilot_licence_number=(pilot.licence_number or "") if pilot else "",
                             permit_number=f.permit, landing_time=landing,
                             flight_id=prefix + f.id)
    if draft is not None:
        IncidentStore(sessions, now=lambda: start).add(
            org_id, prefecture, draft, model=craft.profile.name, by="simulation", draft=True,
            source="simulation")


def _seed_aircraft_day(sessions: Any, start: datetime, world: Any, org_id: str) -> None:
    """Per aircraft, on the demo day: the morning's daily inspection (so the console's
    pre-flight check finds one) and one inspection and maintenance record."""
    from kizuna.store.log_records import LogRecordStore
    from kizuna.utm.records import CheckResult, DailyInspection, MaintenanceRecord, checklist

    store = LogRecordStore(sessions, now=lambda: start)
    day = start.astimezone(_tokyo()).date()
    for a in world.aircraft:
        base = world.base(world.home[a.registration])
        items = tuple(CheckResult(i.id, "pass") for i in checklist(a.profile.kind))
        store.add_inspection(org_id, DailyInspection(
            a.registration, day, base.name_ja or base.name, "整備責任者 (demo)", items,
            "始業点検 (demo)"))
        store.add_maintenance(org_id, MaintenanceRecord(
            a.registration, day, base.name_ja or base.name, "整備責任者 (demo)",
            "20時間定期点検: プロペラ・モーター・機体の点検、ファームウェア確認",
            "定期点検(整備手順書による) / scheduled inspection", ("プロペラ (2枚)",),
            "異常なし"))
def built_operator(scenario_name: str) -> tuple[str, str]:
    """The organisation id and username the demo gives a built scenario's operator."""
    return f"op-{scenario_name}"[:64], f"operator_{scenario_name.replace('-', '_')}"[:64]


def _seed_built_operator(sessions: Any, accounts: Any, scenario_name: str,
                         prefecture: str) -> None:
    """An operator working in a built scenario: its organisation (the scenario set in the
    database), fleet, pilots and bases, and one operator account."""
    from kizuna.scenario import load, source
    from kizuna.store import FleetRepository, Organisation, OrganisationRepository
    from kizuna.store.accounts import AccountRole

    if source(scenario_name) != "built":
        raise InvalidInput(f"--built: {scenario_name!r} is a bundled scenario", field="built")
    world = load(scenario_name)
    org_id, username = built_operator(scenario_name)
    with sessions.begin() as s:
        OrganisationRepository(s).add(Organisation(org_id, f"Operator ({world.title})"[:200],
                                                   "operator", scenario_name))
    accounts.set_prefecture(org_id, prefecture)
    with sessions.begin() as s:
        fleet = FleetRepository(s, org_id)
        for prof in {a.profile.id: a.profile for a in world.aircraft}.values():
            fleet.save_profile(prof)
        for a in world.aircraft:
            fleet.save_aircraft(a)
        for p in world.pilots:
            fleet.save_pilot(p)
        for b in world.bases:
            fleet.save_base(b)
    accounts.add_user(username, DEMO_PASSWORD, AccountRole.OPERATOR, organisation_id=org_id)


def _new_key() -> str:
    from kizuna.residency.crypto import generate_key

    return generate_key()


def _seed_residency(sessions: Any, key: str, start: datetime) -> int:
    """Miyagi's pending application and a SYNTHETIC year of CoE cases up to the demo day.

    The generated year runs to 31 December; cases filed after the demo day are left out, and
    cases decided later are shown still under review (unless documents were asked for later).
    """
    from dataclasses import replace

    from kizuna.residency import Actor, Certification, Role
    from kizuna.residency.certification import Certificate
    from kizuna.residency.coe import Applicant, CaseState, CoeCase
    from kizuna.residency.crypto import FieldCipher
    from kizuna.residency.dashboard import generate_cases
    from kizuna.residency.programme import default_programmes
    from kizuna.store.residency import ResidencyRepository, cipher_from_environment

    cipher: FieldCipher = cipher_from_environment({"KIZUNA_DATA_KEY": key})
    repo = ResidencyRepository(sessions, cipher, now=lambda: start)
    day = start.date()
    miyagi = Actor("seed:company_miyagi", Role.COMPANY, corporate_number="8000012050001")
    facts = {"prefecture": "miyagi", "corporate_number": "8000012050001", "registered": True,
             "listed": False, "office_prefectures": ["miyagi"], "jsic": "E28",
             "antisocial_ties": False, "tax_arrears": False, "withholding_tax_jpy": 3_200_000,
             "financials": [{"year": day.year - 1, "net_sales_jpy": 420_000_000,
                             "operating_profit_jpy": 9_000_000, "net_assets_jpy": 80_000_000},
                            {"year": day.year - 2, "net_sales_jpy": 390_000_000,
                             "operating_profit_jpy": 4_000_000, "net_assets_jpy": 72_000_000}],
             "client_jsic": None, "client_site_prefectures": []}
    repo.save_certification(Certification("cert-miyagi-demo", "miyagi", "8000012050001")
                            .submit(day - timedelta(days=3)), "co-miyagi", miyagi, facts=facts)
    # The Kumamoto officer's review queue: two SYNTHETIC employers' applications waiting, the
    # first with two loss years (stable management is then the officer's to judge).
    years: list[dict[str, int]] = facts["financials"]  # type: ignore[assignment]
    losses = [{**f, "operating_profit_jpy": -abs(f["operating_profit_jpy"])} for f in years]
    for i, days_ago in enumerate((2, 5)):
        corp = _SYNTHETIC_CORP["kumamoto"]
        filer = Actor(f"seed:syn-kumamoto-{i}", Role.COMPANY, corporate_number=corp)
        repo.save_certification(
            Certification(f"cert-kumamoto-demo-{i}", "kumamoto", corp)
            .submit(day - timedelta(days=days_ago)), "syn-kumamoto", filer,
            facts={**facts, "prefecture": "kumamoto", "corporate_number": corp,
                   "office_prefectures": ["kumamoto"],
                   "financials": losses if i == 0 else years})
    programmes = default_programmes()
    seeder = Actor("seed:synthetic", Role.IMMIGRATION_OFFICER)
    n = 0
    for case in generate_cases([programmes.get("kumamoto"), programmes.get("miyagi")],
                               day.year, seed=day.year, cases_per_month=4):
        clock, stats = case.clock, case.applicant_stats
        assert clock is not None and stats is not None
        if clock.filed_on > day:
            continue
        if any(r.requested_on > day or (r.received_on or day) > day for r in case.requests):
            continue
        if case.decision is not None and case.decision.decided_on > day:
            case = replace(case, state=CaseState.UNDER_REVIEW, decision=None)
        applicant = Applicant(
            nationality=stats.nationality, name=f"SYNTHETIC APPLICANT {n:03d}",
            date_of_birth=clock.filed_on - timedelta(days=26 * 365), sex=stats.sex,
            passport_number=f"SYN{n:05d}", passport_expiry=date(day.year + 8, 1, 1),
            purpose="engineer", planned_entry_date=clock.filed_on + timedelta(days=60),
            planned_entry_port="Fukuoka", education=stats.education,
            major="semiconductor engineering")
        employer = replace(case.employer, corporate_number=_SYNTHETIC_CORP[case.prefecture])
        case = replace(case, applicant=applicant, applicant_stats=None, employer=employer)
        repo.save_case(case, f"syn-{case.prefecture}", seeder)
        n += 1
        last = case
    # Open cases behind their clocks, so the case list shows every deadline colour.
    for i, (prefecture, days_ago, certified) in enumerate(
            (("kumamoto", 26, True), ("kumamoto", 38, True), ("miyagi", 95, False))):
        filed = day - timedelta(days=days_ago)
        certificate = (Certificate(f"{prefecture[:2].upper()}-SYN-{i}", filed - timedelta(days=90),
                                   filed + timedelta(days=600)) if certified else None)
        assert last.applicant is not None
        late = CoeCase(f"{prefecture}-late-{i}", prefecture,
                       replace(last.employer, corporate_number=_SYNTHETIC_CORP[prefecture]),
                       last.job, replace(last.applicant, name=f"SYNTHETIC APPLICANT L{i}"),
                       certificate=certificate).file(filed, programmes.get(prefecture))
        repo.save_case(late.start_review(filed), f"syn-{prefecture}", seeder)
        n += 1
    # The Kumamoto company's own case, with documents asked for: its page opens on the upload.
    assert last.applicant is not None
    filed = day - timedelta(days=12)
    employer = replace(last.employer, corporate_number=_CORP_KUMAMOTO)
    applicant = replace(last.applicant, name="SYNTHETIC APPLICANT D0")
    waiting = CoeCase("kumamoto-docs-0", "kumamoto", employer, last.job, applicant
                      ).file(filed, programmes.get("kumamoto")).start_review(filed)
    repo.save_case(waiting.request_documents(day - timedelta(days=1),
                                             ("納税証明書", "雇用契約書の写し")),
                   "co-kumamoto", seeder)
    return n + 1


def _seed_talent(sessions: Any, start: datetime) -> None:
    """Kumamoto's published figures (Miyagi: none), a company's own plan, an illustrative
    planned foreign figure and one scenario (案A), for the /talent page."""
    from kizuna.store.talent import TalentRepository
    from kizuna.talent.access import TalentActor, TalentRole
    from kizuna.talent.contract import LEVERS
    from kizuna.talent.model import ForeignSupply, HiringPlan, RoleFamily
    from kizuna.talent.published import published_seed

    repo = TalentRepository(sessions, now=lambda: start)
    for prefecture_seed in published_seed().values():
        repo.seed_published(prefecture_seed, by="demo-seed")
    company = TalentActor("demo-seed", TalentRole.COMPANY, frozenset({"kumamoto"}),
                          "co-kumamoto")
    for year in range(2026, 2031):
        repo.add_plan(company, "kumamoto", "co-kumamoto",
                      HiringPlan("熊本セミコンテック株式会社", year, RoleFamily.ENGINEER, 6),
                      source="the company", note="illustrative demo company")
    officer = TalentActor("demo-seed", TalentRole.PREFECTURE_OFFICER, frozenset({"kumamoto"}))
    for year in range(2026, 2031):
        repo.add_foreign_plan(officer, "kumamoto", ForeignSupply(year, RoleFamily.ENGINEER, 30),
                              note="illustrative planning figure, not published")
    levers = LEVERS.validate_python([
        {"kind": "set_share", "programme_id": "ku-device", "share": "stay_share", "value": 0.7},
        {"kind": "add_programme", "name_ja": "半導体技能者リスキリング講座（例示）",
         "name_en": "Semiconductor technician reskilling course (illustrative)",
         "programme": {"id": "reskilling-1", "prefecture": "kumamoto", "kind": "reskilling",
                       "role": "technician", "seats": 60, "first_graduates": 2027,
                       "semiconductor_share": 0.9, "stay_share": 0.9}}])
    repo.save_scenario(officer, "kumamoto", "plan-a", "案A：定着支援とリスキリング", levers, None)


def _rename_fleet(world: Any, old: str, new: str) -> Any:
    """The world with registrations ``old...`` renamed ``new...`` (marks are national)."""
    from dataclasses import replace

    def mark(reg: str) -> str:
        return new + reg[len(old):] if reg.startswith(old) else reg

    aircraft = tuple(replace(a, registration=mark(a.registration),
                             remote_id=f"RID{mark(a.registration)}" if a.remote_id else None)
                     for a in world.aircraft)
    return replace(world, aircraft=aircraft,
                   home={mark(k): v for k, v in world.home.items()})


def _tokyo() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Tokyo")


def _renamed(rec: Any, prefix: str) -> Any:
    from dataclasses import replace

    from kizuna.dispatch import OrderRecord

    assert isinstance(rec, OrderRecord)
    return replace(rec, order=replace(rec.order, id=prefix + rec.order.id))


def _default_url() -> str:
    from platformdirs import user_data_dir

    path = Path(user_data_dir("kizuna")) / "demo.db"
    return f"sqlite:///{path}"


@app.callback(invoke_without_command=True)
def demo(
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="Database for the demo (it is reset); "
                                 "default: demo.db in the user data directory.")] = None,
    hours: Annotated[float, typer.Option(help="Hours of simulated traffic before the demo "
                                         "clock starts.", min=0, max=8)] = 3.0,
    seed_only: Annotated[bool, typer.Option("--seed-only",
                                            help="Seed, print, and exit.")] = False,
    built: Annotated[list[str] | None, typer.Option(
        "--built", help="A built scenario and its prefecture, NAME=PREFECTURE (repeatable): "
        "an operator working in it is added.")] = None,
) -> None:
    """Seed a fresh demo database and serve the API and the pages on 127.0.0.1."""
    url = database_url or _default_url()
    own: dict[str, str] = {}
    for item in built or ():
        name, sep, prefecture = item.partition("=")
        if not sep or not name or not prefecture:
            raise InvalidInput(f"--built: expected NAME=PREFECTURE, got {item!r}", field="built")
        own[name] = prefecture
    typer.echo("Seeding the demo (scenarios, fleet, permits, simulated traffic)...", err=True)
    done = seed(url, traffic_hours=hours, built=own)
    os.environ.setdefault("KIZUNA_DATA_KEY", done.data_key)
    host = f"http://127.0.0.1:{port}"
    typer.echo(f"Kizuna demo on {host}  (database {url})")
    typer.echo(f"Simulated clock starts {done.clock_start.isoformat()}; "
               f"{done.orders} orders and {done.flights} flights of simulated traffic.")
    typer.echo(f"  resident page    {host}/resident")
    typer.echo(f"  operator console {host}/console")
    typer.echo(f"  zone office      {host}/regulator")
    typer.echo(f"  permit pack      {host}/permits/pack  (operator and zone office)")
    typer.echo(f"  residency        {host}/residency/company, /residency/review, "
               "/residency/cases, /residency/dashboard")
    typer.echo(f"  hydrogen check   {host}/hydrogen")
    typer.echo(f"  talent           {host}/talent")
    typer.echo(f"  API docs         {host}/api/v1/docs")
    typer.echo(f"Accounts (password {DEMO_PASSWORD}):")
    for username, (_role, _org, what) in ACCOUNTS.items():
        typer.echo(f"  {username:<20}{what}")
    for name in own:
        typer.echo(f"  {built_operator(name)[1]:<20}/console  (operator in built scenario {name})")
    if seed_only:
        return
    import uvicorn

    os.environ["KIZUNA_API_DATABASE_URL"] = url
    os.environ["KIZUNA_API_MIGRATE_ON_START"] = "false"
    os.environ["KIZUNA_DEMO_CLOCK_START"] = done.clock_start.isoformat()
    uvicorn.run("kizuna.api.app:app_from_environment", factory=True, host="127.0.0.1",
                port=port, log_level="warning", access_log=False)
