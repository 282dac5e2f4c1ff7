"""The problem tree (árbol de problemas) as a graph, and its structural checks.

Input is the plain-Python form of the ``tree`` Yjs document (``to_py()``), so
the same code serves the live room, the HTTP API and the exporters. A client
may write anything into its document; this module never trusts the shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import networkx as nx

from .document_schema import (
    EDGE_SOURCE,
    EDGE_TARGET,
    KIND_CAUSE,
    KIND_EFFECT,
    KIND_PROBLEM,
    NODE_CREATED_BY,
    NODE_KIND,
    NODE_KINDS,
    NODE_OBJECTIVE,
    NODE_TEXT,
    TREE_EDGES,
    TREE_NODES,
)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    text: str
    objective: str = ""
    created_by: str | None = None


@dataclass(frozen=True)
class Edge:
    id: str
    source: str
    target: str


@dataclass(frozen=True)
class Check:
    rule: str
    severity: Severity
    node_ids: tuple[str, ...]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "node_ids": list(self.node_ids),
            "message": self.message,
        }


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
                }
                for n in self.nodes
            ],
            "edges": [{"id": e.id, "source": e.source, "target": e.target} for e in self.edges],
        }

    def graph(self) -> nx.DiGraph:
        """Nodes and the edges whose ends both exist."""
        g = nx.DiGraph()
        for n in self.nodes:
            g.add_node(n.id, kind=n.kind)
        for e in self.edges:
            if e.source in g and e.target in g:
                g.add_edge(e.source, e.target, id=e.id)
        return g


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def tree_from_document(doc: Mapping[str, Any]) -> ProblemTree:
    """Build a ``ProblemTree`` from the ``to_py()`` form of the tree document."""
    raw_nodes = doc.get(TREE_NODES) or {}
    raw_edges = doc.get(TREE_EDGES) or {}
    nodes = []
    for node_id, value in sorted(raw_nodes.items()) if isinstance(raw_nodes, Mapping) else []:
        if not isinstance(value, Mapping):
            value = {}
        created_by = value.get(NODE_CREATED_BY)
        nodes.append(
            Node(
                id=str(node_id),
                kind=_str(value.get(NODE_KIND)),
                text=_str(value.get(NODE_TEXT)),
                objective=_str(value.get(NODE_OBJECTIVE)),
                created_by=created_by if isinstance(created_by, str) else None,
            )
        )
    edges = []
    for edge_id, value in sorted(raw_edges.items()) if isinstance(raw_edges, Mapping) else []:
        if not isinstance(value, Mapping):
            value = {}
        edges.append(Edge(id=str(edge_id), source=_str(value.get(EDGE_SOURCE)), target=_str(value.get(EDGE_TARGET))))
    return ProblemTree(nodes=tuple(nodes), edges=tuple(edges))


def check_tree(tree: ProblemTree) -> list[Check]:
    """Structural checks of the Marco Lógico method. More rules come with the
    graph editor; these are the ones every later rule relies on."""
    checks: list[Check] = []
    ids = {n.id for n in tree.nodes}

    unknown = [n.id for n in tree.nodes if n.kind not in NODE_KINDS]
    if unknown:
        checks.append(Check("unknown_kind", Severity.ERROR, tuple(unknown), "Hay elementos de un tipo desconocido."))

    problems = [n.id for n in tree.nodes if n.kind == KIND_PROBLEM]
    if not problems:
        checks.append(Check("one_central_problem", Severity.ERROR, (), "Falta el problema central."))
    elif len(problems) > 1:
        checks.append(
            Check(
                "one_central_problem",
                Severity.ERROR,
                tuple(problems),
                f"Debe haber un solo problema central; hay {len(problems)}.",
            )
        )

    dangling = [e for e in tree.edges if e.source not in ids or e.target not in ids]
    for e in dangling:
        present = tuple(x for x in (e.source, e.target) if x in ids)
        checks.append(
            Check("edge_to_missing_node", Severity.ERROR, present, "Un vínculo apunta a un elemento que no existe.")
        )
    for e in tree.edges:
        if e.source == e.target and e.source in ids:
            checks.append(Check("self_loop", Severity.ERROR, (e.source,), "Un elemento no puede causarse a sí mismo."))

    g = tree.graph()
    g.remove_edges_from(list(nx.selfloop_edges(g)))
    for cycle in nx.simple_cycles(g):
        checks.append(
            Check("no_cycles", Severity.ERROR, tuple(cycle), "Hay un ciclo: una causa no puede ser su propio efecto.")
        )
        if len([c for c in checks if c.rule == "no_cycles"]) >= 10:
            break

    kinds = {n.id: n.kind for n in tree.nodes}
    for e in tree.edges:
        if e.source in kinds and e.target in kinds and not _is_valid_link(kinds[e.source], kinds[e.target]):
            checks.append(
                Check(
                    "link_direction",
                    Severity.ERROR,
                    (e.source, e.target),
                    "Los vínculos van de las causas al problema y del problema a los efectos.",
                )
            )
    return checks


_VALID_LINKS = {
    (KIND_CAUSE, KIND_CAUSE),
    (KIND_CAUSE, KIND_PROBLEM),
    (KIND_PROBLEM, KIND_EFFECT),
    (KIND_EFFECT, KIND_EFFECT),
}


def _is_valid_link(source_kind: str, target_kind: str) -> bool:
    return (source_kind, target_kind) in _VALID_LINKS
