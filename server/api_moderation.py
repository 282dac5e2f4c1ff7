"""HTTP routes of the room's moderation: the facilitator's timer, the list
of speakers, the agenda and the parking lot (docs/moderation.md)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .api import member, read_json


async def read_optional_json(request: Request) -> dict:
    """An empty body means «no options»; anything else must be a JSON object."""
    if not (await request.body()).strip():
        return {}
    return await read_json(request)


async def get_moderation(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    return JSONResponse(await c.moderation.view(workshop_id))


async def set_timer(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.start_timer(workshop_id, me, await read_json(request)))


async def stop_timer(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.stop_timer(workshop_id, me))


async def raise_hand(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.raise_hand(workshop_id, me, await read_json(request)), status_code=201)


async def lower_hand(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.lower_hand(workshop_id, me))


async def next_speaker(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.give_floor(workshop_id, me, await read_optional_json(request)))


async def stop_speech(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.stop_speech(workshop_id, me))


async def reorder_speakers(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.reorder(workshop_id, me, await read_json(request)))


async def speaker_rules(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.set_rules(workshop_id, me, await read_json(request)))


async def set_agenda(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.set_agenda(workshop_id, me, await read_json(request)))


async def start_step(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.start_step(workshop_id, me, await read_json(request)))


async def finish_step(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.finish_step(workshop_id, me))


async def park_topic(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.park_topic(workshop_id, me, await read_json(request)), status_code=201)


async def decide_topic(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    topic_id = request.path_params["topic_id"]
    return JSONResponse(await c.moderation.decide_topic(workshop_id, me, topic_id, await read_json(request)))


async def bring_everyone(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.moderation.bring_everyone(workshop_id, me, await read_json(request)))


WORKSHOP = "/api/workshops/{workshop_id}"
routes = [
    Route(f"{WORKSHOP}/moderation", get_moderation, methods=["GET"]),
    Route(f"{WORKSHOP}/timer", set_timer, methods=["PUT"]),
    Route(f"{WORKSHOP}/timer", stop_timer, methods=["DELETE"]),
    Route(f"{WORKSHOP}/speakers", raise_hand, methods=["POST"]),
    Route(f"{WORKSHOP}/speakers", speaker_rules, methods=["PATCH"]),
    Route(f"{WORKSHOP}/speakers/me", lower_hand, methods=["DELETE"]),
    Route(f"{WORKSHOP}/speakers/next", next_speaker, methods=["POST"]),
    Route(f"{WORKSHOP}/speakers/stop", stop_speech, methods=["POST"]),
    Route(f"{WORKSHOP}/speakers/order", reorder_speakers, methods=["PUT"]),
    Route(f"{WORKSHOP}/agenda", set_agenda, methods=["PUT"]),
    Route(f"{WORKSHOP}/agenda/current", start_step, methods=["POST"]),
    Route(f"{WORKSHOP}/agenda/current", finish_step, methods=["DELETE"]),
    Route(f"{WORKSHOP}/parking", park_topic, methods=["POST"]),
    Route(f"{WORKSHOP}/parking/{{topic_id}}", decide_topic, methods=["PUT"]),
    Route(f"{WORKSHOP}/focus", bring_everyone, methods=["PUT"]),
]
