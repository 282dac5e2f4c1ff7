"""The plan as PDF, read back with independent readers (pypdf, and pikepdf
for the tagging): tagged with title and language, DejaVu embedded, numbered
pages, the tree as a described vector figure, every value of the seeded
commitment in the text with its accents, and the OGP layout a page per
commitment."""

from __future__ import annotations

import io
import re
from typing import Any

import pikepdf
import pypdf
import pytest
from pypdf.generic import ArrayObject, DictionaryObject

from exporters.formats import ExportContext
from exporters.plan_formats import PLAN_FORMATS
from exporters.plan_pdf import MEDIA_TYPE, TYPST_TEMPLATES, compile_pdf, export_plan_pdf, pdf_inputs
from tests.exporters.test_plan_odt import (
    ACTIVITY_ROWS,
    INDICATOR_ROWS,
    MESA_FACTS,
    MINUTE_ROWS,
    PARTICIPATION_ROWS,
    ROADMAP_ROWS,
    SEEDED_TITLE,
    SHEET_ROWS,
    seeded_commitment_plan,
)
from tests.exporters.test_plan_view import RED_CAUSES, RED_EFFECTS, attack, hostile_plan, large_plan
from tests.support.pdf_structure import structure_elements
from tests.workshops.test_plan import ATTENDANCE, INFOEM_SHEET, PLAN_DATA, seeded_plan
from workshops.demo import DEMO_PROBLEM
from workshops.errors import ValidationError

SOFT_HYPHEN = "\u00ad"  # how the text reads a hyphen Typst draws


def read(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def normal(text: str) -> str:
    """Text as read: hyphenated words joined, white space collapsed."""
    text = text.replace(SOFT_HYPHEN + "\n", "").replace(SOFT_HYPHEN, "-").replace("-\n", "-")
    return re.sub(r"\s+", " ", text).strip()


def loose(text: str) -> str:
    """``normal`` without hyphens: a word Typst hyphenates in a narrow
    column reads with «-» at the line's end, like a word typed with one."""
    return normal(text).replace("-", "")


def structure(reader: pypdf.PdfReader) -> list[DictionaryObject]:
    """Every structure element of the tagged PDF."""
    found: list[DictionaryObject] = []

    def walk(kid: Any) -> None:
        kid = kid.get_object()
        if isinstance(kid, ArrayObject):
            for k in kid:
                walk(k)
        elif isinstance(kid, DictionaryObject):
            if "/S" in kid:
                found.append(kid)
            if "/K" in kid:
                walk(kid["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.fixture(scope="module")
def seeded_pdf() -> bytes:
    return export_plan_pdf(seeded_commitment_plan())


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return export_plan_pdf(seeded_plan())


@pytest.fixture(scope="module")
def ogp_pdf() -> bytes:
    return export_plan_pdf(seeded_plan(), "ogp")


def test_the_pdf_is_tagged_with_its_title_and_language(plan_pdf):
    assert plan_pdf.startswith(b"%PDF-1.7") and MEDIA_TYPE == "application/pdf"
    reader = read(plan_pdf)
    root = reader.trailer["/Root"]
    assert reader.metadata.title == PLAN_DATA["title"]
    assert root["/Lang"] == "es-MX"
    assert bool(root["/MarkInfo"]["/Marked"])
    kinds = [str(e["/S"]) for e in structure(reader)]
    assert kinds.count("/H1") == 1 and kinds.count("/H2") == 6  # contents, 2 chapters, 3 annexes
    assert {"/Table", "/TH", "/TD", "/Caption", "/L", "/LI", "/Figure"} <= set(kinds)
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    # Oblique: the figure's «Fuera del alcance» note under an out-of-scope cause.
    assert fonts == {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}


@pytest.mark.parametrize("layout", ["plan", "ogp"])
def test_every_pdf_is_tagged_as_pikepdf_reads_it(layout):
    """A second reader (qpdf underneath): structure tree, language, marked
    content, the title in the document information and the XMP, and in the
    plan layout every figure described."""
    with pikepdf.open(io.BytesIO(export_plan_pdf(seeded_plan(), layout))) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root and len(root.StructTreeRoot.K) > 0
        assert str(root.Lang) == "es-MX"
        assert bool(root.MarkInfo.Marked)
        assert str(pdf.docinfo.Title).startswith(PLAN_DATA["title"])
        assert pdf.open_metadata()["dc:title"] == str(pdf.docinfo.Title)
        figures = [e for e in structure_elements(pdf) if e.S == "/Figure"]
        assert len(figures) == (2 if layout == "plan" else 0)
        assert all(str(f.Alt).startswith("Árbol de problemas: el problema central «") for f in figures)


def test_pages_are_numbered_and_each_chapter_starts_a_page(plan_pdf):
    texts = page_texts(read(plan_pdf))
    total = len(texts)
    for number, text in enumerate(texts, 1):
        assert f"Página {number} de {total}" in text
    starts = [normal(t).split(" ", 3)[:3] for t in texts]
    chapter_pages = [i for i, s in enumerate(starts) if s[0] == "Compromiso" and s[1] in ("1.", "2.")]
    annex_pages = [i for i, t in enumerate(texts) if normal(t).startswith("Anexo. ")]
    assert len(chapter_pages) == 2 and len(annex_pages) == 2
    assert normal(texts[2]).startswith("Contexto El Plan de Acción Local es el documento consensado")
    assert texts[0].startswith("Plan de Acción Local\n1er Plan de Acción Local")
    contents = normal(texts[1])
    # The contents give each chapter's page, as the PDF numbers them.
    assert re.search(rf"Compromiso 1\. Estrategia .*?\.{{3,}} {chapter_pages[0] + 1} ", contents)
    assert re.search(rf"Anexo\. Relatoría \.{{3,}} {annex_pages[-1] + 1}", contents)


def test_every_value_of_the_seeded_commitment_is_in_the_text_with_its_accents(seeded_pdf):
    text = normal("\n".join(page_texts(read(seeded_pdf))))
    assert f"Compromiso 1. {SEEDED_TITLE}" in text and "ñ" in SEEDED_TITLE
    expected = [
        *RED_EFFECTS,
        DEMO_PROBLEM,
        *RED_CAUSES,
        *(f"{label} {' '.join(values)}" for label, values in SHEET_ROWS.items()),
        *(f"{label} {' '.join(values)}" for label, values in ROADMAP_ROWS.items()),
        *(" ".join(" ".join(cell) for cell in row) for row in ACTIVITY_ROWS),
        *(" ".join(" ".join(cell) for cell in row) for row in INDICATOR_ROWS),
        "Tipo de decisión Consenso Método Consulta de consentimiento Fecha 30 de noviembre de 2021",
        *(" ".join(row) for row in PARTICIPATION_ROWS),
        *(fact.replace(": ", " ", 1) for fact in MESA_FACTS),
        *(" ".join(row) for row in MINUTE_ROWS),
        f"Sociedad civil 7 {' '.join(ATTENDANCE[0].organizations)}",
        "Facilitación 1 — Total 13",
    ]
    text = loose(text)
    missing = [value for value in expected if loose(value) not in text]
    assert missing == []


def test_the_tree_is_a_figure_with_its_description(plan_pdf):
    reader = read(plan_pdf)
    figures = [e for e in structure(reader) if e["/S"] == "/Figure"]
    assert len(figures) == 2
    for figure in figures:
        assert str(figure["/Alt"]).startswith("Árbol de problemas: el problema central «")
        assert DEMO_PROBLEM in str(figure["/Alt"])
    objects = [x for page in reader.pages for x in page["/Resources"].get("/XObject", {}).values()]
    drawn = {str(x.get_object()["/Subtype"]) for x in objects}
    assert "/Image" not in drawn  # the trees are vector drawings, not pictures
    first_chapter = next(t for t in page_texts(reader) if normal(t).startswith("Compromiso 1. "))
    text = normal(first_chapter)
    assert text.count("Efectos") == 2  # the label drawn in the figure, then the heading of the text
    assert "Figura 1. Árbol de problemas del compromiso 1; su texto sigue." in text


def descendants(element: pikepdf.Dictionary) -> list[str]:
    """The types of the structure elements below ``element``."""
    if "/K" not in element:
        return []
    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
    found = []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += [str(kid.S), *descendants(kid)]
    return found


@pytest.mark.parametrize("layout", ["plan", "ogp"])
def test_several_values_in_a_table_cell_are_lines_of_the_cell_not_a_list(layout):
    """An activity's products and means of verification, a sheet's values, a
    sector's organizations: each value on its own line after a drawn bullet,
    in the cell's paragraph (TD), as the HTML's list shows them; lists are
    kept for the text outside tables (L, LI: the tree's effects and causes).
    A list's tags in every cell took a third of a long plan's time. (That
    every value is there, in order: the test of the seeded commitment.)"""
    pdf_bytes = export_plan_pdf(seeded_commitment_plan(), layout)
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        elements = list(structure_elements(pdf))
        tables = [e for e in elements if e.S == "/Table"]
        assert tables and all("/L" not in descendants(t) and "/LI" not in descendants(t) for t in tables)
        if layout == "plan":
            assert "/LI" in [str(e.S) for e in elements]


def test_the_ogp_layout_gives_each_commitment_its_page(ogp_pdf):
    reader = read(ogp_pdf)
    assert reader.metadata.title.endswith("Compromisos en el formato de la Alianza para el Gobierno Abierto (OGP)")
    texts = [normal(t) for t in page_texts(reader)]
    starts = [i for i, t in enumerate(texts) if re.match(r"Compromiso \d\. ", t)]
    assert len(starts) == 2 and starts[0] == 1
    first = " ".join(texts[starts[0] : starts[1]])
    for row in (
        "Compromiso Estrategia de fortalecimiento a la Cultura de Gobierno Abierto",
        "Fecha de inicio y término Del 20 de enero de 2022 al 30 de junio de 2023",
        f"¿Qué es el compromiso? {INFOEM_SHEET['description']}",
        "¿Por qué es relevante para los valores de gobierno abierto? Transparencia Participación ciudadana",
        "Información adicional Tipo de compromiso: Proactivo Objetivos de Desarrollo Sostenible (ODS): 11.",
        "Persona servidora pública responsable Adriana Yadira Cárdenas Tagle",
        f"Otros actores {INFOEM_SHEET['other_actors']}",
    ):
        assert row in first
    assert "Actividades con entregable verificable del compromiso 1" in first
    assert re.search(
        r"1 Emitir la convocatoria pública .* Convocatoria pública Convocatoria publicada en el Micrositio .* "
        r"20 de enero de 2022 4 de febrero",
        first,
    )


@pytest.mark.parametrize("layout", ["plan", "ogp"])
def test_typst_reports_nothing_while_typesetting(layout):
    _, warnings = compile_pdf(TYPST_TEMPLATES[layout], pdf_inputs(seeded_plan(), layout))
    assert warnings == []


def test_markup_in_any_text_is_printed_as_text():
    # Long words break anywhere in a narrow cell: compare without line breaks and spaces.
    text = re.sub(rf"{SOFT_HYPHEN}\s|\s", "", "".join(page_texts(read(export_plan_pdf(hostile_plan())))))
    for path in ("commitments.0.commitment.sheet.title", "commitments.1.minutes.0.text"):
        assert re.sub(r"\s", "", attack(path)) in text


def test_layouts_and_languages_are_checked():
    with pytest.raises(ValidationError) as raised:
        export_plan_pdf(seeded_plan(), "carta")
    assert raised.value.field == "layout"
    with pytest.raises(ValidationError) as raised:
        PLAN_FORMATS.get_format("pdf").render(seeded_plan(), ExportContext(title="Plan", lang="en"))
    assert raised.value.field == "lang"
    pdf = PLAN_FORMATS.get_format("pdf").render(seeded_plan(1), ExportContext(title="Plan", layout="ogp"))
    assert "Compromisos en el formato de la Alianza" in read(pdf).pages[0].extract_text()


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_a_plan_of_200_commitments_prints():
    reader = read(export_plan_pdf(large_plan(200)))
    texts = page_texts(reader)
    # A chapter's first page starts with its heading (the contents' pages list them with leaders).
    chapters = [t for t in texts if re.match(r"Compromiso \d+\. ", t) and "...." not in t.split("\n")[0]]
    assert len(chapters) == 200 and normal(chapters[-1]).startswith("Compromiso 200. ")
    assert f"Página {len(texts)} de {len(texts)}" in texts[-1]
