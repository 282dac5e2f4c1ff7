"""The problem tree of a plan's commitment as a figure: the room's own
drawing. The plan keeps the tree's structure (``workshops.plan_tree``); the
figure is ``tree_svg``'s SVG of it (laid out by ``workshops.tree_layout``,
exactly as the room and its SVG/PNG export draw it: every edge where the
tree has one, out-of-scope causes dashed and labelled), without a title
since the document captions it, and a PNG of that SVG for the word
processors (``tree_png.render_svgs_png``: Typst's picture of it, all the
trees of a plan in a few batches, each distinct drawing once).

A tree the plan keeps only as text (a plan stored before ``cocrea.plan/2``)
has no figure: its links are not known, and the documents print the text
with a note instead (``plan_view``).
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Iterable

from workshops.document_schema import KIND_CAUSE, KIND_EFFECT
from workshops.plan import Plan
from workshops.plan_tree import PlanTree

from .tree_png import render_svgs_png
from .tree_svg import render_svg_view, render_tree_svg, tree_svg_view, xml_text

LANG = "es"  # the plan's documents are in Spanish
# The PNG beside the SVG in the word processors' files, for the readers that
# do not draw SVG: one pixel per SVG unit (a 16 cm wide figure of a typical
# tree prints at about 140 dpi); drawing it at twice that took 3 times as long
# and was most of a DOCX's or ODT's export time.
FALLBACK_SCALE = 1.0
SVG_MEDIA_TYPE = "image/svg+xml"
MAX_ALT_PROBLEM = 200


def is_drawable(tree: PlanTree) -> bool:
    """Whether the plan knows the tree's structure (and it has something)."""
    return bool(tree.nodes)


def render_figure_svg(tree: PlanTree) -> bytes:
    return render_tree_svg(tree.problem_tree(), title="", lang=LANG)


def render_figure_png(tree: PlanTree, *, scale: float = 2) -> bytes:
    return render_figures([tree], scale=scale)[tree][1]


def render_figures(trees: Iterable[PlanTree], *, scale: float = 2) -> dict[PlanTree, tuple[bytes, bytes]]:
    """Each distinct tree's figure as its SVG and PNG; trees with the same
    drawing share one PNG."""
    svgs: dict[PlanTree, bytes] = {}
    drawings: dict[bytes, tuple[bytes, int, int]] = {}
    for tree in trees:
        if tree not in svgs:
            view = tree_svg_view(tree.problem_tree(), title="", lang=LANG)
            svgs[tree] = render_svg_view(view)
            drawings.setdefault(svgs[tree], (svgs[tree], view["width"], view["height"]))
    pngs = dict(zip(drawings, render_svgs_png(list(drawings.values()), scale=scale), strict=True))
    return {tree: (svg, pngs[svg]) for tree, svg in svgs.items()}


def alt_text(tree: PlanTree) -> str:
    """What the figure shows, for people who do not see it."""
    counts = Counter(n.kind for n in tree.nodes)
    out_of_scope = sum(1 for n in tree.nodes if n.out_of_scope)
    problem = " ".join(tree.central_problem().split()) or "pendiente"
    if len(problem) > MAX_ALT_PROBLEM:
        problem = problem[: MAX_ALT_PROBLEM - 1] + "…"
    parts = [
        f"Árbol de problemas: el problema central «{problem}»",
        _count(counts[KIND_CAUSE], "causa", "causas", "ninguna causa"),
        _count(counts[KIND_EFFECT], "efecto", "efectos", "ningún efecto"),
        _count(len(tree.edges), "vínculo", "vínculos", "ningún vínculo"),
    ]
    text = f"{parts[0]}; {parts[1]} abajo, {parts[2]} arriba y {parts[3]}."
    if out_of_scope:
        text += f" {_count(out_of_scope, 'elemento', 'elementos', '')} fuera del alcance, en recuadro punteado."
    return xml_text(text + " Las flechas van de cada causa a lo que causa. El texto completo sigue.")


def figure_uris(plan: Plan) -> dict[int, dict[str, str]]:
    """Chapter number → the figure as an SVG ``data:`` URI and its
    description, for the commitments whose structure the plan keeps; a tree
    shared by several commitments is drawn once."""
    drawn: dict[PlanTree, str] = {}
    figures = {}
    for number, entry in enumerate(plan.commitments, 1):
        if not is_drawable(entry.tree):
            continue
        if entry.tree not in drawn:
            svg = render_figure_svg(entry.tree)
            drawn[entry.tree] = f"data:{SVG_MEDIA_TYPE};base64," + base64.b64encode(svg).decode("ascii")
        figures[number] = {"src": drawn[entry.tree], "alt": alt_text(entry.tree)}
    return figures


def _count(n: int, one: str, many: str, none: str) -> str:
    return none if n == 0 else f"{n} {one if n == 1 else many}"
