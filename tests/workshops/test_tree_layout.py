"""The layered layout of the problem tree: the method's drawing rules, and the
promise that ``static/src/tree-layout.js`` gives exactly the same numbers."""

from __future__ import annotations

import itertools
import json
import random
import re
import shutil
import subprocess
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshops import document_schema
from workshops.demo import demo_tree
from workshops.errors import ValidationError
from workshops.problem_tree import tree_from_document
from workshops.tree_layout import (
    Layout,
    layout_graph,
    layout_tree,
    wrap_text,
)
from workshops.tree_placement import LayoutOptions

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).resolve().parent / "tree_layout_runner.mjs"
JS_MODULE = ROOT / "static" / "src" / "tree-layout.js"
NODE_TIMEOUT = 60


def doc(nodes, edges) -> dict[str, Any]:
    return {
        "nodes": {nid: {"kind": kind, "text": text} for nid, kind, text in nodes},
        "edges": {eid: {"source": s, "target": t} for eid, s, t in edges},
    }


def plain(nodes, edges) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return (
        [{"id": nid, "kind": kind, "text": text} for nid, kind, text in nodes],
        [{"id": eid, "source": s, "target": t} for eid, s, t in edges],
    )


def demo_layout() -> Layout:
    return layout_tree(tree_from_document(doc(*demo_tree())))


def js_options(options: LayoutOptions) -> dict[str, int]:
    def camel(name: str) -> str:
        head, *rest = name.split("_")
        return head + "".join(part.title() for part in rest)

    return {camel(f.name): getattr(options, f.name) for f in fields(options)}


def run_js(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if shutil.which("node") is None:
        pytest.fail("the layout equivalence test needs Node (>= 20) on PATH")
    result = subprocess.run(
        ["node", str(RUNNER)],
        input=json.dumps({"cases": cases}),
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    layouts: list[dict[str, Any]] = json.loads(result.stdout)["layouts"]
    return layouts


def overlaps(layout: Layout) -> list[tuple[str, str]]:
    boxes = sorted(layout.nodes, key=lambda b: (b.y, b.x))
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b.y >= a.y + a.height:
                break
            if a.x < b.x + b.width and b.x < a.x + a.width:
                found.append((a.id, b.id))
    return found


def crossings(layout: Layout, upper: int, lower: int) -> int:
    """Edge crossings between two adjacent layers."""
    boxes = {b.id: b for b in layout.nodes}
    pairs = []
    for e in layout.edges:
        a, b = boxes[e.source], boxes[e.target]
        if {a.layer, b.layer} == {upper, lower}:
            top, bottom = (a, b) if a.layer == upper else (b, a)
            pairs.append((top.order, bottom.order))
    return sum(1 for i, p in enumerate(pairs) for q in pairs[i + 1 :] if (p[0] - q[0]) * (p[1] - q[1]) < 0)


def random_tree(
    rng: random.Random, size: int, *, problems: int = 1
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A well-formed tree: every cause and effect hangs from one parent."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for p in range(problems):
        nodes.append({"id": f"p{p}", "kind": "problem", "text": f"Problema {p}", "created_at": p})
    causes, effects = ["p0"], ["p0"]
    for i in range(size - problems):
        if rng.random() < 0.6:
            parent = rng.choice(causes[-30:])
            node_id = f"c{i:05d}"
            causes.append(node_id)
            nodes.append({"id": node_id, "kind": "cause", "text": "causa " * rng.randint(1, 12)})
            edges.append({"id": f"e{i:05d}", "source": node_id, "target": parent})
        else:
            parent = rng.choice(effects[-30:])
            node_id = f"f{i:05d}"
            effects.append(node_id)
            nodes.append({"id": node_id, "kind": "effect", "text": "efecto " * rng.randint(1, 12)})
            edges.append({"id": f"e{i:05d}", "source": parent, "target": node_id})
    return nodes, edges


# --- The method's drawing rules -------------------------------------------------


def test_demo_tree_is_drawn_effects_above_problem_above_causes():
    layout = demo_layout()
    layers = {b.id: b.layer for b in layout.nodes}
    assert layers == {
        "problem": 0,
        "cause-1": -1,
        "cause-2": -1,
        "cause-3": -1,
        "cause-4": -1,
        "effect-1": 1,
        "effect-2": 1,
    }
    assert layout.problem_id == "problem"
    problem = layout.get_node("problem")
    for box in layout.nodes:
        if box.kind == "effect":
            assert box.y + box.height < problem.y
        elif box.kind == "cause":
            assert box.y > problem.y + problem.height
    assert [s.name for s in layout.sections] == ["effects", "problem", "causes"]
    # No creation times: a layer reads in id order.
    assert [b.id for b in layout.nodes if b.layer == -1] == ["cause-1", "cause-2", "cause-3", "cause-4"]
    assert overlaps(layout) == []


def test_demo_boxes_have_fixed_width_and_fit_the_wrapped_text():
    options = LayoutOptions()
    layout = demo_layout()
    texts = {nid: text for nid, _, text in demo_tree()[0]}
    for box in layout.nodes:
        assert box.width == options.node_width
        assert all(len(line) <= options.chars_per_line for line in box.lines)
        assert " ".join(box.lines) == texts[box.id]
        assert box.height == 2 * options.padding + len(box.lines) * options.line_height
        assert box.x >= 0 and box.x + box.width <= layout.width - options.margin
        assert box.y >= 0 and box.y + box.height <= layout.height - options.margin


def test_edge_routes_start_and_end_on_box_borders():
    layout = demo_layout()
    boxes = {b.id: b for b in layout.nodes}
    assert len(layout.edges) == 6
    for edge in layout.edges:
        source, target = boxes[edge.source], boxes[edge.target]
        (sx, sy), (ex, ey) = edge.points[0], edge.points[-1]
        if source.kind == "cause":  # up from the cause's top into the problem's bottom
            assert (sy, ey) == (source.y, target.y + target.height)
        else:  # up from the problem's top into the effect's bottom
            assert (sy, ey) == (source.y, target.y + target.height)
        assert source.x < sx < source.x + source.width
        assert target.x < ex < target.x + target.width
        # Segments are horizontal or vertical.
        for (x1, y1), (x2, y2) in itertools.pairwise(edge.points):
            assert x1 == x2 or y1 == y2
    # Four arrows into the problem's bottom, each at its own port.
    ports = [e.points[-1] for e in layout.edges if e.target == "problem"]
    assert len(set(ports)) == 4


def test_indirect_causes_sit_under_direct_ones_and_indirect_effects_above_direct_ones():
    nodes, edges = plain(
        [
            ("p", "problem", "P"),
            ("c1", "cause", "directa"),
            ("c2", "cause", "indirecta"),
            ("c3", "cause", "más indirecta"),
            ("e1", "effect", "directo"),
            ("e2", "effect", "indirecto"),
        ],
        [("1", "c1", "p"), ("2", "c2", "c1"), ("3", "c3", "c2"), ("4", "p", "e1"), ("5", "e1", "e2")],
    )
    layout = layout_graph(nodes, edges)
    by_id = {b.id: b for b in layout.nodes}
    assert [by_id[i].layer for i in ("e2", "e1", "p", "c1", "c2", "c3")] == [2, 1, 0, -1, -2, -3]
    ys = [by_id[i].y for i in ("e2", "e1", "p", "c1", "c2", "c3")]
    assert ys == sorted(ys)
    assert [b.id for b in layout.nodes] == ["e2", "e1", "p", "c1", "c2", "c3"]
    # A single chain stands in one column.
    assert len({b.x for b in layout.nodes}) == 1


def test_a_cause_takes_its_shortest_chain_to_the_problem():
    nodes, edges = plain(
        [("p", "problem", "P"), ("a", "cause", "A"), ("b", "cause", "B")],
        [("1", "a", "p"), ("2", "b", "a"), ("3", "b", "p")],
    )
    layout = layout_graph(nodes, edges)
    assert {b.id: b.layer for b in layout.nodes} == {"p": 0, "a": -1, "b": -1}


def test_creation_time_orders_a_layer_before_the_id():
    nodes = [
        {"id": "a", "kind": "cause", "text": "A", "created_at": 300},
        {"id": "b", "kind": "cause", "text": "B", "created_at": 100},
        {"id": "c", "kind": "cause", "text": "C"},
        {"id": "d", "kind": "cause", "text": "D", "created_at": 100},
        {"id": "p", "kind": "problem", "text": "P"},
    ]
    edges = [{"id": f"e{n['id']}", "source": n["id"], "target": "p"} for n in nodes[:4]]
    layout = layout_graph(nodes, edges)
    assert [b.id for b in layout.nodes if b.layer == -1] == ["b", "d", "a", "c"]


def test_unlinked_nodes_and_extra_problems_go_to_the_bottom_band():
    nodes, edges = plain(
        [
            ("p", "problem", "Central"),
            ("p2", "problem", "Otro problema"),
            ("c", "cause", "Ligada"),
            ("lost", "cause", "Suelta"),
            ("wrong", "cause", "Sale del problema"),
            ("odd", "objective", "Tipo desconocido"),
            ("e", "effect", "Efecto"),
        ],
        [("1", "c", "p"), ("2", "p", "e"), ("3", "p", "wrong")],
    )
    layout = layout_graph(nodes, edges)
    by_id = {b.id: b for b in layout.nodes}
    assert layout.problem_id == "p"  # the one with most links
    band = [b for b in layout.nodes if b.section == "unlinked"]
    assert [b.id for b in band] == ["p2", "lost", "wrong", "odd"]  # problems, causes, effects, others
    assert all(b.layer is None for b in band)
    lowest_linked = max(b.y + b.height for b in layout.nodes if b.section != "unlinked")
    assert all(b.y >= lowest_linked + LayoutOptions().band_gap for b in band)
    assert by_id["c"].layer == -1 and by_id["e"].layer == 1
    assert [s.name for s in layout.sections] == ["effects", "problem", "causes", "unlinked"]


def test_without_a_problem_chains_still_stack_causes_below_effects():
    nodes, edges = plain(
        [("a", "cause", "A"), ("b", "cause", "B"), ("x", "effect", "X"), ("y", "effect", "Y"), ("z", "cause", "Z")],
        [("1", "b", "a"), ("2", "x", "y")],
    )
    layout = layout_graph(nodes, edges)
    assert layout.problem_id is None
    assert {b.id: b.layer for b in layout.nodes} == {"a": -1, "z": -1, "b": -2, "x": 1, "y": 2}
    assert [s.name for s in layout.sections] == ["effects", "causes"]


def test_cycles_self_loops_and_dangling_edges_do_not_stop_the_layout():
    nodes, edges = plain(
        [("p", "problem", "P"), ("a", "cause", "A"), ("b", "cause", "B"), ("c", "cause", "C"), ("e", "effect", "E")],
        [
            ("1", "a", "p"),
            ("2", "b", "a"),
            ("3", "a", "b"),  # cycle a <-> b
            ("4", "c", "c"),  # self-loop
            ("5", "c", "ghost"),  # dangling
            ("6", "p", "e"),
            ("7", "e", "p"),  # cycle through the problem
        ],
    )
    layout = layout_graph(nodes, edges)
    assert {b.id: b.layer for b in layout.nodes} == {"p": 0, "a": -1, "b": -2, "c": None, "e": 1}
    assert {e.id for e in layout.edges} == {"1", "2", "3", "6", "7"}
    # Causes caught in a cycle without a problem are left in the band.
    layout = layout_graph(*plain([("a", "cause", "A"), ("b", "cause", "B")], [("1", "a", "b"), ("2", "b", "a")]))
    assert [b.section for b in layout.nodes] == ["unlinked", "unlinked"]


def test_out_of_scope_boxes_get_a_line_for_the_note():
    base = {"id": "c", "kind": "cause", "text": "Texto corto"}
    plain_box = layout_graph([base], []).nodes[0]
    marked = layout_graph([{**base, "out_of_scope": True}], []).nodes[0]
    assert marked.out_of_scope and not plain_box.out_of_scope
    assert marked.height == plain_box.height + LayoutOptions().line_height
    assert layout_graph([{**base, "out_of_scope": "yes"}], []).nodes[0].out_of_scope is False


def test_garbage_entries_are_skipped():
    nodes = [
        {"id": 5, "kind": "cause", "text": "id no textual"},
        {"id": "a", "kind": 3, "text": ["no"]},
        {"id": "a", "kind": "cause", "text": "duplicado"},
        {"id": "p", "kind": "problem", "text": "P", "created_at": True},
    ]
    edges = [{"id": 1, "source": "a", "target": "p"}, {"id": "x", "source": "a", "target": None}]
    layout = layout_graph(nodes, edges)
    assert [(b.id, b.kind, b.lines) for b in layout.nodes] == [("p", "problem", ("P",)), ("a", "", ("",))]
    assert layout.edges == ()


def test_empty_tree():
    layout = layout_graph([], [])
    margin = LayoutOptions().margin
    assert (layout.width, layout.height, layout.nodes, layout.sections) == (2 * margin, 2 * margin, (), ())


def test_wrap_text_cuts_long_words_and_keeps_every_character():
    assert wrap_text("", 10) == ("",)
    assert wrap_text("  \t\n ", 10) == ("",)
    assert wrap_text("uno dos tres cuatro", 9) == ("uno dos", "tres", "cuatro")
    assert wrap_text("a supercalifragilístico b", 6) == ("a", "superc", "alifra", "gilíst", "ico b")
    assert wrap_text("😀" * 5, 2) == ("😀😀", "😀😀", "😀")  # code points, not UTF-16 units
    assert wrap_text("no\u00a0break here", 20) == ("no\u00a0break here",)


def test_layout_options_are_validated():
    with pytest.raises(ValidationError) as raised:
        LayoutOptions(node_width=20, padding=10)
    assert raised.value.field == "node_width"
    with pytest.raises(ValidationError):
        LayoutOptions(margin=-1)
    with pytest.raises(ValidationError):
        LayoutOptions(char_width=True)  # type: ignore[arg-type]


def test_layout_of_a_problem_tree_orders_by_creation_time():
    tree = tree_from_document(
        {
            "nodes": {
                "a": {"kind": "cause", "text": "a", "created_at": 2.0},
                "b": {"kind": "cause", "text": "b", "created_at": 1.0},
            }
        }
    )
    assert [b.id for b in layout_tree(tree).nodes] == ["b", "a"]


def test_a_300_node_tree():
    nodes, edges = random_tree(random.Random(300), 300)
    layout = layout_graph(nodes, edges)
    assert len(layout.nodes) == 300 and len(layout.edges) == 299
    assert all(b.section != "unlinked" for b in layout.nodes)
    assert overlaps(layout) == []
    # A tree's layers never cross after the last outward sweep.
    layers = sorted({b.layer for b in layout.nodes if b.layer is not None})
    assert len(layers) > 4
    assert all(crossings(layout, a, b) == 0 for a, b in itertools.pairwise(layers))
    # Children sit near their parent: the mean horizontal distance is small.
    boxes = {b.id: b for b in layout.nodes}
    distance = sum(abs(boxes[e.source].x - boxes[e.target].x) for e in layout.edges) / len(layout.edges)
    assert distance < 4 * LayoutOptions().node_width


def test_a_3000_node_tree_has_no_overlaps():
    # How fast: bench/tree_layout.py.
    nodes, edges = random_tree(random.Random(3000), 3000)
    layout = layout_graph(nodes, edges)
    assert len(layout.nodes) == 3000 and overlaps(layout) == []


kinds = st.sampled_from(["problem", "cause", "effect", "x"])
ids = st.sampled_from(list("abcdefgh"))


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(ids, st.tuples(kinds, st.text(max_size=40), st.none() | st.integers(0, 3)), max_size=8),
    st.lists(st.tuples(ids, ids), max_size=16),
)
def test_layout_is_total_and_places_every_node_once_without_overlap(node_specs, links):
    nodes = [{"id": i, "kind": k, "text": t, "created_at": c} for i, (k, t, c) in node_specs.items()]
    edges = [{"id": str(n), "source": s, "target": t} for n, (s, t) in enumerate(links)]
    layout = layout_graph(nodes, edges)
    assert sorted(b.id for b in layout.nodes) == sorted(node_specs)
    assert overlaps(layout) == []
    assert all(b.x >= 0 and b.x + b.width <= layout.width for b in layout.nodes)
    assert all(b.y >= 0 and b.y + b.height <= layout.height for b in layout.nodes)
    problems = [b for b in layout.nodes if b.layer == 0]
    assert len(problems) <= 1
    for b in layout.nodes:
        if b.layer is not None and b.layer > 0:
            assert b.kind == "effect"
        if b.layer is not None and b.layer < 0:
            assert b.kind == "cause"
    drawn = {e.id for e in layout.edges}
    assert drawn == {str(n) for n, (s, t) in enumerate(links) if s != t and s in node_specs and t in node_specs}


# --- One algorithm in two languages ---------------------------------------------

WORDS = [
    "falta",
    "de",
    "participación",
    "ciudadana",
    "Desarticulación",
    "<b>&amp;</b>",
    "]]>",
    '"comillas"',
    "😀🎉",
    "e\u0301",  # combining accent: two code points
    "\u00a0",
    "no\u00a0separa",
    "\x01\x1f",
    "\ud83d",  # a lone surrogate
    "supercalifragilisticoespialidoso-y-más-todavía",
    "\u2028",
    "\ufeff",
    "\u3000",
]
SPACES = [" ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\x85", "\u00a0"]
ID_PARTS = ["a", "b", "Z", "ñ", "😀", "\uffff", "\ue000", "\ud83d\ude00", "", "10", "9"]


def random_case(rng: random.Random) -> dict[str, Any]:
    size = rng.choice([0, 1, 2, 3, 5, 8, 13, 21, 40, 80])
    node_ids = ["".join(rng.choice(ID_PARTS) for _ in range(rng.randint(1, 3))) for _ in range(size)]
    nodes: list[dict[str, Any]] = []
    for node_id in node_ids:
        text = "".join(rng.choice(WORDS) + rng.choice(SPACES) for _ in range(rng.randint(0, 14)))
        node: dict[str, Any] = {
            "id": node_id if rng.random() > 0.03 else rng.choice([7, None, 1.5]),
            "kind": rng.choices(["problem", "cause", "effect", "", "objetivo", 3], [2, 10, 6, 1, 1, 1])[0],
            "text": text if rng.random() > 0.03 else rng.choice([None, 12]),
        }
        created = rng.random()
        if created < 0.5:
            node["created_at"] = rng.choice([0, 1, 1, 2, 1_700_000_000_000, 1_700_000_000_000, 2.5, -3])
        elif created < 0.55:
            node["created_at"] = rng.choice([True, "5", None, 10**400, 1e300, -0.0])
        if rng.random() < 0.2:
            node["out_of_scope"] = rng.choice([True, True, False, "true", 1])
        nodes.append(node)
    known = [n["id"] for n in nodes if isinstance(n["id"], str)] or ["ghost"]
    edges: list[dict[str, Any]] = []
    for n in range(rng.randint(0, 2 * size + 1)):
        source, target = rng.choice(known), rng.choice(known)
        roll = rng.random()
        if roll < 0.05:
            target = "ghost"
        elif roll < 0.08:
            target = source
        edge_id = rng.choice([f"e{n}", f"e{rng.randint(0, 5)}", "😀" + str(n), "\uffff" + str(n)])
        edges.append({"id": edge_id if rng.random() > 0.02 else 4, "source": source, "target": target})
    # Most cases are proper trees, where layering and ordering do real work.
    if rng.random() < 0.5:
        tree_nodes, tree_edges = random_tree(rng, rng.choice([2, 10, 30, 60]), problems=rng.choice([1, 1, 2]))
        nodes += tree_nodes
        edges += tree_edges
    rng.shuffle(nodes)
    rng.shuffle(edges)
    options = LayoutOptions()
    if rng.random() < 0.25:
        options = LayoutOptions(
            node_width=rng.choice([60, 161, 240, 333]),
            padding=rng.choice([0, 5, 12]),
            char_width=rng.choice([3, 7, 8]),
            line_height=rng.choice([1, 17, 18]),
            column_gap=rng.choice([0, 7, 24]),
            layer_gap=rng.choice([0, 13, 56]),
            band_gap=rng.choice([0, 81]),
            margin=rng.choice([0, 5, 24]),
            unlinked_min_per_row=rng.choice([1, 4, 9]),
        )
    return {"nodes": nodes, "edges": edges, "options": options}


def test_python_and_javascript_lay_out_random_trees_identically():
    rng = random.Random(20261121)
    cases = [random_case(rng) for _ in range(400)]
    # Both sides read the same JSON (a Python str may hold a surrogate pair
    # that JSON turns into one code point).
    cases = [{**c, **json.loads(json.dumps({"nodes": c["nodes"], "edges": c["edges"]}))} for c in cases]
    js_layouts = run_js([{**c, "options": js_options(c["options"])} for c in cases])
    assert len(js_layouts) == len(cases)
    for index, (case, js_layout) in enumerate(zip(cases, js_layouts, strict=True)):
        python_layout = layout_graph(case["nodes"], case["edges"], case["options"]).to_dict()
        # Compared as JSON text too, so 1 and 1.0 would differ.
        assert json.dumps(js_layout, sort_keys=True) == json.dumps(python_layout, sort_keys=True), f"case {index}"
    # The cases exercise what they are meant to.
    python_layouts = [layout_graph(c["nodes"], c["edges"], c["options"]) for c in cases]
    assert sum(1 for lay in python_layouts if any(b.layer is not None and b.layer <= -3 for b in lay.nodes)) > 20
    assert sum(1 for lay in python_layouts if any(b.section == "unlinked" for b in lay.nodes)) > 50
    assert sum(1 for lay in python_layouts if lay.problem_id is None and lay.nodes) > 20
    assert sum(1 for lay in python_layouts if any(b.out_of_scope for b in lay.nodes)) > 20


def test_python_and_javascript_agree_on_the_demo_tree():
    nodes, edges = plain(*demo_tree())
    (js_layout,) = run_js([{"nodes": nodes, "edges": edges, "options": {}}])
    assert js_layout == layout_graph(nodes, edges).to_dict()


def test_javascript_rejects_bad_options_like_python():
    (result,) = run_js([{"nodes": [], "edges": [], "options": {"nodeWidth": 20, "padding": 10}}])
    assert "RangeError" in result["error"]


def test_javascript_defaults_and_kind_names_match_python():
    source = JS_MODULE.read_text(encoding="utf-8")
    for name in ("KIND_PROBLEM", "KIND_CAUSE", "KIND_EFFECT"):
        match = re.search(rf'const {name} = "([^"]*)";', source)
        assert match and match.group(1) == getattr(document_schema, name)
    defaults = re.search(r"DEFAULT_LAYOUT_OPTIONS = Object\.freeze\(\{(.*?)\}\)", source, re.S)
    assert defaults
    js_defaults = {k: int(v) for k, v in re.findall(r"(\w+): (\d+)", defaults.group(1))}
    assert js_defaults == js_options(LayoutOptions())
