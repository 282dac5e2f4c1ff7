"""The JSON HTTP API (contract: DESIGN.md §3, served at /openapi.json)."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar
from urllib.parse import urlsplit

import segno
from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from workshops.document_schema import ARTIFACTS
from workshops.errors import NotAllowedError, NotFoundError, WorkshopError
from workshops.messages import Message, _
from workshops.phases import PHASE_ORDER
from workshops.roles import JOINABLE_ROLES, Sector
from workshops.workshop import (
    ACCEPTANCES,
    ENTITY_MAX,
    NAME_MAX,
    ORGANIZATION_MAX,
    PLACE_MAX,
    PROBLEM_STATEMENT_MAX,
    TITLE_MAX,
    normalize_join_code,
    participant_summary,
    workshop_summary,
)

from .auth import (
    COOKIE_PREFIX,
    PLAN_COOKIE_PREFIX,
    Slot,
    cookie_max_age,
    has_bearer,
    token_from,
    workshop_slot,
)
from .contract import Accepted, Body, IsoDate, Model, OneOf, Operations, TextRule, ref
from .errors import ApiError, Forbidden, NotFound
from .revocation import revoke, revoked_ids

if TYPE_CHECKING:
    from workshops.workshop import Participant, Workshop

    from .app import Cocrea

MAX_JSON_BYTES = 64 * 1024


def cocrea(request: Request) -> Cocrea:
    return request.app.state.cocrea  # type: ignore[no-any-return]


async def read_json(request: Request, max_bytes: int = MAX_JSON_BYTES) -> dict[str, Any]:
    body = await request.body()
    if len(body) > max_bytes:
        raise ApiError(413, "too_large", _("El cuerpo supera {max_bytes} bytes.", max_bytes=max_bytes))
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, "bad_json", "El cuerpo no es JSON válido.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json", "Se esperaba un objeto JSON.")
    where = unencodable_text(data)
    if where is not None:
        raise ApiError(
            422,
            "validation_error",
            _("El campo «{where}» contiene caracteres Unicode no válidos.", where=where),
            field=where,
        )
    return data


def unencodable_text(value: object) -> str | None:
    """Where a JSON value holds a string that is not valid Unicode (a lone
    surrogate such as ``"\\ud800"``, which JSON allows and UTF-8 cannot
    store): the dotted path of the field (``"body"`` for the top level), or
    ``None``. Iterative: JSON nests deeper than Python recurses."""
    stack: list[tuple[object, str]] = [(value, "")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if _has_surrogate(item):
                return where or "body"
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                if _has_surrogate(key):
                    return where or "body"
                stack.append((child, f"{where}.{key}" if where else key))
        elif isinstance(item, list):
            stack.extend((child, f"{where}[{i}]") for i, child in reversed(list(enumerate(item))))
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def own_origins(request: Request) -> set[str]:
    """The origins our pages are served from: this request's own, the
    public URL's, and the configured extra ones."""
    c = cocrea(request)
    origins = {f"{request.url.scheme}://{request.headers.get('host', '')}", *c.allowed_origins}
    if c.settings.public_url:
        public = urlsplit(c.settings.public_url)
        origins.add(f"{public.scheme}://{public.netloc}")
    return origins


def has_session_cookie(request: Request) -> bool:
    return any(name.startswith((COOKIE_PREFIX, PLAN_COOKIE_PREFIX)) for name in request.cookies)


def check_origin(request: Request, *, cookie_auth: bool = True) -> None:
    """CSRF. A write authorised by a cookie must come from our own pages: an
    Origin that is ours (scheme included), or ``Sec-Fetch-Site: same-origin``;
    a request with neither is refused. Requests that only
    obtain a cookie (``cookie_auth=False``: joining, creating a workshop) are
    refused only when a browser says they are cross-site, so non-browser
    clients need no headers. A Bearer header is no cookie: never checked."""
    if has_bearer(request) or (cookie_auth and not has_session_cookie(request)):
        return  # not authorised by a cookie: nothing to forge (a 401 follows)
    if is_same_origin(request):
        return
    if not cookie_auth and "origin" not in request.headers and "sec-fetch-site" not in request.headers:
        return
    raise Forbidden("Origen no permitido.", code="bad_origin")


def is_same_origin(request: Request) -> bool:
    """The request comes from one of our pages, as its browser says."""
    origin = request.headers.get("origin")
    # A page under ``Referrer-Policy: no-referrer`` (ours) posts its forms
    # with ``Origin: null``; the browser's Sec-Fetch-Site still tells.
    return (origin is not None and origin in own_origins(request)) or request.headers.get(
        "sec-fetch-site"
    ) == "same-origin"


async def current_participant(request: Request, workshop_id: str) -> Participant:
    """The caller; a display link only reads (server/displays.py)."""
    reads = request.method in ("GET", "HEAD")
    return await cocrea(request).services.authenticate(workshop_id, token_from(request, workshop_id), display=reads)


async def member(request: Request, *, write: bool = False) -> tuple[Cocrea, str, Participant]:
    """The app, the workshop of the path, and the caller, who must belong to
    it; writes also pass the CSRF check."""
    if write:
        check_origin(request)
    workshop_id = request.path_params["workshop_id"]
    return cocrea(request), workshop_id, await current_participant(request, workshop_id)


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    """A session cookie (HttpOnly, SameSite=Lax, ``COCREA_SESSION_COOKIE_DAYS``)."""
    settings = cocrea(request).settings
    response.set_cookie(
        name,
        value,
        max_age=cookie_max_age(settings.session_cookie_days),
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


def set_slot_cookie(request: Request, response: Response, slot: Slot, token: str) -> None:
    """This browser's identity for a place (a workshop, a plan) becomes
    ``token``; a different one it held is kept as the previous one, so nobody
    silently loses who they were (pages.py offers «volver a ser …»)."""
    current = request.cookies.get(slot.cookie)
    if current and current != token:
        set_cookie(request, response, slot.previous, current)
    set_cookie(request, response, slot.cookie, token)


def set_session_cookie(request: Request, response: Response, workshop_id: str, token: str) -> None:
    set_slot_cookie(request, response, workshop_slot(workshop_id), token)


def workshop_json(request: Request, workshop: Workshop) -> dict[str, Any]:
    c = cocrea(request)
    return {
        **workshop_summary(workshop),
        "phase": str(workshop.phase),
        "locked": sorted(workshop.locked),
        "join_code": workshop.join_code,
        "join_url": c.public_url(request, f"/j/{workshop.join_code}"),
    }


ops = Operations()

# ------------------------------------------------------------------ models

Title = Annotated[str, TextRule(TITLE_MAX)]
PhaseName = Annotated[str, OneOf(tuple(str(p) for p in PHASE_ORDER))]


class NewWorkshop(Model):
    title: Title
    problem_statement: Annotated[str, TextRule(PROBLEM_STATEMENT_MAX, required=False, multiline=True)] = ""
    entity: Annotated[str, TextRule(ENTITY_MAX, name=True)]
    date: Annotated[str | None, IsoDate()] = None
    place: Annotated[str, TextRule(PLACE_MAX, required=False)] = ""
    facilitator_name: Annotated[str, TextRule(NAME_MAX, required=False, name=True)] = ""


@dataclass(frozen=True)
class JoinCode:
    """The workshop's join code (given as validation context): a wrong one is
    403 before any other field is looked at, and counts as a guess."""

    def check(self, value: object, info: core_schema.ValidationInfo) -> object:
        expected = (info.context or {}).get("join_code")
        if expected is not None and normalize_join_code(value) != expected:
            raise NotAllowedError("El código para unirse no es correcto.", field="join_code")
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_info_after_validator_function(self.check, handler(source))


ROLES = tuple(str(r) for r in JOINABLE_ROLES)


class Joining(Model):
    MISSING: ClassVar[dict[str, Message]] = ACCEPTANCES
    join_code: Annotated[str, JoinCode()]  # first: checked before the other fields
    name: Annotated[str, TextRule(NAME_MAX, name=True)]
    sector: Annotated[str, OneOf(tuple(Sector))]
    organization: Annotated[str, TextRule(ORGANIZATION_MAX, required=False, name=True)] = ""
    role: Annotated[
        str, OneOf(tuple(str(r) for r in JOINABLE_ROLES), "El rol debe ser «participant» u «observer».")
    ] = "participant"
    accept_privacy_notice: Annotated[bool, Accepted(ACCEPTANCES["accept_privacy_notice"])]
    accept_code_of_conduct: Annotated[bool, Accepted(ACCEPTANCES["accept_code_of_conduct"])]


class PhaseChange(Model):
    phase: PhaseName


class LockChange(Model):
    locked: bool


class WorkshopView(BaseModel):
    id: str
    title: str
    problem_statement: str
    entity: str
    date: dt.date | None
    place: str
    phase: PhaseName
    locked: list[str]
    join_code: str
    join_url: str


class WorkshopCreated(BaseModel):
    id: str
    facilitator_token: str
    join_code: str
    join_url: str
    facilitator_url: str
    room_url: str


class WorkshopFound(BaseModel):
    workshop_id: str
    title: str
    entity: str
    join_code: str


class Joined(BaseModel):
    participant_id: str
    token: str
    role: str
    room_url: str


class RevokedParticipant(BaseModel):
    id: str
    name: str
    revoked: bool


# -------------------------------------------------------------- operations

WORKSHOP = "/api/workshops/{workshop_id}"


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def openapi(request: Request) -> Response:
    from .openapi import OPENAPI  # built from every area's declarations, this one included

    return JSONResponse(OPENAPI)


@ops.post(
    "/api/workshops",
    summary="Create a workshop (mesa de cocreación)",
    body=NewWorkshop,
    ok=WorkshopCreated,
    status=201,
    ok_description="Created; also sets the facilitator's session cookie",
    auth=False,
)
async def create_workshop(request: Request, body: Body[NewWorkshop]) -> Response:
    check_origin(request, cookie_auth=False)
    c = cocrea(request)
    await c.rate_limits.check_creation(request)
    created = await c.services.create_workshop((await body()).fields())
    await c.rate_limits.created_workshop(request)
    w = created.workshop
    answer = {
        "id": w.id,
        "facilitator_token": created.token,
        "join_code": w.join_code,
        "join_url": c.public_url(request, f"/j/{w.join_code}"),
        "facilitator_url": c.public_url(request, f"/w/{w.id}?key={created.token}"),
        "room_url": c.public_url(request, f"/w/{w.id}"),
    }
    response = JSONResponse(answer, status_code=201)
    set_session_cookie(request, response, w.id, created.token)
    return response


@ops.get(
    WORKSHOP,
    summary="The workshop and the caller's identity",
    ok={"allOf": [{"$ref": "#/components/schemas/WorkshopView"}], "properties": {"me": ref("Participant")}},
)
async def get_workshop(request: Request) -> Response:
    c, workshop_id, me = await member(request)
    workshop = await c.services.get_workshop(workshop_id)
    return JSONResponse({**workshop_json(request, workshop), "me": participant_summary(me)})


@ops.get(
    "/api/join/{code}",
    summary="Find a workshop by its join code",
    ok=WorkshopFound,
    ok_description="The workshop's id and title",
    auth=False,
    errors=(404,),
)
async def find_by_code(request: Request) -> Response:
    c = cocrea(request)
    await c.rate_limits.check_join_guess(request)
    workshop = await c.services.find_by_code(request.path_params["code"])
    if workshop is None:
        await c.rate_limits.missed_join_code(request)
        raise NotFound("No hay ningún taller con ese código.")
    return JSONResponse(
        {
            "workshop_id": workshop.id,
            "title": workshop.title,
            "entity": workshop.entity,
            "join_code": workshop.join_code,
        }
    )


@ops.post(
    f"{WORKSHOP}/participants",
    summary="Join a workshop with its code",
    description="Both acceptances must be `true` (else 422 naming the field); the participant is "
    "stored with the time and the version of the privacy notice and the code of conduct accepted. "
    "A wrong `join_code` is 403.",
    body=Joining,
    ok=Joined,
    status=201,
    ok_description="Joined; also sets the session cookie",
    auth=False,
    errors=(403, 404),
)
async def join(request: Request, body: Body[Joining]) -> Response:
    check_origin(request, cookie_auth=False)
    workshop_id = request.path_params["workshop_id"]
    c = cocrea(request)
    await c.rate_limits.check_join_guess(request)
    try:
        workshop = await c.services.get_workshop(workshop_id)
        data = await body({"join_code": workshop.join_code})
        participant, token = await c.services.join(workshop_id, data.fields())
    except WorkshopError as exc:
        if exc.fields.get("field") == "join_code" or isinstance(exc, NotFoundError):
            await c.rate_limits.missed_join_code(request)
        raise
    answer = {
        "participant_id": participant.id,
        "token": token,
        "role": str(participant.role),
        "room_url": c.public_url(request, f"/w/{workshop_id}"),
    }
    response = JSONResponse(answer, status_code=201)
    set_session_cookie(request, response, workshop_id, token)
    return response


@ops.get(
    f"{WORKSHOP}/participants",
    summary="Who takes part (members only); `revoked` marks those whose access was revoked",
    ok={
        "type": "object",
        "required": ["participants"],
        "properties": {
            "participants": {"type": "array", "items": {"allOf": [ref("Participant")], "required": ["revoked"]}}
        },
    },
)
async def list_participants(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    people = await c.store.list_participants(workshop_id)
    revoked = await revoked_ids(c.services, workshop_id)
    return JSONResponse({"participants": [participant_summary(p) | {"revoked": p.id in revoked} for p in people]})


@ops.post(
    f"{WORKSHOP}/participants/{{participant_id}}/revoke",
    summary="Revoke a participant's access (facilitator only): their tokens stop working "
    "(401 `revoked`) and their open sockets close with 4401",
    ok=RevokedParticipant,
    ok_description="Revoked (also when it already was)",
    errors=(422,),
)
async def revoke_participant(request: Request) -> Response:
    """The facilitator ends every session of one participant (server/revocation.py)."""
    c, workshop_id, me = await member(request, write=True)
    person = await revoke(c.services, workshop_id, me, request.path_params["participant_id"])
    return JSONResponse(participant_summary(person) | {"revoked": True})


@ops.put(
    f"{WORKSHOP}/phase",
    summary="Move the workshop to a phase (facilitator only)",
    description="Leaving «alternativas»/«votacion» suspends an open voting round and leaving the "
    "tree phases an open silent ideation (events voting_suspended, ideation_suspended); coming back "
    "resumes them (docs/voting.md).",
    body=PhaseChange,
    ok=WorkshopView,
)
async def set_phase(request: Request, body: Body[PhaseChange]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    workshop = await c.services.set_phase(workshop_id, me, (await body()).phase)
    return JSONResponse(workshop_json(request, workshop))


@ops.put(
    f"{WORKSHOP}/locks/{{artifact}}",
    summary="Lock or unlock a document for participants (facilitator only)",
    params={"artifact": {"type": "string", "enum": list(ARTIFACTS)}},
    body=LockChange,
    ok=WorkshopView,
)
async def set_lock(request: Request, body: Body[LockChange]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    change = await body()
    workshop = await c.services.set_lock(workshop_id, me, request.path_params["artifact"], change.locked)
    return JSONResponse(workshop_json(request, workshop))


@ops.get(
    f"{WORKSHOP}/events",
    summary="The workshop's accountability log",
    ok={"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "items": ref("Event")}}},
)
async def list_events(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    events = await c.store.list_events(workshop_id)
    return JSONResponse(
        {
            "events": [
                {
                    "seq": e.seq,
                    "kind": e.kind,
                    "payload": e.payload,
                    "actor_id": e.actor_id,
                    "created_at": e.created_at.isoformat(),
                }
                for e in events
            ]
        }
    )


@ops.get(
    f"{WORKSHOP}/qr.svg", summary="QR code (SVG) of the join link", ok="image/svg+xml", ok_description="the QR code"
)
async def join_qr(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    workshop = await c.services.get_workshop(workshop_id)
    url = c.public_url(request, f"/j/{workshop.join_code}")
    buffer = io.BytesIO()
    # A standalone file (xmlns included), so it works as <img src>.
    segno.make(url, error="m").save(
        buffer, kind="svg", xmldecl=False, scale=8, border=2, title=f"Código QR para unirse: {url}"
    )
    return Response(buffer.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=3600"})


routes = [Route("/healthz", healthz), Route("/openapi.json", openapi), *ops.routes]
