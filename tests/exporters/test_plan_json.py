"""The plan as open data: JSON read back with ``json`` and validated with
``jsonschema`` against ``docs/plan-schema.json``; import is the inverse."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

from exporters.plan_json import SCHEMA, export_plan_json, parse_plan_json
from tests.exporters.test_plan_view import attack, draft_plan, hostile_plan
from tests.workshops.test_plan import INFOEM_SHEET, PLAN_DATA, SECRETARIAT, plans, seeded_plan, two_level_tree
from tests.workshops.test_roadmap import INFOEM_ROADMAP
from workshops.demo import DEMO_PROBLEM
from workshops.errors import ValidationError
from workshops.plan import Plan
from workshops.plan_tree import summary_from

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "plan-schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(validator: jsonschema.Draft202012Validator, document: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_the_export_is_versioned_utf8_json_that_the_schema_accepts(validator):
    data = export_plan_json(seeded_plan())
    assert data.endswith(b"\n") and "Cárdenas".encode() in data  # UTF-8, not \u escapes
    document = json.loads(data)
    assert document["schema"] == SCHEMA == "cocrea.plan/3"
    assert errors(validator, document) == []
    assert errors(validator, json.loads(export_plan_json(draft_plan()))) == []


def test_every_field_of_the_seeded_commitment_is_in_its_place():
    document = json.loads(export_plan_json(seeded_plan()))
    assert {k: document[k] for k in PLAN_DATA} == PLAN_DATA
    assert document["secretariat"] == SECRETARIAT
    infoem = document["commitments"][0]
    assert infoem["origin"] == "proactivo"
    sheet = infoem["commitment"]["sheet"]
    assert sheet["title"] == "Estrategia de fortalecimiento a la Cultura de Gobierno Abierto"
    assert {k: sheet[k] for k in INFOEM_SHEET} == INFOEM_SHEET
    assert infoem["commitment"]["status"] == "definitivo"
    roadmap = dict(infoem["roadmap"])
    assert (roadmap.pop("agreed_at"), roadmap.pop("agreed_by")) == ("2022-01-14T18:30:00+00:00", "f-1")
    ids = [a.pop("id") for a in roadmap["activities"]] + [i.pop("id") for i in roadmap["indicators"]]
    assert len(set(ids)) == len(ids) and all(ids)
    assert roadmap == INFOEM_ROADMAP
    tree = infoem["problem_tree"]
    kinds = Counter(n["kind"] for n in tree["nodes"])
    assert kinds == {"cause": 4, "effect": 2, "problem": 1} and tree["text_only"] is None
    [problem] = [n for n in tree["nodes"] if n["kind"] == "problem"]
    assert problem["text"].startswith("Desarticulación de los esfuerzos de apertura")
    assert {(e["source"], e["target"]) for e in tree["edges"]} == {
        *((f"cause-{i}", "problem") for i in range(1, 5)),
        *(("problem", f"effect-{i}") for i in range(1, 3)),
    }
    red = document["commitments"][1]["problem_tree"]
    assert [n["id"] for n in red["nodes"] if n["out_of_scope"]] == ["c-2-1"]
    assert {(e["source"], e["target"]) for e in red["edges"]} == {(e.source, e.target) for e in two_level_tree().edges}


def version_1(plan: Plan) -> dict:
    """The plan as a cocrea.plan/1 file had it: each tree as its text lists."""
    doc = json.loads(export_plan_json(plan))
    doc["schema"] = "cocrea.plan/1"
    for entry, c in zip(plan.commitments, doc["commitments"], strict=True):
        for key in ("activities", "indicators"):
            for item in c["roadmap"][key]:
                del item["id"]  # ids came with cocrea.plan/3
        s = summary_from(entry.tree.problem_tree())
        c["problem_tree"] = {"effects": list(s.effects), "problem": s.problem, "causes": list(s.causes)}
    return doc


def test_a_version_1_file_still_imports_with_its_trees_as_text():
    old = version_1(seeded_plan())
    schema_1 = json.loads(SCHEMA_FILE.with_name("plan-schema-1.json").read_text(encoding="utf-8"))
    assert schema_1["properties"]["schema"]["const"] == "cocrea.plan/1"
    assert errors(jsonschema.Draft202012Validator(schema_1), old) == []
    plan = parse_plan_json(encode(old))
    red = plan.commitments[1].tree
    assert red.text_only == summary_from(two_level_tree()) and not red.nodes
    again = json.loads(export_plan_json(plan))
    assert again["schema"] == SCHEMA and again["commitments"][1]["problem_tree"]["text_only"]["problem"] == DEMO_PROBLEM
    # Each version has its own shape of tree.
    for doc, field in (
        (old | {"schema": SCHEMA}, "commitments.0.problem_tree.effects"),
        (document(schema="cocrea.plan/1"), "commitments.0.problem_tree.nodes"),
    ):
        with pytest.raises(ValidationError) as raised:
            parse_plan_json(encode(doc))
        assert raised.value.field == field


def test_export_then_import_is_identical():
    for plan in (seeded_plan(), draft_plan(), hostile_plan()):
        data = export_plan_json(plan)
        assert parse_plan_json(data) == plan
        assert export_plan_json(parse_plan_json(data)) == data


def test_hostile_text_stays_data():
    document = json.loads(export_plan_json(hostile_plan()))
    assert document["commitments"][0]["roadmap"]["activities"][2]["description"] == attack(
        "commitments.0.roadmap.activities.2.description"
    )


@settings(max_examples=60, deadline=None)
@given(plans())
def test_any_plan_exports_valid_json_and_imports_back_identical(validator, plan):
    data = export_plan_json(plan)
    assert errors(validator, json.loads(data)) == []
    assert parse_plan_json(data) == plan


def document(**changes: object) -> dict:
    doc = json.loads(export_plan_json(seeded_plan()))
    doc.update(changes)
    return doc


def encode(doc: object) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(
    ("data", "field", "said"),
    [
        (b"\xff\xfe{}", "document", "UTF-8"),
        (b'{"schema": ', "document", "JSON válido"),
        (b'{"schema": "cocrea.plan/1", "schema": "cocrea.plan/1"}', "document", "dos veces"),
        (b'{"schema": "cocrea.plan/1", "id": NaN}', "document", "NaN"),
        (b"[]", "document", "objeto"),
        (encode(document(schema="cocrea.plan/4")), "schema", "no compatible"),
        (encode(document(schema="cocrea.tree/1")), "schema", "no es un Plan"),
        (encode({k: v for k, v in document().items() if k != "schema"}), "schema", "no es un Plan"),
        (encode(document(start="2021-12-32")), "start", "AAAA-MM-DD"),
        (encode(document(extra=True)), "extra", "desconocido"),
    ],
)
def test_import_refuses_what_is_not_a_plan(data, field, said):
    with pytest.raises(ValidationError) as raised:
        parse_plan_json(data)
    assert raised.value.field == field and said in raised.value.message


def test_import_reads_a_bom():
    data = export_plan_json(seeded_plan())
    assert parse_plan_json(b"\xef\xbb\xbf" + data) == seeded_plan()


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("type",), "estatal"),
        (("start",), "19/12/2021"),
        (("commitments", 0, "origin"), "impuesto"),
        (("commitments", 1, "decision"), None),
        (("commitments", 0, "commitment", "sheet", "sdgs"), [18]),
        (("commitments", 0, "roadmap", "activities", 2, "end"), "2022-6-20"),
        (("commitments", 0, "roadmap", "activities", 2, "weight"), "15"),
        (("commitments", 0, "roadmap", "indicators", 0, "direction"), "arriba"),
        (("commitments", 0, "roadmap", "indicators", 0, "baseline", "year"), 1800),
        (("commitments", 0, "roadmap", "lugar"), "Toluca"),
        (("secretariat", 0, "sector"), "empresa"),
        (("commitments", 0, "problem_tree", "nodes", 0, "kind"), "raíz"),
        (("commitments", 0, "problem_tree", "nodes", 0, "out_of_scope"), "no"),
        (("commitments", 0, "problem_tree", "edges", 0, "target"), ""),
        (("commitments", 0, "problem_tree", "edges", 0, "peso"), 1),
    ],
)
def test_the_schema_and_the_import_refuse_the_same_mistakes(validator, path, value):
    doc = copy.deepcopy(document())
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert errors(validator, doc) != []
    with pytest.raises(ValidationError):
        parse_plan_json(encode(doc))
