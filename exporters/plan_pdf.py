"""The Plan de Acción as a PDF, typeset by Typst from the view model every
other document reads (``plan_document.document_view`` or ``ogp_view``), in
either layout: ``templates/plan.typ`` and ``templates/plan_ogp.typ`` lay out
what ``plan.html.j2`` and ``plan_ogp.html.j2`` show.

The view reaches Typst as JSON in ``sys.inputs`` and the templates place its
strings as text: nothing a person typed is ever read as Typst markup, so no
escaping can be forgotten. Each drawn tree is ``tree_figure``'s SVG (the
room's own drawing), also a ``sys.inputs`` entry, which Typst draws as
vectors with its text as text; its description is the figure's ``alt``.

Tagged PDF: a structure tree (headings, tables with header cells and
captions, lists, the figures with their ``/Alt``), ``/MarkInfo /Marked``,
``/Lang`` es-MX, the title in the document information and XMP (see
``PDF_STANDARDS`` for why it does not claim PDF/UA-1). Text is set in DejaVu Sans from
``FONT_PATHS`` only (``make fonts``; its glyphs cover Spanish), embedded and
subset; no system font, no package, no network.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

from workshops.plan import Plan

from .formats import LAYOUTS
from .plan_document import DOCUMENT_LANG, LAYOUT_OGP, LAYOUT_PLAN, check_layout, document_view, ogp_view
from .tree_figure import alt_text, is_drawable, render_figure_svg

MEDIA_TYPE = "application/pdf"
# No PDF/UA-1 claim: the Typst of typst-py 0.15.0 tags every document
# (structure tree, /Lang, /MarkInfo, title, figures' /Alt) without it, but its
# PDF/UA-1 check refuses some tables and lists that a page break splits
# («invalid table (Table) structure»), which long plans always have.
PDF_STANDARDS: Final = "1.7"
FONT_PATHS = ["/usr/share/fonts/truetype/dejavu"]
# The letter page's text width in the templates (21.59 cm less 2 × 1.8 cm).
TEXT_WIDTH_CM = 17.99
FIGURE_MAX_HEIGHT_CM = 15
VIEW_BOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')
TEMPLATES = Path(__file__).resolve().parent / "templates"
TYPST_TEMPLATES = {LAYOUT_PLAN: TEMPLATES / "plan.typ", LAYOUT_OGP: TEMPLATES / "plan_ogp.typ"}


def pdf_inputs(plan: Plan, layout: str = LAYOUT_PLAN) -> dict[str, str]:
    """What the template reads: ``view`` (the layout's view model as JSON,
    with the language split for Typst and, in the ``plan`` layout, chapter
    number → figure) and one ``figure-<n>`` SVG per drawn tree (a tree shared
    by several commitments is drawn once)."""
    language, _, region = DOCUMENT_LANG.partition("-")
    view: dict[str, Any] = ogp_view(plan) if layout == LAYOUT_OGP else document_view(plan)
    view = view | {"lang_code": language, "region": region or None}
    inputs: dict[str, str] = {}
    if layout == LAYOUT_PLAN:
        keys: dict[Any, str] = {}
        figures = {}
        for number, entry in enumerate(plan.commitments, 1):
            if not is_drawable(entry.tree):
                continue
            if entry.tree not in keys:
                keys[entry.tree] = str(len(keys) + 1)
                inputs[f"figure-{keys[entry.tree]}"] = render_figure_svg(entry.tree).decode("utf-8")
            svg = inputs[f"figure-{keys[entry.tree]}"]
            figures[str(number)] = {"svg": keys[entry.tree], "alt": alt_text(entry.tree), "tall": _is_tall(svg)}
        view["figures"] = figures
    inputs["view"] = json.dumps(view, ensure_ascii=False)
    return inputs


def _is_tall(svg: str) -> bool:
    """Whether the drawing, as wide as the text, would be higher than
    ``FIGURE_MAX_HEIGHT_CM``: then it is drawn that high instead."""
    match = VIEW_BOX.search(svg)
    if match is None:
        return False
    width, height = float(match[1]), float(match[2])
    return width > 0 and height / width * TEXT_WIDTH_CM > FIGURE_MAX_HEIGHT_CM


def compile_pdf(template: Path, inputs: dict[str, str]) -> tuple[bytes, list[Any]]:
    """The PDF and Typst's warnings (a template that warns is a bug)."""
    import typst  # here, not at the top: about 8 MB the server only needs once it renders

    pdf, warnings = typst.compile_with_warnings(
        str(template),
        root=str(TEMPLATES),
        font_paths=FONT_PATHS,
        ignore_system_fonts=True,
        sys_inputs=inputs,
        pdf_standards=PDF_STANDARDS,
    )
    return bytes(pdf), list(warnings)


def export_plan_pdf(plan: Plan, layout: str = LAYOUT_PLAN) -> bytes:
    check_layout(layout, "pdf", {"pdf": LAYOUTS})
    pdf, _ = compile_pdf(TYPST_TEMPLATES[layout], pdf_inputs(plan, layout))
    return pdf
