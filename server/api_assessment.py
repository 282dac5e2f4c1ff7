"""HTTP routes of the feasibility and viability review: the workshop's
criteria and the mesa's assessment of each alternative (docs/voting.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workshops.assessment import CRITERIA_MAX, CRITERIA_MIN, CRITERION_ID_MAX, CRITERION_LABEL_MAX, NOTE_MAX, Level
from workshops.messages import _, listing

from .api import member
from .contract import Body, Model, OneOf, Operations, TextRule, WholeNumber
from .openapi_assessment import CRITERIA, REVIEW

ops = Operations()

# ------------------------------------------------------------------ models


# A form's write of what it loaded carries its revision (workshops/revision.py).
BaseRevision = Annotated[int, Field(ge=0), WholeNumber()] | None
STALE = "another one is 409 edit_conflict and changes nothing (docs/api.md «Stale writes»)"


class Criterion(Model):
    id: Annotated[str, Field(pattern=f"^[a-z0-9][a-z0-9_-]{{0,{CRITERION_ID_MAX - 1}}}$")] | None = Field(
        default=None, description="kept criteria keep their id; a new one gets one from its label"
    )
    label: Annotated[str, TextRule(CRITERION_LABEL_MAX)]


class Criteria(Model):
    criteria: Annotated[list[Criterion], Field(min_length=CRITERIA_MIN, max_length=CRITERIA_MAX)]
    default: bool | None = Field(default=None, description="still the default criteria (answers only; ignored)")
    base_revision: BaseRevision = Field(default=None, description="the `revision` the list was edited from; " + STALE)


LEVELS = tuple(str(level) for level in Level)


class AssessmentChange(Model):
    criterion: str = Field(description="the id of one of the review's criteria")
    level: (
        Annotated[str, OneOf(LEVELS, _("El nivel es {names} o null.", names=listing(LEVELS, quoted=True)))] | None
    ) = Field(default=None, description="null clears the cell")
    note: Annotated[str, TextRule(NOTE_MAX, required=False, multiline=True)] = ""
    base_revision: BaseRevision = Field(
        default=None, description="the cell's `revision` the form was opened at (0: empty); " + STALE
    )


class Assessed(BaseModel):
    alternative_id: str
    criterion: str
    criterion_label: str | None = None
    level: str | None
    note: str | None = None
    recorded: bool
    summary: dict[str, object]
    updated_at: dt.datetime | None = None
    updated_by: str | None = None
    revision: int = 0


# -------------------------------------------------------------- operations

WORKSHOP = "/api/workshops/{workshop_id}"


@ops.get(
    f"{WORKSHOP}/assessment/criteria",
    summary="The criteria of the feasibility and viability review (the defaults until edited)",
    ok=CRITERIA,
)
async def get_criteria(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    return JSONResponse(await c.assessment.criteria_json(workshop_id))


@ops.put(
    f"{WORKSHOP}/assessment/criteria",
    summary="Replace the review's criteria: add, rename, remove (facilitator; any phase but «cierre»)",
    description="Removing a criterion that has assessments keeps them in the record and hides them "
    "from the review (counted in «retired»); restoring its id shows them again. Two criteria may not "
    "share an id, nor a label (ignoring case): 422. With `base_revision`, a change edited from an older "
    "revision is refused (409 edit_conflict).",
    body=Criteria,
    ok=CRITERIA,
    ok_description="saved",
    errors=(409,),
)
async def put_criteria(request: Request, body: Body[Criteria]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.assessment.set_criteria(workshop_id, me, (await body()).fields()))


@ops.get(
    f"{WORKSHOP}/assessment",
    summary="The review: alternatives × criteria, each cell a level and a note, with a summary",
    ok=REVIEW,
)
async def get_review(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    return JSONResponse(await c.assessment.view(workshop_id))


@ops.put(
    f"{WORKSHOP}/alternatives/{{alternative_id}}/assessment",
    summary="Record the mesa's assessment of an alternative on one criterion "
    "(facilitator; «alternativas», «votacion», «hoja_de_ruta»)",
    description="Each change is an «alternative_assessed» event with who and when; the same level "
    "and note again change nothing («recorded»: false). A null level clears the cell. With "
    "`base_revision`, a change from a form opened at an older revision of the cell is refused "
    "(409 edit_conflict).",
    body=AssessmentChange,
    ok=Assessed,
    ok_description="recorded, with the alternative's summary",
    errors=(409,),
)
async def put_assessment(request: Request, body: Body[AssessmentChange]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    alternative_id = request.path_params["alternative_id"]
    data = (await body()).fields()
    return JSONResponse(await c.assessment.assess(workshop_id, me, alternative_id, data))


routes = ops.routes
