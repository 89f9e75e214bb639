"""Repositories round-trip fleet values and keep tenants apart, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kizuna.errors import InvalidInput, UnknownName
from kizuna.fleet import Aircraft, Base, Pad, Pilot, load_profiles, profile
from kizuna.fleet.pilot import AircraftKind, Licence, Limitation
from kizuna.fleet.profiles import Certification
from kizuna.store import (
    FleetRepository,
    Organisation,
    OrganisationRepository,
    ScenarioEntry,
    ScenarioRepository,
)
from kizuna.store.tables import AircraftRow

GOTO = Organisation("goto-air", "Goto Air Logistics", "operator")
SOMA = Organisation("soma-drone", "Minamisoma Drone Service", "operator")


@pytest.fixture
def orgs(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    """The database with two operators registered."""
    with sessions() as s:
        OrganisationRepository(s).add(GOTO)
        OrganisationRepository(s).add(SOMA)
        s.commit()
    return sessions


def _aircraft(reg: str = "JU3D4E5F6G7H") -> Aircraft:
    return Aircraft(reg, profile("pf2-cat3"), Certification.FIRST_CLASS, date(2026, 3, 31),
                    remote_id="RID-0001", registration_expiry=date(2027, 6, 30))


def test_organisations_round_trip(orgs: sessionmaker[Session]) -> None:
    """Organisations come back as they went in, sorted by id."""
    with orgs() as s:
        assert OrganisationRepository(s).all() == [GOTO, SOMA]
        assert OrganisationRepository(s).get("soma-drone") == SOMA


def test_duplicate_organisation_is_refused(orgs: sessionmaker[Session]) -> None:
    """Adding an organisation id twice is bad input, not a database crash."""
    with orgs() as s, pytest.raises(InvalidInput, match="already exists"):
        OrganisationRepository(s).add(GOTO)


def test_unknown_tenant_is_refused(orgs: sessionmaker[Session]) -> None:
    """A repository for an organisation that does not exist cannot be opened."""
    with orgs() as s, pytest.raises(UnknownName, match="organisation 'nobody'"):
        FleetRepository(s, "nobody")


def test_profiles_round_trip(orgs: sessionmaker[Session]) -> None:
    """Every bundled profile is stored and read back equal, extra keys included."""
    custom = replace(profile("pf4"), id="pf4-goto", extra={"colour": "red"})
    with orgs() as s:
        repo = FleetRepository(s, GOTO.id)
        for p in [*load_profiles().values(), custom]:
            repo.save_profile(p)
        s.commit()
    with orgs() as s:
        repo = FleetRepository(s, GOTO.id)
        got = {p.id: p for p in repo.profiles()}
        assert got == {**load_profiles(), "pf4-goto": custom}
        assert repo.get_profile("pf4-goto").extra == {"colour": "red"}


def test_aircraft_round_trip(orgs: sessionmaker[Session]) -> None:
    """An aircraft, with certificate, Remote ID and expiry dates, reads back equal."""
    plain = Aircraft("JU0000000001", profile("e6150"))
    with orgs() as s:
        repo = FleetRepository(s, GOTO.id)
        repo.save_aircraft(_aircraft())
        repo.save_aircraft(plain)
        s.commit()
    with orgs() as s:
        repo = FleetRepository(s, GOTO.id)
        assert repo.get_aircraft("JU3D4E5F6G7H") == _aircraft()
        assert repo.aircraft() == [plain, _aircraft()]


def test_saving_an_aircraft_again_updates_it(orgs: sessionmaker[Session]) -> None:
    """Saving an existing registration replaces its fields (one row, new values)."""
    renewed = replace(_aircraft(), certificate_expiry=date(2027, 3, 31), profile=profile("pf4"))
    with orgs() as s:
        repo = FleetRepository(s, GOTO.id)
        repo.save_aircraft(_aircraft())
        repo.save_aircraft(renewed)
        s.commit()
    with orgs() as s:
        assert FleetRepository(s, GOTO.id).aircraft() == [renewed]


def test_pilots_round_trip(orgs: sessionmaker[Session]) -> None:
    """Pilots keep their licence class, lifted limitations, expiry and aircraft kinds."""
    pilots = [
        Pilot("p-001", "佐藤 花子", Licence.FIRST_CLASS,
              frozenset({Limitation.BVLOS, Limitation.NIGHT}), date(2027, 4, 1),
              frozenset({AircraftKind.MULTIROTOR, AircraftKind.AEROPLANE})),
        Pilot("p-002", "Tanaka", Licence.SECOND_CLASS, frozenset(), date(2026, 1, 15)),
        Pilot("p-003", "Trainee"),
    ]
    with orgs() as s:
        repo = FleetRepository(s, SOMA.id)
        for p in pilots:
            repo.save_pilot(p)
        s.commit()
    with orgs() as s:
        repo = FleetRepository(s, SOMA.id)
        assert repo.pilots() == pilots
        assert repo.get_pilot("p-001").limitations_lifted == {Limitation.BVLOS, Limitation.NIGHT}


def test_bases_round_trip(orgs: sessionmaker[Session]) -> None:
    """Bases keep their exact location, Japanese name, kind and pads."""
    bases = [
        Base("aokata", "Aokata", 129.048, 33.012, name_ja="青方", kind="hospital",
             pads=(Pad("aokata-a", 129.04801, 33.01199), Pad("aokata-b", 129.0481, 33.0121))),
        Base("fukue-port", "Fukue port", 128.843, 32.697, name_ja="福江港"),
    ]
    with orgs() as s:
        repo = FleetRepository(s, GOTO.id)
        for b in bases:
            repo.save_base(b)
        s.commit()
    with orgs() as s:
        repo = FleetRepository(s, GOTO.id)
        assert repo.bases() == bases
        assert repo.get_base("fukue-port").pads == (Pad("fukue-port-pad1", 128.843, 32.697),)


def test_scenario_entries_round_trip(orgs: sessionmaker[Session]) -> None:
    """A scenario entry keeps its build facts; built_at comes back as the same UTC instant."""
    jst = timezone(timedelta(hours=9))
    entry = ScenarioEntry("goto", "Goto islands", 6669, 20240621, "sha256:ab12",
                          datetime(2025, 11, 20, 9, 30, tzinfo=jst),
                          layers_geojson='{"type": "FeatureCollection", "features": []}')
    by_path = ScenarioEntry("minamisoma", "Minamisoma", 6677, 7, "sha256:cd34",
                            datetime(2025, 12, 9, tzinfo=UTC), path="/data/minamisoma.gpkg")
    with orgs() as s:
        repo = ScenarioRepository(s, GOTO.id)
        repo.save(entry)
        repo.save(by_path)
        s.commit()
    with orgs() as s:
        repo = ScenarioRepository(s, GOTO.id)
        assert repo.all() == [entry, by_path]
        assert repo.get("goto").built_at == datetime(2025, 11, 20, 0, 30, tzinfo=UTC)
        assert ScenarioRepository(s, SOMA.id).all() == []


def test_tenant_cannot_read_another_tenants_fleet(orgs: sessionmaker[Session]) -> None:
    """Organisation B sees none of A's aircraft, pilots or bases, even by exact key."""
    with orgs() as s:
        a = FleetRepository(s, GOTO.id)
        a.save_aircraft(_aircraft())
        a.save_pilot(Pilot("p-001", "Sato"))
        a.save_base(Base("fukue-port", "Fukue port", 128.843, 32.697))
        s.commit()
    with orgs() as s:
        b = FleetRepository(s, SOMA.id)
        assert (b.aircraft(), b.pilots(), b.bases(), b.profiles()) == ([], [], [], [])
        with pytest.raises(UnknownName, match="aircraft 'JU3D4E5F6G7H'"):
            b.get_aircraft("JU3D4E5F6G7H")
        with pytest.raises(UnknownName):
            b.get_pilot("p-001")
        with pytest.raises(UnknownName):
            b.get_base("fukue-port")
        assert len(FleetRepository(s, GOTO.id).aircraft()) == 1


def test_same_pilot_id_in_two_tenants_are_distinct(orgs: sessionmaker[Session]) -> None:
    """Pilot ids are per tenant: the same id in two organisations are two people."""
    with orgs() as s:
        FleetRepository(s, GOTO.id).save_pilot(Pilot("p-001", "Sato"))
        FleetRepository(s, SOMA.id).save_pilot(Pilot("p-001", "Suzuki"))
        s.commit()
    with orgs() as s:
        assert FleetRepository(s, GOTO.id).get_pilot("p-001").name == "Sato"
        assert FleetRepository(s, SOMA.id).get_pilot("p-001").name == "Suzuki"


def test_registration_taken_by_another_tenant_is_refused(orgs: sessionmaker[Session]) -> None:
    """A registration mark is national: a second organisation cannot register it too."""
    with orgs() as s:
        FleetRepository(s, GOTO.id).save_aircraft(_aircraft())
        s.commit()
    with orgs() as s, pytest.raises(InvalidInput, match="already registered"):
        FleetRepository(s, SOMA.id).save_aircraft(_aircraft())


def test_database_enforces_unique_registration(orgs: sessionmaker[Session]) -> None:
    """The unique constraint holds even for writers that bypass the repository."""
    with orgs() as s:
        FleetRepository(s, GOTO.id).save_aircraft(_aircraft())
        FleetRepository(s, SOMA.id).save_profile(profile("pf2-cat3"))
        s.commit()
    row = {"organisation_id": SOMA.id, "registration": "JU3D4E5F6G7H", "profile_id": "pf2-cat3",
           "certificate": "none"}
    with orgs() as s, pytest.raises(IntegrityError):
        s.execute(insert(AircraftRow).values(**row))
        s.flush()


def test_foreign_keys_are_enforced(orgs: sessionmaker[Session]) -> None:
    """An aircraft row naming a profile its tenant does not have is rejected (FKs are on)."""
    row = {"organisation_id": GOTO.id, "registration": "JU0000000009", "profile_id": "nope",
           "certificate": "none"}
    with orgs() as s, pytest.raises(IntegrityError):
        s.execute(insert(AircraftRow).values(**row))
        s.flush()
