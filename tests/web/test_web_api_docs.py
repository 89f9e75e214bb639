"""The API reference page works offline: Swagger UI from npm, the document from the service,
nothing from outside loopback, no CSP violation; the administrator lands on it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from web_support import ARTIFACTS

#: Records CSP violations before any page script runs.
CSP_PROBE = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _offline_context(browser: Any, width: int) -> tuple[Any, list[str]]:
    """A browser context whose every request off loopback is aborted and recorded."""
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
    outside: list[str] = []

    def guard(route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith("data:") or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    ctx.add_init_script(CSP_PROBE)
    return ctx, outside


def test_api_docs_render_offline_under_the_strict_csp(browser: Any, server: str) -> None:
    """Every operation of the document is listed, with no outside request and no violation."""
    for width in (1280, 390):
        ctx, outside = _offline_context(browser, width)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        response = page.goto(f"{server}/api/v1/docs")
        assert response is not None
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe" not in csp
        assert response.headers["x-frame-options"] == "DENY"
        page.wait_for_selector(".opblock", timeout=30_000)
        # An operation with two tags is listed under both: compare (method, path) sets.
        shown = set(map(tuple, page.evaluate(
            "[...document.querySelectorAll('.opblock-summary')].map(s => "
            "[s.querySelector('.opblock-summary-method').textContent.toLowerCase(), "
            "s.querySelector('.opblock-summary-path').dataset.path])")))
        listed = set(map(tuple, page.evaluate(
            "fetch('/api/v1/openapi.json').then(r => r.json()).then(d => "
            "Object.entries(d.paths).flatMap(([p, ops]) => Object.keys(ops).map(m => [m, p])))")))
        assert shown == listed and ("post", "/api/v1/auth/login") in shown
        assert outside == []
        assert page.evaluate("window.cspViolations") == []
        assert errors == []
        page.screenshot(path=str(ARTIFACTS / f"api-docs-{width}.png"))
        ctx.close()


def test_openapi_document_moved_under_the_api_prefix(browser: Any, server: str) -> None:
    """The old address redirects to /api/v1/openapi.json."""
    ctx = browser.new_context()
    page = ctx.new_page()
    response = page.goto(f"{server}/openapi.json")
    assert response is not None and response.url.endswith("/api/v1/openapi.json")
    assert response.json()["info"]["title"] == "Kizuna API"
    ctx.close()


def test_the_administrator_lands_on_the_api_docs(browser: Any, server: str) -> None:
    """The admin's landing page is the offline reference page."""
    page = signed_in_admin(browser, server)
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.url.endswith("/api/v1/docs")
    page.context.close()


def signed_in_admin(browser: Any, server: str) -> Any:
    """Sign in as the demo administrator from the sign-in page (no ``kizunaReady`` on Swagger)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(f"{server}/")
    page.fill("#u", "admin")
    page.fill("#p", "kizuna-demo")
    page.click("button.primary")
    page.wait_for_url("**/api/v1/docs")
    return page


