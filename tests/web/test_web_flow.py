"""Browser flow (Chromium, headless): a resident orders, the operator plans and launches it,
the zone office sees the flight live, the resident sees it delivered. Screenshots are kept in
tests/web/artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from web_support import ARTIFACTS, signed_in

#: Font size and WCAG 2 contrast ratio of every visible text element (tests/web/contrast.js).
CONTRAST_JS = (Path(__file__).resolve().parent / "contrast.js").read_text(encoding="utf-8")


def _check_elderly_friendly(page: Any) -> None:
    texts = page.evaluate(CONTRAST_JS)
    assert texts, "no text found"
    small = [t for t in texts if t["size"] < 18]
    assert not small, f"text under 18px: {small[:3]}"
    low = [t for t in texts if t["ratio"] < 4.5]
    assert not low, f"contrast under 4.5: {low[:3]}"
    heights = page.eval_on_selector_all(
        "main button", "els => els.filter(e => e.offsetParent && !e.closest('.map'))"
        ".map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= 48, heights


#: GET a JSON API path with the page's own sign-in.
API_JS = """path => fetch('/api/v1' + path, {headers: {Authorization: 'Bearer '
    + sessionStorage.getItem('kizuna.token')}}).then(r => r.json())"""
#: Minimum distance (px) of a framed point from the map's edges, so its label is not clipped.
EDGE_PX = 24


def _assert_framed(page: Any, name: str, points: dict[str, list[float]]) -> dict[str, Any]:
    """Every named [lon, lat] point is inside the visible bounds of the page's map `name`,
    at least EDGE_PX from its edges."""
    pts = list(points.values())
    view = page.evaluate("([n, pts]) => window.kizunaMaps[n].view(pts)", [name, pts])
    (west, south), (east, north) = view["bounds"]
    for (what, (lon, lat)), (x, y) in zip(points.items(), view["px"], strict=True):
        assert west <= lon <= east and south <= lat <= north, (what, view["bounds"])
        assert EDGE_PX <= x <= view["width"] - EDGE_PX, (what, x, view["width"])
        assert EDGE_PX <= y <= view["height"] - EDGE_PX, (what, y, view["height"])
    return view


def _assert_resident_map(page: Any, state: str) -> None:
    """The status card's map shows the drop spot, the base and any route, not too close."""
    page.wait_for_function(f"document.body.dataset.mapFramed === '{state}'", timeout=30_000)
    order = next(o for o in page.evaluate(API_JS, "/orders") if o["state"] == state)
    spot = order["drop_spot"]
    bases = page.evaluate(API_JS, f"/scenarios/{spot['scenario']}/layers/bases")["features"]
    base_id = (order["flight"] or {}).get("base_id") or spot["base_id"]
    base = next(b for b in bases if b["properties"]["id"] == base_id)
    points = {"drop spot": [spot["lon"], spot["lat"]], "base": base["geometry"]["coordinates"]}
    for i, p in enumerate((order["flight"] or {}).get("route") or []):
        points[f"route {i}"] = p
    view = _assert_framed(page, "resident", points)
    assert view["zoom"] <= 13 + 1e-6, view["zoom"]
    assert page.locator("#omap .marker.drop").count() == 1
    assert page.locator("#omap .marker.base").count() == 1


def test_order_plan_launch_watch_deliver(browser: Any, server: str) -> None:
    """The whole order path through the three pages."""
    regulator = signed_in(browser, server, "regulator", "/regulator",
                          {"width": 1440, "height": 1100})
    regulator.wait_for_function("window.kizunaMapLoaded === true", timeout=30_000)
    resident = signed_in(browser, server, "resident", "/resident", {"width": 390, "height": 844})
    _check_elderly_friendly(resident)
    resident.screenshot(path=str(ARTIFACTS / "resident-step1.png"), full_page=True)
    resident.click("#what .choice[data-key=medicine]")
    resident.click("#where .choice >> nth=0")
    _check_elderly_friendly(resident)
    resident.click("#when .choice[data-key=asap]")
    resident.click("#send")
    resident.wait_for_function("window.kizunaMapLoaded === true", timeout=30_000)
    resident.wait_for_function("document.body.dataset.orderState === 'accepted'")
    _check_elderly_friendly(resident)
    assert "到着予定" in resident.inner_text("#eta")
    _assert_resident_map(resident, "accepted")
    resident.screenshot(path=str(ARTIFACTS / "resident-ordered.png"), full_page=True)

    console = signed_in(browser, server, "operator", "/console?speed=40",
                        {"width": 1440, "height": 1000})
    console.wait_for_function("window.kizunaMapLoaded === true", timeout=30_000)
    console.click("#queue tr >> nth=0")
    console.click("#plan")
    console.wait_for_selector("#launch", timeout=60_000)
    assert "適合" in console.inner_text("#v-permit")
    assert "Category III" in console.inner_text("#v-class")
    console.screenshot(path=str(ARTIFACTS / "console-planned.png"), full_page=True)
    # The pre-flight check gates the launch: the pilot ticks each item Kizuna filled in,
    # enters the wind measured on site and records the check; then the launch is offered.
    console.wait_for_selector("#pf-confirm", timeout=30_000)
    assert console.locator("#launch").is_disabled()
    for item in ("aircraft", "battery", "links_gnss", "weather", "airspace"):
        console.check(f"#pf-{item}")
    console.fill("#pf-wind", "3.5")
    console.click("#pf-confirm")
    console.wait_for_function("(document.getElementById('pf-result')?.textContent || '')"
                              ".includes('離陸できます')", timeout=30_000)
    console.wait_for_selector("#launch:not([disabled])", timeout=10_000)
    console.locator("#preflight").screenshot(path=str(ARTIFACTS / "console-preflight.png"))
    console.click("#launch")
    console.wait_for_selector("#simulate", timeout=30_000)
    refreshes = console.evaluate("Number(document.body.dataset.refreshes)")
    console.click("#simulate")
    # While the flight is simulated the console offers no second simulation, also after the
    # refresh that follows the action (which used to bring the button back).
    console.wait_for_selector("#simulate[disabled]", timeout=10_000)
    console.wait_for_function("n => Number(document.body.dataset.refreshes) > n", arg=refreshes,
                              timeout=30_000)
    assert console.locator("#simulate").is_disabled()

    regulator.wait_for_function("Number(document.body.dataset.liveFlights) >= 1",
                                timeout=30_000)
    regulator.wait_for_selector(".marker.drone", timeout=30_000)
    regulator.wait_for_function("/^goto:[1-9]/.test(document.body.dataset.mapFramed || '')",
                                timeout=30_000)
    flights = regulator.evaluate(API_JS, "/live/flights")
    assert flights
    points = {}
    for f in flights:
        points.update({f"{f['intent_id']} route {i}": p for i, p in enumerate(f["route"] or [])})
        if f["last"]:
            points[f"{f['intent_id']} last"] = [f["last"]["lon"], f["last"]["lat"]]
    for a in regulator.evaluate(API_JS, "/permits/applications"):
        app = a["record"]["versions"][-1]["application"]
        if a["state"] == "approved" and app["scenario"] == "goto":
            points.update({f"{app['id']} {i}": p
                           for i, p in enumerate(app["area"]["coordinates"][0])})
    view = _assert_framed(regulator, "regulator", points)
    xs, ys = [p[0] for p in view["px"]], [p[1] for p in view["px"]]
    # The live flights and the region's permit areas fill the view, not a speck in the archipelago.
    assert (max(xs) - min(xs) >= 0.5 * view["width"]
            or max(ys) - min(ys) >= 0.5 * view["height"]), view
    regulator.screenshot(path=str(ARTIFACTS / "regulator-live.png"), full_page=True)
    console.screenshot(path=str(ARTIFACTS / "console-flying.png"), full_page=True)

    resident.wait_for_function("document.body.dataset.orderState === 'delivered'",
                               timeout=60_000)
    assert "お届けしました" in resident.inner_text("#state")
    _assert_resident_map(resident, "delivered")
    resident.screenshot(path=str(ARTIFACTS / "resident-delivered.png"), full_page=True)
    resident.click("#lang")
    assert "Delivered" in resident.inner_text("#state")
    for page in (resident, console, regulator):
        assert page.errors == []
