"""Browser test (Chromium, headless) of the permit pack page: the prefecture's regulator
queries an item with a comment, the operator sees the query and answers it, and records
evidence that takes an item off the completeness check. Screenshots in tests/web/artifacts/."""

from __future__ import annotations

import re
from typing import Any

from web_support import ARTIFACTS, api_call, api_token

from kizuna.examples import permit_example

APP_ID = "kashima-pack-review"



def _page(browser: Any, server: str, user: str, width: int) -> Any:
    """The pack page of the test application, signed in as ``user``; ready when its rows show."""
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP",
                              timezone_id="Asia/Tokyo")
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/")
    page.evaluate("t => sessionStorage.setItem('kizuna.token', t)", api_token(server, user))
    page.goto(f"{server}/permits/pack?org=op-soma&app={APP_ID}")
    page.wait_for_selector("#item-OSO13", timeout=120_000)
    return page


def _missing(page: Any) -> int:
    return int(re.sub(r"\D", "", page.locator("#check-title").inner_text()) or 0)


def test_query_answer_and_evidence_through_the_pages(browser: Any, server: str) -> None:
    """Regulator queries OSO13 and accepts OSO01; the operator reads the query, answers it and
    records OSO02's evidence (one fewer missing); the regulator then sees the answer."""
    application = {**permit_example("kashima-application.json"), "id": APP_ID}
    owner = api_token(server, "operator_soma")
    api_call(server, "POST", "/orgs/op-soma/permits/applications", owner, application)
    api_call(server, "POST", f"/orgs/op-soma/permits/applications/{APP_ID}/submit", owner)

    reg = _page(browser, server, "regulator", 1280)
    row = reg.locator("#item-OSO13")
    row.locator("textarea").fill("UTM の提供者と SLA を示してください")
    row.locator("button.danger").click()
    reg.wait_for_selector("#item-OSO13 .rv-queried")
    reg.locator("#item-OSO01 button.secondary").first.click()
    reg.wait_for_selector("#item-OSO01 .rv-accepted")
    assert reg.locator("#item-OSO13 .comment").inner_text() == "UTM の提供者と SLA を示してください"

    op = _page(browser, server, "operator_soma", 390)
    assert op.locator("#item-OSO13 .rv-queried").count() == 1
    assert "UTM の提供者と SLA" in op.locator("#item-OSO13").inner_text()
    assert op.locator("#item-OSO01 button.danger").count() == 0      # operators do not review
    before = _missing(op)
    op.locator("#item-OSO13 form.inline textarea").last.fill("Kizuna UTM、SLA は附属書4")
    op.locator("#item-OSO13 button.primary").last.click()
    op.wait_for_selector("#item-OSO13 .rv-answered")
    row = op.locator("#item-OSO02")
    row.locator("button.secondary").first.click()
    row.locator("input[name=document]").fill("<b>製造管理規程</b> v2")
    row.locator("button.primary").first.click()
    op.wait_for_selector("#item-OSO02 .st-evidenced")
    assert _missing(op) == before - 1
    assert "<b>製造管理規程</b> v2" in op.locator("#item-OSO02 td.evidence").inner_text()
    op.screenshot(path=str(ARTIFACTS / "pack-operator-390.png"), full_page=True)

    reg.reload()
    reg.wait_for_selector("#item-OSO13 .rv-answered", timeout=120_000)
    history = reg.locator("#history").inner_text()
    assert "UTM の提供者" in history and "附属書4" in history
    reg.screenshot(path=str(ARTIFACTS / "pack-regulator-1280.png"), full_page=True)
    assert reg.errors == [] and op.errors == []
