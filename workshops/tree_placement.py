"""Where each box of a problem tree's layout sits: the central problem, the
layers, the order in each layer (barycenter sweeps), the columns, the rows and
the unlinked band at the bottom, in the sizes ``LayoutOptions`` gives.

``workshops.tree_layout`` measures the boxes, runs these steps in turn, routes
the edges and gathers the result. With it, this is ``static/src/tree-layout.js``
line by line (``centralProblem`` to ``placeUnlinked``), and
``tests/workshops/test_tree_layout.py`` compares the two on random trees: any
change here is made there too. Integer arithmetic or a single IEEE division
only, so both languages agree exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

from .document_schema import KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM
from .errors import ValidationError
from .messages import _

SECTION_EFFECTS = "effects"
SECTION_PROBLEM = "problem"
SECTION_CAUSES = "causes"
SECTION_UNLINKED = "unlinked"

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
class Row:
    section: str
    layer: int | None
    y: int
    height: int
    ids: tuple[str, ...]


@dataclass
class PlacedNode:
    """A node while it is placed: what placing it reads (kind, creation
    time for a stable order, scope, wrapped lines and height) and what it
    decides (its layer and position)."""

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


def _round_div(total: int, count: int) -> int:
    return math.floor(total / count + 0.5)


def central_problem(
    ordered: Sequence[PlacedNode], succ: Mapping[str, list[str]], pred: Mapping[str, list[str]]
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


def assign_layers(
    ordered: Sequence[PlacedNode],
    items: Mapping[str, PlacedNode],
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


def order_layers(
    layers: dict[int, list[str]],
    items: Mapping[str, PlacedNode],
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
    items: Mapping[str, PlacedNode],
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


def place_x(
    layers: Mapping[int, list[str]],
    items: Mapping[str, PlacedNode],
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


def place_rows(
    layers: Mapping[int, list[str]], items: Mapping[str, PlacedNode], opts: LayoutOptions
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


def place_unlinked(
    unlinked: Sequence[PlacedNode],
    layers: Mapping[int, list[str]],
    items: Mapping[str, PlacedNode],
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
