"""Field encryption for personal data at rest: AES-256-GCM.

The key is 32 bytes, given base64-encoded in ``KIZUNA_DATA_KEY`` or in a key file (this module
reads that one file; it is the only input/output in the package). Each field is sealed with
its own random 96-bit nonce and the field's name as associated data, so a ciphertext copied
into another field does not decrypt. A token is ``v1:`` + urlsafe base64 of nonce + ciphertext.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kizuna.errors import InvalidInput
from kizuna.residency.coe import Applicant

__all__ = [
    "KEY_ENV",
    "PERSONAL_FIELDS",
    "FieldCipher",
    "SealedApplicant",
    "generate_key",
    "load_data_key",
    "seal_applicant",
    "unseal_applicant",
]

KEY_ENV = "KIZUNA_DATA_KEY"
PERSONAL_FIELDS = ("name", "date_of_birth", "passport_number")
_PREFIX = "v1:"
_NONCE_BYTES = 12


def generate_key() -> str:
    """A new random key, base64-encoded as ``KIZUNA_DATA_KEY`` expects."""
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


def _decode_key(text: str, source: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(f"{source}: data key is not base64") from None
    if len(key) != 32:
        raise InvalidInput(f"{source}: data key must be 32 bytes, got {len(key)}")
    return key


def load_data_key(env: Mapping[str, str] | None = None,
                  key_file: str | os.PathLike[str] | None = None) -> bytes:
    """The data key: from ``key_file`` when given, else from ``KIZUNA_DATA_KEY`` in ``env``."""
    if key_file is not None:
        try:
            text = Path(key_file).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"{key_file}: cannot read the data key ({exc})") from None
        return _decode_key(text, str(key_file))
    environ = os.environ if env is None else env
    if KEY_ENV not in environ:
        raise InvalidInput(f"{KEY_ENV} is not set and no key file was given")
    return _decode_key(environ[KEY_ENV], KEY_ENV)


class FieldCipher:
    """Encrypts and decrypts single text fields with one key."""

    def __init__(self, key: bytes, nonce: Callable[[int], bytes] = os.urandom) -> None:
        if len(key) != 32:
            raise InvalidInput(f"data key must be 32 bytes, got {len(key)}")
        self._aead = AESGCM(key)
        self._nonce = nonce

    def encrypt(self, field: str, plaintext: str) -> str:
        """The token of ``plaintext`` stored in ``field``."""
        nonce = self._nonce(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), field.encode("utf-8"))
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, field: str, token: str) -> str:
        """The plaintext of ``token`` in ``field``; `InvalidInput` on a wrong key or tampering."""
        if not token.startswith(_PREFIX):
            raise InvalidInput(f"{field}: not an encrypted field")
        try:
            raw = base64.urlsafe_b64decode(token[len(_PREFIX):])
            plain = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:],
                                       field.encode("utf-8"))
        except (binascii.Error, ValueError, InvalidTag):
            raise InvalidInput(f"{field}: cannot decrypt (wrong key or altered data)") from None
        return plain.decode("utf-8")


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
