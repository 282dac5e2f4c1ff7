"""HTTP routes of the hoja de ruta: the live draft with its issues, the
stateless check the form calls while people type, and the agreement
(docs/realtime.md, «The roadmap document»)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from workshops.errors import ValidationError

from .api import member, read_json
from .errors import ApiError

# A full hoja de ruta (100 activities with long texts) is larger than an
# ordinary request body.
MAX_DRAFT_BYTES = 2 * 1024 * 1024


async def get_roadmap(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    return JSONResponse(await c.roadmaps.view(workshop_id, request.path_params["commitment_id"]))


async def check_roadmap(request: Request) -> Response:
    c, _, _ = await member(request, write=True)
    return JSONResponse(c.roadmaps.check(await read_json(request, MAX_DRAFT_BYTES)))


async def agree_roadmap(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    try:
        return JSONResponse(await c.roadmaps.agree(workshop_id, me, request.path_params["commitment_id"]))
    except ValidationError as exc:
        # The form marks every remaining problem at its field.
        raise ApiError(422, exc.code, exc.message, field=exc.field, issues=exc.fields.get("issues")) from None


WORKSHOP = "/api/workshops/{workshop_id}"
routes = [
    Route(f"{WORKSHOP}/commitments/{{commitment_id}}/roadmap", get_roadmap, methods=["GET"]),
    Route(f"{WORKSHOP}/commitments/{{commitment_id}}/roadmap/agree", agree_roadmap, methods=["POST"]),
    Route(f"{WORKSHOP}/roadmap/check", check_roadmap, methods=["POST"]),
]
