"""HTTP routes of the Plan de Acción: creating and importing plans, their
details, commitments, order, the institution's template and the audit log
(docs/plans.md). Exports are in ``api_export.py``.

Plan routes authenticate a plan editor (``Authorization: Bearer`` with the
plan-editor token, or the browser's ``cocrea_p_<plan_id>`` cookie); writes
pass the same CSRF check as every other write (``api.check_origin``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .api import check_origin, cocrea, read_json, set_slot_cookie
from .auth import PLAN_COOKIE_PREFIX, plan_slot, plan_token_from, token_from
from .auth import workshop_token_beside_plan as workshop_token
from .errors import ApiError
from .plans import DOCX_MEDIA_TYPES, MAX_TEMPLATE_BYTES, Editor

if TYPE_CHECKING:
    from workshops.plan import Plan
    from workshops.workshop import Participant

    from .app import Cocrea

MAX_IMPORT_BYTES = 32 * 1024 * 1024
ASCII_NAME_MAX = 120
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/]')


def attachment(filename: str) -> str:
    """``Content-Disposition`` for a download: a safe ASCII name for old
    clients and the real one (accents included) as ``filename*`` (RFC 6266)."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    slug = _NOT_SLUG.sub("-", plain).strip("-")[:ASCII_NAME_MAX].strip("-") or "documento"
    ext = _NOT_SLUG.sub("", extension.lower())
    ascii_name = f"{slug}.{ext}" if ext else slug
    real = _UNSAFE.sub("_", unicodedata.normalize("NFC", filename)).strip() or ascii_name
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(real, safe='')}"


async def editor(request: Request, *, write: bool = False) -> tuple[Cocrea, Editor]:
    """The app and the caller, who must edit the plan of the path; writes
    also pass the CSRF check."""
    if write:
        check_origin(request)
    plan_id = request.path_params["plan_id"]
    c = cocrea(request)
    return c, await c.plans.authenticate(plan_id, plan_token_from(request, plan_id))


async def facilitator_of(request: Request, workshop_id: object, token: str | None) -> Participant:
    """The caller's session in ``workshop_id`` (the role is checked by the service)."""
    if not isinstance(workshop_id, str) or not workshop_id:
        raise ApiError(422, "validation_error", "Indica la mesa («workshop_id»).", field="workshop_id")
    return await cocrea(request).services.authenticate(workshop_id, token)


def set_plan_cookie(request: Request, response: Response, plan_id: str, token: str) -> None:
    set_slot_cookie(request, response, plan_slot(plan_id), token)


def editor_url(request: Request, editor: Editor) -> str:
    return cocrea(request).public_url(request, f"/planes/{editor.plan_id}?clave={editor.token}")


def created(request: Request, plan: Plan, editor: Editor) -> Response:
    """201 with the plan and the editor link; this browser becomes an editor."""
    body = {
        "plan": cocrea(request).plans.plan_json(plan) | {"template": None},
        "editor_url": editor_url(request, editor),
    }
    response = JSONResponse(body, status_code=201)
    set_plan_cookie(request, response, plan.id, editor.token)
    return response


async def plan_body(request: Request, c: Cocrea, e: Editor, status: int = 200) -> Response:
    return JSONResponse(await c.plans.view(e.plan_id) | {"editor_url": editor_url(request, e)}, status_code=status)


async def create_plan(request: Request) -> Response:
    check_origin(request)
    data = await read_json(request)
    workshop_id = data.get("workshop_id")
    me = await facilitator_of(request, workshop_id, token_from(request, str(workshop_id)))
    plan, e = await cocrea(request).plans.create(me, data)
    return created(request, plan, e)


async def import_plan(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.query_params.get("workshop_id")
    me = await facilitator_of(request, workshop_id, token_from(request, str(workshop_id)))
    body = await request.body()
    if len(body) > MAX_IMPORT_BYTES:
        raise ApiError(413, "too_large", f"El archivo supera {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
    plan, e = await cocrea(request).plans.import_plan(me, body)
    return created(request, plan, e)


async def my_plans(request: Request) -> Response:
    tokens = {
        name[len(PLAN_COOKIE_PREFIX) :]: value
        for name, value in request.cookies.items()
        if name.startswith(PLAN_COOKIE_PREFIX)
    }
    return JSONResponse(await cocrea(request).plans.editable(tokens))


async def get_plan(request: Request) -> Response:
    c, e = await editor(request)
    return await plan_body(request, c, e)


async def update_plan(request: Request) -> Response:
    c, e = await editor(request, write=True)
    await c.plans.update(e, await read_json(request))
    return await plan_body(request, c, e)


async def plan_events(request: Request) -> Response:
    c, e = await editor(request)
    return JSONResponse({"events": await c.plans.events(e.plan_id)})


async def attach_commitment(request: Request) -> Response:
    c, e = await editor(request, write=True)
    data = await read_json(request)
    workshop_id = data.get("workshop_id")
    me = await facilitator_of(request, workshop_id, workshop_token(request, str(workshop_id)))
    _, added = await c.plans.attach(e, me, data)
    return await plan_body(request, c, e, status=201 if added else 200)


async def set_origin(request: Request) -> Response:
    c, e = await editor(request, write=True)
    await c.plans.set_origin(e, request.path_params["commitment_id"], await read_json(request))
    return await plan_body(request, c, e)


async def detach_commitment(request: Request) -> Response:
    c, e = await editor(request, write=True)
    await c.plans.detach(e, request.path_params["commitment_id"])
    return await plan_body(request, c, e)


async def reorder(request: Request) -> Response:
    c, e = await editor(request, write=True)
    await c.plans.reorder(e, await read_json(request))
    return await plan_body(request, c, e)


async def put_template(request: Request) -> Response:
    c, e = await editor(request, write=True)
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in DOCX_MEDIA_TYPES:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"La plantilla se envía como documento de Word (.docx), con Content-Type «{DOCX_MEDIA_TYPES[0]}».",
        )
    data = await read_limited(request)
    info = await c.plans.put_template(e, request.query_params.get("filename"), data)
    return JSONResponse({"template": info})


async def read_limited(request: Request) -> bytes:
    """The body, refused (413) as soon as it passes the template's limit."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_TEMPLATE_BYTES:
            raise ApiError(413, "too_large", f"La plantilla supera {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB.")
        chunks.append(chunk)
    return b"".join(chunks)


async def delete_template(request: Request) -> Response:
    c, e = await editor(request, write=True)
    await c.plans.delete_template(e)
    return JSONResponse({"template": None})


async def get_template(request: Request) -> Response:
    c, e = await editor(request)
    template = await c.plans.get_template(e.plan_id)
    headers = {"Content-Disposition": attachment(template.filename), "Cache-Control": "no-store"}
    return Response(template.data, media_type=DOCX_MEDIA_TYPES[0], headers=headers)


PLAN = "/api/plans/{plan_id}"
routes = [
    Route("/api/plans", create_plan, methods=["POST"]),
    Route("/api/plans/mine", my_plans, methods=["GET"]),
    Route("/api/plans/import", import_plan, methods=["POST"]),
    Route(PLAN, get_plan, methods=["GET"]),
    Route(PLAN, update_plan, methods=["PUT"]),
    Route(f"{PLAN}/events", plan_events, methods=["GET"]),
    Route(f"{PLAN}/commitments", attach_commitment, methods=["POST"]),
    Route(f"{PLAN}/commitments/{{commitment_id}}", set_origin, methods=["PUT"]),
    Route(f"{PLAN}/commitments/{{commitment_id}}", detach_commitment, methods=["DELETE"]),
    Route(f"{PLAN}/order", reorder, methods=["PUT"]),
    Route(f"{PLAN}/template", put_template, methods=["PUT"]),
    Route(f"{PLAN}/template", delete_template, methods=["DELETE"]),
    Route(f"{PLAN}/template", get_template, methods=["GET"]),
]
