"""The public outputs of a published plan, each read back by an independent
reader: the page (html.parser), the JSON (its JSON Schema), progress.csv
(csv), the Atom feed (feedparser) and the iCalendar feed (icalendar)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import icalendar
import jsonschema
from hypothesis import given, settings

from exporters.follow_up_csv import COLUMNS, export_progress_csv
from exporters.follow_up_feeds import export_atom, export_ical, fold
from exporters.follow_up_html import render_public_page
from exporters.follow_up_json import SCHEMA, export_public_json
from exporters.follow_up_publication import Evidence, PublicActivity
from exporters.follow_up_view import follow_up_view
from tests.exporters.test_follow_up_view import plans
from tests.support.follow_up_sample import TODAY, at, sample_plan
from workshops.follow_up import ActivityStatus, FollowUpRole, Update

DOCS = Path(__file__).resolve().parents[2] / "docs"
HOSTILE_NOTE = '<script>alert("x")</script><img src=x onerror=alert(1)> =HYPERLINK("http://evil")'
HOSTILE_LINK = "javascript:alert(document.cookie)"


def hostile_plan():
    """A note with markup, a javascript: link in an update and as evidence, a
    description starting with a formula."""
    plan = sample_plan(note=HOSTILE_NOTE)
    c1 = plan.commitments[0]
    acts = list(c1.activities)
    acts[1] = dataclasses.replace(acts[1], description="=cmd|' /C calc'!A0")
    bad = Update("a-1-2", ActivityStatus.INICIADA, "ok", (HOSTILE_LINK,), FollowUpRole.RESPONSABLE, at("2027-04-11"))
    return dataclasses.replace(
        plan,
        commitments=(dataclasses.replace(c1, activities=tuple(acts)), *plan.commitments[1:]),
        updates=(*plan.updates, bad),
        evidence=(*plan.evidence, Evidence("a-1-2", "x", link=HOSTILE_LINK)),
    )


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: bytes) -> Collector:
    collector = Collector()
    collector.feed(html.decode("utf-8"))
    return collector


# ------------------------------------------------------------------ page


def test_the_page_shows_the_plan_progress_evidence_and_reviews() -> None:
    page = parsed(render_public_page(follow_up_view(sample_plan(), TODAY)))
    text = " ".join(page.text)
    for expected in (
        "1er Plan de Acción Local de Gobierno Abierto",
        "40 %",
        "Atrasada",
        "Por verificar",
        "Devuelta",
        "Seguimiento semestral",
        "Evaluación final",
        sample_plan().evidence[0].sha256,
        "https://infoem.example.mx/estudio-apertura.pdf",
        "Historial público",
        "117 municipios",
    ):
        assert expected in text, expected
    assert ("html", {"lang": "es-MX"}) in page.tags
    assert [t for t, _ in page.tags].count("h1") == 1
    assert sum(1 for t, a in page.tags if t == "svg" and a.get("role") == "img") == 2


def test_the_page_escapes_hostile_text_and_never_links_a_javascript_url() -> None:
    html = render_public_page(follow_up_view(hostile_plan(), TODAY))
    page = parsed(html)
    assert "script" not in [t for t, _ in page.tags]
    assert "img" not in [t for t, _ in page.tags]
    assert b"<script>alert" not in html
    hrefs = [a["href"] for t, a in page.tags if t == "a"]
    assert all(h and (h.startswith(("http://", "https://", "/", "#"))) for h in hrefs), hrefs
    assert not any("javascript" in (h or "") for h in hrefs)
    text = " ".join(page.text)
    assert HOSTILE_NOTE in text  # shown as typed
    assert HOSTILE_LINK in text  # the URL visible, as text
    assert not any(a.get(k) for _, a in page.tags for k in a if k.startswith("on"))


def test_the_page_in_english() -> None:
    page = parsed(render_public_page(follow_up_view(sample_plan(), TODAY, "en")))
    assert ("html", {"lang": "en"}) in page.tags
    assert "Late" in page.text and "Verified progress" in " ".join(page.text)


# ------------------------------------------------------------------ JSON


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((DOCS / "public-plan-schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_public_json_follows_its_published_schema() -> None:
    document = json.loads(export_public_json(follow_up_view(hostile_plan(), TODAY)))
    validator().validate(document)
    assert document["schema"] == SCHEMA
    c1 = document["commitments"][0]
    assert c1["id"] == "c-1" and c1["progress_verified"] == 30
    a = c1["activities"][1]
    assert (a["id"], a["status"], a["late"]) == ("a-1-2", "iniciada", True)
    assert c1["activities"][0]["evidence"][0]["sha256"] == sample_plan().evidence[0].sha256
    assert [m["value"] for m in c1["indicators"][0]["measurements"]] == [88, 117]
    assert [r["kind"] for r in document["reviews"]] == ["seguimiento_semestral", "evaluacion_final"]


def test_the_public_json_carries_no_token_and_no_person() -> None:
    raw = export_public_json(follow_up_view(sample_plan(), TODAY)).decode()
    assert "token" not in raw.lower()
    document = json.loads(raw)
    for a in (a for c in document["commitments"] for a in c["activities"]):
        for u in a["updates"]:
            assert set(u) == {"kind", "at", "status", "role", "note", "links"}  # a role, never a name


@settings(max_examples=60, deadline=None)
@given(plans())
def test_any_plan_gives_schema_valid_json(case) -> None:
    plan, today = case
    validator().validate(json.loads(export_public_json(follow_up_view(plan, today))))


def test_the_schema_rejects_a_progress_over_100() -> None:
    document = json.loads(export_public_json(follow_up_view(sample_plan(), TODAY)))
    document["commitments"][0]["progress_verified"] = 101
    assert list(validator().iter_errors(document))


# ------------------------------------------------------------------ CSV


def test_progress_csv_has_a_bom_one_row_per_activity_and_neutralised_formulas() -> None:
    data = export_progress_csv(follow_up_view(hostile_plan(), TODAY))
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(COLUMNS)
    assert [r["actividad_id"] for r in rows] == ["a-1-1", "a-1-2", "a-1-3", "a-1-4", "a-2-1", "a-2-2"]
    late = rows[1]
    assert late["actividad"] == "'=cmd|' /C calc'!A0"
    assert (late["estado"], late["atrasada"]) == ("iniciada", "si")
    assert rows[0]["evidencia_sha256"] == sample_plan().evidence[0].sha256
    starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [v for r in rows for v in r.values() if v.startswith(starts)]


def test_every_formula_start_is_neutralised() -> None:
    plan = sample_plan()
    c1 = plan.commitments[0]
    acts = tuple(PublicActivity(f"x-{i}", start + "1+1", None, None, None) for i, start in enumerate("=+-@\t\r"))
    plan = dataclasses.replace(plan, commitments=(dataclasses.replace(c1, activities=acts),))
    rows = list(
        csv.DictReader(io.StringIO(export_progress_csv(follow_up_view(plan, TODAY)).decode("utf-8-sig"), newline=""))
    )
    assert [r["actividad"][:2] for r in rows] == ["'" + s for s in "=+-@\t\r"]


# ------------------------------------------------------------------ Atom


def test_the_atom_feed_is_valid_with_one_entry_per_update_verification_and_review() -> None:
    view = follow_up_view(hostile_plan(), TODAY)
    data = export_atom(view, "https://cocrea.example.mx/api/public/plans/plan-1/feed.atom")
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    plan = hostile_plan()
    assert len(feed.entries) == len(plan.updates) + len(plan.reviews)
    assert feed.entries[0].title.startswith("Evaluación final")
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    assert all(e.updated_parsed for e in feed.entries)
    hostile = [e for e in feed.entries if HOSTILE_NOTE in e.summary]
    assert len(hostile) == 1  # the markup came back as text
    assert b"<script>" not in data
    assert feed.feed.title.startswith("1er Plan de Acción")
    assert [link.rel for link in feed.feed.links] == ["alternate", "self"]


# ------------------------------------------------------------------ iCalendar


def test_the_icalendar_feed_has_one_event_per_due_date() -> None:
    plan = sample_plan()
    c1 = plan.commitments[0]
    tricky = dataclasses.replace(c1.activities[0], description="Comas, punto y coma; barra \\ y\nsalto — ñandú " * 3)
    plan = dataclasses.replace(
        plan, commitments=(dataclasses.replace(c1, activities=(tricky, *c1.activities[1:])), plan.commitments[1])
    )
    data = export_ical(follow_up_view(plan, TODAY), dt.datetime(2027, 7, 15, 12, tzinfo=dt.UTC))
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # no line folded inside a character
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 6
    first = events[0]
    assert str(first["SUMMARY"]) == "1.1 " + tricky.description
    assert first.decoded("DTSTART") == dt.date(2027, 4, 30)
    assert first.decoded("DTEND") == dt.date(2027, 5, 1)
    assert len({str(e["UID"]) for e in events}) == 6
    late = events[1]
    assert "Atrasada" in str(late["DESCRIPTION"])


def test_folding_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "ñ" * 100
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert all(part.startswith(b" ") for part in folded[1:])
    assert b"".join(part.removeprefix(b" ") for part in folded).decode("utf-8") == line


def test_stored_file_addresses_are_linked_only_when_they_are_http_or_a_platform_path() -> None:
    plan = sample_plan()
    odd = (
        Evidence("a-1-1", "<img src=x onerror=alert(1)>", "text/html", 10, "A" * 64, url="//evil.example/x"),
        Evidence("a-1-1", "data", url="data:text/html,<script>alert(1)</script>"),
        Evidence("a-1-1", "ok", url="/api/public/plans/plan-1/evidence/e-9", sha256="not-a-digest"),
    )
    view = follow_up_view(dataclasses.replace(plan, evidence=plan.evidence + odd), TODAY)
    shown = view["commitments"][0]["activities"][0]["evidence"]
    assert [e["href"] for e in shown[-4:-1]] == [None, None, "/api/public/plans/plan-1/evidence/e-9"]
    assert shown[-4]["sha256"] is None or shown[-4]["sha256"] == "a" * 64
    assert shown[-2]["sha256"] is None  # only a real digest is shown as one
    page = parsed(render_public_page(view))
    hrefs = [a["href"] for t, a in page.tags if t == "a"]
    assert "//evil.example/x" not in hrefs and not any((h or "").startswith("data:") for h in hrefs)
    assert "img" not in [t for t, _ in page.tags] and "script" not in [t for t, _ in page.tags]
    text = " ".join(page.text)
    assert "<img src=x onerror=alert(1)>" in text and "//evil.example/x" in text
