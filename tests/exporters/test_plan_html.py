"""The printable HTML of the plan, read back with ``html.parser`` and, since
it is well-formed, with ``xml.etree``."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser

import pytest

from exporters.formats import ExportContext
from exporters.plan_formats import PLAN_FORMATS
from exporters.plan_html import export_plan_html, render_plan_html
from exporters.tree_figure import figure_uris
from tests.exporters.test_plan_odt import MINUTE_ROWS, SEEDED_TITLE, seeded_commitment_plan
from tests.exporters.test_plan_view import attack, draft_plan, hostile_plan
from tests.workshops.test_plan import INFOEM_SHEET, MINUTES, PLAN_DATA, SECRETARIAT, seeded_plan
from tests.workshops.test_roadmap import INFOEM_ROADMAP
from workshops.demo import DEMO_CAUSES, DEMO_EFFECTS, DEMO_PROBLEM
from workshops.errors import ValidationError


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def tags_of(html: bytes) -> Tags:
    parser = Tags()
    parser.feed(html.decode("utf-8"))
    parser.close()
    return parser


def tree(html: bytes) -> ET.Element:
    return ET.fromstring(html)


def text(element: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def by_id(root: ET.Element, element_id: str) -> ET.Element:
    [found] = [e for e in root.iter() if e.get("id") == element_id]
    return found


def table_rows(table: ET.Element) -> list[list[str]]:
    return [[text(cell) for cell in row] for row in table.iter("tr")]


def table(section: ET.Element, css: str) -> ET.Element:
    [found] = [t for t in section.iter("table") if t.get("class") == css]
    return found


def items_after(section: ET.Element, heading: str) -> list[str]:
    """The texts of the list or paragraph that follows ``<h4>heading</h4>``."""
    children = list(section)
    index = next(i for i, e in enumerate(children) if e.tag == "h4" and text(e) == heading)
    following = children[index + 1]
    return [text(li) for li in following.iter("li")] if following.tag == "ul" else [text(following)]


def test_the_page_is_standalone_accessible_and_printable():
    html = export_plan_html(seeded_plan())
    assert html.startswith(b'<!DOCTYPE html>\n<html lang="es-MX">')
    root = tree(html)
    assert root.get("lang") == "es-MX"
    head = root.find("head")
    assert head.find("meta").get("charset") == "utf-8"
    assert text(head.find("title")) == PLAN_DATA["title"]
    style = head.find("style").text
    assert "@media print" in style and "break-before: page" in style
    page = re.search(r"@page \{(.*?)\n\}", style, re.S)
    assert page and "size: letter;" in page.group(1)
    assert 'content: "Página " counter(page) " de " counter(pages)' in page.group(1)  # numbered pages
    assert "thead { display: table-header-group; }" in style  # headers repeat on every page
    found = tags_of(html).tags
    assert not {tag for tag, _ in found} & {"script", "link", "iframe", "object", "embed", "form", "input"}
    # The tree figures are images inside the file itself.
    assert [attrs["src"][:26] for tag, attrs in found if tag == "img"] == ["data:image/svg+xml;base64,"] * 2
    assert re.findall(rb"https?://", html) == []
    assert [a.get("href") for a in root.iter("a")] == [
        "#contexto",
        "#compromiso-1",
        "#compromiso-2",
        "#asistencia",
        "#relatoria",
    ]
    for a in root.iter("a"):
        by_id(root, a.get("href")[1:])  # every link of the contents lands somewhere


def test_headings_are_semantic_and_never_skip_a_level():
    root = tree(export_plan_html(seeded_plan()))
    headings = [e for e in root.iter() if re.fullmatch(r"h[1-6]", e.tag)]
    levels = [int(h.tag[1]) for h in headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert [text(h) for h in headings if h.tag == "h2"] == [
        "Contenido",
        "Contexto",
        "Compromiso 1. Estrategia de fortalecimiento a la Cultura de Gobierno Abierto",
        "Compromiso 2. Red de enlaces municipales de gobierno abierto",
        "Anexo. Asistencia por sector",
        "Anexo. Relatoría",
    ]
    chapter = by_id(root, "compromiso-1")
    assert chapter.get("aria-labelledby") == "compromiso-1-titulo"
    assert [text(h) for h in chapter if h.tag == "h3"] == [
        "Árbol de problemas",
        "Ficha del compromiso",
        "Hoja de ruta",
        "Indicadores",
        "Decisión de la mesa",
    ]


def test_every_table_has_a_caption_and_scoped_headers():
    root = tree(export_plan_html(seeded_plan()))
    tables = list(root.iter("table"))
    # sheet, roadmap, activities, indicators; one vote; five sectors; the mesa's attendance and minutes
    assert len(tables) == 2 * 4 + 1 + 5 + 2
    for t in tables:
        assert t.find("caption") is not None and text(t.find("caption"))
        assert all(th.get("scope") in ("col", "row") for th in t.iter("th"))
        for row in t.find("tbody"):
            assert row[0].tag == "th" and row[0].get("scope") == "row"
        assert all(th.get("scope") == "col" for th in t.find("thead").iter("th"))


def test_every_field_of_the_seeded_commitment_appears_in_its_place():
    root = tree(export_plan_html(seeded_plan()))
    cover = by_id(root, "portada")
    facts = dict(zip((text(dt) for dt in cover.iter("dt")), (text(dd) for dd in cover.iter("dd")), strict=True))
    assert facts == {
        "Ente": "Estado de México",
        "Vigencia": "Del 19 de diciembre de 2021 al 30 de junio de 2023",
        "Fecha de aprobación": "19 de diciembre de 2021",
        "Organismo garante": PLAN_DATA["guarantor"],
        "Compromisos": "2 compromisos: 1 proactivo y 1 co-creado",
    }
    chapter = by_id(root, "compromiso-1")
    assert items_after(chapter, "Efectos") == list(DEMO_EFFECTS)
    assert items_after(chapter, "Problema central") == [DEMO_PROBLEM]
    assert items_after(chapter, "Causas") == list(DEMO_CAUSES)

    sheet = dict(table_rows(table(chapter, "sheet"))[1:])
    assert sheet["Título del compromiso"] == "Estrategia de fortalecimiento a la Cultura de Gobierno Abierto"
    assert sheet["¿En qué consiste el compromiso?"] == INFOEM_SHEET["description"]
    assert sheet["Supuestos"] == INFOEM_SHEET["assumptions"]
    assert sheet["Objetivos de Desarrollo Sostenible (ODS)"] == (
        "11. Ciudades y comunidades sostenibles16. Paz, justicia e instituciones sólidas"
        "17. Alianzas para lograr los objetivos"
    )

    fields = dict(table_rows(table(chapter, "roadmap"))[1:])
    responsible = INFOEM_ROADMAP["responsible"]
    assert fields["1. Persona servidora pública responsable"] == (
        f"{responsible['name']}, {responsible['position']}, {responsible['institution']}"
    )
    assert fields["2. Organizaciones de la sociedad civil corresponsables"] == (
        "Red Mexiquense de Gobierno Abierto (contacto: Secretaría técnica de la Red)"
    )
    assert fields["4. Resultado final"] == INFOEM_ROADMAP["result"]
    assert fields["5. Productos esperados"] == "".join(INFOEM_ROADMAP["products"])
    assert fields["7. Medios de verificación"] == INFOEM_ROADMAP["verification"][0]
    assert fields["8. Fechas de inicio y conclusión"] == "Del 20 de enero de 2022 al 30 de junio de 2023"

    activities = table_rows(table(chapter, "activities"))
    assert activities[0] == ["Núm.", "Actividad", "Responsable", "Inicio", "Término", "Productos",
                             "Medios de verificación", "Peso"]  # fmt: skip
    source = INFOEM_ROADMAP["activities"][2]
    assert activities[3] == [
        "3",
        source["description"],
        source["responsible"],
        "8 de junio de 2022",
        "20 de junio de 2022",
        "".join(source["products"]),
        "".join(source["verification"]),
        "15%",
    ]
    assert activities[-1] == ["Suma de los pesos", "100%"]
    assert len(activities) == 1 + 6 + 1

    indicators = table_rows(table(chapter, "indicators"))
    first = INFOEM_ROADMAP["indicators"][0]
    assert indicators[1] == [
        "1",
        first["name"],
        first["definition"],
        first["method"],
        "Porcentaje",
        "Semestral",
        "0 (2021)",
        "80",
        "Ascendente",
        first["verification"][0],
    ]
    assert "Compromiso proactivo" in text(chapter)
    assert "Acordada el 14 de enero de 2022." in text(chapter)


def test_the_decision_and_the_secretariat():
    root = tree(export_plan_html(seeded_plan()))
    chapter = by_id(root, "compromiso-2")
    assert "Pendiente de acuerdo." in text(chapter)
    [decision] = [dl for dl in chapter.iter("dl") if dl.get("class") == "facts decision"]
    assert [text(e) for e in decision] == [
        "Tipo de decisión",
        "Consenso",
        "Método",
        "Consulta de consentimiento",
        "Fecha",
        "30 de noviembre de 2021",
    ]
    assert table_rows(table(chapter, "participation")) == [
        ["Sector", "Podían votar", "Votaron"],
        ["Sociedad civil", "6", "6"],
        ["Servicio público", "4", "3"],
        ["Organismo garante", "1", "1"],
        ["Total", "11", "10"],
    ]
    context = by_id(root, "contexto")
    assert [text(h) for h in context.iter("h3")] == ["Secretariado Técnico Local"]
    assert text(context.find("p")).startswith("El Plan de Acción Local es el documento consensado")
    assert [text(t.find("caption")) for t in context.iter("table")] == [
        "Sociedad civil",
        "Servicio público",
        "Organismo garante",
        "Ciudadanía",
        "Facilitación",
    ]
    members = [row for t in context.iter("table") for row in table_rows(t)[1:]]
    assert members == [[m["name"], m["organization"] or "—"] for m in SECRETARIAT]


def test_a_draft_renders_with_pendiente():
    root = tree(export_plan_html(draft_plan()))
    chapter = by_id(root, "compromiso-1")
    assert items_after(chapter, "Problema central") == ["Pendiente"]
    assert "Actividades: Pendiente." in text(chapter) and "Indicadores: Pendiente." in text(chapter)
    pending = chapter.find("div")
    assert pending.get("role") == "note"
    assert "El compromiso 1 todavía no es definitivo." in [text(li) for li in pending.iter("li")]


def test_html_or_script_in_any_text_comes_out_as_text():
    safe = tags_of(export_plan_html(seeded_plan()))
    html = export_plan_html(hostile_plan())
    hostile = tags_of(html)
    # The same elements as the plain plan: nothing was injected.
    assert Counter(tag for tag, _ in hostile.tags) == Counter(tag for tag, _ in safe.tags)
    assert not any("onmouseover" in attrs for _, attrs in hostile.tags)
    assert b"<script>" not in html and b"<b onmouseover" not in html
    root = tree(html)  # still well-formed XML
    description = "commitments.0.roadmap.activities.2.description"
    cells = table_rows(table(by_id(root, "compromiso-1"), "activities"))
    assert cells[3][1] == re.sub(r"\s+", " ", attack(description))
    assert text(root.find("head").find("title")) == attack("title")
    assert attack("commitments.1.problem_tree.nodes.1.text") in "".join(hostile.text)


def test_the_mesa_and_the_annexes_of_attendance_and_minutes():
    root = tree(export_plan_html(seeded_commitment_plan()))
    chapter = by_id(root, "compromiso-1")
    [mesa] = [dl for dl in chapter.iter("dl") if dl.get("class") == "facts mesa"]
    assert [text(e) for e in mesa] == [
        "Mesa de cocreación",
        "Mesa 2: Municipios abiertos",
        "Fecha de la mesa",
        "30 de noviembre de 2021",
        "Ente",
        "Estado de México",
    ]
    assert mesa.find("dd/time").get("datetime") == "2021-11-30"
    attendance = by_id(root, "asistencia")
    assert attendance.get("aria-labelledby") == "asistencia-titulo"
    assert "sin nombres de personas" in text(attendance.find("p"))
    assert not [m["name"] for m in SECRETARIAT if m["name"] in text(attendance)]
    table_ = table(attendance, "attendance")
    assert text(table_.find("caption")) == "Asistencia por sector: Mesa 2: Municipios abiertos"
    assert text(attendance.find("p[2]")) == (
        f"30 de noviembre de 2021. Ente: Estado de México. Compromisos de esta mesa: Compromiso 1. {SEEDED_TITLE}"
    )
    assert table_rows(table_) == [
        ["Sector", "Personas", "Organizaciones"],
        ["Sociedad civil", "7", "Colectivo Ciudadano TolucaRed por la Rendición de Cuentas"],
        ["Servicio público", "4", "Ayuntamiento de Metepec"],
        ["Organismo garante", "1", "INFOEM"],
        ["Facilitación", "1", "—"],
        ["Total", "13", ""],
    ]
    minutes = table(by_id(root, "relatoria"), "minutes")
    assert table_rows(minutes)[1:] == MINUTE_ROWS
    assert [t.get("datetime") for t in minutes.iter("time")] == [m.at.isoformat() for m in MINUTES]


def test_each_tree_is_a_figure_with_its_description_above_its_text():
    plan = seeded_plan()
    root = tree(render_plan_html(plan).encode())
    figures = figure_uris(plan)
    for number in (1, 2):
        chapter = by_id(root, f"compromiso-{number}")
        [img] = list(chapter.iter("img"))
        assert (img.get("src"), img.get("alt")) == (figures[number]["src"], figures[number]["alt"])
        [caption] = list(chapter.iter("figcaption"))
        assert text(caption).startswith(f"Figura {number}. Árbol de problemas del compromiso {number}")
    assert list(by_id(root, "compromiso-1").iter("figure")) != []


def test_the_ogp_layout_is_one_page_per_commitment_in_the_template_rows():
    html = export_plan_html(seeded_plan(), "ogp")
    root = tree(html)
    assert root.get("lang") == "es-MX"
    assert "section.commitment { break-before: page; }" in root.find("head").find("style").text
    assert [e.tag for e in root.find("body")] == ["header", "main"]
    sections = [s for s in root.iter("section") if s.get("class") == "commitment"]
    assert [s.get("id") for s in sections] == ["compromiso-1", "compromiso-2"]
    first = sections[0]
    sheet, contact = [t for t in first.iter("table") if t.get("class") == "ogp"]
    assert text(contact.find("caption")) == "Información de contacto del compromiso 1"
    assert [text(g.find("tr/th")) for g in sheet.iter("tbody")] == ["Compromiso", "Descripción del compromiso"]
    assert sheet.find("tbody[2]/tr/th").get("scope") == "rowgroup"
    rows = dict(r for r in table_rows(sheet) if len(r) == 2)
    assert list(rows) == [
        "Compromiso",
        "Fecha de inicio y término",
        "Institución responsable",
        "¿Cuál es el problema público que atiende?",
        "¿Qué es el compromiso?",
        "¿Cómo contribuirá a resolver el problema?",
        "¿Por qué es relevante para los valores de gobierno abierto?",
        "Información adicional",
    ]
    assert rows["Fecha de inicio y término"] == "Del 20 de enero de 2022 al 30 de junio de 2023"
    assert rows["Institución responsable"] == INFOEM_ROADMAP["responsible"]["institution"]
    assert rows["¿Qué es el compromiso?"] == INFOEM_SHEET["description"]
    assert rows["Información adicional"] == (
        "Tipo de compromiso: Proactivo"
        "Objetivos de Desarrollo Sostenible (ODS): 11. Ciudades y comunidades sostenibles; 16. Paz, justicia e "
        "instituciones sólidas; 17. Alianzas para lograr los objetivos"
        f"Perspectiva de género: {INFOEM_SHEET['gender_perspective']}"
        f"Supuestos: {INFOEM_SHEET['assumptions']}"
    )
    activities = table_rows(table(first, "ogp-activities"))
    assert activities[0] == ["Núm.", "Actividad", "Entregable verificable", "Medio de verificación",
                             "Fecha de inicio", "Fecha de término"]  # fmt: skip
    source = INFOEM_ROADMAP["activities"][0]
    assert activities[1] == ["1", source["description"], "Convocatoria pública", "".join(source["verification"]),
                             "20 de enero de 2022", "4 de febrero de 2022"]  # fmt: skip
    assert [text(g.find("tr/th")) for g in contact.iter("tbody")] == [
        "Información de contacto",
        "Otros actores involucrados",
    ]
    assert dict(r for r in table_rows(contact) if len(r) == 2) == {
        "Persona servidora pública responsable": INFOEM_ROADMAP["responsible"]["name"],
        "Cargo": INFOEM_ROADMAP["responsible"]["position"],
        "Institución": INFOEM_ROADMAP["responsible"]["institution"],
        "Organizaciones de la sociedad civil": (
            "Red Mexiquense de Gobierno Abierto (contacto: Secretaría técnica de la Red)"
        ),
        "Otros actores": INFOEM_SHEET["other_actors"],
    }
    for t in root.iter("table"):
        assert text(t.find("caption")) and all(th.get("scope") for th in t.iter("th"))


def test_the_ogp_layout_keeps_markup_as_text():
    safe = tags_of(export_plan_html(seeded_plan(), "ogp"))
    html = export_plan_html(hostile_plan(), "ogp")
    assert Counter(tag for tag, _ in tags_of(html).tags) == Counter(tag for tag, _ in safe.tags)
    sheet = next(t for t in by_id(tree(html), "compromiso-1").iter("table") if t.get("class") == "ogp")
    rows = dict(r for r in table_rows(sheet) if len(r) == 2)
    assert rows["Compromiso"] == attack("commitments.0.commitment.sheet.title")


def test_layouts_through_the_registry():
    html = PLAN_FORMATS.get_format("html").render(seeded_plan(), ExportContext(title="Plan", layout="ogp"))
    assert b'<section class="commitment" id="compromiso-1"' in html
    with pytest.raises(ValidationError) as raised:
        PLAN_FORMATS.get_format("html").render(seeded_plan(), ExportContext(title="Plan", layout="apaisado"))
    assert raised.value.field == "layout" and raised.value.fields["known"] == ("plan", "ogp")
    for name in ("csv", "json"):
        with pytest.raises(ValidationError) as raised:
            PLAN_FORMATS.get_format(name).render(seeded_plan(), ExportContext(title="Plan", layout="ogp"))
        assert raised.value.field == "layout"
        assert str(raised.value) == (
            f"El formato «{name}» no tiene el diseño «ogp»; ese diseño está en: docx, html, pdf."
        )


def test_commitments_from_one_mesa_share_its_annex_entries():
    root = tree(export_plan_html(seeded_plan(3)))
    for anchor in ("asistencia", "relatoria"):
        annex = by_id(root, anchor)
        assert [text(h) for h in annex.iter("h3")] == ["Mesa 2: Municipios abiertos"]
        assert text(annex.find("p[2]")).endswith(
            "Compromisos de esta mesa: Compromiso 2. Red de enlaces municipales de gobierno abierto; "
            "Compromiso 3. Red de enlaces municipales de gobierno abierto"
        )
        assert len(list(annex.iter("table"))) == 1
