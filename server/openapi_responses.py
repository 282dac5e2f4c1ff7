"""The success answers of the operations whose bodies ``openapi.py`` only named
in words: each gets its JSON schema (or its media type), as the server writes
it, so that the whole description can be checked against what the server sends
(tests/support/openapi_conformance.py)."""

from __future__ import annotations

from typing import Any

from workshops.roles import Role

from .openapi_kit import json_body

STR = {"type": "string"}
STR_OR_NULL = {"type": ["string", "null"]}
BOOL = {"type": "boolean"}
INT = {"type": "integer"}
OBJECT = {"type": "object"}
STRINGS = {"type": "array", "items": STR}
TIME = {"type": "string", "format": "date-time"}
TIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}


def obj(properties: dict[str, Any], *, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """An object whose every property is always sent (except ``optional``)."""
    return {"type": "object", "required": [p for p in properties if p not in optional], "properties": properties}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def listing(key: str, item: dict[str, Any]) -> dict[str, Any]:
    return obj({key: {"type": "array", "items": item}})


SCHEMAS: dict[str, Any] = {
    "Participant": obj(
        {
            "id": STR,
            "name": STR,
            "sector": STR,
            # A display link (server/displays.py) reads as role «display»: never a member.
            "role": {"type": "string", "enum": [str(r) for r in Role]},
            "organization": STR,
        }
    ),
    "Event": obj({"seq": INT, "kind": STR, "payload": OBJECT, "actor_id": STR_OR_NULL, "created_at": TIME}),
    "Participation": obj(
        {
            "eligible": INT,
            "voted": INT,
            "voters": {**STRINGS, "description": "ids of who voted (never how)"},
            "by_sector": {"type": "object", "additionalProperties": OBJECT},
        }
    ),
    "Results": {
        "type": "object",
        "description": "A round's results; `totals` and `by_sector` depend on the method (docs/voting.md)",
        "required": ["round_id", "method", "final", "options", "totals", "outcome", "winner"],
        "properties": {
            "round_id": STR,
            "method": STR,
            "final": BOOL,
            "options": STRINGS,
            "totals": OBJECT,
            "by_sector": OBJECT,
            "by_sector_withheld": BOOL,
            "participation": ref("Participation"),
            "quorum": OBJECT,
            "outcome": STR,
            "winner": STR_OR_NULL,
        },
    },
    "Round": {
        "type": "object",
        "required": ["id", "method", "options", "config", "status", "opened_at", "opened_by"],
        "properties": {
            "id": STR,
            "method": {"type": "string", "enum": ["approval", "dots", "score", "ranked", "consent", "fist_to_five"]},
            "options": STRINGS,
            "config": OBJECT,
            "visibility": {"type": "string", "enum": ["hidden_until_close", "live"]},
            "secrecy": {"type": "string", "enum": ["secret", "public"]},
            "quorum": {"type": ["integer", "null"]},
            "require_every_sector": BOOL,
            "question": STR,
            "status": {"type": "string", "enum": ["open", "closed"]},
            "suspended": BOOL,
            "opened_at": TIME,
            "opened_by": STR,
            "closed_at": TIME_OR_NULL,
            "closed_by": STR_OR_NULL,
            "participation": ref("Participation"),
            "results": {"anyOf": [ref("Results"), {"type": "null"}], "description": "null while hidden"},
            "my_ballot": {"type": ["object", "null"], "description": "the caller's own ballot, if any"},
            "purpose": {
                "type": ["string", "null"],
                "description": "«minuta» for the approval of the minutes (docs/minutes.md); null for a round "
                "on alternatives",
            },
            "restricted_to": {
                "type": ["array", "null"],
                "items": STR,
                "description": "who may vote, when not every participant (the minuta's attendees)",
            },
        },
    },
    "Decision": {
        "type": "object",
        "required": ["id", "round_id", "kind", "alternative_id", "decided_at", "decided_by"],
        "properties": {
            "id": STR,
            "round_id": STR,
            "kind": {"type": "string", "enum": ["consensus", "majority"]},
            "alternative_id": STR,
            "alternative_title": STR_OR_NULL,
            "method": STR,
            "note": STR,
            "decided_at": TIME,
            "decided_by": STR,
            "participation": OBJECT,
            "results": OBJECT,
            "commitment_id": {**STR, "description": "on recording: the preliminary commitment created"},
        },
    },
    "Commitment": {
        "type": "object",
        "required": ["id", "status", "sheet", "created_at"],
        "properties": {
            "id": STR,
            "workshop_id": STR,
            "alternative_id": STR,
            "decision_id": STR,
            "status": {"type": "string", "enum": ["preliminar", "en_revision", "definitivo"]},
            "sheet": {"type": "object", "description": "the commitment sheet's fields (docs/roadmap.md)"},
            "missing": {**STRINGS, "description": "fields a definitive sheet still lacks"},
            "created_at": TIME,
        },
    },
    "IdeationView": obj(
        {
            "round": {
                "type": ["object", "null"],
                "required": ["id", "prompt", "status", "suspended", "opened_at", "card_count", "author_count"],
                "properties": {
                    "id": STR,
                    "prompt": STR,
                    "status": {"type": "string", "enum": ["open", "revealed"]},
                    "suspended": BOOL,
                    "opened_at": TIME,
                    "revealed_at": TIME_OR_NULL,
                    "card_count": INT,
                    "author_count": INT,
                },
            },
            "cards": {"type": "array", "items": ref("Card")},
        },
        optional=("cards",),
    ),
    "Card": obj(
        {
            "id": STR,
            "kind": {"type": "string", "enum": ["cause", "effect"]},
            "text": STR,
            "author_id": STR,
            "created_at": TIME,
        }
    ),
    "Tree": obj(
        {
            "nodes": {"type": "array", "items": obj({"id": STR, "kind": STR, "text": STR}) | {"required": ["id"]}},
            "edges": {"type": "array", "items": OBJECT},
            "checks": {"type": "array", "items": ref("Check")},
        }
    ),
}

WORKSHOP_PATH = "/api/workshops/{workshop_id}"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# (path, method, status) -> (description, what): a JSON schema, a media type
# (str) or the whole ``content`` map (a dict keyed by media types).
# Every operation is declared with its answer now (server/contract.py); an
# operation added the old way (a Route and a hand-written dictionary) may
# still name its success answer here.
SUCCESS: dict[tuple[str, str, str], tuple[str, Any]] = {}


def describe_success_answers(openapi: dict[str, Any]) -> None:
    openapi["components"]["schemas"].update(SCHEMAS)
    for (path, method, status), (description, schema) in SUCCESS.items():
        responses = openapi["paths"][path][method]["responses"]
        if isinstance(schema, str):
            responses[status] = {"description": description, "content": {schema: {}}}
        elif all("/" in key for key in schema):
            responses[status] = {"description": description, "content": schema}
        else:
            responses[status] = {"description": description} | json_body(schema)


ERROR_CONTENT = {"application/json": {"schema": ref("Error")}}
RETRY_AFTER = {"Retry-After": {"schema": INT, "description": "seconds to wait"}}
# The routes that count guesses and creations (server/rate_limit.py, docs/settings.md).
RATE_LIMITED = (("/api/workshops", "post"), ("/api/join/{code}", "get"), (f"{WORKSHOP_PATH}/participants", "post"))


def describe_error_answers(openapi: dict[str, Any]) -> None:
    """The answers every operation of a kind gives: a JSON body that is not an
    object (400) or holds text that is not valid Unicode (422); too many
    guesses or creations (429); an unchanged tree (304)."""
    for operations in openapi["paths"].values():
        for operation in operations.values():
            if "application/json" not in operation.get("requestBody", {}).get("content", {}):
                continue
            responses = operation["responses"]
            responses.setdefault("400", {"description": "Not JSON, or not a JSON object", "content": ERROR_CONTENT})
            responses.setdefault("422", {"description": "Invalid content", "content": ERROR_CONTENT})
    for path, method in RATE_LIMITED:
        openapi["paths"][path][method]["responses"]["429"] = {
            "description": "Too many attempts from this address; retry after `Retry-After` seconds",
            "headers": RETRY_AFTER,
            "content": ERROR_CONTENT,
        }
    for operations in openapi["paths"].values():
        for method, operation in operations.items():
            if method in {"post", "put", "delete"} and "security" in operation:
                operation["responses"].setdefault(
                    "503",
                    {
                        "description": "Several processes (COCREA_REDIS_URL) could not coordinate (code busy or "
                        "unavailable): nothing was changed; try again",
                        "content": ERROR_CONTENT,
                    },
                )
    openapi["paths"][f"{WORKSHOP_PATH}/tree"]["get"]["responses"]["304"] = {
        "description": "Unchanged since the `ETag` sent in `If-None-Match`",
        "headers": {"ETag": {"schema": STR}},
    }
