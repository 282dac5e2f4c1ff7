"""The OpenAPI description served at ``/openapi.json``."""

from __future__ import annotations

from typing import Any

from . import (
    api,
    api_assessment,
    api_details,
    api_displays,
    api_export,
    api_follow_up,
    api_minuta,
    api_moderation,
    api_plans,
    api_public_plan,
    api_roadmap,
    api_tree,
    api_voting,
)
from .body_limits import describe_body_limits
from .contract import merge_paths
from .openapi_kit import json_body as _json
from .openapi_requests import describe_request_rules
from .openapi_responses import describe_error_answers, describe_success_answers
from .render_pool import describe_render_answers

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Cocrea API",
        "version": "1.0.0",
        "description": "Mesas de cocreación: workshops, participants, phases, the problem tree, "
        "alternatives, voting, decisions, commitments, the hoja de ruta and the Plan de Acción. "
        "Real-time documents sync over WebSocket; see docs/realtime.md. "
        'Errors are {"error": {"code", "message"}}. No text may hold a lone surrogate '
        "(\\ud800-\\udfff, which JSON allows and UTF-8 cannot store): 422 naming the field. "
        "In a deployment of several processes "
        "(COCREA_REDIS_URL), a route that changes authoritative state may answer 503 "
        "(code busy or unavailable) when it cannot coordinate with the other processes: nothing was "
        "changed; try again.",
    },
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "cookie": {"type": "apiKey", "in": "cookie", "name": "cocrea_s_{workshop_id}"},
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                            "field": {"type": "string"},
                            "conflicts": {
                                "type": "object",
                                "description": "edit_conflict (409): each field someone else changed first, "
                                "with its stored value now",
                            },
                        },
                    }
                },
            },
            "Alternative": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "description": {"type": "string"},
                    "addresses": {"type": "array", "items": {"type": "string"}},
                    "proposed_by": {"type": "string"},
                    "authors": {"type": "array", "items": {"type": "string"}},
                    "disposition": {
                        "type": "string",
                        "enum": ["pending", "adopted", "merged", "not_adopted", "split"],
                    },
                    "reason": {"type": "string"},
                    "merged_into": {"type": ["string", "null"]},
                    "split_into": {"type": "array", "items": {"type": "string"}, "description": "if split: the parts"},
                    "split_from": {"type": ["string", "null"], "description": "the alternative this part came from"},
                    "in_open_round": {
                        "type": "boolean",
                        "description": "put to a vote in a round still open: it cannot be split until the round closes",
                    },
                },
            },
            "Check": {
                "type": "object",
                "properties": {
                    "rule": {"type": "string"},
                    "severity": {"type": "string", "enum": ["error", "warning"]},
                    "node_ids": {"type": "array", "items": {"type": "string"}},
                    "message": {"type": "string", "description": "Spanish (es-MX)"},
                    "params": {
                        "type": "object",
                        "description": "The facts the message states: count (one_central_problem), "
                        "length and max (text_too_long), phrase (absence_of_solution)",
                    },
                },
            },
        },
    },
    "paths": {
        "/healthz": {
            "get": {"summary": "Liveness", "responses": {"200": _json({"type": "object"}) | {"description": "ok"}}}
        },
    },
}

# The hand-written operations (those not declared with server/contract.py yet):
# the success answers openapi.py names in words get their schemas, and the
# request schemas the rules of the parsing.
describe_success_answers(OPENAPI)
describe_request_rules(OPENAPI)
# The declared operations (server/contract.py) bring their own request and
# answer schemas, taken from their models.
for _area in (
    api,
    api_tree,
    api_voting,
    api_minuta,
    api_roadmap,
    api_assessment,
    api_plans,
    api_export,
    api_follow_up,
    api_public_plan,
    api_moderation,
    api_displays,
    api_details,
):
    merge_paths(OPENAPI["paths"], _area.ops.paths(OPENAPI["components"]["schemas"]))
describe_error_answers(OPENAPI)
# Every body is bounded as it arrives; each operation that takes one says its limit.
describe_body_limits(OPENAPI)
# Exports and big imports go through the render pool (its limits, queue and time limit).
describe_render_answers(OPENAPI)
