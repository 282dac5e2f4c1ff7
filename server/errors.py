"""One place that maps errors to the wire: HTTP statuses with one JSON shape
``{"error": {"code", "message"}}``, and WebSocket close codes."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workshops.errors import ConflictError, NotAllowedError, NotFoundError, ValidationError, WorkshopError

from .sync.protocol import CloseCode


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


class Unauthorized(ApiError):
    def __init__(self, message: str = "Falta un token de sesión válido.") -> None:
        super().__init__(401, "unauthorized", message)


class Forbidden(ApiError):
    def __init__(self, message: str, code: str = "forbidden") -> None:
        super().__init__(403, code, message)


class NotFound(ApiError):
    def __init__(self, message: str = "No encontrado.") -> None:
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


def error_response(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse({"error": body}, status_code=status)


async def handle_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    response = error_response(exc.status, exc.code, exc.message, **exc.extra)
    response.headers.update(getattr(exc, "headers", None) or {})
    return response


async def handle_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WorkshopError)
    field = exc.fields.get("field")
    return error_response(domain_status(exc), exc.code, exc.message, field=field)


HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = {404: "No encontrado.", 405: "Método no permitido."}.get(exc.status_code, str(exc.detail))
    return error_response(exc.status_code, HTTP_CODES.get(exc.status_code, "error"), message)


EXCEPTION_HANDLERS = {
    ApiError: handle_api_error,
    WorkshopError: handle_domain_error,
    HTTPException: handle_http_exception,
}


def close_reason(text: str) -> str:
    """WebSocket close reasons are at most 123 bytes of UTF-8."""
    data = text.encode()
    if len(data) <= 123:
        return text
    return data[:120].decode(errors="ignore") + "…"
