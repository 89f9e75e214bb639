"""The request-size limit: an ASGI middleware that refuses large bodies with 413, and text no
page may show: NUL and the bidirectional controls (which can make a name read backwards on a
regulator's screen), refused with 422 wherever they are in a JSON body."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["FORBIDDEN_CHARACTERS", "RequestSizeLimit"]

#: NUL, the bidi embeddings/overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
FORBIDDEN_CHARACTERS = "\x00" + "".join(map(chr, range(0x202A, 0x202F))) + "".join(
    map(chr, range(0x2066, 0x206A)))
# In a body: as UTF-8 bytes (UTF-8 never contains them misaligned) or as JSON escapes.
_FORBIDDEN_BYTES = re.compile(b"|".join(
    [re.escape(c.encode()) for c in FORBIDDEN_CHARACTERS]
    + [re.escape(f"\\u{ord(c):04x}".encode()) for c in FORBIDDEN_CHARACTERS]),
    re.IGNORECASE)


def _field_of(body: bytes) -> str:
    """The dotted path of the first text holding a forbidden character ("body" if none is
    found, e.g. in a key or a body that is not JSON): the refusal names the field."""
    try:
        doc = json.loads(body)
    except ValueError:
        return "body"
    stack: list[tuple[str, object]] = [("", doc)]
    while stack:
        path, value = stack.pop(0)
        if isinstance(value, str) and any(c in value for c in FORBIDDEN_CHARACTERS):
            return path or "body"
        items = (value.items() if isinstance(value, dict) else
                 enumerate(value) if isinstance(value, list) else ())
        stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in items)
    return "body"


class RequestSizeLimit:
    """Refuse request bodies over ``max_bytes``: by Content-Length, or while reading them.

    The body is read before the application sees it (at most ``max_bytes``), so a chunked
    upload without a length cannot get past the limit either. ``overrides`` gives other limits
    to paths matching a regular expression (the first match wins), e.g. document uploads.
    """

    def __init__(self, app: ASGIApp, max_bytes: int,
                 overrides: Sequence[tuple[str, int]] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.overrides = [(re.compile(pattern), limit) for pattern, limit in overrides]

    def _limit(self, path: str) -> int:
        for pattern, limit in self.overrides:
            if pattern.match(path):
                return limit
        return self.max_bytes

    async def _refuse(self, send: Send, limit: int) -> None:
        body = json.dumps({"detail": f"request body larger than {limit} bytes",
                           "field": "body"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def _refuse_text(self, send: Send, field: str) -> None:
        body = json.dumps({"detail": f"{field}: NUL or a bidirectional control character",
                           "field": field}).encode()
        await send({"type": "http.response.start", "status": 422,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(str(scope.get("path", "")))
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = limit + 1
                if declared > limit:
                    await self._refuse(send, limit)
                    return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if _FORBIDDEN_BYTES.search(body):
            await self._refuse_text(send, _field_of(body))
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
