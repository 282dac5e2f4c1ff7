"""The problem tree as a standalone SVG, drawn from ``workshops.tree_layout``.

The template (``templates/tree.svg``) receives a prepared view model: numbers
and strings only. Everything a participant typed reaches it as text: jinja2
escapes markup, and characters XML 1.0 cannot carry (control characters, lone
surrogates, U+FFFE/U+FFFF) become U+FFFD first. No external references: system
fonts (DejaVu Sans as the fallback every Debian has), no images, no links.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from workshops.document_schema import KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM
from workshops.errors import ValidationError
from workshops.messages import _
from workshops.problem_tree import ProblemTree
from workshops.tree_layout import Layout, layout_tree, wrap_text
from workshops.tree_placement import (
    SECTION_CAUSES,
    SECTION_EFFECTS,
    SECTION_PROBLEM,
    SECTION_UNLINKED,
    LayoutOptions,
)

from .templates_env import environment

MEDIA_TYPE = "image/svg+xml"
LANGUAGES = ("es", "en")
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', sans-serif"
FONT_SIZE = 14  # the layout's line height (18) and char width (8) are sized for it
NOTE_FONT_SIZE = 12
LABEL_FONT_SIZE = 15
LABEL_CHARS = 16
LABEL_LINE_HEIGHT = 19
TITLE_FONT_SIZE = 20
TITLE_CHAR_WIDTH = 12
TITLE_LINE_HEIGHT = 26
GUTTER = 176  # left column for the section labels
HEADER_PADDING = 24
BAND_PADDING = 14
EDGE_COLOR = "#455a64"

# fill, stroke (also the section label), text, section band. Dark text on
# light fills: tests/exporters/test_tree_svg.py checks WCAG AA contrast.
KIND_COLORS = {
    KIND_EFFECT: ("#e3f2e1", "#2e7d32", "#1b4420", "#f3f9f2"),
    KIND_PROBLEM: ("#fbe4e2", "#c62828", "#5c1411", "#fdf3f2"),
    KIND_CAUSE: ("#fbe9d2", "#9a5419", "#4e2a0c", "#fdf6ec"),
}
OTHER_COLORS = ("#eceff1", "#546e7a", "#263238", "#f5f6f7")
SECTION_KIND = {SECTION_EFFECTS: KIND_EFFECT, SECTION_PROBLEM: KIND_PROBLEM, SECTION_CAUSES: KIND_CAUSE}

LABELS = {
    "es": {
        SECTION_EFFECTS: "Efectos",
        SECTION_PROBLEM: "Problema central",
        SECTION_CAUSES: "Causas",
        SECTION_UNLINKED: "Sin vincular",
        "out_of_scope": "Fuera del alcance",
        "tree": "Árbol de problemas",
        "summary": "Problema central: {problems}. Causas: {causes}. Efectos: {effects}.",
        "no_problem": "Falta el problema central.",
    },
    "en": {
        SECTION_EFFECTS: "Effects",
        SECTION_PROBLEM: "Central problem",
        SECTION_CAUSES: "Causes",
        SECTION_UNLINKED: "Not linked",
        "out_of_scope": "Out of scope",
        "tree": "Problem tree",
        "summary": "Central problem: {problems}. Causes: {causes}. Effects: {effects}.",
        "no_problem": "The central problem is missing.",
    },
}

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACES = re.compile(r"\s+")


def xml_text(value: str) -> str:
    """What XML 1.0 can carry: anything else becomes U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValidationError(
            _("Idioma no disponible: «{lang}». Use «es» o «en».", lang=lang), field="lang", known=LANGUAGES
        )
    return lang


def render_tree_svg(tree: ProblemTree, *, title: str, lang: str = "es") -> bytes:
    """A standalone SVG document (UTF-8) of the tree."""
    return render_svg_view(tree_svg_view(tree, title=title, lang=lang))


def render_svg_view(view: dict[str, Any]) -> bytes:
    return environment.get_template("tree.svg").render(view).encode("utf-8")


def tree_svg_view(tree: ProblemTree, *, title: str, lang: str = "es") -> dict[str, Any]:
    """The view model of ``templates/tree.svg``: geometry in px and escaped-later text."""
    labels = LABELS[check_language(lang)]
    options = LayoutOptions()
    layout = layout_tree(tree, options)
    clean_title = xml_text(_SPACES.sub(" ", title).strip())
    title_chars = max(1, (GUTTER + layout.width - 2 * HEADER_PADDING) // TITLE_CHAR_WIDTH)
    # Without a title (a plan's figure, captioned by its document) no header line.
    title_lines = wrap_text(clean_title, title_chars) if clean_title else ()
    header = HEADER_PADDING + len(title_lines) * TITLE_LINE_HEIGHT
    width, height = GUTTER + layout.width, header + layout.height
    counts = Counter(n.kind for n in tree.nodes)
    summary = labels["summary"].format(
        problems=counts[KIND_PROBLEM], causes=counts[KIND_CAUSE], effects=counts[KIND_EFFECT]
    )
    if layout.problem_id is None:
        summary = f"{labels['no_problem']} {summary}"
    return {
        "width": width,
        "height": height,
        "lang": lang,
        "title": clean_title,
        "aria_label": f"{clean_title} — {labels['tree']}" if clean_title else labels["tree"],
        "description": f"{labels['tree']}. {summary}",
        "font_family": FONT_FAMILY,
        "font_size": FONT_SIZE,
        "note_font_size": NOTE_FONT_SIZE,
        "label_font_size": LABEL_FONT_SIZE,
        "title_font_size": TITLE_FONT_SIZE,
        "edge_color": EDGE_COLOR,
        "title_lines": [
            {"x": HEADER_PADDING, "y": HEADER_PADDING + (i + 1) * TITLE_LINE_HEIGHT - 6, "text": line}
            for i, line in enumerate(title_lines)
        ],
        "sections": _sections(layout, labels, dx=GUTTER, dy=header, width=width),
        "edges": [
            {
                "source": xml_text(edge.source),
                "target": xml_text(edge.target),
                "points": " ".join(f"{x + GUTTER},{y + header}" for x, y in edge.points),
            }
            for edge in layout.edges
        ],
        "boxes": _boxes(layout, labels, options, dx=GUTTER, dy=header),
    }


def _sections(layout: Layout, labels: dict[str, str], *, dx: int, dy: int, width: int) -> list[dict[str, Any]]:
    views = []
    for section in layout.sections:
        _fill, stroke, _color, band = KIND_COLORS.get(SECTION_KIND.get(section.name, ""), OTHER_COLORS)
        lines = wrap_text(labels[section.name], LABEL_CHARS)
        middle = dy + section.y + section.height // 2
        first = middle - (len(lines) * LABEL_LINE_HEIGHT) // 2 + LABEL_LINE_HEIGHT - 5
        views.append(
            {
                "name": section.name,
                "x": BAND_PADDING,
                "y": dy + section.y - BAND_PADDING,
                "width": width - 2 * BAND_PADDING,
                "height": section.height + 2 * BAND_PADDING,
                "fill": band,
                "color": stroke,
                "lines": [
                    {"x": 2 * BAND_PADDING, "y": first + i * LABEL_LINE_HEIGHT, "text": line}
                    for i, line in enumerate(lines)
                ],
            }
        )
    return views


def _boxes(layout: Layout, labels: dict[str, str], options: LayoutOptions, *, dx: int, dy: int) -> list[dict[str, Any]]:
    # Baseline of a line: centred in its line box for a 14 px font.
    baseline = (options.line_height + FONT_SIZE) // 2 - 2
    views = []
    for box in layout.nodes:
        fill, stroke, color, _band = KIND_COLORS.get(box.kind, OTHER_COLORS)
        centre = dx + box.x + box.width // 2
        top = dy + box.y + options.padding + baseline
        note = None
        if box.out_of_scope:
            note = {"x": centre, "y": top + len(box.lines) * options.line_height, "text": labels["out_of_scope"]}
        views.append(
            {
                "id": xml_text(box.id),
                "kind": box.kind if box.kind in KIND_COLORS else "other",
                "x": dx + box.x,
                "y": dy + box.y,
                "width": box.width,
                "height": box.height,
                "fill": fill,
                "stroke": stroke,
                "color": color,
                "dashed": box.out_of_scope,
                "lines": [
                    {"x": centre, "y": top + i * options.line_height, "text": xml_text(line)}
                    for i, line in enumerate(box.lines)
                ],
                "note": note,
            }
        )
    return views
