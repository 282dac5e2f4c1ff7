"""The OpenAPI description served at ``/openapi.json``."""

from __future__ import annotations

from typing import Any

from . import api, api_tree, openapi_assessment, openapi_plans, openapi_roadmap
from .body_limits import describe_body_limits
from .contract import merge_paths
from .openapi_kit import BEARER, COMMITMENT_ID, ROUND_ID, WORKSHOP_ID
from .openapi_kit import error_responses as _error_responses
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
        'Errors are {"error": {"code", "message"}}. In a deployment of several processes '
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
        "/api/workshops/{workshop_id}/alternatives": {
            "post": {
                "summary": "Propose a solution alternative (participants and facilitator, phase «alternativas»)",
                "description": "Creates the record and an entry in the `alternatives` Yjs document, where the title "
                "and description are then edited together (docs/realtime.md).",
                "parameters": [WORKSHOP_ID],
                "security": BEARER,
                "requestBody": _json(
                    {
                        "type": "object",
                        "required": ["title"],
                        "properties": {
                            "title": {"type": "string", "maxLength": 200},
                            "addresses": {"type": "array", "items": {"type": "string"}, "description": "tree node ids"},
                            "description": {"type": "string", "maxLength": 4000},
                        },
                    }
                ),
                "responses": {
                    "201": {"description": "proposed"} | _json({"$ref": "#/components/schemas/Alternative"}),
                    **_error_responses(401, 403, 404, 422),
                },
            },
            "get": {
                "summary": "Every alternative with its disposition",
                "parameters": [WORKSHOP_ID],
                "security": BEARER,
                "responses": {"200": {"description": "ok"}, **_error_responses(401, 403, 404)},
            },
        },
        "/api/workshops/{workshop_id}/alternatives/{alternative_id}/disposition": {
            "put": {
                "summary": "Record the reasoned response: adopted, merged (into another) or not adopted (facilitator)",
                "parameters": [
                    WORKSHOP_ID,
                    {"name": "alternative_id", "in": "path", "required": True, "schema": {"type": "string"}},
                ],
                "security": BEARER,
                "requestBody": _json(
                    {
                        "type": "object",
                        "required": ["disposition", "reason"],
                        "properties": {
                            "disposition": {"type": "string", "enum": ["adopted", "merged", "not_adopted"]},
                            "reason": {"type": "string", "maxLength": 2000},
                            "merged_into": {"type": "string"},
                        },
                    }
                ),
                "responses": {
                    "200": {"description": "recorded"} | _json({"$ref": "#/components/schemas/Alternative"}),
                    **_error_responses(401, 403, 404, 409, 422),
                },
            }
        },
        "/api/workshops/{workshop_id}/rounds": {
            "post": {
                "summary": "Open a voting round on alternatives (facilitator; phases «alternativas» and «votacion»)",
                "description": "Methods and ballots are described in docs/voting.md.",
                "parameters": [WORKSHOP_ID],
                "security": BEARER,
                "requestBody": _json(
                    {
                        "type": "object",
                        "required": ["method", "options"],
                        # Any other field is refused (workshops.voting.ROUND_FIELDS).
                        "additionalProperties": False,
                        "properties": {
                            "method": {
                                "type": "string",
                                "enum": ["approval", "dots", "score", "ranked", "consent", "fist_to_five"],
                            },
                            "options": {"type": "array", "items": {"type": "string"}, "description": "alternative ids"},
                            "config": {"type": "object"},
                            "visibility": {"type": "string", "enum": ["hidden_until_close", "live"]},
                            "secrecy": {"type": "string", "enum": ["secret", "public"]},
                            "quorum": {"type": ["integer", "null"], "minimum": 1},
                            "require_every_sector": {"type": "boolean"},
                            "question": {"type": "string", "maxLength": 300},
                        },
                    }
                ),
                "responses": {"201": {"description": "opened"}, **_error_responses(401, 403, 404, 409, 422)},
            },
            "get": {
                "summary": "Every round of the workshop",
                "parameters": [WORKSHOP_ID],
                "security": BEARER,
                "responses": {"200": {"description": "ok"}, **_error_responses(401, 403, 404)},
            },
        },
        "/api/workshops/{workshop_id}/rounds/{round_id}": {
            "get": {
                "summary": "A round: participation always; results when visible (after close, or live rounds)",
                "parameters": [WORKSHOP_ID, ROUND_ID],
                "security": BEARER,
                "responses": {"200": {"description": "ok"}, **_error_responses(401, 403, 404)},
            }
        },
        "/api/workshops/{workshop_id}/rounds/{round_id}/ballot": {
            "put": {
                "summary": "Cast or replace one's ballot (participants only, phases «alternativas» and «votacion») "
                "until the round closes",
                "description": "approval: {approve: [ids]}; dots: {dots: {id: n}}; "
                "score: {scores: {id: {criterion: n}}}; ranked: {ranking: [ids]}; "
                "consent: {consent: {id: agree|can_live_with|object}, reasons: {id: text}, comments: {id: text}}; "
                "fist_to_five: {fist: {id: 0..5}, reasons: {id: text}, comments: {id: text}}; a reason counts "
                "on an objection only, a comment on the other answers only (the other is dropped). "
                "See docs/voting.md.",
                "parameters": [WORKSHOP_ID, ROUND_ID],
                "security": BEARER,
                "requestBody": _json({"type": "object"}),
                "responses": {"200": {"description": "accepted"}, **_error_responses(401, 403, 404, 409, 422)},
            }
        },
        "/api/workshops/{workshop_id}/rounds/{round_id}/close": {
            "post": {
                "summary": "Close the round atomically and return its results (facilitator)",
                "parameters": [WORKSHOP_ID, ROUND_ID],
                "security": BEARER,
                "responses": {"200": {"description": "closed, with results"}, **_error_responses(401, 403, 404, 409)},
            }
        },
        "/api/workshops/{workshop_id}/decisions": {
            "post": {
                "summary": "Record a decision: consensus (a consent check without objections) "
                "or majority (a closed round's winner)",
                "parameters": [WORKSHOP_ID],
                "security": BEARER,
                "requestBody": _json(
                    {
                        "type": "object",
                        "required": ["round_id", "kind", "alternative_id"],
                        "properties": {
                            "round_id": {"type": "string"},
                            "kind": {"type": "string", "enum": ["consensus", "majority"]},
                            "alternative_id": {"type": "string"},
                            "note": {"type": "string", "maxLength": 4000},
                        },
                    }
                ),
                "responses": {
                    "201": {"description": "recorded; a preliminary commitment is created"},
                    **_error_responses(401, 403, 404, 409, 422),
                },
            },
            "get": {
                "summary": "The append-only decision record",
                "parameters": [WORKSHOP_ID],
                "security": BEARER,
                "responses": {"200": {"description": "ok"}, **_error_responses(401, 403, 404)},
            },
        },
        "/api/workshops/{workshop_id}/minutes": {
            "get": {
                "summary": "The mesa's minutes (relatoría), oldest first, as the plan's annex prints them",
                "description": "Written in Spanish from the event log: phases, ideation, alternatives, splits, "
                "reasoned responses, rounds opened and closed with participation by sector, decisions, "
                "commitments and hoja de ruta agreements. No person is named; ballots are not listed. "
                "Capped at 2,000 entries, the last of which then says how many more the log holds.",
                "parameters": [WORKSHOP_ID],
                "security": BEARER,
                "responses": {
                    "200": {"description": "ok"}
                    | _json(
                        {
                            "type": "object",
                            "properties": {
                                "minutes": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "at": {"type": "string", "format": "date-time"},
                                            "text": {"type": "string"},
                                        },
                                    },
                                }
                            },
                        }
                    ),
                    **_error_responses(401, 403, 404),
                },
            }
        },
        "/api/workshops/{workshop_id}/commitments": {
            "get": {
                "summary": "The workshop's commitments with their sheets and status",
                "parameters": [WORKSHOP_ID],
                "security": BEARER,
                "responses": {"200": {"description": "ok"}, **_error_responses(401, 403, 404)},
            }
        },
        "/api/workshops/{workshop_id}/commitments/{commitment_id}": {
            "put": {
                "summary": "Change fields of the commitment sheet (until it is definitive)",
                "description": (
                    "Validated, then written into the commitment's `sheet-<commitment_id>` Yjs document "
                    "(docs/realtime.md), where the browser edits it live."
                ),
                "parameters": [WORKSHOP_ID, COMMITMENT_ID],
                "security": BEARER,
                "requestBody": _json({"type": "object"}),
                "responses": {"200": {"description": "ok"}, **_error_responses(401, 403, 404, 409, 422)},
            }
        },
        "/api/workshops/{workshop_id}/commitments/{commitment_id}/status": {
            "post": {
                "summary": "preliminar → en_revision → definitivo (facilitator)",
                "parameters": [WORKSHOP_ID, COMMITMENT_ID],
                "security": BEARER,
                "requestBody": _json(
                    {
                        "type": "object",
                        "required": ["status"],
                        "properties": {"status": {"type": "string"}, "note": {"type": "string"}},
                    }
                ),
                "responses": {"200": {"description": "ok"}, **_error_responses(401, 403, 404, 409, 422)},
            }
        },
    },
}

# Each area of the API documents its own paths in its own module.
for _paths in (openapi_roadmap.PATHS, openapi_plans.PATHS, openapi_assessment.PATHS):
    OPENAPI["paths"].update(_paths)

# The hand-written operations (those not declared with server/contract.py yet):
# the success answers openapi.py names in words get their schemas, and the
# request schemas the rules of the parsing.
describe_success_answers(OPENAPI)
describe_request_rules(OPENAPI)
# The declared operations (server/contract.py) bring their own request and
# answer schemas, taken from their models.
for _area in (api, api_tree):
    merge_paths(OPENAPI["paths"], _area.ops.paths(OPENAPI["components"]["schemas"]))
describe_error_answers(OPENAPI)
# Every body is bounded as it arrives; each operation that takes one says its limit.
describe_body_limits(OPENAPI)
# Exports and big imports go through the render pool (its limits, queue and time limit).
describe_render_answers(OPENAPI)
