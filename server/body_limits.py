"""Request bodies are bounded while they stream, on every route, before
anyone is authenticated (docs/http-limits.md).

``BodyLimit`` is the outermost ASGI middleware of the app: a request whose
``Content-Length`` passes its route's limit is answered 413 before a byte of
the body is read; a body sent without one (chunked) is counted as it arrives
and refused (413) as soon as it passes, so no route ever holds more than its
limit in memory. uvicorn itself has no body-size setting; this is the
server-wide limit. The route handlers keep their own checks as well.

``BODY_LIMITS`` is the one table of limits; the routes' constants
(``api.MAX_JSON_BYTES``, ``api_tree.MAX_IMPORT_BYTES``, …) equal them (a test
checks), and the OpenAPI description states each one (``describe_body_limits``).
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import HTTPConnection
from starlette.types import Message, Receive, Scope, Send

from workshops.messages import _

from .errors import ApiError, error_response
from .evidence import MAX_FILE_BYTES, MAX_FILES
from .http_middleware import HttpMiddleware
from .i18n import request_language

KIB = 1024
MIB = 1024 * KIB
# Any route that is not in ``BODY_LIMITS``: JSON bodies.
JSON_BYTES = 64 * KIB
TREE_IMPORT_BYTES = 12 * MIB
PLAN_IMPORT_BYTES = 32 * MIB
TEMPLATE_BYTES = 5 * MIB
# An activity's update: its evidence files (server/evidence.py) and its fields.
EVIDENCE_BYTES = MAX_FILES * MAX_FILE_BYTES + MIB

JSON_BODY = _("El cuerpo de la petición")

# (method, path, limit, what is sent there, as the refusal names it); a path
# segment in braces stands for any one segment.
BODY_LIMITS = (
    ("POST", "/api/workshops/{workshop_id}/tree/import", TREE_IMPORT_BYTES, _("El archivo del árbol")),
    ("POST", "/api/plans/import", PLAN_IMPORT_BYTES, _("El archivo del plan")),
    ("PUT", "/api/plans/{plan_id}/template", TEMPLATE_BYTES, _("La plantilla")),
    (
        "POST",
        "/api/plans/{plan_id}/commitments/{commitment_id}/activities/{activity_id}/updates",
        EVIDENCE_BYTES,
        _("El reporte con sus evidencias"),
    ),
)
_PATTERNS = tuple(
    (method, re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(path)) + "$"), limit, what)
    for method, path, limit, what in BODY_LIMITS
)
BODY_METHODS = ("post", "put", "patch", "delete")


def body_limit(method: str, path: str) -> tuple[int, str]:
    """The most bytes a request to ``method path`` may carry, and what it carries."""
    for m, pattern, limit, what in _PATTERNS:
        if m == method.upper() and pattern.match(path):
            return limit, what
    return JSON_BYTES, JSON_BODY


def human_bytes(n: int) -> str:
    if n % MIB == 0:
        return f"{n // MIB} MiB"
    if n % KIB == 0:
        return f"{n // KIB} KiB"
    return f"{n} bytes"


class BodyTooLarge(ApiError):
    def __init__(self, limit: int, what: str = JSON_BODY) -> None:
        super().__init__(
            413,
            "too_large",
            _("{what} supera el máximo de {size}.", what=what, size=human_bytes(limit)),
            limit=limit,
        )
        self.headers = {"Connection": "close"}


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimit(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit, what = body_limit(scope["method"], scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(BodyTooLarge(limit, what), scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside the route: the app's error handler answers 413.
                    raise BodyTooLarge(limit, what)
            return message

        async def watch_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watch_send)
        except BodyTooLarge as exc:
            # A route that let it through: answer here if nothing was sent yet.
            if started:
                raise
            await self._refuse(exc, scope, receive, send)

    @staticmethod
    async def _refuse(exc: BodyTooLarge, scope: Scope, receive: Receive, send: Send) -> None:
        lang = request_language(HTTPConnection(scope))
        response = error_response(exc.status, exc.code, exc.message, lang=lang, **exc.extra)
        response.headers.update(exc.headers)
        await response(scope, receive, send)


def describe_body_limits(openapi: dict[str, Any]) -> None:
    """Give every operation that takes a body its 413 answer, naming its limit."""
    for path, operations in openapi.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in BODY_METHODS and "requestBody" not in operation:
                continue
            limit, _what = body_limit(method, path)
            operation.setdefault("responses", {})["413"] = {
                "description": f"Body larger than {human_bytes(limit)} (refused as it arrives, never read whole)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
