"""Request context: the application's state, who is calling, and what they may see.

Authentication: ``Authorization: Bearer <token>`` (a user, from ``POST /api/v1/auth/login``)
or ``X-API-Key: kzk_...`` (a machine client of one organisation). Every endpoint depends on
one of :func:`principal`, :func:`user` or :func:`roles`, so none is reachable anonymously
except ``/api/v1/health``, the login and the OpenAPI document.

Tenancy (see docs/api.md): operator staff see their organisation; a regulator sees the
organisations of the prefectures in their jurisdiction (a zone office: every member
prefecture); residents see only what they own; residency roles go through
:mod:`kizuna.residency.access`; an administrator sees every organisation's records but never
the sealed personal data of the residency store.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kizuna.api.geojson import GeoJsonLimits
from kizuna.api.ratelimit import LoginRateLimiter
from kizuna.api.settings import ApiSettings
from kizuna.residency.crypto import FieldCipher
from kizuna.store import OrganisationRepository
from kizuna.store.accounts import AccountRole, AccountsRepository
from kizuna.store.airspace import DatabaseAirspace
from kizuna.store.ingest import TelemetryWriter
from kizuna.store.permit_records import PermitStore
from kizuna.utm.bounds import AirspaceBounds, load_bounds

__all__ = [
    "API_SCOPES",
    "AppState",
    "Caller",
    "Principal",
    "State",
    "UserCaller",
    "disclosed_intents",
    "jurisdiction",
    "org_prefecture",
    "principal",
    "require_read",
    "require_write",
    "roles",
    "state",
    "user",
]

@dataclass(eq=False)
class AppState:
    """What every request shares: settings, database, repositories, the rate limiter.

    ``telemetry`` (the group-commit writer of telemetry ingest) is made from the engine and
    the airspace's frame.
    """

    settings: ApiSettings
    engine: Engine
    sessions: sessionmaker[Session]
    accounts: AccountsRepository
    permits: PermitStore
    airspace: DatabaseAirspace
    limiter: LoginRateLimiter
    cipher: FieldCipher | None
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    bounds: AirspaceBounds = field(default_factory=load_bounds)
    #: Open live streams per caller subject, in this worker (the event loop's thread only).
    streams: dict[str, int] = field(default_factory=dict)
    telemetry: TelemetryWriter = field(init=False)

    def __post_init__(self) -> None:
        self.telemetry = TelemetryWriter(self.engine, self.airspace.frame)

    @property
    def limits(self) -> GeoJsonLimits:
        """GeoJSON input limits."""
        return GeoJsonLimits(self.settings.max_vertices, self.settings.max_area_km2)


def jurisdiction(prefecture: str | None, zones: dict[str, list[str]]) -> frozenset[str]:
    """The prefectures an organisation of ``prefecture`` (or zone office) oversees."""
    if prefecture is None:
        return frozenset()
    return frozenset(zones.get(prefecture, [prefecture]))


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user (with a role) or an organisation's API key."""

    kind: Literal["user", "api_key"]
    subject: str  # "user:<id>" or "key:<id>", safe to log and to audit
    role: AccountRole | None
    organisation_id: str | None
    prefecture: str | None
    jurisdiction: frozenset[str]
    corporate_number: str | None = None
    scopes: frozenset[str] = frozenset()
    user_id: int | None = None

    @property
    def is_admin(self) -> bool:
        """An administrator."""
        return self.role is AccountRole.ADMIN

    def may_read_org(self, organisation_id: str, prefecture: str | None) -> bool:
        """Whether records of ``organisation_id`` (in ``prefecture``) are visible."""
        if self.is_admin:
            return True
        if self.role is AccountRole.REGULATOR:
            return prefecture is not None and prefecture in self.jurisdiction
        if self.role is AccountRole.OPERATOR or self.kind == "api_key":
            return self.organisation_id == organisation_id
        return False

    def may_write_org(self, organisation_id: str) -> bool:
        """Whether this caller may change ``organisation_id``'s operational records."""
        if self.is_admin:
            return True
        return self.role is AccountRole.OPERATOR and self.organisation_id == organisation_id


async def state(request: Request) -> AppState:
    """The application's shared state (async: no worker thread for an attribute read)."""
    found: AppState = request.app.state.kizuna
    return found


State = Annotated[AppState, Depends(state)]
_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/login.")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False,
                        description="An organisation's API key (machine clients).")


def _unauthorised(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


def _authenticate(app: AppState, credentials: HTTPAuthorizationCredentials | None,
                  key: str | None) -> Principal:
    """The caller of these credentials (one database read); 401 without valid ones."""
    if credentials is not None:
        caller = app.accounts.token_caller(credentials.credentials)
        if caller is None:
            raise _unauthorised("invalid or expired token")
        found, org_prefecture = caller
        prefecture = found.prefecture or org_prefecture
        oversees = (jurisdiction(prefecture, app.settings.zones)
                    if found.role is AccountRole.REGULATOR else frozenset())
        return Principal("user", f"user:{found.id}", found.role, found.organisation_id,
                         prefecture, oversees,
                         found.corporate_number, user_id=found.id)
    if key is not None:
        keyed = app.accounts.key_caller(key)
        if keyed is None:
            raise _unauthorised("invalid, revoked or expired API key")
        api_key, prefecture = keyed
        return Principal("api_key", f"key:{api_key.id}", None, api_key.organisation_id,
                         prefecture, frozenset(), scopes=frozenset(api_key.scopes))
    raise _unauthorised("authentication required")


#: What an API key's scopes allow (the fixed list a key's scopes are validated against):
#: ``telemetry`` sends position reports, ``read`` reads its organisation's records (GET).
API_SCOPES = ("telemetry", "read")
_TELEMETRY_PATH = re.compile(r"^/api/v1/utm/intents/[^/]+/telemetry$")


def _require_scope(caller: Principal, method: str, path: str) -> None:
    """403 unless the key's scopes cover this request: checked here, once, for every route."""
    if path == "/api/v1/auth/me":
        return  # who am I: any key
    if method == "POST" and _TELEMETRY_PATH.match(path):
        needed = "telemetry"
    elif method in ("GET", "HEAD"):
        needed = "read"
    else:
        raise HTTPException(403, "API keys may only send telemetry and read")
    if needed not in caller.scopes:
        raise HTTPException(403, f"this API key has no {needed} scope")


async def principal(
    request: Request,
    app: State,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    key: Annotated[str | None, Depends(_api_key)],
) -> Principal:
    """The authenticated caller; 401 without valid credentials.

    Nothing is cached: every request reads its token or key. On SQLite the read runs on the
    event loop: it is a local, CPU-bound lookup (a WAL reader never waits for the writer), and
    handing it to a worker thread cost more than the lookup itself (about 0.7 ms of CPU per
    request in thread switches and GIL hand-offs). Other databases are a network round trip
    away, so there it runs in a worker thread, as a blocking call must.
    """
    if app.engine.dialect.name == "sqlite":
        caller = _authenticate(app, credentials, key)
    else:
        caller = await run_in_threadpool(_authenticate, app, credentials, key)
    if caller.kind == "api_key":
        _require_scope(caller, request.method, request.url.path)
    return caller


Caller = Annotated[Principal, Depends(principal)]


async def user(caller: Caller) -> Principal:
    """A signed-in user (API keys are refused with 403); async: a check, no worker thread."""
    if caller.kind != "user":
        raise HTTPException(403, "this endpoint needs a user, not an API key")
    return caller


UserCaller = Annotated[Principal, Depends(user)]


def roles(*allowed: AccountRole) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting users with one of ``allowed`` roles (403 otherwise)."""
    names = ", ".join(r.value for r in allowed)

    async def check(caller: UserCaller) -> Principal:
        if caller.role not in allowed:
            raise HTTPException(403, f"role {caller.role} may not do this (needs: {names})")
        return caller

    return check


def disclosed_intents(app: AppState, caller: Principal, ids: Sequence[str]
                      ) -> tuple[list[str], int]:
    """Of intent ids (a refusal's conflicts), those the caller may name (its organisation's;
    every one for an administrator) and how many others there are: a refusal never names
    another tenant's intent."""
    own: list[str] = []
    for intent_id in ids:
        intent = app.airspace.get(intent_id)
        if caller.is_admin or (intent is not None and caller.may_write_org(intent.owner)):
            own.append(intent_id)
    return own, len(ids) - len(own)


def org_prefecture(app: AppState, organisation_id: str) -> str | None:
    """The prefecture of an existing organisation; 404 for an unknown one."""
    with app.sessions() as s:
        OrganisationRepository(s).get(organisation_id)  # raises UnknownName -> 404
    return app.accounts.prefecture_of(organisation_id)


def require_read(app: AppState, caller: Principal, organisation_id: str) -> str | None:
    """403 unless ``caller`` may read ``organisation_id``; returns its prefecture."""
    prefecture = org_prefecture(app, organisation_id)
    if not caller.may_read_org(organisation_id, prefecture):
        raise HTTPException(403, f"{caller.subject} may not read organisation "
                                 f"{organisation_id}")
    return prefecture


def require_write(app: AppState, caller: Principal, organisation_id: str) -> str | None:
    """403 unless ``caller`` may change ``organisation_id``; returns its prefecture."""
    prefecture = org_prefecture(app, organisation_id)
    if not caller.may_write_org(organisation_id):
        raise HTTPException(403, f"{caller.subject} may not change organisation "
                                 f"{organisation_id}")
    return prefecture

