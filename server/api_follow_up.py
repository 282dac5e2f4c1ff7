"""HTTP routes of a plan's follow-up (server/follow_up.py, its links
server/follow_up_link.py, docs/follow-up.md): publishing, reporter and
verifier links, activity updates with evidence files, verifications,
measurements, reviews, the private follow-up view and the evidence
downloads.

Callers: the plan's editor (plan-editor token as Bearer, or the cookie
``cocrea_p_{plan_id}``) or the holder of a follow-up link (its token as
Bearer). Writes pass the same CSRF check as every other write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import ConfigDict, Field
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workshops.field_reader import SHORT_TEXT_MAX
from workshops.follow_up import ActivityStatus, FollowUpRole, ReviewKind
from workshops.messages import _

from .api import check_origin, cocrea, read_json
from .api_plans import attachment
from .auth import follow_up_cookie_name, plan_token_from
from .contract import Body, Model, OneOf, Operations, TextRule, email_pattern
from .errors import ApiError
from .evidence import MAX_FILE_BYTES, MAX_FILES, MIB
from .follow_up import EvidenceFile, FollowUp
from .follow_up_link import LINK_PAGE, Actor
from .follow_up_state import PUBLIC_PAGE

if TYPE_CHECKING:
    from .app import Cocrea

ops = Operations()

PLAN = "/api/plans/{plan_id}"
COMMITMENT = f"{PLAN}/commitments/{{commitment_id}}"
ACTIVITY = f"{COMMITMENT}/activities/{{activity_id}}"
UPDATES = f"{ACTIVITY}/updates"
FORM_FIELD_BYTES = 64 * 1024
CALLER_NOTE = (
    " Caller: {who}, with `Authorization: Bearer <token>` (a plan editor's, or the token of a follow-up link "
    "made by POST /api/plans/{{plan_id}}/commitments/{{commitment_id}}/reporters or /api/plans/{{plan_id}}/verifiers)."
)


def caller(who: str) -> str:
    return CALLER_NOTE.format(who=who)


def follow_up(request: Request) -> FollowUp:
    return cocrea(request).follow_up


async def actor(request: Request, *, write: bool = False) -> tuple[Cocrea, Actor]:
    if write:
        check_origin(request)
    plan_id = request.path_params["plan_id"]
    c = cocrea(request)
    return c, await c.follow_up.authenticate(plan_id, plan_token_from(request, plan_id))


# ------------------------------------------------------------------ models

Name = Annotated[str, TextRule(SHORT_TEXT_MAX)]
Organization = Annotated[str, TextRule(SHORT_TEXT_MAX, required=False)]
REPORTER_ROLES = (str(FollowUpRole.RESPONSABLE), str(FollowUpRole.CORRESPONSABLE))
REPORT_STATUSES = (str(ActivityStatus.SIN_INICIAR), str(ActivityStatus.INICIADA), str(ActivityStatus.POR_VERIFICAR))
DECISIONS = (str(ActivityStatus.VERIFICADA), str(ActivityStatus.DEVUELTA))
LINKS_DESCRIPTION = "evidence links, http:// or https:// only (shown as text, never as active links)"


EMAIL = Field(
    default="",
    max_length=254,
    json_schema_extra={"pattern": email_pattern()},
    description="optional: where the link's daily reminders go (COCREA_SMTP_URL)",
)


class NewReporter(Model):
    model_config = ConfigDict(extra="forbid")
    role: Annotated[str, OneOf(REPORTER_ROLES, "«role» es «responsable» o «corresponsable».")]
    name: Name
    organization: Organization = ""
    email: str = EMAIL


class NewVerifier(Model):
    model_config = ConfigDict(extra="forbid")
    name: Name
    organization: Organization = ""
    email: str = EMAIL


class ActivityUpdate(Model):
    """A reporter's update: sin_iniciar → iniciada → por_verificar (workshops/follow_up.py)."""

    model_config = ConfigDict(extra="forbid")
    status: str = Field(json_schema_extra={"enum": list(REPORT_STATUSES)})
    note: str = ""
    links: list[str] = Field(default_factory=list, max_length=10, description=LINKS_DESCRIPTION)


class Verification(Model):
    model_config = ConfigDict(extra="forbid")
    decision: Annotated[str, OneOf(DECISIONS, "«decision» debe ser «verificada» o «devuelta».")]
    reason: str = Field(default="", description="required when returning (devuelta)")


class NewMeasurement(Model):
    model_config = ConfigDict(extra="forbid")
    period: str = Field(
        description="AAAA or AAAA-MM, not in the future", json_schema_extra={"pattern": r"^\d{4}(-\d{2})?$"}
    )
    value: float
    note: str = ""
    evidence: str | list[str] | None = Field(default=None, description="a link or a list of links, http(s) only")


class NewReview(Model):
    model_config = ConfigDict(extra="forbid")
    kind: Annotated[str, OneOf(tuple(str(k) for k in ReviewKind))]
    commitments: list[dict[str, Any]] = Field(
        description="every commitment of the plan once: {commitment_id, completion (no_iniciado | limitado | "
        "sustancial | completo), opened_government (empeoro | no_cambio | marginal | mayor | sobresaliente), "
        "quality, relevance, notes}"
    )


STR = {"type": "string"}
EVIDENCE = {
    "type": "object",
    "required": ["id", "name", "media_type", "size", "sha256", "url"],
    "properties": {
        "id": STR,
        "name": STR,
        "media_type": STR,
        "size": {"type": "integer"},
        "sha256": STR,
        "url": STR,
    },
}
UPDATE = {
    "type": "object",
    "required": ["id", "status", "note", "links", "role", "at", "evidence"],
    "properties": {
        "id": STR,
        "status": {"type": "string", "enum": [str(s) for s in ActivityStatus]},
        "note": STR,
        "links": {"type": "array", "items": STR},
        "role": STR,
        "at": {"type": "string", "format": "date-time"},
        "evidence": {"type": "array", "items": EVIDENCE},
    },
}
MEASUREMENT = {
    "type": "object",
    "required": ["id", "period", "value", "note", "links", "role", "at"],
    "properties": {
        "id": STR,
        "period": STR,
        "value": {"type": "number"},
        "note": STR,
        "links": {"type": "array", "items": STR},
        "role": STR,
        "at": {"type": "string", "format": "date-time"},
    },
}
REVIEW = {
    "type": "object",
    "required": ["kind", "role", "at", "commitments"],
    "properties": {
        "kind": STR,
        "role": STR,
        "at": {"type": "string", "format": "date-time"},
        "commitments": {"type": "array", "items": {"type": "object"}},
    },
}


def link_answer(key: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [key, "token", "link_id"],
        "properties": {
            key: {"type": "string", "description": "/planes/{plan_id}/seguimiento?clave=…"},
            "token": {"type": "string", "description": "works as Authorization: Bearer on the follow-up routes"},
            "link_id": STR,
        },
    }


# -------------------------------------------------------------- operations


@ops.post(
    f"{PLAN}/publish",
    summary="Publish the plan: its public page and open data (once; again answers the same)",
    description="Refused (422, with `issues`) while the plan has error-severity issues. A published plan stays "
    "public; its changes afterwards are listed in its public history." + caller("the plan's editor"),
    ok={
        "type": "object",
        "required": ["public_url", "published_at"],
        "properties": {"public_url": STR, "published_at": {"type": "string", "format": "date-time"}},
    },
    errors=(422,),
)
async def publish(request: Request) -> Response:
    c, me = await actor(request, write=True)
    at = await c.follow_up.publish(me)
    url = c.public_url(request, PUBLIC_PAGE.format(plan_id=me.plan_id))
    return JSONResponse({"public_url": url, "published_at": at.isoformat()})


@ops.post(
    f"{COMMITMENT}/reporters",
    summary="Make a private reporter link for a commitment's responsable or corresponsable",
    description="The link's holder reports the activities and measures the indicators of this commitment only."
    + caller("the plan's editor"),
    body=NewReporter,
    status=201,
    ok=link_answer("reporter_url"),
    ok_description="Created",
)
async def new_reporter(request: Request, body: Body[NewReporter]) -> Response:
    c, me = await actor(request, write=True)
    data = (await body()).fields()
    commitment_id = request.path_params["commitment_id"]
    link_id, token = await c.follow_up.create_link(me, FollowUpRole(data["role"]), commitment_id, data)
    url = c.public_url(request, LINK_PAGE.format(plan_id=me.plan_id, token=token))
    return JSONResponse({"reporter_url": url, "token": token, "link_id": link_id}, status_code=201)


@ops.post(
    f"{PLAN}/verifiers",
    summary="Make a private verifier link (the organismo garante) for the plan",
    description="The link's holder verifies or returns activities and records the reviews."
    + caller("the plan's editor"),
    body=NewVerifier,
    status=201,
    ok=link_answer("verifier_url"),
    ok_description="Created",
)
async def new_verifier(request: Request, body: Body[NewVerifier]) -> Response:
    c, me = await actor(request, write=True)
    data = (await body()).fields()
    link_id, token = await c.follow_up.create_link(me, FollowUpRole.VERIFIER, None, data)
    url = c.public_url(request, LINK_PAGE.format(plan_id=me.plan_id, token=token))
    return JSONResponse({"verifier_url": url, "token": token, "link_id": link_id}, status_code=201)


UPDATE_FORM = {
    "type": "object",
    "required": ["status"],
    "properties": {
        "status": {"type": "string", "enum": list(REPORT_STATUSES)},
        "note": STR,
        "links": {"type": "array", "items": STR},
        "evidence": {"type": "array", "maxItems": MAX_FILES, "items": {"type": "string", "format": "binary"}},
    },
}


@ops.post(
    UPDATES,
    summary="Report an activity: status, note, links and evidence files",
    description="JSON {status, note, links}, or multipart/form-data with the same fields (links repeated) and up "
    f"to {MAX_FILES} files `evidence`, each at most {MAX_FILE_BYTES // MIB} MB (413): PDF, images, office "
    "documents or CSV, the type read from the content, not the name (415 for other content, executables "
    "included; 422 type_mismatch when the content is not what the name says). Statuses: sin_iniciar → iniciada "
    "→ por_verificar; a verified activity takes no more reports (403)."
    + caller("a reporter of this commitment or the plan's editor"),
    status=201,
    ok=UPDATE,
    ok_description="Recorded",
    errors=(400, 413, 415, 422),
    extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": ActivityUpdate.model_json_schema()},
                "multipart/form-data": {"schema": UPDATE_FORM},
            },
        }
    },
)
async def post_update(request: Request) -> Response:
    c, me = await actor(request, write=True)
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    files: list[EvidenceFile] = []
    if media_type == "multipart/form-data":
        data, files = await read_form(request)
    else:
        from .contract import validate

        data = validate(ActivityUpdate, await read_json(request)).fields()
    p = request.path_params
    update = await c.follow_up.post_update(me, p["commitment_id"], p["activity_id"], data, files)
    return JSONResponse(update, status_code=201)


async def read_form(request: Request) -> tuple[dict[str, Any], list[EvidenceFile]]:
    """The multipart fields and files; each file refused (413) once past the limit."""
    try:
        form = await request.form(max_files=MAX_FILES, max_fields=20, max_part_size=FORM_FIELD_BYTES)
    except HTTPException as exc:
        raise ApiError(400, "bad_form", _("El formulario no se pudo leer: {detail}", detail=exc.detail)) from None
    try:
        data: dict[str, Any] = {}
        files = []
        for key in ("status", "note"):
            value = form.get(key)
            if value is not None:
                if not isinstance(value, str):
                    raise ApiError(422, "validation_error", _("«{key}» es texto.", key=key), field=key)
                data[key] = value
        links = form.getlist("links")
        if links:
            data["links"] = [v for v in links if isinstance(v, str)]
        for upload in form.getlist("evidence"):
            if not isinstance(upload, UploadFile):
                raise ApiError(422, "validation_error", "«evidence» son archivos.", field="evidence")
            content = await upload.read(MAX_FILE_BYTES + 1)
            name = upload.filename or "evidencia"
            if len(content) > MAX_FILE_BYTES:
                raise ApiError(
                    413,
                    "too_large",
                    _("«{filename}» pesa más de {mb} MB.", filename=name, mb=MAX_FILE_BYTES // MIB),
                    field="evidence",
                )
            files.append(EvidenceFile(name, content))
        return data, files
    finally:
        await form.close()


@ops.put(
    f"{ACTIVITY}/verification",
    summary="Verify an activity (verificada) or return it with a reason (devuelta)",
    description="Only an activity por_verificar is verified (else 422). Only verified activities count as done."
    + caller("the plan's verifier or editor (a reporter: 403)"),
    body=Verification,
    ok=UPDATE,
    ok_description="Recorded",
)
async def put_verification(request: Request, body: Body[Verification]) -> Response:
    c, me = await actor(request, write=True)
    data = (await body()).fields()
    p = request.path_params
    return JSONResponse(await c.follow_up.verify(me, p["commitment_id"], p["activity_id"], data))


@ops.post(
    f"{COMMITMENT}/indicators/{{indicator_id}}/measurements",
    summary="Record an indicator's value for a period",
    description="`value` a number, `period` AAAA or AAAA-MM and not in the future (422)."
    + caller("a reporter of this commitment or the plan's editor"),
    body=NewMeasurement,
    status=201,
    ok=MEASUREMENT,
    ok_description="Recorded",
)
async def post_measurement(request: Request, body: Body[NewMeasurement]) -> Response:
    c, me = await actor(request, write=True)
    data = (await body()).fields()
    p = request.path_params
    measurement = await c.follow_up.record_measurement(me, p["commitment_id"], p["indicator_id"], data)
    return JSONResponse(measurement, status_code=201)


@ops.post(
    f"{PLAN}/reviews",
    summary="Record the six-month monitoring or the final evaluation (public, frozen)",
    description="Of a published plan only (409 not_published); each kind once (409 again: it never changes); "
    "every commitment of the plan once (422)." + caller("the plan's verifier or editor"),
    body=NewReview,
    status=201,
    ok=REVIEW,
    ok_description="Recorded",
    errors=(409,),
)
async def post_review(request: Request, body: Body[NewReview]) -> Response:
    c, me = await actor(request, write=True)
    data = (await body()).fields()
    return JSONResponse(await c.follow_up.record_review(me, data), status_code=201)


@ops.get(
    f"{PLAN}/follow-up",
    summary="The caller's follow-up: statuses, what is due in the next 15 days, what is late",
    description="A reporter sees their commitment; the editor and the verifier, all of them; the editor also "
    "the links made (never their tokens)." + caller("the plan's editor, a reporter or the verifier"),
    ok={
        "type": "object",
        "required": ["role", "published", "commitments", "due_soon", "late"],
        "properties": {
            "role": STR,
            "commitment_id": {"type": ["string", "null"]},
            "published": {"type": "boolean"},
            "commitments": {"type": "array", "items": {"type": "object"}},
            "due_soon": {"type": "array", "items": {"type": "object"}},
            "late": {"type": "array", "items": {"type": "object"}},
        },
    },
)
async def get_follow_up(request: Request) -> Response:
    c, me = await actor(request)
    return JSONResponse(await c.follow_up.private_view(me), headers={"Cache-Control": "no-store"})


@ops.get(
    f"{PLAN}/evidence/{{file_id}}",
    summary="Download an evidence file (public once the plan is published)",
    description="An attachment, with the type read from its content and X-Content-Type-Options: nosniff. Before "
    "the plan is published only its editor and its links' holders get it (Bearer, the editor's cookie or the "
    "follow-up page's cookie cocrea_f_{plan_id}); anyone else: 404.",
    auth=False,
    ok={"*/*": {"schema": {"type": "string", "format": "binary"}}},
    ok_description="The file",
    errors=(404,),
)
async def get_evidence(request: Request) -> Response:
    plan_id = request.path_params["plan_id"]
    service = follow_up(request)
    # The follow-up page's link cookie too (server/pages.py): a plain download link sends no Bearer.
    token = plan_token_from(request, plan_id) or request.cookies.get(follow_up_cookie_name(plan_id))
    who = await service.actor_or_none(plan_id, token)
    data, item = await service.evidence(plan_id, request.path_params["file_id"], who)
    headers = {
        "Content-Disposition": attachment(item["name"]),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "no-store" if who is not None else "public, max-age=300",
        "X-Evidence-SHA256": item["sha256"],
    }
    return Response(data, media_type=item["media_type"], headers=headers)


routes = ops.routes
