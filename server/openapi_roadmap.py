"""The answer schemas of the roadmap routes (server/api_roadmap.py)."""

from __future__ import annotations

from typing import Any

_TEXT = {"type": "string"}


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

AGREED = {
    "type": "object",
    "description": "The hoja de ruta as agreed (the draft's shape, normalised), with agreed_at (ISO 8601) "
    "and agreed_by (participant id)",
}

# The answer of GET …/roadmap (server/api_roadmap.py declares the operations).
ROADMAP_VIEW: dict[str, Any] = {
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
