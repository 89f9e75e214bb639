"""Browser test of the talent page (Chromium, headless): Kumamoto's officer adds seats to a
programme and the scenario's bars of the gap chart change from that year on, then raises a
course's seats in the register and the base bars change from its first graduates on; the page
reads in English; the industrial-hub zone office reads both prefectures, Miyagi's saying why
it has no figures, and cannot edit. Screenshots (1280 and 390 px) are kept in
tests/web/artifacts/."""

from __future__ import annotations

from typing import Any

from web_support import ARTIFACTS

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BAR = "#gapchart [data-role='engineer'] rect[data-series='scenario'][data-year='{year}']"


def _talent(browser: Any, server: str, user: str, viewport: dict[str, int]) -> Any:
    """A page signed in as ``user`` on /talent, once its first chart or table is drawn."""
    # Playwright's waits evaluate strings, which the pages' CSP forbids: bypassed here as in
    # web_support.signed_in (test_web_csp checks the pages under the policy).
    page = browser.new_context(viewport=viewport, locale="ja-JP", timezone_id="Asia/Tokyo",
                               bypass_csp=True).new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{server}/?next=/talent")
    page.fill("#u", user)
    page.fill("#p", "kizuna-demo")
    page.click("button.primary")
    page.wait_for_url("**/talent")
    page.wait_for_selector("#gapchart svg", timeout=60_000)
    return page


def _height(page: Any, year: int) -> float:
    return float(page.get_attribute(BAR.format(year=year), "height"))


def test_officer_adds_seats_and_the_gap_chart_changes(browser: Any, server: str) -> None:
    """40 more seats at the prefectural faculty from 2031 shorten the 2031 scenario bar only."""
    page = _talent(browser, server, "officer_kumamoto", WIDE)
    assert page.inner_text("#status").startswith("TSMC/JASM")
    assert page.locator("#register tr[data-programme='kpu-semiconductor']").count() == 1
    assert "news.mynavi.jp" in page.inner_text("#register tr[data-programme='kpu-semiconductor']")
    before = {y: _height(page, y) for y in (2030, 2031, 2034)}
    closed_before = page.inner_text("#kpi-closed .v")
    levers_before = page.locator("#leverlist li").count()

    page.select_option("#lkind", "add_seats")
    page.select_option("#lprog", "kpu-semiconductor")
    page.fill("#lfrom", "2031")
    page.fill("#lseats", "40")
    page.click("#addlever")
    page.wait_for_function(
        f"document.querySelector(\"{BAR.format(year=2031)}\").getAttribute('height') "
        f"!== '{page.get_attribute(BAR.format(year=2031), 'height')}'")
    after = {y: _height(page, y) for y in (2030, 2031, 2034)}
    assert after[2030] == before[2030]  # before the seats graduate nothing changes
    assert after[2031] < before[2031] and after[2034] < before[2034]  # a smaller gap
    assert page.locator("#leverlist li").count() == levers_before + 1
    assert "＋40" in page.locator("#leverlist li").last.inner_text()
    assert page.inner_text("#kpi-closed .v") != closed_before
    assert page.inner_text("#lerr") == ""
    page.screenshot(path=str(ARTIFACTS / "talent-officer.png"), full_page=True)

    page.click("#lang")
    page.wait_for_function("document.querySelector('#leverscard h2').textContent === 'Levers'")
    assert "+40 seats from the 2031 graduates" in page.locator("#leverlist li").last.inner_text()
    page.click("#lang")
    page.wait_for_function(
        "document.querySelector('#leverscard h2').textContent === '施策（レバー）'")

    # The base itself: 10 more seats in the device course (first graduates 2028).
    base = "#gapchart [data-role='engineer'] rect[data-series='base'][data-year='{year}']"
    base_before = {y: float(page.get_attribute(base.format(year=y), "height"))
                   for y in (2027, 2028)}
    row = page.locator("#register tr[data-programme='ku-device']")
    row.locator("input.seats").fill("30")
    row.locator("button[data-save]").click()
    page.wait_for_function(
        f"document.querySelector(\"{base.format(year=2028)}\").getAttribute('height') "
        f"!== '{page.get_attribute(base.format(year=2028), 'height')}'")
    assert float(page.get_attribute(base.format(year=2028), "height")) < base_before[2028]
    assert float(page.get_attribute(base.format(year=2027), "height")) == base_before[2027]
    assert page.locator("#register tr[data-programme='ku-device'] input.seats").input_value() \
        == "30"
    assert page.inner_text("#rerr") == ""
    assert page.errors == []


def test_zone_office_reads_both_prefectures_and_edits_neither(browser: Any, server: str) -> None:
    """The industrial-hub office sees Kumamoto and Miyagi; Miyagi says its plant was cancelled."""
    page = _talent(browser, server, "zone_industrial", WIDE)
    assert page.locator("#prefs button").all_inner_texts() == ["熊本県", "宮城県"]
    assert page.locator("#leverform").is_hidden()
    assert page.locator("#planform").is_hidden()
    page.click("#prefs button[data-pref='miyagi']")
    page.wait_for_function("document.querySelector('#status').textContent.includes('中止')")
    assert page.locator("#register tbody tr[data-programme]").count() == 0
    assert page.locator("#nodemand").is_visible()  # no demand: no gap is drawn
    page.screenshot(path=str(ARTIFACTS / "talent-zone-miyagi.png"), full_page=True)
    assert page.errors == []


def test_talent_page_fits_a_phone(browser: Any, server: str) -> None:
    """At 390 px nothing outside a table scrolls sideways."""
    page = _talent(browser, server, "officer_kumamoto", PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "talent-officer-390.png"), full_page=True)
