"""Pieces the OpenAPI modules share (``openapi.py`` and ``openapi_<area>.py``)."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}


def error_responses(*statuses: int) -> dict[str, Any]:
    text = {
        400: "Bad input (not JSON, not an object)",
        401: "No or bad token",
        403: "Not allowed for this role or phase, or not a member",
        404: "Not found",
        409: "Conflict with the current state",
        413: "Body too large",
        422: "Invalid content",
    }
    return {str(s): {"description": text[s], "content": {"application/json": {"schema": ERROR}}} for s in statuses}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


WORKSHOP_ID = {"name": "workshop_id", "in": "path", "required": True, "schema": {"type": "string"}}
ROUND_ID = {"name": "round_id", "in": "path", "required": True, "schema": {"type": "string"}}
COMMITMENT_ID = {"name": "commitment_id", "in": "path", "required": True, "schema": {"type": "string"}}
BEARER = [{"bearer": []}, {"cookie": []}]
