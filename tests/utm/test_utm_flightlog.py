"""Flight log records from telemetry, CSV/JSON in the legal forms' fields, incident reports."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from utm_support import T0, ZONE_I

from kizuna.errors import InvalidInput
from kizuna.utm import AltitudeReference, OperationalIntent, corridor_volumes
from kizuna.utm.conformance import ConformanceMonitor, ConformancePolicy, PositionReport
from kizuna.utm.flightlog import (
    FlightLog,
    flight_log_csv,
    flight_log_json,
    flight_record_from_track,
    flights_csv,
    restricted_items,
    track_distance_m,
)
from kizuna.utm.incident import (
    Injury,
    OccurrenceClass,
    OccurrenceFacts,
    classify_occurrence,
    incident_report,
)
from kizuna.utm.records import CheckResult, DailyInspection, Defect, MaintenanceRecord


def _drifting_flight() -> tuple[list[PositionReport], ConformanceMonitor]:
    route = [(128.80, 32.70, 60.0, T0), (128.82, 32.70, 60.0, T0 + timedelta(minutes=4))]
    intent = OperationalIntent("op-a-7", "op-a", 0, corridor_volumes(
        route, lateral_margin_m=20, vertical_margin_m=10, eta_uncertainty_s=20, frame=ZONE_I,
        altitude_reference=AltitudeReference.AGL))
    mon = ConformanceMonitor(intent, "JU-0001", ZONE_I, ConformancePolicy(30, 200))
    reports = [PositionReport("JU-0001", T0 + timedelta(seconds=s), 128.80 + 0.02 * s / 240,
                              32.70 + north / 111_000, 60, AltitudeReference.AGL)
               for s, north in ((0, 0), (60, 0), (120, 40), (160, 60), (240, 0))]
    for r in reports:
        mon.observe(r)
    return reports, mon


def test_track_distance_includes_climb() -> None:
    """0.01 deg of latitude (~1,109 m) at 0 then 300 m altitude is the hypotenuse."""
    flat = track_distance_m([(128.8, 32.7, 0), (128.8, 32.71, 0)])
    assert flat == pytest.approx(1109, rel=0.01)
    assert track_distance_m([(128.8, 32.7, 0), (128.8, 32.71, 300)]) == pytest.approx(
        (flat**2 + 300**2) ** 0.5)


def test_flight_record_carries_times_distance_and_anomalies() -> None:
    """The record spans the telemetry and lists each conformance alert as an anomaly."""
    reports, mon = _drifting_flight()
    rec = flight_record_from_track(reports, registration="JU-0001", pilot="Sato",
                                   purpose="delivery",
                                   takeoff_place="Fukue port", landing_place="Fukue clinic",
                                   events=mon.log, intent_id="op-a-7")
    assert rec.flight_time_s == 240
    assert rec.distance_m == pytest.approx(1873, rel=0.02)
    assert [a.split(" ")[1] for a in rec.anomalies] == ["UTM-NONCONFORMING:", "UTM-CONTINGENT:"]


def _log() -> FlightLog:
    reports, mon = _drifting_flight()
    rec = flight_record_from_track(reports, registration="JU-0001", pilot="Sato",
                                   purpose="delivery",
                                   takeoff_place="Fukue port", landing_place="Fukue clinic",
                                   events=mon.log)
    later = flight_record_from_track(
        [PositionReport("JU-0001", T0 + timedelta(hours=2, seconds=s), 128.8, 32.7 + s / 1e5, 50,
                        AltitudeReference.AGL) for s in (0, 100)],
        registration="JU-0001", pilot="Sato", purpose="return", takeoff_place="A",
        landing_place="B")
    insp = DailyInspection("JU-0001", date(2026, 12, 1), "Fukue port", "Sato",
                           (CheckResult("propellers", "pass"), CheckResult("battery_fuel", "pass")))
    maint = MaintenanceRecord("JU-0001", date(2026, 12, 2), "Goto hangar", "Tanaka",
                              "motor 3 replaced", "vibration", ("motor 3",),
                              flight_time_since_certification_s=340)
    return FlightLog("JU-0001", (later, rec), (insp,), (maint,))


def test_csv_has_the_legal_fields_and_running_total() -> None:
    """Flights come out in time order, with the running total flight time; ja labels on demand."""
    files = flight_log_csv(_log())
    rows = list(csv.DictReader(io.StringIO(files["flights.csv"])))
    assert [r["purpose"] for r in rows] == ["delivery", "return"]
    assert [r["total_flight_time_s"] for r in rows] == ["240", "340"]
    assert "UTM-CONTINGENT" in rows[0]["anomalies"]
    ja = flight_log_csv(_log(), labels="ja")
    assert ja["flights.csv"].splitlines()[0].startswith("登録記号,飛行年月日,飛行させた者の氏名")
    assert "propellers=pass" in files["daily_inspections.csv"]
    assert "motor 3 replaced" in files["maintenance.csv"]


def test_json_round_trips_and_keeps_the_route() -> None:
    """The JSON document parses back and holds every fix flown."""
    doc = json.loads(json.dumps(flight_log_json(_log()), ensure_ascii=False))
    assert doc["registration"] == "JU-0001"
    assert len(doc["flights"][0]["route"]) == 5
    assert doc["daily_inspections"][0]["items"] == [
        {"item": "propellers", "result": "pass"}, {"item": "battery_fuel", "result": "pass"}]
    assert doc["maintenance"][0]["parts_replaced"] == ["motor 3"]
    assert doc["maintenance"][0]["flight_time_since_certification_s"] == 340


def test_an_extract_carries_the_earlier_flight_time() -> None:
    """prior_flight_time_s starts the running total; it must be a non-negative number."""
    log = replace(_log(), prior_flight_time_s=1000.0)
    rows = list(csv.DictReader(io.StringIO(flight_log_csv(log)["flights.csv"])))
    assert [r["total_flight_time_s"] for r in rows] == ["1240", "1340"]
    with pytest.raises(InvalidInput, match="prior_flight_time_s"):
        replace(_log(), prior_flight_time_s=-1.0)


def test_times_are_written_to_the_second() -> None:
    """Clock readings carry microseconds; the legal form shows whole seconds."""
    first = _log().flights[0]
    fine = replace(first, takeoff_time=first.takeoff_time + timedelta(microseconds=129_509),
                   landing_time=first.landing_time + timedelta(microseconds=932_007))
    row = next(csv.DictReader(io.StringIO(flight_log_csv(FlightLog("JU-0001",
                                                                   (fine,)))["flights.csv"])))
    assert row["takeoff_time"] == first.takeoff_time.isoformat()
    assert row["landing_time"] == first.landing_time.isoformat()
    assert "." not in row["takeoff_time"] + row["landing_time"]


def test_flights_of_several_aircraft_share_one_header() -> None:
    """flights_csv: one header, then each log's flights with its own running total."""
    other = FlightLog("JU-0002", (replace(_log().flights[0], registration="JU-0002"),))
    rows = list(csv.DictReader(io.StringIO(flights_csv([_log(), other]))))
    assert [(r["registration"], r["total_flight_time_s"]) for r in rows] == [
        ("JU-0001", "240"), ("JU-0001", "340"), ("JU-0002", "240")]
    assert flights_csv([]).count("\n") == 1


def test_log_refuses_another_aircrafts_records() -> None:
    """A log holds one aircraft's records only."""
    insp = DailyInspection("JU-9999", date(2026, 12, 1), "x", "y",
                           (CheckResult("frame", "pass"),))
    with pytest.raises(InvalidInput, match="JU-9999"):
        FlightLog("JU-0001", daily_inspections=(insp,))


def test_restricted_items_are_the_specific_flight_codes_in_words() -> None:
    """Only A-/M- codes of the classification are kept, in the law's order, worded by rule."""
    rec = replace(_log().flights[0], restricted_items=restricted_items(
        ["LEVEL-3.5", "M-BVLOS", "A-DID", "CAT-IIB", "M-30M"]))
    assert rec.restricted_items == ("A-DID", "M-BVLOS", "M-30M")
    doc = flight_log_json(FlightLog("JU-0001", (rec,)), "ja")
    items = doc["flights"][0]["restricted_items"]
    assert [i["code"] for i in items] == ["A-DID", "M-BVLOS", "M-30M"]
    assert "人口集中地区" in items[0]["text"]
    with pytest.raises(InvalidInput, match="restricted_items"):
        replace(rec, restricted_items=("LEVEL-4",))


def test_defects_carry_their_fix_and_who_confirmed_it() -> None:
    """A fixed defect needs the fix's date, content and who confirmed it; not before found."""
    d = Defect(date(2026, 12, 1), "propeller 2 chipped", date(2026, 12, 1), "propeller replaced",
               "Tanaka")
    rec = replace(_log().flights[0], defects=(d,))
    row = flight_log_json(FlightLog("JU-0001", (rec,)))["flights"][0]
    assert row["defects"] == [{"found_on": "2026-12-01", "content": "propeller 2 chipped",
                               "fixed_on": "2026-12-01", "fix": "propeller replaced",
                               "confirmed_by": "Tanaka"}]
    assert "confirmed by Tanaka" in flight_log_csv(FlightLog("JU-0001", (rec,)))["flights.csv"]
    with pytest.raises(InvalidInput, match="fixed_on"):
        Defect(date(2026, 12, 2), "x", date(2026, 12, 1), "y", "z")
    with pytest.raises(InvalidInput, match="confirmed_by"):
        Defect(date(2026, 12, 1), "x", date(2026, 12, 1), "y", "")
    assert Defect(date(2026, 12, 1), "open one").open


@pytest.mark.parametrize(("facts", "expected", "codes"), [
    (OccurrenceFacts(), OccurrenceClass.NONE, []),
    (OccurrenceFacts(injury=Injury.MINOR), OccurrenceClass.SERIOUS_INCIDENT, ["INC-SI-INJURY"]),
    (OccurrenceFacts(near_collision=True, fire_in_flight=True), OccurrenceClass.SERIOUS_INCIDENT,
     ["INC-SI-NEAR-COLLISION", "INC-SI-FIRE"]),
    (OccurrenceFacts(loss_of_control=True), OccurrenceClass.SERIOUS_INCIDENT,
     ["INC-SI-LOSS-OF-CONTROL"]),
    (OccurrenceFacts(injury=Injury.SERIOUS), OccurrenceClass.ACCIDENT, ["INC-ACC-INJURY"]),
    (OccurrenceFacts(third_party_property_damage=True, loss_of_control=True),
     OccurrenceClass.ACCIDENT, ["INC-ACC-PROPERTY", "INC-SI-LOSS-OF-CONTROL"]),
    (OccurrenceFacts(aircraft_collision=True), OccurrenceClass.ACCIDENT, ["INC-ACC-COLLISION"]),
])
def test_classification_follows_domain_section_2(facts: OccurrenceFacts,
                                                 expected: OccurrenceClass,
                                                 codes: list[str]) -> None:
    """Accidents outrank serious incidents; every matching fact is a reason."""
    cls, reasons = classify_occurrence(facts)
    assert cls is expected and [r.code for r in reasons] == codes


def test_incident_report_is_derived_from_the_flight() -> None:
    """The report locates the occurrence on the route and carries the events before it."""
    reports, mon = _drifting_flight()
    rec = flight_record_from_track(reports, registration="JU-0001", pilot="Sato", purpose="d",
                                   takeoff_place="Fukue port", landing_place="clinic")
    rep = incident_report(OccurrenceFacts(loss_of_control=True), rec,
                          T0 + timedelta(seconds=170), tuple(mon.log))
    doc = rep.to_json()
    assert doc["classification"] == "serious_incident"
    assert doc["position"]["lat"] == pytest.approx(32.70 + 40 / 111_000)
    assert [e["code"] for e in doc["events"]][-1] == "UTM-CONTINGENT"
    with pytest.raises(InvalidInput, match="neither"):
        incident_report(OccurrenceFacts(), rec, T0)
