"""The answer every moderation route gives (server/api_moderation.py): the
whole state of the agenda, the timer, the list of speakers, the parking lot
and the follow target, as JSON Schema."""

from __future__ import annotations

from workshops.phases import Phase
from workshops.room_focus import FOCUS_TARGETS
from workshops.speakers import SpeechKind

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
    "required": ["is_default", "revision", "current", "started_at", "steps"],
    "properties": {
        "is_default": {"type": "boolean", "description": "no agenda set yet: the default one (step ids empty)"},
        "revision": {
            "type": "integer",
            "description": "counts the times the steps were set (0: the default); send it back as `base_revision`",
        },
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
    "required": ["server_time", "timer", "speakers", "agenda", "parking", "focus", "join_shown"],
    "properties": {
        "server_time": _TIME,
        "timer": TIMER,
        "speakers": SPEAKERS,
        "agenda": AGENDA,
        "parking": PARKING,
        "focus": FOCUS,
        "join_shown": {"type": "boolean", "description": "the displays show the join code and its QR"},
    },
}
