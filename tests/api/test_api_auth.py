"""Sign-in, tokens, API keys, the login rate limit and role checks."""

from __future__ import annotations

import logging

import pytest
from api_support import PASSWORD, Api


def test_login_gives_a_token_that_identifies_the_user(api: Api) -> None:
    """A right password yields a bearer token; /auth/me names the user's role and tenant."""
    r = api.client.get("/api/v1/auth/me", headers=api.headers("op_goto"))
    assert r.status_code == 200
    assert r.json()["role"] == "operator"
    assert r.json()["organisation_id"] == "op-goto"
    assert r.json()["jurisdiction"] == []


def test_zone_office_oversees_both_member_prefectures(api: Api) -> None:
    """A regulator of the zone office has Fukushima and Nagasaki in its jurisdiction."""
    r = api.client.get("/api/v1/auth/me", headers=api.headers("zone_office"))
    assert r.json()["jurisdiction"] == ["fukushima", "nagasaki"]


def test_wrong_password_is_401(api: Api) -> None:
    """A wrong password is refused without saying whether the user exists."""
    wrong = api.client.post("/api/v1/auth/login", json={"username": "op_goto",
                                                         "password": "not the one"})
    nobody = api.client.post("/api/v1/auth/login", json={"username": "nobody",
                                                         "password": "not the one"})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json()["detail"] == nobody.json()["detail"]


def test_login_rate_limit_gives_429(api: Api) -> None:
    """After the allowed failures, even the right password gets 429 with Retry-After."""
    for _ in range(api.state.settings.login_attempts):
        r = api.client.post("/api/v1/auth/login", json={"username": "op_soma",
                                                         "password": "guess guess"})
        assert r.status_code == 401
    r = api.client.post("/api/v1/auth/login", json={"username": "op_soma",
                                                     "password": PASSWORD})
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) >= 1
    # Another user from the same client is not affected.
    assert api.login("op_goto")


def test_concurrent_wrong_passwords_still_hit_the_limit(api: Api) -> None:
    """25 wrong passwords at once: only the limit's worth are checked (401), the rest 429."""
    from concurrent.futures import ThreadPoolExecutor

    def attempt(_i: int) -> int:
        return api.client.post("/api/v1/auth/login", json={
            "username": "op_soma", "password": "guess guess"}).status_code

    with ThreadPoolExecutor(25) as pool:
        got = sorted(pool.map(attempt, range(25)))
    limit = api.state.settings.login_attempts
    assert got == [401] * limit + [429] * (25 - limit)


def test_expired_token_is_401(api: Api) -> None:
    """A token stops working after its lifetime."""
    headers = api.headers("op_goto")
    assert api.client.get("/api/v1/auth/me", headers=headers).status_code == 200
    api.clock.advance(seconds=api.state.settings.token_ttl_s + 1)
    r = api.client.get("/api/v1/auth/me", headers=headers)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_logout_revokes_the_token(api: Api) -> None:
    """After logout the same token is refused."""
    headers = api.headers("op_goto")
    assert api.client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert api.client.get("/api/v1/auth/me", headers=headers).status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/auth/me", "/api/v1/scenarios",
                                  "/api/v1/orgs/op-goto/fleet/aircraft",
                                  "/api/v1/utm/intents", "/api/v1/emergency-airspace"])
def test_no_credentials_is_401(api: Api, path: str) -> None:
    """Every endpoint but health and login needs credentials."""
    assert api.client.get(path).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert api.client.get(path, headers=bad).status_code == 401


def test_api_key_authenticates_a_machine_client_of_its_organisation(api: Api) -> None:
    """An operator issues a key; the key authenticates as that organisation, never as a user."""
    r = api.client.post("/api/v1/orgs/op-goto/api-keys", json={"name": "telemetry feed"},
                        headers=api.headers("op_goto"))
    assert r.status_code == 201
    key = {"X-API-Key": r.json()["key"]}
    me = api.client.get("/api/v1/auth/me", headers=key).json()
    assert (me["kind"], me["organisation_id"]) == ("api_key", "op-goto")
    # User-only endpoints refuse keys.
    assert api.client.post("/api/v1/orgs/op-goto/api-keys", json={"name": "x"},
                           headers=key).status_code == 403
    # Revoked keys stop working.
    assert api.client.delete(f"/api/v1/orgs/op-goto/api-keys/{r.json()['id']}",
                             headers=api.headers("op_goto")).status_code == 204
    assert api.client.get("/api/v1/auth/me", headers=key).status_code == 401


def test_forged_api_key_is_401(api: Api) -> None:
    """A key with a real id and a wrong secret is refused."""
    r = api.client.post("/api/v1/orgs/op-goto/api-keys", json={"name": "feed"},
                        headers=api.headers("op_goto"))
    forged = f"kzk_{r.json()['id']}_{'A' * 43}"
    assert api.client.get("/api/v1/auth/me", headers={"X-API-Key": forged}).status_code == 401


def test_only_admins_create_users_and_organisations(api: Api) -> None:
    """Admin endpoints refuse every other role with 403 and work for an admin."""
    body = {"username": "new_user", "password": "long enough pw", "role": "resident"}
    assert api.client.post("/api/v1/admin/users", json=body,
                           headers=api.headers("reg_nagasaki")).status_code == 403
    r = api.client.post("/api/v1/admin/users", json=body, headers=api.headers("admin"))
    assert r.status_code == 201
    assert "password" not in r.json()
    assert api.login("new_user", "long enough pw")


def test_passwords_are_hashed_and_never_logged(api: Api, caplog: pytest.LogCaptureFixture
                                                ) -> None:
    """The stored hash is Argon2id; a failed and a good login log nothing with the password."""
    from sqlalchemy import select

    from kizuna.store.accounts import UserRow

    caplog.set_level(logging.DEBUG)
    api.client.post("/api/v1/auth/login", json={"username": "op_goto", "password": "oops-oops"})
    token = api.login("op_goto")
    with api.state.sessions() as s:
        stored = s.scalar(select(UserRow.password_hash).where(UserRow.username == "op_goto"))
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in caplog.text and "oops-oops" not in caplog.text
    assert token not in caplog.text


@pytest.mark.parametrize("scopes", [["*"], [], ["admin"], ["telemetry", "read", "read"]])
def test_api_key_scopes_come_from_the_fixed_list(api: Api, scopes: list[str]) -> None:
    """Wildcards, no scope, unknown scopes and too many are refused (422 naming scopes)."""
    r = api.client.post("/api/v1/orgs/op-goto/api-keys", json={"name": "x", "scopes": scopes},
                        headers=api.headers("op_goto"))
    assert r.status_code == 422, r.text
    assert r.json()["field"].startswith("scopes")


def test_api_key_scopes_hold_on_reads(api: Api) -> None:
    """A telemetry key reads nothing; a read key reads its organisation but sends nothing."""
    def key(scopes: list[str]) -> dict[str, str]:
        r = api.client.post("/api/v1/orgs/op-goto/api-keys",
                            json={"name": "k", "scopes": scopes}, headers=api.headers("op_goto"))
        assert r.status_code == 201, r.text
        return {"X-API-Key": r.json()["key"]}

    telemetry, read = key(["telemetry"]), key(["read"])
    for path in ("/api/v1/orgs/op-goto/fleet/pilots", "/api/v1/utm/intents",
                 "/api/v1/orgs/op-goto/permits/applications"):
        assert api.client.get(path, headers=telemetry).status_code == 403, path
    assert api.client.get("/api/v1/orgs/op-goto/fleet/pilots", headers=read).status_code == 200
    r = api.client.post("/api/v1/utm/intents/oi-x/telemetry", headers=read,
                        json={"aircraft_id": "JU1", "reports": []})
    assert r.status_code == 403


@pytest.mark.parametrize("password", ["1234567890", "password123", "Qwertyuiop", "kz-42"])
def test_weak_passwords_are_refused_for_every_role(api: Api, password: str) -> None:
    """Operators and admins too: too short or one of the most used passwords is 422, and the
    answer does not repeat it."""
    for role, org in (("operator", "op-goto"), ("admin", None)):
        r = api.client.post("/api/v1/admin/users", headers=api.headers("admin"), json={
            "username": f"new-{role}", "password": password, "role": role,
            "organisation_id": org})
        assert r.status_code == 422, r.text
        assert r.json()["field"] == "password" and password not in r.text
