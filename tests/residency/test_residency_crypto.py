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
    LEGACY_KEY_ID,
    RETIRED_KEYS_ENV,
    FieldCipher,
    Keyring,
    key_id,
    load_data_key,
    load_keyring,
    seal_applicant,
    token_key_id,
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


# -- key identifiers, keyring, rotation -----------------------------------------------------
# Tokens written by the cipher before key ids existed (commit 1f4826e), with the key below and
# the nonce bytes 0..11: data already stored in this format must still decrypt.
LEGACY_KEY = bytes(range(100, 132))
LEGACY_TOKENS = {
    ("passport_number", "C1234567"): "v1:AAECAwQFBgcICQoL3JoKf4l4996c4mZR6iCbEuBDENC_DPMK",
    ("name", "山田 花子"): "v1:AAECAwQFBgcICQoLehqJqyn94QEXontlBvUoV1RJSwF5aDJiKOgeezk=",
}


def test_tokens_written_before_key_ids_still_decrypt() -> None:
    """A v1 token opens with its key, as the current key or as a retired one."""
    for (field, value), token in LEGACY_TOKENS.items():
        assert token_key_id(token) == LEGACY_KEY_ID
        assert FieldCipher(LEGACY_KEY).decrypt(field, token) == value
        rotated = FieldCipher(_key(7), retired=[_key(8), LEGACY_KEY])
        assert rotated.decrypt(field, token) == value
        with pytest.raises(InvalidInput, match="cannot decrypt"):
            FieldCipher(_key(7), retired=[_key(8)]).decrypt(field, token)


def test_new_tokens_carry_the_key_id_and_open_only_with_that_key() -> None:
    """``v2:<key id>:``; a retired key still opens its tokens, an absent one is named."""
    old, new = _cipher(1), FieldCipher(_key(2), retired=[_key(1)])
    token = old.encrypt("name", "Nguyen Thi Lan")
    assert token.startswith(f"v2:{key_id(_key(1))}:") and token_key_id(token) == old.key_id
    assert key_id(_key(1)) != key_id(_key(2)) and len(key_id(_key(1))) == 16
    assert base64.b64encode(_key(1)).decode() not in token and _key(1).hex() not in token
    assert new.decrypt("name", token) == "Nguyen Thi Lan"
    assert new.key_ids == (key_id(_key(2)), key_id(_key(1)))
    with pytest.raises(InvalidInput, match=f"key {old.key_id} is not in the keyring"):
        FieldCipher(_key(2)).decrypt("name", token)
    # A token's key id cannot be swapped for another key's: the tag does not match.
    forged = token.replace(old.key_id, new.key_id, 1)
    with pytest.raises(InvalidInput, match="wrong key or altered"):
        new.decrypt("name", forged)


def test_reencrypt_moves_a_token_to_the_current_key() -> None:
    """Re-encryption keeps the value, changes the key id, and leaves current tokens alone."""
    new = FieldCipher(_key(2), retired=[_key(1), LEGACY_KEY])
    tokens = [_cipher(1).encrypt("major", "電気電子工学"), LEGACY_TOKENS[("name", "山田 花子")]]
    for token, value in zip(tokens, ["電気電子工学", None], strict=True):
        field = "major" if value else "name"
        assert not new.is_current(token)
        fresh = new.reencrypt(field, token)
        assert new.is_current(fresh) and token_key_id(fresh) == key_id(_key(2))
        assert FieldCipher(_key(2)).decrypt(field, fresh) == new.decrypt(field, token)
        assert new.reencrypt(field, fresh) == fresh


def test_keyring_from_environment_and_key_file(tmp_path: Path) -> None:
    """Env: KIZUNA_DATA_KEY current, KIZUNA_DATA_KEYS_RETIRED retired; file: first line current."""
    a, b, c = (base64.b64encode(_key(i)).decode() for i in (1, 2, 3))
    ring = load_keyring({KEY_ENV: a, RETIRED_KEYS_ENV: f"{b}, {c}\n{a}"})
    assert ring == Keyring(_key(1), (_key(2), _key(3)))  # the current key is not retired too
    key_file = tmp_path / "keys"
    key_file.write_text(f"# rotated 2026-11-26\n{c}\n{a}  # old\n", encoding="ascii")
    assert load_keyring({RETIRED_KEYS_ENV: b}, key_file=key_file) == Keyring(
        _key(3), (_key(1), _key(2)))
    assert load_data_key({}, key_file=key_file) == _key(3)
    empty = tmp_path / "empty"
    empty.write_text("# nothing\n", encoding="ascii")
    with pytest.raises(InvalidInput, match="holds no data key"):
        load_keyring({}, key_file=empty)
    with pytest.raises(InvalidInput, match=RETIRED_KEYS_ENV):
        load_keyring({KEY_ENV: a, RETIRED_KEYS_ENV: "not base64!"})
