"""The problem tree (árbol de problemas) as a graph: its nodes and links,
read from the sync document, and its central problem.

Input is the plain-Python form of the ``tree`` Yjs document (``to_py()``), so
the same code serves the live room, the HTTP API and the exporters. A client
may write anything into its document; this module never trusts the shape.
The method's checks of a tree live in ``tree_check``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from .document_schema import (
    EDGE_SOURCE,
    EDGE_TARGET,
    KIND_PROBLEM,
    NODE_CREATED_AT,
    NODE_CREATED_BY,
    NODE_KIND,
    NODE_MERGED_FROM,
    NODE_OBJECTIVE,
    NODE_OUT_OF_SCOPE,
    NODE_TEXT,
    TREE_EDGES,
    TREE_NODES,
)

# The latest creation time a node may carry (9999-12-31, in ms since the
# epoch): beyond it a time is nonsense, and past 2**63 the CRDT cannot hold it.
MAX_TIMESTAMP_MS = 253_402_300_799_999


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    text: str
    objective: str = ""
    created_by: str | None = None
    created_at: int | None = None  # ms since the epoch
    out_of_scope: bool = False
    merged_from: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Edge:
    id: str
    source: str
    target: str


@dataclass(frozen=True)
class ProblemTree:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [
                {
                    "id": n.id,
                    "kind": n.kind,
                    "text": n.text,
                    "objective": n.objective,
                    "created_by": n.created_by,
                    "created_at": n.created_at,
                    "out_of_scope": n.out_of_scope,
                    "merged_from": [dict(m) for m in n.merged_from],
                }
                for n in self.nodes
            ],
            "edges": [{"id": e.id, "source": e.source, "target": e.target} for e in self.edges],
        }

    def graph(self) -> nx.DiGraph:
        """Nodes and the edges whose ends both exist."""
        import networkx as nx  # 7 MB: imported when a graph is made, not at the server's start

        g = nx.DiGraph()
        for n in self.nodes:
            g.add_node(n.id, kind=n.kind)
        for e in self.edges:
            if e.source in g and e.target in g:
                g.add_edge(e.source, e.target, id=e.id)
        return g


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _timestamp(value: object) -> int | None:
    # Yjs numbers arrive as floats; booleans, NaN and infinities are not times.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    if not 0 <= value <= MAX_TIMESTAMP_MS:
        return None
    return int(value)


def tree_from_document(doc: Mapping[str, Any]) -> ProblemTree:
    """Build a ``ProblemTree`` from the ``to_py()`` form of the tree document."""
    raw_nodes = doc.get(TREE_NODES) or {}
    raw_edges = doc.get(TREE_EDGES) or {}
    nodes = []
    for node_id in sorted(raw_nodes) if isinstance(raw_nodes, Mapping) else ():
        value = raw_nodes[node_id]
        if type(value) is not dict and not isinstance(value, Mapping):
            value = {}
        get = value.get
        kind, text, objective = get(NODE_KIND), get(NODE_TEXT), get(NODE_OBJECTIVE)
        created_by = get(NODE_CREATED_BY)
        created_at = get(NODE_CREATED_AT)
        merged = get(NODE_MERGED_FROM)
        nodes.append(
            _node(
                node_id if type(node_id) is str else str(node_id),
                kind if type(kind) is str else _str(kind),
                text if type(text) is str else _str(text),
                objective if type(objective) is str else _str(objective),
                created_by if isinstance(created_by, str) else None,
                None if created_at is None else _timestamp(created_at),
                get(NODE_OUT_OF_SCOPE) is True,
                tuple(dict(m) for m in merged if isinstance(m, Mapping)) if isinstance(merged, list) else (),
            )
        )
    edges = []
    for edge_id in sorted(raw_edges) if isinstance(raw_edges, Mapping) else ():
        value = raw_edges[edge_id]
        if type(value) is not dict and not isinstance(value, Mapping):
            value = {}
        source, target = value.get(EDGE_SOURCE), value.get(EDGE_TARGET)
        edges.append(
            _edge(
                edge_id if type(edge_id) is str else str(edge_id),
                source if type(source) is str else _str(source),
                target if type(target) is str else _str(target),
            )
        )
    return ProblemTree(nodes=tuple(nodes), edges=tuple(edges))


# A frozen dataclass sets each field through ``object.__setattr__``; a tree of
# 5,000 nodes is built at every edit, so these fill the fields in one step
# (the same objects: equal, hashed and printed alike; tested against the
# constructors).
def _node(
    node_id: str,
    kind: str,
    text: str,
    objective: str,
    created_by: str | None,
    created_at: int | None,
    out_of_scope: bool,
    merged_from: tuple[dict[str, Any], ...],
) -> Node:
    node = object.__new__(Node)
    fields = {
        "id": node_id,
        "kind": kind,
        "text": text,
        "objective": objective,
        "created_by": created_by,
        "created_at": created_at,
        "out_of_scope": out_of_scope,
        "merged_from": merged_from,
    }
    object.__setattr__(node, "__dict__", fields)
    return node


def _edge(edge_id: str, source: str, target: str) -> Edge:
    edge = object.__new__(Edge)
    object.__setattr__(edge, "__dict__", {"id": edge_id, "source": source, "target": target})
    return edge


def central_problem(tree: ProblemTree) -> Node | None:
    """The tree's single problem node, or ``None`` when there are none or several."""
    problems = [n for n in tree.nodes if n.kind == KIND_PROBLEM]
    return problems[0] if len(problems) == 1 else None
