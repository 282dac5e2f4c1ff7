"""HTTP routes of the Diálogo Abierto: alternatives and their reasoned
response, voting rounds and ballots, decisions and commitments, and the
mesa's minutes (docs/voting.md; the minutes' routes are in api_minuta.py)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workshops.alternatives import REASON_MAX, RESPONSE_DISPOSITIONS, SPLIT_PARTS_MAX, SPLIT_PARTS_MIN, TITLE_MAX
from workshops.commitment import OGP_VALUES, SDG_COUNT, SHEET_TEXT_FIELDS, TEXT_FIELD_MAX, CommitmentStatus
from workshops.decision import NOTE_MAX, DecisionKind
from workshops.messages import _
from workshops.messages import listing as quoted_listing
from workshops.voting import OPTIONS_MAX, QUESTION_MAX, QUORUM_MAX, Secrecy, Visibility
from workshops.voting_methods import Method

from .alternatives import DESCRIPTION_MAX
from .api import member
from .contract import Body, Model, OneOf, Operations, TextRule, WholeNumber, ref, without_defaults

ops = Operations()

# ------------------------------------------------------------------ models

AlternativeTitle = Annotated[str, TextRule(TITLE_MAX)]
NodeIds = Annotated[list[str], Field(description="tree node ids")]


def _one_of(enum: Any, field: str) -> OneOf:
    """A closed set worded as the voting module words it."""
    names = [str(v) for v in enum]
    message = _(
        "«{field}» debe ser {choices} o «{last}».",
        field=field,
        choices=quoted_listing(names[:-1], quoted=True),
        last=names[-1],
    )
    return OneOf(tuple(names), message)


class NewAlternative(Model):
    title: AlternativeTitle
    addresses: NodeIds = Field(default_factory=list)
    description: Annotated[str, TextRule(DESCRIPTION_MAX, required=False, multiline=True)] = ""


class DispositionChange(Model):
    disposition: Annotated[
        str,
        OneOf(
            tuple(str(d) for d in RESPONSE_DISPOSITIONS),
            _("Disposición desconocida; usa una de: {names}.", names=", ".join(RESPONSE_DISPOSITIONS)),
        ),
    ]
    reason: Annotated[str, TextRule(REASON_MAX, multiline=True)]
    merged_into: str | None = Field(default=None, description="required when merged: an alternative of the workshop")
    base_decided_at: str | None = Field(
        default=None,
        description="the alternative's `decided_at` the form saw (null: pending); another one is 409 "
        "edit_conflict and changes nothing (docs/api.md «Stale writes»)",
    )


class Part(Model):
    title: AlternativeTitle
    addresses: NodeIds | None = None


class Split(Model):
    parts: Annotated[list[Part], Field(min_length=SPLIT_PARTS_MIN, max_length=SPLIT_PARTS_MAX)]
    reason: Annotated[str, TextRule(REASON_MAX, required=False, multiline=True)] = Field(
        default="", description="added to the reason"
    )


class NewRound(Model):
    # Any other field is refused (workshops.voting.ROUND_FIELDS).
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            # Live results would reveal each secret ballot as it arrives.
            "if": {"properties": {"visibility": {"const": "live"}}, "required": ["visibility"]},
            "then": {"properties": {"secrecy": {"const": "public"}}, "required": ["secrecy"]},
        },
    )
    method: Annotated[str, _one_of(Method, "method")]
    options: Annotated[list[str], Field(max_length=OPTIONS_MAX, description="alternative ids")]
    config: dict[str, Any] | None = Field(default=None, description="by method: docs/voting.md")
    visibility: Annotated[str, _one_of(Visibility, "visibility")] = str(Visibility.HIDDEN_UNTIL_CLOSE)
    secrecy: Annotated[str, _one_of(Secrecy, "secrecy")] = str(Secrecy.SECRET)
    quorum: Annotated[int, Field(ge=1, le=QUORUM_MAX), WholeNumber()] | None = None
    require_every_sector: bool = False
    question: Annotated[str, TextRule(QUESTION_MAX, required=False)] = ""


class Ballot(Model):
    """By method (docs/voting.md): approval {approve}, dots {dots}, score {scores}, ranked
    {ranking}, consent {consent, reasons, comments}, fist_to_five {fist, reasons, comments}."""

    model_config = ConfigDict(extra="allow")


class NewDecision(Model):
    round_id: str
    kind: Annotated[str, OneOf(tuple(DecisionKind), "La decisión es por «consensus» o por «majority».")]
    alternative_id: str
    note: Annotated[str, TextRule(NOTE_MAX, required=False, multiline=True)] = ""


SheetText = Annotated[str, TextRule(TEXT_FIELD_MAX, required=False, multiline=True)]


class SheetChange(Model):
    """Fields of the commitment sheet to change, any subset (docs/roadmap.md); others are refused."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=without_defaults)
    title: Annotated[str, TextRule(TEXT_FIELD_MAX)] = ""
    problem: SheetText = ""
    description: SheetText = ""
    how_it_helps: SheetText = ""
    gender_perspective: SheetText = ""
    assumptions: SheetText = ""
    other_actors: SheetText = ""
    ogp_values: list[Annotated[str, OneOf(OGP_VALUES)]] = Field(default_factory=list)
    sdgs: list[Annotated[int, Field(ge=1, le=SDG_COUNT), WholeNumber()]] = Field(default_factory=list)


class StatusChange(Model):
    status: Annotated[
        str,
        OneOf(
            tuple(CommitmentStatus),
            _("Estado desconocido. Estados: {list}.", list=", ".join(CommitmentStatus)),
        ),
    ]
    note: Annotated[str, TextRule(TEXT_FIELD_MAX, required=False, multiline=True)] = ""


def listing(key: str, item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": [key], "properties": {key: {"type": "array", "items": item}}}


# -------------------------------------------------------------- operations

WORKSHOP = "/api/workshops/{workshop_id}"


@ops.post(
    f"{WORKSHOP}/alternatives",
    summary="Propose a solution alternative (participants and facilitator, phase «alternativas»)",
    description="Creates the record and an entry in the `alternatives` Yjs document, where the title "
    "and description are then edited together (docs/realtime.md). `addresses` must be nodes of the tree.",
    body=NewAlternative,
    ok=ref("Alternative"),
    status=201,
    ok_description="proposed",
)
async def propose_alternative(request: Request, body: Body[NewAlternative]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    data = (await body()).fields()
    return JSONResponse(await c.alternatives.propose(workshop_id, me, data), status_code=201)


@ops.get(
    f"{WORKSHOP}/alternatives",
    summary="Every alternative with its disposition",
    ok=listing("alternatives", ref("Alternative")),
)
async def list_alternatives(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    return JSONResponse({"alternatives": await c.alternatives.list(workshop_id)})


@ops.put(
    f"{WORKSHOP}/alternatives/{{alternative_id}}/disposition",
    summary="Record the reasoned response: adopted, merged (into another) or not adopted (facilitator)",
    description="`merged_into` names another alternative of the workshop (404 if it names none, 422 if it "
    "names this one). With `base_decided_at`, a response from a form that saw another response than the "
    "current one is refused (409 edit_conflict).",
    body=DispositionChange,
    ok=ref("Alternative"),
    ok_description="recorded",
    errors=(409,),
)
async def dispose_alternative(request: Request, body: Body[DispositionChange]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    alternative_id = request.path_params["alternative_id"]
    data = (await body()).fields()
    return JSONResponse(await c.alternatives.dispose(workshop_id, me, alternative_id, data))


@ops.post(
    f"{WORKSHOP}/alternatives/{{alternative_id}}/split",
    summary="Split an alternative into 2 to 10 new ones (facilitator; «alternativas», «votacion»)",
    description="The parts keep the original's proposer and authors, address a subset of its means "
    "(all unless told), get their titles and a copy of the description in the alternatives document. "
    "The original's disposition becomes «split», with a reason naming the parts; event "
    "«alternative_split». Refused (409) when the alternative already has a response or is an option "
    "of the open round; 422 when two parts have the same title (ignoring case).",
    body=Split,
    ok={
        "type": "object",
        "properties": {
            "alternatives": {"type": "array", "items": ref("Alternative")},
            "original": ref("Alternative"),
        },
    },
    status=201,
    ok_description="split",
    errors=(409,),
)
async def split_alternative(request: Request, body: Body[Split]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    alternative_id = request.path_params["alternative_id"]
    answer = await c.alternatives.split(workshop_id, me, alternative_id, (await body()).fields())
    return JSONResponse(answer, status_code=201)


@ops.post(
    f"{WORKSHOP}/rounds",
    summary="Open a voting round on alternatives (facilitator; phases «alternativas» and «votacion»)",
    description="Methods, their `config` and ballots are described in docs/voting.md. `options` are "
    "alternatives of the workshop still open to a vote (2 or more; 1 for consent and fist_to_five).",
    body=NewRound,
    ok=ref("Round"),
    status=201,
    ok_description="opened",
    errors=(409,),
)
async def open_round(request: Request, body: Body[NewRound]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    data = (await body()).fields()
    return JSONResponse(await c.voting.open(workshop_id, me, data), status_code=201)


@ops.get(f"{WORKSHOP}/rounds", summary="Every round of the workshop", ok=listing("rounds", ref("Round")))
async def list_rounds(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    return JSONResponse({"rounds": await c.voting.list(workshop_id)})


@ops.get(
    f"{WORKSHOP}/rounds/{{round_id}}",
    summary="A round: participation always; results when visible (after close, or live rounds)",
    ok=ref("Round"),
)
async def get_round(request: Request) -> Response:
    c, workshop_id, me = await member(request)
    return JSONResponse(await c.voting.view(workshop_id, me, request.path_params["round_id"]))


@ops.put(
    f"{WORKSHOP}/rounds/{{round_id}}/ballot",
    summary="Cast or replace one's ballot (participants only, phases «alternativas» and «votacion») "
    "until the round closes",
    description="approval: {approve: [ids]}; dots: {dots: {id: n}}; "
    "score: {scores: {id: {criterion: n}}}; ranked: {ranking: [ids]}; "
    "consent: {consent: {id: agree|can_live_with|object}, reasons: {id: text}, comments: {id: text}}; "
    "fist_to_five: {fist: {id: 0..5}, reasons: {id: text}, comments: {id: text}}; a reason counts "
    "on an objection only, a comment on the other answers only (the other is dropped). "
    "See docs/voting.md.",
    body=Ballot,
    ok={
        "type": "object",
        "required": ["round_id", "voter_id", "cast_at", "accepted"],
        "properties": {
            "round_id": {"type": "string"},
            "voter_id": {"type": "string"},
            "cast_at": {"type": "string", "format": "date-time"},
            "accepted": {"const": True},
        },
    },
    ok_description="accepted",
    errors=(409,),
)
async def cast_ballot(request: Request, body: Body[Ballot]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    round_id = request.path_params["round_id"]
    return JSONResponse(await c.voting.cast(workshop_id, me, round_id, (await body()).fields()))


@ops.post(
    f"{WORKSHOP}/rounds/{{round_id}}/close",
    summary="Close the round atomically and return its results (facilitator)",
    ok=ref("Round"),
    ok_description="closed, with results",
    errors=(409,),
)
async def close_round(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.voting.close(workshop_id, me, request.path_params["round_id"]))


@ops.post(
    f"{WORKSHOP}/decisions",
    summary="Record a decision: consensus (a consent check without objections) or majority (a closed round's winner)",
    description="`alternative_id` must be an option of the closed round `round_id` (else 422).",
    body=NewDecision,
    ok=ref("Decision"),
    status=201,
    ok_description="recorded; a preliminary commitment is created",
    errors=(409,),
)
async def record_decision(request: Request, body: Body[NewDecision]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    data = (await body()).fields()
    return JSONResponse(await c.voting.decide(workshop_id, me, data), status_code=201)


@ops.get(f"{WORKSHOP}/decisions", summary="The append-only decision record", ok=listing("decisions", ref("Decision")))
async def list_decisions(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    return JSONResponse({"decisions": await c.voting.decisions(workshop_id)})


@ops.get(
    f"{WORKSHOP}/commitments",
    summary="The workshop's commitments with their sheets and status",
    ok=listing("commitments", ref("Commitment")),
)
async def list_commitments(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    return JSONResponse({"commitments": await c.commitments.list(workshop_id)})


@ops.put(
    f"{WORKSHOP}/commitments/{{commitment_id}}",
    summary="Change fields of the commitment sheet (until it is definitive)",
    description="Validated, then written into the commitment's `sheet-<commitment_id>` Yjs document "
    "(docs/realtime.md), where the browser edits it live.",
    body=SheetChange,
    ok=ref("Commitment"),
    errors=(409,),
)
async def update_commitment(request: Request, body: Body[SheetChange]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    commitment_id = request.path_params["commitment_id"]
    return JSONResponse(await c.commitments.update(workshop_id, me, commitment_id, (await body()).fields()))


@ops.post(
    f"{WORKSHOP}/commitments/{{commitment_id}}/status",
    summary="preliminar → en_revision → definitivo (facilitator)",
    description="One step at a time (409 otherwise); «definitivo» needs a complete sheet (422 naming the "
    "first field missing).",
    body=StatusChange,
    ok=ref("Commitment"),
    errors=(409,),
)
async def advance_commitment(request: Request, body: Body[StatusChange]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    commitment_id = request.path_params["commitment_id"]
    return JSONResponse(await c.commitments.advance(workshop_id, me, commitment_id, (await body()).fields()))


# The model names every field of the sheet.
assert set(SheetChange.model_fields) == {*SHEET_TEXT_FIELDS, "ogp_values", "sdgs"}

routes = ops.routes
