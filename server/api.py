"""The JSON HTTP API (contract: DESIGN.md §3, served at /openapi.json)."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

import segno
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from workshops.workshop import participant_summary, workshop_summary

from .auth import COOKIE_MAX_AGE, cookie_name, token_from
from .errors import ApiError, Forbidden, NotFound
from .openapi import OPENAPI

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
    return data


def check_origin(request: Request) -> None:
    """Browser writes must come from our own pages (CSRF): any request that
    carries an Origin and is not authorised by a Bearer header (a cookie, or
    nothing yet, as when joining) must be same-origin."""
    origin = request.headers.get("origin")
    if origin is None or request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    c = cocrea(request)
    if origin.split("://", 1)[-1] != request.headers.get("host", "") and origin not in c.allowed_origins:
        raise Forbidden("Origen no permitido.", code="bad_origin")


async def current_participant(request: Request, workshop_id: str) -> Participant:
    return await cocrea(request).services.authenticate(workshop_id, token_from(request, workshop_id))


async def member(request: Request, *, write: bool = False) -> tuple[Cocrea, str, Participant]:
    """The app, the workshop of the path, and the caller, who must belong to
    it; writes also pass the CSRF check."""
    if write:
        check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    return cocrea(request), workshop_id, await current_participant(request, workshop_id)


def set_session_cookie(request: Request, response: Response, workshop_id: str, token: str) -> None:
    response.set_cookie(
        cookie_name(workshop_id),
        token,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=cocrea(request).settings.secure_cookies,
        path="/",
    )


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
    check_origin(request)
    c = cocrea(request)
    created = await c.services.create_workshop(await read_json(request))
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
    workshop = await cocrea(request).services.find_by_code(request.path_params["code"])
    if workshop is None:
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
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    c = cocrea(request)
    participant, token = await c.services.join(workshop_id, await read_json(request))
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
    return JSONResponse({"participants": [participant_summary(p) for p in people]})


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
    Route("/api/workshops/{workshop_id}/phase", set_phase, methods=["PUT"]),
    Route("/api/workshops/{workshop_id}/locks/{artifact}", set_lock, methods=["PUT"]),
    Route("/api/workshops/{workshop_id}/events", list_events),
    Route("/api/workshops/{workshop_id}/qr.svg", join_qr),
]
