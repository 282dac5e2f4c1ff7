"""OpenAPI paths of the plans routes (``api_plans.py``, ``api_export.py``),
merged into ``openapi.OPENAPI``. Narrative: docs/plans.md."""

from __future__ import annotations

from typing import Any

from .openapi_kit import BEARER, WORKSHOP_ID, error_responses, json_body

SCHEMA_URL = "/schemas/plan-2.json"
OLD_SCHEMA_URL = "/schemas/plan-1.json"
PLAN_ID = {"name": "plan_id", "in": "path", "required": True, "schema": {"type": "string"}}
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
PLAN_DOCUMENT = {
    "description": f"A plan: the fields of the JSON Schema {SCHEMA_URL} (without `schema`), plus `issues` "
    "(what keeps it from being published: field, severity, message, rule, params — the facts the message "
    "states), `template` ({filename, uploaded_at} or null) and `editor_url` (the caller's editor link).",
    "content": {"application/json": {"schema": {"type": "object"}}},
}
CREATED = {
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
DETAILS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string"},
        "entity": {"type": "string"},
        "type": {"type": "string", "enum": ["local", "municipal"]},
        "guarantor": {"type": "string"},
        "start": {"type": "string", "format": "date"},
        "end": {"type": "string", "format": "date", "description": "default: one year after start"},
        "approved_on": {"type": ["string", "null"], "format": "date"},
        "secretariat": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "sector"],
                "properties": {
                    "name": {"type": "string"},
                    "organization": {"type": "string"},
                    "sector": {"type": "string"},
                },
            },
        },
    },
}
DOWNLOAD = {
    "description": "The whole file, as an attachment (Content-Disposition with an ASCII filename and "
    "filename*=UTF-8''…). A renderer's refusal answers 422 before any byte of a file.",
    "content": {
        # The json format: the plan as open data (its JSON Schema is served at SCHEMA_URL).
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["schema", "id", "title", "commitments"],
                "properties": {"schema": {"type": "string", "const": "cocrea.plan/2"}},
            }
        },
        "*/*": {"schema": {"type": "string", "format": "binary"}},
    },
}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _plan_write(summary: str, body: dict[str, Any] | None, *statuses: int) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "description": summary + "." + EDITOR_NOTE,
        "parameters": [PLAN_ID],
        "security": EDITOR,
        "responses": {"200": PLAN_DOCUMENT, **error_responses(401, 403, 404, *statuses)},
    }
    if body is not None:
        operation["requestBody"] = json_body(body)
    return operation


PATHS: dict[str, Any] = {
    "/api/plans/{plan_id}/export/{format}": {
        "get": {
            "summary": "Download the plan in a format",
            "description": "Spanish documents; the JSON is open data described by the JSON Schema served at "
            f"{SCHEMA_URL}. The DOCX is written into the plan's template when it has one." + EDITOR_NOTE,
            "parameters": [PLAN_ID, FORMAT, LAYOUT],
            "security": EDITOR,
            "responses": {"200": DOWNLOAD, **error_responses(401, 403, 404, 422)},
        }
    },
    "/api/workshops/{workshop_id}/export/{format}": {
        "get": {
            "summary": "Download one workshop's commitments as a plan (any member)",
            "description": "A plan made on the fly: the mesa's title and entity, type local, valid one year from "
            "the first hoja de ruta's start (else the mesa's date, else today), every commitment co_creado. "
            f"JSON Schema of the json format: {SCHEMA_URL}.",
            "parameters": [WORKSHOP_ID, FORMAT, LAYOUT],
            "security": BEARER,
            "responses": {"200": DOWNLOAD, **error_responses(401, 403, 404, 422)},
        }
    },
    SCHEMA_URL: {
        "get": {
            "summary": "The JSON Schema (2020-12) of cocrea.plan/2, the plan's JSON export (docs/plan-schema.json)",
            "responses": {"200": {"description": "application/schema+json"}},
        }
    },
    OLD_SCHEMA_URL: {
        "get": {
            "summary": "The JSON Schema of cocrea.plan/1, the version before (its trees as text only), which still "
            "imports (docs/plan-schema-1.json)",
            "responses": {"200": {"description": "application/schema+json"}},
        }
    },
}
