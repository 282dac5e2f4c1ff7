"""HTTP routes of the problem tree: its report (checks, objective drafts),
export and import, merging duplicates, and silent ideation."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from exporters.formats import TREE_FORMATS, ExportContext
from exporters.tree_json import parse_tree_json
from workshops.workshop import workshop_summary

from .api import member, read_json
from .errors import ApiError
from .i18n import request_language
from .ideation import card_json
from .render_pool import SUBJECT_TREE

MAX_IMPORT_BYTES = 12 * 1024 * 1024


async def get_tree(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    version, body = await c.services.get_tree(workshop_id)
    etag = f'"{version}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return JSONResponse(body, headers=headers)


async def export_tree(request: Request) -> Response:
    c, workshop_id, _ = await member(request)
    fmt = TREE_FORMATS.get_format(request.path_params["format"])
    workshop = await c.services.get_workshop(workshop_id)
    tree = await c.services.read_tree(workshop_id)
    context = ExportContext(title=workshop.title, lang=request_language(request), workshop=workshop_summary(workshop))
    body = await c.renders.render(SUBJECT_TREE, fmt.name, tree, context)
    stem = "problem-tree" if context.lang == "en" else "arbol-de-problemas"
    filename = fmt.filename(f"{stem}-{workshop_id}")
    return Response(
        body,
        media_type=fmt.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


async def import_tree(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    body = await request.body()
    if len(body) > MAX_IMPORT_BYTES:
        raise ApiError(413, "too_large", f"El archivo supera {MAX_IMPORT_BYTES // 1_000_000} MB.")
    await c.services.import_tree(workshop_id, me, await c.renders.read_import(parse_tree_json, body))
    return JSONResponse((await c.services.get_tree(workshop_id))[1])


async def merge_nodes(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.services.merge_nodes(workshop_id, me, await read_json(request)))


async def open_ideation(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    await c.ideation.open(workshop_id, me, await read_json(request))
    return JSONResponse(await c.ideation.view(workshop_id, me), status_code=201)


async def get_ideation(request: Request) -> Response:
    c, workshop_id, me = await member(request)
    return JSONResponse(await c.ideation.view(workshop_id, me))


async def write_card(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    card = await c.ideation.write(workshop_id, me, await read_json(request))
    return JSONResponse(card_json(card), status_code=201)


async def reveal_ideation(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    await c.ideation.reveal(workshop_id, me)
    return JSONResponse(await c.ideation.view(workshop_id, me))


WORKSHOP = "/api/workshops/{workshop_id}"
routes = [
    Route(f"{WORKSHOP}/tree", get_tree),
    Route(f"{WORKSHOP}/tree/merge", merge_nodes, methods=["POST"]),
    Route(f"{WORKSHOP}/tree/export/{{format}}", export_tree),
    Route(f"{WORKSHOP}/tree/import", import_tree, methods=["POST"]),
    Route(f"{WORKSHOP}/ideation", open_ideation, methods=["POST"]),
    Route(f"{WORKSHOP}/ideation", get_ideation, methods=["GET"]),
    Route(f"{WORKSHOP}/ideation/cards", write_card, methods=["POST"]),
    Route(f"{WORKSHOP}/ideation/reveal", reveal_ideation, methods=["POST"]),
]
