"""The Plan de Acción as a Word document (DOCX) an institution would sign:
a cover, the contents, the context (what the plan is, the Secretariado
Técnico), one chapter per commitment and the annexes (attendance by sector,
minutes per mesa). ``layout="ogp"`` writes each commitment in the OGP
commitment template instead (``plan_docx_ogp``).

Everything comes from ``plan_view.plan_view(plan)`` (Spanish, «Pendiente»
for what a draft lacks), written with Word's built-in styles (Title,
Heading 1-3, List Bullet, Caption, Table Grid) so an institution's template
(``template=``, see ``docx_kit``) restyles it. python-docx writes every text
as text: markup people typed stays literal.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from workshops.plan import Plan
from workshops.plan_tree import PlanTree

from . import docx_kit, tree_figure
from .docx_kit import MEDIA_TYPE
from .docx_writer import SMALL, Value, Writer
from .formats import LAYOUTS
from .plan_document import ATTENDANCE_HEADING, MINUTES_HEADING, OGP_TITLE, PRIVACY_NOTE, check_layout, ogp_view
from .plan_docx_ogp import write_ogp_commitments
from .plan_view import ACTIVITY_COLUMNS, INDICATOR_COLUMNS, PARTICIPATION_COLUMNS, PENDING, plan_view

__all__ = ["LAYOUTS", "MEDIA_TYPE", "export_plan_docx", "load_template"]

LAYOUT_PLAN, LAYOUT_OGP = LAYOUTS
STYLES = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "Caption",
    "Table Grid",
    "TOC Heading",
    "Footer",
)
FIGURE_WIDTH = Cm(16)

load_template = docx_kit.load_template


def export_plan_docx(plan: Plan, *, layout: str = LAYOUT_PLAN, template: bytes | None = None) -> bytes:
    """The plan as DOCX bytes; ``ValidationError`` for an unknown layout or an
    unusable template (``field="template"``), never a corrupt file."""
    check_layout(layout, "docx", {"docx": LAYOUTS})
    view = plan_view(plan)
    document = docx_kit.new_document(template)
    writer = Writer(document, docx_kit.ensure_styles(document, STYLES))
    figures = Figures(plan)
    _cover(writer, view, OGP_TITLE if layout == LAYOUT_OGP else None)
    if layout == LAYOUT_OGP:
        _contents(writer, [c["heading"] for c in view["chapters"]])
        write_ogp_commitments(writer, ogp_view(plan))
    else:
        _contents(writer, [*(item["heading"] for item in view["contents"]), ATTENDANCE_HEADING, MINUTES_HEADING])
        _context(writer, view)
        for chapter in view["chapters"]:
            _chapter(writer, chapter, figures)
            writer.flush()
        _annexes(writer, view)
    writer.flush()
    docx_kit.add_page_numbers(document)
    docx_kit.set_language(document)
    docx_kit.update_fields_on_open(document)
    secretariat = view["context"]["secretariat"]["heading"]
    docx_kit.set_properties(
        document,
        title=view["title"],
        subject=view["type_label"],
        author=f"{secretariat} — {view['entity']}",
        keywords="gobierno abierto; plan de acción; compromisos; cocreación",
    )
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if template is not None:
        docx_kit.open_written(data)
    return data


class Figures:
    """The tree figures of one export (``tree_figure``: the room's own
    drawing), each distinct tree drawn once and all the PNG fallbacks in a
    few batches (199 copies of one tree cost one drawing; python-docx stores
    identical images once)."""

    def __init__(self, plan: Plan) -> None:
        self._trees = [entry.tree for entry in plan.commitments]
        drawable = [tree for tree in self._trees if tree_figure.is_drawable(tree)]
        self._drawn = tree_figure.render_figures(drawable, scale=tree_figure.FALLBACK_SCALE) if drawable else {}

    def tree(self, number: int) -> PlanTree:
        return self._trees[number - 1]

    def svg(self, tree: PlanTree) -> bytes:
        return self._drawn[tree][0]

    def png(self, tree: PlanTree) -> bytes:
        """The fallback of ``svg(tree)`` for the readers without SVG."""
        return self._drawn[tree][1]


# -------------------------------------------------------------- the parts


def _cover(w: Writer, view: dict[str, Any], subtitle: str | None) -> None:
    w.paragraph(view["type_label"], "Subtitle")
    w.paragraph(view["title"], "Title")
    if subtitle:
        w.paragraph(subtitle, "Subtitle")
    w.fact("Ente", view["entity"])
    w.fact("Vigencia", view["period"])
    w.fact("Organismo garante", view["guarantor"])
    w.fact("Fecha de aprobación", view["approved_on"])
    w.fact("Compromisos", view["summary"])


def _contents(w: Writer, headings: Sequence[str]) -> None:
    heading = w.paragraph("Contenido", "TOC Heading")
    heading.paragraph_format.page_break_before = True
    entries = [w.paragraph(h) for h in headings]
    for entry in entries:
        entry.paragraph_format.space_after = Pt(3)
    docx_kit.add_contents(entries, levels="1-1")


def _context(w: Writer, view: dict[str, Any]) -> None:
    context = view["context"]
    w.heading(context["heading"], 1, new_page=True)
    w.paragraph(context["intro"])
    w.fact("Ente", view["entity"])
    w.fact("Vigencia", view["period"])
    w.fact("Organismo garante", view["guarantor"])
    w.fact("Fecha de aprobación", view["approved_on"])
    w.fact("Compromisos", view["summary"])
    secretariat = context["secretariat"]
    w.heading(secretariat["heading"], 2)
    w.paragraph(secretariat["intro"])
    rows = [(s["sector"], m["name"], m["organization"]) for s in secretariat["sectors"] for m in s["members"]]
    w.table(("Sector", "Nombre", "Organización"), rows, widths=(1, 1.3, 1.7))


def _chapter(w: Writer, c: dict[str, Any], figures: Figures) -> None:
    w.heading(c["heading"], 1, new_page=True)
    line = w.fact("Tipo de compromiso", c["origin"])
    w.run(line, ". ")
    w.fact("Estado", c["status"], line)
    w.fact("Mesa de origen", _mesa_text(c))
    if c["pending"]:
        w.run(w.paragraph(), "Pendientes para completar este compromiso:", bold=True)
        w.bullets(c["pending"])
    _tree(w, c, figures)
    w.heading("Ficha del compromiso", 2)
    w.facts_table([(row["label"], row["items"]) for row in c["sheet"]])
    _roadmap(w, c)
    _decision(w, c)


def _mesa_text(c: dict[str, Any]) -> str:
    mesa = c["mesa"]
    if mesa is None:
        return "no aplica (compromiso proactivo)" if c["origin_code"] == "proactivo" else PENDING
    return f"{mesa['title']}; {mesa['date']}; {mesa['entity']}"


def _tree(w: Writer, c: dict[str, Any], figures: Figures) -> None:
    w.heading("Árbol de problemas", 2)
    tree = figures.tree(c["number"])
    if tree_figure.is_drawable(tree):
        picture = w.paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        w.picture(
            picture,
            figures.png(tree),
            min(FIGURE_WIDTH, w.width),
            title=f"Árbol de problemas del compromiso {c['number']}",
            description=tree_figure.alt_text(tree),
            svg=figures.svg(tree),
        )
        caption = w.paragraph("Figura ", "Caption")
        docx_kit.add_field(caption, "SEQ Figura \\* ARABIC", str(c["number"]))
        w.run(caption, f". Árbol de problemas del compromiso {c['number']}: efectos arriba, causas abajo.")
    if c["tree"]["note"]:
        w.paragraph(c["tree"]["note"])
    w.heading("Efectos", 3)
    w.bullets(c["tree"]["effects"])
    w.heading("Problema central", 3)
    w.paragraph(c["tree"]["problem"])
    w.heading("Causas", 3)
    w.bullets(c["tree"]["causes"])


def _roadmap(w: Writer, c: dict[str, Any]) -> None:
    r = c["roadmap"]
    w.heading("Hoja de ruta", 2)
    w.paragraph(f"{r['agreed']}.")
    responsible = r["responsible"]
    official = [
        f"Nombre: {responsible['name']}",
        f"Cargo: {responsible['position']}",
        f"Institución: {responsible['institution']}",
    ]
    w.facts_table([(f"{f['number']}. {f['label']}", official if f["number"] == 1 else f["items"]) for f in r["fields"]])
    w.heading("Actividades", 3)
    if r["activities"]:
        rows = [
            (
                str(a["number"]),
                a["description"],
                a["responsible"],
                a["start"],
                a["end"],
                a["products"],
                a["verification"],
                a["weight"],
            )
            for a in r["activities"]
        ]
        total = ("", "Suma de los pesos", "", "", "", "", "", r["weights_total"])
        w.table(ACTIVITY_COLUMNS, rows, widths=(1.0, 2.9, 2.4, 2.0, 2.0, 2.2, 2.5, 1.3), size=SMALL, total=total)
    else:
        w.paragraph(PENDING)
    w.heading("Indicadores", 3)
    if r["indicators"]:
        # One block per indicator (its technical sheet): ten columns do not fit a page.
        blocks: list[tuple[str, Value] | str] = []
        for i in r["indicators"]:
            blocks.append(f"Indicador {i['number']}. {i['name']}")
            values = (
                i["definition"],
                i["method"],
                i["unit"],
                i["frequency"],
                i["baseline"],
                i["goal"],
                i["direction"],
                i["verification"],
            )
            blocks += zip(INDICATOR_COLUMNS[2:], values, strict=True)
        w.facts_table(blocks, widths=(1, 2.6))
    else:
        w.paragraph(PENDING)


def _decision(w: Writer, c: dict[str, Any]) -> None:
    w.heading("Decisión de la mesa", 2)
    d = c["decision"]
    if d is None:
        if c["origin_code"] == "proactivo":
            w.paragraph("Compromiso proactivo: lo propuso el ente público; no proviene de una votación de mesa.")
        else:
            w.paragraph(PENDING)
        return
    w.facts_table([("Tipo de decisión", d["kind"]), ("Método", d["method"]), ("Fecha", d["date"])])
    if d["participation"]:
        w.paragraph("Participación por sector:").paragraph_format.keep_with_next = True
        rows = [(p["sector"], str(p["eligible"]), str(p["voted"])) for p in d["participation"]]
        w.table(PARTICIPATION_COLUMNS, rows, widths=(2, 1, 1), total=("Total", str(d["eligible"]), str(d["voted"])))


def _annexes(w: Writer, view: dict[str, Any]) -> None:
    groups = _mesa_groups(view["chapters"])
    w.heading(ATTENDANCE_HEADING, 1, new_page=True)
    w.paragraph(PRIVACY_NOTE)
    for title, chapters in groups:
        w.heading(title, 2)
        attendance = chapters[0]["attendance"]
        if attendance["rows"]:
            rows = [(r["sector_label"], str(r["people"]), r["organizations"] or "—") for r in attendance["rows"]]
            w.table(
                ("Sector", "Personas", "Organizaciones"),
                rows,
                widths=(1.3, 0.7, 2.5),
                total=("Total", str(attendance["total"]), ""),
            )
        else:
            w.paragraph(PENDING)
    if not groups:
        w.paragraph("Ningún compromiso del plan proviene todavía de una mesa de cocreación.")
    w.heading(MINUTES_HEADING, 1, new_page=True)
    for title, chapters in groups:
        w.heading(title, 2)
        minutes = chapters[0]["minutes"]
        minuta = chapters[0]["mesa"]["minuta"] if chapters[0]["mesa"] else None
        if minuta:
            w.fact("Minuta", minuta["line"])
            if minuta["sha256"]:
                w.fact("Sello SHA-256", minuta["sha256"])
            if minuta["url"]:
                w.fact("Verificación", minuta["url"])
        if minutes:
            w.table(("Fecha y hora", "Relatoría"), [(m["time"], m["text"]) for m in minutes], widths=(1, 3))
        elif not minuta:
            w.paragraph(PENDING)
    if not groups:
        w.paragraph("Ningún compromiso del plan proviene todavía de una mesa de cocreación.")


def _mesa_groups(chapters: Sequence[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The mesas the commitments came from, each once: commitments of one mesa
    (same mesa, attendance and minutes) share their annex entries. A proactive
    commitment with none of them has no entry."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in chapters:
        if c["mesa"] is None and not c["attendance"]["rows"] and not c["minutes"] and c["origin_code"] == "proactivo":
            continue
        key = json.dumps([c["mesa"], c["attendance"], c["minutes"]], sort_keys=True) if c["mesa"] else c["anchor"]
        groups.setdefault(key, []).append(c)
    titled = []
    for chapters_of_mesa in groups.values():
        numbers = _ranges([c["number"] for c in chapters_of_mesa])
        label = "Compromiso" if len(chapters_of_mesa) == 1 else "Compromisos"
        mesa = chapters_of_mesa[0]["mesa"]
        if mesa is None:
            title = chapters_of_mesa[0]["heading"]
        else:
            title = f"{mesa['title']} ({mesa['date']}). {label} {numbers}"
        titled.append((title, chapters_of_mesa))
    return titled


def _ranges(numbers: Sequence[int]) -> str:
    """[2, 3, 4, 7] → «2–4, 7»."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    return ", ".join(str(s[0]) if len(s) == 1 else f"{s[0]}–{s[-1]}" for s in spans)
