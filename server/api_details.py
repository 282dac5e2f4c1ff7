"""The mesa's details corrected after its creation (facilitator only):
``PATCH /api/workshops/{workshop_id}``, declared once (server/contract.py).
The rules are the creation's (workshops/workshop_details.py); a stale change
is 409 ``edit_conflict`` naming the field and, in ``conflicts``, its value now."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workshops.messages import _
from workshops.permissions import check_facilitator
from workshops.workshop import ENTITY_MAX, PLACE_MAX, PROBLEM_STATEMENT_MAX, TITLE_MAX

from .api import WorkshopView, member, workshop_json
from .contract import Body, IsoDate, Model, Operations, TextRule, without_defaults

ops = Operations()

WORKSHOP = "/api/workshops/{workshop_id}"


class DetailValues(Model):
    """The new values: only the fields that change (any subset)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=without_defaults)
    title: Annotated[str, TextRule(TITLE_MAX)] = ""
    entity: Annotated[str, TextRule(ENTITY_MAX, name=True)] = ""
    problem_statement: Annotated[str, TextRule(PROBLEM_STATEMENT_MAX, required=False, multiline=True)] = ""
    date: Annotated[str | None, IsoDate()] = None
    place: Annotated[str, TextRule(PLACE_MAX, required=False)] = ""


class DetailBase(Model):
    """The value each changed field had when the editor read it (a date as
    ``AAAA-MM-DD``, "" or null without one)."""

    model_config = ConfigDict(json_schema_extra=without_defaults)
    title: str = ""
    entity: str = ""
    problem_statement: str = ""
    date: str | None = None
    place: str = ""


class DetailsChange(Model):
    changes: DetailValues
    base: DetailBase


@ops.patch(
    WORKSHOP,
    summary="Correct the mesa's details: title, entity, problem statement, date, place (facilitator only)",
    description="Send only the fields that change in `changes`, each with the value the editor started "
    "from in `base` (422 naming `base.<field>` when it is missing). The values follow the creation's rules "
    "and messages. When a field's value now is neither its `base` nor the new value (another tab saved "
    "first), nothing changes: 409 `edit_conflict` with `field` and `conflicts` (each such field: its value "
    "now). The change is logged as `workshop_details_changed` with each field's value before and after "
    "(the minutes tell it) and pushed on the live `phase` topic (docs/api.md, «The mesa's details»).",
    body=DetailsChange,
    ok=WorkshopView,
    errors=(409,),
)
async def edit_details(request: Request, body: Body[DetailsChange]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    await c.services.get_workshop(workshop_id)
    check_facilitator(me.role, _("corrige los datos de la mesa"))  # 403 before the body is looked at
    change = await body()
    workshop = await c.services.edit_details(workshop_id, me, change.fields())
    return JSONResponse(workshop_json(request, workshop))


routes = ops.routes
