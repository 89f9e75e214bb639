"""Accounts: users, roles, bearer tokens, API keys, and the prefecture of each organisation.

Passwords are hashed with Argon2id (``argon2-cffi``). Bearer tokens and API keys are opaque
random strings; only their SHA-256 is stored (they carry 256 bits of entropy, so a slow hash
adds nothing), which lets every API worker verify them through the database. Nothing here logs
a password, a token or a key.

An API key reads ``kzk_<key id>_<secret>``: the id finds the row, the secret is compared by
hash in constant time.

Every request authenticates, so :meth:`AccountsRepository.token_caller` and
:meth:`AccountsRepository.key_caller` read the token or key, its user and the organisation's
prefecture in one Core query on a pooled connection (no ORM session); nothing is cached, so a
revoked or expired credential is refused on the next request, in every worker.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Boolean,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    bindparam,
    delete,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from kizuna.errors import InvalidInput, UnknownName
from kizuna.store.tables import OrganisationRow, Record

__all__ = [
    "AccountRole",
    "AccountsRepository",
    "ApiKey",
    "ApiKeyRow",
    "LoginAttemptRow",
    "OrganisationPrefectureRow",
    "TokenRow",
    "User",
    "UserRow",
    "check_password",
]

_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{2,63}$")
_PREFECTURE = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")
MIN_PASSWORD_LENGTH = 10


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn's list of the 30,000 most used passwords (lower case), loaded on first use.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password(password: str) -> None:
    """The password policy, for every role: at least ``MIN_PASSWORD_LENGTH`` characters and
    not one of the commonly used passwords (``1234567890``, ``password123``...).

    Raises
    ------
    InvalidInput
        Naming ``password``; the message never repeats it.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password: at least {MIN_PASSWORD_LENGTH} characters",
                           field="password")
    if password.lower() in _common_passwords():
        raise InvalidInput("password: one of the most commonly used passwords; choose another",
                           field="password")


class AccountRole(StrEnum):
    """What a user account may do (the API's authorisation reads it)."""

    OPERATOR = "operator"  # operator staff, scoped to their organisation
    REGULATOR = "regulator"  # prefecture / zone office, scoped to its prefecture(s)
    RESIDENT = "resident"  # only their own orders and drop spots
    COMPANY = "company"  # residency: a company, by corporate number
    PREFECTURE_OFFICER = "prefecture_officer"  # residency: one prefecture's cases
    IMMIGRATION_OFFICER = "immigration_officer"  # residency: every case
    ADMIN = "admin"


# -- tables -----------------------------------------------------------------------------------
class OrganisationPrefectureRow(Record):
    """The prefecture an organisation belongs to (a zone office names its zone instead)."""

    __tablename__ = "organisation_prefectures"

    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    prefecture: Mapped[str] = mapped_column(String(40), index=True)


class UserRow(Record):
    """A person who signs in."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    prefecture: Mapped[str | None] = mapped_column(String(40))
    corporate_number: Mapped[str | None] = mapped_column(String(13))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TokenRow(Record):
    """A bearer token (its SHA-256) and when it stops working."""

    __tablename__ = "auth_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class LoginAttemptRow(Record):
    """A sign-in attempt reserved before its password is checked (the shared rate limit):
    kept while it counts as a failure, deleted by a successful sign-in of the same key."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(400), index=True)  # "username\nclient"
    at: Mapped[float] = mapped_column(Float)  # POSIX seconds (every host's wall clock)


class ApiKeyRow(Record):
    """A machine client's key (e.g. a telemetry feed), owned by one organisation."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[list[str]]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


# Built once: a statement object executed again skips SQLAlchemy's cache-key and result
# adaptation work (most of the cost of a one-row lookup).
_t, _u, _k, _p = (TokenRow.__table__.c, UserRow.__table__.c, ApiKeyRow.__table__.c,
                  OrganisationPrefectureRow.__table__.c)
_TOKEN_CALLER = select(
    _t.expires_at, _u.id, _u.username, _u.role, _u.organisation_id, _u.prefecture,
    _u.corporate_number, _u.disabled, _p.prefecture,
).select_from(TokenRow.__table__.join(UserRow.__table__, _u.id == _t.user_id).outerjoin(
    OrganisationPrefectureRow.__table__, _p.organisation_id == _u.organisation_id)).where(
    _t.token_hash == bindparam("token_hash"))
_KEY_CALLER = select(
    _k.id, _k.secret_hash, _k.organisation_id, _k.name, _k.scopes, _k.expires_at, _k.revoked,
    _p.prefecture,
).select_from(ApiKeyRow.__table__.outerjoin(
    OrganisationPrefectureRow.__table__, _p.organisation_id == _k.organisation_id)).where(
    _k.id == bindparam("key_id"))


# -- values -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class User:
    """A user as the API sees it (never with the password hash)."""

    id: int
    username: str
    role: AccountRole
    organisation_id: str | None
    prefecture: str | None
    corporate_number: str | None


@dataclass(frozen=True)
class ApiKey:
    """An API key's identity (never its secret)."""

    id: str
    organisation_id: str
    name: str
    scopes: tuple[str, ...]
    expires_at: datetime | None


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _utc(value: datetime) -> datetime:
    # SQLite keeps no offset; the store always writes UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _user(row: UserRow) -> User:
    return User(row.id, row.username, AccountRole(row.role), row.organisation_id,
                row.prefecture, row.corporate_number)


class AccountsRepository:
    """Users, tokens, API keys and organisation prefectures; each call is one transaction.

    Parameters
    ----------
    sessions
        Where to open sessions.
    hasher
        The Argon2 password hasher (tests pass a cheap one).
    now
        The clock (injectable for tests of expiry).
    """

    def __init__(self, sessions: sessionmaker[Session], hasher: PasswordHasher | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        bind = sessions.kw.get("bind")
        if not isinstance(bind, Engine):
            raise InvalidInput("sessions: bound to an engine", field="sessions")
        self._engine: Engine = bind
        self._hasher = hasher or PasswordHasher()
        self._now = now
        # Verified when the username is unknown, so both paths cost one Argon2 verification.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))

    # -- organisations ----------------------------------------------------------------------
    def set_prefecture(self, organisation_id: str, prefecture: str) -> None:
        """Record (or change) the prefecture ``organisation_id`` belongs to."""
        if not _PREFECTURE.match(prefecture):
            raise InvalidInput(f"prefecture {prefecture!r}: lower-case letters, digits, - or _",
                               field="prefecture")
        with self._sessions.begin() as s:
            if s.get(OrganisationRow, organisation_id) is None:
                raise UnknownName("organisation", organisation_id)
            row = s.get(OrganisationPrefectureRow, organisation_id)
            if row is None:
                s.add(OrganisationPrefectureRow(organisation_id=organisation_id,
                                                prefecture=prefecture))
            else:
                row.prefecture = prefecture

    def prefecture_of(self, organisation_id: str) -> str | None:
        """The prefecture of ``organisation_id``; None when none is recorded."""
        with self._sessions() as s:
            row = s.get(OrganisationPrefectureRow, organisation_id)
            return None if row is None else row.prefecture

    def prefectures(self) -> dict[str, str]:
        """Organisation id -> prefecture, for every organisation that has one."""
        with self._sessions() as s:
            return {r.organisation_id: r.prefecture
                    for r in s.scalars(select(OrganisationPrefectureRow))}

    # -- users ------------------------------------------------------------------------------
    def add_user(self, username: str, password: str, role: AccountRole | str, *,
                 organisation_id: str | None = None, prefecture: str | None = None,
                 corporate_number: str | None = None) -> User:
        """Create a user; the password is stored as an Argon2id hash only."""
        if not _USERNAME.match(username):
            raise InvalidInput("username: 3-64 letters, digits, '.', '_', '@' or '-'",
                               field="username")
        check_password(password)
        try:
            chosen = AccountRole(role)
        except ValueError:
            raise InvalidInput(f"role {role!r} is not one of "
                               f"{', '.join(r.value for r in AccountRole)}", field="role") from None
        needs_org = chosen in (AccountRole.OPERATOR, AccountRole.REGULATOR, AccountRole.COMPANY)
        if needs_org and organisation_id is None:
            raise InvalidInput(f"organisation_id: required for role {chosen}",
                               field="organisation_id")
        if chosen is AccountRole.PREFECTURE_OFFICER and not prefecture:
            raise InvalidInput("prefecture: required for a prefecture officer", field="prefecture")
        if chosen is AccountRole.COMPANY and not corporate_number:
            raise InvalidInput("corporate_number: required for a company user",
                               field="corporate_number")
        with self._sessions.begin() as s:
            if organisation_id is not None and s.get(OrganisationRow, organisation_id) is None:
                raise UnknownName("organisation", organisation_id)
            if s.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
                raise InvalidInput(f"username {username!r} is taken", field="username")
            row = UserRow(username=username, password_hash=self._hasher.hash(password),
                          role=chosen.value, organisation_id=organisation_id,
                          prefecture=prefecture, corporate_number=corporate_number,
                          disabled=False, created_at=self._now())
            s.add(row)
            s.flush()
            return _user(row)

    def count_users(self) -> int:
        """How many users exist (the first administrator is created when there are none)."""
        with self._sessions() as s:
            return len(s.scalars(select(UserRow.id)).all())

    def get_user(self, user_id: int) -> User:
        """The user ``user_id``; raises :class:`UnknownName`."""
        with self._sessions() as s:
            row = s.get(UserRow, user_id)
            if row is None:
                raise UnknownName("user", str(user_id))
            return _user(row)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the password is right and the account enabled, else None."""
        with self._sessions() as s:
            row = s.scalars(select(UserRow).where(UserRow.username == username)).one_or_none()
            stored = self._dummy_hash if row is None else row.password_hash
            try:
                self._hasher.verify(stored, password)
            except (VerificationError, InvalidHashError):
                return None
            if row is None or row.disabled:
                return None
            return _user(row)

    # -- tokens -----------------------------------------------------------------------------
    def issue_token(self, user_id: int, ttl: timedelta) -> tuple[str, datetime]:
        """A new bearer token for ``user_id`` and its expiry (UTC)."""
        token = secrets.token_urlsafe(32)
        now = self._now()
        expires = now + ttl
        with self._sessions.begin() as s:
            # Expired tokens are swept here, so the table stays small without a scheduler.
            s.execute(delete(TokenRow).where(TokenRow.expires_at < now))
            s.add(TokenRow(token_hash=_sha256(token), user_id=user_id, created_at=now,
                           expires_at=expires))
        return token, expires

    def user_for_token(self, token: str) -> User | None:
        """The enabled user a live token belongs to, else None."""
        found = self.token_caller(token)
        return None if found is None else found[0]

    def token_caller(self, token: str) -> tuple[User, str | None] | None:
        """The enabled user a live token belongs to and their organisation's prefecture (None
        without one), in one query; None for an unknown, expired or disabled one."""
        with self._engine.connect() as conn:
            row = conn.execute(_TOKEN_CALLER, {"token_hash": _sha256(token)}).first()
        if row is None or _utc(row[0]) <= self._now() or row[7]:
            return None
        return User(row[1], row[2], AccountRole(row[3]), row[4], row[5], row[6]), row[8]

    def revoke_token(self, token: str) -> None:
        """Make ``token`` stop working (signing out)."""
        with self._sessions.begin() as s:
            s.execute(delete(TokenRow).where(TokenRow.token_hash == _sha256(token)))

    # -- API keys ---------------------------------------------------------------------------
    def create_api_key(self, organisation_id: str, name: str, scopes: tuple[str, ...],
                       ttl: timedelta | None = None) -> tuple[ApiKey, str]:
        """A new key for ``organisation_id``: its identity and the secret string (shown once)."""
        if not name.strip() or len(name) > 200:
            raise InvalidInput("name: 1-200 characters", field="name")
        key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        expires = None if ttl is None else self._now() + ttl
        with self._sessions.begin() as s:
            if s.get(OrganisationRow, organisation_id) is None:
                raise UnknownName("organisation", organisation_id)
            s.add(ApiKeyRow(id=key_id, secret_hash=_sha256(secret),
                            organisation_id=organisation_id, name=name, scopes=list(scopes),
                            created_at=self._now(), expires_at=expires, revoked=False))
        return ApiKey(key_id, organisation_id, name, scopes, expires), f"kzk_{key_id}_{secret}"

    def api_key(self, presented: str) -> ApiKey | None:
        """The live key ``presented`` is, else None."""
        found = self.key_caller(presented)
        return None if found is None else found[0]

    def key_caller(self, presented: str) -> tuple[ApiKey, str | None] | None:
        """The live key ``presented`` is and its organisation's prefecture (None without one),
        in one query; None for an unknown, forged, revoked or expired key."""
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != "kzk":
            return None
        with self._engine.connect() as conn:
            row = conn.execute(_KEY_CALLER, {"key_id": parts[1]}).first()
        if row is None or row.revoked:
            return None
        if not hmac.compare_digest(row.secret_hash, _sha256(parts[2])):
            return None
        expires = None if row.expires_at is None else _utc(row.expires_at)
        if expires is not None and expires <= self._now():
            return None
        return ApiKey(row.id, row.organisation_id, row.name, tuple(row.scopes), expires), row[7]

    def revoke_api_key(self, key_id: str, organisation_id: str) -> bool:
        """Revoke a key of ``organisation_id``; False when it has no such key."""
        with self._sessions.begin() as s:
            row = s.get(ApiKeyRow, key_id)
            if row is None or row.organisation_id != organisation_id:
                return False
            row.revoked = True
            return True
