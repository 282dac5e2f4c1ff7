"""The problem tree as JSON, versioned (``cocrea.tree/1``), and its strict
import. The shape is documented in ``docs/tree-export.md``; a file this module
writes reads back as an equal tree.

Import trusts nothing: every field is checked, and anything wrong raises
``ValidationError`` with a Spanish message and the path of the field at fault
(``nodes[3].kind``). Structural rules that a tree may break while it is being
built (cycles, more than one problem) are not import errors: ``check_tree``
reports them as it does for a live tree.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from workshops.document_schema import (
    EDGE_SOURCE,
    EDGE_TARGET,
    NODE_CREATED_AT,
    NODE_CREATED_BY,
    NODE_KIND,
    NODE_KINDS,
    NODE_OBJECTIVE,
    NODE_OUT_OF_SCOPE,
    NODE_TEXT,
    TREE_EDGES,
    TREE_NODES,
)
from workshops.errors import ValidationError
from workshops.messages import _, listing
from workshops.problem_tree import MAX_TIMESTAMP_MS, ProblemTree, tree_from_document

from .strict_json import ROOT_FIELD, load_strict_json

SCHEMA = "cocrea.tree/1"
SCHEMA_FAMILY = "cocrea.tree/"
MEDIA_TYPE = "application/json"
MAX_NODES = 5000
MAX_EDGES = 20000
MAX_TEXT_CHARS = 2000
MAX_ID_CHARS = 200

_REQUIRED_ROOT = ("schema", TREE_NODES, TREE_EDGES)
_OPTIONAL_ROOT = ("workshop",)
_REQUIRED_NODE = ("id", NODE_KIND, NODE_TEXT)
_OPTIONAL_NODE = (NODE_OBJECTIVE, NODE_CREATED_BY, NODE_CREATED_AT, NODE_OUT_OF_SCOPE)
_EDGE_KEYS = ("id", EDGE_SOURCE, EDGE_TARGET)
# In a Python str, a surrogate code point is always an unpaired one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def export_tree_json(tree: ProblemTree, *, workshop: Mapping[str, Any]) -> bytes:
    """UTF-8 JSON of the tree. Edges that cannot be drawn (an end missing, or
    a self-loop) are left out, so the file always imports; ``workshop`` (title,
    entity…) is copied as given and must be JSON-serializable."""
    ids = {n.id for n in tree.nodes}
    document = {
        "schema": SCHEMA,
        "workshop": dict(workshop),
        TREE_NODES: [
            {
                "id": n.id,
                NODE_KIND: n.kind,
                NODE_TEXT: n.text,
                NODE_OBJECTIVE: n.objective,
                NODE_CREATED_BY: n.created_by,
                # Read when the tree's nodes carry them (optional document fields).
                NODE_CREATED_AT: n.created_at,
                NODE_OUT_OF_SCOPE: n.out_of_scope,
            }
            for n in tree.nodes
        ],
        TREE_EDGES: [
            {"id": e.id, EDGE_SOURCE: e.source, EDGE_TARGET: e.target}
            for e in tree.edges
            if e.source in ids and e.target in ids and e.source != e.target
        ],
    }
    text = json.dumps(document, ensure_ascii=False, allow_nan=False, indent=2) + "\n"
    return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def parse_tree_json(data: bytes) -> ProblemTree:
    """Read a ``cocrea.tree/1`` file; raise ``ValidationError`` on anything wrong."""
    document = load_strict_json(data)
    if not isinstance(document, dict):
        raise ValidationError("El archivo debe contener un objeto JSON.", field=ROOT_FIELD)
    _check_keys(document, _REQUIRED_ROOT, _OPTIONAL_ROOT, "")
    schema = document["schema"]
    if schema != SCHEMA:
        if isinstance(schema, str) and schema.startswith(SCHEMA_FAMILY):
            message = f"Versión de esquema no compatible: «{schema}»; esta versión de Cocrea lee «{SCHEMA}»."
        else:
            message = f"El campo «schema» debe ser «{SCHEMA}»: este archivo no es un árbol de problemas de Cocrea."
        raise ValidationError(message, field="schema")
    if "workshop" in document and not isinstance(document["workshop"], dict):
        raise ValidationError("«workshop» debe ser un objeto.", field="workshop")
    nodes = _list(document[TREE_NODES], TREE_NODES, MAX_NODES, _("elementos"))
    edges = _list(document[TREE_EDGES], TREE_EDGES, MAX_EDGES, _("vínculos"))

    doc_nodes: dict[str, dict[str, Any]] = {}
    for index, node in enumerate(nodes):
        where = f"{TREE_NODES}[{index}]"
        if not isinstance(node, dict):
            raise ValidationError(_("{where} debe ser un objeto.", where=where), field=where)
        _check_keys(node, _REQUIRED_NODE, _OPTIONAL_NODE, where)
        node_id = _identifier(node["id"], f"{where}.id")
        if node_id in doc_nodes:
            raise ValidationError(
                _("El id «{node_id}» está repetido.", node_id=node_id), field=f"{where}.id", node_id=node_id
            )
        kind = node[NODE_KIND]
        if kind not in NODE_KINDS:
            raise ValidationError(
                _(
                    "Tipo desconocido {kind}: debe ser {list}.",
                    kind=json.dumps(kind, ensure_ascii=False)[:40],
                    list=listing(NODE_KINDS, quoted=True),
                ),
                field=f"{where}.{NODE_KIND}",
            )
        created_by = node.get(NODE_CREATED_BY)
        if created_by is not None:
            _string(created_by, f"{where}.{NODE_CREATED_BY}", MAX_ID_CHARS)
        created_at = node.get(NODE_CREATED_AT)
        if created_at is not None and not _is_timestamp(created_at):
            raise ValidationError(
                "«created_at» debe ser un número de milisegundos desde 1970, no negativo y anterior al año 10000.",
                field=f"{where}.{NODE_CREATED_AT}",
            )
        out_of_scope = node.get(NODE_OUT_OF_SCOPE, False)
        if not isinstance(out_of_scope, bool):
            raise ValidationError("«out_of_scope» debe ser true o false.", field=f"{where}.{NODE_OUT_OF_SCOPE}")
        doc_nodes[node_id] = {
            NODE_KIND: kind,
            NODE_TEXT: _string(node[NODE_TEXT], f"{where}.{NODE_TEXT}", MAX_TEXT_CHARS),
            NODE_OBJECTIVE: _string(node.get(NODE_OBJECTIVE, ""), f"{where}.{NODE_OBJECTIVE}", MAX_TEXT_CHARS),
            NODE_CREATED_BY: created_by,
            NODE_CREATED_AT: created_at,
            NODE_OUT_OF_SCOPE: out_of_scope,
        }

    doc_edges: dict[str, dict[str, str]] = {}
    for index, edge in enumerate(edges):
        where = f"{TREE_EDGES}[{index}]"
        if not isinstance(edge, dict):
            raise ValidationError(_("{where} debe ser un objeto.", where=where), field=where)
        _check_keys(edge, _EDGE_KEYS, (), where)
        edge_id = _identifier(edge["id"], f"{where}.id")
        if edge_id in doc_edges:
            raise ValidationError(
                _("El id de vínculo «{edge_id}» está repetido.", edge_id=edge_id), field=f"{where}.id"
            )
        ends = {}
        for end in (EDGE_SOURCE, EDGE_TARGET):
            node_id = _identifier(edge[end], f"{where}.{end}")
            if node_id not in doc_nodes:
                raise ValidationError(
                    _("El vínculo {where} apunta a «{node_id}», que no existe.", where=where, node_id=node_id),
                    field=f"{where}.{end}",
                    node_id=node_id,
                )
            ends[end] = node_id
        if ends[EDGE_SOURCE] == ends[EDGE_TARGET]:
            raise ValidationError(
                "Un elemento no puede causarse a sí mismo.", field=f"{where}.{EDGE_TARGET}", node_id=ends[EDGE_SOURCE]
            )
        doc_edges[edge_id] = ends
    return tree_from_document({TREE_NODES: doc_nodes, TREE_EDGES: doc_edges})


def _check_keys(obj: Mapping[str, Any], required: tuple[str, ...], optional: tuple[str, ...], where: str) -> None:
    prefix = f"{where}." if where else ""
    for key in required:
        if key not in obj:
            raise ValidationError(
                _("Falta el campo «{key}» en {where}.", key=key, where=where)
                if where
                else _("Falta el campo «{key}».", key=key),
                field=prefix + key,
            )
    for key in obj:
        if key not in required and key not in optional:
            shown = json.dumps(key, ensure_ascii=False)[:60]
            raise ValidationError(
                _("Campo desconocido {shown} en {where}.", shown=shown, where=where)
                if where
                else _("Campo desconocido {shown}.", shown=shown),
                field=prefix + key,
            )


def _list(value: Any, field: str, limit: int, noun: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValidationError(_("«{field}» debe ser una lista.", field=field), field=field)
    if len(value) > limit:
        raise ValidationError(
            _("Hay {count} {noun}; el máximo es {limit}.", count=len(value), noun=noun, limit=limit),
            field=field,
            limit=limit,
        )
    return value


def _string(value: Any, field: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ValidationError("Debe ser texto.", field=field)
    if len(value) > limit:
        raise ValidationError(
            _("El texto tiene {count} caracteres; el máximo es {limit}.", count=len(value), limit=limit),
            field=field,
            limit=limit,
        )
    if _SURROGATE.search(value):
        raise ValidationError("El texto contiene caracteres no válidos (sustitutos UTF-16 sueltos).", field=field)
    return value


def _identifier(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError("El id debe ser texto.", field=field)
    if not value:
        raise ValidationError("El id no puede estar vacío.", field=field)
    return _string(value, field, MAX_ID_CHARS)


def _is_timestamp(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0 <= value <= MAX_TIMESTAMP_MS
    return isinstance(value, float) and math.isfinite(value) and 0 <= value <= MAX_TIMESTAMP_MS
