from __future__ import annotations

import pytest

from workshops.errors import NotFoundError, ValidationError
from workshops.problem_tree import tree_from_document
from workshops.tree_merge import plan_merge


def tree(nodes, edges):
    return tree_from_document(
        {
            "nodes": {i: {"kind": k, "text": t, "created_by": f"author-{i}"} for i, k, t in nodes},
            "edges": {i: {"source": s, "target": t} for i, s, t in edges},
        }
    )


NODES = [
    ("p", "problem", "P"),
    ("a", "cause", "Falta de consensos"),
    ("b", "cause", "Falta de consenso"),
    ("x", "cause", "Indirecta"),
    ("e", "effect", "Efecto"),
]


def test_the_kept_node_takes_the_links_and_duplicates_are_dropped():
    t = tree(NODES, [("1", "a", "p"), ("2", "b", "p"), ("3", "x", "b"), ("4", "b", "a")])
    plan = plan_merge(t, "a", "b")
    assert plan.relink == {"3": ("x", "a")}
    assert sorted(plan.drop_edges) == ["2", "4"]  # b->p duplicates a->p; b->a would be a self-loop
    assert plan.merged_record == {"id": "b", "text": "Falta de consenso", "created_by": "author-b"}


@pytest.mark.parametrize(
    "keep, remove, error",
    [
        ("a", "a", ValidationError),
        ("a", "zz", NotFoundError),
        ("a", "e", ValidationError),
        (None, "b", ValidationError),
    ],
)
def test_bad_merges_are_refused(keep, remove, error):
    with pytest.raises(error):
        plan_merge(tree(NODES, []), keep, remove)
