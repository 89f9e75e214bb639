"""Browser tests (Chromium, headless) of the operator console's live stream and the zone
office's dossier panel. Screenshots are kept in tests/web/artifacts/.

- The console takes positions from the server-sent event stream (fetch with the bearer token in
  a header, never in the URL), shows its state ("live" / "reconnecting") and reconnects with
  Last-Event-ID; a launched flight's positions arrive without the page polling for them, and so
  does a conformance alert (shown at once, not on the 10 s refresh).
- The zone office opens an application's full dossier (the API's printable HTML), reads its
  sections, switches language and approves it with conditions from the panel.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

import pytest
from web_support import ARTIFACTS, api_call, api_token, signed_in

KASHIMA = "kashima-area-2025"



def _launched_order(server: str) -> tuple[str, str, str]:
    """A resident's medicine order, planned and launched by the operator: (order, intent,
    operator token)."""
    resident = api_token(server, "resident")
    spot = api_call(server, "GET", "/me/drop-spots", resident)[0]
    order = api_call(server, "POST", "/orders", resident,
                 {"items": [{"kind": "medicine", "weight_kg": 0.3}],
                  "drop_spot_id": spot["id"], "when": "asap"})
    operator = api_token(server, "operator")
    planned = api_call(server, "POST", f"/orders/{order['id']}/plan", operator,
                   {"wind_mps": 4, "lang": "ja"})
    assert planned["state"] == "scheduled" and planned["flight"]["ok"], planned
    check = api_call(server, "POST", f"/orgs/op-goto/orders/{order['id']}/preflight", operator,
                 {"wind_mps": 3.0, "items": [{"item": i, "confirmed": True} for i in (
                     "aircraft", "battery", "links_gnss", "weather", "airspace")]})
    assert check["passed"], check
    launched = api_call(server, "POST", f"/orders/{order['id']}/launch?lang=ja", operator)
    assert launched["state"] == "in_flight", launched
    return order["id"], launched["flight"]["intent_id"], operator


def _positions(page: Any, intent: str) -> int:
    n: int = page.evaluate("id => window.kizunaLive.positions[id]?.n || 0", intent)
    return n


def test_console_takes_live_positions_from_the_stream(browser: Any, server: str) -> None:
    """The console shows a launched flight moving from stream events, not by polling, and
    reconnects (with Last-Event-ID) after losing the network."""
    console = signed_in(browser, server, "operator", "/console",
                        {"width": 1440, "height": 1000})
    requests = console.requests
    console.wait_for_function("document.body.dataset.live === 'live'", timeout=30_000)
    assert "ライブ受信中" in console.inner_text("#live")

    order_id, intent, operator = _launched_order(server)
    def count(path: str) -> int:
        return sum(f"/api/v1{path}" in r.url for r in requests)

    flights_before, refreshes_before = count("/live/flights"), count("/clock")
    api_call(server, "POST", f"/orders/{order_id}/simulate", operator, {"speed": 10})
    # The service refuses a second simulation of a flight in the air (not only the page).
    with pytest.raises(urllib.error.HTTPError) as second:
        api_call(server, "POST", f"/orders/{order_id}/simulate", operator, {"speed": 10})
    assert second.value.code == 409
    assert "already being flown" in json.loads(second.value.read().decode())["detail"]
    console.wait_for_function("id => (window.kizunaLive.positions[id]?.n || 0) >= 2", arg=intent,
                              timeout=60_000)
    marker = console.locator(f".marker.drone[data-intent='{intent}']")
    assert marker.count() == 1
    first_at = console.evaluate("id => window.kizunaLive.markerAt(id)", intent)
    first_n = _positions(console, intent)
    console.wait_for_function("([id, n]) => window.kizunaLive.positions[id].n >= n + 6",
                              arg=[intent, first_n], timeout=60_000)
    live = console.evaluate("id => window.kizunaLive.positions[id]", intent)
    # The marker sits where the stream's last position put it, and it moved since.
    assert console.evaluate("id => window.kizunaLive.markerAt(id)", intent) == live["at"]
    assert live["at"] != first_at
    # The new flight brought the queue up to date without waiting for the slow refresh.
    row = console.locator(f"#queue tr[data-id='{order_id}']")
    row.locator(".pill.live").wait_for(timeout=10_000)
    row.click()
    # Its telemetry is arriving: the console offers no second simulation of it.
    simulate = console.locator("#simulate")
    assert simulate.is_disabled() and "テレメトリ受信中" in simulate.inner_text()
    console.screenshot(path=str(ARTIFACTS / "console-live.png"), full_page=True)

    # Positions came over one stream: the flights list was fetched once to learn the new
    # intent's volume, otherwise only by the slow refresh (every 10 s, which alone fetches the
    # clock), fewer times than positions arrived.
    streams = [r for r in requests if "/api/v1/live/positions" in r.url]
    assert len(streams) == 1, [r.url for r in streams]
    headers = streams[0].headers
    assert headers.get("authorization", "").startswith("Bearer ")
    assert headers.get("accept") == "text/event-stream"
    assert "token" not in streams[0].url.lower() and "bearer" not in streams[0].url.lower()
    flights_during = count("/live/flights") - flights_before
    slow_refreshes = count("/clock") - refreshes_before
    assert flights_during <= 1 + slow_refreshes, (flights_during, slow_refreshes)
    assert live["n"] >= 6 and live["n"] > flights_during, (flights_during, live)

    console.click("#lang")
    assert "Live" in console.inner_text("#live")
    console.click("#lang")
    assert console.errors == []


def test_console_shows_an_alert_from_the_stream_at_once(browser: Any, server: str) -> None:
    """An off-route report's alert appears on the console as a stream event: within a few
    seconds, with no request for the alert list after the page had read it once."""
    console = signed_in(browser, server, "operator", "/console",
                        {"width": 1440, "height": 1000})
    console.wait_for_function("document.body.dataset.live === 'live'", timeout=30_000)
    console.wait_for_function("document.body.dataset.alertsLoaded === '1'", timeout=30_000)
    lists = [r for r in console.requests if "/api/v1/live/alerts" in r.url]
    assert len(lists) == 1

    # An intent of the operator's own (20 hours ahead, away from the demo's traffic, so it
    # conflicts with no flight of the other tests) and one report 4 km off it.
    operator = api_token(server, "operator")
    start = datetime.fromisoformat(api_call(server, "GET", "/clock", operator)["now"]) + timedelta(
        hours=20)  # reports are believed within a day of now (docs/api.md, bounds)
    area = [[129.20, 33.20], [129.21, 33.20], [129.21, 33.21], [129.20, 33.21], [129.20, 33.20]]
    submitted = api_call(server, "POST", "/utm/intents", operator, {"volumes": [{
        "polygon": {"type": "Polygon", "coordinates": [area]}, "altitude_lower_m": 0,
        "altitude_upper_m": 150, "altitude_reference": "AMSL",
        "time_start": start.isoformat(), "time_end": (start + timedelta(minutes=20)).isoformat(),
    }]})
    assert submitted["accepted"], submitted
    intent = submitted["id"]
    caused = api_call(server, "POST", f"/utm/intents/{intent}/telemetry", operator, {
        "aircraft_id": "JA-ALERT1", "reports": [{
            "time": (start + timedelta(minutes=1)).isoformat(), "lon": 129.25, "lat": 33.205,
            "alt_m": 60, "altitude_reference": "AMSL"}]})
    alert_codes = [e["code"] for e in caused["events"] if "deviation_m" in e]
    assert alert_codes and alert_codes[0] == "UTM-NONCONFORMING", caused
    # Well under the 10 s refresh (which no longer reads alerts at all).
    console.wait_for_function(
        "id => (document.body.dataset.lastAlert || '').startsWith(id + ' ')", arg=intent,
        timeout=6_000)
    assert [r for r in console.requests if "/api/v1/live/alerts" in r.url] == lists
    # Each alert of the report (newest first), marked new, readable without the code book.
    fresh = console.locator("#alerts li.alert.fresh")
    assert fresh.count() == len(alert_codes)
    text = fresh.last.inner_text()
    assert "飛行計画から逸脱" in text and "JA-ALERT1" in text and intent in text, text
    assert console.evaluate("window.kizunaLive.alerts.map(a => a.code)")[0] == \
        "UTM-NONCONFORMING"
    console.screenshot(path=str(ARTIFACTS / "console-alert.png"), full_page=True)
    console.click("#lang")
    assert "Left the intent" in console.inner_text("#alerts")
    console.click("#lang")
    assert console.errors == []


def test_console_reconnects_after_losing_the_network(browser: Any, server: str) -> None:
    """The stream (closed by the server every 3 s here) cannot reopen while the browser is
    offline: the page says "reconnecting", then resumes from the last event id when online."""
    console = signed_in(browser, server, "operator", "/console?stream_s=3",
                        {"width": 1440, "height": 1000})
    console.wait_for_function("document.body.dataset.live === 'live'", timeout=30_000)
    console.context.set_offline(True)
    console.wait_for_function("document.body.dataset.live === 'reconnecting'", timeout=30_000)
    assert "再接続中" in console.inner_text("#live")
    console.screenshot(path=str(ARTIFACTS / "console-reconnecting.png"))
    console.context.set_offline(False)
    console.wait_for_function("document.body.dataset.live === 'live'", timeout=30_000)
    streams = [r for r in console.requests if "/api/v1/live/positions" in r.url]
    assert len(streams) >= 2
    assert streams[0].headers.get("last-event-id") is None
    # The opening event named the cursor: the reopened stream resumes there.
    assert streams[-1].headers.get("last-event-id", "").isdigit(), streams[-1].headers
    assert "timeout_s=3" in streams[-1].url
    assert console.errors == []


def test_regulator_opens_the_dossier_and_decides(browser: Any, server: str) -> None:
    """The zone office opens the Kashima application's dossier in the panel, sees its sections
    and map, switches to English and back, and approves it with conditions from the panel."""
    regulator = signed_in(browser, server, "regulator", "/regulator",
                          {"width": 1440, "height": 1000})
    regulator.screenshot(path=str(ARTIFACTS / "regulator-review.png"), full_page=True)
    regulator.click(f"[data-dossier='{KASHIMA}']")
    assert regulator.locator("#dossier").is_visible()
    regulator.wait_for_function(f"document.body.dataset.dossier === 'ready:{KASHIMA}:ja'",
                                timeout=120_000)
    doc = regulator.frame_locator("#dossier-frame")
    assert "南相馬市鹿島区" in doc.locator("h1").inner_text()
    headings = doc.locator("h2").all_inner_texts()
    for section in ("概要", "申請内容", "地図", "SORA 2.5 評価", "航空法上の区分",
                    "範囲内の道路・鉄道", "緊急着陸地点"):
        assert any(h.split("\n")[0].endswith(section) or section in h for h in headings), (
            section, headings)
    img = doc.locator("figure img")
    assert img.count() == 1
    assert img.evaluate("i => i.complete && i.naturalWidth > 500")
    # Large type on screen: the dossier's body text and the panel's controls.
    size = doc.locator("table td").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 16, size
    assert "審査資料" in regulator.inner_text("#dossier-title")
    regulator.screenshot(path=str(ARTIFACTS / "regulator-dossier.png"))

    regulator.click("#dossier-lang")
    regulator.wait_for_function(
        "document.getElementById('dossier-title').textContent.includes('Risk dossier')")
    regulator.wait_for_function(f"document.body.dataset.dossier === 'ready:{KASHIMA}:en'")
    en_size = doc.locator("table th .en").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")
    assert en_size >= 16, en_size
    assert "Approve with conditions" in regulator.inner_text("#dossier-decision")
    regulator.screenshot(path=str(ARTIFACTS / "regulator-dossier-en.png"))
    regulator.click("#dossier-lang")
    regulator.wait_for_function(
        "document.getElementById('dossier-title').textContent.includes('審査資料')")
    regulator.wait_for_function(f"document.body.dataset.dossier === 'ready:{KASHIMA}:ja'")

    panel = regulator.locator("#dossier-decision")
    panel.locator("[data-cond=no_commuting_hours]").check()
    panel.locator("[data-approve]").click()
    regulator.wait_for_function(
        "document.querySelector('#dossier-title .pill.ok') !== null", timeout=30_000)
    assert panel.locator("[data-approve]").count() == 0
    token = regulator.evaluate("sessionStorage.getItem('kizuna.token')")
    stored = api_call(server, "GET", f"/orgs/op-soma/permits/applications/{KASHIMA}", token)
    assert stored["state"] == "approved"
    permit = stored["record"]["versions"][-1]["permit"]
    assert {c["name"] for c in permit["conditions"]} == {
        "no_night", "camera_required", "no_commuting_hours"}
    regulator.click("#dossier-close")
    assert not regulator.locator("#dossier").is_visible()
    assert regulator.errors == []
