"""The shape our pure-ASGI HTTP middlewares share: WebSocket and lifespan
scopes pass straight through, HTTP requests go to ``handle``."""

from __future__ import annotations

from collections.abc import Awaitable

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine of its own: what it hands on is awaited in its
        # place, so a WebSocket's task holds one frame less for the whole
        # connection (docs/performance.md, «The sync socket»).
        if scope["type"] != "http":
            return self.app(scope, receive, send)
        return self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError
