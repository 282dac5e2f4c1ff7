"""Where each box of a problem tree goes: the layered drawing of the method.

Effects on top, the central problem in the middle, causes below it (indirect
causes under the direct ones), and a band at the bottom for whatever is not
linked to the central problem. ``static/src/tree-layout.js`` is the same
algorithm line by line, so the browser and the exports (SVG, PNG) draw the same
picture; ``tests/workshops/test_tree_layout.py`` runs both on random trees and
compares every number. Keep them in step: any change here is made there too.

Everything is integer arithmetic or a single IEEE division, strings compare by
code point and text is measured in code points, so both languages agree
exactly. The rules are written out in ``docs/tree-export.md``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
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
from .errors import ValidationError
from .messages import _
from .problem_tree import ProblemTree

SECTION_EFFECTS = "effects"
SECTION_PROBLEM = "problem"
SECTION_CAUSES = "causes"
SECTION_UNLINKED = "unlinked"

SIDE_TOP = "top"
SIDE_BOTTOM = "bottom"
SIDE_LEFT = "left"
SIDE_RIGHT = "right"

# Only these split words: Unicode's wider whitespace sets differ between
# Python and JavaScript, so a no-break space is simply part of a word.
_WHITESPACE = re.compile("[\t\n\v\f\r ]+")
_KIND_RANK = {KIND_PROBLEM: 0, KIND_CAUSE: 1, KIND_EFFECT: 2}
_OTHER_KIND_RANK = 3
_SWEEPS = ("outward", "inward", "outward")


@dataclass(frozen=True)
class LayoutOptions:
    """Sizes in px. A box is ``node_width`` wide; its text wraps at
    ``(node_width - 2 * padding) // char_width`` characters a line."""

    node_width: int = 240
    padding: int = 12
    char_width: int = 8
    line_height: int = 18
    column_gap: int = 24
    layer_gap: int = 56
    band_gap: int = 80
    margin: int = 24
    unlinked_min_per_row: int = 4

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValidationError(_("«{name}» debe ser un entero no negativo.", name=f.name), field=f.name)
        if self.char_width < 1 or self.line_height < 1 or self.unlinked_min_per_row < 1:
            raise ValidationError("Las medidas del texto deben ser positivas.", field="char_width")
        if self.node_width - 2 * self.padding < self.char_width:
            raise ValidationError("La caja es demasiado angosta para una letra.", field="node_width")

    @property
    def chars_per_line(self) -> int:
        return (self.node_width - 2 * self.padding) // self.char_width


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
class Row:
    section: str
    layer: int | None
    y: int
    height: int
    ids: tuple[str, ...]


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


@dataclass
class _Item:
    id: str
    kind: str
    created_at: float | None
    out_of_scope: bool
    lines: tuple[str, ...]
    height: int
    layer: int | None = None
    x: int = 0
    y: int = 0
    order: int = 0

    def sort_key(self) -> tuple[int, float, str]:
        return (0, self.created_at, self.id) if self.created_at is not None else (1, 0.0, self.id)


def _created_at(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _round_div(total: int, count: int) -> int:
    return math.floor(total / count + 0.5)


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
    items: dict[str, _Item] = {}
    for raw in nodes:
        node_id = raw.get("id")
        if not isinstance(node_id, str) or node_id in items:
            continue
        kind, text = raw.get(NODE_KIND), raw.get(NODE_TEXT)
        out_of_scope = raw.get(NODE_OUT_OF_SCOPE) is True
        lines = wrap_text(text if isinstance(text, str) else "", cpl)
        items[node_id] = _Item(
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
    ordered = sorted(items.values(), key=_Item.sort_key)
    succ: dict[str, list[str]] = {i: [] for i in items}
    pred: dict[str, list[str]] = {i: [] for i in items}
    for _link, source, target in links:
        succ[source].append(target)
        pred[target].append(source)

    problem = _central_problem(ordered, succ, pred)
    _assign_layers(ordered, items, problem, succ, pred)
    layers: dict[int, list[str]] = {}
    for item in ordered:
        if item.layer is not None:
            layers.setdefault(item.layer, []).append(item.id)
    neighbours: dict[str, list[str]] = {i: [] for i in items}
    for _link, source, target in links:
        if items[source].layer is not None and items[target].layer is not None:
            neighbours[source].append(target)
            neighbours[target].append(source)
    _order_layers(layers, items, neighbours)
    _place_x(layers, items, neighbours, opts)

    rows, bottom = _place_rows(layers, items, opts)
    unlinked = sorted(
        (item for item in ordered if item.layer is None),
        key=lambda item: (_KIND_RANK.get(item.kind, _OTHER_KIND_RANK), *item.sort_key()),
    )
    rows += _place_unlinked(unlinked, layers, items, bottom, opts)

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


def _central_problem(
    ordered: Sequence[_Item], succ: Mapping[str, list[str]], pred: Mapping[str, list[str]]
) -> str | None:
    """The problem with the most links; the earliest one on a tie."""
    best: str | None = None
    best_degree = -1
    for item in ordered:
        if item.kind == KIND_PROBLEM:
            degree = len(succ[item.id]) + len(pred[item.id])
            if degree > best_degree:
                best, best_degree = item.id, degree
    return best


def _assign_layers(
    ordered: Sequence[_Item],
    items: Mapping[str, _Item],
    problem: str | None,
    succ: Mapping[str, list[str]],
    pred: Mapping[str, list[str]],
) -> None:
    """Breadth-first: a cause's layer is minus the length of its shortest
    chain of causes to the problem, an effect's the length of its shortest
    chain of effects from it. Without a problem, causes that cause no other
    cause are the direct ones (-1) and effects that no effect causes are the
    direct ones (+1)."""
    if problem is not None:
        items[problem].layer = 0
        cause_roots, effect_roots = [problem], [problem]
    else:
        cause_roots = [
            i.id for i in ordered if i.kind == KIND_CAUSE and all(items[t].kind != KIND_CAUSE for t in succ[i.id])
        ]
        effect_roots = [
            i.id for i in ordered if i.kind == KIND_EFFECT and all(items[s].kind != KIND_EFFECT for s in pred[i.id])
        ]
        for node_id in cause_roots:
            items[node_id].layer = -1
        for node_id in effect_roots:
            items[node_id].layer = 1
    for roots, step, kind, adjacency in ((cause_roots, -1, KIND_CAUSE, pred), (effect_roots, 1, KIND_EFFECT, succ)):
        queue = list(roots)
        head = 0
        while head < len(queue):
            current = items[queue[head]]
            head += 1
            for other_id in adjacency[current.id]:
                other = items[other_id]
                if other.kind == kind and other.layer is None:
                    other.layer = (current.layer or 0) + step
                    queue.append(other_id)


def _order_layers(
    layers: dict[int, list[str]],
    items: Mapping[str, _Item],
    neighbours: Mapping[str, list[str]],
) -> None:
    """Barycenter sweeps: outward from the problem, back inward, outward again.
    A node is keyed by the mean position (scaled to 0..1) of its neighbours in
    the layer it is compared with; one without such neighbours keeps its place."""
    effects = sorted(layer for layer in layers if layer > 0)
    causes = sorted((layer for layer in layers if layer < 0), reverse=True)
    for sweep in _SWEEPS:
        for side, step in ((effects, 1), (causes, -1)):
            sequence = side if sweep == "outward" else side[::-1][1:]
            for layer in sequence:
                reference = layer - step if sweep == "outward" else layer + step
                _sort_by_barycenter(layers[layer], layers.get(reference, []), items, neighbours)
    for row in layers.values():
        for index, node_id in enumerate(row):
            items[node_id].order = index


def _sort_by_barycenter(
    row: list[str],
    reference: Sequence[str],
    items: Mapping[str, _Item],
    neighbours: Mapping[str, list[str]],
) -> None:
    position = {node_id: i for i, node_id in enumerate(reference)}
    size = len(reference)
    keys: dict[str, tuple[float, int, float, str]] = {}
    for index, node_id in enumerate(row):
        total = count = 0
        for other in neighbours[node_id]:
            if other in position:
                total += 2 * position[other] + 1
                count += 1
        barycenter = total / (2 * size * count) if count else (2 * index + 1) / (2 * len(row))
        keys[node_id] = (barycenter, *items[node_id].sort_key())
    row.sort(key=keys.__getitem__)


def _place_x(
    layers: Mapping[int, list[str]],
    items: Mapping[str, _Item],
    neighbours: Mapping[str, list[str]],
    opts: LayoutOptions,
) -> None:
    """Layer 0 is centred on x = 0; each layer outward sits under (over) its
    neighbours in the layer inside it, pushed apart left to right and then
    shifted back by the mean push, so no layer drifts sideways."""
    step = opts.node_width + opts.column_gap
    for node_id in layers.get(0, []):
        items[node_id].x = -(opts.node_width // 2)
    for direction in (1, -1):
        layer = direction
        while layer in layers:
            inner = set(layers.get(layer - direction, []))
            row = layers[layer]
            desired: list[int | None] = []
            for node_id in row:
                xs = [items[o].x for o in neighbours[node_id] if o in inner]
                desired.append(_round_div(sum(xs), len(xs)) if xs else None)
            if all(d is None for d in desired):
                total = len(row) * opts.node_width + (len(row) - 1) * opts.column_gap
                start = -(total // 2)
                for index, node_id in enumerate(row):
                    items[node_id].x = start + index * step
            else:
                placed: list[int] = []
                for index, wish in enumerate(desired):
                    if index == 0:
                        placed.append(wish if wish is not None else 0)
                    else:
                        floor = placed[-1] + step
                        placed.append(max(wish, floor) if wish is not None else floor)
                pushes = [p - d for p, d in zip(placed, desired, strict=True) if d is not None]
                shift = _round_div(sum(pushes), len(pushes))
                for node_id, x in zip(row, placed, strict=True):
                    items[node_id].x = x - shift
            layer += direction
    linked = [node_id for row in layers.values() for node_id in row]
    if linked:
        offset = opts.margin - min(items[node_id].x for node_id in linked)
        for node_id in linked:
            items[node_id].x += offset


def _place_rows(
    layers: Mapping[int, list[str]], items: Mapping[str, _Item], opts: LayoutOptions
) -> tuple[list[Row], int]:
    """Rows from the highest layer (indirect effects) down. Boxes lean
    towards the problem: effects sit on the bottom of their row, causes hang
    from its top, so arrows between rows have even lengths. Returns the rows
    and the bottom of the last."""
    rows: list[Row] = []
    y = opts.margin
    for layer in sorted(layers, reverse=True):
        ids = layers[layer]
        height = max(items[i].height for i in ids)
        for node_id in ids:
            spare = height - items[node_id].height
            items[node_id].y = y + (spare if layer > 0 else spare // 2 if layer == 0 else 0)
        section = SECTION_EFFECTS if layer > 0 else SECTION_PROBLEM if layer == 0 else SECTION_CAUSES
        rows.append(Row(section=section, layer=layer, y=y, height=height, ids=tuple(ids)))
        y += height + opts.layer_gap
    return rows, (y - opts.layer_gap if rows else y)


def _place_unlinked(
    unlinked: Sequence[_Item],
    layers: Mapping[int, list[str]],
    items: Mapping[str, _Item],
    bottom: int,
    opts: LayoutOptions,
) -> list[Row]:
    """The bottom band: extra problems first, then causes, effects and unknown
    kinds, wrapped at the width of the drawing above (at least
    ``unlinked_min_per_row`` boxes a row)."""
    if not unlinked:
        return []
    step = opts.node_width + opts.column_gap
    linked = [items[i] for row in layers.values() for i in row]
    span = (max(i.x for i in linked) + opts.node_width - min(i.x for i in linked)) if linked else 0
    per_row = max(opts.unlinked_min_per_row, (span + opts.column_gap) // step)
    y = bottom + opts.band_gap if linked else opts.margin
    rows: list[Row] = []
    for start in range(0, len(unlinked), per_row):
        chunk = unlinked[start : start + per_row]
        height = max(item.height for item in chunk)
        for index, item in enumerate(chunk):
            item.order = start + index
            item.x = opts.margin + index * step
            item.y = y
        rows.append(Row(section=SECTION_UNLINKED, layer=None, y=y, height=height, ids=tuple(i.id for i in chunk)))
        y += height + opts.layer_gap
    return rows


def _sides(source: _Item, target: _Item) -> tuple[str, str]:
    if source.y + source.height <= target.y:
        return SIDE_BOTTOM, SIDE_TOP
    if target.y + target.height <= source.y:
        return SIDE_TOP, SIDE_BOTTOM
    return (SIDE_RIGHT, SIDE_LEFT) if source.x <= target.x else (SIDE_LEFT, SIDE_RIGHT)


def _route_edges(
    links: Sequence[tuple[str, str, str]],
    items: Mapping[str, _Item],
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
