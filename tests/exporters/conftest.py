from __future__ import annotations

import pytest

from workshops.demo import DEMO_WORKSHOP, demo_tree
from workshops.problem_tree import Edge, Node, ProblemTree, tree_from_document


def demo_document() -> dict:
    nodes, edges = demo_tree()
    return {
        "nodes": {nid: {"kind": kind, "text": text} for nid, kind, text in nodes},
        "edges": {eid: {"source": s, "target": t} for eid, s, t in edges},
    }


@pytest.fixture
def demo() -> ProblemTree:
    return tree_from_document(demo_document())


@pytest.fixture
def workshop() -> dict:
    return {"id": "w-1", **DEMO_WORKSHOP}


@pytest.fixture
def scoped_tree() -> ProblemTree:
    """The demo tree, one cause out of scope, one indirect cause, one stray problem."""
    nodes, edges = demo_tree()
    tree_nodes = [Node(nid, kind, text, out_of_scope=nid == "cause-4") for nid, kind, text in nodes]
    tree_nodes += [
        Node("cause-5", "cause", "Poca difusión de los ejercicios"),
        Node("stray", "problem", "Otro problema suelto"),
    ]
    tree_edges = [Edge(eid, s, t) for eid, s, t in edges] + [Edge("edge-5", "cause-5", "cause-2")]
    return ProblemTree(nodes=tuple(tree_nodes), edges=tuple(tree_edges))
