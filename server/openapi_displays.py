"""OpenAPI paths of the display routes, merged into ``openapi.OPENAPI``."""

from __future__ import annotations

from typing import Any

from .openapi_kit import BEARER, WORKSHOP_ID, error_responses, json_body

PATHS: dict[str, Any] = {
    "/api/workshops/{workshop_id}/displays": {
        "post": {
            "summary": "Create a read-only display link for the room's projector (facilitator only)",
            "description": "The link opens the projector view with no editing chrome. A display is never a member: "
            "not in presence, attendance, vote denominators or documents. Its token reads (GET) this workshop "
            "only; any write with it is 403 display_read_only, and a write on its sockets closes them with 4403. "
            "docs/sessions.md, «Displays».",
            "parameters": [WORKSHOP_ID],
            "security": BEARER,
            "responses": {
                "201": {"description": "Created"}
                | json_body(
                    {
                        "type": "object",
                        "required": ["display_url", "display_id"],
                        "properties": {
                            "display_url": {"type": "string", "description": "/w/{workshop_id}/pantalla?key=…"},
                            "display_id": {"type": "string"},
                        },
                    }
                ),
                **error_responses(401, 403, 404),
            },
        }
    },
    "/api/workshops/{workshop_id}/displays/{display_id}": {
        "delete": {
            "summary": "Withdraw a display link (facilitator only): its token stops working (401 revoked) and its "
            "sockets close with 4401",
            "parameters": [
                WORKSHOP_ID,
                {"name": "display_id", "in": "path", "required": True, "schema": {"type": "string"}},
            ],
            "security": BEARER,
            "responses": {
                "200": {"description": "Withdrawn (also when it already was)"}
                | json_body(
                    {
                        "type": "object",
                        "required": ["display_id", "revoked"],
                        "properties": {"display_id": {"type": "string"}, "revoked": {"type": "boolean"}},
                    }
                ),
                **error_responses(401, 403, 404),
            },
        }
    },
}
