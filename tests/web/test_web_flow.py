"""Browser flow (Chromium, headless): a resident orders, the operator plans and launches it,
the zone office sees the flight live, the resident sees it delivered. Screenshots are kept in
tests/web/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

playwright = pytest.importorskip("playwright.sync_api")

#: Font size and WCAG 2 contrast ratio of every visible text element (tests/web/contrast.js).
CONTRAST_JS = (Path(__file__).resolve().parent / "contrast.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _signed_in(browser: Any, server: str, user: str, path: str, viewport: dict[str, int]) -> Any:
    ctx = browser.new_context(viewport=viewport, locale="ja-JP", timezone_id="Asia/Tokyo")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    page.logs = []
    page.on("console",
            lambda m: page.logs.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.goto(f"{server}/")
    page.fill("#u", user)
    page.fill("#p", "kizuna-demo")
    page.click("button.primary")
    page.wait_for_url(f"**{path.split('?')[0]}")
    if "?" in path:
        page.goto(f"{server}{path}")
    try:
        page.wait_for_function("window.kizunaReady === true", timeout=60_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"{user}-not-ready.png"))
        raise AssertionError(f"{path} not ready: {errors} {page.logs}") from None
    return page


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


def test_order_plan_launch_watch_deliver(browser: Any, server: str) -> None:
    """The whole order path through the three pages."""
    regulator = _signed_in(browser, server, "regulator", "/regulator",
                           {"width": 1440, "height": 1100})
    regulator.wait_for_function("window.kizunaMapLoaded === true", timeout=30_000)
    resident = _signed_in(browser, server, "resident", "/resident", {"width": 390, "height": 844})
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
    resident.screenshot(path=str(ARTIFACTS / "resident-ordered.png"), full_page=True)

    console = _signed_in(browser, server, "operator", "/console?speed=40",
                         {"width": 1440, "height": 1000})
    console.wait_for_function("window.kizunaMapLoaded === true", timeout=30_000)
    console.click("#queue tr >> nth=0")
    console.click("#plan")
    console.wait_for_selector("#launch", timeout=60_000)
    assert "適合" in console.inner_text("#v-permit")
    assert "Category III" in console.inner_text("#v-class")
    console.screenshot(path=str(ARTIFACTS / "console-planned.png"), full_page=True)
    console.click("#launch")
    console.wait_for_selector("#simulate", timeout=30_000)
    console.click("#simulate")

    regulator.wait_for_function("Number(document.body.dataset.liveFlights) >= 1",
                                timeout=30_000)
    regulator.wait_for_selector(".marker.drone", timeout=30_000)
    regulator.screenshot(path=str(ARTIFACTS / "regulator-live.png"), full_page=True)
    console.screenshot(path=str(ARTIFACTS / "console-flying.png"), full_page=True)

    resident.wait_for_function("document.body.dataset.orderState === 'delivered'",
                               timeout=60_000)
    assert "お届けしました" in resident.inner_text("#state")
    resident.screenshot(path=str(ARTIFACTS / "resident-delivered.png"), full_page=True)
    resident.click("#lang")
    assert "Delivered" in resident.inner_text("#state")
    for page in (resident, console, regulator):
        assert page.errors == []
