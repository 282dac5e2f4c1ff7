"""One declaration per operation (server/contract.py): the request schema in
/openapi.json is the one of the model the route parses with, and what that
schema forbids the route refuses while what it allows gets through."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from server import api, api_assessment, api_plans, api_roadmap, api_tree, api_voting
from server.contract import OneOf, Operation, TextRule, merge_paths, model_schema
from server.openapi import OPENAPI
from tests.conftest import Api
from workshops.errors import ValidationError

AREAS = (api, api_tree, api_voting, api_roadmap, api_assessment, api_plans)
DECLARED = [op for area in AREAS for op in area.ops.declared]


def test_every_area_declares_its_operations():
    assert {op.path for op in api.ops.declared} >= {"/api/workshops", "/api/workshops/{workshop_id}/phase"}
    assert len([op for op in DECLARED if op.body is not None]) >= 4


@pytest.mark.parametrize("op", [op for op in DECLARED if op.body is not None], ids=lambda op: f"{op.method} {op.path}")
def test_the_request_schema_is_the_models(op: Operation):
    assert op.body is not None
    components: dict[str, Any] = {}
    expected = model_schema(op.body, components)
    described = OPENAPI["paths"][op.path][op.method.lower()]
    assert described["requestBody"] == {"required": True, "content": {"application/json": {"schema": expected}}}
    for name, schema in components.items():
        assert OPENAPI["components"]["schemas"][name] == schema
    # Every body read may be refused as JSON (400), by size (413) and by the model (422).
    assert {"400", "413", "422"} <= described["responses"].keys()


@pytest.mark.parametrize("op", DECLARED, ids=lambda op: f"{op.method} {op.path}")
def test_every_declared_operation_is_served_as_declared(op: Operation):
    route = op.route
    assert route.path == op.path and route.methods is not None and op.method in route.methods
    assert str(op.status) in OPENAPI["paths"][op.path][op.method.lower()]["responses"]


def test_an_operation_described_twice_is_refused():
    paths: dict[str, Any] = {"/api/x": {"get": {"summary": "hand-written"}}}
    merge_paths(paths, {"/api/x": {"post": {"summary": "declared"}}})
    assert set(paths["/api/x"]) == {"get", "post"}
    with pytest.raises(ValueError, match="described twice"):
        merge_paths(paths, {"/api/x": {"get": {"summary": "again"}}})


def _workshop_schema() -> dict[str, Any]:
    return OPENAPI["paths"]["/api/workshops"]["post"]["requestBody"]["content"]["application/json"]["schema"]


def test_the_schema_states_the_text_rules_the_parser_applies():
    title = _workshop_schema()["properties"]["title"]
    assert title["maxLength"] == 200 and title["minLength"] == 1 and title["pattern"]
    assert set(_workshop_schema()["required"]) == {"title", "entity"}


def test_what_the_schema_forbids_is_refused_and_what_it_allows_is_accepted(api: Api):
    longest = _workshop_schema()["properties"]["title"]["maxLength"]
    ok = api.http.post("/api/workshops", json={"title": "t" * longest, "entity": "Toluca"})
    assert ok.status_code == 201, ok.text
    for body, field in (
        ({"title": "t" * (longest + 1), "entity": "Toluca"}, "title"),
        ({"title": "   ", "entity": "Toluca"}, "title"),
        ({"title": "Agua", "entity": "Tol\x07uca"}, "entity"),
        ({"title": "Agua"}, "entity"),
        ({"title": 5, "entity": "Toluca"}, "title"),
        ({"title": "Agua", "entity": "Toluca", "date": "2026-13-40"}, "date"),
    ):
        r = api.http.post("/api/workshops", json=body)
        assert r.status_code == 422 and r.json()["error"]["field"] == field, (body, r.text)


def test_a_closed_set_in_the_schema_is_the_one_the_parser_takes(api: Api):
    workshop = api.create_workshop()
    schema = OPENAPI["paths"]["/api/workshops/{workshop_id}/phase"]["put"]["requestBody"]["content"]
    phases = schema["application/json"]["schema"]["properties"]["phase"]["enum"]
    assert "votacion" in phases
    for phase in phases[:2]:
        assert api.set_phase(workshop, phase).status_code == 200
    refused = api.set_phase(workshop, "otra")
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "phase"
    locked = api.http.put(
        f"/api/workshops/{workshop['id']}/locks/tree",
        json={"locked": "true"},
        headers={"Authorization": f"Bearer {workshop['facilitator_token']}"},
    )
    # The schema says boolean: the string "true" is refused, not coerced.
    assert locked.status_code == 422 and locked.json()["error"]["field"] == "locked"


def request_validator(path: str, method: str) -> Draft202012Validator:
    """The described request schema of an operation, its `$ref`s resolved in /openapi.json."""
    registry: Registry = Registry().with_resource(  # type: ignore[type-arg]
        "urn:cocrea:openapi", Resource.from_contents(OPENAPI, default_specification=DRAFT202012)
    )
    pointer = "/".join(("", "paths", path.replace("~", "~0").replace("/", "~1"), method, "requestBody", "content"))
    schema = {"$ref": f"urn:cocrea:openapi#{pointer}/application~1json/schema"}
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_roadmap_draft_schema_and_the_domain_parser_agree(api: Api):
    """The draft is parsed by workshops/roadmap.py (its refusals name the
    field as the form shows it); its schema comes from the models of
    server/api_roadmap.py. Both say yes or no to the same drafts."""
    workshop = api.create_workshop()
    check = request_validator("/api/workshops/{workshop_id}/roadmap/check", "post")
    cases = [
        ({"activities": [{"description": "d" * 4000, "weight": 100, "start": "2026-01-31"}]}, True),
        ({"indicators": [{"baseline": {"year": 2100, "value": -5}, "direction": "ascendente"}]}, True),
        ({"products": ["uno", "dos"], "responsible": {"name": "Ana"}}, True),
        # JSON Schema's integer includes 2021.0, and so does the parser.
        ({"indicators": [{"baseline": {"year": 2021.0}}]}, True),
        ({"indicators": [{"baseline": {"year": 2021.5}}]}, False),
        ({"activities": [{"description": "d" * 4001}]}, False),
        ({"activities": [{"weight": 100.5}]}, False),
        ({"activities": [{"start": "2026-02-30"}]}, False),
        ({"products": ["a\x01"]}, False),
        ({"products": ["p"] * 51}, False),
        ({"result": 5}, False),
        ({"unknown": 1}, False),
        ({"indicators": [{"direction": "sideways"}]}, False),
        ({"indicators": [{"baseline": {"year": 1899}}]}, False),
        ({"responsible": {"name": "n" * 301}}, False),
    ]
    for draft, valid in cases:
        body = {"roadmap": draft}
        assert check.is_valid(body) is valid, (draft, [e.message for e in check.iter_errors(body)])
        r = api.http.post(
            f"/api/workshops/{workshop['id']}/roadmap/check",
            json=body,
            headers={"Authorization": f"Bearer {workshop['facilitator_token']}"},
        )
        assert r.status_code == (200 if valid else 422), (draft, r.text)


def _rule_cases(model: type[BaseModel]) -> list[tuple[str, object, bool]]:
    """(field, value, accepted) at the limits each text and closed set of the model states."""
    cases: list[tuple[str, object, bool]] = []
    for name, info in model.model_fields.items():
        for rule in info.metadata:
            if isinstance(rule, TextRule):
                cases += [(name, "x" * rule.max_len, True), (name, "x" * (rule.max_len + 1), False)]
                cases += [(name, "a\x07b", False), (name, " ", not rule.required)]
            elif isinstance(rule, OneOf):
                cases += [(name, value, True) for value in rule.values] + [(name, "not-one-of-them", False)]
    return cases


@pytest.mark.parametrize("op", [op for op in DECLARED if op.body is not None], ids=lambda op: f"{op.method} {op.path}")
def test_what_each_body_schema_forbids_its_parser_refuses(op: Operation):
    """For every declared body: at each text's maxLength and pattern, and each closed set, the
    described schema and the parsing give the same verdict on that field."""
    assert op.body is not None
    schema = OPENAPI["paths"][op.path][op.method.lower()]["requestBody"]["content"]["application/json"]["schema"]
    for name, value, accepted in _rule_cases(op.body):
        described = Draft202012Validator(schema["properties"][name]).is_valid(value)
        try:
            op.body.model_validate({name: value})
            refused_here = False
        except pydantic.ValidationError as exc:
            refused_here = any(error["loc"][:1] == (name,) for error in exc.errors())
        except ValidationError as exc:  # the join code's check raises the domain's error directly
            refused_here = exc.field == name
        assert described is accepted and refused_here is not accepted, (name, value)


def test_an_integer_written_as_a_whole_float_is_an_integer():
    sheet, new_round = api_voting.SheetChange, api_voting.NewRound
    assert sheet.model_validate({"sdgs": [13.0, 2]}).fields() == {"sdgs": [13, 2]}
    assert new_round.model_validate({"method": "approval", "options": [], "quorum": 3.0}).quorum == 3
    for bad in (1.5, True, 0, 18):
        with pytest.raises(pydantic.ValidationError):
            sheet.model_validate({"sdgs": [bad]})
