"""The Plan de Acción as DOCX, read back with python-docx (and its XML with
lxml): every field of a seeded commitment in its place, the tree as a figure
and as text, the OGP layout, institution templates, broken templates."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from exporters.docx_kit import SVG_NAMESPACE
from exporters.formats import LAYOUTS, ExportContext
from exporters.plan_docx import MEDIA_TYPE, export_plan_docx, load_template
from exporters.plan_formats import PLAN_FORMATS
from exporters.plan_view import ACTIVITY_COLUMNS
from exporters.tree_figure import render_figure_svg
from tests.exporters.test_plan_view import RED_CAUSES, RED_EFFECTS, attack, draft_plan, hostile_plan, large_plan
from tests.workshops.test_plan import ATTENDANCE, MESA, MINUTES, PLAN_DATA, F, co_created_entry, infoem_entry
from tests.workshops.test_roadmap import INFOEM_ROADMAP
from workshops.demo import DEMO_PROBLEM
from workshops.errors import ValidationError
from workshops.plan import Plan
from workshops.plan_editing import attach_commitment, create_plan

Block = Paragraph | Table
LETTERHEAD = "Gobierno Municipal de Ejemplo"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def seeded_plan() -> Plan:
    """A proactive commitment, then the one every test reads: a co-created
    commitment with the eight fields of its hoja de ruta, two activities, two
    indicators, the sheet, the mesa's decision, attendance and minutes."""
    plan, _ = create_plan(PLAN_DATA, plan_id="pal-edomex-1", **F)
    plan, _ = attach_commitment(plan, infoem_entry(), **F)
    plan, _ = attach_commitment(plan, co_created_entry(), **F)
    entry = plan.commitments[1]
    assert len(entry.roadmap.activities) == 2 and len(entry.roadmap.indicators) == 2
    assert entry.decision and entry.mesa and entry.attendance and entry.minutes
    return plan


ENTRY = co_created_entry()
ROADMAP = INFOEM_ROADMAP  # the co-created roadmap's fields besides its activities and dates
SHEET = ENTRY.commitment.sheet
HEADING_2 = "Compromiso 2. Red de enlaces municipales de gobierno abierto"


def read(data: bytes) -> Document:
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    return docx.Document(io.BytesIO(data))


def blocks(document: Document) -> list[Block]:
    return list(document.iter_inner_content())


def is_heading(block: Block, level: int) -> bool:
    """By the style's id (what python-docx's default and these templates call
    «Heading N»): looking a style up by name reads every style each time."""
    return isinstance(block, Paragraph) and block._p.style == f"Heading{level}"


def chapter(document: Document, heading: str) -> list[Block]:
    """The blocks under the Heading 1 ``heading``, up to the next Heading 1."""
    found = blocks(document)
    start = next(i for i, b in enumerate(found) if is_heading(b, 1) and b.text == heading)
    end = next((i for i in range(start + 1, len(found)) if is_heading(found[i], 1)), len(found))
    return found[start:end]


def after(part: list[Block], heading: str, level: int) -> list[Block]:
    """The blocks under the heading ``heading`` of ``level``, up to the next heading of that level or above."""
    start = next(i for i, b in enumerate(part) if is_heading(b, level) and b.text == heading)
    end = next(
        (i for i in range(start + 1, len(part)) if any(is_heading(part[i], n) for n in range(1, level + 1))),
        len(part),
    )
    return part[start + 1 : end]


def tables(part: list[Block]) -> list[Table]:
    return [b for b in part if isinstance(b, Table)]


def paragraphs(part: list[Block]) -> list[Paragraph]:
    return [b for b in part if isinstance(b, Paragraph) and b.text]


def cells(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def facts(table: Table) -> dict[str, list[str]]:
    """Label → the paragraphs of its content (one per item of a list)."""
    return {row.cells[0].text: [p.text for p in row.cells[1].paragraphs] for row in table.rows}


def bullet_texts(part: list[Block]) -> list[str]:
    return [p.text for p in paragraphs(part) if p.style.name == "List Bullet"]


def repeats_header(table: Table) -> bool:
    first = table.rows[0]._tr
    return first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def all_text(document: Document) -> Iterator[str]:
    for block in blocks(document):
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield cell.text


# ------------------------------------------------------------------ plan


def test_the_cover_the_contents_and_the_document_properties():
    document = read(export_plan_docx(seeded_plan()))
    first = blocks(document)[:7]
    assert [(b.style.name, b.text) for b in first[:2]] == [
        ("Subtitle", "Plan de Acción Local"),
        ("Title", PLAN_DATA["title"]),
    ]
    cover = [b.text for b in first[2:]]
    assert cover == [
        "Ente: Estado de México",
        "Vigencia: Del 19 de diciembre de 2021 al 30 de junio de 2023",
        f"Organismo garante: {PLAN_DATA['guarantor']}",
        "Fecha de aprobación: 19 de diciembre de 2021",
        "Compromisos: 2 compromisos: 1 proactivo y 1 co-creado",
    ]
    found = blocks(document)
    contents = next(i for i, b in enumerate(found) if isinstance(b, Paragraph) and b.style.name == "TOC Heading")
    listed = [b.text for b in found[contents + 1 : contents + 6]]
    assert listed == [
        "Contexto",
        "Compromiso 1. Estrategia de fortalecimiento a la Cultura de Gobierno Abierto",
        HEADING_2,
        "Anexo. Asistencia por sector",
        "Anexo. Relatoría",
    ]
    assert [b.text for b in found if is_heading(b, 1)] == listed  # every entry is a chapter
    # The list is the shown result of a real TOC field, updated when the document opens.
    body = document.element.body
    assert next(i.text.strip() for i in body.iter(qn("w:instrText"))).startswith('TOC \\o "1-1"')
    kinds = [c.get(qn("w:fldCharType")) for c in body.iter(qn("w:fldChar"))]
    assert kinds[:3] == ["begin", "separate", "end"]
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    props = document.core_properties
    assert (props.title, props.language, props.subject) == (PLAN_DATA["title"], "es-MX", "Plan de Acción Local")
    assert props.author == "Secretariado Técnico Local — Estado de México"
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "es-MX"
    footer = document.sections[0].footer._element
    assert [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]


def test_the_context_holds_the_secretariat_by_sector():
    document = read(export_plan_docx(seeded_plan()))
    part = chapter(document, "Contexto")
    assert "Plan de Acción Local es el documento consensado por el Secretariado Técnico Local" in part[1].text
    [table] = tables(after(part, "Secretariado Técnico Local", 2))
    assert cells(table) == [
        ["Sector", "Nombre", "Organización"],
        ["Sociedad civil", "Laura Méndez Ortiz", "CIMTRA Estado de México"],
        ["Servicio público", "Jorge Ramírez Salgado", "Secretaría de la Contraloría del Estado de México (SECOGEM)"],
        ["Organismo garante", "Adriana Yadira Cárdenas Tagle", "Infoem"],
        ["Ciudadanía", "Diana Bobadilla Martínez", "—"],
        ["Facilitación", "Mariana Torres Vega", "Red Mexiquense de Gobierno Abierto"],
    ]
    assert repeats_header(table)


def test_the_chapter_heads_the_commitment_with_its_origin_and_mesa():
    part = chapter(read(export_plan_docx(seeded_plan())), HEADING_2)
    assert part[0].paragraph_format.page_break_before
    assert [p.text for p in paragraphs(part)[1:3]] == [
        "Tipo de compromiso: Co-creado. Estado: Definitivo",
        f"Mesa de origen: {MESA.title}; 30 de noviembre de 2021; {MESA.entity}",
    ]
    assert [b.text for b in part if is_heading(b, 2)] == [
        "Árbol de problemas",
        "Ficha del compromiso",
        "Hoja de ruta",
        "Decisión de la mesa",
    ]
    proactive = chapter(
        read(export_plan_docx(seeded_plan())), "Compromiso 1. " + infoem_entry().commitment.sheet["title"]
    )
    assert paragraphs(proactive)[2].text == "Mesa de origen: no aplica (compromiso proactivo)"


def test_the_tree_is_a_figure_with_alt_text_and_also_text():
    data = export_plan_docx(seeded_plan())
    document = read(data)
    tree = after(chapter(document, HEADING_2), "Árbol de problemas", 2)
    drawings = [d for p in tree if isinstance(p, Paragraph) for d in p._p.iter(qn("w:drawing"))]
    assert len(drawings) == 1
    [doc_pr] = drawings[0].iter(qn("wp:docPr"))
    assert doc_pr.get("title") == "Árbol de problemas del compromiso 2"
    assert doc_pr.get("descr").startswith("Árbol de problemas: el problema central «Desarticulación")
    [blip] = drawings[0].iter(qn("a:blip"))
    image = document.part.related_parts[blip.get(qn("r:embed"))]
    assert image.blob.startswith(PNG_SIGNATURE)  # the fallback
    # The drawing itself: the room's SVG of the tree (Office's svgBlip extension).
    [svg_blip] = blip.iter(f"{{{SVG_NAMESPACE}}}svgBlip")
    svg = document.part.related_parts[svg_blip.get(qn("r:embed"))]
    assert svg.content_type == "image/svg+xml"
    assert svg.blob == render_figure_svg(seeded_plan().commitments[1].tree)
    assert len(document.inline_shapes) == 2  # one figure per commitment
    [caption] = [p for p in tree if isinstance(p, Paragraph) and p.style.name == "Caption"]
    assert caption._p.find(qn("w:fldSimple")).get(qn("w:instr")).strip() == "SEQ Figura \\* ARABIC"
    shown = "".join(t.text for t in caption._p.iter(qn("w:t")))
    assert shown == "Figura 2. Árbol de problemas del compromiso 2: efectos arriba, causas abajo."
    assert bullet_texts(after(tree, "Efectos", 3)) == RED_EFFECTS
    assert [p.text for p in paragraphs(after(tree, "Problema central", 3))] == [DEMO_PROBLEM]
    assert bullet_texts(after(tree, "Causas", 3)) == RED_CAUSES


def test_the_commitment_sheet_lists_every_field_by_its_label():
    part = after(chapter(read(export_plan_docx(seeded_plan())), HEADING_2), "Ficha del compromiso", 2)
    [table] = tables(part)
    assert repeats_header(table)
    assert facts(table) == {
        "Campo": ["Contenido"],
        "Título del compromiso": ["Red de enlaces municipales de gobierno abierto"],
        "Problema público que atiende": [
            "Desarticulación de los esfuerzos de apertura gubernamental en los municipios."
        ],
        "¿En qué consiste el compromiso?": [SHEET["description"]],
        "¿Cómo contribuye a resolver el problema?": [SHEET["how_it_helps"]],
        "Relevancia para los valores de gobierno abierto": ["Transparencia", "Participación ciudadana"],
        "Objetivos de Desarrollo Sostenible (ODS)": [
            "11. Ciudades y comunidades sostenibles",
            "16. Paz, justicia e instituciones sólidas",
            "17. Alianzas para lograr los objetivos",
        ],
        "Perspectiva de género": [SHEET["gender_perspective"]],
        "Supuestos": [SHEET["assumptions"]],
        "Otros actores involucrados": [SHEET["other_actors"]],
    }


def test_the_roadmap_has_its_eight_fields_activities_and_indicators():
    part = after(chapter(read(export_plan_docx(seeded_plan())), HEADING_2), "Hoja de ruta", 2)
    assert paragraphs(part)[0].text == "Pendiente de acuerdo."
    responsible = ROADMAP["responsible"]
    fields = facts(tables(part)[0])
    assert fields == {
        "Campo": ["Contenido"],
        "1. Persona servidora pública responsable": [
            f"Nombre: {responsible['name']}",
            f"Cargo: {responsible['position']}",
            f"Institución: {responsible['institution']}",
        ],
        "2. Organizaciones de la sociedad civil corresponsables": [
            "Red Mexiquense de Gobierno Abierto (contacto: Secretaría técnica de la Red)"
        ],
        "3. Actividades": ["2 actividades (ver la tabla)"],
        "4. Resultado final": [ROADMAP["result"]],
        "5. Productos esperados": ROADMAP["products"],
        "6. Indicadores": ["2 indicadores (ver la tabla)"],
        "7. Medios de verificación": ROADMAP["verification"],
        "8. Fechas de inicio y conclusión": ["Del 1 de agosto de 2022 al 30 de junio de 2023"],
    }
    [activities] = tables(after(part, "Actividades", 3))
    assert repeats_header(activities)
    rows = cells(activities)
    assert rows[0] == list(ACTIVITY_COLUMNS)
    first, second = ROADMAP["activities"][4], ROADMAP["activities"][5]
    assert rows[1] == [
        "1",
        first["description"],
        first["responsible"],
        "1 de agosto de 2022",
        "30 de noviembre de 2022",
        "\n".join("•\u00a0" + p for p in first["products"]),
        "\n".join("•\u00a0" + v for v in first["verification"]),
        "60%",
    ]
    assert rows[2][:5] == [
        "2",
        second["description"],
        second["responsible"],
        "6 de junio de 2023",
        "8 de junio de 2023",
    ]
    assert rows[2][5:] == [second["products"][0], second["verification"][0], "40%"]
    assert rows[3] == ["", "Suma de los pesos", "", "", "", "", "", "100%"]
    [indicators] = tables(after(part, "Indicadores", 3))
    assert repeats_header(indicators)
    rows = cells(indicators)
    for n, indicator in enumerate(ROADMAP["indicators"]):
        block = rows[1 + 9 * n : 10 + 9 * n]
        assert block[0] == [f"Indicador {n + 1}. {indicator['name']}"] * 2  # one cell across the table
        assert dict(block[1:]) == {
            "Definición": indicator["definition"],
            "Método de cálculo": indicator["method"],
            "Unidad de medida": indicator["unit"],
            "Frecuencia": indicator["frequency"],
            "Línea base": "0 (2021)",
            "Meta": str(indicator["goal"]),
            "Sentido": "Ascendente",
            "Medios de verificación": indicator["verification"][0],
        }


def test_the_decision_record_is_summed_up_with_participation_by_sector():
    part = after(chapter(read(export_plan_docx(seeded_plan())), HEADING_2), "Decisión de la mesa", 2)
    summary, participation = tables(part)
    assert facts(summary) == {
        "Campo": ["Contenido"],
        "Tipo de decisión": ["Consenso"],
        "Método": ["Consulta de consentimiento"],
        "Fecha": ["30 de noviembre de 2021"],
    }
    assert cells(participation) == [
        ["Sector", "Podían votar", "Votaron"],
        ["Sociedad civil", "6", "6"],
        ["Servicio público", "4", "3"],
        ["Organismo garante", "1", "1"],
        ["Total", "11", "10"],
    ]


def test_the_annexes_give_attendance_by_sector_and_the_minutes_per_mesa():
    document = read(export_plan_docx(seeded_plan()))
    mesa = f"{MESA.title} (30 de noviembre de 2021). Compromiso 2"
    attendance = chapter(document, "Anexo. Asistencia por sector")
    assert "sin nombres de personas" in paragraphs(attendance)[1].text
    assert [b.text for b in attendance if is_heading(b, 2)] == [mesa]  # the proactive commitment has no mesa
    [table] = tables(attendance)
    assert repeats_header(table)
    assert cells(table) == [
        ["Sector", "Personas", "Organizaciones"],
        ["Sociedad civil", "7", "Colectivo Ciudadano Toluca\nRed por la Rendición de Cuentas"],
        ["Servicio público", "4", "Ayuntamiento de Metepec"],
        ["Organismo garante", "1", "INFOEM"],
        ["Facilitación", "1", "—"],
        ["Total", "13", ""],
    ]
    assert {p.style.name for p in table.rows[1].cells[2].paragraphs} == {"List Bullet"}
    assert sum(r.people for r in ATTENDANCE) == 13
    names = [m["name"] for m in PLAN_DATA["secretariat"]]
    assert not [t for b in attendance for t in [getattr(b, "text", "")] if any(n in t for n in names)]
    minutes = chapter(document, "Anexo. Relatoría")
    assert [b.text for b in minutes if is_heading(b, 2)] == [mesa]
    [table] = tables(minutes)
    assert cells(table) == [
        ["Fecha y hora", "Relatoría"],
        ["30 de noviembre de 2021, 10:05 h", MINUTES[0].text],
        ["30 de noviembre de 2021, 12:40 h", MINUTES[1].text],
    ]


def test_markup_people_typed_comes_out_as_literal_text():
    document = read(export_plan_docx(hostile_plan()))
    text = "\n".join(all_text(document))
    for path in (
        "commitments.1.commitment.sheet.title",
        "commitments.1.commitment.sheet.description",
        "commitments.1.roadmap.activities.0.description",
        "commitments.1.roadmap.indicators.1.definition",
        "commitments.1.problem_tree.nodes.1.text",
        "commitments.1.minutes.0.text",
        "commitments.1.attendance.0.organizations.0",
        "secretariat.0.name",
    ):
        assert attack(path) in text, path
    body = document.element.body
    # Only WordprocessingML and DrawingML elements (and the figures' SVG
    # extension), no links, embedded objects or alien chunks.
    tags = [e.tag for e in body.iter() if isinstance(e.tag, str)]
    svg_blip = f"{{{SVG_NAMESPACE}}}svgBlip"
    assert all(t.startswith("{http://schemas.openxmlformats.org/") or t == svg_blip for t in tags)
    assert not {qn("w:hyperlink"), qn("w:object"), qn("w:altChunk")} & set(tags)
    fields = [i.text.split()[0] for i in body.iter(qn("w:instrText"))]
    fields += [f.get(qn("w:instr")).split()[0] for f in body.iter(qn("w:fldSimple"))]
    assert set(fields) == {"TOC", "SEQ"}  # the =HYPERLINK people typed is no field


def test_a_draft_exports_with_what_it_lacks_marked_pendiente():
    document = read(export_plan_docx(draft_plan()))
    part = chapter(document, "Compromiso 1. Borrador")
    assert len(document.inline_shapes) == 0  # no tree yet: no figure, the lists say «Pendiente»
    assert bullet_texts(after(part, "Efectos", 3)) == ["Pendiente"]
    sheet = facts(tables(after(part, "Ficha del compromiso", 2))[0])
    assert sheet["Problema público que atiende"] == ["Pendiente"]
    roadmap = after(part, "Hoja de ruta", 2)
    assert facts(tables(roadmap)[0])["1. Persona servidora pública responsable"] == [
        "Nombre: Pendiente",
        "Cargo: Pendiente",
        "Institución: Pendiente",
    ]
    assert [p.text for p in paragraphs(after(roadmap, "Actividades", 3))] == ["Pendiente"]
    assert "Pendientes para completar este compromiso:" in [p.text for p in paragraphs(part)]
    assert chapter(document, "Anexo. Asistencia por sector")[-1].text.startswith("Ningún compromiso")


def test_a_plan_of_200_commitments_exports():
    document = read(export_plan_docx(large_plan(200)))
    headings = [b.text for b in blocks(document) if is_heading(b, 1)]
    assert [h.split(".")[0] for h in headings[1:201]] == [f"Compromiso {n}" for n in range(1, 201)]
    assert len(document.inline_shapes) == 200
    for content_type in ("image/png", "image/svg+xml"):
        images = {p.partname for p in document.part.package.iter_parts() if p.content_type == content_type}
        assert len(images) == 2  # 199 commitments share one tree: one image, stored once
    # The 199 copies come from one mesa: the annexes list it once.
    assert [b.text for b in chapter(document, "Anexo. Asistencia por sector") if is_heading(b, 2)] == [
        f"{MESA.title} (30 de noviembre de 2021). Compromisos 2–200"
    ]


# ------------------------------------------------------------------- OGP


def test_the_ogp_layout_gives_each_commitment_the_template_rows():
    document = read(export_plan_docx(seeded_plan(), layout="ogp"))
    assert "Alianza para el Gobierno Abierto (OGP)" in blocks(document)[2].text
    part = chapter(document, HEADING_2)
    sheet, milestones, contact = tables(part)
    rows = cells(sheet)
    assert [r[0] for r in rows] == [
        "Compromiso",
        "Fecha de inicio y término",
        "Institución responsable",
        "Descripción del compromiso",
        "¿Cuál es el problema público que atiende?",
        "¿Qué es el compromiso?",
        "¿Cómo contribuirá a resolver el problema?",
        "¿Por qué es relevante para los valores de gobierno abierto?",
        "Información adicional",
    ]
    values = facts(sheet)
    assert values["Compromiso"] == ["Red de enlaces municipales de gobierno abierto"]
    assert values["Fecha de inicio y término"] == ["Del 1 de agosto de 2022 al 30 de junio de 2023"]
    assert values["Institución responsable"] == [ROADMAP["responsible"]["institution"]]
    assert rows[3] == ["Descripción del compromiso"] * 2  # a section across both columns
    assert values["¿Qué es el compromiso?"] == [SHEET["description"]]
    assert values["¿Por qué es relevante para los valores de gobierno abierto?"] == [
        "Transparencia",
        "Participación ciudadana",
    ]
    assert values["Información adicional"] == [
        "Tipo de compromiso: Co-creado",
        "Objetivos de Desarrollo Sostenible (ODS): 11. Ciudades y comunidades sostenibles; 16. Paz, justicia e "
        "instituciones sólidas; 17. Alianzas para lograr los objetivos",
        f"Perspectiva de género: {SHEET['gender_perspective']}",
        f"Supuestos: {SHEET['assumptions']}",
    ]
    first = ROADMAP["activities"][4]
    assert repeats_header(milestones)
    assert cells(milestones)[:2] == [
        ["Núm.", "Actividad", "Entregable verificable", "Medio de verificación", "Fecha de inicio", "Fecha de término"],
        [
            "1",
            first["description"],
            "\n".join(f"•\xa0{p}" for p in first["products"]),  # narrow cells: bullets by hand
            "\n".join(f"•\xa0{v}" for v in first["verification"]),
            "1 de agosto de 2022",
            "30 de noviembre de 2022",
        ],
    ]
    responsible = ROADMAP["responsible"]
    assert facts(contact) == {
        "Información de contacto": ["Información de contacto"],
        "Persona servidora pública responsable": [responsible["name"]],
        "Cargo": [responsible["position"]],
        "Institución": [responsible["institution"]],
        "Otros actores involucrados": ["Otros actores involucrados"],
        "Organizaciones de la sociedad civil": [
            "Red Mexiquense de Gobierno Abierto (contacto: Secretaría técnica de la Red)"
        ],
        "Otros actores": [SHEET["other_actors"]],
    }
    assert not [b for b in blocks(document) if is_heading(b, 1) and b.text.startswith("Anexo")]


# -------------------------------------------------------------- templates


def make_template(*, drop: tuple[str, ...] = ("List Bullet", "Table Grid", "Caption")) -> bytes:
    """What an institution uploads: A4, a letterhead, its own style and
    heading colour, some text, and without some of the styles the plan uses."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(3)
    section.header.paragraphs[0].text = LETTERHEAD
    section.footer.paragraphs[0].text = "Palacio Municipal s/n, Centro"
    style = document.styles.add_style("Oficio Institucional", WD_STYLE_TYPE.PARAGRAPH)
    style.font.name = "DejaVu Serif"
    document.styles["Heading 1"].font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    for name in drop:
        element = document.styles[name].element
        element.getparent().remove(element)
    document.add_paragraph("Texto del modelo que no debe quedar", style="Oficio Institucional")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_template_keeps_its_letterhead_page_and_styles():
    template = make_template()
    load_template(template)
    document = read(export_plan_docx(seeded_plan(), template=template))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == LETTERHEAD
    assert section.footer.paragraphs[0].text == "Palacio Municipal s/n, Centro"
    assert (round(section.page_width.cm, 1), round(section.left_margin.cm, 1)) == (21.0, 3.0)
    assert document.styles["Oficio Institucional"].font.name == "DejaVu Serif"
    headings = [b for b in blocks(document) if is_heading(b, 1)]
    assert headings and all(h.style.font.color.rgb == RGBColor(0x8B, 0x00, 0x00) for h in headings)
    assert "Texto del modelo que no debe quedar" not in "\n".join(all_text(document))
    # The styles it lacked were completed; bullets are written by hand where List Bullet has no numbering.
    assert {"List Bullet", "Table Grid", "Caption"} <= {s.name for s in document.styles}
    tree = after(chapter(document, HEADING_2), "Efectos", 3)
    assert [p.text for p in paragraphs(tree)] == ["•\u00a0" + e for e in RED_EFFECTS]
    assert tables(chapter(document, HEADING_2))[0].style.name == "Table Grid"
    assert [f.get(qn("w:instr")).strip() for f in section.footer._element.iter(qn("w:fldSimple"))] == [
        "PAGE",
        "NUMPAGES",
    ]


def test_a_complete_template_keeps_its_own_list_style():
    document = read(export_plan_docx(seeded_plan(), template=make_template(drop=())))
    tree = after(chapter(document, HEADING_2), "Efectos", 3)
    assert bullet_texts(tree) == RED_EFFECTS


def zipped(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def with_parts(changes: dict[str, bytes | str | None]) -> bytes:
    """A good template with some parts replaced (or removed: ``None``)."""
    source = zipfile.ZipFile(io.BytesIO(make_template()))
    files: dict[str, bytes | str] = {n: source.read(n) for n in source.namelist()}
    for name, content in changes.items():
        if content is None:
            files.pop(name)
        else:
            files[name] = content
    return zipped(files)


def content_types(main: str) -> str:
    types = zipfile.ZipFile(io.BytesIO(make_template())).read("[Content_Types].xml").decode()
    return types.replace("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", main)


BROKEN = {
    "empty": (b"", "vacía"),
    "not_a_zip": (b"<html><script>alert(1)</script></html>", "no es un documento .docx"),
    "zip_without_document": (zipped({"hola.txt": "hola"}), "word/document.xml"),
    "no_document_part": (with_parts({"word/document.xml": None}), "word/document.xml"),
    "broken_document_xml": (with_parts({"word/document.xml": "<w:document><w:body>"}), "dañada"),
    "macros": (
        with_parts({"[Content_Types].xml": content_types("application/vnd.ms-word.document.macroEnabled.main+xml")}),
        "macros",
    ),
    "vba_project": (with_parts({"word/vbaProject.bin": b"\x00" * 16}), "macros"),
    "dotx": (
        with_parts(
            {
                "[Content_Types].xml": content_types(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
                )
            }
        ),
        ".dotx",
    ),
    "spreadsheet": (
        with_parts(
            {
                "[Content_Types].xml": content_types(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
                )
            }
        ),
        "otro tipo",
    ),
    "too_big": (b"PK" + b"\x00" * (5 * 1024 * 1024), "el máximo es 5 MB"),
    "truncated": (make_template()[:4000], "no es un documento .docx"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_template_is_refused_with_a_clear_error(name):
    data, message = BROKEN[name]
    with pytest.raises(ValidationError) as raised:
        load_template(data)
    assert raised.value.field == "template" and message in raised.value.message
    with pytest.raises(ValidationError):
        export_plan_docx(seeded_plan(), template=data)


# --------------------------------------------------------------- registry


def test_docx_is_registered_with_its_layouts():
    fmt = PLAN_FORMATS.get_format("docx")
    assert (fmt.extension, fmt.media_type, MEDIA_TYPE) == ("docx", MEDIA_TYPE, fmt.media_type)
    assert MEDIA_TYPE == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert LAYOUTS == ("plan", "ogp")
    plan = seeded_plan()
    ogp = read(fmt.render(plan, ExportContext(title="x", layout="ogp")))
    assert chapter(ogp, HEADING_2)[1].rows[0].cells[0].text == "Compromiso"
    with_template = read(fmt.render(plan, ExportContext(title="x", template=make_template())))
    assert with_template.sections[0].header.paragraphs[0].text == LETTERHEAD
    with pytest.raises(ValidationError) as raised:
        fmt.render(plan, ExportContext(title="x", layout="folleto"))
    assert raised.value.field == "layout" and raised.value.fields["known"] == LAYOUTS
    assert "plan, ogp" in raised.value.message
    with pytest.raises(ValidationError) as raised:
        fmt.render(plan, ExportContext(title="x", lang="en"))
    assert raised.value.field == "lang"
