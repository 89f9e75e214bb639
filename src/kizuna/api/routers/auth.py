"""Sign-in, the caller's identity, and administration of organisations, users and API keys."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from kizuna.api.deps import (
    API_SCOPES,
    Caller,
    Principal,
    State,
    UserCaller,
    require_write,
    roles,
)
from kizuna.store import Organisation, OrganisationRepository
from kizuna.store.accounts import AccountRole

__all__ = ["router"]

router = APIRouter(tags=["auth"])
_STRICT = ConfigDict(frozen=True, extra="forbid")
Admin = Annotated[Principal, Depends(roles(AccountRole.ADMIN))]


class LoginIn(BaseModel):
    """Credentials (the password is never logged or echoed)."""

    model_config = _STRICT
    username: str = Field(min_length=1, max_length=64)
    password: SecretStr = Field(min_length=1, max_length=256)


class TokenOut(BaseModel):
    """A bearer token and when it expires."""

    access_token: str
    token_type: str = "bearer"
    expires_at: datetime


class MeOut(BaseModel):
    """The caller as the API sees them."""

    subject: str
    kind: str
    role: str | None
    organisation_id: str | None
    prefecture: str | None
    jurisdiction: list[str]
    scenario: str | None = None


@router.post("/auth/login", response_model=TokenOut,
             responses={401: {"description": "wrong credentials"},
                        429: {"description": "too many failed attempts"}})
def login(body: LoginIn, request: Request, app: State) -> TokenOut:
    """Exchange a username and password for a bearer token (rate-limited per user+client,
    across every worker: the attempt is reserved before the password is checked)."""
    client = request.client.host if request.client else "unknown"
    wait = app.limiter.reserve(body.username, client)
    if wait is not None:
        raise HTTPException(429, "too many failed sign-in attempts; try again later",
                            headers={"Retry-After": str(max(1, round(wait)))})
    found = app.accounts.authenticate(body.username, body.password.get_secret_value())
    if found is None:  # the reserved attempt stays, counted as a failure
        raise HTTPException(401, "wrong username or password",
                            headers={"WWW-Authenticate": "Bearer"})
    app.limiter.succeeded(body.username, client)
    token, expires = app.accounts.issue_token(found.id,
                                              timedelta(seconds=app.settings.token_ttl_s))
    return TokenOut(access_token=token, expires_at=expires)


_bearer = HTTPBearer(auto_error=False)


@router.post("/auth/logout", status_code=204)
def logout(app: State, _caller: UserCaller,
           credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
           ) -> None:
    """Revoke the token used for this request."""
    if credentials is not None:
        app.accounts.revoke_token(credentials.credentials)


@router.get("/auth/me", response_model=MeOut)
def me(caller: Caller, app: State) -> MeOut:
    """Who the credentials belong to, and the scenario their organisation works in (the pages
    draw and plan over it)."""
    scenario = None
    if caller.organisation_id is not None:
        with app.sessions() as s:
            scenario = OrganisationRepository(s).get(caller.organisation_id).scenario
    return MeOut(subject=caller.subject, kind=caller.kind,
                 role=None if caller.role is None else caller.role.value,
                 organisation_id=caller.organisation_id, prefecture=caller.prefecture,
                 jurisdiction=sorted(caller.jurisdiction), scenario=scenario)


# -- administration ---------------------------------------------------------------------------
class OrganisationIn(BaseModel):
    """A new tenant and the prefecture (or zone office) it belongs to."""

    model_config = _STRICT
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(pattern="^(operator|prefecture|company)$")
    prefecture: str = Field(min_length=2, max_length=40)
    scenario: str | None = Field(default=None, min_length=1, max_length=64)


class OrganisationScenarioIn(BaseModel):
    """The scenario an organisation works in: bundled or built (``kizuna scenario list``)."""

    model_config = _STRICT
    scenario: str | None = Field(min_length=1, max_length=64)


def _known_scenario(name: str | None) -> str | None:
    """The name, once the catalogue knows it (bundled or built); else 404 naming it."""
    if name is not None:
        from kizuna.scenario import source

        source(name)
    return name


class UserIn(BaseModel):
    """A new user account."""

    model_config = _STRICT
    username: str = Field(min_length=3, max_length=64)
    password: SecretStr = Field(min_length=10, max_length=256)
    role: AccountRole
    organisation_id: str | None = None
    prefecture: str | None = None
    corporate_number: str | None = Field(default=None, pattern=r"^\d{13}$")


class UserOut(BaseModel):
    """A user (never the password)."""

    id: int
    username: str
    role: str
    organisation_id: str | None


ApiScope = Literal["telemetry", "read"]  # API_SCOPES, as a type the schema documents


def _telemetry_only() -> list[ApiScope]:
    return ["telemetry"]


class ApiKeyIn(BaseModel):
    """A new API key for the caller's organisation (or, for an admin, any organisation)."""

    model_config = _STRICT
    name: str = Field(min_length=1, max_length=200)
    scopes: list[ApiScope] = Field(
        default_factory=_telemetry_only, min_length=1, max_length=len(API_SCOPES),
        description="What the key may do: telemetry (send position reports), read (GET its "
        "organisation's records).")
    ttl_days: int | None = Field(default=None, ge=1, le=3650)


class ApiKeyOut(BaseModel):
    """The key: ``key`` is shown this once and never stored in clear."""

    id: str
    organisation_id: str
    name: str
    scopes: list[str]
    expires_at: datetime | None
    key: str


@router.post("/admin/organisations", status_code=201, tags=["admin"])
def create_organisation(body: OrganisationIn, app: State, _admin: Admin) -> dict[str, str]:
    """Register a tenant (administrators only)."""
    scenario = _known_scenario(body.scenario)
    with app.sessions.begin() as s:
        OrganisationRepository(s).add(Organisation(body.id, body.name, body.kind, scenario))
    app.accounts.set_prefecture(body.id, body.prefecture)
    return {"id": body.id, "prefecture": body.prefecture}


@router.put("/admin/organisations/{org_id}/scenario", tags=["admin"])
def set_organisation_scenario(org_id: str, body: OrganisationScenarioIn, app: State,
                              _admin: Admin) -> dict[str, str | None]:
    """Set the scenario an organisation works in (administrators only)."""
    scenario = _known_scenario(body.scenario)
    with app.sessions.begin() as s:
        org = OrganisationRepository(s).set_scenario(org_id, scenario)
    return {"id": org.id, "scenario": org.scenario}


@router.post("/admin/users", status_code=201, response_model=UserOut, tags=["admin"])
def create_user(body: UserIn, app: State, _admin: Admin) -> UserOut:
    """Create a user account (administrators only)."""
    made = app.accounts.add_user(body.username, body.password.get_secret_value(), body.role,
                                 organisation_id=body.organisation_id,
                                 prefecture=body.prefecture,
                                 corporate_number=body.corporate_number)
    return UserOut(id=made.id, username=made.username, role=made.role.value,
                   organisation_id=made.organisation_id)


@router.post("/orgs/{org_id}/api-keys", status_code=201, response_model=ApiKeyOut,
             tags=["admin"])
def create_api_key(org_id: str, body: ApiKeyIn, app: State, caller: UserCaller) -> ApiKeyOut:
    """Issue an API key for a machine client of the organisation (its operator staff)."""
    require_write(app, caller, org_id)
    ttl = None if body.ttl_days is None else timedelta(days=body.ttl_days)
    key, secret = app.accounts.create_api_key(org_id, body.name, tuple(body.scopes), ttl)
    return ApiKeyOut(id=key.id, organisation_id=key.organisation_id, name=key.name,
                     scopes=list(key.scopes), expires_at=key.expires_at, key=secret)


@router.delete("/orgs/{org_id}/api-keys/{key_id}", status_code=204, tags=["admin"])
def revoke_api_key(org_id: str, key_id: str, app: State, caller: UserCaller) -> None:
    """Revoke one of the organisation's API keys."""
    require_write(app, caller, org_id)
    if not app.accounts.revoke_api_key(key_id, org_id):
        raise HTTPException(404, f"no API key {key_id} in organisation {org_id}")
