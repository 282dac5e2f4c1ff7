"""HTTP routes of the hoja de ruta: the live draft with its issues, the
stateless check the form calls while people type, and the agreement
(docs/realtime.md, «The roadmap document»)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workshops.errors import ValidationError
from workshops.field_reader import ITEM_TEXT_MAX, LONG_TEXT_MAX, MAX_ITEMS, SHORT_TEXT_MAX
from workshops.roadmap import (
    MAX_ACTIVITIES,
    MAX_INDICATORS,
    MAX_ORGANIZATIONS,
    NUMBER_LIMIT,
    WEIGHT_TOTAL,
    YEAR_MAX,
    YEAR_MIN,
    Direction,
)

from .api import member
from .contract import Body, Model, OneOf, Operations, ParsedBy, TextRule
from .errors import ApiError
from .openapi_roadmap import AGREED, ISSUES, ROADMAP_VIEW
from .roadmap import draft_from_plain, parse_draft

# A full hoja de ruta (100 activities with long texts) is larger than an
# ordinary request body.
MAX_DRAFT_BYTES = 2 * 1024 * 1024

ops = Operations()

# ------------------------------------------------------------------ models
# The draft's shape, as workshops/roadmap.py reads it (every field optional;
# texts cleaned by clean_text; an item's `id` is the document's and ignored).

Short = Annotated[str | None, TextRule(SHORT_TEXT_MAX, required=False)]
Long = Annotated[str | None, TextRule(LONG_TEXT_MAX, required=False, multiline=True)]
Lines = Annotated[
    list[Annotated[str, TextRule(ITEM_TEXT_MAX, required=False, multiline=True)]],
    Field(
        max_length=MAX_ITEMS,
        description="One item per entry; the document keeps them as one Y.Text, one per line (blank lines "
        "ignored). A single string is accepted and split the same way.",
    ),
]
Day = Annotated[str | None, Field(json_schema_extra={"format": "date"}, description="AAAA-MM-DD; null when not set")]
Amount = Annotated[float, Field(ge=-NUMBER_LIMIT, le=NUMBER_LIMIT)] | None


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Item(Shape):
    id: str | None = Field(default=None, description="The document's item id; ignored here")


class Responsible(Shape):
    name: Short = None
    position: Short = None
    institution: Short = None


class Organization(Item):
    name: Short = None
    contact: Short = None


class Activity(Item):
    description: Long = None
    responsible: Short = None
    start: Day = None
    end: Day = None
    products: Lines | None = None
    verification: Lines | None = None
    weight: Annotated[float, Field(ge=0, le=WEIGHT_TOTAL, description="percent of the commitment")] | None = None


class Baseline(Shape):
    value: Amount = None
    year: Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)] | None = None


class Indicator(Item):
    name: Short = None
    definition: Long = None
    method: Long = None
    unit: Short = None
    frequency: Short = None
    baseline: Baseline | None = None
    goal: Amount = None
    direction: Annotated[str, OneOf(tuple(Direction))] | None = None
    verification: Lines | None = None


class RoadmapDraft(Shape):
    responsible: Responsible | None = None
    organizations: Annotated[list[Organization], Field(max_length=MAX_ORGANIZATIONS)] | None = None
    activities: Annotated[list[Activity], Field(max_length=MAX_ACTIVITIES)] | None = None
    result: Long = None
    products: Lines | None = None
    indicators: Annotated[list[Indicator], Field(max_length=MAX_INDICATORS)] | None = None
    verification: Lines | None = None
    start: Day = None
    end: Day = None


def _parse(value: object) -> Any:
    return parse_draft(draft_from_plain(value))


class RoadmapCheck(Model):
    roadmap: Annotated[dict[str, Any], ParsedBy(_parse, RoadmapDraft)]


# -------------------------------------------------------------- operations

WORKSHOP = "/api/workshops/{workshop_id}"


@ops.get(
    f"{WORKSHOP}/commitments/{{commitment_id}}/roadmap",
    summary="A commitment's hoja de ruta: the live draft, its issues and the last agreement (members)",
    description="The draft is read from the `roadmap` Yjs document (docs/realtime.md). A draft that "
    "does not parse (a wrong type somewhere) still answers 200: its parse error is the one issue, "
    "with rule `invalid`. `term` is one year from the draft's start date (null without one).",
    ok=ROADMAP_VIEW,
)
async def get_roadmap(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    return JSONResponse(await c.roadmaps.view(workshop_id, request.path_params["commitment_id"]))


@ops.post(
    f"{WORKSHOP}/roadmap/check",
    summary="Live validation of a draft hoja de ruta, as the form holds it (members; stores nothing)",
    description="A value of the wrong type, format or length is refused (422, `field` its path in the draft); "
    "the rules between fields (dates in order, weights that add up to 100…) are the answer's issues.",
    body=RoadmapCheck,
    max_bytes=MAX_DRAFT_BYTES,
    ok={"type": "object", "properties": {"issues": ISSUES}},
    ok_description="the issues (errors block the agreement; warnings do not)",
)
async def check_roadmap(request: Request, body: Body[RoadmapCheck]) -> Response:
    c, _, _ = await member(request, write=True)
    return JSONResponse(c.roadmaps.check((await body()).fields()))


@ops.post(
    f"{WORKSHOP}/commitments/{{commitment_id}}/roadmap/agree",
    summary="Record the mesa's agreement on the hoja de ruta (facilitator; phases «hoja_de_ruta», «cierre»)",
    description="Agrees the document as the server holds it (send a save barrier first, "
    "docs/realtime.md). Stored as a new record with a `roadmap_agreed` event. 422 while an error "
    "remains: `error.issues` lists them. 409 when this same content is already agreed.",
    ok={"type": "object", "properties": {"agreed": AGREED, "warnings": ISSUES}},
    ok_description="agreed",
    errors=(409, 422),
)
async def agree_roadmap(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    try:
        return JSONResponse(await c.roadmaps.agree(workshop_id, me, request.path_params["commitment_id"]))
    except ValidationError as exc:
        # The form marks every remaining problem at its field.
        raise ApiError(422, exc.code, exc.message, field=exc.field, issues=exc.fields.get("issues")) from None


routes = ops.routes
