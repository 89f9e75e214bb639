"""The application factory: ``create_app(settings)`` builds the FastAPI app under ``/api/v1``.

Workers started by ``kizuna serve --workers N`` each call :func:`app_from_environment`, which
reads :class:`ApiSettings` from ``KIZUNA_API_*`` variables; the serve command migrates once
before starting them, so workers never race on migrations.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from argon2 import PasswordHasher
from fastapi import APIRouter, FastAPI
from fastapi.responses import RedirectResponse

from kizuna.api.deps import AppState
from kizuna.api.errors import ERROR_RESPONSES, install_error_handlers
from kizuna.api.headers import SecurityHeaders
from kizuna.api.limits import RequestSizeLimit
from kizuna.api.ratelimit import LoginRateLimiter
from kizuna.api.routers import (
    auth,
    calculators,
    fleet,
    hydrogen,
    incidents,
    live,
    orders,
    permit_pack,
    permits,
    records,
    residency,
    scenarios,
    talent,
    utm,
)
from kizuna.api.settings import ApiSettings
from kizuna.errors import InvalidInput
from kizuna.residency.crypto import FieldCipher
from kizuna.store import migrate, session_factory
from kizuna.store.accounts import AccountRole, AccountsRepository
from kizuna.store.airspace import DatabaseAirspace
from kizuna.store.engine import engine as make_engine
from kizuna.store.permit_records import PermitStore
from kizuna.store.residency import cipher_from_environment
from kizuna.utm import MetricFrame
from kizuna.web import demo_clock, mount_pages

__all__ = ["API_PREFIX", "OPENAPI_PATH", "app_from_environment", "create_app"]

API_PREFIX = "/api/v1"
OPENAPI_PATH = f"{API_PREFIX}/openapi.json"
log = logging.getLogger("kizuna.api")


def _cipher(settings: ApiSettings) -> FieldCipher | None:
    if settings.data_key_file is not None:  # asked for explicitly: a bad key stops the start
        return cipher_from_environment(key_file=settings.data_key_file)
    try:
        return cipher_from_environment(key_file=settings.data_key_file)
    except InvalidInput:  # no usable key configured: residency case routes answer 409
        log.warning("no residency data key configured; residency case endpoints are disabled")
        return None


def create_app(settings: ApiSettings | None = None, *, cipher: FieldCipher | None = None,
               hasher: PasswordHasher | None = None,
               now: Callable[[], datetime] | None = None) -> FastAPI:
    """The Kizuna HTTP API.

    Parameters
    ----------
    settings
        Database, token lifetime, limits; defaults from ``KIZUNA_API_*`` variables.
    cipher
        Residency field cipher; by default from ``data_key_file`` or ``KIZUNA_DATA_KEY``.
    hasher
        Argon2 password hasher; by default from the settings' Argon2 parameters.
    now
        Clock for token expiry and records (tests inject one).
    """
    settings = settings or ApiSettings()
    clock = now or (lambda: datetime.now(UTC))
    eng = make_engine(settings.database_url)
    if settings.migrate_on_start:
        migrate(eng)
    sessions = session_factory(eng)
    hasher = hasher or PasswordHasher(time_cost=settings.argon2_time_cost,
                                      memory_cost=settings.argon2_memory_kib,
                                      parallelism=settings.argon2_parallelism)
    accounts = AccountsRepository(sessions, hasher, now=clock)
    if (settings.bootstrap_admin and settings.bootstrap_admin_password is not None
            and accounts.count_users() == 0):
        accounts.add_user(settings.bootstrap_admin,
                          settings.bootstrap_admin_password.get_secret_value(),
                          AccountRole.ADMIN)
    state = AppState(
        settings=settings, engine=eng, sessions=sessions, accounts=accounts,
        permits=PermitStore(sessions, now=clock),
        airspace=DatabaseAirspace(eng, MetricFrame(settings.airspace_epsg)),
        limiter=LoginRateLimiter(eng, settings.login_attempts, settings.login_window_s),
        cipher=cipher if cipher is not None else _cipher(settings), now=clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        eng.dispose()

    # The reference page (/api/v1/docs) is ours, served with the pages (kizuna.web): Swagger UI
    # from npm under a strict CSP, since FastAPI's own docs page loads it from a CDN.
    app = FastAPI(title="Kizuna API", version="1", openapi_url=OPENAPI_PATH,
                  docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Operations platform of the Kizuna special zones. "
                  "See docs/api.md for authentication, roles and tenancy.")
    app.state.kizuna = state
    install_error_handlers(app)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes, overrides=[
        (residency.DOCUMENT_UPLOAD_PATH,
         residency.upload_request_bytes(settings.max_document_bytes))])
    app.add_middleware(SecurityHeaders, exempt=(f"{API_PREFIX}/docs",))

    api = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)

    @api.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        """Liveness: the service answers (no authentication)."""
        return {"status": "ok"}

    # Routes are matched in order, one regular expression each: UTM first, since its telemetry
    # route takes a request per aircraft per second (every other route is people-paced).
    for module in (utm, auth, fleet, scenarios, calculators, hydrogen, permits, permit_pack,
                   residency, orders, live, talent, records, incidents):
        api.include_router(module.router)
    app.include_router(api)
    # The document's first address, kept for clients that still ask there.
    app.add_api_route("/openapi.json", lambda: RedirectResponse(OPENAPI_PATH, status_code=308),
                      methods=["GET"], include_in_schema=False)
    mount_pages(app)
    return app


def app_from_environment() -> FastAPI:
    """The app with settings from the environment (uvicorn's factory for ``kizuna serve``).

    ``KIZUNA_DEMO_CLOCK_START`` (ISO 8601 with offset) runs the service on a simulated clock
    that starts there and advances in real time (``kizuna demo``: a day inside the permits).
    """
    return create_app(ApiSettings(), now=demo_clock(os.environ.get("KIZUNA_DEMO_CLOCK_START")))
