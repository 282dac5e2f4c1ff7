"""What the request parsing refuses in every text, said in the request schemas
of the OpenAPI description, so that a request the description allows is not
refused (schemathesis checks it, tests/server/test_openapi_schemathesis.py).

The rules are those of ``workshops.workshop.clean_text``: a JSON body is
required; a required text must hold more than blanks; no text holds control
characters (multi-line texts keep tab and newline) or lone surrogates."""

from __future__ import annotations

from typing import Any

from .contract import text_pattern

# The fields parsed with multiline=True (workshops/*.py, server/alternatives.py).
MULTILINE = {"problem_statement", "description", "prompt", "text", "note", "reason", "result", "definition", "problem"}


def _describe_texts(schema: dict[str, Any]) -> None:
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        _describe_texts(schema["items"])
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        if not isinstance(prop, dict):
            continue
        if prop.get("type") in ("object", "array"):
            _describe_texts(prop)
            continue
        if prop.get("type") != "string" or {"enum", "const", "format", "pattern"} & prop.keys():
            continue
        if "maxLength" in prop:
            prop["pattern"] = text_pattern(required=name in required, multiline=name in MULTILINE)
        elif name in required:
            prop["pattern"] = "\\S"
        if name in required:
            prop.setdefault("minLength", 1)


def describe_request_rules(openapi: dict[str, Any]) -> None:
    for operations in openapi["paths"].values():
        for operation in operations.values():
            body = operation.get("requestBody")
            if body is None or "application/json" not in body.get("content", {}):
                continue
            # read_json answers 400 to an empty body: the body is never optional.
            body["required"] = True
            _describe_texts(body["content"]["application/json"].get("schema", {}))
