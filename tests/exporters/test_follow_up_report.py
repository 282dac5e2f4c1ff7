"""A commitment's informe final in every format, read back by independent
readers (markdown-it, html.parser, python-docx, the ODT's XML, pypdf and
pikepdf): each carries every activity, every evidence digest and link, the
indicators against baseline and goal, the final evaluation and the
conclusions; the PDF is tagged."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pikepdf
import pypdf
import pytest
from lxml import etree
from markdown_it import MarkdownIt

from exporters.follow_up_report import FORMATS, render_report
from exporters.follow_up_view import follow_up_view
from tests.exporters.test_follow_up_public import HOSTILE_NOTE, Collector, hostile_plan
from tests.support.follow_up_sample import TODAY, sample_plan
from tests.support.pdf_structure import structure_kinds
from workshops.errors import NotFoundError, ValidationError

PLAN = sample_plan()
C1 = PLAN.commitments[0]
EXPECTED = [
    "Contexto",
    "Resultados de la implementación",
    *(a.description for a in C1.activities),
    *(e.sha256 for e in PLAN.evidence),
    "https://infoem.example.mx/estudio-apertura.pdf",
    "https://infoem.example.mx/firmas",
    "Municipios que responden el cuestionario",
    "60 municipios (2026)",
    "110 municipios",
    "Evaluación final",
    "Completo",
    "Objetivo alcanzado.",
    C1.conclusions,
    C1.objective,
]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def text_of(fmt: str, data: bytes) -> str:
    if fmt == "md":
        tokens = MarkdownIt("commonmark").enable("table").parse(data.decode())
        return squash(" ".join(t.content for t in tokens if t.type == "inline"))
    if fmt == "html":
        parser = Collector()
        parser.feed(data.decode())
        return squash(" ".join(parser.text))
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return squash(" ".join([p.text for p in document.paragraphs] + cells))
    if fmt == "odt":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
            root = etree.fromstring(z.read("content.xml"))
        return squash(" ".join(root.itertext()))
    reader = pypdf.PdfReader(io.BytesIO(data))
    # Long digests and URLs wrap across lines in the PDF.
    return squash(" ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def reports() -> dict[str, tuple[bytes, str, str]]:
    view = follow_up_view(PLAN, TODAY)
    return {fmt: render_report(view, "c-1", fmt) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_carries_every_activity_digest_and_the_final_evaluation(reports, fmt) -> None:
    data, media_type, filename = reports[fmt]
    assert filename == f"informe-final-plan-1-compromiso-1.{fmt}"
    assert media_type.split(";")[0] in {
        "text/markdown",
        "text/html",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
        "application/pdf",
    }
    text = text_of(fmt, data)
    flat = text.replace(" ", "")
    missing = [e for e in EXPECTED if squash(e) not in text and e.replace(" ", "") not in flat]
    assert missing == []


def test_the_pdf_is_tagged_with_its_title_and_language(reports) -> None:
    data = reports["pdf"][0]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root and len(root.StructTreeRoot.K) > 0
        assert str(root.Lang) == "es-MX"
        assert bool(root.MarkInfo.Marked)
        assert str(pdf.docinfo.Title) == "Informe final del compromiso «Cultura de Gobierno Abierto»"
        kinds = structure_kinds(pdf)
    assert kinds.count("/H1") == 1
    assert {"/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/Caption"} <= set(kinds)


def test_the_docx_and_odt_say_their_language_and_title(reports) -> None:
    document = docx.Document(io.BytesIO(reports["docx"][0]))
    assert document.core_properties.title.startswith("Informe final del compromiso")
    assert [p.style.name for p in document.paragraphs][:1] == ["Title"]
    assert any(p.style.name == "Heading 1" and p.text == "Contexto" for p in document.paragraphs)
    with zipfile.ZipFile(io.BytesIO(reports["odt"][0])) as z:
        meta = z.read("meta.xml").decode()
        content = z.read("content.xml").decode()
    assert "Informe final del compromiso" in meta
    assert 'text:outline-level="1">Contexto<' in content


def test_a_commitment_without_final_evaluation_says_so_in_english() -> None:
    view = follow_up_view(PLAN.__class__(**{**PLAN.__dict__, "reviews": ()}), TODAY, "en")
    data, _, _ = render_report(view, "c-2", "md")
    text = data.decode()
    assert "has not yet recorded this commitment's final evaluation" in text
    assert "With 1 of 2 activities verified" in text


def test_hostile_text_stays_text_in_markdown_and_html() -> None:
    view = follow_up_view(hostile_plan(), TODAY)
    md = render_report(view, "c-1", "md")[0].decode()
    html = MarkdownIt("commonmark").render(md)
    assert "<script>" not in html and "<img" not in html
    page = render_report(view, "c-1", "html")[0]
    assert b"<script>" not in page and b"<img" not in page
    assert HOSTILE_NOTE in text_of("html", page) or squash(HOSTILE_NOTE) in text_of("html", page)


def test_unknown_format_and_commitment_are_refused() -> None:
    view = follow_up_view(PLAN, TODAY)
    with pytest.raises(ValidationError):
        render_report(view, "c-1", "rtf")
    with pytest.raises(NotFoundError):
        render_report(view, "c-9", "md")
