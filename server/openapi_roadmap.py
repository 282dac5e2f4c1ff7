"""OpenAPI paths of the roadmap routes, merged into ``openapi.OPENAPI``."""

from __future__ import annotations

from typing import Any

from .openapi_kit import BEARER, COMMITMENT_ID, WORKSHOP_ID, error_responses, json_body

_TEXT = {"type": "string"}
_DATE = {"type": ["string", "null"], "format": "date", "description": "YYYY-MM-DD; null or empty when not set"}
_NUMBER = {"type": ["number", "null"]}
_LINES = {
    "type": "array",
    "items": _TEXT,
    "description": "One item per entry; the document keeps them as one Y.Text, one per line (blank lines ignored). "
    "A single string is accepted and split the same way.",
}


def _obj(properties: dict[str, Any], *, item: bool = False) -> dict[str, Any]:
    if item:
        properties = {"id": {"type": "string", "description": "The document's item id; ignored here"}, **properties}
    return {"type": "object", "additionalProperties": False, "properties": properties}


ISSUE = {
    "type": "object",
    "required": ["field", "severity", "message", "rule"],
    "properties": {
        "field": {"type": "string", "description": "Dotted path counted from 0, e.g. activities.2.end"},
        "severity": {"type": "string", "enum": ["error", "warning"]},
        "message": {"type": "string", "description": "Spanish (es-MX), says what to do"},
        "rule": {
            "type": "string",
            "description": "required, commitment_dates_order, activity_dates_order, activity_within_commitment, "
            "commitment_within_term, weights_total, indicator_baseline, indicator_goal, indicator_direction, "
            "activity_verification, indicator_verification; invalid when the draft does not parse (a wrong type "
            "or format at that field)",
        },
        "params": {
            "type": "object",
            "description": "The facts the message states, so a client can word it in another language: "
            "n (the activity's or indicator's number), name, start, end, date, limit, term_start, term_end "
            "(ISO dates), plan_term, total, goal, baseline, direction, missing (value/year)",
        },
    },
}
ISSUES = {"type": "array", "items": ISSUE}

DRAFT = _obj(
    {
        "responsible": _obj({"name": _TEXT, "position": _TEXT, "institution": _TEXT}),
        "organizations": {"type": "array", "items": _obj({"name": _TEXT, "contact": _TEXT}, item=True)},
        "activities": {
            "type": "array",
            "items": _obj(
                {
                    "description": _TEXT,
                    "responsible": _TEXT,
                    "start": _DATE,
                    "end": _DATE,
                    "products": _LINES,
                    "verification": _LINES,
                    "weight": {**_NUMBER, "minimum": 0, "maximum": 100, "description": "percent of the commitment"},
                },
                item=True,
            ),
        },
        "result": _TEXT,
        "products": _LINES,
        "indicators": {
            "type": "array",
            "items": _obj(
                {
                    "name": _TEXT,
                    "definition": _TEXT,
                    "method": _TEXT,
                    "unit": _TEXT,
                    "frequency": _TEXT,
                    "baseline": _obj(
                        {"value": _NUMBER, "year": {"type": ["integer", "null"], "minimum": 1900, "maximum": 2100}}
                    ),
                    "goal": _NUMBER,
                    "direction": {"type": ["string", "null"], "enum": ["ascendente", "descendente", "constante", None]},
                    "verification": _LINES,
                },
                item=True,
            ),
        },
        "verification": _LINES,
        "start": _DATE,
        "end": _DATE,
    }
)
AGREED = {
    "type": "object",
    "description": "The hoja de ruta as agreed (the draft's shape, normalised), with agreed_at (ISO 8601) "
    "and agreed_by (participant id)",
}

PATHS: dict[str, Any] = {
    "/api/workshops/{workshop_id}/commitments/{commitment_id}/roadmap": {
        "get": {
            "summary": "A commitment's hoja de ruta: the live draft, its issues and the last agreement (members)",
            "description": "The draft is read from the `roadmap` Yjs document (docs/realtime.md). A draft that "
            "does not parse (a wrong type somewhere) still answers 200: its parse error is the one issue, "
            "with rule `invalid`. `term` is one year from the draft's start date (null without one).",
            "parameters": [WORKSHOP_ID, COMMITMENT_ID],
            "security": BEARER,
            "responses": {
                "200": {
                    "description": "ok",
                    **json_body(
                        {
                            "type": "object",
                            "required": ["commitment_id", "draft", "issues", "agreed", "agreed_matches_draft", "term"],
                            "properties": {
                                "commitment_id": _TEXT,
                                # As the document holds it: what does not parse is answered too (issue `invalid`).
                                "draft": {
                                    "type": "object",
                                    "description": "The live draft as the document holds it; when it parses, "
                                    "the shape of the body of roadmap/check",
                                },
                                "issues": ISSUES,
                                "agreed": {"oneOf": [AGREED, {"type": "null"}]},
                                "agreed_matches_draft": {"type": "boolean"},
                                "term": {
                                    "oneOf": [
                                        {
                                            "type": "object",
                                            "properties": {
                                                "start": {"type": "string", "format": "date"},
                                                "end": {"type": "string", "format": "date"},
                                            },
                                        },
                                        {"type": "null"},
                                    ]
                                },
                            },
                        }
                    ),
                },
                **error_responses(401, 403, 404),
            },
        }
    },
    "/api/workshops/{workshop_id}/roadmap/check": {
        "post": {
            "summary": "Live validation of a draft hoja de ruta, as the form holds it (members; stores nothing)",
            "parameters": [WORKSHOP_ID],
            "security": BEARER,
            "requestBody": json_body({"type": "object", "required": ["roadmap"], "properties": {"roadmap": DRAFT}}),
            "responses": {
                "200": {
                    "description": "the issues (errors block the agreement; warnings do not)",
                    **json_body({"type": "object", "properties": {"issues": ISSUES}}),
                },
                **error_responses(400, 401, 403, 404, 413, 422),
            },
        }
    },
    "/api/workshops/{workshop_id}/commitments/{commitment_id}/roadmap/agree": {
        "post": {
            "summary": "Record the mesa's agreement on the hoja de ruta (facilitator; phases «hoja_de_ruta», «cierre»)",
            "description": "Agrees the document as the server holds it (send a save barrier first, "
            "docs/realtime.md). Stored as a new record with a `roadmap_agreed` event. 422 while an error "
            "remains: `error.issues` lists them. 409 when this same content is already agreed.",
            "parameters": [WORKSHOP_ID, COMMITMENT_ID],
            "security": BEARER,
            "responses": {
                "200": {
                    "description": "agreed",
                    **json_body({"type": "object", "properties": {"agreed": AGREED, "warnings": ISSUES}}),
                },
                **error_responses(401, 403, 404, 409, 422),
            },
        }
    },
}
