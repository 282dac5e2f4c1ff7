"""The Host header is trusted only when allowed (``COCREA_ALLOWED_HOSTS``):
without ``COCREA_PUBLIC_URL`` it becomes join links, QR codes and the
WebSocket URL, and a page whose Host names another site (DNS rebinding, a
poisoned cache) must not get them. A refused Host gets 400 ``bad_host``;
a socket is refused before it opens."""

from __future__ import annotations

from collections.abc import Awaitable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import error_response
from .settings import Settings

ALWAYS_ALLOWED = frozenset({"localhost", "127.0.0.1", "::1"})


def host_name(host: str) -> str:
    """``example.org:8000`` -> ``example.org``; ``[::1]:80`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class AllowedHosts:
    def __init__(self, app: ASGIApp, settings: Settings, lan_url: str = "") -> None:
        self.app = app
        configured = {h.strip().lower() for h in settings.allowed_hosts.split(",") if h.strip()}
        self.any_host = "*" in configured or (bool(settings.public_url) and not configured)
        public = urlsplit(settings.public_url).hostname if settings.public_url else None
        # A room on a local network: the LAN address its links name (server/lan.py).
        lan = urlsplit(lan_url).hostname if lan_url else None
        self.allowed = ALWAYS_ALLOWED | configured | {h for h in (public, lan) if h}

    def is_allowed(self, scope: Scope) -> bool:
        if self.any_host:
            return True
        headers = dict(scope.get("headers") or [])
        name = host_name(headers.get(b"host", b"").decode("latin-1"))
        if name in self.allowed:
            return True
        server = scope.get("server")
        # The address this request arrived on (the bind address, or the
        # interface's when bound to 0.0.0.0): phones on the venue's network.
        if not server:
            return False
        return name == str(server[0]).lower()

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine when it hands on (as ``HttpMiddleware``).
        if scope["type"] not in ("http", "websocket") or self.is_allowed(scope):
            return self.app(scope, receive, send)
        return self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": "Host no permitido."})
            return
        message = "Este servidor no atiende ese nombre de host (COCREA_ALLOWED_HOSTS)."
        response = error_response(400, "bad_host", message)
        await response(scope, receive, send)
