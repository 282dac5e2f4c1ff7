"""HTTP routes of the feasibility and viability review: the workshop's
criteria and the mesa's assessment of each alternative (docs/voting.md)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .api import member, read_json


async def get_criteria(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    return JSONResponse(await c.assessment.criteria_json(workshop_id))


async def put_criteria(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.assessment.set_criteria(workshop_id, me, await read_json(request)))


async def get_review(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    return JSONResponse(await c.assessment.view(workshop_id))


async def put_assessment(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    alternative_id = request.path_params["alternative_id"]
    return JSONResponse(await c.assessment.assess(workshop_id, me, alternative_id, await read_json(request)))


WORKSHOP = "/api/workshops/{workshop_id}"
routes = [
    Route(f"{WORKSHOP}/assessment/criteria", get_criteria, methods=["GET"]),
    Route(f"{WORKSHOP}/assessment/criteria", put_criteria, methods=["PUT"]),
    Route(f"{WORKSHOP}/assessment", get_review, methods=["GET"]),
    Route(f"{WORKSHOP}/alternatives/{{alternative_id}}/assessment", put_assessment, methods=["PUT"]),
]
