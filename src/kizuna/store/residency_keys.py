"""Rotating the residency data key: every sealed field sealed again with the current key.

The cipher's keyring holds the new key as its current key and the old ones as retired keys
(see :mod:`kizuna.residency.crypto`). :func:`rotate_data_key` walks the CoE cases in order of
their id, a batch at a time, and in one transaction per batch re-seals every token of the
batch's applicants, documents (file name and bytes) and decision reasons that is not under the
current key, with one audit row (action ``decrypt``, reason ``key rotation``) per case it
touched. A batch is all or nothing; an interrupted run is resumed by running it again, since
tokens already under the current key are skipped (their key id says so without decrypting).
Plaintext exists only in memory, between decrypting and sealing one field. On SQLite the
batches run with ``secure_delete`` and the WAL is checkpointed at the end (as for erasure), so
the old tokens do not linger in free pages; on PostgreSQL the old row versions go at the next
``VACUUM``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from kizuna.errors import InvalidInput
from kizuna.residency.crypto import FieldCipher, token_key_id
from kizuna.residency.privacy import AuditAction
from kizuna.store.residency import ApplicantRow, AuditRow, CoeCaseRow, DocumentRow

__all__ = ["ROTATION_ACTOR", "RotationReport", "rotate_data_key", "sealed_key_ids"]

ROTATION_ACTOR = "cli:rotate-key"
_APPLICANT_COLUMNS = (("name", "name"), ("date_of_birth", "date_of_birth"),
                      ("passport_number", "passport_number"), ("details", "applicant_details"))


@dataclass(frozen=True)
class RotationReport:
    """What a rotation did: counts only (never a value)."""

    key_id: str
    batches: int = 0
    cases: int = 0
    cases_changed: int = 0
    reencrypted: dict[str, int] = field(default_factory=dict)
    already_current: int = 0

    def to_json(self) -> dict[str, object]:
        """A JSON-able summary."""
        return {"key_id": self.key_id, "batches": self.batches, "cases": self.cases,
                "cases_changed": self.cases_changed,
                "reencrypted": dict(sorted(self.reencrypted.items())),
                "reencrypted_total": sum(self.reencrypted.values()),
                "already_current": self.already_current}


def _tokens(s: Session) -> list[str]:
    tokens: list[str] = []
    for a in s.scalars(select(ApplicantRow)):
        tokens += [a.name, a.date_of_birth, a.passport_number, a.details]
    for filename, content in s.execute(select(DocumentRow.filename, DocumentRow.content)):
        tokens += [filename] if content is None else [filename, content]
    for decision in s.scalars(select(CoeCaseRow.decision)):
        if decision is not None:
            tokens.append(str(decision["reason"]))
    return tokens


def sealed_key_ids(sessions: sessionmaker[Session]) -> dict[str, int]:
    """How many stored tokens each key sealed (``v1`` for tokens without a key id).

    Reads only the tokens' key ids: nothing is decrypted.
    """
    with sessions() as s:
        return dict(sorted(Counter(token_key_id(t) for t in _tokens(s)).items()))


class _Batch:
    """Re-seals the tokens of one batch, counting per column."""

    def __init__(self, cipher: FieldCipher) -> None:
        self.cipher = cipher
        self.done: Counter[str] = Counter()
        self.current = 0

    def reseal(self, case_id: str, column: str, token: str) -> str:
        if self.cipher.is_current(token):
            self.current += 1
            return token
        try:
            fresh = self.cipher.reencrypt(column, token)
        except InvalidInput as exc:
            raise InvalidInput(f"case {case_id}, {exc}", field=column) from None
        self.done[column] += 1
        return fresh


def _rotate_case(s: Session, row: CoeCaseRow, batch: _Batch) -> tuple[str, ...]:
    """Re-seal one case's tokens; the columns changed."""
    before = Counter(batch.done)
    applicant = s.get(ApplicantRow, row.case_id)
    if applicant is not None:
        for attr, column in _APPLICANT_COLUMNS:
            setattr(applicant, attr,
                    batch.reseal(row.case_id, column, getattr(applicant, attr)))
    for doc in s.scalars(select(DocumentRow).where(DocumentRow.case_id == row.case_id)):
        doc.filename = batch.reseal(row.case_id, "document_filename", doc.filename)
        if doc.content is not None:
            doc.content = batch.reseal(row.case_id, "document_content", doc.content)
    if row.decision is not None:
        reason = batch.reseal(row.case_id, "decision_reason", str(row.decision["reason"]))
        if reason != row.decision["reason"]:
            row.decision = {**row.decision, "reason": reason}  # a new dict: the JSON changes
    return tuple(sorted(c for c in batch.done if batch.done[c] > before[c]))


def rotate_data_key(sessions: sessionmaker[Session], cipher: FieldCipher,
                    batch_size: int = 50,
                    now: Callable[[], datetime] = lambda: datetime.now(UTC),
                    progress: Callable[[RotationReport], None] | None = None,
                    ) -> RotationReport:
    """Re-seal every residency token with ``cipher``'s current key, ``batch_size`` cases a time.

    Each batch commits on its own; a token no key of the ring opens stops the run with
    `InvalidInput` naming the case and column (earlier batches stay committed, the failing one
    is rolled back). ``progress`` is called with the running totals after every batch.
    """
    if batch_size < 1:
        raise InvalidInput("batch_size: at least 1", field="batch_size")
    report = RotationReport(cipher.key_id)
    after = ""
    while True:
        batch = _Batch(cipher)
        changed = 0
        with sessions.begin() as s:
            if s.get_bind().dialect.name == "sqlite":
                s.execute(text("PRAGMA secure_delete=ON"))  # old tokens' bytes are zeroed
            rows = list(s.scalars(select(CoeCaseRow).where(CoeCaseRow.case_id > after)
                                  .order_by(CoeCaseRow.case_id).limit(batch_size)
                                  .with_for_update()))
            if not rows:
                break
            for row in rows:
                columns = _rotate_case(s, row, batch)
                if columns:
                    changed += 1
                    s.add(AuditRow(at=now(), actor_id=ROTATION_ACTOR, actor_role="system",
                                   action=AuditAction.DECRYPT.value, case_id=row.case_id,
                                   organisation_id=row.organisation_id,
                                   prefecture=row.prefecture, reason="key rotation",
                                   fields=list(columns), allowed=True))
            after = rows[-1].case_id
        totals = Counter(report.reencrypted)
        totals.update(batch.done)
        report = RotationReport(cipher.key_id, report.batches + 1, report.cases + len(rows),
                                report.cases_changed + changed, dict(totals),
                                report.already_current + batch.current)
        if progress is not None:
            progress(report)
    with sessions() as s:
        if s.get_bind().dialect.name == "sqlite":
            # The WAL still holds pages with the old tokens: fold it in and truncate it.
            s.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return report
