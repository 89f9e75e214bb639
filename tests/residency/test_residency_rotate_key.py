"""`kizuna residency rotate-key`: counts out, no plaintext, one-line errors with exit code 2."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from residency_builders import VALID_NUMBER, draft_case

from kizuna.cli.main import run
from kizuna.residency import Actor, Document, Role
from kizuna.residency.crypto import KEY_ENV, RETIRED_KEYS_ENV, FieldCipher, key_id
from kizuna.store import (
    Organisation,
    OrganisationRepository,
    ResidencyRepository,
    migrate,
    session_factory,
)
from kizuna.store import engine as make_engine

OLD, NEW = bytes(range(32)), bytes(range(32, 64))
OLD_B64, NEW_B64 = (base64.b64encode(k).decode() for k in (OLD, NEW))
COMPANY = Actor("hr@kumamoto", Role.COMPANY, corporate_number=VALID_NUMBER)
SCAN = b"%PDF-1.7 scan of passport C1234567, Nguyen Thi Lan"
SECRETS = ("Nguyen Thi Lan", "C1234567", "1996-04-12", "scan_nguyen")


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite database with three cases sealed under the old key."""
    url = f"sqlite:///{tmp_path / 'kizuna.db'}"
    migrate(url)
    eng = make_engine(url)
    sessions = session_factory(eng)
    with sessions.begin() as s:
        OrganisationRepository(s).add(Organisation("co", "Kumamoto Chips", "company"))
    repo = ResidencyRepository(sessions, FieldCipher(OLD))
    doc = Document.from_bytes("passport", "scan_nguyen.pdf", SCAN)
    for i in range(3):
        repo.save_case(draft_case(f"c{i}", documents=(doc,)), "co", COMPANY, {doc.sha256: SCAN})
    eng.dispose()
    return url


def _rotate(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            env: dict[str, str], *args: str) -> tuple[int, dict[str, Any] | None, str]:
    for name in (KEY_ENV, RETIRED_KEYS_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        run(["residency", "rotate-key", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    for secret in SECRETS:
        assert secret not in out and secret not in err
    return code, (json.loads(out) if out.strip() else None), err


def test_rotate_key_reports_counts_and_is_resumable(
        db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every token moves to the new key; a second run finds nothing to do."""
    env = {KEY_ENV: NEW_B64, RETIRED_KEYS_ENV: OLD_B64}
    code, dry, _ = _rotate(capsys, monkeypatch, env, "--database-url", db, "--dry-run")
    assert code == 0 and dry is not None
    assert dry["tokens_by_key"] == {key_id(OLD): 18}  # 3 x (4 applicant + name and bytes)
    assert dry["keyring"] == [key_id(NEW), key_id(OLD)]
    code, out, err = _rotate(capsys, monkeypatch, env, "--database-url", db,
                             "--batch-size", "2")
    assert (code, err) == (0, "") and out is not None
    assert (out["key_id"], out["batches"], out["cases"], out["cases_changed"]) == (
        key_id(NEW), 2, 3, 3)
    assert out["reencrypted"] == {"applicant_details": 3, "date_of_birth": 3,
                                  "document_content": 3, "document_filename": 3, "name": 3,
                                  "passport_number": 3}
    assert out["tokens_by_key_after"] == {key_id(NEW): 18}
    code, again, _ = _rotate(capsys, monkeypatch, {KEY_ENV: NEW_B64}, "--database-url", db)
    assert code == 0 and again is not None
    assert (again["reencrypted_total"], again["already_current"]) == (0, 18)
    eng = make_engine(db)
    repo = ResidencyRepository(session_factory(eng), FieldCipher(NEW))
    case = repo.read_case("c1", COMPANY, "check")
    assert case.applicant is not None and case.applicant.name == "Nguyen Thi Lan"
    assert repo.document_content("c1", case.documents[0].sha256, COMPANY, "check") == SCAN
    eng.dispose()


def test_key_file_holds_the_new_key_then_the_old(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``--key-file``: the first line is the current key, the next ones are retired."""
    keys = tmp_path / "keys"
    keys.write_text(f"{NEW_B64}\n{OLD_B64}\n", encoding="ascii")
    code, out, _ = _rotate(capsys, monkeypatch, {}, "--database-url", db, "--key-file", str(keys))
    assert code == 0 and out is not None and out["tokens_by_key_after"] == {key_id(NEW): 18}


@pytest.mark.parametrize(("env", "message"), [
    ({}, f"{KEY_ENV} is not set"),
    ({KEY_ENV: "not base64!"}, "not base64"),
    ({KEY_ENV: NEW_B64}, f"key {key_id(OLD)} is not in the keyring"),
    ({KEY_ENV: NEW_B64, RETIRED_KEYS_ENV: base64.b64encode(bytes(32)).decode()},
     f"key {key_id(OLD)} is not in the keyring"),
])
def test_a_wrong_or_missing_key_is_one_line_and_exit_2(
        db: str, env: dict[str, str], message: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No traceback, no value; nothing was rotated."""
    code, out, err = _rotate(capsys, monkeypatch, env, "--database-url", db)
    assert code == 2 and out is None
    assert err.startswith("kizuna: ") and err.count("\n") == 1 and message in err
    assert "Traceback" not in err
    code, dry, _ = _rotate(capsys, monkeypatch, {KEY_ENV: OLD_B64}, "--database-url", db,
                           "--dry-run")
    assert dry is not None and dry["tokens_by_key"] == {key_id(OLD): 18}


def test_the_installed_command_fails_cleanly_without_tables(tmp_path: Path) -> None:
    """The real ``kizuna`` script: an empty database is one line and exit code 2."""
    env = {**os.environ, KEY_ENV: NEW_B64}
    env.pop(RETIRED_KEYS_ENV, None)
    proc = subprocess.run([sys.executable, "-m", "kizuna.cli.main", "residency", "rotate-key",
                           "--database-url", f"sqlite:///{tmp_path / 'empty.db'}"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith("kizuna: ") and proc.stderr.count("\n") == 1
    assert "no residency tables" in proc.stderr and proc.stdout == ""
