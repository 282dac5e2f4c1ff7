"""The problem tree of a plan's commitment as a figure: effects on top, the
central problem in the middle, causes below, arrows from the causes to the
problem and from the problem to the effects. Drawn from a ``TreeSummary``
(the text lists the plan keeps), not from a live tree: the plan documents
(DOCX) put it beside the same lists as text.

An SVG from ``templates/tree_figure.svg.j2`` (autoescaped; everything typed
reaches it as text, with what XML cannot carry replaced by U+FFFD first),
rasterized by resvg like ``tree_png``. Boxes sit in rows of ``COLUMNS``; a
long text is cut after ``MAX_BOX_LINES`` lines with «…» (the full text is in
the lists); an empty part reads «Pendiente» in a dashed box.
"""

from __future__ import annotations

from typing import Any

import resvg_py

from workshops.document_schema import KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM
from workshops.plan import TreeSummary
from workshops.tree_layout import wrap_text

from .templates_env import environment
from .tree_png import png_scale
from .tree_svg import FONT_FAMILY, KIND_COLORS, xml_text

MEDIA_TYPE = "image/png"
TEMPLATE = "tree_figure.svg.j2"
PENDING = "Pendiente"
LABELS = {KIND_EFFECT: "Efectos", KIND_PROBLEM: "Problema central", KIND_CAUSE: "Causas"}

WIDTH = 860
MARGIN = 12
GUTTER = 132  # left column for the part's label
LABEL_FONT_SIZE = 15
LABEL_LINE_HEIGHT = 19
LABEL_CHARS = 11
FONT_SIZE = 15
LINE_HEIGHT = 19
CHAR_WIDTH = 9  # DejaVu Sans at 15 px averages a little under 9 px a character
BOX_PADDING = 10
BAND_PADDING = 14
BOX_GAP = 16
ARROW_GAP = 44  # between the parts, where the arrows run
COLUMNS = 3
MAX_BOX_LINES = 6
PROBLEM_WIDTH_RATIO = 0.7
EDGE_COLOR = "#455a64"


def is_drawable(tree: TreeSummary) -> bool:
    """Whether the tree has anything to draw."""
    return bool(tree.problem.strip() or any(t.strip() for t in (*tree.effects, *tree.causes)))


def alt_text(tree: TreeSummary) -> str:
    """What the figure shows, for people who do not see it."""
    effects = [t for t in tree.effects if t.strip()]
    causes = [t for t in tree.causes if t.strip()]
    problem = _one_line(tree.problem) or PENDING.lower()
    if len(problem) > 200:
        problem = problem[:199] + "…"
    above = _count(len(effects), "efecto", "efectos", "ningún efecto")
    below = _count(len(causes), "causa", "causas", "ninguna causa")
    return xml_text(
        f"Árbol de problemas. Arriba, {above}; al centro, el problema central: «{problem}»; abajo, {below}. "
        "Las flechas van de las causas al problema y del problema a los efectos. "
        "El texto completo sigue en las listas."
    )


def render_tree_figure_svg(tree: TreeSummary) -> bytes:
    return environment.get_template(TEMPLATE).render(tree_figure_view(tree)).encode("utf-8")


def render_tree_figure_png(tree: TreeSummary, *, scale: float = 2) -> bytes:
    """The figure as a PNG, ``scale`` device pixels per SVG unit (lowered for a
    very tall tree, as ``tree_png.png_scale`` says)."""
    view = tree_figure_view(tree)
    zoom = png_scale(view["width"], view["height"], scale)
    svg = environment.get_template(TEMPLATE).render(view)
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=zoom))


def tree_figure_view(tree: TreeSummary) -> dict[str, Any]:
    """The template's view model: geometry in px, texts not yet escaped."""
    content_x = MARGIN + GUTTER
    content_width = WIDTH - content_x - MARGIN
    box_width = (content_width - 2 * BAND_PADDING - (COLUMNS - 1) * BOX_GAP) // COLUMNS
    problem_width = int(content_width * PROBLEM_WIDTH_RATIO)
    parts = []
    y = MARGIN
    effects = _rows(_items(tree.effects), box_width, content_x, content_width)
    part = _part(KIND_EFFECT, effects, y)
    parts.append(part)
    y += part["height"] + ARROW_GAP
    problem_x = content_x + (content_width - problem_width) // 2
    problem = _rows([_item(tree.problem)], problem_width - 2 * BAND_PADDING, problem_x, problem_width, bold=True)
    part = _part(KIND_PROBLEM, problem, y)
    parts.append(part)
    y += part["height"] + ARROW_GAP
    causes = _rows(_items(tree.causes), box_width, content_x, content_width)
    part = _part(KIND_CAUSE, causes, y)
    parts.append(part)
    y += part["height"] + MARGIN
    effect_part, problem_part, cause_part = parts
    [problem_box] = problem_part["boxes"]
    arrows = [
        # problem → each effect of the row nearest to it
        _arrow(problem_box, box, index, len(effect_part["nearest"]), upward_from_problem=True)
        for index, box in enumerate(effect_part["nearest"])
    ] + [
        # each cause of the row nearest to the problem → problem
        _arrow(problem_box, box, index, len(cause_part["nearest"]), upward_from_problem=False)
        for index, box in enumerate(cause_part["nearest"])
    ]
    return {
        "width": WIDTH,
        "height": y,
        "lang": "es",
        "title": "Árbol de problemas",
        "description": alt_text(tree),
        "font_family": FONT_FAMILY,
        "font_size": FONT_SIZE,
        "label_font_size": LABEL_FONT_SIZE,
        "edge_color": EDGE_COLOR,
        "parts": [_public(p) for p in parts],
        "arrows": arrows,
    }


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _count(n: int, one: str, many: str, none: str) -> str:
    return none if n == 0 else f"{n} {one if n == 1 else many}"


def _items(values: tuple[str, ...]) -> list[tuple[str, bool]]:
    found = [_item(v) for v in values if v.strip()]
    return found or [_item("")]


def _item(value: str) -> tuple[str, bool]:
    """(text, pending)"""
    text = xml_text(_one_line(value))
    return (text, False) if text else (PENDING, True)


def _lines(text: str, width: int) -> list[str]:
    chars = max(1, (width - 2 * BOX_PADDING) // CHAR_WIDTH)
    lines = list(wrap_text(text, chars))
    if len(lines) > MAX_BOX_LINES:
        last = lines[MAX_BOX_LINES - 1]
        lines = [*lines[: MAX_BOX_LINES - 1], (last[: chars - 1] if len(last) >= chars else last) + "…"]
    return lines


def _rows(
    items: list[tuple[str, bool]], box_width: int, x: int, width: int, *, bold: bool = False
) -> list[list[dict[str, Any]]]:
    """Boxes in rows of ``COLUMNS`` (one row for the problem), each row centred;
    ``y`` relative to the first row, every box of a row as tall as the tallest."""
    per_row = 1 if bold else COLUMNS
    rows = []
    top = 0
    for start in range(0, len(items), per_row):
        chunk = items[start : start + per_row]
        wrapped = [(_lines(text, box_width), pending) for text, pending in chunk]
        height = 2 * BOX_PADDING + max(len(lines) for lines, _ in wrapped) * LINE_HEIGHT
        used = len(chunk) * box_width + (len(chunk) - 1) * BOX_GAP
        left = x + (width - used) // 2
        rows.append(
            [
                {
                    "x": left + i * (box_width + BOX_GAP),
                    "y": top,
                    "width": box_width,
                    "height": height,
                    "lines": lines,
                    "pending": pending,
                    "bold": bold,
                }
                for i, (lines, pending) in enumerate(wrapped)
            ]
        )
        top += height + BOX_GAP
    return rows


def _part(kind: str, rows: list[list[dict[str, Any]]], y: int) -> dict[str, Any]:
    """A labelled band holding ``rows``, its top at ``y``."""
    fill, stroke, color, band = KIND_COLORS[kind]
    inner = sum(r[0]["height"] for r in rows) + (len(rows) - 1) * BOX_GAP
    height = inner + 2 * BAND_PADDING
    boxes = []
    for row in rows:
        for box in row:
            top = y + BAND_PADDING + box["y"]
            baseline = top + BOX_PADDING + LINE_HEIGHT - 5
            centre = box["x"] + box["width"] // 2
            boxes.append(
                box
                | {
                    "y": top,
                    "fill": "#ffffff" if box["pending"] else fill,
                    "stroke": stroke,
                    "color": color,
                    "text_lines": [
                        {"x": centre, "y": baseline + i * LINE_HEIGHT, "text": line}
                        for i, line in enumerate(box["lines"])
                    ],
                }
            )
    label_lines = wrap_text(LABELS[kind], LABEL_CHARS)
    first = y + height // 2 - (len(label_lines) * LABEL_LINE_HEIGHT) // 2 + LABEL_LINE_HEIGHT - 5
    per_row = [len(r) for r in rows]
    # The row nearest the problem: the last row of the effects, the first of the causes.
    nearest = boxes[-per_row[-1] :] if kind == KIND_EFFECT else boxes[: per_row[0]]
    return {
        "kind": kind,
        "x": MARGIN,
        "y": y,
        "width": WIDTH - 2 * MARGIN,
        "height": height,
        "fill": band,
        "color": stroke,
        "label": [
            {"x": MARGIN + BAND_PADDING, "y": first + i * LABEL_LINE_HEIGHT, "text": t}
            for i, t in enumerate(label_lines)
        ],
        "boxes": boxes,
        "nearest": nearest,
    }


def _arrow(
    problem: dict[str, Any], box: dict[str, Any], index: int, count: int, *, upward_from_problem: bool
) -> dict[str, int]:
    """An arrow between the problem and a box, pointing up: the problem's
    edge is shared out among the arrows so they fan out."""
    spread_x = problem["x"] + (2 * index + 1) * problem["width"] // (2 * count)
    box_x = box["x"] + box["width"] // 2
    if upward_from_problem:  # problem (below) → effect (above)
        return {"x1": spread_x, "y1": problem["y"], "x2": box_x, "y2": box["y"] + box["height"]}
    return {"x1": box_x, "y1": box["y"], "x2": spread_x, "y2": problem["y"] + problem["height"]}


def _public(part: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in part.items() if k != "nearest"}
