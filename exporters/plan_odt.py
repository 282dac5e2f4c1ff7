"""The Plan de Acción as an OpenDocument text (``.odt``), written with odfdo:
the open format the 2016 Declaration asks for, which LibreOffice opens.

The same document as the HTML page (``plan_document.document_view``): a
title page, the contents (a real ODF table of contents over the chapters and
annexes, which the word processor can update with page numbers), one chapter
per commitment, the annexes. Headings are ``text:h`` with outline levels
(chapters 1, their parts 2 and 3), so the navigator and the PDF bookmarks
follow them; lists are ``text:list``; every table has a repeated header row
(``table:table-header-rows``). The problem tree is a figure with its
description (``svg:title``/``svg:desc``) and then the same tree as text.
Title, subject and language (es-MX) go into the metadata and the default
style. Letter pages numbered in the footer.

Text is set as text (odfdo turns spaces, tabs and line breaks into their ODF
elements): nothing people typed becomes markup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from odfdo import TOC, Document, Element

from workshops.plan import Plan
from workshops.plan_tree import PlanTree

from . import media_types
from . import odt_kit as kit
from .plan_document import DOCUMENT_LANG, document_view
from .plan_view import PENDING
from .tree_figure import FALLBACK_SCALE, SVG_MEDIA_TYPE, alt_text, is_drawable, render_figures

MEDIA_TYPE = media_types.ODT
BULLETS = "Vinetas"
GENERATOR = "Cocrea"
FIGURE_WIDTH_CM = 16.0
FIGURE_MAX_HEIGHT_CM = 17.0
BODY_WIDTH_CM = 17.59  # letter (21.59 cm) less two 2 cm margins

# The view's keys in the order of plan_view's ACTIVITY_COLUMNS and INDICATOR_COLUMNS.
ACTIVITY_KEYS = ("description", "responsible", "start", "end", "products", "verification", "weight")
INDICATOR_KEYS = ("name", "definition", "method", "unit", "frequency", "baseline", "goal", "direction", "verification")
PROACTIVE = "Compromiso proactivo: lo propuso el ente público; no proviene de una votación de mesa."
_STYLES = (
    '<style:style style:name="Title" style:display-name="Title" style:family="paragraph" '
    'style:parent-style-name="Heading" style:class="chapter"><style:paragraph-properties fo:text-align="start" '
    'fo:margin-top="4cm" fo:margin-bottom="0.6cm"/><style:text-properties fo:font-size="24pt" fo:font-weight="bold" '
    'fo:color="#0b3954"/></style:style>',
    '<style:style style:name="Subtitle" style:display-name="Subtitle" style:family="paragraph" '
    'style:parent-style-name="Heading" style:class="chapter"><style:text-properties fo:font-size="14pt" '
    'fo:font-weight="bold" fo:color="#3d3d3d"/></style:style>',
    '<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" '
    'style:parent-style-name="Standard" style:class="extra"><style:paragraph-properties fo:margin-top="0cm" '
    'fo:margin-bottom="0cm"/><style:text-properties fo:font-size="9pt"/></style:style>',
    '<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" '
    'style:parent-style-name="Table_20_Contents" style:class="extra"><style:text-properties fo:font-weight="bold"/>'
    "</style:style>",
    '<style:style style:name="Figure" style:display-name="Figure" style:family="paragraph" '
    'style:parent-style-name="Caption" style:class="extra"><style:paragraph-properties fo:text-align="center"/>'
    "</style:style>",
    '<style:style style:name="Note" style:display-name="Note" style:family="paragraph" '
    'style:parent-style-name="Text_20_body" style:class="text"><style:text-properties fo:color="#3d3d3d" '
    'fo:font-size="9pt"/></style:style>',
    '<style:style style:name="Footer" style:display-name="Footer" style:family="paragraph" '
    'style:parent-style-name="Standard" style:class="extra"><style:paragraph-properties fo:text-align="center"/>'
    '<style:text-properties fo:font-size="8pt" fo:color="#3d3d3d"/></style:style>',
    '<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" style:family="text">'
    '<style:text-properties fo:font-weight="bold"/></style:style>',
    f'<text:list-style style:name="{BULLETS}" style:display-name="Viñetas">'
    '<text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties '
    'text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment '
    'text:label-followed-by="listtab" text:list-tab-stop-position="0.45cm" fo:text-indent="-0.35cm" '
    'fo:margin-left="0.45cm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>',
)
# Headings: size, weight and colour by level (the template's level 2 is italic).
_HEADING_TEXT = {1: ("16pt", "#0b3954"), 2: ("13pt", "#0b3954"), 3: ("11pt", "#1a1a1a")}
_AUTOMATIC_STYLES = (
    # A chapter starts a page; the heading keeps its outline level.
    '<style:style style:name="ChapterHeading" style:family="paragraph" style:parent-style-name="Heading_20_1">'
    '<style:paragraph-properties fo:break-before="page"/></style:style>',
    '<style:style style:name="PageBreak" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:paragraph-properties fo:break-after="page"/></style:style>',
    '<style:style style:name="PlanTable" style:family="table"><style:table-properties '
    f'style:width="{BODY_WIDTH_CM}cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.3cm"/>'
    "</style:style>",
    '<style:style style:name="PlanCell" style:family="table-cell"><style:table-cell-properties '
    'fo:padding="0.08cm" fo:border="0.5pt solid #6b6b6b"/></style:style>',
    '<style:style style:name="PlanHeadCell" style:family="table-cell"><style:table-cell-properties '
    'fo:padding="0.08cm" fo:border="0.5pt solid #6b6b6b" fo:background-color="#e8eef2"/></style:style>',
    '<style:style style:name="PlanRowHeadCell" style:family="table-cell"><style:table-cell-properties '
    'fo:padding="0.08cm" fo:border="0.5pt solid #6b6b6b" fo:background-color="#f4f6f8"/></style:style>',
    '<style:style style:name="FigureFrame" style:family="graphic" style:parent-style-name="Graphics">'
    '<style:graphic-properties style:vertical-pos="top" style:horizontal-pos="center" '
    'style:horizontal-rel="paragraph"/></style:style>',
)
# Relative widths of each kind of table's columns.
_WIDTHS = {
    "fields": (3, 7),
    "activities": (1.3, 5, 3, 2, 2, 3, 3, 1.5),
    "indicators": (1.3, 3, 3, 3, 2, 2.2, 2, 1.5, 2.3, 3),
    "participation": (4, 2, 2),
    "secretariat": (1, 1),
    "attendance": (3, 1.5, 5.5),
    "minutes": (3, 7),
}


def export_plan_odt(plan: Plan) -> bytes:
    view = document_view(plan)
    document = Document("text")
    _set_up(document, view)
    body = document.body
    for paragraph in body.get_paragraphs():
        body.delete(paragraph)  # the template's empty first paragraph
    figures = _figures(document, plan)
    cover = kit.container()
    _cover(cover, view)
    kit.move_into(body, cover)
    body.append(_contents(view))
    out = kit.container()
    _context(out, view)
    for chapter in view["chapters"]:
        _chapter(out, chapter, view["columns"], figures.get(chapter["number"]))
    _attendance_annex(out, view["mesa_annexes"]["attendance"])
    _minutes_annex(out, view["mesa_annexes"]["minutes"])
    kit.move_into(body, out)
    return kit.save(document)


# ------------------------------------------------------------------ set-up


def insert_styles(document: Document, widths: Mapping[str, Sequence[float]]) -> None:
    """The documents' shared styles, one column style ``col-<kind>-<i>`` per
    column of each kind of table (relative widths), and letter pages: what
    every ODT the product writes (plan, minuta, informe final) starts from."""
    for style in _STYLES:
        document.insert_style(style, automatic=False)
    for style in _AUTOMATIC_STYLES:
        document.insert_style(style, automatic=True)
    for kind, kind_widths in widths.items():
        total = sum(kind_widths)
        for i, w in enumerate(kind_widths):
            document.insert_style(
                f'<style:style style:name="col-{kind}-{i}" style:family="table-column">'
                f'<style:table-column-properties style:column-width="{w / total * BODY_WIDTH_CM:.3f}cm" '
                f'style:rel-width="{round(w / total * 10000)}*"/></style:style>',
                automatic=True,
            )
    layout = document.get_style("page-layout", "Mpm1")
    properties = layout.get_element("style:page-layout-properties") if layout else None
    if properties is not None:
        for name, value in (("fo:page-width", "21.59cm"), ("fo:page-height", "27.94cm")):
            properties.set_attribute(name, value)


def column_styles(kind: str, widths: Mapping[str, Sequence[float]]) -> list[str]:
    return [f"col-{kind}-{i}" for i in range(len(widths[kind]))]


def _set_up(document: Document, view: dict[str, Any]) -> None:
    # Letter pages, numbered in the footer.
    insert_styles(document, _WIDTHS)
    master = document.get_style("master-page", "Standard")
    if master is not None:
        master.append(
            Element.from_tag(
                '<style:footer><text:p text:style-name="Footer">Página <text:page-number text:select-page="current"/>'
                " de <text:page-count/></text:p></style:footer>"
            )
        )
    _set_default_font(document)
    _set_headings(document)
    document.set_language(DOCUMENT_LANG)
    meta = document.meta
    meta.set_title(view["title"])
    meta.set_subject(view["type_label"])
    meta.set_description(f"{view['type_label']}. {view['entity']}. {view['period']}. {view['summary']}.")
    meta.set_keywords("gobierno abierto, plan de acción, compromisos, cocreación")
    meta.set_creation_date(dt.datetime.now(dt.UTC).replace(tzinfo=None))
    meta.set_generator(GENERATOR)


def _set_default_font(document: Document) -> None:
    """Liberation Sans (metric-compatible with Arial) for the text, like the headings."""
    for style in document.styles.get_elements("//style:default-style[@style:family='paragraph']"):
        text = style.get_element("style:text-properties")
        if text is not None:
            text.set_attribute("style:font-name", "Liberation Sans")
            text.set_attribute("fo:font-size", "10.5pt")


def _set_headings(document: Document) -> None:
    """Headings unnumbered (their text says «Compromiso 3.»), sized by level."""
    outline = document.get_style("outline", "Outline")
    if outline is not None:
        for level_style in outline.get_elements("text:outline-level-style"):
            for name in ("style:num-suffix", "loext:num-list-format"):
                level_style.del_attribute(name)
            level_style.set_attribute("style:num-format", "")
    for level, (size, color) in _HEADING_TEXT.items():
        style = document.get_style("paragraph", f"Heading_20_{level}")
        text = style.get_element("style:text-properties") if style is not None else None
        if text is not None:
            for name, value in (("fo:font-size", size), ("fo:font-style", "normal"), ("fo:color", color)):
                text.set_attribute(name, value)


# ------------------------------------------------------------------ parts
# Each part builds its elements (``odt_kit``) into ``out``, in order.


def _cover(out: Any, view: dict[str, Any]) -> None:
    kit.paragraph(out, view["title"], "Title")
    kit.paragraph(out, view["type_label"], "Subtitle")
    kit.labelled(out, "Ente", view["entity"])
    kit.labelled(out, "Vigencia", view["period"])
    kit.labelled(out, "Fecha de aprobación", view["approved_on"])
    kit.labelled(out, "Organismo garante", view["guarantor"])
    kit.labelled(out, "Compromisos", view["summary"])
    kit.paragraph(out, "", "PageBreak")


def _contents(view: dict[str, Any]) -> TOC:
    """An ODF table of contents over the outline's first level, filled with
    the chapters and annexes (the word processor adds page numbers when it
    updates the index)."""
    toc = TOC("Contenido", name="Contenido", outline_level=1)
    template = toc.get_element("text:table-of-content-source/text:table-of-content-entry-template")
    if template is not None:
        for tag in (
            "<text:index-entry-link-start/>",
            "<text:index-entry-text/>",
            '<text:index-entry-tab-stop style:type="right" style:leader-char="."/>',
            "<text:index-entry-page-number/>",
            "<text:index-entry-link-end/>",
        ):
            template.append(Element.from_tag(tag))
    index_body = toc.body
    if index_body is not None:
        title = index_body.get_element("text:index-title/text:p")
        if title is not None:
            title.set_attribute("text:style-name", "Contents_20_Heading")
        entries = kit.container()
        for item in view["contents"]:
            kit.paragraph(entries, item["heading"], "Contents_20_1")
        kit.move_into(index_body, entries)
    return toc


def _chapter(out: Any, c: dict[str, Any], columns: dict[str, Any], figure: _Figure | None) -> None:
    n = c["number"]
    kit.heading(out, 1, c["heading"], "ChapterHeading")
    kit.paragraph(out, f"Tipo de compromiso: {c['origin']}. Estado: {c['status']}.")
    if c["mesa"]:
        kit.labelled(out, "Mesa de cocreación", c["mesa"]["title"])
        kit.labelled(out, "Fecha de la mesa", c["mesa"]["date"])
        kit.labelled(out, "Ente", c["mesa"]["entity"])
    if c["pending"]:
        kit.labelled(out, "Pendientes", "")
        kit.bullets(out, c["pending"], BULLETS)

    kit.heading(out, 2, "Árbol de problemas")
    if figure is not None:
        _figure(out, n, figure)
    if c["tree"]["note"]:
        kit.paragraph(out, c["tree"]["note"], "Note")
    kit.heading(out, 3, "Efectos")
    kit.bullets(out, c["tree"]["effects"], BULLETS)
    kit.heading(out, 3, "Problema central")
    kit.paragraph(out, c["tree"]["problem"])
    kit.heading(out, 3, "Causas")
    kit.bullets(out, c["tree"]["causes"], BULLETS)

    fields = ("Campo", "Contenido")
    kit.heading(out, 2, "Ficha del compromiso")
    _table(out, f"Ficha {n}", "fields", fields, [[r["label"], r["items"]] for r in c["sheet"]])
    roadmap = c["roadmap"]
    kit.heading(out, 2, "Hoja de ruta")
    kit.paragraph(out, f"{roadmap['agreed']}.")
    rows = [[f"{f['number']}. {f['label']}", f["items"]] for f in roadmap["fields"]]
    _table(out, f"Hoja de ruta {n}", "fields", fields, rows)
    kit.heading(out, 3, "Actividades")
    if roadmap["activities"]:
        rows = [[str(a["number"]), *(a[k] for k in ACTIVITY_KEYS)] for a in roadmap["activities"]]
        total = ("Suma de los pesos", roadmap["weights_total"])
        _table(out, f"Actividades {n}", "activities", columns["activities"], rows, total)
    else:
        kit.paragraph(out, f"Actividades: {PENDING}.")

    kit.heading(out, 2, "Indicadores")
    if roadmap["indicators"]:
        rows = [[str(i["number"]), *(i[k] for k in INDICATOR_KEYS)] for i in roadmap["indicators"]]
        _table(out, f"Indicadores {n}", "indicators", columns["indicators"], rows)
    else:
        kit.paragraph(out, f"Indicadores: {PENDING}.")

    kit.heading(out, 2, "Decisión de la mesa")
    decision = c["decision"]
    if decision:
        kit.labelled(out, "Tipo de decisión", decision["kind"])
        kit.labelled(out, "Método", decision["method"])
        kit.labelled(out, "Fecha", decision["date"])
        if decision["participation"]:
            rows = [[p["sector"], str(p["eligible"]), str(p["voted"])] for p in decision["participation"]]
            rows.append(["Total", str(decision["eligible"]), str(decision["voted"])])
            _table(out, f"Participación {n}", "participation", columns["participation"], rows)
    elif c["origin_code"] == "proactivo":
        kit.paragraph(out, PROACTIVE)
    else:
        kit.paragraph(out, f"{PENDING}.")


def _context(out: Any, view: dict[str, Any]) -> None:
    context = view["context"]
    kit.heading(out, 1, context["heading"], "ChapterHeading")
    kit.paragraph(out, context["intro"])
    secretariat = context["secretariat"]
    kit.heading(out, 2, secretariat["heading"])
    kit.paragraph(out, secretariat["intro"])
    for s in secretariat["sectors"]:
        kit.heading(out, 3, s["sector"])
        rows = [[m["name"], m["organization"]] for m in s["members"]]
        _table(out, f"Secretariado {s['code']}", "secretariat", view["columns"]["secretariat"], rows)


def _attendance_annex(out: Any, annex: dict[str, Any]) -> None:
    kit.heading(out, 1, annex["heading"], "ChapterHeading")
    kit.paragraph(out, annex["note"], "Note")
    for m in annex["mesas"]:
        kit.heading(out, 2, m["heading"])
        if m["mesa"]:
            kit.paragraph(out, m["mesa"])
            kit.labelled(out, "Compromisos de esta mesa", m["commitments"])
        rows: list[list[kit.CellContent]] = [
            [r["sector_label"], str(r["people"]), r["organizations"] or "—"] for r in m["rows"]
        ]
        rows.append(["Total", str(m["total"]), ""])
        _table(out, f"Asistencia {m['number']}", "attendance", annex["columns"], rows)
    if not annex["mesas"]:
        kit.paragraph(out, "Sin registros de asistencia.")


def _minutes_annex(out: Any, annex: dict[str, Any]) -> None:
    kit.heading(out, 1, annex["heading"], "ChapterHeading")
    kit.paragraph(out, annex["note"], "Note")
    for m in annex["mesas"]:
        kit.heading(out, 2, m["heading"])
        if m["mesa"]:
            kit.paragraph(out, m["mesa"])
            kit.labelled(out, "Compromisos de esta mesa", m["commitments"])
        if m["minuta"]:
            _minuta(out, m["minuta"])
        if m["entries"]:
            rows = [[e["time"], e["text"]] for e in m["entries"]]
            _table(out, f"Relatoría {m['number']}", "minutes", annex["columns"], rows)
    if not annex["mesas"]:
        kit.paragraph(out, "Sin relatoría registrada.")


def _minuta(out: Any, minuta: dict[str, Any]) -> None:
    """The mesa's minuta: its status, and when sealed its digest and link."""
    kit.labelled(out, "Minuta", minuta["line"])
    if minuta["sha256"]:
        kit.labelled(out, "Sello SHA-256", minuta["sha256"])
    if minuta["url"]:
        kit.labelled(out, "Verificación", minuta["url"])


def _table(
    out: Any,
    name: str,
    kind: str,
    header: Sequence[str],
    rows: Sequence[Sequence[kit.CellContent]],
    total: tuple[str, str] | None = None,
) -> None:
    columns = column_styles(kind, _WIDTHS)
    kit.table(out, name, columns, header, rows, BULLETS, total)


# ------------------------------------------------------------------ figures


@dataclass(frozen=True)
class _Figure:
    svg_href: str  # the drawing inside the package
    href: str  # its PNG fallback
    width_cm: float
    height_cm: float
    description: str


def _figures(document: Document, plan: Plan) -> dict[int, _Figure]:
    """Each commitment's tree drawing, put in the package once even when
    several commitments share the tree."""
    stored: dict[PlanTree, tuple[str, str, float]] = {}
    figures = {}
    drawable = [entry.tree for entry in plan.commitments if is_drawable(entry.tree)]
    drawn = render_figures(drawable, scale=FALLBACK_SCALE) if drawable else {}
    for number, entry in enumerate(plan.commitments, 1):
        if not is_drawable(entry.tree):
            continue
        if entry.tree not in stored:
            svg, png = drawn[entry.tree]
            width, height = struct.unpack(">II", png[16:24])  # the PNG's IHDR
            name = f"Pictures/{hashlib.sha256(svg).hexdigest()[:32]}"
            document.set_part(f"{name}.svg", svg)
            document.manifest.add_full_path(f"{name}.svg", SVG_MEDIA_TYPE)
            document.set_part(f"{name}.png", png)
            document.manifest.add_full_path(f"{name}.png", "image/png")
            stored[entry.tree] = (f"{name}.svg", f"{name}.png", height / width)
        svg_href, href, ratio = stored[entry.tree]
        width_cm = min(FIGURE_WIDTH_CM, FIGURE_MAX_HEIGHT_CM / ratio)
        figures[number] = _Figure(svg_href, href, width_cm, width_cm * ratio, alt_text(entry.tree))
    return figures


def _figure(out: Any, number: int, figure: _Figure) -> None:
    """The drawing (with its title and description) and its caption, centred."""
    paragraph = kit.node(out, "text:p", text__style_name="Figure")
    frame = kit.node(
        paragraph,
        "draw:frame",
        draw__style_name="FigureFrame",
        draw__name=f"Árbol {number}",
        text__anchor_type="as-char",
        svg__width=f"{figure.width_cm:.2f}cm",
        svg__height=f"{figure.height_cm:.2f}cm",
    )
    # The drawing, then its fallback: a reader shows the first it can.
    for href in (figure.svg_href, figure.href):
        kit.node(frame, "draw:image", xlink__href=href, xlink__type="simple", xlink__show="embed")
    kit.append_text(kit.node(frame, "svg:title"), f"Árbol de problemas del compromiso {number}")
    kit.append_text(kit.node(frame, "svg:desc"), figure.description)
    kit.node(paragraph, "text:line-break")
    kit.append_text(paragraph, f"Figura {number}. Árbol de problemas del compromiso {number}; su texto sigue.")
