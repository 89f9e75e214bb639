"""The resident's page: her drop spot by the name she chose, on the map; sign-out ends the
session on the server. Every page but the sign-in page offers sign-out."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from web_support import ARTIFACTS, signed_in

STATIC = Path(__file__).resolve().parents[2] / "src" / "kizuna" / "web" / "static"

#: JSON of an API call with the page's own sign-in (method, path).
API_JS = """([method, path]) => fetch('/api/v1' + path, {method, headers: {Authorization:
    'Bearer ' + sessionStorage.getItem('kizuna.token')}}).then(r => r.json())"""


@pytest.mark.parametrize("page", sorted(p.name for p in STATIC.glob("*.html")
                                        if p.name != "index.html"))
def test_every_page_offers_sign_out(page: str) -> None:
    """Each signed-in page has a sign-out button, and its script wires it to logout."""
    html = (STATIC / page).read_text(encoding="utf-8")
    assert re.search(r'<button id="out" type="button"[^>]*>', html), page
    script = re.search(r'<script type="module" src="/static/js/([\w-]+\.js)"', html)
    assert script, page
    js = (STATIC / "js" / script.group(1)).read_text(encoding="utf-8")
    assert re.search(r'(\$\("out"\)|getElementById\("out"\))\.onclick = logout', js), page


def test_resident_sees_her_spot_by_its_name_and_signs_out(browser: Any, server: str) -> None:
    """She orders to 病院前: the status card and the map's marker say 病院前, not the pad's
    name; sign-out returns to the sign-in page and the old token no longer works."""
    page = signed_in(browser, server, "resident", "/resident", {"width": 390, "height": 844})
    for o in page.evaluate(API_JS, ["GET", "/orders"]):
        if o["state"] in ("accepted", "scheduled"):
            page.evaluate(API_JS, ["POST", f"/orders/{o['id']}/cancel"])
    page.reload()
    page.wait_for_selector("#what .choice[data-key=medicine]")
    page.click("#what .choice[data-key=medicine]")
    page.click("#where .choice:has-text('病院前')")
    page.click("#when .choice[data-key=asap]")
    page.click("#send")
    page.wait_for_selector("#omap .marker.drop")
    assert "病院前" in page.inner_text("#spot")
    assert "ポート" not in page.inner_text("#spot")
    assert page.inner_text("#omap .marker.drop") == "病院前"
    page.screenshot(path=str(ARTIFACTS / "resident-named-spot.png"), full_page=True)
    # Leave no open order behind: the other browser tests start her page on a new order.
    for o in page.evaluate(API_JS, ["GET", "/orders"]):
        if o["state"] in ("accepted", "scheduled"):
            page.evaluate(API_JS, ["POST", f"/orders/{o['id']}/cancel"])
    token = page.evaluate("sessionStorage.getItem('kizuna.token')")
    page.click("#out")
    page.wait_for_url(f"{server}/")
    status = page.evaluate(
        """tk => fetch('/api/v1/auth/me', {headers: {Authorization: 'Bearer ' + tk}})
        .then(r => r.status)""", token)
    assert status == 401
    page.context.close()
