"""Pieces the hand-written parts of the OpenAPI description share
(``openapi.py`` and ``openapi_<area>.py``: the shared answer schemas and
/healthz). Error answers come from server/contract.py."""

from __future__ import annotations

from typing import Any


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


# OpenAPI security requirements: either scheme, each with no scopes.
BEARER: list[dict[str, list[str]]] = [{"bearer": []}, {"cookie": []}]
