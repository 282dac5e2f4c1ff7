"""Merging two duplicate ideas of the problem tree (a facilitator tool).

The kept node takes over every link of the removed one; links that would
become self-loops or duplicates are dropped; the removed node's text and
author are recorded on the kept node (``merged_from``), so nobody's
contribution disappears from the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import NotFoundError, ValidationError
from .messages import _
from .problem_tree import ProblemTree


@dataclass(frozen=True)
class MergePlan:
    keep: str
    remove: str
    # edge id -> (new source, new target) for links that move to ``keep``
    relink: dict[str, tuple[str, str]] = field(default_factory=dict)
    # links to delete: the removed node's links that would duplicate one the
    # kept node has, or become a self-loop
    drop_edges: tuple[str, ...] = ()
    merged_record: dict[str, str | None] = field(default_factory=dict)


def plan_merge(tree: ProblemTree, keep: object, remove: object) -> MergePlan:
    if not isinstance(keep, str) or not isinstance(remove, str):
        raise ValidationError("Indica los dos elementos a fusionar («keep» y «remove»).", field="keep")
    if keep == remove:
        raise ValidationError("No se puede fusionar un elemento consigo mismo.", field="remove")
    nodes = {n.id: n for n in tree.nodes}
    for node_id, name in ((keep, "keep"), (remove, "remove")):
        if node_id not in nodes:
            raise NotFoundError(_("No existe el elemento {node_id!r} en el árbol.", node_id=node_id), field=name)
    if nodes[keep].kind != nodes[remove].kind:
        raise ValidationError("Solo se fusionan elementos del mismo tipo (dos causas, dos efectos…).", field="remove")

    existing = {(e.source, e.target) for e in tree.edges if remove not in (e.source, e.target)}
    relink: dict[str, tuple[str, str]] = {}
    drop: list[str] = []
    for edge in tree.edges:
        if remove not in (edge.source, edge.target):
            continue
        source = keep if edge.source == remove else edge.source
        target = keep if edge.target == remove else edge.target
        if source == target or (source, target) in existing:
            drop.append(edge.id)
            continue
        existing.add((source, target))
        relink[edge.id] = (source, target)
    removed = nodes[remove]
    record = {"id": removed.id, "text": removed.text, "created_by": removed.created_by}
    return MergePlan(keep, remove, relink, tuple(drop), record)
