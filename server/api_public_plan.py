"""The public follow-up of a published plan (docs/follow-up.md): its page,
open data (JSON, CSV), feeds (Atom, iCalendar) and each commitment's informe
final. Everything is built by the exporters (``exporters/follow_up_*.py``)
from the stored state (``server/follow_up_public.py``); no login.

Before the plan is published (and for an unknown plan) every public route
answers 404. The informe final is public once the plan is published; before,
only the plan's editor reads it (a preview).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from exporters.follow_up_csv import export_progress_csv
from exporters.follow_up_feeds import ATOM_MEDIA_TYPE, ICAL_MEDIA_TYPE, export_atom, export_ical
from exporters.follow_up_html import MEDIA_TYPE as HTML_MEDIA_TYPE
from exporters.follow_up_html import render_public_page
from exporters.follow_up_json import export_public_json
from exporters.follow_up_publication import PublishedPlan
from exporters.follow_up_report import FORMATS as REPORT_FORMATS
from exporters.follow_up_report import render_report
from exporters.follow_up_view import follow_up_view
from workshops.errors import NotFoundError
from workshops.follow_up import FollowUpRole
from workshops.messages import _

from .api import cocrea
from .api_plans import attachment
from .auth import plan_token_from
from .contract import Handler, Operations
from .follow_up_public import published_plan
from .follow_up_state import PUBLIC_PAGE, follow_up_state, today
from .i18n import request_language
from .pages import asset, error_page
from .public_cache import etag_of, matches

if TYPE_CHECKING:
    from .app import Cocrea

ops = Operations()

PUBLIC = "/api/public/plans/{plan_id}"
REPORT = "/api/plans/{plan_id}/commitments/{commitment_id}/report/{format}"
# The page has no outside style, font or image (exporters/follow_up_html.py);
# served, it has one script of ours, which follows the plan's live document
# and reads the page again when the plan changes (static/src/public-live.js).
PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
LIVE_SCRIPT = "public-live.js"
# Public data changes with every report: revalidated on each read.
PUBLIC_CACHE = "no-cache"
# The formats rendered in a child process of the render pool (server/render_pool.py).
POOLED_REPORTS = {"docx", "odt", "pdf"}
ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
POOL_ANSWERS = {
    "429": {
        "description": "The queue of renders is full; retry after the seconds of `Retry-After`",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        "content": ERROR_BODY,
    },
    "503": {"description": "The render took too long or failed and was stopped", "content": ERROR_BODY},
}
NOT_PUBLISHED = _("Ese plan no existe o todavía no se publica.")
# Conditional reads (server/public_cache.py): every 200 carries an ETag.
REVALIDATE = {
    "If-None-Match": {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": "An ETag of an earlier answer: 304 while the plan has not changed since.",
    }
}
NOT_MODIFIED = {"304": {"description": "Unchanged since the ETag named in If-None-Match (no body)"}}


# A body, its media type and headers, as kept in ``Cocrea.public_outputs`` (server/public_cache.py).
Rendered = tuple[bytes, str, dict[str, str]]


async def _version(c: Cocrea, request: Request, *, editor_preview: bool = False) -> str:
    """The plan's version (``Storage.plan_version``); 404 unless it is
    published (or, with ``editor_preview``, the caller is its editor)."""
    plan_id = request.path_params["plan_id"]
    # Checked before anything is built: an unpublished plan costs a 404 one read.
    if await c.follow_up.publication(plan_id) is None:
        who = None
        if editor_preview and await c.store.find_plan(plan_id) is not None:
            who = await c.follow_up.actor_or_none(plan_id, plan_token_from(request, plan_id))
        if who is None or who.role is not FollowUpRole.EDITOR:
            raise NotFoundError(NOT_PUBLISHED, plan_id=plan_id)
    # Read before the state: a kept output is never older than its key says.
    version = await c.store.plan_version(plan_id)
    if version is None:
        raise NotFoundError(NOT_PUBLISHED, plan_id=plan_id)
    return version


async def _cached(
    request: Request,
    output: str,
    lang: str,
    render: Callable[[PublishedPlan, dt.date], Awaitable[Rendered]],
    *,
    editor_preview: bool = False,
) -> Response:
    """One public output of the plan: 304 when the reader has it, the kept
    bytes while the plan is unchanged, else ``render`` once from the state."""
    c = cocrea(request)
    plan_id = request.path_params["plan_id"]
    version = await _version(c, request, editor_preview=editor_preview)
    on = today()
    key = (output, plan_id, version, on.isoformat(), lang, c.public_url(request, ""))
    etag = etag_of(key)
    if matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": PUBLIC_CACHE})

    async def build() -> Rendered:
        published = published_plan(
            await follow_up_state(c, plan_id, on),
            c.public_url(request, PUBLIC_PAGE.format(plan_id=plan_id)),
            lambda path: c.public_url(request, path),
            lang=lang,
        )
        return await render(published, on)

    body, media_type, headers = await c.public_outputs.get(key, build)
    return Response(body, media_type=media_type, headers={"Cache-Control": PUBLIC_CACHE, "ETag": etag, **headers})


async def _cached_view(
    request: Request, output: str, lang: str, write: Callable[[dict[str, Any], PublishedPlan], Rendered]
) -> Response:
    """``_cached`` for an output written from the plan's public view: the
    view and ``write`` run in one worker thread, off the event loop."""

    async def render(published: PublishedPlan, on: dt.date) -> Rendered:
        return await anyio.to_thread.run_sync(lambda: write(follow_up_view(published, on, lang), published))

    return await _cached(request, output, lang, render)


def _public_read(path: str, **details: Any) -> Callable[[Handler], Handler]:
    """Declares a public read of a published plan: no login, and a
    conditional read (``If-None-Match`` → 304, server/public_cache.py)."""
    query = {**details.pop("query", {}), **REVALIDATE}
    extra = details.pop("extra", {})
    extra = {**extra, "responses": {**extra.get("responses", {}), **NOT_MODIFIED}}
    return ops.get(path, auth=False, query=query, extra=extra, **details)


NO_LOGIN = " No login; 404 before the plan is published and for an unknown plan."


async def public_page(request: Request) -> Response:
    """The plan's public page (HTML, Spanish or English by ``?lang=`` or the remembered choice)."""
    lang = request_language(request)

    script = f'<script type="module" src="{asset(LIVE_SCRIPT)}"></script>\n</body>'.encode()

    def write(view: dict[str, Any], _published: PublishedPlan) -> Rendered:
        # The exported page has no script; the served one follows the plan live.
        page = render_public_page(view).replace(b"</body>", script, 1)
        return page, HTML_MEDIA_TYPE, {"Content-Language": view["html_lang"]}

    try:
        response = await _cached_view(request, "page", lang, write)
    except NotFoundError as exc:
        page = error_page(request, 404, "not_found", str(exc))
        page.headers["Cache-Control"] = "no-store"
        return page
    response.headers.update({"Content-Security-Policy": PAGE_CSP, "Referrer-Policy": "no-referrer"})
    return response


_public_read(
    PUBLIC_PAGE,
    summary="The public page of a published plan (tablero de seguimiento)",
    description="A standalone HTML page (its one script reads it again when the plan changes), Spanish or "
    "English by `?lang=es|en` or the remembered choice." + NO_LOGIN,
    ok="text/html",
    extra={
        "responses": {
            "404": {
                "description": "Not published, or no such plan: an HTML page for a browser",
                "content": {"text/html": {}, **ERROR_BODY},
            },
        }
    },
    query={"lang": {"type": "string", "enum": ["es", "en"]}},
)(public_page)


@_public_read(
    PUBLIC,
    summary="A published plan's follow-up as open data (JSON, cocrea.public-plan/1)",
    description="Described by docs/public-plan-schema.json: commitments with their ids, progress, activities "
    "(status, late, evidence metadata, reports), indicators with their measurements, reviews and the public "
    "history. No tokens, no names of who reported." + NO_LOGIN,
    ok={"type": "object", "required": ["commitments"], "properties": {"commitments": {"type": "array"}}},
    errors=(404,),
)
async def public_json(request: Request) -> Response:
    def write(view: dict[str, Any], _published: PublishedPlan) -> Rendered:
        return export_public_json(view), "application/json", {}

    # Open data: codes, Spanish texts, whatever the reader's language.
    return await _cached_view(request, "json", "es", write)


@_public_read(
    f"{PUBLIC}/progress.csv",
    summary="A published plan's progress, one row per activity (CSV, UTF-8 with BOM)",
    description="Formulas neutralised (a cell starting with =, +, -, @ starts with an apostrophe)." + NO_LOGIN,
    ok="text/csv",
    errors=(404,),
)
async def public_csv(request: Request) -> Response:
    def write(view: dict[str, Any], published: PublishedPlan) -> Rendered:
        disposition = attachment(f"avance-{published.id}.csv")
        return export_progress_csv(view), "text/csv; charset=utf-8", {"Content-Disposition": disposition}

    return await _cached_view(request, "csv", request_language(request), write)


@_public_read(
    f"{PUBLIC}/feed.atom",
    summary="A published plan's news: every report, verification and review (Atom 1.0)",
    description="Newest first, each entry with a stable id." + NO_LOGIN,
    ok="application/atom+xml",
    errors=(404,),
)
async def public_atom(request: Request) -> Response:
    feed_url = cocrea(request).public_url(request, PUBLIC.format(plan_id=request.path_params["plan_id"]) + "/feed.atom")

    def write(view: dict[str, Any], _published: PublishedPlan) -> Rendered:
        return export_atom(view, feed_url=feed_url), ATOM_MEDIA_TYPE, {}

    return await _cached_view(request, "atom", request_language(request), write)


@_public_read(
    f"{PUBLIC}/calendar.ics",
    summary="A published plan's activity due dates (iCalendar)",
    description="One all-day event per activity with an end date, with its status and late mark." + NO_LOGIN,
    ok="text/calendar",
    errors=(404,),
)
async def public_ical(request: Request) -> Response:
    def write(view: dict[str, Any], _published: PublishedPlan) -> Rendered:
        return export_ical(view, dt.datetime.now(dt.UTC)), ICAL_MEDIA_TYPE, {}

    return await _cached_view(request, "ics", request_language(request), write)


def render_report_of(
    published: PublishedPlan, on: dt.date, lang: str, commitment_id: str, fmt: str
) -> tuple[bytes, str, str]:
    """A commitment's informe final (module level: it runs in the render pool)."""
    return render_report(follow_up_view(published, on, lang), commitment_id, fmt)


@_public_read(
    REPORT,
    summary="A commitment's informe final (docx, odt, pdf, html, md)",
    description="Context, objective and lines of action, what was done per activity with its evidence "
    "(addresses and SHA-256), indicators against baseline and goal, the reviews and the final evaluation. "
    "Public once the plan is published; before, only the plan's editor (Bearer or cookie) reads it (anyone "
    "else: 404). docx, odt and pdf render in the render pool (429 when its queue is full, 503 when a render "
    "fails).",
    params={"format": {"type": "string", "enum": list(REPORT_FORMATS)}},
    ok={
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
        "application/vnd.oasis.opendocument.text": {},
        "application/pdf": {},
        "text/html": {},
        "text/markdown": {},
    },
    errors=(404, 422),
    extra={"responses": POOL_ANSWERS},
)
async def commitment_report(request: Request) -> Response:
    c = cocrea(request)
    lang = request_language(request)
    commitment_id, fmt = request.path_params["commitment_id"], request.path_params["format"]

    async def render(published: PublishedPlan, on: dt.date) -> Rendered:
        if fmt not in POOLED_REPORTS:
            data, media_type, filename = await anyio.to_thread.run_sync(
                render_report_of, published, on, lang, commitment_id, fmt
            )
        else:
            if all(x.id != commitment_id for x in published.commitments):
                raise NotFoundError("El plan no tiene ese compromiso.", commitment_id=commitment_id)
            data, media_type, filename = await c.renders.call(render_report_of, published, on, lang, commitment_id, fmt)
        return data, media_type, {"Content-Disposition": attachment(filename)}

    return await _cached(request, f"report:{commitment_id}:{fmt}", lang, render, editor_preview=True)


routes = ops.routes
