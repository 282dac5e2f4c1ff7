"""OpenAPI paths of the moderation routes (timer, list of speakers), merged
into ``openapi.OPENAPI``."""

from __future__ import annotations

from typing import Any

from workshops.agenda import STEP_MINUTES_MAX, STEP_TITLE_MAX, STEPS_MAX
from workshops.parking import REASON_MAX, TOPIC_TEXT_MAX
from workshops.phases import Phase
from workshops.room_focus import FOCUS_TARGETS
from workshops.speakers import SPEECH_LIMIT_MAX_SECONDS, SpeechKind
from workshops.timer import TIMER_ACTIONS, TIMER_LABEL_MAX, TIMER_MAX_SECONDS

from .openapi_kit import BEARER, WORKSHOP_ID, error_responses, json_body

_TIME = {"type": "string", "format": "date-time"}
_SECTOR = {"type": "string"}
_KIND = {"type": "string", "enum": [k.value for k in SpeechKind]}

TIMER = {
    "type": ["object", "null"],
    "required": ["label", "duration_seconds", "running", "ends_at", "remaining_seconds"],
    "properties": {
        "label": {"type": "string"},
        "duration_seconds": {"type": "integer"},
        "running": {"type": "boolean"},
        "ends_at": {"type": ["string", "null"], "format": "date-time", "description": "null while paused"},
        "remaining_seconds": {"type": "number", "description": "at `server_time`"},
    },
}

SPEAKERS = {
    "type": "object",
    "required": [
        "closed",
        "balance_by_sector",
        "allow_observers",
        "speech_limit_seconds",
        "current",
        "waiting",
        "by_sector",
    ],
    "properties": {
        "closed": {"type": "boolean"},
        "balance_by_sector": {"type": "boolean"},
        "allow_observers": {"type": "boolean"},
        "speech_limit_seconds": {"type": ["integer", "null"]},
        "current": {
            "type": ["object", "null"],
            "required": ["participant_id", "name", "sector", "kind", "started_at"],
            "properties": {
                "participant_id": {"type": "string"},
                "name": {"type": "string"},
                "sector": _SECTOR,
                "kind": _KIND,
                "started_at": _TIME,
            },
        },
        "waiting": {
            "type": "array",
            "description": "In the order they will get the floor",
            "items": {
                "type": "object",
                "required": ["participant_id", "name", "sector", "kind", "raised_at", "spoken_seconds"],
                "properties": {
                    "participant_id": {"type": "string"},
                    "name": {"type": "string"},
                    "sector": _SECTOR,
                    "kind": _KIND,
                    "raised_at": _TIME,
                    "spoken_seconds": {"type": "number"},
                },
            },
        },
        "by_sector": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["sector", "turns", "seconds"],
                "properties": {"sector": _SECTOR, "turns": {"type": "integer"}, "seconds": {"type": "number"}},
            },
        },
    },
}

_PHASE = {"type": "string", "enum": [p.value for p in Phase]}

AGENDA = {
    "type": "object",
    "required": ["is_default", "current", "started_at", "steps"],
    "properties": {
        "is_default": {"type": "boolean", "description": "no agenda set yet: the default one (step ids empty)"},
        "current": {"type": ["string", "null"], "description": "the step in course"},
        "started_at": {"type": ["string", "null"], "format": "date-time"},
        "steps": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "title", "phase", "planned_minutes", "actual_seconds"],
                "properties": {
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "phase": _PHASE,
                    "planned_minutes": {"type": "integer"},
                    "actual_seconds": {
                        "type": "number",
                        "description": "the run in course counted up to `server_time`",
                    },
                },
            },
        },
    },
}

PARKING = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "text", "name", "sector", "proposed_at", "status", "reason"],
        "properties": {
            "id": {"type": "string"},
            "text": {"type": "string"},
            "name": {"type": "string"},
            "sector": _SECTOR,
            "proposed_at": _TIME,
            "status": {"type": "string", "enum": ["proposed", "kept", "dismissed"]},
            "reason": {"type": "string"},
        },
    },
}

FOCUS = {
    "type": ["object", "null"],
    "required": ["target", "seq", "set_at"],
    "properties": {
        "target": {"type": "string", "enum": list(FOCUS_TARGETS)},
        "seq": {"type": "integer", "description": "grows each time the facilitator brings everyone somewhere"},
        "set_at": _TIME,
    },
}

MODERATION = {
    "type": "object",
    "required": ["server_time", "timer", "speakers", "agenda", "parking", "focus"],
    "properties": {
        "server_time": _TIME,
        "timer": TIMER,
        "speakers": SPEAKERS,
        "agenda": AGENDA,
        "parking": PARKING,
        "focus": FOCUS,
    },
}


def _answer(description: str, status: str = "200") -> dict[str, Any]:
    return {status: {"description": description, **json_body(MODERATION)}}


def _op(
    summary: str, *, errors: tuple[int, ...], body: dict[str, Any] | None = None, status: str = "200"
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "parameters": [WORKSHOP_ID],
        "security": BEARER,
        "responses": {
            **_answer("the timer and the list of speakers after the change", status),
            **error_responses(*errors),
        },
    }
    if body is not None:
        op["requestBody"] = {"required": True, **json_body(body)}
    return op


_TIMER_BODY = {
    "oneOf": [
        {
            "type": "object",
            "required": ["seconds"],
            "properties": {
                "seconds": {"type": "integer", "minimum": 1, "maximum": TIMER_MAX_SECONDS},
                "label": {"type": ["string", "null"], "maxLength": TIMER_LABEL_MAX},
            },
        },
        {
            "type": "object",
            "required": ["action"],
            "properties": {
                "action": {"type": "string", "enum": list(TIMER_ACTIONS)},
                "seconds": {
                    "type": ["integer", "null"],
                    "minimum": 1,
                    "maximum": TIMER_MAX_SECONDS,
                    "description": "with `add`",
                },
            },
        },
    ]
}

_WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 422)

_STEP = {
    "type": "object",
    "required": ["title", "phase", "planned_minutes"],
    "properties": {
        "id": {"type": "string", "description": "an existing step's id keeps its actual time; new steps leave it out"},
        "title": {"type": "string", "minLength": 1, "maxLength": STEP_TITLE_MAX},
        "phase": _PHASE,
        "planned_minutes": {"type": "integer", "minimum": 1, "maximum": STEP_MINUTES_MAX},
    },
}

PATHS: dict[str, Any] = {
    "/api/workshops/{workshop_id}/moderation": {
        "get": {
            "summary": "The timer and the list of speakers (members), with the server's clock",
            "parameters": [WORKSHOP_ID],
            "security": BEARER,
            "responses": {**_answer("the room's moderation state"), **error_responses(401, 403, 404)},
        }
    },
    "/api/workshops/{workshop_id}/timer": {
        "put": _op(
            "Start the timer (`seconds`, `label`) or pause / resume / add time (`action`) (facilitator)",
            errors=_WRITE_ERRORS,
            body=_TIMER_BODY,
        ),
        "delete": _op("Stop the timer (facilitator)", errors=(401, 403, 404, 409)),
    },
    "/api/workshops/{workshop_id}/speakers": {
        "post": _op(
            "Raise my hand (participants; observers when the list allows them); a point of order goes first",
            errors=_WRITE_ERRORS,
            body={"type": "object", "properties": {"kind": _KIND}},
            status="201",
        ),
        "patch": _op(
            "Close or reopen the list and set its rules (facilitator)",
            errors=_WRITE_ERRORS,
            body={
                "type": "object",
                "properties": {
                    "closed": {"type": "boolean"},
                    "balance_by_sector": {
                        "type": "boolean",
                        "description": "the sector that has spoken least so far goes next",
                    },
                    "allow_observers": {"type": "boolean"},
                    "speech_limit_seconds": {
                        "type": ["integer", "null"],
                        "minimum": 1,
                        "maximum": SPEECH_LIMIT_MAX_SECONDS,
                        "description": "starts the timer with each speech; null for no limit",
                    },
                },
            },
        ),
    },
    "/api/workshops/{workshop_id}/speakers/me": {
        "delete": _op("Lower my hand", errors=(401, 403, 404)),
    },
    "/api/workshops/{workshop_id}/speakers/next": {
        "post": _op(
            "Give the floor to the next in line, or to `participant_id` (facilitator); the speech in progress ends",
            errors=_WRITE_ERRORS,
            body={"type": "object", "properties": {"participant_id": {"type": "string"}}},
        ),
    },
    "/api/workshops/{workshop_id}/speakers/stop": {
        "post": _op(
            "End the speech in progress; its time is recorded by sector (facilitator)", errors=(401, 403, 404, 409)
        ),
    },
    "/api/workshops/{workshop_id}/speakers/order": {
        "put": _op(
            "Set the waiting order: every waiting person once (facilitator)",
            errors=_WRITE_ERRORS,
            body={
                "type": "object",
                "required": ["order"],
                "properties": {"order": {"type": "array", "items": {"type": "string"}, "uniqueItems": True}},
            },
        ),
    },
    "/api/workshops/{workshop_id}/agenda": {
        "put": _op(
            "Replace the agenda's steps (facilitator); the step in course may not be removed",
            errors=_WRITE_ERRORS,
            body={
                "type": "object",
                "required": ["steps"],
                "properties": {"steps": {"type": "array", "maxItems": STEPS_MAX, "items": _STEP}},
            },
        ),
    },
    "/api/workshops/{workshop_id}/agenda/current": {
        "post": _op(
            "Start a step (`step_id`; `index` of the default agenda while none is set); the one in course finishes "
            "(facilitator)",
            errors=_WRITE_ERRORS,
            body={
                "type": "object",
                "properties": {"step_id": {"type": "string"}, "index": {"type": "integer", "minimum": 0}},
            },
        ),
        "delete": _op(
            "Finish the step in course; its actual time goes to the minutes (facilitator)", errors=(401, 403, 404, 409)
        ),
    },
    "/api/workshops/{workshop_id}/parking": {
        "post": _op(
            "Park a topic out of the current step (any member)",
            errors=_WRITE_ERRORS,
            body={
                "type": "object",
                "required": ["text"],
                "properties": {"text": {"type": "string", "minLength": 1, "maxLength": TOPIC_TEXT_MAX}},
            },
            status="201",
        ),
    },
    "/api/workshops/{workshop_id}/parking/{topic_id}": {
        "put": {
            **_op(
                "Keep a parked topic for the minutes, or dismiss it with a reason (facilitator)",
                errors=_WRITE_ERRORS,
                body={
                    "type": "object",
                    "required": ["status"],
                    "properties": {
                        "status": {"type": "string", "enum": ["kept", "dismissed"]},
                        "reason": {
                            "type": ["string", "null"],
                            "maxLength": REASON_MAX,
                            "description": "required to dismiss",
                        },
                    },
                },
            ),
            "parameters": [
                WORKSHOP_ID,
                {"name": "topic_id", "in": "path", "required": True, "schema": {"type": "string"}},
            ],
        },
    },
    "/api/workshops/{workshop_id}/focus": {
        "put": _op(
            "Bring every page (phones and displays) to the tree or a tab of the stage (facilitator)",
            errors=_WRITE_ERRORS,
            body={
                "type": "object",
                "required": ["target"],
                "properties": {"target": {"type": "string", "enum": list(FOCUS_TARGETS)}},
            },
        ),
    },
}
