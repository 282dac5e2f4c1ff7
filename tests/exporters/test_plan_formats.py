"""The registry of the plan's formats, its documentation, and a plan of 200
commitments exported in every format."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt

from exporters.formats import TREE_FORMATS, ExportContext
from exporters.plan_formats import PLAN_FORMATS, SUBJECT_PLAN
from exporters.plan_json import parse_plan_json
from tests.exporters.test_plan_view import large_plan
from tests.workshops.test_plan import seeded_plan
from workshops.errors import NotFoundError, ValidationError

DOCS = Path(__file__).resolve().parents[2] / "docs"
CONTEXT = ExportContext(title="Plan")


def test_the_plan_exports_as_json_csv_markdown_and_html():
    assert PLAN_FORMATS.subject == SUBJECT_PLAN == "plan"
    assert [(f.name, f.extension, f.media_type) for f in PLAN_FORMATS] == [
        ("csv", "csv", "text/csv; charset=utf-8"),
        ("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("html", "html", "text/html; charset=utf-8"),
        ("json", "json", "application/json"),
        ("md", "md", "text/markdown; charset=utf-8"),
        ("odt", "odt", "application/vnd.oasis.opendocument.text"),
        ("pdf", "pdf", "application/pdf"),
    ]
    assert PLAN_FORMATS.get_format("md").filename("plan-de-accion") == "plan-de-accion.md"
    with pytest.raises(NotFoundError) as raised:
        PLAN_FORMATS.get_format("xlsx")
    assert raised.value.fields["known"] == ("csv", "docx", "html", "json", "md", "odt", "pdf")


@pytest.mark.parametrize("name", ["json", "csv", "md", "html", "odt", "pdf"])
def test_the_documents_are_spanish_only(name):
    with pytest.raises(ValidationError) as raised:
        PLAN_FORMATS.get_format(name).render(seeded_plan(), ExportContext(title="Plan", lang="en"))
    assert raised.value.field == "lang"


def test_a_plan_of_200_commitments_exports_in_every_format():
    plan = large_plan(200)
    assert len(plan.commitments) == 200
    # The PDF of 200 commitments (some 900 pages) takes minutes: a slow test of its own
    # (tests/exporters/test_plan_pdf.py); the ODT is read back in test_plan_odt.py.
    out = {f.name: f.render(plan, CONTEXT) for f in PLAN_FORMATS if f.name != "pdf"}

    schema = json.loads((DOCS / "plan-schema.json").read_text(encoding="utf-8"))
    document = json.loads(out["json"])
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    assert len(document["commitments"]) == 200
    assert parse_plan_json(out["json"]) == plan

    rows = list(csv.DictReader(io.StringIO(out["csv"].decode("utf-8-sig"), newline="")))
    assert len(rows) == 6 + 199 * 2
    assert rows[-1]["compromiso_num"] == "200" and rows[-1]["compromiso_id"] == "k-197"

    root = ET.fromstring(out["html"])
    chapters = [s for s in root.iter("section") if s.get("class") == "chapter"]
    assert len(chapters) == 200 and chapters[-1].get("id") == "compromiso-200"
    assert len([a for a in root.iter("a")]) == 203  # 200 chapters and 3 annexes

    html = MarkdownIt("commonmark").enable("table").render(out["md"].decode("utf-8"))
    headings = re.findall(r"<h2>Compromiso (\d+)\. ", html)
    assert headings == [str(n) for n in range(1, 201)]


def test_every_format_is_documented_with_its_media_type():
    text = (DOCS / "export-formats.md").read_text(encoding="utf-8")
    for fmt in (*PLAN_FORMATS, *TREE_FORMATS):
        assert re.search(rf"^\| `{fmt.name}` \| `\.{fmt.extension}` \| `{re.escape(fmt.media_type)}` \|", text, re.M)
    assert "docs/plan-schema.json" in text and "cocrea.plan/3" in text


def test_the_schema_file_is_a_2020_12_schema():
    schema = json.loads((DOCS / "plan-schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema"] == {"const": "cocrea.plan/3", "description": "Versión del formato."}
    previous = json.loads((DOCS / "plan-schema-2.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(previous)
    assert previous["properties"]["schema"]["const"] == "cocrea.plan/2"
    old = json.loads((DOCS / "plan-schema-1.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(old)
    assert old["properties"]["schema"]["const"] == "cocrea.plan/1"
