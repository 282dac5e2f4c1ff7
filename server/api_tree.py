"""HTTP routes of the problem tree: its report (checks, objective drafts),
export and import, merging duplicates, and silent ideation."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from pydantic import ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from exporters.formats import TREE_FORMATS, ExportContext
from exporters.tree_json import MAX_EDGES, MAX_ID_CHARS, MAX_NODES, MAX_TEXT_CHARS, parse_tree_json
from exporters.tree_json import SCHEMA as TREE_SCHEMA
from workshops.document_schema import ARTIFACT_TREE, KIND_CAUSE, NODE_KINDS
from workshops.ideation import CARD_KINDS, CARD_TEXT_MAX, PROMPT_MAX
from workshops.messages import _
from workshops.problem_tree import MAX_TIMESTAMP_MS
from workshops.workshop import workshop_summary

from .api import member
from .compression import YJS_UPDATE
from .contract import Body, Model, OneOf, Operations, TextRule, ref
from .errors import ApiError
from .i18n import request_language
from .ideation import card_json
from .render_pool import SUBJECT_TREE

MAX_IMPORT_BYTES = 12 * 1024 * 1024

ops = Operations()

# ------------------------------------------------------------------ models

TreeText = Annotated[str, Field(max_length=MAX_TEXT_CHARS)]
TreeId = Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS)]


class TreeNode(Model):
    model_config = ConfigDict(extra="forbid")
    id: TreeId
    kind: Annotated[str, OneOf(NODE_KINDS)]
    text: TreeText
    objective: TreeText = ""
    created_by: Annotated[str, Field(max_length=MAX_ID_CHARS)] | None = None
    created_at: Annotated[float, Field(ge=0, le=MAX_TIMESTAMP_MS)] | None = None
    out_of_scope: bool = False


class TreeEdge(Model):
    model_config = ConfigDict(extra="forbid")
    id: TreeId
    source: TreeId
    target: TreeId


class TreeDocument(Model):
    """A ``cocrea.tree/1`` file (docs/tree-export.md)."""

    model_config = ConfigDict(extra="forbid")
    schema_: Annotated[str, OneOf((TREE_SCHEMA,)), Field(alias="schema")]
    workshop: dict[str, Any] = Field(default_factory=dict)
    nodes: Annotated[list[TreeNode], Field(max_length=MAX_NODES)]
    edges: Annotated[list[TreeEdge], Field(max_length=MAX_EDGES)]


class Merge(Model):
    keep: str
    remove: str


class IdeationOpening(Model):
    prompt: Annotated[str, TextRule(PROMPT_MAX, required=False, multiline=True)] = ""


class NewCard(Model):
    text: Annotated[str, TextRule(CARD_TEXT_MAX, multiline=True)]
    kind: Annotated[str, OneOf(CARD_KINDS, "Una tarjeta es una causa («cause») o un efecto («effect»).")] = KIND_CAUSE


# -------------------------------------------------------------- operations

WORKSHOP = "/api/workshops/{workshop_id}"


@ops.get(f"{WORKSHOP}/tree", summary="The problem tree with its checks", ok=ref("Tree"))
async def get_tree(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    version, body = await c.services.get_tree(workshop_id)
    etag = f'"{version}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return JSONResponse(body, headers=headers)


@ops.get(
    f"{WORKSHOP}/tree/state",
    summary="The tree's sync document as one Yjs update, for the room's first load",
    description="The room's early socket (static/src/early-socket.js) fetches it, compressed, while the "
    "socket opens, then asks the socket only for what is newer than the state vector in "
    "`X-Yjs-State-Vector` (base64): on a slow network the document travels in a fifth of its bytes.",
    ok={YJS_UPDATE: {}},
    ok_description="the document as a Yjs update (v1 encoding)",
)
async def get_tree_state(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    update, state = await c.rooms.read_document(
        f"{workshop_id}/{ARTIFACT_TREE}", lambda doc: (doc.get_update(), doc.get_state())
    )
    headers = {"X-Yjs-State-Vector": base64.b64encode(state).decode(), "Cache-Control": "no-store"}
    return Response(update, media_type=YJS_UPDATE, headers=headers)


@ops.get(
    f"{WORKSHOP}/tree/export/{{format}}",
    summary="The problem tree as a document: svg, png or json (docs/tree-export.md)",
    params={"format": {"type": "string", "enum": ["svg", "png", "json"]}},
    ok={"image/svg+xml": {}, "image/png": {}, "application/json": {"schema": {"type": "object"}}},
    ok_description="the file: image/svg+xml, image/png, or the cocrea.tree/1 JSON document",
)
async def export_tree(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
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


@ops.post(
    f"{WORKSHOP}/tree/import",
    summary="Replace the tree with a cocrea.tree/1 JSON document (facilitator)",
    description="The document's format, limits and refusals: docs/tree-export.md. Beyond this schema, "
    "ids must be unique and every edge must join two different nodes of the file (else 422).",
    file=TreeDocument,
    ok=ref("Tree"),
    ok_description="the tree as stored",
)
async def import_tree(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    body = await request.body()
    if len(body) > MAX_IMPORT_BYTES:
        raise ApiError(
            413,
            "too_large",
            _("El archivo supera {max_import_bytes} MB.", max_import_bytes=MAX_IMPORT_BYTES // 1_000_000),
        )
    await c.services.import_tree(workshop_id, me, await c.renders.read_import(parse_tree_json, body))
    return JSONResponse((await c.services.get_tree(workshop_id))[1])


@ops.post(
    f"{WORKSHOP}/tree/merge",
    summary="Merge a duplicate node into another (facilitator); links and authorship are kept",
    description="`keep` and `remove` must be two different nodes of the tree (else 422).",
    body=Merge,
    ok={
        "type": "object",
        "required": ["keep", "removed"],
        "properties": {"keep": {"type": "string"}, "removed": {"type": "string"}},
    },
    ok_description="merged: the node kept and the one removed",
)
async def merge_nodes(request: Request, body: Body[Merge]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.services.merge_nodes(workshop_id, me, (await body()).fields()))


@ops.post(
    f"{WORKSHOP}/ideation",
    summary="Open a silent-ideation round (facilitator, while the tree is open)",
    body=IdeationOpening,
    ok=ref("IdeationView"),
    status=201,
    ok_description="opened",
    errors=(409,),
)
async def open_ideation(request: Request, body: Body[IdeationOpening]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    await c.ideation.open(workshop_id, me, (await body()).fields())
    return JSONResponse(await c.ideation.view(workshop_id, me), status_code=201)


@ops.get(
    f"{WORKSHOP}/ideation",
    summary="The latest silent-ideation round: before the reveal, only the caller's own cards",
    ok=ref("IdeationView"),
)
async def get_ideation(request: Request) -> Response:
    c, workshop_id, me = await member(request)
    return JSONResponse(await c.ideation.view(workshop_id, me))


@ops.post(
    f"{WORKSHOP}/ideation/cards",
    summary="Write a private card (participants, tree phases; up to 20 per round)",
    body=NewCard,
    ok=ref("Card"),
    status=201,
    ok_description="written",
    errors=(409,),
)
async def write_card(request: Request, body: Body[NewCard]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    card = await c.ideation.write(workshop_id, me, (await body()).fields())
    return JSONResponse(card_json(card), status_code=201)


@ops.post(
    f"{WORKSHOP}/ideation/reveal",
    summary="Reveal every card at once: they enter the tree as unlinked ideas (facilitator)",
    ok=ref("IdeationView"),
    ok_description="revealed",
    errors=(409,),
)
async def reveal_ideation(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    await c.ideation.reveal(workshop_id, me)
    return JSONResponse(await c.ideation.view(workshop_id, me))


routes = ops.routes
