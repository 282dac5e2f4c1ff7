"""One place that maps errors to the wire: HTTP statuses with one JSON shape
``{"error": {"code", "message"}}``, and WebSocket close codes. Messages are
Spanish in the code and reach people in the request's language
(``server/i18n.py``: ``?lang=``, the ``cocrea_lang`` cookie, ``Accept-Language``)."""

from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route
from starlette.types import Message, Receive, Scope, Send

from workshops.errors import ConflictError, NotAllowedError, NotFoundError, ValidationError, WorkshopError
from workshops.messages import _

from .http_middleware import HttpMiddleware
from .i18n import DEFAULT_LANGUAGE, request_language, translate
from .sync.protocol import CloseCode

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra
        # Response headers the error needs (``Retry-After`` on a 429).
        self.headers: dict[str, str] = {}


class Unauthorized(ApiError):
    def __init__(self, message: str = _("Falta un token de sesión válido."), code: str = "unauthorized") -> None:
        super().__init__(401, code, message)


class Forbidden(ApiError):
    def __init__(self, message: str, code: str = "forbidden") -> None:
        super().__init__(403, code, message)


class NotFound(ApiError):
    def __init__(self, message: str = _("No encontrado.")) -> None:
        super().__init__(404, "not_found", message)


def domain_status(exc: WorkshopError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, NotAllowedError):
        return 403
    if isinstance(exc, ValidationError):
        return 422
    return 400


def close_code_for(exc: Exception) -> CloseCode:
    status = exc.status if isinstance(exc, ApiError) else domain_status(exc) if isinstance(exc, WorkshopError) else 400
    return {401: CloseCode.UNAUTHORIZED, 403: CloseCode.FORBIDDEN, 404: CloseCode.NOT_FOUND}.get(
        status, CloseCode.BAD_MESSAGE
    )


def error_response(
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    *,
    lang: str = DEFAULT_LANGUAGE,
    **extra: Any,
) -> JSONResponse:
    """The error body, its message in ``lang``."""
    body: dict[str, Any] = {"code": code, "message": translate(message, lang)}
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse({"error": body}, status_code=status, headers=headers)


async def handle_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(
        exc.status, exc.code, exc.message, headers=exc.headers, lang=request_language(request), **exc.extra
    )


async def handle_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WorkshopError)
    public = {name: exc.fields.get(name) for name in ("field", *exc.public_fields)}
    return error_response(domain_status(exc), exc.code, exc.message, lang=request_language(request), **public)


HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "too_many_requests",
}


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = {404: _("No encontrado."), 405: _("Método no permitido.")}.get(exc.status_code, str(exc.detail))
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    code = HTTP_CODES.get(exc.status_code, "error")
    return error_response(exc.status_code, code, message, headers=headers, lang=request_language(request))


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette's own `Allow`
    names only the first route that matched the path)."""
    methods: set[str] = set()
    for route in request.app.routes:
        if isinstance(route, Route) and route.matches(request.scope)[0] is not Match.NONE:
            methods |= route.methods or set()
    return sorted(methods)


EXCEPTION_HANDLERS = {
    ApiError: handle_api_error,
    WorkshopError: handle_domain_error,
    HTTPException: handle_http_exception,
}


def close_reason(text: str, conn: HTTPConnection | None = None) -> str:
    """WebSocket close reasons are at most 123 bytes of UTF-8; in the
    language of the socket's request (``conn``) when given."""
    if conn is not None:
        text = translate(text, request_language(conn))
    data = text.encode()
    if len(data) <= 123:
        return text
    return data[:120].decode(errors="ignore") + "…"


def _is_panic(exc: BaseException) -> bool:
    """pyo3's ``PanicException`` (a Rust panic in pycrdt) is a ``BaseException``."""
    return type(exc).__name__ == "PanicException"


class UnhandledErrors(HttpMiddleware):
    """The last line: an exception no handler mapped still answers with the
    JSON error shape (500), is logged once, and is not re-raised, so the
    server keeps the keep-alive connection usable (Starlette's own
    ``ServerErrorMiddleware`` re-raises, and uvicorn then drops the next
    request on that connection)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception as exc:
            await self._answer(scope, send, exc, started)
        except BaseException as exc:
            if not _is_panic(exc):
                raise
            await self._answer(scope, send, exc, started)

    async def _answer(self, scope: Scope, send: Send, exc: BaseException, started: bool) -> None:
        log.error("unhandled error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
        if started:
            return  # too late for a status; uvicorn ends the unfinished response
        lang = request_language(HTTPConnection(scope))
        response = error_response(500, "internal_error", _("Error interno del servidor."), lang=lang)
        await response(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
