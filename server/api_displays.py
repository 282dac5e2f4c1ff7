"""Display routes (server/displays.py): the projector's read-only link,
declared once (server/contract.py)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .api import member
from .contract import Operations
from .displays import create_display, display_path, revoke_display

ops = Operations()

WORKSHOP = "/api/workshops/{workshop_id}"


@ops.post(
    f"{WORKSHOP}/displays",
    summary="Create a read-only display link for the room's projector (facilitator only)",
    description="The link opens the projector view with no editing chrome. A display is never a member: "
    "not in presence, attendance, vote denominators or documents. Its token reads (GET) this workshop "
    "only; any write with it is 403 display_read_only, and a write on its sockets closes them with 4403. "
    "docs/sessions.md, «Displays».",
    status=201,
    ok={
        "type": "object",
        "required": ["display_url", "display_id"],
        "properties": {
            "display_url": {"type": "string", "description": "/w/{workshop_id}/pantalla?key=…"},
            "display_id": {"type": "string"},
        },
    },
    ok_description="Created",
)
async def new_display(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    display_id, token = await create_display(c.services, workshop_id, me)
    url = c.public_url(request, display_path(workshop_id, token))
    return JSONResponse({"display_url": url, "display_id": display_id}, status_code=201)


@ops.delete(
    f"{WORKSHOP}/displays/{{display_id}}",
    summary="Withdraw a display link (facilitator only): its token stops working (401 revoked) and its "
    "sockets close with 4401",
    ok={
        "type": "object",
        "required": ["display_id", "revoked"],
        "properties": {"display_id": {"type": "string"}, "revoked": {"type": "boolean"}},
    },
    ok_description="Withdrawn (also when it already was)",
)
async def delete_display(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    display_id = request.path_params["display_id"]
    await revoke_display(c.services, workshop_id, me, display_id)
    return JSONResponse({"display_id": display_id, "revoked": True})


routes = ops.routes
