"""Plan downloads against a real server: every registered format, one
workshop's commitments as a plan, a 200-commitment plan, the JSON round trip
into a second server on another database, names kept out of every file, and
the published JSON Schema."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import unquote

import docx
import jsonschema
import pypdf
import pytest
from markdown_it import MarkdownIt

from exporters.plan_json import export_plan_json
from tests.exporters.test_plan_view import large_plan
from tests.server.test_plans_api import (
    DOCX_TYPE,
    PEOPLE_NAMES,
    create_plan,
    decided_commitment,
    error_of,
    make_docx,
    plan_with_commitment,
)
from tests.server.test_voting_api import auth

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "plan-schema.json"
MEXICO = dt.timezone(dt.timedelta(hours=-6))


def known_formats(api, token, plan_id):
    """The formats the server lists when asked for one it does not have."""
    r = api.http.get(f"/api/plans/{plan_id}/export/nope", headers=auth(token))
    assert r.status_code == 404
    return error_of(r)["formats"]


def text_of(name: str, body: bytes) -> str:
    """What a person could read in the file, by an independent reader."""
    if name == "pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK"):  # docx, odt: the text of every XML part, tags dropped
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")]
        return "\n".join(re.sub(r"<[^>]+>", "", part) for part in parts)
    return body.decode("utf-8-sig")


def test_unknown_formats_answer_404_with_the_list(api):
    w, _, _, plan, token = plan_with_commitment(api)
    formats = known_formats(api, token, plan["id"])
    assert {"json", "csv", "md", "html"} <= set(formats) and formats == sorted(formats)
    r = api.http.get(f"/api/workshops/{w['id']}/export/xlsx", headers=auth(w["facilitator_token"]))
    assert r.status_code == 404
    error = error_of(r)
    assert error["code"] == "unknown_format" and error["formats"] == formats and "xlsx" in error["message"]


def test_every_format_downloads_whole_with_its_name_and_no_participant_names(api):
    w, people, _, plan, token = plan_with_commitment(api)
    for name in known_formats(api, token, plan["id"]):
        for url, headers in (
            (f"/api/plans/{plan['id']}/export/{name}", auth(token)),
            (f"/api/workshops/{w['id']}/export/{name}", auth(people[0]["token"])),
        ):
            r = api.http.get(url, headers=headers)
            assert r.status_code == 200, (url, r.text[:300])
            assert r.headers["cache-control"] == "no-store"
            disposition = r.headers["content-disposition"]
            assert disposition.startswith('attachment; filename="') and f'.{name}"' in disposition
            assert "filename*=UTF-8''" in disposition
            text = text_of(name, r.content)
            assert "Red de enlaces" in text, (url, name)
            for person in PEOPLE_NAMES:
                assert person not in text, (url, name, person)
    r = api.http.get(f"/api/plans/{plan['id']}/export/json", headers=auth(token))
    assert 'filename="plan-de-accion-municipal-2026.json"' in r.headers["content-disposition"]
    assert "filename*=UTF-8''Plan%20de%20Acci%C3%B3n%20Municipal%202026.json" in r.headers["content-disposition"]


def test_a_repeated_download_is_the_same_document_and_a_change_makes_a_new_one(api):
    """Rendered documents are kept for a repeated download (a PDF takes
    seconds): the same plan gives the same bytes, even the DOCX whose
    metadata carry the time it was made; any change to the plan, its layout
    or its template gives a document made anew."""
    _, _, _, plan, token = plan_with_commitment(api)
    url = f"/api/plans/{plan['id']}/export/docx"
    first = api.http.get(url, headers=auth(token)).content
    time.sleep(1.1)  # a DOCX made anew would carry a later time (to the second) in its metadata
    assert api.http.get(url, headers=auth(token)).content == first
    ogp = api.http.get(url + "?layout=ogp", headers=auth(token)).content
    assert ogp != first and "Alianza para el Gobierno Abierto" in text_of("docx", ogp)
    r = api.http.put(f"/api/plans/{plan['id']}", json={"title": "Plan renombrado"}, headers=auth(token))
    assert r.status_code == 200, r.text
    renamed = api.http.get(url, headers=auth(token)).content
    assert "Plan renombrado" in text_of("docx", renamed) and "Plan de Acción Municipal 2026" not in text_of(
        "docx", renamed
    )
    headers = auth(token) | {"Content-Type": DOCX_TYPE}
    r = api.http.put(f"/api/plans/{plan['id']}/template?filename=m.docx", content=make_docx(), headers=headers)
    assert r.status_code == 200, r.text
    assert "Gobierno Municipal de Ejemplo" in text_of("docx", api.http.get(url, headers=auth(token)).content)


def test_the_annexes_show_organizations_and_minutes_but_no_names(api):
    _, _, _, plan, token = plan_with_commitment(api)
    for name in ("html", "md", "json"):
        text = text_of(name, api.http.get(f"/api/plans/{plan['id']}/export/{name}", headers=auth(token)).content)
        assert "Colectivo Agua Viva" in text and "Universidad del Golfo" in text, name
        assert "colectivo  agua viva" not in text  # one organization, written once
        assert "La mesa decidió por mayoría adoptar la alternativa" in text, name


def test_any_member_of_the_mesa_downloads_its_commitments_as_a_plan(api):
    before = dt.datetime.now(MEXICO).date()
    w, people, commitment_id = decided_commitment(api)
    after = dt.datetime.now(MEXICO).date()
    observer = people[-1]
    r = api.http.get(f"/api/workshops/{w['id']}/export/json", headers=auth(observer["token"]))
    assert r.status_code == 200, r.text
    document = json.loads(r.content)
    assert document["schema"] == "cocrea.plan/3"
    assert (document["title"], document["entity"], document["type"]) == ("Mesa de prueba", "Toluca", "local")
    start = dt.date.fromisoformat(document["start"])
    assert start in (before, after)  # no hoja de ruta and no date: today, in Mexico
    assert document["end"] == (start.replace(year=start.year + 1) - dt.timedelta(days=1)).isoformat()
    (entry,) = document["commitments"]
    assert entry["origin"] == "co_creado" and entry["commitment"]["id"] == commitment_id
    other = api.create_workshop()
    assert (
        api.http.get(f"/api/workshops/{w['id']}/export/json", headers=auth(other["facilitator_token"])).status_code
        == 403
    )
    assert api.http.get(f"/api/workshops/{w['id']}/export/json").status_code == 401


def test_a_mesa_with_a_date_and_no_commitments_still_exports(api):
    w = api.create_workshop(date="2026-11-21", title="Mesa <b>sin</b> compromisos")
    for name in ("json", "html", "md", "csv"):
        r = api.http.get(f"/api/workshops/{w['id']}/export/{name}", headers=auth(w["facilitator_token"]))
        assert r.status_code == 200, (name, r.text)
    document = json.loads(
        api.http.get(f"/api/workshops/{w['id']}/export/json", headers=auth(w["facilitator_token"])).content
    )
    assert (document["start"], document["end"], document["commitments"]) == ("2026-11-21", "2027-11-20", [])
    html = api.http.get(f"/api/workshops/{w['id']}/export/html", headers=auth(w["facilitator_token"])).text
    assert "<b>sin</b>" not in html and "&lt;b&gt;sin&lt;/b&gt;" in html


def test_a_plan_of_200_commitments_imports_and_exports(api):
    w = api.create_workshop()
    plan = large_plan(200)
    document = export_plan_json(plan)
    r = api.http.post(
        f"/api/plans/import?workshop_id={w['id']}", content=document, headers=auth(w["facilitator_token"])
    )
    assert r.status_code == 201, r.text[:500]
    token = r.json()["editor_url"].split("clave=", 1)[1]
    base = f"/api/plans/{plan.id}/export"
    exported = {name: api.http.get(f"{base}/{name}", headers=auth(token)) for name in ("json", "csv", "md", "html")}
    assert {name: r.status_code for name, r in exported.items()} == dict.fromkeys(exported, 200)
    assert exported["json"].content == document
    rows = list(csv.DictReader(io.StringIO(exported["csv"].content.decode("utf-8-sig"), newline="")))
    assert len(rows) == sum(max(1, len(c.roadmap.activities)) for c in plan.commitments)
    assert rows[-1]["compromiso_num"] == "200"
    root = ET.fromstring(exported["html"].content)
    assert len([s for s in root.iter("section") if s.get("class") == "chapter"]) == 200
    html = MarkdownIt("commonmark").enable("table").render(exported["md"].content.decode("utf-8"))
    assert re.findall(r"<h2>Compromiso (\d+)\. ", html) == [str(n) for n in range(1, 201)]


def test_a_json_export_imports_into_another_server_identically(make_server, make_api, postgres_url):
    first = make_api(make_server())
    _w, _, _, plan, token = plan_with_commitment(first)
    first.http.put(
        f"/api/plans/{plan['id']}",
        json={"approved_on": "2026-02-14", "guarantor": "Instituto de Transparencia «Ñandú»"},
        headers=auth(token),
    )
    exported = first.http.get(f"/api/plans/{plan['id']}/export/json", headers=auth(token)).content
    # The second server keeps its data in PostgreSQL: the document's key order survives it too.
    second = make_api(make_server(postgres_url))
    w2 = second.create_workshop()
    r = second.http.post(
        f"/api/plans/import?workshop_id={w2['id']}", content=exported, headers=auth(w2["facilitator_token"])
    )
    assert r.status_code == 201, r.text
    token2 = r.json()["editor_url"].split("clave=", 1)[1]
    again = second.http.get(f"/api/plans/{plan['id']}/export/json", headers=auth(token2)).content
    assert again == exported
    r = second.http.post(
        f"/api/plans/import?workshop_id={w2['id']}", content=exported, headers=auth(w2["facilitator_token"])
    )
    assert r.status_code == 409


def test_the_json_schema_is_served_and_exports_follow_it(api):
    r = api.http.get("/schemas/plan-1.json")  # the version before, which still imports
    assert r.status_code == 200 and r.content == SCHEMA_PATH.with_name("plan-schema-1.json").read_bytes()
    r = api.http.get("/schemas/plan-2.json")  # the version before ids, which still imports
    assert r.status_code == 200 and r.content == SCHEMA_PATH.with_name("plan-schema-2.json").read_bytes()
    r = api.http.get("/schemas/plan-3.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/schema+json")
    assert r.content == SCHEMA_PATH.read_bytes()
    schema = r.json()
    _, _, _, plan, token = plan_with_commitment(api)
    document = api.http.get(f"/api/plans/{plan['id']}/export/json", headers=auth(token)).json()
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    spec = api.http.get("/openapi.json").json()
    assert all(f"/schemas/plan-{v}.json" in json.dumps(spec) for v in (1, 2, 3))
    for path in (
        "/api/plans",
        "/api/plans/mine",
        "/api/plans/import",
        "/api/plans/{plan_id}",
        "/api/plans/{plan_id}/commitments",
        "/api/plans/{plan_id}/template",
        "/api/plans/{plan_id}/export/{format}",
        "/api/workshops/{workshop_id}/export/{format}",
    ):
        assert path in spec["paths"], path


@pytest.mark.parametrize("name", ["json", "csv", "md", "html"])
def test_an_empty_plan_exports_and_marks_what_is_missing(api, name):
    w = api.create_workshop()
    plan, token = create_plan(api, w)
    r = api.http.get(f"/api/plans/{plan['id']}/export/{name}", headers=auth(token))
    assert r.status_code == 200 and r.content


def docx_text(body: bytes) -> tuple[str, str]:
    """The body's text (paragraphs and table cells) and the headers' text."""
    document = docx.Document(io.BytesIO(body))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    body_text = "\n".join([p.text for p in document.paragraphs] + cells)
    headers = "\n".join(p.text for s in document.sections for p in s.header.paragraphs)
    return body_text, headers


def test_the_docx_is_written_into_the_plans_template_and_in_the_ogp_layout(api):
    _, _, _, plan, token = plan_with_commitment(api)
    url = f"/api/plans/{plan['id']}/export/docx"
    plain = api.http.get(url, headers=auth(token))
    assert plain.status_code == 200, plain.text
    text, headers = docx_text(plain.content)
    assert "Red de enlaces" in text and "Gobierno Municipal de Ejemplo" not in headers
    r = api.http.put(
        f"/api/plans/{plan['id']}/template?filename=membrete.docx",
        content=make_docx("Gobierno Municipal de Ejemplo"),
        headers={**auth(token), "Content-Type": DOCX_TYPE},
    )
    assert r.status_code == 200, r.text
    templated = api.http.get(url, headers=auth(token))
    text, headers = docx_text(templated.content)
    assert "Red de enlaces" in text and "Gobierno Municipal de Ejemplo" in headers
    assert "Contenido de ejemplo" not in text  # the template's body gives way to the plan
    ogp = api.http.get(url + "?layout=ogp", headers=auth(token))
    assert ogp.status_code == 200
    assert "(formato de compromiso OGP)" in unquote(ogp.headers["content-disposition"])
    text, _ = docx_text(ogp.content)
    assert "¿Cuál es el problema público que atiende?" in text and "Red de enlaces" in text


def test_a_layout_a_format_lacks_is_refused_before_any_file(api):
    w, _, _, plan, token = plan_with_commitment(api)
    for url, headers in (
        (f"/api/plans/{plan['id']}/export/html?layout=carta", auth(token)),
        (f"/api/workshops/{w['id']}/export/docx?layout=carta", auth(w["facilitator_token"])),
        # The renderer's own refusal: Markdown and CSV have no OGP layout.
        (f"/api/plans/{plan['id']}/export/md?layout=ogp", auth(token)),
        (f"/api/workshops/{w['id']}/export/csv?layout=ogp", auth(w["facilitator_token"])),
    ):
        r = api.http.get(url, headers=headers)
        assert r.status_code == 422 and error_of(r)["field"] == "layout"
        assert "content-disposition" not in r.headers
