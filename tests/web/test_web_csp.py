"""Browser tests (Chromium, headless): data never runs as script, and every page keeps to its
Content-Security-Policy.

- A hostile operator puts markup in every field of a permit application the regulator reads
  (title, operator, insurance, aircraft, pilots) and in a pilot's name (the console's fleet);
  the zone office names an emergency airspace with markup.
  Every page that shows them shows the text as typed: no element is made from it, no dialog
  opens, no script runs.
- Every page loads under the policy with no violation reported (``securitypolicyviolation``),
  and the policy forbids inline script, ``eval`` and framing.
"""

from __future__ import annotations

from typing import Any

import pytest
from web_support import ARTIFACTS, api_call, api_token, signed_in, wait_until

WIDE = {"width": 1280, "height": 900}
#: Each would make an element (and, without the policy, run script) if rendered as HTML.
PAYLOAD = '<img src=x id=pwned onerror="window.pwned=1;alert(1)">'
#: Records CSP violations and dialogs before the page's own scripts run.
WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.cspViolations.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""
#: (user, the page they land on after signing in, the page checked)
PAGES = [("operator", "/console", "/console"), ("regulator", "/regulator", "/regulator"),
         ("resident", "/resident", "/resident"),
         ("company_kumamoto", "/residency/company", "/residency/company"),
         ("officer_kumamoto", "/residency/review", "/residency/review"),
         ("immigration", "/residency/cases", "/residency/cases"),
         ("company_kumamoto", "/residency/company", "/residency/dashboard"),
         ("operator", "/console", "/hydrogen")]



@pytest.fixture(scope="module")
def hostile(server: str) -> str:
    """Markup in every user-writable field the regulator and the console show."""
    op = api_token(server, "operator")
    apps = api_call(server, "GET", "/orgs/op-goto/permits/applications", op)
    application = dict(apps[0]["record"]["versions"][-1]["application"])
    application.update(id="xss-area", title=PAYLOAD, title_ja=PAYLOAD, operator=PAYLOAD,
                       insurance=PAYLOAD, aircraft=[PAYLOAD], pilots=[PAYLOAD])
    api_call(server, "POST", "/orgs/op-goto/permits/applications", op, application)
    api_call(server, "POST", "/orgs/op-goto/permits/applications/xss-area/submit", op)
    api_call(server, "POST", "/orgs/op-goto/fleet/pilots", op, {"id": "xss-pilot", "name": PAYLOAD})
    reg = api_token(server, "regulator")
    ring = [[129.0, 33.0], [129.001, 33.0], [129.001, 33.001], [129.0, 33.0]]
    api_call(server, "POST", "/emergency-airspace", reg,
         {"prefecture": "nagasaki", "name": PAYLOAD, "area": {"type": "Polygon",
                                                              "coordinates": [ring]}})
    return PAYLOAD


def _open(browser: Any, server: str, user: str, path: str, home: str | None = None) -> Any:
    page = signed_in(browser, server, user, home or path, WIDE, init_script=WATCH,
                     enforce_csp=True)
    if home and home != path:
        page.goto(f"{server}{path}")
        wait_until(page, "window.kizunaReady === true", 60_000)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return page


def _assert_inert(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"xss-{name}.png"), full_page=True)
    assert page.dialogs == []
    assert page.evaluate("window.pwned") is None
    assert page.locator("#pwned").count() == 0
    assert page.evaluate("window.cspViolations") == []


def test_regulator_shows_hostile_application_as_text(browser: Any, server: str,
                                                     hostile: str) -> None:
    """Application fields, the emergency airspace's name and the dossier header are text."""
    page = _open(browser, server, "regulator", "/regulator")
    card = page.locator('.app[data-app="xss-area"]')
    card.wait_for()
    assert card.inner_text().count(hostile) >= 4  # title, operator, insurance, fleet
    assert hostile in page.locator("#ea").inner_text()
    card.locator("[data-dossier]").click()
    wait_until(page, "document.body.dataset.dossier !== 'loading'", 120_000)
    assert hostile in page.locator("#dossier-title").inner_text()
    _assert_inert(page, "regulator")
    page.context.close()


def test_dossier_keeps_its_styles_under_the_policy(browser: Any, server: str) -> None:
    """The dossier frame inherits the page's policy: its one style element (allowed by hash)
    and the screen stylesheets apply, and nothing is reported."""
    page = _open(browser, server, "regulator", "/regulator")
    page.locator(".app:not([data-app='xss-area']) [data-dossier]").first.click()
    wait_until(page, "(document.body.dataset.dossier || '').startsWith('ready')", 120_000)
    styled = page.evaluate("""() => { const d = document.getElementById('dossier-frame')
        .contentDocument; const main = getComputedStyle(d.querySelector('main'));
        return [main.backgroundColor, getComputedStyle(d.body).fontSize]; }""")
    assert styled[0] == "rgb(255, 255, 255)"  # the dossier's own style element
    assert styled[1].startswith("17.33")  # 13 pt: the screen stylesheet
    assert page.evaluate("window.cspViolations") == []
    page.context.close()


def test_console_shows_hostile_fleet_as_text(browser: Any, server: str, hostile: str) -> None:
    """Pilot names in the console are text (registrations are validated marks)."""
    page = _open(browser, server, "operator", "/console")
    wait_until(page, "document.getElementById('pilots').innerText.includes('<img')")
    assert hostile in page.locator("#pilots").inner_text()
    _assert_inert(page, "console")
    page.context.close()


@pytest.mark.parametrize(("user", "home", "path"), PAGES)
def test_every_page_loads_under_the_policy(browser: Any, server: str, user: str, home: str,
                                           path: str) -> None:
    """The page reports no CSP violation, and its response carries the strict policy."""
    page = _open(browser, server, user, path, home)
    page.wait_for_timeout(1500)  # late requests (map tiles, the stream) also count
    assert page.evaluate("window.cspViolations") == [], path
    assert page.errors == [], path
    response = page.request.get(f"{server}{path}")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    page.context.close()


def test_sign_in_page_has_no_inline_script(browser: Any, server: str) -> None:
    """The sign-in page signs in under the policy (its script is a file)."""
    ctx = browser.new_context(viewport=WIDE)
    ctx.add_init_script(WATCH)
    page = ctx.new_page()
    page.goto(f"{server}/")
    page.fill("#u", "operator")
    page.fill("#p", "kizuna-demo")
    page.click("button.primary")
    page.wait_for_url("**/console")
    wait_until(page, "window.kizunaReady === true", 60_000)
    assert page.evaluate("window.cspViolations") == []
    ctx.close()
