"""The operator's queue on a busy day: 40+ compact rows on one 1280x900 screen, nothing
wrapped inside an id or a spot name, weights to 0.1 kg, licences in words, filter, sort and
keyboard selection."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from web_support import ARTIFACTS, signed_in

#: POST JSON to the API with the page's own sign-in; answers the status codes.
POST_JS = """async ([path, bodies]) => { const out = []; for (const b of bodies) {
  const r = await fetch('/api/v1' + path, {method: 'POST', body: JSON.stringify(b),
    headers: {'Content-Type': 'application/json',
              Authorization: 'Bearer ' + sessionStorage.getItem('kizuna.token')}});
  out.push(r.status); } return out; }"""
CANCEL_JS = """ids => Promise.all(ids.map(id => fetch('/api/v1/orders/' + id + '/cancel', {
  method: 'POST', headers: {Authorization: 'Bearer ' + sessionStorage.getItem('kizuna.token')}})
  .then(r => r.status)))"""
GET_JS = """path => fetch('/api/v1' + path, {headers: {Authorization: 'Bearer '
    + sessionStorage.getItem('kizuna.token')}}).then(r => r.json())"""
#: Rows of the queue wholly inside its scrolling box, and the tallest cell of each column.
VISIBLE_JS = """() => { const box = document.getElementById('qscroll').getBoundingClientRect();
  const rows = [...document.querySelectorAll('#queue tr')];
  const inView = rows.filter(r => { const b = r.getBoundingClientRect();
    return b.top >= box.top - 1 && b.bottom <= box.bottom + 1 && b.bottom <= innerHeight; });
  const tallest = [0, 1, 2, 3, 4].map(i => Math.max(...rows.map(r =>
    r.children[i].getBoundingClientRect().height)));
  return {rows: rows.length, visible: inView.length, tallest,
          line: parseFloat(getComputedStyle(rows[0].children[0]).lineHeight)}; }"""


@pytest.fixture
def busy_day(browser: Any, server: str) -> Iterator[None]:
    """The resident orders 45 times (every fifth a medicine) so the queue has a day's worth;
    afterwards her open orders are cancelled, so the other browser tests start her page on a
    new order (it shows an open order's status instead of the form)."""
    page = signed_in(browser, server, "resident", "/resident", {"width": 390, "height": 844})
    spots = page.evaluate(GET_JS, "/me/drop-spots")
    bodies = [{"items": [{"kind": "medicine" if i % 5 == 0 else "daily_goods",
                          "weight_kg": 0.2921061108516271 + i / 10}],
               "drop_spot_id": spots[i % len(spots)]["id"], "when": "tomorrow_morning"}
              for i in range(45)]
    try:
        assert set(page.evaluate(POST_JS, ["/orders", bodies])) == {201}
        yield
    finally:
        still_open = [o["id"] for o in page.evaluate(GET_JS, "/orders")
                      if o["state"] in ("received", "accepted", "scheduled")]
        cancelled = page.evaluate(CANCEL_JS, still_open)
        page.context.close()
        assert set(cancelled) <= {200}, cancelled


@pytest.mark.usefixtures("busy_day")
def test_console_queue_shows_a_busy_day_on_one_screen(browser: Any, server: str) -> None:
    """At 1280x900 at least 40 rows are on screen at once, each one line high."""
    page = signed_in(browser, server, "operator", "/console", {"width": 1280, "height": 900})
    page.wait_for_function("document.querySelectorAll('#queue tr').length >= 45")
    seen = page.evaluate(VISIBLE_JS)
    assert seen["visible"] >= 40, seen
    # One line per cell: no id, item list or spot name breaks inside (the line height + pad).
    assert max(seen["tallest"]) <= seen["line"] + 4, seen
    text = page.inner_text("#queue")
    assert re.search(r"\d\.\d kg", text) and not re.search(r"\d\.\d{2,}\s*kg", text)
    assert "first_class" not in page.inner_text("#pilots")
    assert re.search(r"一等|二等", page.inner_text("#pilots"))
    page.screenshot(path=str(ARTIFACTS / "console-busy-1280.png"))

    # Medical first: every medical order comes before any other.
    page.select_option("#qsort", "medical")
    flags = page.eval_on_selector_all("#queue tr", "rs => rs.map(r => r.querySelector("
                                      "'.pill.med') !== null)")
    assert flags[0] and flags == sorted(flags, reverse=True)
    # Filter: medical only.
    page.select_option("#qfilter", "medical")
    assert all(page.eval_on_selector_all("#queue tr", "rs => rs.map(r => r.querySelector("
                                         "'.pill.med') !== null)"))
    page.select_option("#qfilter", "all")
    page.select_option("#qsort", "time")
    # Keyboard: focus the queue, two rows down selects the second shown row.
    page.focus("#qscroll")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    ids = page.eval_on_selector_all("#queue tr", "rs => rs.map(r => r.dataset.id)")
    assert page.get_attribute("#queue tr.sel", "data-id") == ids[1]
    page.keyboard.press("ArrowUp")
    assert page.get_attribute("#queue tr.sel", "data-id") == ids[0]
    page.context.close()


def test_console_at_phone_width_keeps_ids_whole(browser: Any, server: str) -> None:
    """At 390 px the queue scrolls sideways rather than breaking an id or a name."""
    page = signed_in(browser, server, "operator", "/console", {"width": 390, "height": 844})
    page.wait_for_selector("#queue tr")
    seen = page.evaluate(VISIBLE_JS)
    assert max(seen["tallest"]) <= seen["line"] + 4, seen
    # The page itself never scrolls sideways; the header's words stay on their lines.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("document.querySelector('header.bar .logo').getBoundingClientRect()"
                         ".height") < 40
    page.screenshot(path=str(ARTIFACTS / "console-390.png"), full_page=True)
    page.context.close()
