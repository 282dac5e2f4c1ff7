"""Display routes (server/displays.py): the projector's read-only link."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .api import member
from .displays import create_display, display_path, revoke_display


async def new_display(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    display_id, token = await create_display(c.services, workshop_id, me)
    url = c.public_url(request, display_path(workshop_id, token))
    return JSONResponse({"display_url": url, "display_id": display_id}, status_code=201)


async def delete_display(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    display_id = request.path_params["display_id"]
    await revoke_display(c.services, workshop_id, me, display_id)
    return JSONResponse({"display_id": display_id, "revoked": True})


routes = [
    Route("/api/workshops/{workshop_id}/displays", new_display, methods=["POST"]),
    Route("/api/workshops/{workshop_id}/displays/{display_id}", delete_display, methods=["DELETE"]),
]
