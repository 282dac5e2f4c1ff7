"""OpenAPI paths of the feasibility and viability review and of splitting
an alternative, merged into ``openapi.OPENAPI`` (docs/voting.md)."""

from __future__ import annotations

from typing import Any

from workshops.assessment import CRITERIA_MAX, CRITERIA_MIN, CRITERION_LABEL_MAX, NOTE_MAX, Level

from .openapi_kit import BEARER, WORKSHOP_ID, error_responses, json_body

ALTERNATIVE_ID = {"name": "alternative_id", "in": "path", "required": True, "schema": {"type": "string"}}
LEVEL = {"type": ["string", "null"], "enum": [*(str(level) for level in Level), None]}

CRITERIA: dict[str, Any] = {
    "type": "object",
    "required": ["criteria"],
    "properties": {
        "criteria": {
            "type": "array",
            "minItems": CRITERIA_MIN,
            "maxItems": CRITERIA_MAX,
            "items": {
                "type": "object",
                "required": ["label"],
                "properties": {
                    "id": {
                        "type": "string",
                        "pattern": "^[a-z0-9][a-z0-9_-]{0,39}$",
                        "description": "kept criteria keep their id; a new one gets one from its label",
                    },
                    "label": {"type": "string", "maxLength": CRITERION_LABEL_MAX},
                },
            },
        },
        "default": {"type": "boolean", "description": "still the default criteria (answers only)"},
    },
}

CELL = {
    "type": ["object", "null"],
    "properties": {
        "level": LEVEL,
        "note": {"type": "string"},
        "updated_by": {"type": "string", "description": "participant id of the facilitator"},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}

SUMMARY = {
    "type": "object",
    "properties": {
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}, "description": "per level"},
        "assessed": {"type": "integer"},
        "pending": {"type": "array", "items": {"type": "string"}, "description": "criterion ids without a level"},
        "complete": {"type": "boolean"},
    },
}

PATHS: dict[str, Any] = {
    "/api/workshops/{workshop_id}/assessment/criteria": {
        "get": {
            "summary": "The criteria of the feasibility and viability review (the defaults until edited)",
            "parameters": [WORKSHOP_ID],
            "security": BEARER,
            "responses": {"200": {"description": "ok"} | json_body(CRITERIA), **error_responses(401, 403, 404)},
        },
        "put": {
            "summary": "Replace the review's criteria: add, rename, remove (facilitator; any phase but «cierre»)",
            "description": "Removing a criterion that has assessments keeps them in the record and hides them "
            "from the review (counted in «retired»); restoring its id shows them again.",
            "parameters": [WORKSHOP_ID],
            "security": BEARER,
            "requestBody": json_body(CRITERIA),
            "responses": {
                "200": {"description": "saved"} | json_body(CRITERIA),
                **error_responses(400, 401, 403, 404, 422),
            },
        },
    },
    "/api/workshops/{workshop_id}/assessment": {
        "get": {
            "summary": "The review: alternatives × criteria, each cell a level and a note, with a summary",
            "parameters": [WORKSHOP_ID],
            "security": BEARER,
            "responses": {
                "200": {"description": "ok"}
                | json_body(
                    {
                        "type": "object",
                        "properties": {
                            "criteria": CRITERIA["properties"]["criteria"],
                            "levels": {"type": "array", "items": {"type": "string"}},
                            "alternatives": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "alternative_id": {"type": "string"},
                                        "title": {"type": "string"},
                                        "disposition": {"type": "string"},
                                        "assessable": {"type": "boolean"},
                                        "cells": {"type": "object", "additionalProperties": CELL},
                                        "summary": SUMMARY,
                                    },
                                },
                            },
                            "retired": {
                                "type": "array",
                                "description": "removed criteria whose assessments stay in the record",
                                "items": {"type": "object"},
                            },
                            "default_criteria": {"type": "boolean"},
                        },
                    }
                ),
                **error_responses(401, 403, 404),
            },
        }
    },
    "/api/workshops/{workshop_id}/alternatives/{alternative_id}/assessment": {
        "put": {
            "summary": "Record the mesa's assessment of an alternative on one criterion "
            "(facilitator; «alternativas», «votacion», «hoja_de_ruta»)",
            "description": "Each change is an «alternative_assessed» event with who and when; the same level "
            "and note again change nothing («recorded»: false). A null level clears the cell.",
            "parameters": [WORKSHOP_ID, ALTERNATIVE_ID],
            "security": BEARER,
            "requestBody": json_body(
                {
                    "type": "object",
                    "required": ["criterion"],
                    "properties": {
                        "criterion": {"type": "string"},
                        "level": LEVEL,
                        "note": {"type": "string", "maxLength": NOTE_MAX},
                    },
                }
            ),
            "responses": {
                "200": {"description": "recorded, with the alternative's summary"},
                **error_responses(400, 401, 403, 404, 409, 422),
            },
        }
    },
}
