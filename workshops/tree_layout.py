"""Where each box of a problem tree goes: the layered drawing of the method.

Effects on top, the central problem in the middle, causes below it (indirect
causes under the direct ones), and a band at the bottom for whatever is not
linked to the central problem. This module owns the layout's entry points and
result: it reads the nodes and edges, measures each box's text, routes the
edges and gathers the boxes, rows and sections; ``workshops.tree_placement``
decides where each box sits. ``static/src/tree-layout.js`` is the same
algorithm line by line as the two together, so the browser and the exports
(SVG, PNG) draw the same picture; ``tests/workshops/test_tree_layout.py`` runs
both on random trees and compares every number. Keep them in step: any change
here is made there too.

Everything is integer arithmetic or a single IEEE division, strings compare by
code point and text is measured in code points, so both languages agree
exactly. The rules are written out in ``docs/tree-export.md``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .document_schema import (
    EDGE_SOURCE,
    EDGE_TARGET,
    KIND_CAUSE,
    KIND_EFFECT,
    KIND_PROBLEM,
    NODE_CREATED_AT,
    NODE_KIND,
    NODE_OUT_OF_SCOPE,
    NODE_TEXT,
)
from .problem_tree import ProblemTree
from .tree_placement import (
    LayoutOptions,
    PlacedNode,
    Row,
    assign_layers,
    central_problem,
    order_layers,
    place_rows,
    place_unlinked,
    place_x,
)

SIDE_TOP = "top"
SIDE_BOTTOM = "bottom"
SIDE_LEFT = "left"
SIDE_RIGHT = "right"

# Only these split words: Unicode's wider whitespace sets differ between
# Python and JavaScript, so a no-break space is simply part of a word.
_WHITESPACE = re.compile("[\t\n\v\f\r ]+")
_KIND_RANK = {KIND_PROBLEM: 0, KIND_CAUSE: 1, KIND_EFFECT: 2}
_OTHER_KIND_RANK = 3


@dataclass(frozen=True)
class NodeBox:
    id: str
    kind: str
    section: str
    layer: int | None  # None in the unlinked band
    order: int  # position in its layer (or in the unlinked band), from the left
    x: int
    y: int
    width: int
    height: int
    lines: tuple[str, ...]
    out_of_scope: bool


@dataclass(frozen=True)
class EdgeRoute:
    id: str
    source: str
    target: str
    source_side: str
    target_side: str
    points: tuple[tuple[int, int], ...]  # first on the source's border, last on the target's (the arrowhead)


@dataclass(frozen=True)
class Section:
    name: str
    y: int
    height: int


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    problem_id: str | None
    nodes: tuple[NodeBox, ...]
    edges: tuple[EdgeRoute, ...]
    rows: tuple[Row, ...]
    sections: tuple[Section, ...]

    def get_node(self, node_id: str) -> NodeBox:
        for box in self.nodes:
            if box.id == node_id:
                return box
        raise KeyError(node_id)

    def to_dict(self) -> dict[str, Any]:
        """The shape ``layoutTree`` returns in the browser (camelCase keys)."""
        return {
            "width": self.width,
            "height": self.height,
            "problemId": self.problem_id,
            "nodes": [
                {
                    "id": b.id,
                    "kind": b.kind,
                    "section": b.section,
                    "layer": b.layer,
                    "order": b.order,
                    "x": b.x,
                    "y": b.y,
                    "width": b.width,
                    "height": b.height,
                    "lines": list(b.lines),
                    "outOfScope": b.out_of_scope,
                }
                for b in self.nodes
            ],
            "edges": [
                {
                    "id": e.id,
                    "source": e.source,
                    "target": e.target,
                    "sourceSide": e.source_side,
                    "targetSide": e.target_side,
                    "points": [[x, y] for x, y in e.points],
                }
                for e in self.edges
            ],
            "rows": [
                {"section": r.section, "layer": r.layer, "y": r.y, "height": r.height, "ids": list(r.ids)}
                for r in self.rows
            ],
            "sections": [{"name": s.name, "y": s.y, "height": s.height} for s in self.sections],
        }


def wrap_text(text: str, chars_per_line: int) -> tuple[str, ...]:
    """Greedy word wrap by code points; a word longer than a line is cut."""
    lines: list[str] = []
    current = ""
    for word in (w for w in _WHITESPACE.split(text) if w):
        while len(word) > chars_per_line:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:chars_per_line])
            word = word[chars_per_line:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= chars_per_line:
            current = current + " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return tuple(lines) if lines else ("",)


def box_height(line_count: int, out_of_scope: bool, options: LayoutOptions) -> int:
    """An out-of-scope box has one more line, for the note that says so."""
    return 2 * options.padding + (line_count + (1 if out_of_scope else 0)) * options.line_height


def layout_tree(tree: ProblemTree, options: LayoutOptions | None = None) -> Layout:
    """Lay out a ``ProblemTree`` (``created_at`` and ``out_of_scope`` are read
    when the tree's nodes carry them)."""
    nodes = [
        {
            "id": n.id,
            NODE_KIND: n.kind,
            NODE_TEXT: n.text,
            NODE_CREATED_AT: n.created_at,
            NODE_OUT_OF_SCOPE: n.out_of_scope,
        }
        for n in tree.nodes
    ]
    edges = [{"id": e.id, EDGE_SOURCE: e.source, EDGE_TARGET: e.target} for e in tree.edges]
    return layout_graph(nodes, edges, options)


def _created_at(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def layout_graph(
    nodes: Iterable[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    options: LayoutOptions | None = None,
) -> Layout:
    """Lay out plain nodes ``{id, kind, text, created_at?, out_of_scope?}`` and
    edges ``{id, source, target}``: the same input as ``layoutTree`` in JS.
    Malformed entries are skipped, never trusted."""
    opts = options or LayoutOptions()
    cpl = opts.chars_per_line
    items: dict[str, PlacedNode] = {}
    for raw in nodes:
        node_id = raw.get("id")
        if not isinstance(node_id, str) or node_id in items:
            continue
        kind, text = raw.get(NODE_KIND), raw.get(NODE_TEXT)
        out_of_scope = raw.get(NODE_OUT_OF_SCOPE) is True
        lines = wrap_text(text if isinstance(text, str) else "", cpl)
        items[node_id] = PlacedNode(
            id=node_id,
            kind=kind if isinstance(kind, str) else "",
            created_at=_created_at(raw.get(NODE_CREATED_AT)),
            out_of_scope=out_of_scope,
            lines=lines,
            height=box_height(len(lines), out_of_scope, opts),
        )
    links: list[tuple[str, str, str]] = []
    for raw in edges:
        edge_id, source, target = raw.get("id"), raw.get(EDGE_SOURCE), raw.get(EDGE_TARGET)
        if not (isinstance(edge_id, str) and isinstance(source, str) and isinstance(target, str)):
            continue
        if source in items and target in items and source != target:
            links.append((edge_id, source, target))
    links.sort()
    ordered = sorted(items.values(), key=PlacedNode.sort_key)
    succ: dict[str, list[str]] = {i: [] for i in items}
    pred: dict[str, list[str]] = {i: [] for i in items}
    for _link, source, target in links:
        succ[source].append(target)
        pred[target].append(source)

    problem = central_problem(ordered, succ, pred)
    assign_layers(ordered, items, problem, succ, pred)
    layers: dict[int, list[str]] = {}
    for item in ordered:
        if item.layer is not None:
            layers.setdefault(item.layer, []).append(item.id)
    neighbours: dict[str, list[str]] = {i: [] for i in items}
    for _link, source, target in links:
        if items[source].layer is not None and items[target].layer is not None:
            neighbours[source].append(target)
            neighbours[target].append(source)
    order_layers(layers, items, neighbours)
    place_x(layers, items, neighbours, opts)

    rows, bottom = place_rows(layers, items, opts)
    unlinked = sorted(
        (item for item in ordered if item.layer is None),
        key=lambda item: (_KIND_RANK.get(item.kind, _OTHER_KIND_RANK), *item.sort_key()),
    )
    rows += place_unlinked(unlinked, layers, items, bottom, opts)

    row_of = {node_id: index for index, row in enumerate(rows) for node_id in row.ids}
    boxes = tuple(
        NodeBox(
            id=item.id,
            kind=item.kind,
            section=row.section,
            layer=item.layer,
            order=item.order,
            x=item.x,
            y=item.y,
            width=opts.node_width,
            height=item.height,
            lines=item.lines,
            out_of_scope=item.out_of_scope,
        )
        for row in rows
        for item in (items[i] for i in row.ids)
    )
    routes = _route_edges(links, items, rows, row_of, opts)
    width = max((b.x + b.width for b in boxes), default=opts.margin) + opts.margin
    height = max((r.y + r.height for r in rows), default=opts.margin) + opts.margin
    return Layout(
        width=width,
        height=height,
        problem_id=problem,
        nodes=boxes,
        edges=routes,
        rows=tuple(rows),
        sections=_sections(rows),
    )


def _sides(source: PlacedNode, target: PlacedNode) -> tuple[str, str]:
    if source.y + source.height <= target.y:
        return SIDE_BOTTOM, SIDE_TOP
    if target.y + target.height <= source.y:
        return SIDE_TOP, SIDE_BOTTOM
    return (SIDE_RIGHT, SIDE_LEFT) if source.x <= target.x else (SIDE_LEFT, SIDE_RIGHT)


def _route_edges(
    links: Sequence[tuple[str, str, str]],
    items: Mapping[str, PlacedNode],
    rows: Sequence[Row],
    row_of: Mapping[str, int],
    opts: LayoutOptions,
) -> tuple[EdgeRoute, ...]:
    """Each end gets its own port: the edges on one side of a box are spread
    evenly along it, in the order of the boxes at their other ends. Edges
    between rows bend twice, in the gap next to the target's row."""
    sides = [_sides(items[s], items[t]) for _link, s, t in links]
    ports: dict[tuple[str, str], list[tuple[int, str, int]]] = {}
    for index, ((edge_id, source, target), (source_side, target_side)) in enumerate(zip(links, sides, strict=True)):
        for node_id, side, other in ((source, source_side, target), (target, target_side, source)):
            along = items[other].x if side in (SIDE_TOP, SIDE_BOTTOM) else items[other].y
            ports.setdefault((node_id, side), []).append((along, edge_id, index))
    anchor: dict[tuple[int, str], tuple[int, int]] = {}
    for (node_id, side), entries in ports.items():
        entries.sort()
        item = items[node_id]
        n = len(entries)
        for k, (_side, _other, index) in enumerate(entries):
            if side in (SIDE_TOP, SIDE_BOTTOM):
                point = (
                    item.x + opts.node_width * (k + 1) // (n + 1),
                    item.y if side == SIDE_TOP else item.y + item.height,
                )
            else:
                point = (
                    item.x if side == SIDE_LEFT else item.x + opts.node_width,
                    item.y + item.height * (k + 1) // (n + 1),
                )
            anchor[(index, node_id)] = point
    routes = []
    for index, ((edge_id, source, target), (source_side, target_side)) in enumerate(zip(links, sides, strict=True)):
        start, end = anchor[(index, source)], anchor[(index, target)]
        points: tuple[tuple[int, int], ...] = (start, end)
        if source_side in (SIDE_TOP, SIDE_BOTTOM) and start[0] != end[0]:
            i = row_of[target]
            row = rows[i]
            if source_side == SIDE_TOP:  # going up: bend under the target's row
                below = rows[i + 1].y if i + 1 < len(rows) else row.y + row.height + opts.layer_gap
                bend = row.y + row.height + (below - row.y - row.height) // 2
            else:
                above = rows[i - 1].y + rows[i - 1].height if i > 0 else row.y - opts.layer_gap
                bend = above + (row.y - above) // 2
            points = (start, (start[0], bend), (end[0], bend), end)
        routes.append(EdgeRoute(edge_id, source, target, source_side, target_side, points))
    return tuple(routes)


def _sections(rows: Sequence[Row]) -> tuple[Section, ...]:
    sections: list[Section] = []
    for row in rows:
        if sections and sections[-1].name == row.section:
            last = sections[-1]
            sections[-1] = Section(last.name, last.y, row.y + row.height - last.y)
        else:
            sections.append(Section(row.section, row.y, row.height))
    return tuple(sections)
