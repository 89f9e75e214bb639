"""Builders for the residency storage tests (a uniquely named module, not a conftest)."""

from __future__ import annotations

import base64
import glob
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from kizuna.residency import (
    Actor,
    Applicant,
    CoeCase,
    Document,
    Employer,
    ImmigrationDecision,
    Job,
    Programme,
    Role,
    WorkHistoryEntry,
)
from kizuna.residency.crypto import FieldCipher

KUMAMOTO_CO = "7000012050002"  # valid check digit
MIYAGI_CO = "2000012010019"
OTHER_CO = "5000012010024"

KEY = base64.b64decode("q7hqyqpFv1g5GTd0f8xQfE0vJtH9KJ1Jm6z8w3lD0mU=")
WRONG_KEY = bytes(32)

COMPANY = Actor("hr@kumamoto-chips", Role.COMPANY, corporate_number=KUMAMOTO_CO)
RIVAL = Actor("hr@rival", Role.COMPANY, corporate_number=OTHER_CO)
KUMAMOTO_OFFICER = Actor("pref-officer-1", Role.PREFECTURE_OFFICER, prefecture="kumamoto")
MIYAGI_OFFICER = Actor("pref-officer-2", Role.PREFECTURE_OFFICER, prefecture="miyagi")
IMMIGRATION = Actor("imm-officer-1", Role.IMMIGRATION_OFFICER)
STRANGER = Actor("someone", Role.OTHER)

# The personal values the dump tests look for.
NAME = "Nguyen Thi Lan"
PASSPORT = "C7654321"
BIRTH = date(1996, 4, 12)
DOCUMENT_BYTES = b"%PDF-1.4 passport scan of Nguyen Thi Lan, C7654321"


def cipher(key: bytes = KEY) -> FieldCipher:
    """A cipher on the test key."""
    return FieldCipher(key)


def ticking_clock(start: datetime = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
                  ) -> Callable[[], datetime]:
    """A clock that moves one second per call (deterministic timestamps)."""
    ticks: Iterator[int] = iter(range(10**9))
    return lambda: start + timedelta(seconds=next(ticks))


def applicant(**changes: Any) -> Applicant:
    """A made-up applicant with a work history and qualifications."""
    base: dict[str, Any] = {
        "nationality": "VNM", "name": NAME, "date_of_birth": BIRTH, "sex": "F",
        "passport_number": PASSPORT, "passport_expiry": date(2031, 4, 1),
        "purpose": "engineer", "planned_entry_date": date(2025, 6, 1),
        "planned_entry_port": "Fukuoka", "education": "master",
        "major": "electrical engineering",
        "work_history": (WorkHistoryEntry("Saigon Semi", "process engineer", date(2019, 7, 1),
                                          date(2024, 12, 31)),),
        "qualifications": ("JLPT N2",),
    }
    base.update(changes)
    return Applicant(**base)


def draft_case(case_id: str = "coe-1", prefecture: str = "kumamoto",
               corporate_number: str = KUMAMOTO_CO, **changes: Any) -> CoeCase:
    """A draft CoE case with one attached document."""
    return CoeCase(
        case_id=case_id, prefecture=prefecture,
        employer=Employer(corporate_number, 10_000_000, 800_000_000, 120, 3),
        job=Job("process engineer", "etch process", 350_000, 36),
        applicant=applicant(**changes),
        documents=(Document.from_bytes("passport", "passport_nguyen.pdf", DOCUMENT_BYTES),),
    )


def decided_case(programme: Programme, case_id: str = "coe-1", **changes: Any) -> CoeCase:
    """A case filed, paused for documents, resumed and granted."""
    reply = Document.from_bytes("tax_certificate", "tax.pdf", b"tax 2024")
    return (draft_case(case_id, programme.prefecture, **changes)
            .file(date(2025, 3, 3), programme).start_review(date(2025, 3, 4))
            .request_documents(date(2025, 3, 10), ("tax certificate",))
            .receive_documents(date(2025, 3, 20), (reply,))
            .decide(ImmigrationDecision(IMMIGRATION.actor_id, date(2025, 4, 1), True,
                                        f"meets the criteria; {NAME} verified")))


def with_applicants(cases: list[CoeCase]) -> list[CoeCase]:
    """Generated (statistics-only) cases given made-up applicants, one passport each."""
    return [replace(c, applicant=applicant(passport_number=f"P{i:07d}"), applicant_stats=None)
            for i, c in enumerate(cases)]


def _pg_dump() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"),
                   key=lambda p: int(Path(p).parents[1].name)
                   if Path(p).parents[1].name.isdigit() else 0)
    return Path(found[-1]) if found else None


def raw_dump(eng: Engine) -> bytes:
    """Every byte a plain backup of the database would hold.

    SQLite: the database file and its WAL, read before and after a checkpoint. PostgreSQL:
    ``pg_dump`` from the server's bin directory, or every table as text when it is absent.
    """
    if eng.dialect.name == "sqlite":
        db = Path(str(eng.url.database))
        wal = db.with_name(db.name + "-wal")
        before = db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        with eng.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        after = db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        return before + after
    pg_dump = _pg_dump()
    if pg_dump is not None:
        url = make_url(str(eng.url.render_as_string(hide_password=False)))
        libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
        proc = subprocess.run([str(pg_dump), "--no-owner", f"--dbname={libpq}"],
                              capture_output=True, check=True, timeout=120)
        return proc.stdout
    chunks: list[bytes] = []
    with eng.connect() as conn:
        for table in inspect(eng).get_table_names():
            rows = conn.execute(text(f'SELECT t::text FROM "{table}" AS t')).scalars()
            chunks.extend(str(r).encode() for r in rows)
    return b"\n".join(chunks)


def plaintext_forms(*values: str) -> list[bytes]:
    """Each value as UTF-8, UTF-16 LE and UTF-16 BE bytes."""
    return [v.encode(enc) for v in values for enc in ("utf-8", "utf-16-le", "utf-16-be")]
