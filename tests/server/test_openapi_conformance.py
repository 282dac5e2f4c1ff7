"""The OpenAPI description is true: the checker that every /api answer of the
suite goes through (tests/support/openapi_conformance.py) catches what the
description does not allow, and 405 answers say which methods are allowed."""

from __future__ import annotations

import re

import httpx
from jsonschema import Draft202012Validator

from server.openapi import OPENAPI
from tests.conftest import Api
from tests.support.openapi_conformance import Conformance

METHODS = {"get", "post", "put", "delete", "patch"}
# Reads only the caller's own cookies: nothing to refuse (an unknown cookie is ignored).
NEVER_REFUSED = {("get", "/api/plans/mine")}


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x1", path)


def test_the_checker_refuses_an_undescribed_status_and_a_body_outside_the_schema():
    conformance = Conformance(OPENAPI)
    json_type = httpx.Headers({"content-type": "application/json"})
    path = "/api/workshops/abc/phase"
    error = b'{"error": {"code": "invalid", "message": "No."}}'
    assert conformance.check("PUT", path, 422, json_type, error) is None
    assert "status not described" in (conformance.check("PUT", path, 418, json_type, error) or "")
    # The Error schema is reached through its $ref: a message must be a string.
    bad = b'{"error": {"code": "invalid", "message": 5}}'
    assert "breaks the schema at error/message" in (conformance.check("PUT", path, 422, json_type, bad) or "")
    text = httpx.Headers({"content-type": "text/plain"})
    assert "content type" in (conformance.check("PUT", path, 422, text, b"x") or "")


def test_a_405_names_the_allowed_methods_in_allow(api: Api):
    described = {p: ops for p, ops in OPENAPI["paths"].items() if p.startswith("/api/")}
    for path in described:
        # `/api/plans/mine` is also a `/api/plans/{plan_id}`: both routes' methods are allowed.
        matching = [p for p in described if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", p), concrete(path))]
        allowed = {m for p in matching for m in described[p] if m in METHODS}
        refused = sorted(METHODS - allowed)[0]
        r = api.http.request(refused.upper(), concrete(path))
        assert r.status_code == 405, (path, refused, r.status_code)
        assert r.json()["error"]["code"] == "method_not_allowed"
        got = {m.strip().lower() for m in r.headers.get("allow", "").split(",") if m.strip()}
        assert got - {"head"} == allowed, (path, r.headers.get("allow"))


def test_every_operation_declares_its_success_answer_and_its_errors():
    """Each operation says what it answers on success (a JSON schema, or the
    media types of the file it sends) and which errors it may answer, all in
    the one error shape."""
    problems = []
    for path, operations in OPENAPI["paths"].items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            responses = operation.get("responses", {})
            success = [s for s in responses if s.startswith("2")]
            if not success:
                problems.append(f"{where}: no 2xx answer")
            for status in success:
                content = responses[status].get("content") or {}
                if not content:
                    problems.append(f"{where}: {status} declares no content")
                json_content = content.get("application/json")
                if json_content is not None and "schema" not in json_content:
                    problems.append(f"{where}: {status} JSON without a schema")
            errors = [s for s in responses if s[0] in "45"]
            if path.startswith("/api/") and not errors and (method, path) not in NEVER_REFUSED:
                problems.append(f"{where}: no error answer")
            for status in errors:
                schema = responses[status].get("content", {}).get("application/json", {}).get("schema")
                if schema != {"$ref": "#/components/schemas/Error"}:
                    problems.append(f"{where}: {status} is not the error shape")
            if "security" in operation and "401" not in responses:
                problems.append(f"{where}: authenticated, but 401 is not described")
    assert problems == []


def test_what_the_description_allows_in_a_text_is_what_the_parsing_accepts(api: Api):
    """A blank required text, a control character or a missing body are
    refused by the server, and the description says so."""
    create = OPENAPI["paths"]["/api/workshops"]["post"]["requestBody"]
    assert create["required"] is True
    validator = Draft202012Validator(create["content"]["application/json"]["schema"])
    for body in (
        {"title": "Mesa", "entity": ""},
        {"title": "Mesa", "entity": "   "},
        {"title": "Me\x07sa", "entity": "T"},
    ):
        r = api.http.post("/api/workshops", json=body)
        assert r.status_code == 422, body
        assert not validator.is_valid(body), body
    assert api.http.post("/api/workshops").status_code == 400
    accepted = {"title": "Mesa", "entity": "Toluca", "problem_statement": "Dos\nlíneas"}
    assert validator.is_valid(accepted)
    assert api.http.post("/api/workshops", json=accepted).status_code == 201
