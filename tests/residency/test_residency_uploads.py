"""Checks on uploaded documents: type by magic bytes, size, file name."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidInput
from kizuna.residency.uploads import (
    UnsupportedFileType,
    UploadTooLarge,
    check_upload,
    extension,
    sniff_media_type,
)

PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.mark.parametrize(("content", "media_type"), [
    (b"%PDF-1.4\n...", "application/pdf"), (PNG_HEAD, "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"), (b"\xff\xd8\xff\xdb", "image/jpeg"),
    (b"GIF89a", None), (b"PK\x03\x04", None), (b"%PD", None), (b"\x89PNG", None),
    (b" %PDF-1.4", None), (b"", None)])
def test_media_type_by_magic_bytes(content: bytes, media_type: str | None) -> None:
    assert sniff_media_type(content) == media_type


def test_check_upload_accepts_the_three_types_at_the_limit() -> None:
    for content, ext in ((b"%PDF-" + bytes(95), "pdf"), (PNG_HEAD + bytes(84), "png"),
                         (b"\xff\xd8\xff" + bytes(97), "jpg")):
        assert len(content) == 100
        assert extension(check_upload("scan.bin", content, 100, "documents.0")) == ext


@pytest.mark.parametrize(("filename", "content", "error", "field"), [
    ("a.pdf", b"%PDF-" + bytes(96), UploadTooLarge, "documents.2.content_base64"),
    ("a.pdf", b"hello", UnsupportedFileType, "documents.2.content_base64"),
    ("a.pdf", b"", InvalidInput, "documents.2.content_base64"),
    ("dir/a.pdf", b"%PDF-", InvalidInput, "documents.2.filename"),
    ("..\\a.pdf", b"%PDF-", InvalidInput, "documents.2.filename"),
    ("a\x07.pdf", b"%PDF-", InvalidInput, "documents.2.filename"),
    ("..", b"%PDF-", InvalidInput, "documents.2.filename"),
    ("x" * 201, b"%PDF-", InvalidInput, "documents.2.filename"),
])
def test_check_upload_refuses_naming_the_field(filename: str, content: bytes,
                                               error: type[InvalidInput], field: str) -> None:
    with pytest.raises(error) as caught:
        check_upload(filename, content, 100, "documents.2")
    assert caught.value.field == field and str(caught.value).startswith(field)
