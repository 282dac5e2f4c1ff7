"""HTML pages: Jinja2 shells that the browser app (static/) fills in."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from exporters.plan_formats import PLAN_FORMATS
from workshops.document_schema import ARTIFACT_TREE
from workshops.errors import WorkshopError
from workshops.phases import PHASE_LABELS_ES, PHASE_ORDER
from workshops.roles import SECTOR_LABELS_ES, Sector
from workshops.workshop import Participant, participant_summary, workshop_summary

from .api import cocrea, is_same_origin, set_session_cookie, workshop_json
from .api_plans import editor_url, set_plan_cookie
from .auth import cookie_name, plan_token_from, previous_cookie_name, token_from
from .errors import ApiError, Forbidden, domain_status
from .i18n import LANG_COOKIE, messages, request_language
from .notices import code_of_conduct, privacy_notice
from .services import server_state

if TYPE_CHECKING:
    pass

TEMPLATES_DIR = Path(__file__).parent / "templates"
DIST_DIR = Path(__file__).parent.parent / "static" / "dist"

env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]))


@cache
def _asset_version(name: str, mtime: float) -> str:
    return hashlib.sha256((DIST_DIR / name).read_bytes()).hexdigest()[:10]


def asset(name: str) -> str:
    path = DIST_DIR / name
    version = _asset_version(name, path.stat().st_mtime) if path.exists() else "missing"
    return f"/static/dist/{name}?v={version}"


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
        extra["bootstrap"] = {"messages": t, "lang": lang, **bootstrap}
    html = env.get_template(template).render(lang=lang, t=t, asset=asset, request=request, **extra)
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=60 * 60 * 24 * 365, samesite="lax")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def error_page(request: Request, status: int, code: str, message: str) -> Response:
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
        c.rate_limits.check_join_guess(request)
    except ApiError as exc:
        response = error_page(request, exc.status, exc.code, exc.message)
        response.headers.update(exc.headers)
        return response
    workshop = await c.services.find_by_code(request.path_params["code"])
    if workshop is None:
        c.rate_limits.missed_join_code(request)
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


async def session_of(request: Request, workshop_id: str, token: str | None) -> Participant | None:
    """The participant a token names in this workshop, or ``None``."""
    if not token:
        return None
    try:
        return await cocrea(request).services.authenticate(workshop_id, token)
    except ApiError:
        return None


def identity(lang: str, person: Participant) -> dict[str, str]:
    return {"name": person.name, "role": messages(lang).get(f"role.{person.role}", str(person.role))}


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
    key = request.query_params.get("key")
    lang = request_language(request)
    if key:
        # A private link: trade the key for a cookie and drop it from the
        # address bar (and from anything that logs URLs). A browser that is
        # already someone else here is asked first: a link must not silently
        # turn a facilitator into whoever the link's sender is.
        try:
            newcomer = await c.services.authenticate(workshop_id, key)
        except ApiError as exc:
            return error_page(request, exc.status, exc.code, exc.message)
        current = await session_of(request, workshop_id, request.cookies.get(cookie_name(workshop_id)))
        if current is not None and current.id != newcomer.id:
            return render(
                request,
                "identity.html",
                None,
                workshop_id=workshop_id,
                key=key,
                current=identity(lang, current),
                newcomer=identity(lang, newcomer),
            )
        response: Response = RedirectResponse(f"/w/{workshop_id}", status_code=303)
        set_session_cookie(request, response, workshop_id, key)
        return response
    try:
        me = await c.services.authenticate(workshop_id, token_from(request, workshop_id))
        workshop = await c.services.get_workshop(workshop_id)
    except ApiError as exc:
        return error_page(request, exc.status, exc.code, exc.message)
    previous = await session_of(request, workshop_id, request.cookies.get(previous_cookie_name(workshop_id)))
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
        workshop_id=workshop_id,
        previous=identity(lang, previous) if previous is not None and previous.id != me.id else None,
    )


# A form post of a few fields; anything longer is not ours.
MAX_FORM_BYTES = 8 * 1024


async def switch_identity(request: Request) -> Response:
    """``POST /w/{id}/identity``: become the person of ``key`` (the previous
    session is kept), or ``restore`` the previous session (they swap). Only
    from our own pages (CSRF: the same check as cookie writes)."""
    workshop_id = request.path_params["workshop_id"]
    try:
        if not is_same_origin(request):
            raise Forbidden("Origen no permitido.", code="bad_origin")
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            raise ApiError(413, "too_large", "Formulario demasiado grande.")
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", errors="replace")).items()}
        response = RedirectResponse(f"/w/{workshop_id}", status_code=303)
        restore = form.get("action") == "restore"
        key = request.cookies.get(previous_cookie_name(workshop_id)) if restore else form.get("key")
        await cocrea(request).services.authenticate(workshop_id, key)
        set_session_cookie(request, response, workshop_id, str(key))
        return response
    except ApiError as exc:
        return error_page(request, exc.status, exc.code, exc.message)


async def plan_page(request: Request) -> Response:
    """A Plan de Acción's editor page. The editor link (``?clave=``) works
    like the facilitator's: the key becomes this browser's cookie and leaves
    the address bar."""
    c = cocrea(request)
    plan_id = request.path_params["plan_id"]
    key = request.query_params.get("clave")
    try:
        editor = await c.plans.authenticate(plan_id, key or plan_token_from(request, plan_id))
        if key:
            response: Response = RedirectResponse(f"/planes/{plan_id}", status_code=303)
            set_plan_cookie(request, response, plan_id, key)
            return response
        plan = await c.plans.view(plan_id)
    except ApiError as exc:
        return error_page(request, exc.status, exc.code, exc.message)
    except WorkshopError as exc:
        return error_page(request, domain_status(exc), exc.code, exc.message)
    lang = request_language(request)
    return render(
        request,
        "plan.html",
        {
            "plan_id": plan_id,
            "plan": plan | {"editor_url": editor_url(request, editor)},
            "formats": [{"name": f.name, "extension": f.extension, "media_type": f.media_type} for f in PLAN_FORMATS],
            "sectors": sectors(lang),
        },
        plan_css=asset("plan.css") if (DIST_DIR / "plan.css").exists() else None,
    )


async def service_worker(request: Request) -> Response:
    """The room's service worker (static/src/sw.js, built into dist/): served
    from the root so that its scope covers the room pages; never cached, so a
    new build's worker is seen on the next visit."""
    path = DIST_DIR / "sw.js"
    if not path.exists():
        return Response(status_code=404)
    return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "no-cache"})


routes = [
    Route("/", home),
    Route("/sw.js", service_worker),
    Route("/j/{code}", join_page),
    Route("/w/{workshop_id}", room_page),
    Route("/w/{workshop_id}/identity", switch_identity, methods=["POST"]),
    Route("/planes/{plan_id}", plan_page),
]
