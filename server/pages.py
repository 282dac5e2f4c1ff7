"""HTML pages: Jinja2 shells that the browser app (static/) fills in."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from exporters.plan_formats import PLAN_FORMATS
from workshops.document_schema import ARTIFACT_TREE
from workshops.errors import WorkshopError
from workshops.phases import PHASE_LABELS_ES, PHASE_ORDER
from workshops.roles import SECTOR_LABELS_ES, Role, Sector
from workshops.workshop import participant_summary, workshop_summary

from .api import cocrea, is_same_origin, set_cookie, set_slot_cookie, workshop_json
from .api_plans import editor_url
from .auth import (
    Slot,
    display_cookie_name,
    follow_up_cookie_name,
    plan_slot,
    plan_token_from,
    token_from,
    workshop_slot,
)
from .compression import DistFiles
from .errors import ApiError, Forbidden, domain_status
from .follow_up_state import follow_up_state
from .i18n import LANG_COOKIE, messages, request_language, translate
from .notices import code_of_conduct, privacy_notice
from .response_headers import PRIVATE_PREFIXES
from .services import server_state

if TYPE_CHECKING:
    pass

TEMPLATES_DIR = Path(__file__).parent / "templates"
DIST_DIR = Path(__file__).parent.parent / "static" / "dist"

env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]))


@cache
def _manifest(mtime: float) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DIST_DIR / "manifest.json").read_text(encoding="utf-8"))
    return data


def manifest() -> dict[str, Any]:
    """``dist/manifest.json`` (static/build.mjs): each logical asset name's
    content-hashed file, and the chunks each page imports statically."""
    path = DIST_DIR / "manifest.json"
    return _manifest(path.stat().st_mtime) if path.exists() else {"assets": {}, "preload": {}}


def asset(name: str) -> str:
    """The URL of a built asset by its logical name (``room.js``, ``style.css``):
    its content-hashed file, cached for a year by the browser."""
    return f"/static/dist/{manifest()['assets'].get(name, name)}"


def preloads(name: str) -> list[str]:
    """The URLs of the chunks that page script ``name`` imports at once: the
    page asks for them alongside the script, not after it has run."""
    return [f"/static/dist/{chunk}" for chunk in manifest()["preload"].get(name, [])]


def _labels(lang: str, prefix: str, ids: list[str], spanish: dict[Any, str]) -> list[dict[str, str]]:
    t = messages(lang)
    return [{"id": i, "label": t.get(f"{prefix}.{i}", spanish[i])} for i in ids]


def sectors(lang: str) -> list[dict[str, str]]:
    return _labels(lang, "sector", [str(s) for s in Sector], {str(k): v for k, v in SECTOR_LABELS_ES.items()})


def phases(lang: str) -> list[dict[str, str]]:
    return _labels(lang, "phase", [str(p) for p in PHASE_ORDER], {str(k): v for k, v in PHASE_LABELS_ES.items()})


def render(
    request: Request, template: str, bootstrap: dict[str, Any] | None, status: int = 200, **extra: Any
) -> Response:
    lang = request_language(request)
    t = messages(lang)
    if bootstrap is not None:
        # The messages come as their own cached script (base.html), not inline.
        extra["bootstrap"] = {"lang": lang, **bootstrap}
    html = env.get_template(template).render(lang=lang, t=t, asset=asset, preloads=preloads, request=request, **extra)
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=60 * 60 * 24 * 365, samesite="lax")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["Referrer-Policy"] = "no-referrer"
    # Never shown stale: the pages of a session are not stored at all
    # (ResponseHeaders: no-store), the others are revalidated every time.
    if not request.url.path.startswith(PRIVATE_PREFIXES):
        response.headers["Cache-Control"] = "no-cache"
    return response


def error_page(request: Request, status: int, code: str, message: str) -> Response:
    message = translate(message, request_language(request))
    return render(
        request,
        "error.html",
        {"error": {"code": code, "message": message}},
        status=status,
        error={"code": code, "message": message},
    )


async def home(request: Request) -> Response:
    lang = request_language(request)
    return render(request, "home.html", {"sectors": sectors(lang), "phases": phases(lang)})


async def join_page(request: Request) -> Response:
    c = cocrea(request)
    lang = request_language(request)
    try:
        await c.rate_limits.check_join_guess(request)
    except ApiError as exc:
        response = error_page(request, exc.status, exc.code, exc.message)
        response.headers.update(exc.headers)
        return response
    workshop = await c.services.find_by_code(request.path_params["code"])
    if workshop is None:
        await c.rate_limits.missed_join_code(request)
        return error_page(
            request,
            404,
            "unknown_code",
            messages(lang).get("error.unknown_code", "No hay ningún taller con ese código."),
        )
    return render(
        request,
        "join.html",
        {
            "workshop": workshop_summary(workshop),
            "join_code": workshop.join_code,
            "sectors": sectors(lang),
            "privacy_notice": privacy_notice(lang, c.settings.data_controller, c.settings.privacy_legal_basis),
            "code_of_conduct": code_of_conduct(lang),
        },
    )


@dataclass(frozen=True)
class Identity:
    """Who a token makes this browser in one place, as the pages name it."""

    id: str
    name: str
    role: str


@dataclass(frozen=True)
class Place:
    """A page that a private link opens: a workshop's room (``?key=``) or a
    plan's editor page (``?clave=``). ``texts`` prefixes its identity page's
    messages; ``who`` names a token's identity there (or raises)."""

    slot: Slot
    texts: str
    who: Callable[[str | None], Awaitable[Identity]]


def workshop_place(request: Request, workshop_id: str) -> Place:
    t = messages(request_language(request))

    async def who(token: str | None) -> Identity:
        person = await cocrea(request).services.authenticate(workshop_id, token)
        return Identity(person.id, person.name, t.get(f"role.{person.role}", str(person.role)))

    return Place(workshop_slot(workshop_id), "session.", who)


def plan_place(request: Request, plan_id: str) -> Place:
    t = messages(request_language(request))

    async def who(token: str | None) -> Identity:
        editor = await cocrea(request).plans.authenticate(plan_id, token)
        return Identity(editor.editor_id, editor.editor_id, t["session.plan_editor_role"])

    return Place(plan_slot(plan_id), "session.plan_", who)


async def identity_of(place: Place, token: str | None) -> Identity | None:
    """The identity a (cookie's) token names here, or ``None``."""
    if not token:
        return None
    try:
        return await place.who(token)
    except (ApiError, WorkshopError):
        return None


def failure_page(request: Request, exc: ApiError | WorkshopError) -> Response:
    if isinstance(exc, ApiError):
        return error_page(request, exc.status, exc.code, exc.message)
    return error_page(request, domain_status(exc), exc.code, exc.message)


async def open_private_link(request: Request, place: Place, key: str) -> Response:
    """Trade a private link's key for the place's cookie and drop it from the
    address bar (and from anything that logs URLs). A browser that is already
    someone else here is asked first: a link must not silently turn a
    facilitator (an editor) into whoever the link's sender is."""
    try:
        newcomer = await place.who(key)
    except (ApiError, WorkshopError) as exc:
        return failure_page(request, exc)
    current = await identity_of(place, request.cookies.get(place.slot.cookie))
    if current is not None and current.id != newcomer.id:
        return render(request, "identity.html", None, place=place, key=key, current=current, newcomer=newcomer)
    response = RedirectResponse(place.slot.home, status_code=303)
    set_slot_cookie(request, response, place.slot, key)
    return response


async def previous_identity(request: Request, place: Place, me: str) -> Identity | None:
    """The identity this browser held here before ``me`` (offered back), if any."""
    previous = await identity_of(place, request.cookies.get(place.slot.previous))
    return previous if previous is not None and previous.id != me else None


# A form post of a few fields; anything longer is not ours.
MAX_FORM_BYTES = 8 * 1024


async def switch_identity_in(request: Request, place: Place) -> Response:
    """``POST <page>/identity``: become the identity of ``key`` (the previous
    one is kept), or ``restore`` the previous one (they swap). Only from our
    own pages (CSRF: the same check as cookie writes)."""
    try:
        if not is_same_origin(request):
            raise Forbidden("Origen no permitido.", code="bad_origin")
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            raise ApiError(413, "too_large", "Formulario demasiado grande.")
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", errors="replace")).items()}
        restore = form.get("action") == "restore"
        key = request.cookies.get(place.slot.previous) if restore else form.get("key")
        await place.who(key)
    except (ApiError, WorkshopError) as exc:
        return failure_page(request, exc)
    response = RedirectResponse(place.slot.home, status_code=303)
    set_slot_cookie(request, response, place.slot, str(key))
    return response


def websocket_url(request: Request) -> str:
    """From ``COCREA_PUBLIC_URL`` when set; else from the (allowed) Host."""
    public = cocrea(request).settings.public_url.rstrip("/")
    if public:
        parts = urlsplit(public)
        return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}{parts.path}/ws"
    scheme = "wss" if request.url.scheme == "https" else "ws"
    return f"{scheme}://{request.headers.get('host', request.url.netloc)}/ws"


async def room_page(request: Request) -> Response:
    c = cocrea(request)
    workshop_id = request.path_params["workshop_id"]
    place = workshop_place(request, workshop_id)
    key = request.query_params.get("key")
    if key:
        return await open_private_link(request, place, key)
    lang = request_language(request)
    try:
        me = await c.services.authenticate(workshop_id, token_from(request, workshop_id))
        workshop = await c.services.get_workshop(workshop_id)
    except ApiError as exc:
        return error_page(request, exc.status, exc.code, exc.message)
    return render(
        request,
        "room.html",
        {
            "workshop": workshop_json(request, workshop),
            "me": {**participant_summary(me), "participant_id": me.id},
            "phases": phases(lang),
            "sectors": sectors(lang),
            "ws_url": websocket_url(request),
            "editable": {ARTIFACT_TREE: server_state(workshop, ARTIFACT_TREE)["editable_by"]},
        },
        place=place,
        previous=await previous_identity(request, place, me.id),
        # static/src/early-socket.js opens it while the room's code downloads.
        early_socket_url=f"{websocket_url(request)}/{workshop_id}/{ARTIFACT_TREE}",
        # …and fetches the document over HTTP, compressed (server/api_tree.py).
        early_state_url=f"/api/workshops/{workshop_id}/tree/state",
    )


async def display_page(request: Request) -> Response:
    """``/w/{id}/pantalla``: the projector's view of the room for a display
    link (server/displays.py). ``?key=`` becomes the display cookie and
    leaves the address bar; the page sends the token itself (Bearer and
    ``?token=``), so a facilitator's session in the same browser is neither
    replaced nor used."""
    c = cocrea(request)
    workshop_id = request.path_params["workshop_id"]
    key = request.query_params.get("key")
    token = key or request.cookies.get(display_cookie_name(workshop_id))
    try:
        me = await c.services.authenticate(workshop_id, token, display=True)
        if me.role is not Role.DISPLAY:
            raise Forbidden("Ese enlace no es de una pantalla.", code="not_a_display")
        workshop = await c.services.get_workshop(workshop_id)
    except (ApiError, WorkshopError) as exc:
        return failure_page(request, exc)
    if key:
        response = RedirectResponse(f"/w/{workshop_id}/pantalla", status_code=303)
        set_cookie(request, response, display_cookie_name(workshop_id), key)
        return response
    lang = request_language(request)
    return render(
        request,
        "room.html",
        {
            "workshop": workshop_json(request, workshop),
            "me": {**participant_summary(me), "participant_id": me.id},
            "phases": phases(lang),
            "sectors": sectors(lang),
            "ws_url": websocket_url(request),
            "editable": {ARTIFACT_TREE: []},
            "display_token": token,
        },
    )


async def switch_identity(request: Request) -> Response:
    """``POST /w/{id}/identity`` (``switch_identity_in``)."""
    return await switch_identity_in(request, workshop_place(request, request.path_params["workshop_id"]))


async def switch_plan_identity(request: Request) -> Response:
    """``POST /planes/{id}/identity`` (``switch_identity_in``)."""
    return await switch_identity_in(request, plan_place(request, request.path_params["plan_id"]))


async def plan_page(request: Request) -> Response:
    """A Plan de Acción's editor page. The editor link (``?clave=``) works
    like the facilitator's (``open_private_link``): the key becomes this
    browser's cookie and leaves the address bar, after asking if the browser
    already edits this plan as another editor."""
    c = cocrea(request)
    plan_id = request.path_params["plan_id"]
    place = plan_place(request, plan_id)
    key = request.query_params.get("clave")
    if key:
        return await open_private_link(request, place, key)
    try:
        editor = await c.plans.authenticate(plan_id, plan_token_from(request, plan_id))
        plan = await c.plans.view(plan_id)
    except (ApiError, WorkshopError) as exc:
        return failure_page(request, exc)
    lang = request_language(request)
    return render(
        request,
        "plan.html",
        {
            "plan_id": plan_id,
            "plan": plan | {"editor_url": editor_url(request, editor)},
            "ws_url": websocket_url(request),
            "formats": [{"name": f.name, "extension": f.extension, "media_type": f.media_type} for f in PLAN_FORMATS],
            "sectors": sectors(lang),
        },
        place=place,
        previous=await previous_identity(request, place, editor.editor_id),
    )


async def follow_up_page(request: Request) -> Response:
    """``/planes/{id}/seguimiento``: a plan's follow-up for the holder of a
    reporter's or the verifier's link, or for its editor (docs/follow-up.md).
    ``?clave=`` becomes the cookie ``cocrea_f_{id}`` (apart from the editor's
    ``cocrea_p_{id}``, which a link never replaces) and leaves the address bar;
    the page sends the link's token itself as Bearer, like the display page.
    Without a link cookie, the editor's cookie opens it."""
    c = cocrea(request)
    plan_id = request.path_params["plan_id"]
    cookie = follow_up_cookie_name(plan_id)
    key = request.query_params.get("clave")
    try:
        if key:
            await c.follow_up.authenticate(plan_id, key)
            response = RedirectResponse(f"/planes/{plan_id}/seguimiento", status_code=303)
            set_cookie(request, response, cookie, key)
            return response
        link_token = request.cookies.get(cookie)
        await c.follow_up.authenticate(plan_id, link_token or plan_token_from(request, plan_id))
        plan = (await follow_up_state(c, plan_id)).data["plan"]
    except (ApiError, WorkshopError) as exc:
        return failure_page(request, exc)
    return render(
        request,
        "follow-up.html",
        {
            "view": "follow_up",
            "plan_id": plan_id,
            "plan": {"id": plan_id, "title": plan.get("title") or "", "entity": plan.get("entity") or ""},
            "link_token": link_token or "",
            "ws_url": websocket_url(request),
        },
    )


async def service_worker(request: Request) -> Response:
    """The room's service worker (static/src/sw.js, built into dist/): served
    from the root so that its scope covers the room pages; never cached
    without asking (``no-cache``), so a new build's worker is seen on the next
    visit; compressed like the other built files."""
    path = DIST_DIR / "sw.js"
    if not path.exists():
        return Response(status_code=404)
    return DistFiles(directory=DIST_DIR).file_response(path, path.stat(), request.scope)


routes = [
    Route("/", home),
    Route("/sw.js", service_worker),
    Route("/j/{code}", join_page),
    Route("/w/{workshop_id}", room_page),
    Route("/w/{workshop_id}/identity", switch_identity, methods=["POST"]),
    Route("/w/{workshop_id}/pantalla", display_page),
    Route("/planes/{plan_id}", plan_page),
    Route("/planes/{plan_id}/identity", switch_plan_identity, methods=["POST"]),
    Route("/planes/{plan_id}/seguimiento", follow_up_page),
]
