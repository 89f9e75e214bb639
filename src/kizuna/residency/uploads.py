"""Checks on documents a company uploads: file type by magic bytes, size, file name.

Only PDF, PNG and JPEG are accepted, recognised by their first bytes (never by the file name
or a declared type, which the sender controls). Pure: the caller has the bytes already.
"""

from __future__ import annotations

import re

from kizuna.errors import InvalidInput

__all__ = [
    "MEDIA_TYPES",
    "UnsupportedFileType",
    "UploadTooLarge",
    "check_upload",
    "extension",
    "sniff_media_type",
]

# Media type -> the signatures it starts with.
MEDIA_TYPES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
_FILENAME = re.compile(r"[^\x00-\x1f\x7f/\\]{1,200}")


class UploadTooLarge(InvalidInput):
    """A file over the size limit."""


class UnsupportedFileType(InvalidInput):
    """A file that is not a PDF, PNG or JPEG."""


def sniff_media_type(content: bytes) -> str | None:
    """The media type ``content`` starts like, or None when it is none of the accepted ones."""
    for media_type, signatures in MEDIA_TYPES.items():
        if any(content.startswith(sig) for sig in signatures):
            return media_type
    return None


def extension(media_type: str) -> str:
    """The usual file extension of an accepted media type (``pdf``, ``png``, ``jpg``)."""
    return _EXTENSIONS[media_type]


def check_upload(filename: str, content: bytes, max_bytes: int, field: str) -> str:
    """Check one uploaded file; its media type.

    Raises `UploadTooLarge` (over ``max_bytes`` or empty is `InvalidInput`),
    `UnsupportedFileType` (not PDF/PNG/JPEG by its magic bytes) or `InvalidInput` (a file name
    with a path separator or control character), each naming ``field``.
    """
    if not _FILENAME.fullmatch(filename) or not filename.strip(" ."):
        raise InvalidInput(f"{field}.filename: 1-200 characters without '/', '\\' or control "
                           "characters", field=f"{field}.filename")
    if not content:
        raise InvalidInput(f"{field}.content_base64: the file is empty",
                           field=f"{field}.content_base64")
    if len(content) > max_bytes:
        raise UploadTooLarge(f"{field}.content_base64: {len(content):,} bytes, over the "
                             f"{max_bytes:,}-byte limit", field=f"{field}.content_base64")
    media_type = sniff_media_type(content)
    if media_type is None:
        raise UnsupportedFileType(f"{field}.content_base64: not a PDF, PNG or JPEG file",
                                  field=f"{field}.content_base64")
    return media_type
