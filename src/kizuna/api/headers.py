"""Security headers on every response: a strict Content-Security-Policy and no framing.

The pages load only their own scripts and stylesheets (``default-src 'self'``): no inline
script, no ``eval``, no inline style except the risk dossier's one style element, allowed by
its hash (the regulator page shows the dossier in a frame, which inherits the page's policy).
A script injected through data could neither run nor send anything elsewhere. No page may be
framed by another site (``frame-ancestors 'none'`` and ``X-Frame-Options``). The interactive
API documentation (Swagger UI, its own inline script) is the one path left without the policy.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kizuna.permits.report import dossier_style_hashes

__all__ = ["CONTENT_SECURITY_POLICY", "SecurityHeaders"]

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    f"style-src 'self' {dossier_style_hashes()}",
    "img-src 'self' data: blob:",  # map canvases, the dossier's embedded map, downloads
    "worker-src 'self' blob:",  # MapLibre's tile worker
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """Add the policy headers to every HTTP response except under ``exempt`` path prefixes."""

    def __init__(self, app: ASGIApp, exempt: tuple[str, ...] = ()) -> None:
        self.app = app
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(self.exempt):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in _HEADERS if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)
