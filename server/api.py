"""The JSON HTTP API (contract: DESIGN.md §3, served at /openapi.json)."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

import anyio.to_thread
import segno
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from exporters.formats import TREE_FORMATS, ExportContext
from exporters.tree_json import parse_tree_json
from workshops.workshop import participant_summary, workshop_summary

from .auth import COOKIE_MAX_AGE, cookie_name, token_from
from .errors import ApiError, Forbidden, NotFound
from .i18n import request_language
from .ideation import card_json
from .openapi import OPENAPI

if TYPE_CHECKING:
    from workshops.workshop import Participant, Workshop

    from .app import Cocrea

MAX_JSON_BYTES = 64 * 1024
MAX_IMPORT_BYTES = 12 * 1024 * 1024


def cocrea(request: Request) -> Cocrea:
    return request.app.state.cocrea  # type: ignore[no-any-return]


async def read_json(request: Request) -> dict[str, Any]:
    body = await request.body()
    if len(body) > MAX_JSON_BYTES:
        raise ApiError(413, "too_large", f"El cuerpo supera {MAX_JSON_BYTES} bytes.")
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
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
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    workshop = await cocrea(request).services.get_workshop(workshop_id)
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
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    data = await read_json(request)
    workshop = await cocrea(request).services.set_phase(workshop_id, me, data.get("phase"))
    return JSONResponse(workshop_json(request, workshop))


async def set_lock(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    data = await read_json(request)
    workshop = await cocrea(request).services.set_lock(
        workshop_id, me, request.path_params["artifact"], data.get("locked")
    )
    return JSONResponse(workshop_json(request, workshop))


async def export_tree(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    await current_participant(request, workshop_id)
    c = cocrea(request)
    fmt = TREE_FORMATS.get_format(request.path_params["format"])
    workshop = await c.services.get_workshop(workshop_id)
    tree = await c.services.read_tree(workshop_id)
    context = ExportContext(title=workshop.title, lang=request_language(request), workshop=workshop_summary(workshop))
    body = await anyio.to_thread.run_sync(fmt.render, tree, context)
    stem = "problem-tree" if context.lang == "en" else "arbol-de-problemas"
    filename = fmt.filename(f"{stem}-{workshop_id}")
    return Response(
        body,
        media_type=fmt.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


async def import_tree(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    body = await request.body()
    if len(body) > MAX_IMPORT_BYTES:
        raise ApiError(413, "too_large", f"El archivo supera {MAX_IMPORT_BYTES // 1_000_000} MB.")
    tree = parse_tree_json(body)
    await cocrea(request).services.import_tree(workshop_id, me, tree)
    return JSONResponse((await cocrea(request).services.get_tree(workshop_id))[1])


async def merge_nodes(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    return JSONResponse(await cocrea(request).services.merge_nodes(workshop_id, me, await read_json(request)))


async def propose_alternative(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    body = await cocrea(request).alternatives.propose(workshop_id, me, await read_json(request))
    return JSONResponse(body, status_code=201)


async def list_alternatives(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    await current_participant(request, workshop_id)
    return JSONResponse({"alternatives": await cocrea(request).alternatives.list(workshop_id)})


async def dispose_alternative(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    body = await cocrea(request).alternatives.dispose(
        workshop_id, me, request.path_params["alternative_id"], await read_json(request)
    )
    return JSONResponse(body)


async def open_round(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    return JSONResponse(await cocrea(request).voting.open(workshop_id, me, await read_json(request)), status_code=201)


async def list_rounds(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    await current_participant(request, workshop_id)
    return JSONResponse({"rounds": await cocrea(request).voting.list(workshop_id)})


async def get_round(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    return JSONResponse(await cocrea(request).voting.view(workshop_id, me, request.path_params["round_id"]))


async def cast_ballot(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    body = await cocrea(request).voting.cast(workshop_id, me, request.path_params["round_id"], await read_json(request))
    return JSONResponse(body)


async def close_round(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    return JSONResponse(await cocrea(request).voting.close(workshop_id, me, request.path_params["round_id"]))


async def record_decision(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    body = await cocrea(request).voting.decide(workshop_id, me, await read_json(request))
    return JSONResponse(body, status_code=201)


async def list_decisions(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    await current_participant(request, workshop_id)
    return JSONResponse({"decisions": await cocrea(request).voting.decisions(workshop_id)})


async def list_commitments(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    await current_participant(request, workshop_id)
    return JSONResponse({"commitments": await cocrea(request).commitments.list(workshop_id)})


async def update_commitment(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    body = await cocrea(request).commitments.update(
        workshop_id, me, request.path_params["commitment_id"], await read_json(request)
    )
    return JSONResponse(body)


async def advance_commitment(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    body = await cocrea(request).commitments.advance(
        workshop_id, me, request.path_params["commitment_id"], await read_json(request)
    )
    return JSONResponse(body)


async def open_ideation(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    await cocrea(request).ideation.open(workshop_id, me, await read_json(request))
    return JSONResponse(await cocrea(request).ideation.view(workshop_id, me), status_code=201)


async def get_ideation(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    return JSONResponse(await cocrea(request).ideation.view(workshop_id, me))


async def write_card(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    card = await cocrea(request).ideation.write(workshop_id, me, await read_json(request))
    return JSONResponse(card_json(card), status_code=201)


async def reveal_ideation(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    me = await current_participant(request, workshop_id)
    await cocrea(request).ideation.reveal(workshop_id, me)
    return JSONResponse(await cocrea(request).ideation.view(workshop_id, me))


async def get_tree(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    await current_participant(request, workshop_id)
    version, body = await cocrea(request).services.get_tree(workshop_id)
    etag = f'"{version}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return JSONResponse(body, headers=headers)


async def list_participants(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    await current_participant(request, workshop_id)
    people = await cocrea(request).store.list_participants(workshop_id)
    return JSONResponse({"participants": [participant_summary(p) for p in people]})


async def list_events(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    await current_participant(request, workshop_id)
    events = await cocrea(request).store.list_events(workshop_id)
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
    workshop_id = request.path_params["workshop_id"]
    await current_participant(request, workshop_id)
    workshop = await cocrea(request).services.get_workshop(workshop_id)
    url = cocrea(request).public_url(request, f"/j/{workshop.join_code}")
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
    Route("/api/workshops/{workshop_id}/tree", get_tree),
    Route("/api/workshops/{workshop_id}/tree/merge", merge_nodes, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/tree/export/{format}", export_tree),
    Route("/api/workshops/{workshop_id}/tree/import", import_tree, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/alternatives", propose_alternative, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/alternatives", list_alternatives, methods=["GET"]),
    Route(
        "/api/workshops/{workshop_id}/alternatives/{alternative_id}/disposition", dispose_alternative, methods=["PUT"]
    ),
    Route("/api/workshops/{workshop_id}/rounds", open_round, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/rounds", list_rounds, methods=["GET"]),
    Route("/api/workshops/{workshop_id}/rounds/{round_id}", get_round),
    Route("/api/workshops/{workshop_id}/rounds/{round_id}/ballot", cast_ballot, methods=["PUT"]),
    Route("/api/workshops/{workshop_id}/rounds/{round_id}/close", close_round, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/decisions", record_decision, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/decisions", list_decisions, methods=["GET"]),
    Route("/api/workshops/{workshop_id}/commitments", list_commitments),
    Route("/api/workshops/{workshop_id}/commitments/{commitment_id}", update_commitment, methods=["PUT"]),
    Route("/api/workshops/{workshop_id}/commitments/{commitment_id}/status", advance_commitment, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/ideation", open_ideation, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/ideation", get_ideation, methods=["GET"]),
    Route("/api/workshops/{workshop_id}/ideation/cards", write_card, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/ideation/reveal", reveal_ideation, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/events", list_events),
    Route("/api/workshops/{workshop_id}/qr.svg", join_qr),
]
