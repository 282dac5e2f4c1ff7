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

from workshops.plan import PLAN_TYPE_LABELS_ES, Plan

from .api import cocrea, member
from .api_plans import attachment, editor
from .contract import Operations
from .minuta_export import plan_with_minutas
from .openapi_plans import DOWNLOAD, EDITOR_NOTE, FORMAT, LAYOUT, OLD_SCHEMA_URL, PREVIOUS_SCHEMA_URL, SCHEMA_URL
from .plans import Rendered

DOCS = Path(__file__).resolve().parent.parent / "docs"
# URL → schema: the current version (cocrea.plan/3) and the ones before, which still import.
PLAN_SCHEMAS = {
    "/schemas/plan-3.json": DOCS / "plan-schema.json",
    "/schemas/plan-2.json": DOCS / "plan-schema-2.json",
    "/schemas/plan-1.json": DOCS / "plan-schema-1.json",
}
SCHEMA_MEDIA_TYPE = "application/schema+json"
OGP_LAYOUT = "ogp"

ops = Operations()


@cache
def plan_schema(url: str) -> bytes:
    return PLAN_SCHEMAS[url].read_bytes()


def layout_of(request: Request) -> str | None:
    return request.query_params.get("layout") or None


async def with_minutas(request: Request, plan: Plan) -> Plan:
    """The plan with each mesa's minuta as it stands (its annex prints the
    latest sealed version's digest and link, or that it is a draft)."""
    c = cocrea(request)
    return await plan_with_minutas(c.minuta, plan, public_url=c.public_url(request, ""))


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


@ops.get(
    "/api/plans/{plan_id}/export/{format}",
    summary="Download the plan in a format",
    description="Spanish documents; the JSON is open data described by the JSON Schema served at "
    f"{SCHEMA_URL}. The DOCX is written into the plan's template when it has one." + EDITOR_NOTE,
    params={"format": FORMAT},
    query={"layout": LAYOUT},
    ok=DOWNLOAD["content"],
    ok_description=DOWNLOAD["description"],
    errors=(422,),
)
async def export_plan(request: Request) -> Response:
    c, e = await editor(request)
    name = request.path_params["format"]
    plan = await c.plans.get(e.plan_id)
    # Only the DOCX renderer reads the institution's template.
    template = (await c.plans.find_template(e.plan_id)) if name == "docx" else None
    layout = layout_of(request)
    printed = await with_minutas(request, plan)
    return download(plan, await c.plans.render(printed, name, layout=layout, template=template), layout)


@ops.get(
    "/api/workshops/{workshop_id}/export/{format}",
    summary="Download one workshop's commitments as a plan (any member)",
    description="A plan made on the fly: the mesa's title and entity, type local, valid one year from "
    "the first hoja de ruta's start (else the mesa's date, else today), every commitment co_creado. "
    f"JSON Schema of the json format: {SCHEMA_URL}.",
    params={"format": FORMAT},
    query={"layout": LAYOUT},
    ok=DOWNLOAD["content"],
    ok_description=DOWNLOAD["description"],
    errors=(422,),
)
async def export_workshop(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    name = request.path_params["format"]
    c.plans.check_format(name)  # before reading the whole workshop
    plan = await with_minutas(request, await c.plans.workshop_plan(workshop_id))
    layout = layout_of(request)
    return download(plan, await c.plans.render(plan, name, layout=layout), layout)


async def plan_json_schema(request: Request) -> Response:
    body = plan_schema(request.url.path)
    return Response(body, media_type=SCHEMA_MEDIA_TYPE, headers={"Cache-Control": "public, max-age=3600"})


SCHEMA_SUMMARIES = {
    SCHEMA_URL: "The JSON Schema (2020-12) of cocrea.plan/3, the plan's JSON export (docs/plan-schema.json)",
    PREVIOUS_SCHEMA_URL: "The JSON Schema of cocrea.plan/2, the version before (no activity or indicator ids), "
    "which still imports (docs/plan-schema-2.json)",
    OLD_SCHEMA_URL: "The JSON Schema of cocrea.plan/1, the version before (its trees as text only), which still "
    "imports (docs/plan-schema-1.json)",
}
for _url in PLAN_SCHEMAS:
    ops.get(
        _url,
        summary=SCHEMA_SUMMARIES[_url],
        ok={SCHEMA_MEDIA_TYPE: {"schema": {"type": "object"}}},
        ok_description="the JSON Schema",
        auth=False,
    )(plan_json_schema)

routes = ops.routes
