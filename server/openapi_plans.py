"""Pieces of the description of the plan routes, which ``api_plans.py`` and
``api_export.py`` declare (server/contract.py). Narrative: docs/plans.md."""

from __future__ import annotations

from typing import Any

from .openapi_kit import BEARER

SCHEMA_URL = "/schemas/plan-3.json"
PREVIOUS_SCHEMA_URL = "/schemas/plan-2.json"
OLD_SCHEMA_URL = "/schemas/plan-1.json"
FORMAT = {
    "name": "format",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "A format of the plan's registry (exporters/plan_formats.py): docx, odt, pdf, html, md, json, "
    "csv. An unknown one answers 404 with error.formats, the list of those there are.",
}
LAYOUT = {
    "name": "layout",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": ["plan", "ogp"], "default": "plan"},
    "description": "ogp: the OGP commitment template layout, one table per commitment (the formats that have it; "
    "the others answer 422 with field layout).",
}
# Who may call: a plan editor (Bearer plan-editor token, or the cookie cocrea_p_{plan_id}).
EDITOR = BEARER
EDITOR_NOTE = (
    " Caller: a plan editor, with `Authorization: Bearer <plan-editor token>` (the `clave` of the editor link) or "
    "the browser's cookie `cocrea_p_{plan_id}`. Writes from a browser pass the same-origin check."
)
PLAN_DOCUMENT: dict[str, Any] = {
    "description": f"A plan: the fields of the JSON Schema {SCHEMA_URL} (without `schema`), plus `issues` "
    "(what keeps it from being published: field, severity, message, rule, params — the facts the message "
    "states), `template` ({filename, uploaded_at} or null) and `editor_url` (the caller's editor link).",
    "content": {"application/json": {"schema": {"type": "object"}}},
}
CREATED: dict[str, Any] = {
    "description": "The plan (`plan`) and `editor_url` (/planes/{id}?clave=…); also sets the HttpOnly cookie "
    "cocrea_p_{id} for this browser.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["plan", "editor_url"],
                "properties": {"plan": {"type": "object"}, "editor_url": {"type": "string"}},
            }
        }
    },
}
PLAN_SCHEMA = PLAN_DOCUMENT["content"]["application/json"]["schema"]
CREATED_SCHEMA = CREATED["content"]["application/json"]["schema"]
DOWNLOAD = {
    "description": "The whole file, as an attachment (Content-Disposition with an ASCII filename and "
    "filename*=UTF-8''…). A renderer's refusal answers 422 before any byte of a file.",
    "content": {
        # The json format: the plan as open data (its JSON Schema is served at SCHEMA_URL).
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["schema", "id", "title", "commitments"],
                "properties": {"schema": {"type": "string", "const": "cocrea.plan/3"}},
            }
        },
        "*/*": {"schema": {"type": "string", "format": "binary"}},
    },
}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A save of the plan's details refused because someone changed a field since its editor started.
EDIT_CONFLICT = {
    "description": "`edit_conflict`: a changed field no longer holds its `base` (someone else saved it first). "
    "Nothing of the change is written; `conflicts` maps each such field to its stored value now, and `field` "
    "names the first. Send the change again with those values as its base to keep yours.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
