"""The web pages (static ES modules) and how the API serves them.

Pages: ``/`` (sign in), ``/resident`` (order for residents, phone-sized), ``/console`` (the
operator console), ``/regulator`` (the zone office's dashboard); the residency fast track's
``/residency/company`` (applications), ``/residency/review`` (prefecture officer),
``/residency/cases`` (immigration case list), ``/residency/dashboard``; ``/hydrogen`` (storage
check and the registered sites); ``/talent`` (semiconductor talent: the gap, levers, programme
register, internship match). Their JavaScript libraries come from npm
(``src/kizuna/web/node_modules``, installed by ``npm ci`` from the committed lock file) and are
served under ``/vendor/``: nothing is fetched from a CDN, so the pages work
offline.
"""

from __future__ import annotations

import logging
import mimetypes
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from kizuna.errors import InvalidInput

__all__ = ["API_DOCS_PAGE", "NODE_MODULES", "PAGES", "STATIC", "STRICT_CSP", "demo_clock",
           "mount_pages"]

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
NODE_MODULES = HERE / "node_modules"
PAGES = {"/": "index.html", "/resident": "resident.html", "/console": "console.html",
         "/regulator": "regulator.html", "/residency/company": "residency-company.html",
         "/residency/review": "residency-review.html", "/residency/cases": "residency-cases.html",
         "/residency/dashboard": "residency-dashboard.html", "/hydrogen": "hydrogen.html",
         "/incidents": "incidents.html", "/records": "records.html",
         "/permits/pack": "pack.html", "/talent": "talent.html"}
#: npm packages and the folder of each that the pages load.
VENDOR = {"maplibre-gl": "maplibre-gl/dist", "world-atlas": "world-atlas",
          "topojson-client": "topojson-client/src", "swagger-ui-dist": "swagger-ui-dist"}
#: The API reference page (Swagger UI from npm) and the policy it is served under: nothing from
#: outside the service; styles may be set by script (Swagger UI sets element styles), never
#: from inline ``<style>`` or ``style=`` markup.
API_DOCS_PAGE = ("/api/v1/docs", "api-docs.html")
STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
              "frame-ancestors 'none'")
log = logging.getLogger("kizuna.web")

# ES modules must be served as JavaScript; older Pythons do not know .mjs.
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/javascript", ".js")


def mount_pages(app: FastAPI) -> None:
    """Serve the pages, their assets under ``/static`` and the npm libraries under ``/vendor``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for name, sub in VENDOR.items():
        folder = NODE_MODULES / sub
        if folder.is_dir():
            app.mount(f"/vendor/{name}", StaticFiles(directory=folder), name=f"vendor-{name}")
        else:
            log.warning("npm package %s is not installed (run scripts/setup.sh); the map pages "
                        "need it", name)

    for path, file in PAGES.items():
        def page(file: str = file) -> FileResponse:
            return FileResponse(STATIC / file, media_type="text/html",
                                headers={"Cache-Control": "no-cache"})

        app.add_api_route(path, page, methods=["GET"], include_in_schema=False)
    docs_path, docs_file = API_DOCS_PAGE

    def api_docs() -> FileResponse:
        return FileResponse(STATIC / docs_file, media_type="text/html",
                            headers={"Cache-Control": "no-cache",
                                     "Content-Security-Policy": STRICT_CSP,
                                     "X-Frame-Options": "DENY"})

    app.add_api_route(docs_path, api_docs, methods=["GET"], include_in_schema=False)
    app.add_api_route("/index.html", lambda: RedirectResponse("/"), methods=["GET"],
                      include_in_schema=False)


def demo_clock(start: str | None) -> Callable[[], datetime] | None:
    """A clock starting at ``start`` (ISO 8601 with offset) advancing in real time, or None."""
    if not start:
        return None
    try:
        origin = datetime.fromisoformat(start)
    except ValueError:
        raise InvalidInput(f"demo clock: {start!r} is not ISO 8601", field="clock") from None
    if origin.utcoffset() is None:
        raise InvalidInput("demo clock: the start needs a UTC offset", field="clock")
    t0 = time.monotonic()

    def now() -> datetime:
        return origin + timedelta(seconds=time.monotonic() - t0)

    return now
