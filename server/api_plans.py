"""HTTP routes of the Plan de Acción: creating and importing plans, their
details, commitments, order, the institution's template and the audit log
(docs/plans.md). Exports are in ``api_export.py``.

Plan routes authenticate a plan editor (``Authorization: Bearer`` with the
plan-editor token, or the browser's ``cocrea_p_<plan_id>`` cookie); writes
pass the same CSRF check as every other write (``api.check_origin``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated
from urllib.parse import quote

from pydantic import ConfigDict, Field, RootModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workshops.errors import ValidationError
from workshops.field_reader import SHORT_TEXT_MAX
from workshops.messages import _
from workshops.permissions import check_facilitator
from workshops.plan import MAX_SECRETARIAT, SECRETARIAT_SECTORS, Origin, PlanType

from .api import check_origin, cocrea, set_slot_cookie
from .auth import PLAN_COOKIE_PREFIX, plan_slot, plan_token_from, token_from
from .auth import workshop_token_beside_plan as workshop_token
from .contract import Body, IsoDate, Model, OneOf, Operations, TextRule, ref, validate, without_defaults
from .errors import ApiError
from .openapi_plans import (
    CREATED,
    CREATED_SCHEMA,
    DOCX_TYPE,
    EDIT_CONFLICT,
    EDITOR_NOTE,
    OLD_SCHEMA_URL,
    PLAN_DOCUMENT,
    PLAN_SCHEMA,
    SCHEMA_URL,
)
from .plans import DOCX_MEDIA_TYPES, MAX_TEMPLATE_BYTES, Editor

if TYPE_CHECKING:
    from workshops.plan import Plan
    from workshops.workshop import Participant

    from .app import Cocrea

MAX_IMPORT_BYTES = 32 * 1024 * 1024
ASCII_NAME_MAX = 120
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/]')


def attachment(filename: str) -> str:
    """``Content-Disposition`` for a download: a safe ASCII name for old
    clients and the real one (accents included) as ``filename*`` (RFC 6266)."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    slug = _NOT_SLUG.sub("-", plain).strip("-")[:ASCII_NAME_MAX].strip("-") or "documento"
    ext = _NOT_SLUG.sub("", extension.lower())
    ascii_name = f"{slug}.{ext}" if ext else slug
    real = _UNSAFE.sub("_", unicodedata.normalize("NFC", filename)).strip() or ascii_name
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(real, safe='')}"


async def editor(request: Request, *, write: bool = False) -> tuple[Cocrea, Editor]:
    """The app and the caller, who must edit the plan of the path; writes
    also pass the CSRF check."""
    if write:
        check_origin(request)
    plan_id = request.path_params["plan_id"]
    c = cocrea(request)
    return c, await c.plans.authenticate(plan_id, plan_token_from(request, plan_id))


async def facilitator_of(request: Request, workshop_id: object, token: str | None) -> Participant:
    """The caller's session in ``workshop_id`` (the role is checked by the service)."""
    if not isinstance(workshop_id, str) or not workshop_id:
        raise ApiError(422, "validation_error", "Indica la mesa («workshop_id»).", field="workshop_id")
    return await cocrea(request).services.authenticate(workshop_id, token)


def set_plan_cookie(request: Request, response: Response, plan_id: str, token: str) -> None:
    set_slot_cookie(request, response, plan_slot(plan_id), token)


def editor_url(request: Request, editor: Editor) -> str:
    return cocrea(request).public_url(request, f"/planes/{editor.plan_id}?clave={editor.token}")


def created(request: Request, plan: Plan, editor: Editor) -> Response:
    """201 with the plan and the editor link; this browser becomes an editor."""
    body = {
        "plan": cocrea(request).plans.plan_json(plan) | {"template": None},
        "editor_url": editor_url(request, editor),
    }
    response = JSONResponse(body, status_code=201)
    set_plan_cookie(request, response, plan.id, editor.token)
    return response


async def plan_body(request: Request, c: Cocrea, e: Editor, status: int = 200) -> Response:
    return JSONResponse(await c.plans.view(e.plan_id) | {"editor_url": editor_url(request, e)}, status_code=status)


ops = Operations()

# ------------------------------------------------------------------ models
# The plan's details as workshops/plan_serialization.py reads them (docs/plans.md).

PlanText = Annotated[str, TextRule(SHORT_TEXT_MAX, required=False)]
Day = Annotated[str | None, IsoDate()]


class Member(Model):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, TextRule(SHORT_TEXT_MAX)]
    organization: PlanText = ""
    sector: Annotated[
        str, OneOf(SECRETARIAT_SECTORS, _("Sector desconocido; usa {list}.", list=", ".join(SECRETARIAT_SECTORS)))
    ]


class PlanChange(Model):
    """Any subset of the plan's details; the term must not end before it starts (422)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=without_defaults)
    title: PlanText = ""
    entity: Annotated[str, TextRule(SHORT_TEXT_MAX)] = ""
    type: Annotated[str, OneOf(tuple(PlanType))] = str(PlanType.LOCAL)
    guarantor: PlanText = ""
    start: Annotated[str, IsoDate(nullable=False)] = ""
    end: Day = Field(default=None, description="default: one year after start")
    approved_on: Day = None
    secretariat: Annotated[list[Member], Field(max_length=MAX_SECRETARIAT)] = Field(default_factory=list)


class BaseMember(Model):
    model_config = ConfigDict(extra="forbid")
    name: str
    organization: str = ""
    sector: str


class PlanBase(Model):
    """The value each changed field had when the editor started, as
    ``GET /api/plans/{plan_id}`` gave it; compared with what is stored, never
    stored itself."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=without_defaults)
    title: str = ""
    entity: str = ""
    type: str = ""
    guarantor: str = ""
    start: str = ""
    end: str | None = None
    approved_on: str | None = None
    secretariat: list[BaseMember] = Field(default_factory=list)


class PlanEdit(Model):
    """Some of the plan's details (``changes``), each with the value its
    editor started from (``base``, the same keys): refused (409) when
    someone else changed one of them since."""

    model_config = ConfigDict(extra="forbid")
    changes: PlanChange
    base: PlanBase


class PlanUpdate(RootModel[PlanEdit | PlanChange]):
    """The plan's details to change: `{changes, base}` (what the editor page
    sends: refused when someone else changed a field since), or the earlier
    shape, the fields themselves, set whatever they hold now. A body naming
    `changes` or `base` is the first."""


class NewPlan(PlanChange):
    """A plan of the workshop ``workshop_id``, whose facilitator the caller is."""

    workshop_id: str = Field(min_length=1)
    entity: Annotated[str, TextRule(SHORT_TEXT_MAX)]
    type: Annotated[str, OneOf(tuple(PlanType))]
    start: Annotated[str, IsoDate(nullable=False)]


ORIGINS = tuple(str(o) for o in Origin)
OriginName = Annotated[str, OneOf(ORIGINS, "El tipo del compromiso es «proactivo» o «co_creado».")]


class Attachment(Model):
    model_config = ConfigDict(extra="forbid")
    workshop_id: str = Field(min_length=1)
    commitment_id: str = Field(min_length=1)
    origin: OriginName | None = Field(default=None, description="default co_creado; a refreshed one keeps its own")


class OriginChange(Model):
    model_config = ConfigDict(extra="forbid")
    origin: OriginName


class Order(Model):
    order: list[str] = Field(
        description="every commitment id of the plan, once each, in the new order",
        json_schema_extra={"uniqueItems": True},
    )
    base: list[str] | None = Field(
        default=None,
        description="the order the editor saw; if the stored order differs (and is not already `order`), "
        "409 edit_conflict with conflicts.order, the stored order",
    )


PLAN_LISTED = {
    "type": "object",
    "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "entity": {"type": "string"}},
}


# -------------------------------------------------------------- operations

PLAN = "/api/plans/{plan_id}"
CHANGES = "changes."


@ops.post(
    "/api/plans",
    summary="Create a Plan de Acción (a facilitator of the workshop named in the body)",
    description="The caller's workshop session (Bearer, or the cookie cocrea_s_{workshop_id}) must be "
    "a facilitator's. The plan belongs to no workshop: the answer's editor link (and cookie) make its editors. "
    "`end` may not come before `start` (422).",
    body=NewPlan,
    ok=CREATED_SCHEMA,
    ok_description=CREATED["description"],
    status=201,
)
async def create_plan(request: Request, body: Body[NewPlan]) -> Response:
    check_origin(request)
    # Who may create it depends on the workshop named in the body: 401/403 before the details' 422.
    workshop_id = (await body.json()).get("workshop_id")
    me = await facilitator_of(request, workshop_id, token_from(request, str(workshop_id)))
    check_facilitator(me.role, _("crea un Plan de Acción"))
    plan, e = await cocrea(request).plans.create(me, (await body()).fields())
    return created(request, plan, e)


@ops.get(
    "/api/plans/mine",
    summary="The plans this browser edits (from its cocrea_p_* cookies)",
    ok={"type": "array", "items": PLAN_LISTED},
    ok_description="[{id, title, entity}], by title",
    auth=False,
)
async def my_plans(request: Request) -> Response:
    tokens = {
        name[len(PLAN_COOKIE_PREFIX) :]: value
        for name, value in request.cookies.items()
        if name.startswith(PLAN_COOKIE_PREFIX)
    }
    return JSONResponse(await cocrea(request).plans.editable(tokens))


@ops.post(
    "/api/plans/import",
    summary="Import a plan from its JSON document (a facilitator of ?workshop_id=)",
    description=f"The body is a `cocrea.plan/3` document ({SCHEMA_URL}), at most 32 MiB, as "
    "GET /api/plans/{plan_id}/export/json writes it; the plan keeps its id (taken: 409), its activities' and "
    "indicators' ids, and exports back byte for byte. A `cocrea.plan/2` file imports too (ids derived from the "
    f"commitment and position), and a `cocrea.plan/1` file ({OLD_SCHEMA_URL}), its trees as text only.",
    extra={
        "parameters": [
            {"name": "workshop_id", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1}}
        ],
        "requestBody": {"content": {"application/json": {"schema": {"$ref": SCHEMA_URL}}}},
    },
    ok=CREATED_SCHEMA,
    ok_description=CREATED["description"],
    status=201,
    errors=(409, 413, 422),
)
async def import_plan(request: Request) -> Response:
    check_origin(request)
    workshop_id = request.query_params.get("workshop_id")
    me = await facilitator_of(request, workshop_id, token_from(request, str(workshop_id)))
    body = await request.body()
    if len(body) > MAX_IMPORT_BYTES:
        raise ApiError(
            413,
            "too_large",
            _("El archivo supera {max_import_bytes} MB.", max_import_bytes=MAX_IMPORT_BYTES // (1024 * 1024)),
        )
    plan, e = await cocrea(request).plans.import_plan(me, body)
    return created(request, plan, e)


@ops.get(PLAN, summary="The plan with its issues and template", description="The plan." + EDITOR_NOTE, ok=PLAN_SCHEMA)
async def get_plan(request: Request) -> Response:
    c, e = await editor(request)
    return await plan_body(request, c, e)


@ops.put(
    PLAN,
    summary="Change some of the plan's details, from the values its editor started from",
    description='`{"changes": {field: new value}, "base": {field: value when the editor started}}`, the '
    "same fields in both: a field someone else changed since is refused (409 `edit_conflict`, with "
    "`conflicts`: field → stored value) and nothing is written; a field already holding the new value is no "
    "conflict; fields not sent stay as they are, so two editors of different fields both keep theirs. A body "
    "without `changes`/`base` (the earlier shape) sets its fields unconditionally. The term may not end before "
    "it starts (422). A 422 about a changed value names the plan's field (`start`, `secretariat.0.name`); one "
    "about the base, `base.<field>`." + EDITOR_NOTE,
    body=PlanUpdate,
    ok=PLAN_SCHEMA,
    ok_description=PLAN_DOCUMENT["description"],
    errors=(409,),
    extra={"responses": {"409": EDIT_CONFLICT}},
)
async def update_plan(request: Request, body: Body[PlanUpdate]) -> Response:
    c, e = await editor(request, write=True)
    sent = await body.json()
    if "changes" in sent or "base" in sent:
        with changes_named_as_fields():
            edit = validate(PlanEdit, sent)
        await c.plans.update(e, edit.changes.fields(), base=edit.base.fields())
    else:
        await c.plans.update(e, validate(PlanChange, sent).fields())
    return await plan_body(request, c, e)


@contextmanager
def changes_named_as_fields() -> Iterator[None]:
    """A refused value inside ``changes`` names the plan's field, as the
    earlier shape and the domain's own checks do (``changes.start`` → ``start``),
    so a form finds the input it belongs to."""
    try:
        yield
    except ValidationError as exc:
        if exc.field and exc.field.startswith(CHANGES):
            raise ValidationError(exc.message, field=exc.field[len(CHANGES) :]) from None
        raise


@ops.get(
    f"{PLAN}/events",
    summary="The plan's audit log: every change, who (editor id) and when",
    ok={"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "items": ref("Event")}}},
)
async def plan_events(request: Request) -> Response:
    c, e = await editor(request)
    return JSONResponse({"events": await c.plans.events(e.plan_id)})


@ops.post(
    f"{PLAN}/commitments",
    summary="Take a workshop's commitment into the plan as a snapshot; again: refresh it in its place",
    description="Snapshot: the sheet, the hoja de ruta (agreed, else the draft), the problem tree as "
    "text, the decision summary, the mesa, attendance by sector (counts and organizations, never names) "
    "and the minutes written from the workshop's log. Besides the plan editor, the caller must be the "
    "workshop's facilitator: header X-Workshop-Token with that session's token, or its cookie "
    "cocrea_s_{workshop_id}. 201 when added, 200 when refreshed." + EDITOR_NOTE,
    body=Attachment,
    ok=PLAN_SCHEMA,
    status=201,
    ok_description=PLAN_DOCUMENT["description"],
    extra={"responses": {"200": PLAN_DOCUMENT}},
)
async def attach_commitment(request: Request, body: Body[Attachment]) -> Response:
    c, e = await editor(request, write=True)
    workshop_id = (await body.json()).get("workshop_id")
    me = await facilitator_of(request, workshop_id, workshop_token(request, str(workshop_id)))
    _plan, added = await c.plans.attach(e, me, (await body()).fields())
    return await plan_body(request, c, e, status=201 if added else 200)


@ops.put(
    f"{PLAN}/commitments/{{commitment_id}}",
    summary="Mark a commitment proactivo or co_creado",
    description="Mark a commitment proactivo or co_creado." + EDITOR_NOTE,
    body=OriginChange,
    ok=PLAN_SCHEMA,
    ok_description=PLAN_DOCUMENT["description"],
)
async def set_origin(request: Request, body: Body[OriginChange]) -> Response:
    c, e = await editor(request, write=True)
    await c.plans.set_origin(e, request.path_params["commitment_id"], (await body()).fields())
    return await plan_body(request, c, e)


@ops.delete(
    f"{PLAN}/commitments/{{commitment_id}}",
    summary="Take a commitment out of the plan",
    description="Take a commitment out of the plan." + EDITOR_NOTE,
    ok=PLAN_SCHEMA,
    ok_description=PLAN_DOCUMENT["description"],
)
async def detach_commitment(request: Request) -> Response:
    c, e = await editor(request, write=True)
    await c.plans.detach(e, request.path_params["commitment_id"])
    return await plan_body(request, c, e)


@ops.put(
    f"{PLAN}/order",
    summary="Reorder the commitments (every one of them once)",
    description="`order` names every commitment of the plan exactly once (else 422). With `base`, the order "
    "the editor saw: someone else's move since answers 409 `edit_conflict` and nothing changes." + EDITOR_NOTE,
    body=Order,
    ok=PLAN_SCHEMA,
    ok_description=PLAN_DOCUMENT["description"],
    errors=(409,),
    extra={"responses": {"409": EDIT_CONFLICT}},
)
async def reorder(request: Request, body: Body[Order]) -> Response:
    c, e = await editor(request, write=True)
    await c.plans.reorder(e, (await body()).fields())
    return await plan_body(request, c, e)


@ops.put(
    f"{PLAN}/template",
    summary="Upload the institution's DOCX template (letterhead, styles) for the DOCX export",
    description="Raw .docx body, at most 5 MB, Content-Type " + DOCX_TYPE + "; ?filename= names it. "
    "A file that is not a usable DOCX answers 422 (field template) and nothing is stored." + EDITOR_NOTE,
    query={"filename": {"type": "string"}},
    extra={"requestBody": {"content": {DOCX_TYPE: {"schema": {"type": "string", "format": "binary"}}}}},
    ok={
        "type": "object",
        "required": ["template"],
        "properties": {
            "template": {
                "type": "object",
                "required": ["filename", "uploaded_at"],
                "properties": {
                    "filename": {"type": "string"},
                    "uploaded_at": {"type": "string", "format": "date-time"},
                },
            }
        },
    },
    ok_description="stored",
    errors=(413, 415, 422),
)
async def put_template(request: Request) -> Response:
    c, e = await editor(request, write=True)
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in DOCX_MEDIA_TYPES:
        raise ApiError(
            415,
            "unsupported_media_type",
            _(
                "La plantilla se envía como documento de Word (.docx), con Content-Type «{docx_media_types}».",
                docx_media_types=DOCX_MEDIA_TYPES[0],
            ),
        )
    data = await read_limited(request)
    info = await c.plans.put_template(e, request.query_params.get("filename"), data)
    return JSONResponse({"template": info})


async def read_limited(request: Request) -> bytes:
    """The body, refused (413) as soon as it passes the template's limit."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_TEMPLATE_BYTES:
            raise ApiError(
                413,
                "too_large",
                _(
                    "La plantilla supera {max_template_bytes} MB.",
                    max_template_bytes=MAX_TEMPLATE_BYTES // (1024 * 1024),
                ),
            )
        chunks.append(chunk)
    return b"".join(chunks)


@ops.delete(
    f"{PLAN}/template",
    summary="Remove the plan's template",
    ok={"type": "object", "required": ["template"], "properties": {"template": {"type": "null"}}},
    ok_description="removed",
)
async def delete_template(request: Request) -> Response:
    c, e = await editor(request, write=True)
    await c.plans.delete_template(e)
    return JSONResponse({"template": None})


@ops.get(f"{PLAN}/template", summary="Download the plan's template", ok=DOCX_TYPE, ok_description="the template")
async def get_template(request: Request) -> Response:
    c, e = await editor(request)
    template = await c.plans.get_template(e.plan_id)
    headers = {"Content-Disposition": attachment(template.filename), "Cache-Control": "no-store"}
    return Response(template.data, media_type=DOCX_MEDIA_TYPES[0], headers=headers)


routes = ops.routes
