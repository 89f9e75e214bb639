"""Flight log records and incident reports over HTTP: the fields, tenancy, and bad input that
gets a 4xx naming the field. The clock is 2026-03-01 09:00 UTC (18:00 Japan time)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from api_support import Api

from kizuna.store.orders import DeliveryFlightRow, OrderStore
from kizuna.utm.records import checklist

GOTO, SOMA = "JU0000000001", "JU0000000101"


def _fleet(api: Api) -> None:
    c = api.client
    for org, user, reg, pilot in (("op-goto", "op_goto", GOTO, "p-goto"),
                                  ("op-soma", "op_soma", SOMA, "p-soma")):
        h = api.headers(user)
        r = c.post(f"/api/v1/orgs/{org}/fleet/aircraft", headers=h, json={
            "registration": reg, "profile_id": "pf4", "certificate": "second_class",
            "certificate_expiry": "2028-01-31", "certificate_issued": "2026-02-01",
            "airframe_certificate_number": "2-0042", "manufacturer": "ACSL",
            "serial_number": "SN-1"})
        assert r.status_code == 201, r.text
        r = c.post(f"/api/v1/orgs/{org}/fleet/pilots", headers=h, json={
            "id": pilot, "name": "Sato Hanako", "licence": "first_class",
            "licence_expiry": "2028-01-01", "licence_number": "1234567890"})
        assert r.status_code == 201, r.text


def _inspection(**overrides: Any) -> dict[str, Any]:
    body = {"registration": GOTO, "date": "2026-03-01", "place": "Fukue port",
            "inspector": "Sato Hanako", "remarks": "",
            "items": [{"item": i.id, "result": "pass"} for i in checklist("multirotor")]}
    return {**body, **overrides}


def test_fleet_keeps_the_log_header_and_licence_number(api: Api) -> None:
    """The aircraft's certificate numbers and maker, and the pilot's licence number, read back."""
    _fleet(api)
    h = api.headers("op_goto")
    a = api.client.get("/api/v1/orgs/op-goto/fleet/aircraft", headers=h).json()[0]
    assert (a["airframe_certificate_number"], a["certificate_issued"], a["serial_number"]) == (
        "2-0042", "2026-02-01", "SN-1")
    p = api.client.get("/api/v1/orgs/op-goto/fleet/pilots", headers=h).json()[0]
    assert p["licence_number"] == "1234567890"


def test_daily_inspection_needs_every_configured_item(api: Api) -> None:
    """Every item once; an unknown item is a 422 naming items.<k>.item; a missing one names
    items; another operator's aircraft names registration."""
    _fleet(api)
    c, h = api.client, api.headers("op_goto")
    r = c.post("/api/v1/orgs/op-goto/daily-inspections", headers=h, json=_inspection())
    assert r.status_code == 201 and r.json()["passed"] is True
    items = _inspection()["items"]
    r = c.post("/api/v1/orgs/op-goto/daily-inspections", headers=h,
               json=_inspection(items=[*items[:-1], {"item": "warp_drive", "result": "pass"}]))
    assert r.status_code == 422 and r.json()["field"] == f"items.{len(items) - 1}.item"
    r = c.post("/api/v1/orgs/op-goto/daily-inspections", headers=h,
               json=_inspection(items=items[:-1]))
    assert r.status_code == 422 and r.json()["field"] == "items"
    r = c.post("/api/v1/orgs/op-goto/daily-inspections", headers=h,
               json=_inspection(registration=SOMA))
    assert r.status_code == 422 and r.json()["field"] == "registration"
    r = c.post("/api/v1/orgs/op-soma/daily-inspections", headers=h, json=_inspection())
    assert r.status_code == 404  # another tenant: not disclosed


def test_maintenance_counts_flight_time_since_certification(api: Api) -> None:
    """Flights before the certificate's issue day do not count; those after do, up to the
    maintenance day; another operator's aircraft is a 422 naming registration."""
    _fleet(api)
    orders = OrderStore(api.state.sessions)
    from kizuna.dispatch.orders import Item, Order, PartyKind, receive
    from kizuna.store.orders import DropSpotRow

    orders.save_drop_spot(DropSpotRow(id="pad", organisation_id="op-goto", prefecture="nagasaki",
                                      scenario="goto", settlement_id="s", base_id="b", name="p",
                                      name_ja="p", lon=128.8, lat=32.7, coverage_kg=[1.0],
                                      typical_out_s=60.0))
    t = datetime(2026, 1, 20, 1, 0, tzinfo=UTC)
    for k, (dep, minutes) in enumerate(((t, 30.0), (t + timedelta(days=20), 12.0),
                                        (t + timedelta(days=30), 8.0))):
        o = Order(f"o{k}", "shop", PartyKind.SHOP, "b", "r", (Item("daily_goods", 1.0),),
                  "pad", dep, dep + timedelta(hours=1), dep)
        orders.add(receive(o), user_id=None, organisation_id="op-goto", prefecture="nagasaki")
        orders.save_flight(DeliveryFlightRow(
            id=f"f{k}", order_id=f"o{k}", organisation_id="op-goto", prefecture="nagasaki",
            registration=GOTO, pilot_id="p-goto", intent_id=None, level="3.5", permit=None,
            departure=dep, landing=dep + timedelta(minutes=minutes), km=2.0,
            outcome="delivered", synthetic=False))
    c, h = api.client, api.headers("op_goto")
    body = {"registration": GOTO, "date": "2026-02-25", "place": "Goto hangar",
            "performer": "Tanaka", "work": "motor 3 replaced", "parts_replaced": ["motor 3"],
            "reason": "vibration"}
    r = c.post("/api/v1/orgs/op-goto/maintenance", headers=h, json=body)
    assert r.status_code == 201, r.text
    # Certified 1 Feb: the 20 Jan flight (30 min) does not count; 9 Feb (12) and 19 Feb (8) do.
    assert r.json()["flight_time_since_certification_s"] == 20 * 60
    r = c.post("/api/v1/orgs/op-goto/maintenance", headers=h, json={**body, "registration": SOMA})
    assert r.status_code == 422 and r.json()["field"] == "registration"
    r = c.post("/api/v1/orgs/op-goto/maintenance", headers=h, json={**body, "date": "2026-03-05"})
    assert r.status_code == 422 and r.json()["field"] == "date"
    r = c.post("/api/v1/orgs/op-goto/flights/f1/defects", headers=h, json={
        "found_on": "2026-02-09", "content": "prop 2 chipped", "fixed_on": "2026-02-09",
        "fix": "prop 2 replaced", "confirmed_by": "Tanaka"})
    assert r.status_code == 201, r.text
    log = c.get("/api/v1/orgs/op-goto/flight-log", headers=h).json()["aircraft"][0]
    assert log["header"]["airframe_certificate_number"] == "2-0042"
    assert log["maintenance"][0]["flight_time_since_certification_s"] == 20 * 60
    f1 = next(f for f in log["flights"] if f["flight_id"] == "f1")
    assert f1["pilot_licence_number"] == "1234567890"
    assert f1["defects"][0]["fix"] == "prop 2 replaced"
    r = c.post("/api/v1/orgs/op-soma/flights/f1/defects", headers=api.headers("op_soma"), json={
        "found_on": "2026-02-09", "content": "x"})
    assert r.status_code == 404


def _incident(**overrides: Any) -> dict[str, Any]:
    body = {"kind": "loss_of_control", "occurred_at": "2026-03-01T17:40:00+09:00",
            "lon": 128.84, "lat": 32.70, "place": "Fukue, over the harbour",
            "registration": GOTO, "pilot_id": "p-goto", "permit_number": "P-AOKATA-1",
            "weather": {"wind_mps": 6.5, "conditions": "cloudy"},
            "summary": "Lost link; the aircraft flew away to the east.", "damage": "none",
            "injuries": "none", "action_taken": "Police and MLIT informed."}
    return {**body, **overrides}


def test_a_fly_away_is_filed_without_a_landing_time_and_printed(api: Api) -> None:
    """No landing time needed; the class follows the kind; the print follows MLIT's order."""
    _fleet(api)
    c, h = api.client, api.headers("op_goto")
    r = c.post("/api/v1/orgs/op-goto/incidents", headers=h, json=_incident())
    assert r.status_code == 201, r.text
    doc = r.json()
    assert (doc["status"], doc["classification"], doc["landing_time"]) == (
        "filed", "serious_incident", None)
    assert (doc["pilot"], doc["pilot_licence_number"], doc["model"]) == (
        "Sato Hanako", "1234567890", "ACSL PF4")
    page = c.get(f"/api/v1/incidents/{doc['id']}/report.html", headers=h).text
    labels = ["事故等の区分", "発生日時", "発生場所", "無人航空機(登録記号", "操縦者の氏名",
              "許可・承認番号", "気象状況", "事故等の概要", "講じた措置"]
    positions = [page.index(label) for label in labels]
    assert positions == sorted(positions) and "着陸せず" in page
    csv_text = c.get("/api/v1/incidents?format=csv", headers=h).text
    assert csv_text.splitlines()[0].startswith("id,status,classification,kind,occurred_at")
    assert len(csv_text.splitlines()) == 2


def test_bad_reports_are_refused_naming_the_field(api: Api) -> None:
    """A report in the future, another operator's aircraft, an unknown kind, a landing before
    the event."""
    _fleet(api)
    c, h = api.client, api.headers("op_goto")
    cases = [(_incident(occurred_at="2026-03-01T19:00:00+09:00"), "occurred_at"),
             (_incident(registration=SOMA), "registration"),
             (_incident(pilot_id="p-soma"), "pilot_id"),
             (_incident(landing_time="2026-03-01T17:00:00+09:00"), "landing_time")]
    for body, field in cases:
        r = c.post("/api/v1/orgs/op-goto/incidents", headers=h, json=body)
        assert r.status_code == 422 and r.json()["field"] == field, (field, r.text)
    r = c.post("/api/v1/orgs/op-goto/incidents", headers=h, json=_incident(kind="meteor"))
    assert r.status_code == 422 and "kind" in r.text


def test_reporters_see_their_own_and_regulators_their_prefecture(api: Api) -> None:
    """Operators see their organisation's reports; a regulator their prefecture's; the zone
    office both; another tenant's report is a 404."""
    _fleet(api)
    c = api.client
    goto = c.post("/api/v1/orgs/op-goto/incidents", headers=api.headers("op_goto"),
                  json=_incident()).json()
    soma = c.post("/api/v1/orgs/op-soma/incidents", headers=api.headers("op_soma"),
                  json=_incident(registration=SOMA, pilot_id="p-soma", lon=140.96,
                                 lat=37.64)).json()

    def seen(user: str) -> set[str]:
        return {r["id"] for r in c.get("/api/v1/incidents", headers=api.headers(user)).json()}

    assert seen("op_goto") == {goto["id"]} and seen("op_soma") == {soma["id"]}
    assert seen("reg_nagasaki") == {goto["id"]} and seen("reg_fukushima") == {soma["id"]}
    assert seen("zone_office") == {goto["id"], soma["id"]}
    assert c.get(f"/api/v1/incidents/{soma['id']}",
                 headers=api.headers("reg_nagasaki")).status_code == 404
    assert c.get("/api/v1/incidents", headers=api.headers("resident")).status_code == 403


def test_drafts_are_confirmed_or_dismissed_once(api: Api) -> None:
    """A draft is filed on confirmation or dismissed with a reason; a second step is a 422."""
    from kizuna.store.incidents import IncidentStore
    from kizuna.utm.incident import draft_from_fault

    _fleet(api)
    store = IncidentStore(api.state.sessions, api.clock)
    when = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    ids = []
    for fault in ("link_loss", "battery_anomaly"):
        report = draft_from_fault(fault, occurred_at=when, lon=128.84, lat=32.7, place="sea",
                                  registration=GOTO, pilot="Sato Hanako")
        assert report is not None
        ids.append(store.add("op-goto", "nagasaki", report, model="ACSL PF4", by="sim",
                             draft=True, source="simulation").id)
    assert draft_from_fault("delivered", occurred_at=when, lon=0, lat=0, place="x",
                            registration=GOTO, pilot="x") is None
    c, h = api.client, api.headers("op_goto")
    assert c.get("/api/v1/incidents", headers=api.headers("reg_nagasaki")).json()[0][
        "status"] == "draft"
    r = c.post(f"/api/v1/incidents/{ids[0]}/dismiss", headers=h,
               json={"reason": "returned to home under control"})
    assert r.json()["status"] == "dismissed"
    assert r.json()["dismiss_reason"] == "returned to home under control"
    r = c.post(f"/api/v1/incidents/{ids[0]}/confirm", headers=h)
    assert r.status_code == 422 and r.json()["field"] == "status"
    r = c.post(f"/api/v1/incidents/{ids[1]}/confirm", headers=h)
    assert r.json()["status"] == "filed" and r.json()["filed_at"]
    r = c.post(f"/api/v1/incidents/{ids[1]}/dismiss", headers=api.headers("op_soma"),
               json={"reason": "x"})
    assert r.status_code == 404


def test_filing_notifies_the_prefectures_regulators_on_the_live_stream(api: Api) -> None:
    """A filed report reaches the regulators of the operator's prefecture (and the operator)
    as an 'incident' event, after the filing cursor; not another prefecture's regulator, and
    not a draft until it is confirmed."""
    import json

    from kizuna.store.incidents import IncidentStore
    from kizuna.utm.incident import EventKind, EventReport

    _fleet(api)
    store = IncidentStore(api.state.sessions, api.clock)
    report = EventReport(EventKind.NEAR_COLLISION, datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
                         128.84, 32.7, "Fukue", GOTO, "Sato Hanako", "helicopter passed 50 m")
    store.add("op-goto", "nagasaki", report, model="ACSL PF4", by="first")
    draft = store.add("op-goto", "nagasaki", report, model="ACSL PF4", by="draft", draft=True)
    store.add("op-goto", "nagasaki", report, model="ACSL PF4", by="second")

    def incidents(user: str, after: int) -> list[dict[str, Any]]:
        with api.client.stream(
                "GET", f"/api/v1/live/positions?timeout_s=0.3&poll_s=0.05&incidents_after={after}",
                headers=api.headers(user)) as r:
            text = r.read().decode()
        out = []
        for chunk in filter(None, text.split("\n\n")):
            fields = dict(line.split(": ", 1) for line in chunk.split("\n"))
            if fields.get("event") == "incident":
                out.append(json.loads(fields["data"]))
        return out

    got = incidents("reg_nagasaki", 1)
    assert [(d["changed_by"], d["kind"], d["classification"], d["seq"]) for d in got] == [
        ("second", "near_collision", "serious_incident", 2)]
    assert [d["changed_by"] for d in incidents("op_goto", 0)] == ["first", "second"]
    assert incidents("reg_fukushima", 0) == [] and incidents("resident", 0) == []
    store.confirm(draft.id, "op")
    assert [d["id"] for d in incidents("zone_office", 2)] == [draft.id]


def test_checklist_follows_the_aircraft_kind_and_the_log_prints(api: Api) -> None:
    """The checklist of a registration is its kind's; the printable log is MLIT's layout,
    readable by the prefecture's regulator, not another operator."""
    _fleet(api)
    c = api.client
    r = c.get(f"/api/v1/orgs/op-goto/records/checklist?registration={GOTO}",
              headers=api.headers("op_goto"))
    assert r.json()["kind"] == "multirotor"
    assert [i["id"] for i in r.json()["items"]] == [i.id for i in checklist("multirotor")]
    assert len(c.get("/api/v1/orgs/op-goto/records/checklist?kind=fixed_wing",
                     headers=api.headers("op_goto")).json()["items"]) == len(
        checklist("fixed_wing"))
    r = c.get(f"/api/v1/orgs/op-goto/records/checklist?registration={SOMA}",
              headers=api.headers("op_goto"))
    assert r.status_code == 422 and r.json()["field"] == "registration"
    page = c.get("/api/v1/orgs/op-goto/flight-log.html", headers=api.headers("reg_nagasaki"))
    assert page.status_code == 200 and "飛行日誌" in page.text
    assert c.get("/api/v1/orgs/op-goto/flight-log.html",
                 headers=api.headers("op_soma")).status_code == 404
