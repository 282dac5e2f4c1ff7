"""HTTP routes of the Diálogo Abierto: alternatives and their reasoned
response, voting rounds and ballots, decisions and commitments, and the
mesa's minutes (docs/voting.md)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from workshops.plan_annex import minutes_to_dict

from .api import member, read_json
from .plan_source import mesa_minutes as read_minutes


async def propose_alternative(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.alternatives.propose(workshop_id, me, await read_json(request)), status_code=201)


async def list_alternatives(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    return JSONResponse({"alternatives": await c.alternatives.list(workshop_id)})


async def dispose_alternative(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    alternative_id = request.path_params["alternative_id"]
    return JSONResponse(await c.alternatives.dispose(workshop_id, me, alternative_id, await read_json(request)))


async def split_alternative(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    alternative_id = request.path_params["alternative_id"]
    body = await c.alternatives.split(workshop_id, me, alternative_id, await read_json(request))
    return JSONResponse(body, status_code=201)


async def open_round(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.voting.open(workshop_id, me, await read_json(request)), status_code=201)


async def list_rounds(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    return JSONResponse({"rounds": await c.voting.list(workshop_id)})


async def get_round(request: Request) -> Response:
    c, workshop_id, me = await member(request)
    return JSONResponse(await c.voting.view(workshop_id, me, request.path_params["round_id"]))


async def cast_ballot(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    round_id = request.path_params["round_id"]
    return JSONResponse(await c.voting.cast(workshop_id, me, round_id, await read_json(request)))


async def close_round(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.voting.close(workshop_id, me, request.path_params["round_id"]))


async def record_decision(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.voting.decide(workshop_id, me, await read_json(request)), status_code=201)


async def mesa_minutes(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    minutes = await read_minutes(c.store, workshop_id, await c.commitments.read_all(workshop_id))
    return JSONResponse({"minutes": minutes_to_dict(minutes)})


async def list_decisions(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    return JSONResponse({"decisions": await c.voting.decisions(workshop_id)})


async def list_commitments(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    return JSONResponse({"commitments": await c.commitments.list(workshop_id)})


async def update_commitment(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    commitment_id = request.path_params["commitment_id"]
    return JSONResponse(await c.commitments.update(workshop_id, me, commitment_id, await read_json(request)))


async def advance_commitment(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    commitment_id = request.path_params["commitment_id"]
    return JSONResponse(await c.commitments.advance(workshop_id, me, commitment_id, await read_json(request)))


WORKSHOP = "/api/workshops/{workshop_id}"
routes = [
    Route(f"{WORKSHOP}/alternatives", propose_alternative, methods=["POST"]),
    Route(f"{WORKSHOP}/alternatives", list_alternatives, methods=["GET"]),
    Route(f"{WORKSHOP}/alternatives/{{alternative_id}}/disposition", dispose_alternative, methods=["PUT"]),
    Route(f"{WORKSHOP}/alternatives/{{alternative_id}}/split", split_alternative, methods=["POST"]),
    Route(f"{WORKSHOP}/rounds", open_round, methods=["POST"]),
    Route(f"{WORKSHOP}/rounds", list_rounds, methods=["GET"]),
    Route(f"{WORKSHOP}/rounds/{{round_id}}", get_round),
    Route(f"{WORKSHOP}/rounds/{{round_id}}/ballot", cast_ballot, methods=["PUT"]),
    Route(f"{WORKSHOP}/rounds/{{round_id}}/close", close_round, methods=["POST"]),
    Route(f"{WORKSHOP}/decisions", record_decision, methods=["POST"]),
    Route(f"{WORKSHOP}/decisions", list_decisions, methods=["GET"]),
    Route(f"{WORKSHOP}/minutes", mesa_minutes, methods=["GET"]),
    Route(f"{WORKSHOP}/commitments", list_commitments),
    Route(f"{WORKSHOP}/commitments/{{commitment_id}}", update_commitment, methods=["PUT"]),
    Route(f"{WORKSHOP}/commitments/{{commitment_id}}/status", advance_commitment, methods=["POST"]),
]
