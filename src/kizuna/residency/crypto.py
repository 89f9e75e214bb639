"""Field encryption for personal data at rest: AES-256-GCM with a keyring.

A key is 32 bytes, given base64-encoded in ``KIZUNA_DATA_KEY`` or in a key file (this module
reads that one file; it is the only input/output in the package). Each field is sealed with
its own random 96-bit nonce and the field's name as associated data, so a ciphertext copied
into another field does not decrypt.

Tokens: ``v2:<key id>:`` + urlsafe base64 of nonce + ciphertext, where the key id is
`key_id` of the key that sealed it. Tokens written before key identifiers existed are
``v1:`` + the same base64 and are still read: they are tried against every key of the ring
(GCM's tag tells a wrong key apart). A `FieldCipher` seals with its current key and opens
with the current key or any retired one, so a key can be rotated while old data stays
readable (``kizuna residency rotate-key`` re-seals everything with the current key).

Retired keys come from ``KIZUNA_DATA_KEYS_RETIRED`` (base64 keys separated by commas or
white space), or from the key file's later lines: its first key is the current one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kizuna.errors import InvalidInput
from kizuna.residency.coe import Applicant

__all__ = [
    "KEY_ENV",
    "LEGACY_KEY_ID",
    "PERSONAL_FIELDS",
    "RETIRED_KEYS_ENV",
    "FieldCipher",
    "Keyring",
    "SealedApplicant",
    "generate_key",
    "key_id",
    "load_data_key",
    "load_keyring",
    "seal_applicant",
    "token_key_id",
    "unseal_applicant",
]

KEY_ENV = "KIZUNA_DATA_KEY"
RETIRED_KEYS_ENV = "KIZUNA_DATA_KEYS_RETIRED"
PERSONAL_FIELDS = ("name", "date_of_birth", "passport_number")
LEGACY_KEY_ID = "v1"  # what `token_key_id` says of a token written without a key id
_V1 = "v1:"
_V2 = "v2:"
_NONCE_BYTES = 12
_KEY_ID = re.compile(r"[0-9a-f]{16}")


def generate_key() -> str:
    """A new random key, base64-encoded as ``KIZUNA_DATA_KEY`` expects."""
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


def key_id(key: bytes) -> str:
    """The key's identifier: 16 hex digits of a domain-separated SHA-256 (not the key)."""
    return hashlib.sha256(b"kizuna data key id\x00" + key).hexdigest()[:16]


def token_key_id(token: str) -> str:
    """The id of the key that sealed ``token``; `LEGACY_KEY_ID` for a ``v1:`` token."""
    if token.startswith(_V1):
        return LEGACY_KEY_ID
    if token.startswith(_V2):
        kid = token[len(_V2):].split(":", 1)[0]
        if _KEY_ID.fullmatch(kid):
            return kid
    raise InvalidInput("not an encrypted field")


def _decode_key(text: str, source: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(f"{source}: data key is not base64") from None
    if len(key) != 32:
        raise InvalidInput(f"{source}: data key must be 32 bytes, got {len(key)}")
    return key


@dataclass(frozen=True)
class Keyring:
    """The current data key (seals) and retired keys (still open old tokens)."""

    current: bytes
    retired: tuple[bytes, ...] = ()

    def __post_init__(self) -> None:
        for key in (self.current, *self.retired):
            if len(key) != 32:
                raise InvalidInput(f"data key must be 32 bytes, got {len(key)}", field="key")


def _key_file_lines(key_file: str | os.PathLike[str]) -> list[str]:
    try:
        text = Path(key_file).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{key_file}: cannot read the data key ({exc})") from None
    lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return [line for line in lines if line]


def load_keyring(env: Mapping[str, str] | None = None,
                 key_file: str | os.PathLike[str] | None = None) -> Keyring:
    """The keyring: from ``key_file`` when given, else from the environment.

    A key file holds one base64 key per line (``#`` starts a comment): the first is the
    current key, the others are retired. From the environment, ``KIZUNA_DATA_KEY`` is the
    current key and ``KIZUNA_DATA_KEYS_RETIRED`` (optional) the retired ones. The retired
    keys of the environment are added to a key file's too.
    """
    environ = os.environ if env is None else env
    retired_text = environ.get(RETIRED_KEYS_ENV, "")
    retired = [_decode_key(t, RETIRED_KEYS_ENV) for t in re.split(r"[\s,]+", retired_text)
               if t]
    if key_file is not None:
        lines = _key_file_lines(key_file)
        if not lines:
            raise InvalidInput(f"{key_file}: holds no data key")
        keys = [_decode_key(t, str(key_file)) for t in lines]
        current, retired = keys[0], [*keys[1:], *retired]
    else:
        if not environ.get(KEY_ENV, "").strip():
            raise InvalidInput(f"{KEY_ENV} is not set and no key file was given")
        current = _decode_key(environ[KEY_ENV], KEY_ENV)
    unique = tuple(dict.fromkeys(k for k in retired if k != current))
    return Keyring(current, unique)


def load_data_key(env: Mapping[str, str] | None = None,
                  key_file: str | os.PathLike[str] | None = None) -> bytes:
    """The current data key: from ``key_file`` when given, else from ``KIZUNA_DATA_KEY``."""
    return load_keyring(env, key_file).current


class FieldCipher:
    """Encrypts single text fields with the current key; decrypts with any key of the ring."""

    def __init__(self, key: bytes, nonce: Callable[[int], bytes] = os.urandom,
                 retired: Iterable[bytes] = ()) -> None:
        ring = Keyring(key, tuple(retired))
        self._current = key_id(ring.current)
        self._aeads = {self._current: AESGCM(ring.current)}
        for old in ring.retired:
            self._aeads.setdefault(key_id(old), AESGCM(old))
        self._nonce = nonce

    @classmethod
    def from_keyring(cls, ring: Keyring,
                     nonce: Callable[[int], bytes] = os.urandom) -> FieldCipher:
        """A cipher over ``ring``."""
        return cls(ring.current, nonce=nonce, retired=ring.retired)

    @property
    def key_id(self) -> str:
        """The id of the current key (the one new tokens carry)."""
        return self._current

    @property
    def key_ids(self) -> tuple[str, ...]:
        """The ids of every key that can decrypt: the current one first."""
        return tuple(self._aeads)

    def encrypt(self, field: str, plaintext: str) -> str:
        """The token of ``plaintext`` stored in ``field``, sealed with the current key."""
        nonce = self._nonce(_NONCE_BYTES)
        sealed = self._aeads[self._current].encrypt(nonce, plaintext.encode("utf-8"),
                                                    field.encode("utf-8"))
        body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
        return f"{_V2}{self._current}:{body}"

    def is_current(self, token: str) -> bool:
        """Whether ``token`` is sealed with the current key (no decryption)."""
        try:
            return token_key_id(token) == self._current
        except InvalidInput:
            return False

    def decrypt(self, field: str, token: str) -> str:
        """The plaintext of ``token`` in ``field``; `InvalidInput` on a wrong key or tampering."""
        try:
            kid = token_key_id(token)
        except InvalidInput:
            raise InvalidInput(f"{field}: not an encrypted field", field=field) from None
        if kid == LEGACY_KEY_ID:
            candidates = list(self._aeads.values())
            body = token[len(_V1):]
        else:
            if kid not in self._aeads:
                raise InvalidInput(f"{field}: cannot decrypt (wrong key: key {kid} is not in the "
                                   f"keyring; add it to {RETIRED_KEYS_ENV})", field=field)
            candidates = [self._aeads[kid]]
            body = token[len(_V2) + len(kid) + 1:]
        try:
            raw = base64.urlsafe_b64decode(body)
        except (binascii.Error, ValueError):
            raise InvalidInput(f"{field}: cannot decrypt (wrong key or altered data)",
                               field=field) from None
        for aead in candidates:
            try:
                plain = aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:],
                                     field.encode("utf-8"))
            except (ValueError, InvalidTag):
                continue
            return plain.decode("utf-8")
        raise InvalidInput(f"{field}: cannot decrypt (wrong key or altered data)", field=field)

    def reencrypt(self, field: str, token: str) -> str:
        """``token`` sealed again with the current key (unchanged when it already is)."""
        if self.is_current(token):
            return token
        return self.encrypt(field, self.decrypt(field, token))


@dataclass(frozen=True)
class SealedApplicant:
    """An `Applicant` whose personal fields are tokens, as the store keeps it."""

    applicant: Applicant  # personal fields replaced by placeholders; the tokens hold them
    name: str
    date_of_birth: str
    passport_number: str


def seal_applicant(applicant: Applicant, cipher: FieldCipher) -> SealedApplicant:
    """Encrypt the applicant's name, birth date and passport number."""
    return SealedApplicant(
        applicant=replace(applicant, name="-", passport_number="SEALED",
                          date_of_birth=date(1900, 1, 1)),
        name=cipher.encrypt("name", applicant.name),
        date_of_birth=cipher.encrypt("date_of_birth", applicant.date_of_birth.isoformat()),
        passport_number=cipher.encrypt("passport_number", applicant.passport_number),
    )


def unseal_applicant(sealed: SealedApplicant, cipher: FieldCipher) -> Applicant:
    """The original applicant, decrypted."""
    return replace(
        sealed.applicant,
        name=cipher.decrypt("name", sealed.name),
        date_of_birth=date.fromisoformat(cipher.decrypt("date_of_birth", sealed.date_of_birth)),
        passport_number=cipher.decrypt("passport_number", sealed.passport_number),
    )
