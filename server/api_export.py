"""Downloads of the Plan de Acción: a plan in any format of ``PLAN_FORMATS``
(its editors), one workshop's commitments as a plan made on the fly (any
member of the workshop), and the JSON Schemas of the plan's versions.

A file is sent only once it is whole: a renderer's ``ValidationError``
answers 422 in the one JSON error shape, never a truncated document.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from workshops.plan import PLAN_TYPE_LABELS_ES, Plan

from .api import member
from .api_plans import attachment, editor
from .plans import Rendered

DOCS = Path(__file__).resolve().parent.parent / "docs"
# URL → schema: the current version (cocrea.plan/2) and the one before, which still imports.
PLAN_SCHEMAS = {"/schemas/plan-2.json": DOCS / "plan-schema.json", "/schemas/plan-1.json": DOCS / "plan-schema-1.json"}
SCHEMA_MEDIA_TYPE = "application/schema+json"
OGP_LAYOUT = "ogp"


@cache
def plan_schema(url: str) -> bytes:
    return PLAN_SCHEMAS[url].read_bytes()


def layout_of(request: Request) -> str | None:
    return request.query_params.get("layout") or None


def download(plan: Plan, rendered: Rendered, layout: str | None) -> Response:
    name = plan.title or f"{PLAN_TYPE_LABELS_ES[plan.type]} {plan.entity}"
    if layout == OGP_LAYOUT:
        name += " (formato de compromiso OGP)"
    headers = {
        "Content-Disposition": attachment(rendered.format.filename(name)),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(rendered.body, media_type=rendered.format.media_type, headers=headers)


async def export_plan(request: Request) -> Response:
    c, e = await editor(request)
    name = request.path_params["format"]
    plan = await c.plans.get(e.plan_id)
    # Only the DOCX renderer reads the institution's template.
    template = (await c.plans.find_template(e.plan_id)) if name == "docx" else None
    layout = layout_of(request)
    return download(plan, await c.plans.render(plan, name, layout=layout, template=template), layout)


async def export_workshop(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    name = request.path_params["format"]
    c.plans.check_format(name)  # before reading the whole workshop
    plan = await c.plans.workshop_plan(workshop_id)
    layout = layout_of(request)
    return download(plan, await c.plans.render(plan, name, layout=layout), layout)


async def plan_json_schema(request: Request) -> Response:
    body = plan_schema(request.url.path)
    return Response(body, media_type=SCHEMA_MEDIA_TYPE, headers={"Cache-Control": "public, max-age=3600"})


routes = [
    Route("/api/plans/{plan_id}/export/{format}", export_plan),
    Route("/api/workshops/{workshop_id}/export/{format}", export_workshop),
    *(Route(url, plan_json_schema) for url in PLAN_SCHEMAS),
]
