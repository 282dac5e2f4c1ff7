"""The JSON HTTP API (contract: DESIGN.md §3, served at /openapi.json)."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import segno
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from workshops.errors import NotFoundError, WorkshopError
from workshops.workshop import participant_summary, workshop_summary

from .auth import (
    COOKIE_PREFIX,
    PLAN_COOKIE_PREFIX,
    Slot,
    cookie_max_age,
    has_bearer,
    token_from,
    workshop_slot,
)
from .errors import ApiError, Forbidden, NotFound
from .openapi import OPENAPI
from .revocation import revoke, revoked_ids

if TYPE_CHECKING:
    from workshops.workshop import Participant, Workshop

    from .app import Cocrea

MAX_JSON_BYTES = 64 * 1024


def cocrea(request: Request) -> Cocrea:
    return request.app.state.cocrea  # type: ignore[no-any-return]


async def read_json(request: Request, max_bytes: int = MAX_JSON_BYTES) -> dict[str, Any]:
    body = await request.body()
    if len(body) > max_bytes:
        raise ApiError(413, "too_large", f"El cuerpo supera {max_bytes} bytes.")
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, "bad_json", "El cuerpo no es JSON válido.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json", "Se esperaba un objeto JSON.")
    where = unencodable_text(data)
    if where is not None:
        raise ApiError(
            422, "validation_error", f"El campo «{where}» contiene caracteres Unicode no válidos.", field=where
        )
    return data


def unencodable_text(value: object) -> str | None:
    """Where a JSON value holds a string that is not valid Unicode (a lone
    surrogate such as ``"\\ud800"``, which JSON allows and UTF-8 cannot
    store): the dotted path of the field (``"body"`` for the top level), or
    ``None``. Iterative: JSON nests deeper than Python recurses."""
    stack: list[tuple[object, str]] = [(value, "")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if _has_surrogate(item):
                return where or "body"
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                if _has_surrogate(key):
                    return where or "body"
                stack.append((child, f"{where}.{key}" if where else key))
        elif isinstance(item, list):
            stack.extend((child, f"{where}[{i}]") for i, child in reversed(list(enumerate(item))))
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def own_origins(request: Request) -> set[str]:
    """The origins our pages are served from: this request's own, the
    public URL's, and the configured extra ones."""
    c = cocrea(request)
    origins = {f"{request.url.scheme}://{request.headers.get('host', '')}", *c.allowed_origins}
    if c.settings.public_url:
        public = urlsplit(c.settings.public_url)
        origins.add(f"{public.scheme}://{public.netloc}")
    return origins


def has_session_cookie(request: Request) -> bool:
    return any(name.startswith((COOKIE_PREFIX, PLAN_COOKIE_PREFIX)) for name in request.cookies)


def check_origin(request: Request, *, cookie_auth: bool = True) -> None:
    """CSRF. A write authorised by a cookie must come from our own pages: an
    Origin that is ours (scheme included), or ``Sec-Fetch-Site: same-origin``;
    a request with neither is refused. Requests that only
    obtain a cookie (``cookie_auth=False``: joining, creating a workshop) are
    refused only when a browser says they are cross-site, so non-browser
    clients need no headers. A Bearer header is no cookie: never checked."""
    if has_bearer(request) or (cookie_auth and not has_session_cookie(request)):
        return  # not authorised by a cookie: nothing to forge (a 401 follows)
    if is_same_origin(request):
        return
    if not cookie_auth and "origin" not in request.headers and "sec-fetch-site" not in request.headers:
        return
    raise Forbidden("Origen no permitido.", code="bad_origin")


def is_same_origin(request: Request) -> bool:
    """The request comes from one of our pages, as its browser says."""
    origin = request.headers.get("origin")
    # A page under ``Referrer-Policy: no-referrer`` (ours) posts its forms
    # with ``Origin: null``; the browser's Sec-Fetch-Site still tells.
    return (origin is not None and origin in own_origins(request)) or request.headers.get(
        "sec-fetch-site"
    ) == "same-origin"


async def current_participant(request: Request, workshop_id: str) -> Participant:
    """The caller; a display link only reads (server/displays.py)."""
    reads = request.method in ("GET", "HEAD")
    return await cocrea(request).services.authenticate(workshop_id, token_from(request, workshop_id), display=reads)


async def member(request: Request, *, write: bool = False) -> tuple[Cocrea, str, Participant]:
    """The app, the workshop of the path, and the caller, who must belong to
    it; writes also pass the CSRF check."""
    if write:
        check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    return cocrea(request), workshop_id, await current_participant(request, workshop_id)


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    """A session cookie (HttpOnly, SameSite=Lax, ``COCREA_SESSION_COOKIE_DAYS``)."""
    settings = cocrea(request).settings
    response.set_cookie(
        name,
        value,
        max_age=cookie_max_age(settings.session_cookie_days),
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


def set_slot_cookie(request: Request, response: Response, slot: Slot, token: str) -> None:
    """This browser's identity for a place (a workshop, a plan) becomes
    ``token``; a different one it held is kept as the previous one, so nobody
    silently loses who they were (pages.py offers «volver a ser …»)."""
    current = request.cookies.get(slot.cookie)
    if current and current != token:
        set_cookie(request, response, slot.previous, current)
    set_cookie(request, response, slot.cookie, token)


def set_session_cookie(request: Request, response: Response, workshop_id: str, token: str) -> None:
    set_slot_cookie(request, response, workshop_slot(workshop_id), token)


def workshop_json(request: Request, workshop: Workshop) -> dict[str, Any]:
    c = cocrea(request)
    return {
        **workshop_summary(workshop),
        "phase": str(workshop.phase),
        "locked": sorted(workshop.locked),
        "join_code": workshop.join_code,
        "join_url": c.public_url(request, f"/j/{workshop.join_code}"),
    }


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


async def create_workshop(request: Request) -> Response:
    check_origin(request, cookie_auth=False)
    c = cocrea(request)
    c.rate_limits.check_creation(request)
    created = await c.services.create_workshop(await read_json(request))
    c.rate_limits.created_workshop(request)
    w = created.workshop
    body = {
        "id": w.id,
        "facilitator_token": created.token,
        "join_code": w.join_code,
        "join_url": c.public_url(request, f"/j/{w.join_code}"),
        "facilitator_url": c.public_url(request, f"/w/{w.id}?key={created.token}"),
        "room_url": c.public_url(request, f"/w/{w.id}"),
    }
    response = JSONResponse(body, status_code=201)
    set_session_cookie(request, response, w.id, created.token)
    return response


async def get_workshop(request: Request) -> Response:
    c, workshop_id, me = await member(request)
    workshop = await c.services.get_workshop(workshop_id)
    return JSONResponse({**workshop_json(request, workshop), "me": participant_summary(me)})


async def find_by_code(request: Request) -> Response:
    c = cocrea(request)
    c.rate_limits.check_join_guess(request)
    workshop = await c.services.find_by_code(request.path_params["code"])
    if workshop is None:
        c.rate_limits.missed_join_code(request)
        raise NotFound("No hay ningún taller con ese código.")
    return JSONResponse(
        {
            "workshop_id": workshop.id,
            "title": workshop.title,
            "entity": workshop.entity,
            "join_code": workshop.join_code,
        }
    )


async def join(request: Request) -> Response:
    check_origin(request, cookie_auth=False)
    workshop_id = request.path_params["workshop_id"]
    c = cocrea(request)
    c.rate_limits.check_join_guess(request)
    data = await read_json(request)
    try:
        participant, token = await c.services.join(workshop_id, data)
    except WorkshopError as exc:
        if exc.fields.get("field") == "join_code" or isinstance(exc, NotFoundError):
            c.rate_limits.missed_join_code(request)
        raise
    body = {
        "participant_id": participant.id,
        "token": token,
        "role": str(participant.role),
        "room_url": c.public_url(request, f"/w/{workshop_id}"),
    }
    response = JSONResponse(body, status_code=201)
    set_session_cookie(request, response, workshop_id, token)
    return response


async def set_phase(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    data = await read_json(request)
    workshop = await c.services.set_phase(workshop_id, me, data.get("phase"))
    return JSONResponse(workshop_json(request, workshop))


async def set_lock(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    data = await read_json(request)
    workshop = await c.services.set_lock(workshop_id, me, request.path_params["artifact"], data.get("locked"))
    return JSONResponse(workshop_json(request, workshop))


async def list_participants(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    people = await c.store.list_participants(workshop_id)
    revoked = await revoked_ids(c.services, workshop_id)
    return JSONResponse({"participants": [participant_summary(p) | {"revoked": p.id in revoked} for p in people]})


async def revoke_participant(request: Request) -> Response:
    """The facilitator ends every session of one participant (server/revocation.py)."""
    c, workshop_id, me = await member(request, write=True)
    person = await revoke(c.services, workshop_id, me, request.path_params["participant_id"])
    return JSONResponse(participant_summary(person) | {"revoked": True})


async def list_events(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    events = await c.store.list_events(workshop_id)
    return JSONResponse(
        {
            "events": [
                {
                    "seq": e.seq,
                    "kind": e.kind,
                    "payload": e.payload,
                    "actor_id": e.actor_id,
                    "created_at": e.created_at.isoformat(),
                }
                for e in events
            ]
        }
    )


async def join_qr(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    workshop = await c.services.get_workshop(workshop_id)
    url = c.public_url(request, f"/j/{workshop.join_code}")
    buffer = io.BytesIO()
    # A standalone file (xmlns included), so it works as <img src>.
    segno.make(url, error="m").save(
        buffer, kind="svg", xmldecl=False, scale=8, border=2, title=f"Código QR para unirse: {url}"
    )
    return Response(buffer.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=3600"})


routes = [
    Route("/healthz", healthz),
    Route("/openapi.json", openapi),
    Route("/api/workshops", create_workshop, methods=["POST"]),
    Route("/api/join/{code}", find_by_code),
    Route("/api/workshops/{workshop_id}", get_workshop),
    Route("/api/workshops/{workshop_id}/participants", join, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/participants", list_participants, methods=["GET"]),
    Route("/api/workshops/{workshop_id}/participants/{participant_id}/revoke", revoke_participant, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/phase", set_phase, methods=["PUT"]),
    Route("/api/workshops/{workshop_id}/locks/{artifact}", set_lock, methods=["PUT"]),
    Route("/api/workshops/{workshop_id}/events", list_events),
    Route("/api/workshops/{workshop_id}/qr.svg", join_qr),
]
