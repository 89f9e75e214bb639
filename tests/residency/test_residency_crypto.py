"""Tests for field encryption of personal data."""

from __future__ import annotations

import base64
import random
from datetime import date
from pathlib import Path

import pytest
from residency_builders import applicant

from kizuna.errors import InvalidInput
from kizuna.residency.crypto import (
    KEY_ENV,
    FieldCipher,
    load_data_key,
    seal_applicant,
    unseal_applicant,
)


def _key(seed: int) -> bytes:
    return random.Random(seed).randbytes(32)


def _cipher(seed: int = 1) -> FieldCipher:
    nonces = random.Random(seed + 100)
    return FieldCipher(_key(seed), nonce=nonces.randbytes)


def test_round_trip_and_no_plaintext_in_ciphertext() -> None:
    """A field decrypts to itself, and its token shows no trace of the plaintext."""
    cipher = _cipher()
    for field, value in [("passport_number", "C1234567"), ("name", "Nguyen Thi Lan"),
                         ("date_of_birth", "1996-04-12"), ("name", "山田 花子")]:
        token = cipher.encrypt(field, value)
        assert cipher.decrypt(field, token) == value
        for form in (value, value.lower(), base64.b64encode(value.encode()).decode(),
                     base64.urlsafe_b64encode(value.encode()).decode()):
            assert form not in token


def test_same_value_encrypts_differently() -> None:
    """Fresh nonces: equal plaintexts give different tokens (no equality leak)."""
    cipher = _cipher()
    assert cipher.encrypt("name", "A B") != cipher.encrypt("name", "A B")


def test_wrong_key_fails() -> None:
    """Another key cannot decrypt: InvalidInput, not garbage."""
    token = _cipher(1).encrypt("passport_number", "C1234567")
    with pytest.raises(InvalidInput, match="wrong key"):
        _cipher(2).decrypt("passport_number", token)


def test_token_bound_to_its_field_and_tamper_evident() -> None:
    """A token moved to another field, or altered, does not decrypt."""
    cipher = _cipher()
    token = cipher.encrypt("passport_number", "C1234567")
    with pytest.raises(InvalidInput):
        cipher.decrypt("name", token)
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(InvalidInput):
        cipher.decrypt("passport_number", flipped)
    with pytest.raises(InvalidInput):
        cipher.decrypt("passport_number", "C1234567")


def test_seal_applicant_hides_personal_fields() -> None:
    """Sealing keeps name, birth date and passport number only as ciphertext."""
    person = applicant()
    cipher = _cipher()
    sealed = seal_applicant(person, cipher)
    visible = repr(sealed)
    for secret in ("Nguyen Thi Lan", "C1234567", "1996-04-12", "1996, 4, 12"):
        assert secret not in visible
    assert sealed.applicant.nationality == "VNM"  # non-personal fields stay readable
    assert unseal_applicant(sealed, cipher) == person
    with pytest.raises(InvalidInput):
        unseal_applicant(sealed, _cipher(3))


def test_key_from_environment_and_file(tmp_path: Path) -> None:
    """The key comes base64-encoded from KIZUNA_DATA_KEY or from a key file."""
    key = _key(5)
    text = base64.b64encode(key).decode()
    assert load_data_key({KEY_ENV: text}) == key
    key_file = tmp_path / "data.key"
    key_file.write_text(text + "\n", encoding="ascii")
    assert load_data_key({}, key_file=key_file) == key
    cipher = FieldCipher(load_data_key({KEY_ENV: text}))
    assert cipher.decrypt("date_of_birth",
                          cipher.encrypt("date_of_birth", date(2000, 1, 1).isoformat()))


@pytest.mark.parametrize(
    "env",
    [{}, {KEY_ENV: "not base64!"}, {KEY_ENV: base64.b64encode(b"short").decode()}],
)
def test_bad_or_missing_key_is_invalid_input(env: dict[str, str]) -> None:
    """A missing, non-base64 or wrong-length key is reported, not used."""
    with pytest.raises(InvalidInput):
        load_data_key(env)


def test_unreadable_key_file_is_invalid_input(tmp_path: Path) -> None:
    """A key file that does not exist is invalid input naming it."""
    with pytest.raises(InvalidInput, match=r"missing\.key"):
        load_data_key({}, key_file=tmp_path / "missing.key")
