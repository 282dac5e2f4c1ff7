"""The versioned JSON of the problem tree and its strict import."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporters.tree_json import MAX_NODES, MAX_TEXT_CHARS, SCHEMA, export_tree_json, parse_tree_json
from workshops.errors import ValidationError
from workshops.problem_tree import Edge, Node, ProblemTree, tree_from_document


def minimal(**changes):
    document = {
        "schema": SCHEMA,
        "workshop": {"title": "Mesa"},
        "nodes": [
            {"id": "p", "kind": "problem", "text": "Problema"},
            {"id": "c", "kind": "cause", "text": "Causa"},
        ],
        "edges": [{"id": "e", "source": "c", "target": "p"}],
    }
    document.update(changes)
    return document


def encode(document) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def test_export_has_the_documented_shape(demo, workshop):
    data = export_tree_json(demo, workshop=workshop)
    document = json.loads(data)
    assert list(document) == ["schema", "workshop", "nodes", "edges"]
    assert document["schema"] == "cocrea.tree/1"
    assert document["workshop"] == workshop
    assert [n["id"] for n in document["nodes"]] == [n.id for n in demo.nodes]
    assert document["nodes"][0] == {
        "id": "cause-1",
        "kind": "cause",
        "text": demo.nodes[0].text,
        "objective": "",
        "created_by": None,
        "created_at": None,
        "out_of_scope": False,
    }
    assert document["edges"][0] == {"id": "edge-cause-1", "source": "cause-1", "target": "problem"}
    assert "Desarticulación".encode() in data  # UTF-8, not \u escapes
    assert data.endswith(b"\n")


def test_export_reads_the_optional_fields_and_leaves_out_undrawable_edges():
    tree = ProblemTree(
        nodes=(
            Node("p", "problem", "P", created_by="u1", created_at=1_700_000_000_000),
            Node("c", "cause", "C", objective="Medio", out_of_scope=True),
        ),
        edges=(Edge("1", "c", "p"), Edge("2", "c", "ghost"), Edge("3", "c", "c")),
    )
    document = json.loads(export_tree_json(tree, workshop={}))
    assert document["nodes"][0]["created_at"] == 1_700_000_000_000
    assert document["nodes"][0]["created_by"] == "u1"
    assert document["nodes"][1]["out_of_scope"] is True
    assert document["nodes"][1]["objective"] == "Medio"
    assert [e["id"] for e in document["edges"]] == ["1"]
    # What export writes, import reads.
    assert [n.id for n in parse_tree_json(export_tree_json(tree, workshop={})).nodes] == ["c", "p"]


def test_the_demo_tree_round_trips(demo, workshop):
    assert parse_tree_json(export_tree_json(demo, workshop=workshop)) == demo


ids = st.text(min_size=1, max_size=12)
texts = st.text(max_size=60)


@st.composite
def tree_documents(draw):
    node_ids = draw(st.lists(ids, unique=True, max_size=12))
    nodes = {
        node_id: {
            "kind": draw(st.sampled_from(["problem", "cause", "effect"])),
            "text": draw(texts),
            "objective": draw(texts),
            "created_by": draw(st.none() | ids),
            "created_at": draw(st.none() | st.integers(0, 2**53)),
            "out_of_scope": draw(st.booleans()),
        }
        for node_id in node_ids
    }
    edges = {}
    if len(node_ids) >= 2:
        pairs = st.tuples(st.sampled_from(node_ids), st.sampled_from(node_ids)).filter(lambda p: p[0] != p[1])
        for edge_id, (source, target) in draw(st.dictionaries(ids, pairs, max_size=15)).items():
            edges[edge_id] = {"source": source, "target": target}
    return {"nodes": nodes, "edges": edges}


@settings(max_examples=100, deadline=None)
@given(tree_documents(), st.dictionaries(st.text(max_size=8), st.text(max_size=20) | st.integers(), max_size=4))
def test_export_then_import_gives_an_equal_tree(document, workshop):
    tree = tree_from_document(document)
    data = export_tree_json(tree, workshop=workshop)
    assert parse_tree_json(data) == tree
    assert json.loads(data)["workshop"] == workshop


def many_nodes(count):
    return [{"id": f"n{i}", "kind": "cause", "text": "x"} for i in range(count)]


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        (b"esto no es json", "document", "no es JSON válido (línea 1, columna 1)"),
        (b"\xff\xfe{}", "document", "UTF-8"),
        (b"[]", "document", "objeto JSON"),
        (b'{"schema": "cocrea.tree/1", "schema": "x"}', "document", "aparece dos veces"),
        (b'{"a": NaN}', "document", "NaN"),
        (b"[" * 100_000 + b"]" * 100_000, "document", "anida"),
        (encode({k: v for k, v in minimal().items() if k != "schema"}), "schema", "Falta el campo «schema»"),
        (encode(minimal(schema="cocrea.tree/2")), "schema", "Versión de esquema no compatible: «cocrea.tree/2»"),
        (encode(minimal(schema="otra.cosa/1")), "schema", "no es un árbol de problemas"),
        (encode(minimal(schema=1)), "schema", "debe ser «cocrea.tree/1»"),
        (encode(minimal(extra=1)), "extra", "Campo desconocido"),
        (encode(minimal(workshop=[])), "workshop", "objeto"),
        (encode(minimal(nodes={})), "nodes", "lista"),
        (encode(minimal(edges=None)), "edges", "lista"),
        (encode(minimal(nodes=many_nodes(MAX_NODES + 1), edges=[])), "nodes", "Hay 5001 elementos; el máximo es 5000"),
        (encode(minimal(nodes=["p"])), "nodes[0]", "objeto"),
        (encode(minimal(nodes=[{"id": "p", "text": "x"}])), "nodes[0].kind", "Falta el campo «kind» en nodes[0]"),
        (encode(minimal(nodes=[{"id": "p", "kind": "objective", "text": "x"}])), "nodes[0].kind", "Tipo desconocido"),
        (encode(minimal(nodes=[{"id": "p", "kind": None, "text": "x"}])), "nodes[0].kind", "«problem», «cause»"),
        (encode(minimal(nodes=[{"id": 5, "kind": "cause", "text": "x"}])), "nodes[0].id", "El id debe ser texto"),
        (encode(minimal(nodes=[{"id": "", "kind": "cause", "text": "x"}])), "nodes[0].id", "vacío"),
        (encode(minimal(nodes=[{"id": "a" * 201, "kind": "cause", "text": "x"}])), "nodes[0].id", "máximo es 200"),
        (
            encode(
                minimal(nodes=[{"id": "p", "kind": "problem", "text": "a"}, {"id": "p", "kind": "cause", "text": "b"}])
            ),
            "nodes[1].id",
            "El id «p» está repetido",
        ),
        (
            encode(minimal(nodes=[{"id": "p", "kind": "problem", "text": "x" * (MAX_TEXT_CHARS + 1)}], edges=[])),
            "nodes[0].text",
            "El texto tiene 2001 caracteres; el máximo es 2000",
        ),
        (
            encode(minimal(nodes=[{"id": "p", "kind": "problem", "text": "x", "objective": "y" * 2001}], edges=[])),
            "nodes[0].objective",
            "2001 caracteres",
        ),
        (encode(minimal(nodes=[{"id": "p", "kind": "problem", "text": 3}])), "nodes[0].text", "Debe ser texto"),
        (
            b'{"schema": "cocrea.tree/1", "nodes": [{"id": "p", "kind": "problem", "text": "\\ud800"}], "edges": []}',
            "nodes[0].text",
            "no válidos",
        ),
        (
            encode(minimal(nodes=[{"id": "p", "kind": "problem", "text": "x", "color": "red"}])),
            "nodes[0].color",
            'Campo desconocido "color" en nodes[0]',
        ),
        (
            encode(minimal(nodes=[{"id": "p", "kind": "problem", "text": "x", "created_at": "ayer"}])),
            "nodes[0].created_at",
            "milisegundos",
        ),
        (
            encode(minimal(nodes=[{"id": "p", "kind": "problem", "text": "x", "created_at": -1}])),
            "nodes[0].created_at",
            "no negativo",
        ),
        (
            encode(minimal(nodes=[{"id": "p", "kind": "problem", "text": "x", "created_at": True}])),
            "nodes[0].created_at",
            "milisegundos",
        ),
        (
            encode(minimal(nodes=[{"id": "p", "kind": "problem", "text": "x", "out_of_scope": "sí"}])),
            "nodes[0].out_of_scope",
            "true o false",
        ),
        (
            encode(minimal(nodes=[{"id": "p", "kind": "problem", "text": "x", "created_by": 7}])),
            "nodes[0].created_by",
            "Debe ser texto",
        ),
        (
            encode(minimal(edges=[{"id": "e", "source": "c", "target": "nada"}])),
            "edges[0].target",
            "El vínculo edges[0] apunta a «nada», que no existe",
        ),
        (encode(minimal(edges=[{"id": "e", "source": "fantasma", "target": "p"}])), "edges[0].source", "no existe"),
        (
            encode(minimal(edges=[{"id": "e", "source": "c", "target": "c"}])),
            "edges[0].target",
            "no puede causarse a sí mismo",
        ),
        (encode(minimal(edges=[{"id": "e", "source": 1, "target": "p"}])), "edges[0].source", "El id debe ser texto"),
        (encode(minimal(edges=[{"id": None, "source": "c", "target": "p"}])), "edges[0].id", "El id debe ser texto"),
        (encode(minimal(edges=[{"id": "e", "source": "c", "target": "p"}] * 2)), "edges[1].id", "repetido"),
        (encode(minimal(edges=[{"id": "e", "source": "c"}])), "edges[0].target", "Falta el campo «target»"),
        (encode(minimal(edges=[["c", "p"]])), "edges[0]", "objeto"),
    ],
)
def test_anything_wrong_is_refused_with_a_spanish_message_and_its_field(data, field, says):
    with pytest.raises(ValidationError) as raised:
        parse_tree_json(data)
    assert raised.value.field == field
    assert says in raised.value.message
    assert raised.value.code == "invalid"


def test_limits_are_inclusive_and_a_bom_is_tolerated():
    nodes = many_nodes(MAX_NODES)
    nodes[0] = {"id": "n0", "kind": "problem", "text": "x" * MAX_TEXT_CHARS, "objective": "y" * MAX_TEXT_CHARS}
    tree = parse_tree_json(b"\xef\xbb\xbf" + encode(minimal(nodes=nodes, edges=[])))
    assert len(tree.nodes) == MAX_NODES
    assert parse_tree_json(encode(minimal(workshop={}))).edges == (Edge("e", "c", "p"),)
    assert parse_tree_json(encode({k: v for k, v in minimal().items() if k != "workshop"})).nodes[0].id == "c"


def test_structural_problems_are_left_to_check_tree():
    # Two problems and a cycle import fine: check_tree reports them, as for a live tree.
    document = minimal(
        nodes=[
            {"id": "p1", "kind": "problem", "text": "a"},
            {"id": "p2", "kind": "problem", "text": "b"},
            {"id": "c1", "kind": "cause", "text": "c"},
            {"id": "c2", "kind": "cause", "text": "d"},
        ],
        edges=[{"id": "1", "source": "c1", "target": "c2"}, {"id": "2", "source": "c2", "target": "c1"}],
    )
    assert len(parse_tree_json(encode(document)).edges) == 2
