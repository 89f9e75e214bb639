"""`kizuna utm log`: the flight log exported from the database (CSV/JSON), filters, and one-line
errors. The database holds two operators' flights, one with telemetry and conformance alerts."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import Point
from sqlalchemy.orm import sessionmaker

from kizuna.cli.main import run
from kizuna.dispatch.orders import Item, Order, PartyKind, receive
from kizuna.store import engine, migrate
from kizuna.store.airspace import AirspaceIntentRow
from kizuna.store.orders import DeliveryFlightRow, DropSpotRow, OrderStore
from kizuna.store.tables import BaseRow, OrganisationRow, PilotRow
from kizuna.store.telemetry import ConformanceEventRow, TelemetryRow

T0 = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)  # 10:00 JST
GEOD = Geod(ellps="WGS84")
#: The telemetry of flight f1: north 0.01 deg and back, at 60 m (a climb of 60 m at each end).
TRACK = [(128.84, 32.69, 0.0), (128.84, 32.69, 60.0), (128.84, 32.70, 60.0),
         (128.84, 32.69, 60.0), (128.84, 32.69, 0.0)]


@dataclass(frozen=True)
class Flight:
    id: str
    org: str
    registration: str
    departure: datetime
    minutes: float
    km: float
    outcome: str = "delivered"
    intent_id: str | None = None
    landed: bool = True


FLIGHTS = [
    Flight("f1", "op-goto", "JU-0001", T0, 12, 2.5, intent_id="oi-1"),
    Flight("f2", "op-goto", "JU-0001", T0 + timedelta(hours=2), 10, 3.0, outcome="link_loss"),
    # 2026-03-01 15:30 UTC is 2026-03-02 00:30 in Japan: a flight of the 2nd.
    Flight("f3", "op-goto", "JU-0001", datetime(2026, 3, 1, 15, 30, tzinfo=UTC), 8, 2.0),
    Flight("f4", "op-goto", "JU-0002", T0 + timedelta(hours=1), 5, 1.0),
    Flight("f5", "op-soma", "JU-0100", T0 + timedelta(minutes=30), 20, 4.0),
    Flight("f6", "op-goto", "JU-0001", T0 + timedelta(hours=5), 9, 2.0, landed=False),
]


def _seed(url: str) -> None:
    migrate(url)
    eng = engine(url)
    sessions = sessionmaker(bind=eng, expire_on_commit=False)
    with sessions.begin() as s:
        for org in ("op-goto", "op-soma"):
            s.add(OrganisationRow(id=org, name=org.title(), kind="operator"))
        s.add(OrganisationRow(id="reg-nagasaki", name="Nagasaki", kind="prefecture"))
    with sessions.begin() as s:
        for org, base, name, name_ja in (("op-goto", "fukue", "Fukue base", "福江基地"),
                                         ("op-soma", "odaka", "Odaka base", "小高基地")):
            s.add(BaseRow(organisation_id=org, id=base, name=name, name_ja=name_ja,
                          kind="depot", location=Point(128.84, 32.69), pads=[]))
            s.add(DropSpotRow(id=f"{base}-pad1", organisation_id=org, prefecture="x",
                              scenario="s", settlement_id="st", base_id=base,
                              name=f"{name} pad", name_ja=f"{name_ja}ポート", lon=128.85,
                              lat=32.70, coverage_kg=[2.0], typical_out_s=300.0))
        s.add(PilotRow(organisation_id="op-goto", id="p1", name="Sato Hanako", licence="first",
                       limitations_lifted=[]))
        s.add(AirspaceIntentRow(id="oi-1", owner="op-goto", priority=0, state="Ended",
                                replan_required=False, oversize=False, frame_epsg=6669))
    orders = OrderStore(sessions)
    for f in FLIGHTS:
        base = "fukue" if f.org == "op-goto" else "odaka"
        order = Order(f"o-{f.id}", "shop", PartyKind.SHOP, base, "house",
                      (Item("daily_goods", 1.0),), f"{base}-pad1", f.departure,
                      f.departure + timedelta(hours=1), f.departure - timedelta(minutes=5))
        orders.add(receive(order), user_id=None, organisation_id=f.org, prefecture="x")
        orders.save_flight(DeliveryFlightRow(
            id=f.id, order_id=f"o-{f.id}", organisation_id=f.org, prefecture="x",
            registration=f.registration, pilot_id="p1" if f.org == "op-goto" else "p9",
            intent_id=f.intent_id, level="4", permit="P-1" if f.id == "f1" else None,
            departure=f.departure,
            landing=f.departure + timedelta(minutes=f.minutes) if f.landed else None,
            km=f.km, outcome=f.outcome if f.landed else "in_flight", synthetic=False))
    with sessions.begin() as s:
        for k, (lon, lat, alt) in enumerate(TRACK):
            s.add(TelemetryRow(intent_id="oi-1", aircraft_id="JU-0001",
                               time=(T0 + timedelta(minutes=3 * k)).timestamp(), lon=lon, lat=lat,
                               alt_m=alt, altitude_reference="AMSL"))
        s.add(ConformanceEventRow(intent_id="oi-1", seq=1, kind="alert",
                                  code="UTM-NONCONFORMING", time=(T0 + timedelta(minutes=4))
                                  .timestamp(), data={"message": "JU-0001 is 12.0 m outside"}))
        s.add(ConformanceEventRow(intent_id="oi-1", seq=2, kind="transition",
                                  code="UTM-NONCONFORMING", time=T0.timestamp(), data={}))
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A seeded database: a SQLite file or a fresh PostGIS database."""
    url = (f"sqlite:///{tmp_path / 'k.db'}" if request.param == "sqlite"
           else str(request.getfixturevalue("fresh_postgres_url")))
    _seed(url)
    return url


def _log(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = 0
    try:
        run(["utm", "log", *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert out == ""
    return code, err


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _expected_track_m() -> float:
    total = 0.0
    for (lon0, lat0, z0), (lon1, lat1, z1) in itertools.pairwise(TRACK):
        ground = GEOD.inv(lon0, lat0, lon1, lat1)[2]
        total += (ground ** 2 + (z1 - z0) ** 2) ** 0.5
    return total


def test_csv_lists_every_landed_flight_with_the_legal_fields(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One row per landed flight (the one in the air is left out), by aircraft then time, in
    Japan time, with pilot, base, telemetry distance, alerts, defects and running totals."""
    out = tmp_path / "log.csv"
    code, err = _log(capsys, "--database-url", db, "--out", str(out))
    assert code == 0 and err == "kizuna: wrote 5 flights of 3 aircraft to " + str(out) + "\n"
    rows = _rows(out)
    assert [r["intent_id"] or r["takeoff_time"][:16] for r in rows] == [
        "oi-1", "2026-03-01T12:00", "2026-03-02T00:30", "2026-03-01T11:00", "2026-03-01T10:30"]
    f1, f2, f3 = rows[:3]
    assert f1["takeoff_time"] == "2026-03-01T10:00:00+09:00"
    assert f1["landing_time"] == "2026-03-01T10:12:00+09:00"
    assert (f1["date"], f3["date"]) == ("2026-03-01", "2026-03-02")
    assert f1["pilot"] == "Sato Hanako" and rows[4]["pilot"] == "p9"  # no pilot row: the id
    assert f1["takeoff_place"] == f1["landing_place"] == "Fukue base"
    assert f1["purpose"] == "delivery of order o-f1 to Fukue base pad, Level 4, permit P-1"
    assert float(f1["distance_m"]) == pytest.approx(_expected_track_m(), abs=0.1)
    assert 2200 < float(f1["distance_m"]) < 2400  # 2 x 1.1 km + 2 x 60 m of climb
    assert f2["distance_m"] == "3000.0"  # no telemetry: the planned length
    assert f1["anomalies"] == "2026-03-01T10:04:00+09:00 UTM-NONCONFORMING: JU-0001 is 12.0 m " \
                              "outside"
    # An outcome is not a defect: defects are recorded as such (none here).
    assert (f1["defects"], f2["defects"]) == ("", "")
    assert [r["flight_time_s"] for r in rows[:3]] == ["720", "600", "480"]
    assert [r["total_flight_time_s"] for r in rows[:3]] == ["720", "1320", "1800"]


def test_a_day_range_in_japan_time_keeps_the_aircrafts_running_total(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--from/--to are Japanese days: 2 March holds f3 only (00:30 JST), whose running total
    counts the two earlier flights of JU-0001."""
    out = tmp_path / "day.csv"
    code, _ = _log(capsys, "--database-url", db, "--from", "2026-03-02", "--to", "2026-03-02",
                   "--out", str(out))
    rows = _rows(out)
    assert code == 0 and [(r["registration"], r["takeoff_time"]) for r in rows] == [
        ("JU-0001", "2026-03-02T00:30:00+09:00")]
    assert rows[0]["total_flight_time_s"] == "1800"
    code, _ = _log(capsys, "--database-url", db, "--to", "2026-03-01", "--operator", "op-goto",
                   "--out", str(out))
    assert code == 0 and [r["intent_id"] or r["registration"] for r in _rows(out)] == [
        "oi-1", "JU-0001", "JU-0002"]


def test_json_by_suffix_holds_each_aircraft_log_and_the_route(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .json file gets one document: the query, then each aircraft's whole log."""
    out = tmp_path / "log.json"
    code, _ = _log(capsys, "--database-url", db, "--operator", "op-soma", "--from", "2026-03-01",
                   "--out", str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0
    assert {k: doc[k] for k in ("operator", "from", "to", "timezone")} == {
        "operator": "op-soma", "from": "2026-03-01", "to": None, "timezone": "+09:00"}
    assert [a["registration"] for a in doc["aircraft"]] == ["JU-0100"]
    assert doc["aircraft"][0]["flights"][0]["takeoff_place"] == "Odaka base"
    assert doc["aircraft"][0]["daily_inspections"] == []
    out2 = tmp_path / "log.txt"
    _log(capsys, "--database-url", db, "--format", "json", "--out", str(out2))
    routes = {f["intent_id"]: f["route"] for a in json.loads(out2.read_text())["aircraft"]
              for f in a["flights"]}
    assert routes["oi-1"] == [list(p) for p in TRACK]


def test_japanese_labels_and_place_names(db: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """--labels ja: the legal form's headers and the Japanese base names."""
    out = tmp_path / "ja.csv"
    code, _ = _log(capsys, "--database-url", db, "--labels", "ja", "--operator", "op-goto",
                   "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert code == 0 and text.startswith("登録記号,飛行年月日,飛行させた者の氏名,飛行概要,離陸場所")
    assert "福江基地" in text and "Fukue base" not in text


def test_an_empty_range_writes_a_valid_empty_file_and_a_note(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No flights: a header-only CSV, a JSON with no aircraft, exit 0 and a note on stderr."""
    csv_out, json_out = tmp_path / "e.csv", tmp_path / "e.json"
    code, err = _log(capsys, "--database-url", db, "--from", "2027-01-01", "--out", str(csv_out))
    assert code == 0 and "no landed flights" in err and len(err.splitlines()) == 1
    assert csv_out.read_text(encoding="utf-8").splitlines() == [
        "registration,date,pilot,purpose,takeoff_place,takeoff_time,landing_place,landing_time,"
        "flight_time_s,total_flight_time_s,distance_m,anomalies,defects,intent_id,flight_id,"
        "pilot_licence_number,restricted_items,route_source"]
    code, _ = _log(capsys, "--database-url", db, "--from", "2027-01-01", "--out", str(json_out))
    assert code == 0 and json.loads(json_out.read_text())["aircraft"] == []


def test_the_configured_database_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Without --database-url the command reads $KIZUNA_DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'env.db'}"
    _seed(url)
    monkeypatch.setenv("KIZUNA_DATABASE_URL", url)
    out = tmp_path / "log.csv"
    code, _ = _log(capsys, "--out", str(out))
    assert code == 0 and len(_rows(out)) == 5


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "1 March"], "--from: '1 March' is not a date (YYYY-MM-DD)"),
    (["--to", "2026-02-30"], "--to: '2026-02-30' is not a date"),
    (["--from", "2026-03-02", "--to", "2026-03-01"], "--from 2026-03-02 is after --to 2026-03-01"),
    (["--format", "xml"], "--format: 'xml' is not one of csv, json"),
    (["--labels", "fr"], "--labels: 'fr' is not one of en, ja"),
    (["--operator", "op-nowhere"], "unknown operator 'op-nowhere'"),
    (["--operator", "reg-nagasaki"], "unknown operator 'reg-nagasaki'"),
])
def test_bad_options_are_one_line_and_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    """Each bad option: exit 2, one line naming it, and the previous file left untouched."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    _seed(url)
    out = tmp_path / "log.csv"
    out.write_text("previous\n", encoding="utf-8")
    code, err = _log(capsys, "--database-url", url, *args, "--out", str(out))
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith("kizuna: ")
    assert message in err
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_bad_databases_and_a_missing_out_are_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No --out, a missing SQLite file (not created), an unmigrated one, a bad URL: exit 2."""
    missing = tmp_path / "none.db"
    empty = tmp_path / "empty.db"
    engine(f"sqlite:///{empty}").connect().close()  # a database without Kizuna's tables
    out = str(tmp_path / "x.csv")
    cases = [
        (["--database-url", f"sqlite:///{missing}"], "--out: the file to write is required"),
        (["--database-url", f"sqlite:///{missing}", "--out", out], f"no database file {missing}"),
        (["--database-url", f"sqlite:///{empty}", "--out", out],
         "cannot read the flight log (no such table: delivery_flights)"),
        (["--database-url", "mysql://u:secret@h/db", "--out", out], "not supported"),
    ]
    for args, message in cases:
        code, err = _log(capsys, *args)
        assert code == 2 and len(err.splitlines()) == 1 and message in err, (args, err)
        assert "secret" not in err
    assert not missing.exists() and not Path(out).exists()


def test_the_script_fails_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    """The installed `kizuna` script, as an operator runs it."""
    script = Path(sys.executable).with_name("kizuna")
    proc = subprocess.run([str(script), "utm", "log", "--from", "tomorrow", "--out",
                           str(tmp_path / "x.csv")], capture_output=True, text=True, check=False,
                          env={**os.environ, "KIZUNA_DATABASE_URL": "sqlite:///unused.db"},
                          timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "kizuna: --from: 'tomorrow' is not a date (YYYY-MM-DD)\n"


def _add_records(url: str) -> None:
    """JU-0001's header (certified on 1 March, Japan time), a daily inspection before f1 and
    f2, a defect on f2, and two maintenance records (1 and 2 March)."""
    from datetime import date

    from kizuna.store.log_records import LogRecordStore
    from kizuna.store.tables import AircraftProfileRow, AircraftRow
    from kizuna.utm.records import (
        CheckResult,
        DailyInspection,
        Defect,
        MaintenanceRecord,
        checklist,
    )

    eng = engine(url)
    sessions = sessionmaker(bind=eng, expire_on_commit=False)
    with sessions.begin() as s:
        s.add(AircraftProfileRow(organisation_id="op-goto", id="pf4", name="ACSL PF4",
                                 data={"kind": "multirotor"}))
        s.flush()
        s.add(AircraftRow(organisation_id="op-goto", registration="JU-0001", profile_id="pf4",
                          certificate="second_class", certificate_expiry=date(2028, 2, 29),
                          certificate_issued=date(2026, 3, 1), airframe_certificate_number="2-001",
                          type_certificate_number="T-2-7", type_certificate_expiry=date(2028, 1, 1),
                          manufacturer="ACSL", serial_number="PF4-00123"))
        p1 = s.get(PilotRow, ("op-goto", "p1"))
        assert p1 is not None
        p1.licence_number = "0123456789"
    store = LogRecordStore(sessions)
    items = tuple(CheckResult(i.id, "pass") for i in checklist("multirotor"))
    for flight in ("f1", "f2"):
        store.add_inspection("op-goto", DailyInspection("JU-0001", date(2026, 3, 1), "福江基地",
                                                        "Sato Hanako", items, "", flight))
    store.add_defect("op-goto", "f2", Defect(date(2026, 3, 1), "link dropped 20 s",
                                             date(2026, 3, 1), "antenna cable reseated",
                                             "Tanaka"))
    for day in (date(2026, 3, 1), date(2026, 3, 2)):
        store.add_maintenance("op-goto", MaintenanceRecord(
            "JU-0001", day, "福江基地", "Tanaka", "motor check", "daily schedule", ("prop 2",)))
    eng.dispose()


def test_json_carries_the_three_records_and_the_header(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Header, daily inspections before each flight, maintenance with the flight time since the
    airframe certification computed from the flight records, licence number and defects."""
    _add_records(db)
    out = tmp_path / "log.json"
    code, _ = _log(capsys, "--database-url", db, "--operator", "op-goto", "--out", str(out))
    assert code == 0
    log = next(a for a in json.loads(out.read_text())["aircraft"]
               if a["registration"] == "JU-0001")
    assert log["header"] == {
        "registration": "JU-0001", "kind": "multirotor", "model": "ACSL PF4",
        "type_certificate_number": "T-2-7", "type_certificate_expiry": "2028-01-01",
        "certificate_class": "second_class", "airframe_certificate_number": "2-001",
        "certificate_expiry": "2028-02-29", "manufacturer": "ACSL", "serial_number": "PF4-00123"}
    assert [i["flight_id"] for i in log["daily_inspections"]] == ["f1", "f2"]
    first = log["daily_inspections"][0]
    assert set(first) == {"registration", "date", "place", "inspector", "items", "remarks",
                          "flight_id"}
    assert first["items"][0] == {"item": "general", "result": "pass"}
    # f1 (12 min) and f2 (10 min) on 1 March; f3 (8 min) is 2 March in Japan.
    assert [m["flight_time_since_certification_s"] for m in log["maintenance"]] == [1320, 1800]
    assert log["maintenance"][0]["parts_replaced"] == ["prop 2"]
    flights = {f["flight_id"]: f for f in log["flights"]}
    assert flights["f1"]["pilot_licence_number"] == "0123456789"
    assert flights["f2"]["defects"][0]["confirmed_by"] == "Tanaka"
    # f2 has no telemetry: its route is the planned one, or none planned: still a source.
    assert flights["f1"]["route_source"] == "telemetry"
    assert flights["f2"]["route_source"] == "planned"


def test_csv_writes_one_file_per_record_kind_and_html_prints_them(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """log.csv holds the flights; aircraft, daily inspections and maintenance sit beside it;
    the HTML lays out the three records in Japanese, escaping every value."""
    _add_records(db)
    out = tmp_path / "log.csv"
    code, _ = _log(capsys, "--database-url", db, "--operator", "op-goto", "--out", str(out))
    assert code == 0
    assert len(_rows(out)) == 4
    assert [r["serial_number"] for r in _rows(tmp_path / "log.aircraft.csv")] == ["PF4-00123"]
    assert len(_rows(tmp_path / "log.daily_inspections.csv")) == 2
    assert [r["flight_time_since_certification_s"]
            for r in _rows(tmp_path / "log.maintenance.csv")] == ["1320", "1800"]
    html_out = tmp_path / "log.html"
    code, _ = _log(capsys, "--database-url", db, "--operator", "op-goto", "--out", str(html_out))
    page = html_out.read_text(encoding="utf-8")
    assert code == 0
    for heading in ("飛行記録", "日常点検記録", "点検整備記録", "型式認証書番号", "0123456789"):
        assert heading in page
    assert "<script" not in page
