"""The answer schemas of the feasibility and viability review
(server/api_assessment.py declares its operations; docs/voting.md)."""

from __future__ import annotations

from typing import Any

from workshops.assessment import CRITERIA_MAX, CRITERIA_MIN, CRITERION_LABEL_MAX, Level

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
        "revision": {
            "type": "integer",
            "description": "counts the saved changes (0: the defaults); send it back as `base_revision`",
        },
    },
}

CELL = {
    "type": ["object", "null"],
    "properties": {
        "level": LEVEL,
        "note": {"type": "string"},
        "updated_by": {"type": "string", "description": "participant id of the facilitator"},
        "updated_at": {"type": "string", "format": "date-time"},
        "revision": {"type": "integer", "description": "counts the cell's changes; send it back as `base_revision`"},
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

# The answer of GET …/assessment (server/api_assessment.py declares the operations).
REVIEW: dict[str, Any] = {
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
        "criteria_revision": {"type": "integer", "description": "the criteria's `revision`"},
    },
}
