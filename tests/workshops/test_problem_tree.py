from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workshops.demo import demo_tree
from workshops.problem_tree import check_tree, tree_from_document


def doc(nodes, edges):
    return {
        "nodes": {nid: {"kind": kind, "text": text} for nid, kind, text in nodes},
        "edges": {eid: {"source": s, "target": t} for eid, s, t in edges},
    }


def rules(tree_doc):
    return sorted({c.rule for c in check_tree(tree_from_document(tree_doc))})


def test_the_demo_tree_passes_the_structural_checks():
    nodes, edges = demo_tree()
    tree = tree_from_document(doc(nodes, edges))
    assert len([n for n in tree.nodes if n.kind == "problem"]) == 1
    assert len([n for n in tree.nodes if n.kind == "cause"]) == 4
    assert len([n for n in tree.nodes if n.kind == "effect"]) == 2
    assert check_tree(tree) == []


def test_missing_and_second_central_problem():
    assert rules(doc([("c", "cause", "x")], [])) == ["one_central_problem"]
    checks = check_tree(tree_from_document(doc([("p1", "problem", "a"), ("p2", "problem", "b")], [])))
    assert checks[0].rule == "one_central_problem"
    assert set(checks[0].node_ids) == {"p1", "p2"}


def test_cycles_self_loops_dangling_edges_and_wrong_direction():
    nodes = [("p", "problem", "P"), ("a", "cause", "A"), ("b", "cause", "B"), ("e", "effect", "E")]
    assert rules(doc(nodes, [("1", "a", "b"), ("2", "b", "a")])) == ["no_cycles"]
    assert rules(doc(nodes, [("1", "a", "a")])) == ["self_loop"]
    assert rules(doc(nodes, [("1", "a", "ghost")])) == ["edge_to_missing_node"]
    assert rules(doc(nodes, [("1", "e", "p")])) == ["link_direction"]


def test_garbage_shapes_do_not_crash():
    tree = tree_from_document({"nodes": {"x": 5, "y": {"kind": 3, "text": ["no"]}}, "edges": {"e": "nope"}})
    assert {n.id for n in tree.nodes} == {"x", "y"}
    assert "unknown_kind" in {c.rule for c in check_tree(tree)}
    assert tree_from_document({}).nodes == ()


ids = st.sampled_from(["a", "b", "c", "d", "e"])


@given(
    st.dictionaries(ids, st.sampled_from(["problem", "cause", "effect"]), max_size=5),
    st.lists(st.tuples(ids, ids), max_size=12),
)
def test_checks_are_total_and_report_only_existing_nodes(kinds, links):
    tree_doc = doc([(n, k, n) for n, k in kinds.items()], [(str(i), s, t) for i, (s, t) in enumerate(links)])
    tree = tree_from_document(tree_doc)
    for check in check_tree(tree):
        assert set(check.node_ids) <= set(kinds)
        assert check.message
    acyclic = all(s != t for s, t in links) and not any(c.rule == "no_cycles" for c in check_tree(tree))
    if acyclic:
        import networkx as nx

        assert nx.is_directed_acyclic_graph(tree.graph())
