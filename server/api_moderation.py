"""HTTP routes of the room's moderation: the facilitator's timer, the list
of speakers, the agenda, the parking lot and «follow the facilitator»
(docs/moderation.md), each declared once (server/contract.py): its model
parses the body and is its request schema. Every answer is the whole state
(``MODERATION`` in openapi_moderation.py)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workshops.agenda import DEFAULT_TITLES, STEP_MINUTES_MAX, STEP_TITLE_MAX, STEPS_MAX
from workshops.parking import REASON_MAX, TOPIC_TEXT_MAX
from workshops.phases import Phase
from workshops.room_focus import FOCUS_TARGETS
from workshops.speakers import SPEECH_LIMIT_MAX_SECONDS, SpeechKind
from workshops.timer import TIMER_ACTIONS, TIMER_LABEL_MAX, TIMER_MAX_SECONDS

from .api import member
from .contract import Body, Model, OneOf, Operations, TextRule, WholeNumber
from .i18n import DEFAULT_LANGUAGE, request_language, translate
from .openapi_moderation import MODERATION

ops = Operations()

WORKSHOP = "/api/workshops/{workshop_id}"
CHANGED = "the timer, the list of speakers, the agenda, the parking lot and the follow target after the change"

Seconds = Annotated[int, Field(ge=1, le=TIMER_MAX_SECONDS), WholeNumber()]

# ------------------------------------------------------------------ models


class TimerBody(Model):
    """Either form: `{"seconds", "label"?}` starts, `{"action", "seconds"?}` changes."""

    model_config = ConfigDict(extra="forbid")
    seconds: Seconds | None = None
    label: Annotated[str, TextRule(TIMER_LABEL_MAX, required=False)] | None = None
    action: Annotated[str, OneOf(TIMER_ACTIONS)] | None = None


class RaiseHand(Model):
    kind: Annotated[str, OneOf(tuple(k.value for k in SpeechKind))] = SpeechKind.CONTRIBUTION.value


class SpeakerRules(Model):
    closed: bool | None = None
    balance_by_sector: bool | None = Field(
        default=None, description="the sector that has spoken least so far goes next"
    )
    allow_observers: bool | None = None
    speech_limit_seconds: Annotated[int, Field(ge=1, le=SPEECH_LIMIT_MAX_SECONDS), WholeNumber()] | None = Field(
        default=None, description="starts the timer with each speech; null for no limit"
    )


class GiveFloor(Model):
    participant_id: str | None = Field(default=None, description="a waiting person; none: the next in line")


class SpeakerOrder(Model):
    order: Annotated[list[str], Field(json_schema_extra={"uniqueItems": True})]


class Step(Model):
    id: str | None = Field(default=None, description="an existing step keeps its actual time; new steps leave it out")
    title: Annotated[str, TextRule(STEP_TITLE_MAX)]
    phase: Annotated[str, OneOf(tuple(p.value for p in Phase))]
    planned_minutes: Annotated[int, Field(ge=1, le=STEP_MINUTES_MAX), WholeNumber()]


class Agenda(Model):
    steps: Annotated[list[Step], Field(max_length=STEPS_MAX)]
    base_revision: Annotated[int, Field(ge=0), WholeNumber()] | None = Field(
        default=None,
        description="the agenda's `revision` the list was edited from; another one is 409 edit_conflict "
        "and changes nothing (docs/api.md «Stale writes»)",
    )


class StartStep(Model):
    step_id: str | None = None
    index: Annotated[int, Field(ge=0), WholeNumber()] | None = Field(
        default=None, description="a step of the default agenda, while none is set"
    )


class ParkTopic(Model):
    text: Annotated[str, TextRule(TOPIC_TEXT_MAX)]


class DecideTopic(Model):
    status: Annotated[str, OneOf(("kept", "dismissed"))]
    reason: Annotated[str, TextRule(REASON_MAX, required=False, multiline=True)] | None = Field(
        default=None, description="required to dismiss"
    )
    base_status: Annotated[str, OneOf(("proposed", "kept", "dismissed"))] | None = Field(
        default=None,
        description="the topic's status the page saw; another one is 409 edit_conflict and changes nothing "
        "(docs/api.md «Stale writes»)",
    )


class Focus(Model):
    target: Annotated[str, OneOf(FOCUS_TARGETS)]


class JoinCode(Model):
    shown: bool


def _answer(request: Request, view: dict[str, Any], status: int = 200) -> Response:
    """The view, the default agenda's titles in the request's language."""
    lang = request_language(request)
    agenda = view.get("agenda")
    if lang != DEFAULT_LANGUAGE and agenda:
        titled = [
            {**step, "title": translate(step["title"], lang)} if step["title"] in DEFAULT_TITLES else step
            for step in agenda["steps"]
        ]
        view = {**view, "agenda": {**agenda, "steps": titled}}
    return JSONResponse(view, status_code=status)


# -------------------------------------------------------------- operations


@ops.get(
    f"{WORKSHOP}/moderation",
    summary="The agenda, the timer, the list of speakers, the parking lot and the follow target (members), "
    "with the server's clock",
    ok=MODERATION,
    ok_description="the room's moderation",
)
async def get_moderation(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    return _answer(request, await c.moderation.view(workshop_id))


@ops.put(
    f"{WORKSHOP}/timer",
    summary="Start the timer (`seconds`, `label`) or pause / resume / add time (`action`) (facilitator)",
    description="Without `action`, `seconds` is required (1 s to 4 h); `add` needs `seconds` and keeps the total "
    "within 4 h (else 422). 409 when there is no timer to change.",
    body=TimerBody,
    ok=MODERATION,
    ok_description=CHANGED,
    errors=(409,),
)
async def set_timer(request: Request, body: Body[TimerBody]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.start_timer(workshop_id, me, (await body()).fields()))


@ops.delete(
    f"{WORKSHOP}/timer", summary="Stop the timer (facilitator)", ok=MODERATION, ok_description=CHANGED, errors=(409,)
)
async def stop_timer(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.stop_timer(workshop_id, me))


@ops.post(
    f"{WORKSHOP}/speakers",
    summary="Raise my hand (participants; observers when the list allows them); a point of order goes first",
    description="One hand per person and none while speaking (409); a closed list takes no one (409).",
    body=RaiseHand,
    ok=MODERATION,
    status=201,
    ok_description=CHANGED,
    errors=(409,),
)
async def raise_hand(request: Request, body: Body[RaiseHand]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.raise_hand(workshop_id, me, (await body()).fields()), 201)


@ops.patch(
    f"{WORKSHOP}/speakers",
    summary="Close or reopen the list and set its rules (facilitator)",
    body=SpeakerRules,
    ok=MODERATION,
    ok_description=CHANGED,
)
async def speaker_rules(request: Request, body: Body[SpeakerRules]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.set_rules(workshop_id, me, (await body()).fields()))


@ops.delete(f"{WORKSHOP}/speakers/me", summary="Lower my hand", ok=MODERATION, ok_description=CHANGED)
async def lower_hand(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.lower_hand(workshop_id, me))


@ops.post(
    f"{WORKSHOP}/speakers/next",
    summary="Give the floor to the next in line, or to `participant_id` (facilitator); the speech in progress ends",
    description="An empty body means the next in line; 409 when nobody waits, 404 for someone not waiting.",
    body=GiveFloor,
    ok=MODERATION,
    ok_description=CHANGED,
    errors=(409,),
)
async def next_speaker(request: Request, body: Body[GiveFloor]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    data = {} if not (await request.body()).strip() else (await body()).fields()
    return _answer(request, await c.moderation.give_floor(workshop_id, me, data))


@ops.post(
    f"{WORKSHOP}/speakers/stop",
    summary="End the speech in progress; its time is recorded by sector (facilitator)",
    ok=MODERATION,
    ok_description=CHANGED,
    errors=(409,),
)
async def stop_speech(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.stop_speech(workshop_id, me))


@ops.put(
    f"{WORKSHOP}/speakers/order",
    summary="Set the waiting order: every waiting person once (facilitator)",
    description="`order` must name every waiting person exactly once (else 422).",
    body=SpeakerOrder,
    ok=MODERATION,
    ok_description=CHANGED,
)
async def reorder_speakers(request: Request, body: Body[SpeakerOrder]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.reorder(workshop_id, me, (await body()).fields()))


@ops.put(
    f"{WORKSHOP}/agenda",
    summary="Replace the agenda's steps (facilitator); the step in course may not be removed (409)",
    description="A step's `id` must be unique in the list (else 422). With `base_revision`, a list edited "
    "from an older revision is refused (409 edit_conflict).",
    body=Agenda,
    ok=MODERATION,
    ok_description=CHANGED,
    errors=(409,),
)
async def set_agenda(request: Request, body: Body[Agenda]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.set_agenda(workshop_id, me, (await body()).fields()))


@ops.post(
    f"{WORKSHOP}/agenda/current",
    summary="Start a step (`step_id`; `index` of the default agenda while none is set); the one in course "
    "finishes (facilitator)",
    description="A step that is not on the agenda is 404; the one already in course, 409.",
    body=StartStep,
    ok=MODERATION,
    ok_description=CHANGED,
    errors=(409,),
)
async def start_step(request: Request, body: Body[StartStep]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.start_step(workshop_id, me, (await body()).fields()))


@ops.delete(
    f"{WORKSHOP}/agenda/current",
    summary="Finish the step in course; its actual time goes to the minutes (facilitator)",
    ok=MODERATION,
    ok_description=CHANGED,
    errors=(409,),
)
async def finish_step(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.finish_step(workshop_id, me))


@ops.post(
    f"{WORKSHOP}/parking",
    summary="Park a topic out of the current step (any member)",
    description="20 topics per person and 200 per mesa (409 beyond).",
    body=ParkTopic,
    ok=MODERATION,
    status=201,
    ok_description=CHANGED,
    errors=(409,),
)
async def park_topic(request: Request, body: Body[ParkTopic]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.park_topic(workshop_id, me, (await body()).fields()), 201)


@ops.put(
    f"{WORKSHOP}/parking/{{topic_id}}",
    summary="Keep a parked topic for the minutes, or dismiss it with a reason (facilitator)",
    description="Dismissing needs a `reason` (else 422); an answer that changes nothing is 409, and so is one "
    "whose `base_status` is not the topic's status (edit_conflict).",
    body=DecideTopic,
    ok=MODERATION,
    ok_description=CHANGED,
    errors=(409,),
)
async def decide_topic(request: Request, body: Body[DecideTopic]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    topic_id = request.path_params["topic_id"]
    return _answer(request, await c.moderation.decide_topic(workshop_id, me, topic_id, (await body()).fields()))


@ops.put(
    f"{WORKSHOP}/focus",
    summary="Bring every page (phones and displays) to the tree or a tab of the stage (facilitator)",
    body=Focus,
    ok=MODERATION,
    ok_description=CHANGED,
)
async def bring_everyone(request: Request, body: Body[Focus]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.bring_everyone(workshop_id, me, (await body()).fields()))


@ops.put(
    f"{WORKSHOP}/focus/join",
    summary="Show or hide the join code and its QR on every display (facilitator)",
    description="Phones ignore it: they have already joined. Asking for what is already so changes nothing.",
    body=JoinCode,
    ok=MODERATION,
    ok_description=CHANGED,
)
async def show_join_code(request: Request, body: Body[JoinCode]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return _answer(request, await c.moderation.show_join_code(workshop_id, me, (await body()).fields()))


routes = ops.routes
