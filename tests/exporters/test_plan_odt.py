"""The plan as ODT, read back with an independent reader (odfpy): the package,
the metadata, the outline, and every value of a seeded commitment in its place.

Also the seeded commitment the PDF tests read: one co-created commitment
with the eight fields of its hoja de ruta, two activities, two indicators,
its sheet, the decision, the attendance by sector and the minutes.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import pytest
from odf import dc, draw, svg, table, teletype, text
from odf.element import Element as OdfElement
from odf.opendocument import load

from exporters.formats import ExportContext
from exporters.plan_formats import PLAN_FORMATS
from exporters.plan_odt import MEDIA_TYPE, export_plan_odt
from exporters.tree_figure import render_figure_svg
from tests.exporters.test_plan_view import RED_CAUSES, RED_EFFECTS, attack, draft_plan, hostile_plan, large_plan
from tests.workshops.test_plan import (
    ATTENDANCE,
    CO_CREATED_ROADMAP,
    INFOEM_SHEET,
    MESA,
    MINUTES,
    PLAN_DATA,
    SECRETARIAT,
    F,
    co_created_entry,
    seeded_plan,
)
from workshops.demo import DEMO_PROBLEM
from workshops.errors import ValidationError
from workshops.plan import Plan
from workshops.plan_editing import attach_commitment, create_plan

SEEDED_TITLE = "Red de enlaces municipales: señalética, diseño y compañía ciudadana"
RESPONSIBLE = CO_CREATED_ROADMAP["responsible"]

# What the seeded commitment shows, as a reader sees it.
SHEET_ROWS = {
    "Título del compromiso": [SEEDED_TITLE],
    "Problema público que atiende": ["Desarticulación de los esfuerzos de apertura gubernamental en los municipios."],
    "¿En qué consiste el compromiso?": ["Una red de enlaces municipales que se reúne cada trimestre."],
    "¿Cómo contribuye a resolver el problema?": [INFOEM_SHEET["how_it_helps"]],
    "Relevancia para los valores de gobierno abierto": ["Transparencia", "Participación ciudadana"],
    "Objetivos de Desarrollo Sostenible (ODS)": [
        "11. Ciudades y comunidades sostenibles",
        "16. Paz, justicia e instituciones sólidas",
        "17. Alianzas para lograr los objetivos",
    ],
    "Perspectiva de género": [INFOEM_SHEET["gender_perspective"]],
    "Supuestos": [INFOEM_SHEET["assumptions"]],
    "Otros actores involucrados": [INFOEM_SHEET["other_actors"]],
}
ROADMAP_ROWS = {
    "1. Persona servidora pública responsable": [
        f"{RESPONSIBLE['name']}, {RESPONSIBLE['position']}, {RESPONSIBLE['institution']}"
    ],
    "2. Organizaciones de la sociedad civil corresponsables": [
        "Red Mexiquense de Gobierno Abierto (contacto: Secretaría técnica de la Red)"
    ],
    "3. Actividades": ["2 actividades (ver la tabla)"],
    "4. Resultado final": [CO_CREATED_ROADMAP["result"]],
    "5. Productos esperados": CO_CREATED_ROADMAP["products"],
    "6. Indicadores": ["2 indicadores (ver la tabla)"],
    "7. Medios de verificación": CO_CREATED_ROADMAP["verification"],
    "8. Fechas de inicio y conclusión": ["Del 1 de agosto de 2022 al 30 de junio de 2023"],
}
ACTIVITY_DATES = (("1 de agosto de 2022", "30 de noviembre de 2022"), ("6 de junio de 2023", "8 de junio de 2023"))
ACTIVITY_ROWS = [
    [[str(n)], [a["description"]], [a["responsible"]], [start], [end], a["products"], a["verification"], [weight]]
    for n, a, (start, end), weight in zip(
        (1, 2), CO_CREATED_ROADMAP["activities"], ACTIVITY_DATES, ("60%", "40%"), strict=True
    )
]
INDICATOR_ROWS = [
    [
        [str(n)],
        *([i[k]] for k in ("name", "definition", "method", "unit", "frequency")),
        ["0 (2021)"],
        [goal],
        ["Ascendente"],
        i["verification"],
    ]
    for n, i, goal in zip((1, 2), CO_CREATED_ROADMAP["indicators"], ("80", "4"), strict=True)
]
DECISION_FACTS = ["Tipo de decisión: Consenso", "Método: Consulta de consentimiento", "Fecha: 30 de noviembre de 2021"]
PARTICIPATION_ROWS = [
    ["Sociedad civil", "6", "6"],
    ["Servicio público", "4", "3"],
    ["Organismo garante", "1", "1"],
    ["Total", "11", "10"],
]
MESA_FACTS = [
    f"Mesa de cocreación: {MESA.title}",
    "Fecha de la mesa: 30 de noviembre de 2021",
    f"Ente: {MESA.entity}",
]
ATTENDANCE_ROWS = [
    [["Sociedad civil"], ["7"], list(ATTENDANCE[0].organizations)],
    [["Servicio público"], ["4"], list(ATTENDANCE[1].organizations)],
    [["Organismo garante"], ["1"], list(ATTENDANCE[2].organizations)],
    [["Facilitación"], ["1"], ["—"]],
    [["Total"], ["13"], [""]],
]
MINUTE_ROWS = [
    ["30 de noviembre de 2021, 10:05 h", MINUTES[0].text],
    ["30 de noviembre de 2021, 12:40 h", MINUTES[1].text],
]


def seeded_commitment_plan() -> Plan:
    """A plan with one co-created commitment, every part of it filled."""
    entry = co_created_entry("k-red")
    commitment = dataclasses.replace(entry.commitment, sheet=entry.commitment.sheet | {"title": SEEDED_TITLE})
    plan, _ = create_plan(PLAN_DATA, plan_id="pal-edomex-1", **F)
    plan, _ = attach_commitment(plan, dataclasses.replace(entry, commitment=commitment), **F)
    return plan


# ------------------------------------------------------------------ reading


def read(odt: bytes) -> Any:
    return load(io.BytesIO(odt))


def flat(element: OdfElement) -> str:
    return re.sub(r"\s+", " ", teletype.extractText(element)).strip()


def blocks(document: Any) -> list[OdfElement]:
    """The body's top-level elements, in order."""
    return [e for e in document.text.childNodes if e.qname[1] != "sequence-decls"]


def outline(document: Any) -> list[tuple[int, str]]:
    return [(int(h.getAttribute("outlinelevel")), flat(h)) for h in document.getElementsByType(text.H)]


def section(document: Any, heading: str) -> list[OdfElement]:
    """The blocks after the level-1 heading ``heading``, up to the next one."""
    body = blocks(document)
    start = next(i for i, e in enumerate(body) if e.qname[1] == "h" and flat(e) == heading)
    end = next(
        (
            i
            for i in range(start + 1, len(body))
            if body[i].qname[1] == "h" and body[i].getAttribute("outlinelevel") == "1"
        ),
        len(body),
    )
    return body[start + 1 : end]


def after(elements: list[OdfElement], heading: str) -> OdfElement:
    index = next(i for i, e in enumerate(elements) if e.qname[1] == "h" and flat(e) == heading)
    return elements[index + 1]


def items(element: OdfElement) -> list[str]:
    """A list's items, or a paragraph's text."""
    if element.qname[1] == "list":
        return [flat(li) for li in element.getElementsByType(text.ListItem)]
    return [flat(element)]


def find_table(document: Any, name: str) -> OdfElement:
    [found] = [t for t in document.getElementsByType(table.Table) if t.getAttribute("name") == name]
    return found


def cells(row: OdfElement) -> list[list[str]]:
    """Each cell's paragraphs (a list in a cell gives one entry per item)."""
    out = []
    for cell in row.childNodes:
        if cell.qname[1] != "table-cell":
            continue
        paragraphs = cell.getElementsByType(text.P)
        out.append([flat(p) for p in paragraphs] or [""])
    return out


def header_and_rows(t: OdfElement) -> tuple[list[str], list[list[list[str]]]]:
    [head] = t.getElementsByType(table.TableHeaderRows)
    [head_row] = head.getElementsByType(table.TableRow)
    body_rows = [r for r in t.childNodes if r.qname[1] == "table-row"]
    return [c[0] for c in cells(head_row)], [cells(r) for r in body_rows]


def field_rows(t: OdfElement) -> dict[str, list[str]]:
    _, rows = header_and_rows(t)
    return {row[0][0]: row[1] for row in rows}


# ------------------------------------------------------------------ tests


def test_the_package_is_an_odf_text_document_with_its_metadata():
    odt = export_plan_odt(seeded_plan())
    with zipfile.ZipFile(io.BytesIO(odt)) as package:
        first = package.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert package.read("mimetype").decode() == MEDIA_TYPE == "application/vnd.oasis.opendocument.text"
        version = re.search(rb'office:version="([\d.]+)"', package.read("content.xml"))
        assert version and tuple(map(int, version.group(1).split(b"."))) >= (1, 2)
        styles = package.read("styles.xml").decode()
        assert 'fo:language="es" fo:country="MX"' in styles  # the default language of the text
        assert 'fo:page-width="21.59cm"' in styles and "<text:page-number" in styles  # letter, numbered
    document = read(odt)
    assert [flat(t) for t in document.meta.getElementsByType(dc.Title)] == [PLAN_DATA["title"]]
    assert [flat(t) for t in document.meta.getElementsByType(dc.Language)] == ["es-MX"]


def test_the_title_page_contents_and_outline_navigate_the_document():
    document = read(export_plan_odt(seeded_plan()))
    body = blocks(document)
    assert [(e.getAttribute("stylename"), flat(e)) for e in body[:2]] == [
        ("Title", PLAN_DATA["title"]),
        ("Subtitle", "Plan de Acción Local"),
    ]
    assert "Vigencia: Del 19 de diciembre de 2021 al 30 de junio de 2023" in [flat(e) for e in body[2:8]]
    [toc] = document.getElementsByType(text.TableOfContent)
    [source] = toc.getElementsByType(text.TableOfContentSource)
    assert source.getAttribute("outlinelevel") == "1"
    chapters = [title for level, title in outline(document) if level == 1]
    assert chapters == [
        "Contexto",
        "Compromiso 1. Estrategia de fortalecimiento a la Cultura de Gobierno Abierto",
        "Compromiso 2. Red de enlaces municipales de gobierno abierto",
        "Anexo. Asistencia por sector",
        "Anexo. Relatoría",
    ]
    [index_body] = toc.getElementsByType(text.IndexBody)
    entries = [flat(p) for p in index_body.getElementsByType(text.P)]
    assert entries == ["Contenido", *chapters]
    levels = [level for level, _ in outline(document)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert outline(document)[1:8] == [
        (2, "Secretariado Técnico Local"),
        (3, "Sociedad civil"),
        (3, "Servicio público"),
        (3, "Organismo garante"),
        (3, "Ciudadanía"),
        (3, "Facilitación"),
        (1, "Compromiso 1. Estrategia de fortalecimiento a la Cultura de Gobierno Abierto"),
    ]
    assert outline(document)[8:15] == [
        (2, "Árbol de problemas"),
        (3, "Efectos"),
        (3, "Problema central"),
        (3, "Causas"),
        (2, "Ficha del compromiso"),
        (2, "Hoja de ruta"),
        (3, "Actividades"),
    ]


def test_every_field_of_the_seeded_commitment_appears_in_its_place():
    document = read(export_plan_odt(seeded_commitment_plan()))
    chapter = section(document, f"Compromiso 1. {SEEDED_TITLE}")
    paragraphs = [flat(e) for e in chapter if e.qname[1] == "p"]
    assert paragraphs[0] == "Tipo de compromiso: Co-creado. Estado: Definitivo."
    assert paragraphs[1:4] == MESA_FACTS
    assert items(after(chapter, "Efectos")) == RED_EFFECTS
    assert items(after(chapter, "Problema central")) == [DEMO_PROBLEM]
    assert items(after(chapter, "Causas")) == RED_CAUSES

    header, _ = header_and_rows(find_table(document, "Ficha 1"))
    assert header == ["Campo", "Contenido"]
    assert field_rows(find_table(document, "Ficha 1")) == SHEET_ROWS
    assert field_rows(find_table(document, "Hoja de ruta 1")) == ROADMAP_ROWS
    assert "Pendiente de acuerdo." in paragraphs

    header, rows = header_and_rows(find_table(document, "Actividades 1"))
    assert header == ["Núm.", "Actividad", "Responsable", "Inicio", "Término", "Productos",
                      "Medios de verificación", "Peso"]  # fmt: skip
    assert rows == [*ACTIVITY_ROWS, [["Suma de los pesos"], ["100%"]]]
    header, rows = header_and_rows(find_table(document, "Indicadores 1"))
    assert header[:3] == ["Núm.", "Indicador", "Definición"] and len(header) == 10
    assert rows == INDICATOR_ROWS

    decision = chapter[[flat(e) for e in chapter].index("Decisión de la mesa") + 1 :]
    assert [flat(e) for e in decision[:3]] == DECISION_FACTS
    _, rows = header_and_rows(find_table(document, "Participación 1"))
    assert [[c[0] for c in row] for row in rows] == PARTICIPATION_ROWS

    header, rows = header_and_rows(find_table(document, "Asistencia 1"))
    assert header == ["Sector", "Personas", "Organizaciones"]
    assert rows == ATTENDANCE_ROWS
    header, rows = header_and_rows(find_table(document, "Relatoría 1"))
    assert header == ["Hora", "Acontecimiento"]
    assert [[c[0] for c in row] for row in rows] == MINUTE_ROWS


def test_the_tree_is_a_described_figure_and_also_text():
    document = read(export_plan_odt(seeded_plan()))
    frames = document.getElementsByType(draw.Frame)
    assert len(frames) == 2  # one per commitment
    images: list[list[str]] = []
    for number, frame in enumerate(frames, 1):
        assert [flat(t) for t in frame.getElementsByType(svg.Title)] == [f"Árbol de problemas del compromiso {number}"]
        [description] = [flat(d) for d in frame.getElementsByType(svg.Desc)]
        assert description.startswith("Árbol de problemas: el problema central «") and DEMO_PROBLEM in description
        # The drawing (the room's SVG), then its PNG fallback.
        hrefs = [image.getAttribute("href") for image in frame.getElementsByType(draw.Image)]
        assert len(hrefs) == 2 and hrefs[0].endswith(".svg") and hrefs[1].endswith(".png")
        images.append(hrefs)
    with zipfile.ZipFile(io.BytesIO(export_plan_odt(seeded_plan()))) as package:
        pictures = sorted(n for n in package.namelist() if n.startswith("Pictures/"))
        assert pictures == sorted(href for hrefs in images for href in hrefs)
        for number, (drawing, fallback) in enumerate(images):
            assert package.read(drawing) == render_figure_svg(seeded_plan().commitments[number].tree)
            assert package.read(fallback).startswith(b"\x89PNG")
        manifest = ET.fromstring(package.read("META-INF/manifest.xml"))
        ns = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
        types = {e.get(f"{ns}full-path"): e.get(f"{ns}media-type") for e in manifest}
        assert [types[name] for name in pictures] == ["image/png", "image/svg+xml"] * 2


def test_the_annexes_report_attendance_by_sector_never_names():
    document = read(export_plan_odt(seeded_plan()))
    annex = section(document, "Anexo. Asistencia por sector")
    shown = " ".join(flat(e) for e in annex)
    assert "sin nombres de personas" in shown
    assert not [m["name"] for m in SECRETARIAT if m["name"] in shown]
    assert [flat(h) for h in annex if h.qname[1] == "h"] == ["Mesa 2: Municipios abiertos"]
    assert "30 de noviembre de 2021. Ente: Estado de México. Compromisos de esta mesa: Compromiso 2. " in shown
    context = section(document, "Contexto")
    assert flat(context[0]).startswith("El Plan de Acción Local es el documento consensado")
    assert [flat(h) for h in context if h.qname[1] == "h"] == [
        "Secretariado Técnico Local",
        "Sociedad civil",
        "Servicio público",
        "Organismo garante",
        "Ciudadanía",
        "Facilitación",
    ]


def test_a_draft_renders_with_pendiente():
    document = read(export_plan_odt(draft_plan()))
    chapter = section(document, "Compromiso 1. Borrador")
    assert items(after(chapter, "Problema central")) == ["Pendiente"]
    assert items(after(chapter, "Actividades")) == ["Actividades: Pendiente."]
    assert "El compromiso 1 todavía no es definitivo." in items(chapter[2])
    assert items(section(document, "Anexo. Relatoría")[-1]) == ["Sin relatoría registrada."]


def test_markup_in_any_text_stays_text():
    safe = read(export_plan_odt(seeded_plan()))
    odt = export_plan_odt(hostile_plan())
    hostile = read(odt)
    kinds = ("h", "p", "list", "table", "table-row", "table-cell", "frame")

    def census(document: Any) -> dict[str, int]:
        return {k: len([e for e in _walk(document.text) if e.qname[1] == k]) for k in kinds}

    assert census(hostile) == census(safe)
    title = "commitments.0.commitment.sheet.title"
    assert field_rows(find_table(hostile, "Ficha 1"))["Título del compromiso"] == [attack(title)]
    assert [flat(t) for t in hostile.meta.getElementsByType(dc.Title)] == [attack("title")]
    with zipfile.ZipFile(io.BytesIO(odt)) as package:
        assert b"<script>" not in package.read("content.xml")


def _walk(element: OdfElement) -> list[OdfElement]:
    found = []
    for child in element.childNodes:
        if child.nodeType == child.ELEMENT_NODE:
            found.append(child)
            found.extend(_walk(child))
    return found


def test_the_odt_has_the_plan_layout_only():
    context = ExportContext(title="Plan", layout="ogp")
    with pytest.raises(ValidationError) as raised:
        PLAN_FORMATS.get_format("odt").render(seeded_plan(), context)
    assert raised.value.field == "layout"
    assert "docx, html, pdf" in str(raised.value)
    odt = PLAN_FORMATS.get_format("odt").render(seeded_plan(), ExportContext(title="Plan"))
    assert [item for item in outline(read(odt)) if item[0] == 1][:2] == [
        (1, "Contexto"),
        (1, "Compromiso 1. Estrategia de fortalecimiento a la Cultura de Gobierno Abierto"),
    ]


def test_a_plan_of_200_commitments_exports():
    document = read(export_plan_odt(large_plan(200)))
    chapters = [title for level, title in outline(document) if level == 1 and title.startswith("Compromiso ")]
    assert len(chapters) == 200 and chapters[-1].startswith("Compromiso 200. ")
    assert len(document.getElementsByType(draw.Frame)) == 200
