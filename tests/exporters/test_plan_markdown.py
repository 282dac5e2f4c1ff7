"""The plan as Markdown, rendered by an independent CommonMark reader
(markdown-it-py, GFM tables on) and read back with ``html.parser``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from markdown_it import MarkdownIt

from exporters.formats import ExportContext
from exporters.plan_formats import PLAN_FORMATS
from exporters.plan_markdown import escape_markdown, export_plan_markdown
from tests.exporters.test_plan_html import tags_of
from tests.exporters.test_plan_odt import MESA_FACTS, MINUTE_ROWS, SEEDED_TITLE, seeded_commitment_plan
from tests.exporters.test_plan_view import attack, draft_plan, hostile_plan
from tests.workshops.test_plan import INFOEM_SHEET, PLAN_DATA, seeded_plan
from tests.workshops.test_roadmap import INFOEM_ROADMAP
from workshops.demo import DEMO_CAUSES, DEMO_EFFECTS, DEMO_PROBLEM
from workshops.errors import ValidationError


def render(markdown: bytes) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown.decode("utf-8"))


def tree(markdown: bytes) -> ET.Element:
    # CommonMark's HTML output is well-formed once wrapped in one element
    # (it escapes text and self-closes nothing it should not).
    return ET.fromstring(f"<body>{render(markdown)}</body>")


def text(element: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def section(root: ET.Element, heading: str) -> list[ET.Element]:
    """The elements after the ``h2`` called ``heading``, up to the next ``h2``."""
    children = list(root)
    start = next(i for i, e in enumerate(children) if e.tag == "h2" and text(e) == heading)
    end = next((i for i in range(start + 1, len(children)) if children[i].tag == "h2"), len(children))
    return children[start + 1 : end]


def after(elements: list[ET.Element], tag: str, heading: str) -> ET.Element:
    index = next(i for i, e in enumerate(elements) if e.tag == tag and text(e) == heading)
    return elements[index + 1]


def rows(table: ET.Element) -> list[list[str]]:
    return [[text(cell) for cell in row] for row in table.iter("tr")]


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("# Título", "\\# Título"),
        ("1. Uno", "1\\. Uno"),
        ("- guion", "\\- guion"),
        ("> cita", "\\> cita"),
        ("a | b", "a \\| b"),
        ("<b>x</b> & *y*", "\\<b\\>x\\</b\\> \\& \\*y\\*"),
        ("[enlace](javascript:alert(1))", "\\[enlace\\](javascript:alert(1))"),
        ("Primero.\nSegundo.", "Primero. Segundo."),
        ("Estrategia 2022-2023 (Infoem).", "Estrategia 2022-2023 (Infoem)."),
    ],
)
def test_escape_markdown(typed, escaped):
    assert escape_markdown(typed) == escaped


def test_the_document_has_the_cover_contents_chapters_and_annex():
    markdown = export_plan_markdown(seeded_plan())
    assert markdown.startswith(f"# {PLAN_DATA['title']}\n".encode())
    assert markdown.endswith(b"|\n") and b"\n\n\n" not in markdown
    root = tree(markdown)
    assert [text(h) for h in root.iter("h2")] == [
        "Contenido",
        "Contexto",
        "Compromiso 1. Estrategia de fortalecimiento a la Cultura de Gobierno Abierto",
        "Compromiso 2. Red de enlaces municipales de gobierno abierto",
        "Anexo. Asistencia por sector",
        "Anexo. Relatoría",
    ]
    cover = [text(li) for li in root.find("ul").iter("li")]
    assert cover[1] == "Vigencia: Del 19 de diciembre de 2021 al 30 de junio de 2023"
    contents = [text(li) for li in after(list(root), "h2", "Contenido").iter("li")]
    assert contents[0] == "Contexto"
    assert contents[-2:] == ["Anexo. Asistencia por sector", "Anexo. Relatoría"]


def test_every_field_of_the_seeded_commitment_appears_in_its_place():
    root = tree(export_plan_markdown(seeded_plan()))
    chapter = section(root, "Compromiso 1. Estrategia de fortalecimiento a la Cultura de Gobierno Abierto")
    assert [text(li) for li in after(chapter, "h4", "Efectos").iter("li")] == list(DEMO_EFFECTS)
    assert text(after(chapter, "h4", "Problema central")) == DEMO_PROBLEM
    assert [text(li) for li in after(chapter, "h4", "Causas").iter("li")] == list(DEMO_CAUSES)

    sheet = dict(rows(after(chapter, "h3", "Ficha del compromiso"))[1:])
    assert sheet["¿Cómo contribuye a resolver el problema?"] == INFOEM_SHEET["how_it_helps"]
    assert sheet["Otros actores involucrados"] == INFOEM_SHEET["other_actors"]
    assert sheet["Objetivos de Desarrollo Sostenible (ODS)"] == (
        "11. Ciudades y comunidades sostenibles; 16. Paz, justicia e instituciones sólidas; "
        "17. Alianzas para lograr los objetivos"
    )

    tables = [e for e in chapter if e.tag == "table"]
    fields = dict(rows(tables[1])[1:])
    assert fields["4. Resultado final"] == INFOEM_ROADMAP["result"]
    assert fields["5. Productos esperados"] == "; ".join(INFOEM_ROADMAP["products"])
    activities = rows(after(chapter, "h4", "Actividades"))
    source = INFOEM_ROADMAP["activities"][1]
    assert activities[2] == [
        "2",
        source["description"],
        source["responsible"],
        "18 de febrero de 2022",
        "25 de marzo de 2022",
        "; ".join(source["products"]),
        "; ".join(source["verification"]),
        "20%",
    ]
    indicators = rows(after(chapter, "h3", "Indicadores"))
    assert indicators[2][1:4] == [INFOEM_ROADMAP["indicators"][1][k] for k in ("name", "definition", "method")]
    assert indicators[2][6:9] == ["0 (2021)", "4", "Ascendente"]

    second = section(root, "Compromiso 2. Red de enlaces municipales de gobierno abierto")
    assert rows([e for e in second if e.tag == "table"][-1])[-1] == ["Total", "11", "10"]
    context = section(root, "Contexto")
    assert [text(h) for h in context if h.tag == "h3"] == ["Secretariado Técnico Local"]
    assert rows([e for e in context if e.tag == "table"][1]) == [
        ["Nombre", "Organización"],
        ["Jorge Ramírez Salgado", "Secretaría de la Contraloría del Estado de México (SECOGEM)"],
    ]


def test_a_draft_renders_with_pendiente():
    root = tree(export_plan_markdown(draft_plan()))
    chapter = section(root, "Compromiso 1. Borrador")
    assert text(after(chapter, "h4", "Problema central")) == "Pendiente"
    assert text(after(chapter, "h4", "Actividades")) == "Pendiente."


def test_markup_in_any_text_comes_out_as_text():
    safe = tags_of(render(export_plan_markdown(seeded_plan())).encode())
    html = render(export_plan_markdown(hostile_plan()))
    hostile = tags_of(html.encode())
    assert Counter(tag for tag, _ in hostile.tags) == Counter(tag for tag, _ in safe.tags)
    assert "<script>" not in html and "<b onmouseover" not in html
    root = ET.fromstring(f"<body>{html}</body>")
    chapter = section(root, "Compromiso 1. " + attack("commitments.0.commitment.sheet.title"))
    activities = rows(after(chapter, "h4", "Actividades"))
    assert activities[3][1] == attack("commitments.0.roadmap.activities.2.description")
    assert text(after(chapter, "h4", "Problema central")) == attack("commitments.0.problem_tree.nodes.6.text")


def test_the_mesa_and_the_annexes_of_attendance_and_minutes():
    root = tree(export_plan_markdown(seeded_commitment_plan()))
    chapter = section(root, f"Compromiso 1. {SEEDED_TITLE}")
    mesa = next(e for e in chapter if e.tag == "ul")
    assert [text(li) for li in mesa.iter("li")] == MESA_FACTS
    attendance = section(root, "Anexo. Asistencia por sector")
    assert "sin nombres de personas" in text(attendance[0])
    assert [text(h) for h in attendance if h.tag == "h3"] == ["Mesa 2: Municipios abiertos"]
    assert text(attendance[2]) == (
        f"30 de noviembre de 2021. Ente: Estado de México. Compromisos de esta mesa: Compromiso 1. {SEEDED_TITLE}"
    )
    [table] = [e for e in attendance if e.tag == "table"]
    assert rows(table) == [
        ["Sector", "Personas", "Organizaciones"],
        ["Sociedad civil", "7", "Colectivo Ciudadano Toluca; Red por la Rendición de Cuentas"],
        ["Servicio público", "4", "Ayuntamiento de Metepec"],
        ["Organismo garante", "1", "INFOEM"],
        ["Facilitación", "1", "—"],
        ["Total", "13", ""],
    ]
    minutes = section(root, "Anexo. Relatoría")
    [table] = [e for e in minutes if e.tag == "table"]
    assert rows(table) == [["Hora", "Acontecimiento"], *MINUTE_ROWS]


def test_without_mesas_the_annexes_say_so():
    root = tree(export_plan_markdown(draft_plan()))
    assert text(section(root, "Anexo. Asistencia por sector")[-1]) == "Sin registros de asistencia."
    assert text(section(root, "Anexo. Relatoría")[-1]) == "Sin relatoría registrada."


def test_the_markdown_has_the_plan_layout_only():
    with pytest.raises(ValidationError) as raised:
        PLAN_FORMATS.get_format("md").render(seeded_plan(), ExportContext(title="Plan", layout="ogp"))
    assert raised.value.field == "layout"
    assert raised.value.fields["formats"] == ("docx", "html", "pdf")
