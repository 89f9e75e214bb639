"""The company's answer to a document request: upload (PDF/PNG/JPEG by magic bytes, size
limit), sealed storage, the case back under review, the officers' audited reads and downloads,
role and tenant checks."""

from __future__ import annotations

import base64
import zlib
from pathlib import Path
from typing import Any

import pytest
from api_support import RESIDENCY_CASE as CASE
from api_support import Api

from kizuna.api.routers.residency import upload_request_bytes
from kizuna.store import ResidencyRepository
from kizuna.store.residency import DocumentRow

V1 = "/api/v1/residency"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n% tax certificate of Nguyen Van An\n%%EOF\n"


def png() -> bytes:
    """A valid 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", bytes([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def doc(content: bytes, filename: str = "tax.pdf", kind: str = "tax certificate"
        ) -> dict[str, str]:
    return {"kind": kind, "filename": filename,
            "content_base64": base64.b64encode(content).decode("ascii")}


def awaiting(api: Api) -> str:
    """A Kumamoto case for which immigration asked a tax certificate."""
    r = api.client.post(f"{V1}/cases", headers=api.headers("co_kumamoto"), json=CASE)
    assert r.status_code == 201, r.text
    case_id = str(r.json()["case_id"])
    r = api.client.post(f"{V1}/cases/{case_id}/request-documents",
                        headers=api.headers("immigration"), json={"items": ["tax certificate"]})
    assert r.status_code == 200 and r.json()["state"] == "awaiting_documents", r.text
    return case_id


def upload(api: Api, case_id: str, user: str, *docs: dict[str, str]) -> Any:
    return api.client.post(f"{V1}/cases/{case_id}/documents", headers=api.headers(user),
                           json={"documents": list(docs)})


def test_company_uploads_the_requested_documents_and_immigration_reads_them(api: Api) -> None:
    case_id = awaiting(api)
    api.clock.advance(days=3)
    api._tokens.clear()  # tokens last hours, not days
    image = png()
    big_jpeg = b"\xff\xd8\xff\xe0" + bytes(1_500_000)  # over the 1 MB default request limit
    r = upload(api, case_id, "co_kumamoto", doc(PDF), doc(image, "receipt.png", "receipt"),
               doc(big_jpeg, "scan.jpg", "納税証明書"))
    assert r.status_code == 200, r.text
    row = r.json()
    assert row["state"] == "under_review" and row["paused"] is False
    assert row["requests"][-1]["received_on"] == "2026-03-04"
    assert [(d["kind"], d["size_bytes"]) for d in row["documents"]] == [
        ("tax certificate", len(PDF)), ("receipt", len(image)), ("納税証明書", len(big_jpeg))]
    assert "tax.pdf" not in r.text and "Nguyen" not in r.text  # file names are sealed
    # The lists show the documents (kind, hash, size) without decrypting anything.
    imm = api.headers("immigration")
    listed = api.client.get(f"{V1}/cases", headers=imm).json()
    assert [d["sha256"] for d in listed[0]["documents"]] == [d["sha256"]
                                                            for d in row["documents"]]
    mine = api.client.get(f"{V1}/cases?scope=all", headers=api.headers("co_kumamoto")).json()
    assert len(mine[0]["documents"]) == 3
    # Opening the case (audited) gives the file names; each file downloads as it was sent.
    case = api.client.get(f"{V1}/cases/{case_id}?purpose=case examination", headers=imm).json()
    assert [d["filename"] for d in case["documents"]] == ["tax.pdf", "receipt.png", "scan.jpg"]
    for d, content, media in zip(row["documents"], (PDF, image, big_jpeg),
                                 ("application/pdf", "image/png", "image/jpeg"), strict=True):
        got = api.client.get(f"{V1}/cases/{case_id}/documents/{d['sha256']}",
                             params={"purpose": "case examination"}, headers=imm)
        assert got.status_code == 200 and got.content == content
        assert got.headers["content-type"] == media
        assert got.headers["x-content-type-options"] == "nosniff"
        assert got.headers["content-disposition"].startswith("attachment;")
    # Stored sealed: no readable file name or bytes in the rows.
    with api.state.sessions() as s:
        stored = list(s.query(DocumentRow).filter(DocumentRow.case_id == case_id))
    assert len(stored) == 3
    for r_ in stored:
        assert r_.filename.startswith("v2:") and r_.content is not None
        assert r_.content.startswith("v2:") and b"%PDF" not in r_.content.encode()
    # Nor in the database file (and its WAL): the bytes and names are only there sealed.
    with api.state.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db = Path(str(api.state.engine.url.database))
    dump = b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())
    assert b"coe-kumamoto" in dump and b"%PDF" not in dump and image[:16] not in dump
    assert b"receipt.png" not in dump and "tax.pdf".encode("utf-16-le") not in dump
    assert b"tax.pdf" not in dump and base64.b64encode(PDF)[:24] not in dump
    assert api.state.cipher is not None
    log = ResidencyRepository(api.state.sessions, api.state.cipher).audit_log(case_id)
    reads = [(e.event.reason, e.actor_role) for e in log if e.event.action.value == "read"]
    assert ("supply documents", "company") in reads
    assert reads.count(("case examination", "immigration_officer")) == 4  # case + 3 files
    # The case can now be decided through the API.
    r = api.client.post(f"{V1}/cases/{case_id}/decide", headers=imm,
                        json={"granted": True, "reason": "requirements met"})
    assert r.status_code == 200 and r.json()["state"] == "granted", r.text


def test_only_while_documents_are_requested(api: Api) -> None:
    r = api.client.post(f"{V1}/cases", headers=api.headers("co_kumamoto"), json=CASE)
    case_id = r.json()["case_id"]
    r = upload(api, case_id, "co_kumamoto", doc(PDF))
    assert r.status_code == 409 and r.json()["field"] == "state", r.text
    api.client.post(f"{V1}/cases/{case_id}/request-documents",
                    headers=api.headers("immigration"), json={"items": ["tax certificate"]})
    assert upload(api, case_id, "co_kumamoto", doc(PDF)).status_code == 200
    r = upload(api, case_id, "co_kumamoto", doc(png(), "again.png"))
    assert r.status_code == 409 and r.json()["field"] == "state"  # back under review


@pytest.mark.parametrize(("user", "status"), [
    ("co_miyagi", 403), ("officer_kumamoto", 403), ("immigration", 403), ("op_goto", 403),
    ("admin", 403), ("resident", 403)])
def test_no_one_but_the_cases_company_uploads(api: Api, user: str, status: int) -> None:
    case_id = awaiting(api)
    r = upload(api, case_id, user, doc(PDF))
    assert r.status_code == status, r.text
    assert upload(api, case_id, "co_kumamoto", doc(PDF)).status_code == 200  # still open


def test_unknown_case_unauthenticated_and_downloads_of_other_tenants(api: Api) -> None:
    case_id = awaiting(api)
    assert upload(api, "coe-kumamoto-nope", "co_kumamoto", doc(PDF)).status_code == 404
    r = api.client.post(f"{V1}/cases/{case_id}/documents", json={"documents": [doc(PDF)]})
    assert r.status_code == 401
    sha = upload(api, case_id, "co_kumamoto", doc(PDF)).json()["documents"][0]["sha256"]
    url = f"{V1}/cases/{case_id}/documents/{sha}?purpose=review"
    for user, status in (("co_miyagi", 403), ("officer_miyagi", 403), ("op_goto", 403),
                         ("officer_kumamoto", 200), ("co_kumamoto", 200)):
        assert api.client.get(url, headers=api.headers(user)).status_code == status, user
    bad = api.client.get(f"{V1}/cases/{case_id}/documents/{'0' * 64}?purpose=review",
                         headers=api.headers("immigration"))
    assert bad.status_code == 404
    bad = api.client.get(f"{V1}/cases/{case_id}/documents/XYZ?purpose=review",
                         headers=api.headers("immigration"))
    assert bad.status_code == 422


@pytest.mark.parametrize(("documents", "status", "field"), [
    ([doc(b"hello, not a document", "note.pdf")], 415, "documents.0.content_base64"),
    ([doc(PDF), doc(b"GIF89a\x01\x00\x01\x00", "x.gif")], 415, "documents.1.content_base64"),
    ([doc(b"MZ\x90\x00 executable", "tax.pdf")], 415, "documents.0.content_base64"),
    ([doc(b"%PDF-" + bytes(3_000_000))], 413, "documents.0.content_base64"),
    ([{**doc(PDF), "content_base64": "not base64!"}], 422, "documents.0.content_base64"),
    ([doc(b"")], 422, "documents.0.content_base64"),
    ([doc(PDF, "../../etc/passwd")], 422, "documents.0.filename"),
    ([doc(PDF, "tax\x00.pdf")], 422, "documents.0.filename"),
    ([doc(PDF, kind="")], 422, "documents.0.kind"),
    ([doc(PDF, kind="k" * 65)], 422, "documents.0.kind"),
    ([], 422, "documents"),
    ([doc(PDF + bytes([i])) for i in range(6)], 422, "documents"),
    ([doc(PDF), doc(PDF, "copy.pdf")], 422, "documents"),
])
def test_bad_files_are_refused_naming_the_field(api: Api, documents: list[dict[str, str]],
                                                 status: int, field: str) -> None:
    case_id = awaiting(api)
    r = api.client.post(f"{V1}/cases/{case_id}/documents", headers=api.headers("co_kumamoto"),
                        json={"documents": documents})
    assert r.status_code == status, r.text
    assert r.json()["field"] == field and field in r.json()["detail"]
    assert "Nguyen" not in r.text
    rows = api.client.get(f"{V1}/cases", headers=api.headers("immigration")).json()
    assert [(x["state"], x["documents"]) for x in rows] == [("awaiting_documents", [])]


def test_the_upload_request_limit_covers_every_file_at_its_limit() -> None:
    assert upload_request_bytes(3_000_000) == 5 * 4_000_000 + 65_536
    assert upload_request_bytes(3_000_001) == 5 * 4_000_004 + 65_536
