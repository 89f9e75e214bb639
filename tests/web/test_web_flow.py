"""Browser flow (Chromium, headless): a resident orders, the operator plans and launches it,
the zone office sees the flight live, the resident sees it delivered. Screenshots are kept in
tests/web/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from web_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

playwright = pytest.importorskip("playwright.sync_api")

#: WCAG 2 contrast ratio of the text colour against the nearest opaque background.
CONTRAST_JS = """
() => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const bg = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3); } return [255, 255, 255]; };
  const out = [];
  for (const el of document.querySelectorAll("main *")) {
    if (el.offsetParent === null || el.closest(".map")) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const cs = getComputedStyle(el);
    const a = lum(rgb(cs.color)), b = lum(bg(el));
    out.push({ text: el.textContent.trim().slice(0, 30), size: parseFloat(cs.fontSize),
               ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), tag: el.tagName });
  }
  return out;
}
"""


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
    page.on("console", lambda m: page.logs.append(f"{m.type}: {m.text}") if m.type == "error" else None)
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
        "main button", "els => els.filter(e => e.offsetParent && !e.closest('.map')).map(e => e.getBoundingClientRect().height)")
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
