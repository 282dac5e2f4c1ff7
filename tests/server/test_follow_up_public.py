"""The public follow-up of a plan over HTTP against a real server: the page,
the open data (JSON, CSV), the feeds (Atom, iCalendar) and the informe
final, each read back by an independent reader, before and after publishing,
fed by updates, verifications, measurements and reviews made through the
real routes. The plan is test_follow_up_api's (the seeded INFOEM plan)."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import docx
import feedparser
import httpx
import icalendar
import jsonschema
import pypdf
import pytest

from exporters.plan_json import export_plan_json
from tests.conftest import Api
from tests.server.test_follow_up_api import PDF, Plan, import_plan, multipart, review_body, with_links
from tests.server.test_voting_api import auth
from tests.support.live_server import LiveServer
from tests.support.refusals import sqlite_file
from tests.workshops.test_plan import seeded_plan

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "public-plan-schema.json").read_text())
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("follow-up-public")
    live = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", room_grace_seconds=0)
    live.start()
    yield live
    live.kill()


@pytest.fixture
def plan(server: LiveServer) -> Iterator[Plan]:
    api = Api(server)
    db = sqlite_file(server.env["COCREA_DATABASE_URL"])
    other = import_plan(api, db)
    yield with_links(import_plan(api, db), other)
    api.http.close()


def public_paths(plan: Plan) -> dict[str, str]:
    base = f"/api/public/plans/{plan.id}"
    return {
        "page": f"/publico/planes/{plan.id}",
        "json": base,
        "csv": f"{base}/progress.csv",
        "atom": f"{base}/feed.atom",
        "ics": f"{base}/calendar.ics",
        "report": f"/api/plans/{plan.id}/commitments/k-infoem/report/md",
    }


def get(plan: Plan, path: str, who: str | None = None, **kwargs: object) -> httpx.Response:
    return plan.api.http.get(path, headers=plan.headers(who), **kwargs)


def publish(plan: Plan) -> None:
    plan.ok("POST", "/publish", "editor")


def report_and_verify(plan: Plan, index: int = 0, note: str = "Acta firmada", files=()) -> dict:
    body = multipart(files=files, note=note) if files else {"json": {"status": "por_verificar", "note": note}}
    update = plan.ok("POST", plan.update_path(index=index), "responsable", **body)
    plan.ok("PUT", plan.verification_path(index=index), "verifier", json={"decision": "verificada", "reason": "ok"})
    return update


def test_public_routes_are_404_before_publishing_and_200_after(plan):
    paths = public_paths(plan)
    for name, path in paths.items():
        r = get(plan, path)
        assert r.status_code == 404, (name, r.status_code)
        assert plan.id not in r.text or name == "page"
    # Before publishing, the informe final is the editor's preview only.
    assert get(plan, paths["report"], "editor").status_code == 200
    for who in ("responsable", "verifier"):
        assert get(plan, paths["report"], who).status_code == 404
    assert get(plan, "/api/public/plans/no-such-plan").status_code == 404

    publish(plan)
    expected = {
        "page": "text/html",
        "json": "application/json",
        "csv": "text/csv",
        "atom": "application/atom+xml",
        "ics": "text/calendar",
        "report": "text/markdown",
    }
    for name, path in paths.items():
        r = get(plan, path)
        assert r.status_code == 200, (name, r.text[:300])
        assert r.headers["content-type"].startswith(expected[name]), (name, r.headers["content-type"])
    page = get(plan, paths["page"])
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "style-src 'unsafe-inline'" in csp
    # One script, ours (it follows the plan's live document): no inline script, nothing from elsewhere.
    assert "script-src 'self';" in csp and "connect-src 'self';" in csp
    (ours,) = re.findall(r'src="(/static/dist/public-live[^"]*\.js)"', page.text)
    assert re.findall(r"<script[^>]*>", page.text) == [f'<script type="module" src="{ours}">']
    assert page.headers["x-content-type-options"] == "nosniff"
    # The page's open-data links are the routes that serve them.
    hrefs = re.findall(r'href="(/api/public/plans/[^"]+)"', page.text)
    assert {paths["json"], paths["csv"], paths["atom"], paths["ics"]} <= set(hrefs)
    for href in set(hrefs):
        assert get(plan, href).status_code == 200, href
    assert get(plan, "/api/public/plans/no-such-plan/feed.atom").status_code == 404


def test_the_page_shows_verified_progress_and_evidence_with_hostile_text_escaped(plan):
    publish(plan)
    pdf = PDF + b"% acta\n"
    update = report_and_verify(plan, note=HOSTILE, files=[("acta.pdf", pdf, "application/pdf")])
    [evidence] = update["evidence"]
    page = get(plan, f"/publico/planes/{plan.id}").text
    assert "Verificada" in page
    assert hashlib.sha256(pdf).hexdigest() in page
    assert "acta.pdf" in page
    # The file is linked at the public evidence route, and served there to anyone.
    url = re.search(rf'href="([^"]*/api/plans/{plan.id}/evidence/{evidence["id"]})"', page)
    assert url is not None, "the evidence is not linked"
    download = httpx.get(url.group(1))
    assert download.status_code == 200 and download.content == pdf
    assert download.headers["content-type"] == "application/pdf"
    # The note is text, never markup.
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
    # The public progress is the one the follow-up computes: the verified activity's weight (10 %).
    data = get(plan, f"/api/public/plans/{plan.id}").json()
    [infoem] = [c for c in data["commitments"] if c["id"] == "k-infoem"]
    [private] = [c for c in plan.ok("GET", "/follow-up", "editor")["commitments"] if c["id"] == "k-infoem"]
    assert infoem["progress_verified"] == private["progress"]["verified"] == 10
    assert re.search(r">\s*10 %\s*<", page), "the verified progress is not shown"
    # The public history says what changed after publishing, in the page's language.
    assert "Verificación de una actividad: verificada." in page
    english = get(plan, f"/publico/planes/{plan.id}", params={"lang": "en"})
    assert english.headers["content-language"] == "en" and "Verified progress" in english.text
    assert "An activity was verified: verified." in english.text


def test_the_public_json_follows_its_schema_and_has_no_tokens_or_names(plan):
    publish(plan)
    report_and_verify(plan, files=[("acta.pdf", PDF, "application/pdf")])
    plan.ok("POST", plan.update_path(index=1), "corresponsable", json={"status": "iniciada"})
    plan.ok("POST", plan.measurement_path(), "responsable", json={"period": "2024", "value": 12, "note": "Medido"})
    plan.ok("POST", "/reviews", "verifier", json=review_body())
    r = get(plan, f"/api/public/plans/{plan.id}")
    document = r.json()
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    [infoem] = [c for c in document["commitments"] if c["id"] == "k-infoem"]
    assert [a["id"] for a in infoem["activities"]] == plan.activities["k-infoem"]
    first, second = infoem["activities"][:2]
    assert (first["status"], second["status"]) == ("verificada", "iniciada")
    assert isinstance(first["late"], bool)
    assert first["evidence"] and first["evidence"][0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    [indicator] = [i for i in infoem["indicators"] if i["id"] == plan.indicators["k-infoem"][0]]
    assert [m["value"] for m in indicator["measurements"]] == [12]
    assert len(document["reviews"]) == 1
    page = get(plan, f"/publico/planes/{plan.id}").text
    for secret in [*plan.tokens.values(), "Persona responsable", "Persona corresponsable", "link-", "editor-"]:
        assert secret not in r.text, secret
        assert secret not in page, secret


def test_the_csv_has_a_bom_and_one_row_per_activity(plan):
    publish(plan)
    plan.ok("POST", plan.update_path(index=0), "responsable", json={"status": "iniciada", "note": "=HYPERLINK(1)"})
    r = get(plan, f"/api/public/plans/{plan.id}/progress.csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    activities = sum(len(ids) for ids in plan.activities.values())
    assert len(rows) == 1 + activities
    assert all(not cell.startswith("=") for row in rows for cell in row)


def test_the_atom_feed_has_an_entry_per_update_verification_and_review(plan):
    publish(plan)
    path = f"/api/public/plans/{plan.id}/feed.atom"
    assert feedparser.parse(get(plan, path).content).entries == []
    report_and_verify(plan)
    plan.ok("POST", "/reviews", "verifier", json=review_body())
    r = get(plan, path)
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.bozo_exception
    assert r.headers["content-type"].startswith("application/atom+xml")
    assert len(feed.entries) == 3
    kinds = sorted(t.term for e in feed.entries for t in e.tags)
    assert kinds == ["review", "update", "verification"]
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == plan.api.server.url + path
    ids = [e.id for e in feed.entries]
    assert ids == [e.id for e in feedparser.parse(get(plan, path).content).entries]  # stable


def test_the_calendar_has_an_event_per_dated_activity(plan):
    publish(plan)
    r = get(plan, f"/api/public/plans/{plan.id}/calendar.ics")
    assert r.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(r.content)
    events = list(calendar.walk("VEVENT"))
    activities = sum(len(ids) for ids in plan.activities.values())
    assert len(events) == activities
    assert len({str(e["UID"]) for e in events}) == activities


def test_the_informe_final_reads_back_in_docx_and_pdf(plan):
    publish(plan)
    report_and_verify(plan, note="Acta de instalación firmada", files=[("acta.pdf", PDF, "application/pdf")])
    base = f"/api/plans/{plan.id}/commitments/k-infoem/report"
    r = get(plan, f"{base}/docx")
    assert r.status_code == 200, r.text
    assert 'filename="informe-final-' in r.headers["content-disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "Estrategia de fortalecimiento a la Cultura de Gobierno Abierto" in text
    tables = "\n".join(c.text for t in docx.Document(io.BytesIO(r.content)).tables for row in t.rows for c in row.cells)
    assert hashlib.sha256(PDF).hexdigest() in text + tables
    r = get(plan, f"{base}/pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(r.content))
    assert "Informe final" in "".join(page.extract_text() for page in pdf.pages)
    for fmt in ("odt", "html", "md"):
        assert get(plan, f"{base}/{fmt}").status_code == 200, fmt
    assert get(plan, f"{base}/rtf").status_code == 422
    assert get(plan, f"/api/plans/{plan.id}/commitments/k-nada/report/pdf").status_code == 404
    assert get(plan, f"/api/plans/{plan.id}/commitments/k-nada/report/md").status_code == 404


def test_an_activity_id_two_commitments_share_stays_apart_in_public(server):
    """Ids are unique per commitment; an imported plan may repeat one in
    another commitment: the public outputs tell them apart."""
    api = Api(server)
    workshop = api.create_workshop()
    document = json.loads(export_plan_json(seeded_plan()))
    document["id"] = "seg-" + secrets.token_hex(4)
    for commitment in document["commitments"]:
        commitment["roadmap"]["activities"][0]["id"] = "act-shared"
    r = api.http.post(
        f"/api/plans/import?workshop_id={workshop['id']}",
        content=json.dumps(document).encode(),
        headers=auth(workshop["facilitator_token"]),
    )
    assert r.status_code == 201, r.text
    editor = auth(r.json()["editor_url"].split("clave=", 1)[1])
    base = f"/api/plans/{document['id']}"
    assert api.http.post(f"{base}/publish", headers=editor).status_code == 200
    activity = f"{base}/commitments/k-infoem/activities/act-shared"
    r = api.http.post(f"{activity}/updates", json={"status": "por_verificar", "note": "Hecho"}, headers=editor)
    assert r.status_code == 201, r.text
    r = api.http.put(f"{activity}/verification", json={"decision": "verificada", "reason": "ok"}, headers=editor)
    assert r.status_code == 200, r.text
    public = api.http.get(f"/api/public/plans/{document['id']}").json()
    firsts = {c["id"]: c["activities"][0] for c in public["commitments"]}
    assert firsts["k-infoem"]["id"] != firsts["k-red"]["id"]
    assert (firsts["k-infoem"]["status"], firsts["k-red"]["status"]) == ("verificada", "sin_iniciar")
    assert len(firsts["k-red"]["updates"]) == 0
    api.http.close()


@pytest.mark.parametrize("route", ["", "/progress.csv", "/feed.atom", "/calendar.ics"])
def test_the_open_data_and_feeds_are_sent_compressed(plan, route):
    publish(plan)
    report_and_verify(plan, note="Acta de instalación firmada y publicada en el micrositio. " * 8)
    path = f"/api/public/plans/{plan.id}{route}"
    plain = plan.api.http.get(path, headers={"Accept-Encoding": "identity"})
    assert len(plain.content) > 1024  # smaller answers go as they are
    with plan.api.http.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as r:
        raw = b"".join(r.iter_raw())
        assert r.headers.get("content-encoding") == "gzip", route
    assert gzip.decompress(raw) == plain.content


def test_the_404_before_publishing_reads_in_the_language_asked(plan):
    path = f"/api/public/plans/{plan.id}"
    spanish = plan.api.http.get(path).json()["error"]["message"]
    english = plan.api.http.get(path, headers={"Accept-Language": "en"}).json()["error"]["message"]
    assert spanish == "Ese plan no existe o todavía no se publica."
    assert english == "That plan does not exist or is not published yet."
    page = plan.api.http.get(f"/publico/planes/{plan.id}", params={"lang": "en"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "That plan does not exist or is not published yet." in page.text


def test_public_outputs_are_revalidated_and_follow_every_write(plan):
    """Each public output carries an ETag; naming it answers 304 with no body
    while the plan is unchanged (the same bytes are served again), and any
    write (here a report and its verification) gives every output a new
    ETag and the new state."""
    publish(plan)
    paths = public_paths(plan)
    http = plan.api.http
    first = {name: http.get(path) for name, path in paths.items()}
    for name, answer in first.items():
        assert answer.status_code == 200, (name, answer.text[:200])
        etag = answer.headers["etag"]
        unchanged = http.get(paths[name], headers={"If-None-Match": etag})
        assert (unchanged.status_code, unchanged.content) == (304, b""), name
        assert unchanged.headers["etag"] == etag
        assert http.get(paths[name]).content == answer.content, name
    assert (
        http.get(paths["page"], headers={"If-None-Match": 'W/"x", ' + first["page"].headers["etag"]}).status_code == 304
    )
    english = http.get(paths["page"] + "?lang=en")
    assert english.headers["etag"] != first["page"].headers["etag"] and 'lang="en' in english.text

    report_and_verify(plan)
    for name, path in paths.items():
        answer = http.get(path, headers={"If-None-Match": first[name].headers["etag"]})
        assert answer.status_code == 200, name
        assert answer.headers["etag"] != first[name].headers["etag"], name
    (commitment,) = [c for c in http.get(paths["json"]).json()["commitments"] if c["id"] == "k-infoem"]
    assert commitment["activities"][0]["status"] == "verificada"
