"""Headers every response carries: ``X-Content-Type-Options: nosniff``
(a download is never sniffed into a page), and ``Cache-Control: no-store``
on the API and the private pages unless the route chose its own caching
(the tree's ETag, the QR code)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from .http_middleware import HttpMiddleware

# Paths whose answers carry a session's data (workshops, plans, tokens).
PRIVATE_PREFIXES = ("/api/", "/w/", "/planes/", "/j/")


class ResponseHeaders(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        private = str(scope.get("path", "")).startswith(PRIVATE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                if private and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
