"""Rotating the residency data key on SQLite and PostgreSQL: every token moves to the new key,
every value decrypts as before, old-format tokens are read, an interrupted run resumes."""

from __future__ import annotations

import base64

import pytest
from residency_store_builders import (
    BIRTH,
    COMPANY,
    DOCUMENT_BYTES,
    IMMIGRATION,
    KEY,
    NAME,
    PASSPORT,
    decided_case,
    draft_case,
    plaintext_forms,
    raw_dump,
    ticking_clock,
)
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from kizuna.errors import InvalidInput
from kizuna.residency import AuditAction, CoeCase, default_programmes
from kizuna.residency.crypto import FieldCipher, key_id
from kizuna.store import Organisation, OrganisationRepository, ResidencyRepository
from kizuna.store.residency import ApplicantRow, CoeCaseRow, DocumentRow
from kizuna.store.residency_keys import ROTATION_ACTOR, rotate_data_key, sealed_key_ids

NEW_KEY = bytes(range(1, 33))
OLD_ID, NEW_ID = key_id(KEY), key_id(NEW_KEY)
CASES = 5
# Tokens per case: a draft has 4 applicant tokens and one document with its bytes (2); a
# decided case adds a reply document without bytes (1) and the decision's reason (1).
DRAFT_TOKENS, DECIDED_TOKENS = 4 + 2, 4 + 2 + 1 + 1


def _stored(sessions: sessionmaker[Session]) -> list[CoeCase]:
    """Five cases under the old key, two of them (coe-0, coe-3) in the pre-key-id format."""
    with sessions() as s:
        OrganisationRepository(s).add(Organisation("kumamoto-chips", "Kumamoto Chips", "company"))
        s.commit()
    old = ResidencyRepository(sessions, FieldCipher(KEY), now=ticking_clock())
    programme = default_programmes().get("kumamoto")
    cases = [decided_case(programme, f"coe-{i}", passport_number=f"C765432{i}")
             if i % 2 else draft_case(f"coe-{i}") for i in range(CASES)]
    cases = [old.save_case(case, "kumamoto-chips",  # as saved: the filed ones numbered
                           IMMIGRATION if case.decision is not None else COMPANY,
                           {case.documents[0].sha256: DOCUMENT_BYTES}) for case in cases]
    legacy = f"v2:{OLD_ID}:"
    with sessions.begin() as s:  # what the cipher wrote before tokens carried a key id
        for case_id in ("coe-0", "coe-3"):
            a = s.get(ApplicantRow, case_id)
            assert a is not None
            for attr in ("name", "date_of_birth", "passport_number", "details"):
                setattr(a, attr, getattr(a, attr).replace(legacy, "v1:", 1))
            for d in s.scalars(select(DocumentRow).where(DocumentRow.case_id == case_id)):
                d.filename = d.filename.replace(legacy, "v1:", 1)
                d.content = None if d.content is None else d.content.replace(legacy, "v1:", 1)
    return cases


def _read_all(sessions: sessionmaker[Session], cipher: FieldCipher) -> list[CoeCase]:
    repo = ResidencyRepository(sessions, cipher, now=ticking_clock())
    return [repo.read_case(f"coe-{i}", IMMIGRATION, "rotation check") for i in range(CASES)]


def _contents(sessions: sessionmaker[Session], cipher: FieldCipher) -> list[bytes]:
    repo = ResidencyRepository(sessions, cipher, now=ticking_clock())
    return [repo.document_content(c.case_id, d.sha256, IMMIGRATION, "rotation check")
            for c in _read_all(sessions, cipher) for d in c.documents
            if d.filename == "passport_nguyen.pdf"]


def test_rotation_moves_every_token_to_the_new_key(sessions: sessionmaker[Session],
                                                   migrated: Engine) -> None:
    """After rotation no token uses the old key and every value decrypts identically."""
    cases = _stored(sessions)
    before = sealed_key_ids(sessions)
    # coe-0 (draft) and coe-3 (decided, its decision reason left with a key id) are legacy.
    assert set(before) == {"v1", OLD_ID} and before["v1"] == DRAFT_TOKENS + DECIDED_TOKENS - 1
    assert sum(before.values()) == 3 * DRAFT_TOKENS + 2 * DECIDED_TOKENS
    assert _read_all(sessions, FieldCipher(KEY)) == cases  # old format read with the old key
    rotating = FieldCipher(NEW_KEY, retired=[KEY])
    seen: list[int] = []
    report = rotate_data_key(sessions, rotating, batch_size=2, now=ticking_clock(),
                             progress=lambda r: seen.append(r.cases))
    assert (report.key_id, report.batches, report.cases, report.cases_changed) == (
        NEW_ID, 3, CASES, CASES)
    assert seen == [2, 4, 5]
    total = sum(before.values())
    assert sum(report.reencrypted.values()) == total and report.already_current == 0
    assert report.reencrypted["decision_reason"] == 2  # coe-1 and coe-3 were decided
    assert sealed_key_ids(sessions) == {NEW_ID: total}
    only_new = FieldCipher(NEW_KEY)  # the old key is no longer needed
    assert _read_all(sessions, only_new) == cases
    assert _contents(sessions, only_new) == [DOCUMENT_BYTES] * CASES
    with pytest.raises(InvalidInput, match="cannot decrypt"):
        _read_all(sessions, FieldCipher(KEY))
    audit = [e for e in ResidencyRepository(sessions, only_new).audit_log()
             if e.event.actor_id == ROTATION_ACTOR]
    assert sorted(e.event.case_id for e in audit) == [f"coe-{i}" for i in range(CASES)]
    assert {(e.event.action, e.event.reason, e.actor_role) for e in audit} == {
        (AuditAction.DECRYPT, "key rotation", "system")}
    # Run again: nothing left to do.
    again = rotate_data_key(sessions, rotating, batch_size=2)
    assert (again.reencrypted, again.already_current, again.cases_changed) == ({}, total, 0)
    dump = raw_dump(migrated)
    assert f"v2:{NEW_ID}:".encode() in dump
    assert f"v2:{OLD_ID}:".encode() not in dump and b"v1:" not in dump
    secrets = (NAME, PASSPORT, BIRTH.isoformat(), "passport_nguyen", "meets the criteria")
    assert [f for f in plaintext_forms(*secrets) if f in dump] == []
    assert DOCUMENT_BYTES not in dump
    assert base64.b64encode(DOCUMENT_BYTES) not in dump


def test_an_interrupted_rotation_resumes(sessions: sessionmaker[Session]) -> None:
    """A failing batch rolls back; committed batches stay; running again finishes the job."""
    cases = _stored(sessions)
    rotating = FieldCipher(NEW_KEY, retired=[KEY])

    def stop_after_first(report: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rotate_data_key(sessions, rotating, batch_size=2, progress=stop_after_first)
    half = sealed_key_ids(sessions)
    assert half[NEW_ID] == DRAFT_TOKENS + DECIDED_TOKENS and OLD_ID in half  # coe-0, coe-1
    # A keyring without the old key stops at the first old token and names the case.
    with pytest.raises(InvalidInput, match=rf"case coe-2, .*key {OLD_ID} is not in the keyring"):
        rotate_data_key(sessions, FieldCipher(NEW_KEY), batch_size=2)
    assert sealed_key_ids(sessions) == half  # the failing batch was rolled back
    report = rotate_data_key(sessions, rotating, batch_size=2)
    assert report.cases_changed == 3
    assert report.already_current == DRAFT_TOKENS + DECIDED_TOKENS
    assert set(sealed_key_ids(sessions)) == {NEW_ID}
    assert _read_all(sessions, FieldCipher(NEW_KEY)) == cases
    with sessions() as s:
        decisions = [d for d in s.scalars(select(CoeCaseRow.decision)) if d is not None]
    assert all(d["reason"].startswith(f"v2:{NEW_ID}:") for d in decisions)
