"""The fast method checks find what the plain ones find (tests/support/plain_tree_checks.py):
the same checks in the same order, the same tree read from the document, the
same normalised texts, the same likely duplicates, on random trees full of
near-duplicates (accents, case, spaces, typos, plurals), broken links and
cycles. How fast: bench/tree_checks.py."""

from __future__ import annotations

import random
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.plain_tree_checks import (
    plain_absence_of_solution,
    plain_check_tree,
    plain_duplicate_pairs,
    plain_indexed_duplicate_pairs,
    plain_normalise_text,
    plain_tree_from_document,
)
from workshops.problem_tree import Edge, Node, ProblemTree, tree_from_document
from workshops.tree_check import MAX_CYCLES_REPORTED, check_tree
from workshops.tree_text import absence_of_solution, duplicate_pairs, normalise_text, normalise_text_plain

PHRASES = [
    "Baja participación de la ciudadanía en los municipios",
    "Desconocimiento de los mecanismos de transparencia en Toluca",
    "Falta de presupuesto para la participación ciudadana",
    "No existen lineamientos de archivo en el ayuntamiento",
    "Sin datos abiertos municipales",
    "Las solicitudes de información se responden tarde",
    "Opacidad en el uso de los recursos públicos",
    "Poca coordinación entre las dependencias y la sociedad civil",
    "Rotación frecuente del personal; desinterés de los comités",
    "Ñandú pingüino acción educación",
    "personas sin empleo en las zonas rurales",
    "La ciudadanía desconfía y las autoridades no publican datos",
]
# Spaces a paste leaves: tab, new line, no-break, thin and ideographic
# spaces, zero-width characters.
ODD_SPACES = [" ", "  ", "\t", "\n", "\u00a0", "\u2009", "\u3000", "\u200b", " \ufeff "]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def swap_letters(text: str, k: int) -> str:
    if len(text) < 2:
        return text
    k %= len(text) - 1
    return text[:k] + text[k + 1] + text[k] + text[k + 2 :]


@st.composite
def near_texts(draw: st.DrawFn) -> str:
    """A text of a workshop, often a near-duplicate of another one."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=40))
    text = draw(st.sampled_from(PHRASES))
    for change in draw(st.lists(st.integers(0, 8), max_size=3)):
        if change == 0:
            text = strip_accents(text)
        elif change == 1:
            text = text.upper()
        elif change == 2:
            text = text.lower()
        elif change == 3:
            text = draw(st.sampled_from(ODD_SPACES)).join(text.split(" "))
        elif change == 4:
            text = swap_letters(text, draw(st.integers(0, 200)))
        elif change == 5:
            text = text + draw(st.sampled_from(["s", ".", " y sus consecuencias", "?", " municipales"]))
        elif change == 6:
            text = unicodedata.normalize("NFD", text)  # accents as combining marks
        elif change == 7:
            text = draw(st.sampled_from(["¿", "¡", "«", "(", "- "])) + text
        else:
            text = text.replace(" ", "", 1)
    return text


IDS = [f"n{i}" for i in range(12)]
node_ids = st.sampled_from(IDS)
link_ends = st.sampled_from([*IDS, "fantasma", ""])
kinds = st.sampled_from(["problem", "cause", "cause", "cause", "effect", "effect", "", "solucion"])
odd_values = st.sampled_from([None, 3, 1.5, True, float("inf"), float("nan"), 2**70, -1, "x", [], {}])


@st.composite
def node_values(draw: st.DrawFn) -> object:
    if draw(st.integers(0, 19)) == 0:
        return draw(odd_values)  # not a map at all
    value: dict[str, object] = {"kind": draw(kinds), "text": draw(near_texts())}
    if draw(st.booleans()):
        value["created_at"] = draw(st.one_of(odd_values, st.integers(0, 2**64), st.floats()))
        value["created_by"] = draw(st.one_of(odd_values, st.sampled_from(["ana", "luis"])))
        value["objective"] = draw(st.one_of(odd_values, near_texts()))
        value["out_of_scope"] = draw(st.one_of(odd_values, st.booleans()))
        value["merged_from"] = draw(st.one_of(odd_values, st.just([{"id": "n99", "text": "x"}, 4])))
    if draw(st.integers(0, 9)) == 0:
        value["text"] = draw(odd_values)
    return value


@st.composite
def documents(draw: st.DrawFn) -> dict[str, object]:
    nodes = draw(st.dictionaries(node_ids, node_values(), max_size=len(IDS)))
    if draw(st.integers(0, 3)):  # mostly one central problem, so that reach is checked
        nodes["n0"] = {"kind": "problem", "text": draw(near_texts())}
        for node_id, value in nodes.items():
            if node_id != "n0" and isinstance(value, dict) and value.get("kind") == "problem":
                value["kind"] = "cause"
    # Mostly links between the nodes there are.
    ends = st.one_of(st.sampled_from(sorted(nodes)), link_ends) if nodes else link_ends
    links = draw(st.lists(st.tuples(ends, ends), max_size=20))
    edges: dict[str, object] = {f"e{i}": {"source": s, "target": t} for i, (s, t) in enumerate(links)}
    if draw(st.integers(0, 9)) == 0:
        edges["odd"] = draw(odd_values)
    return {"nodes": nodes, "edges": edges}


@st.composite
def grown_documents(draw: st.DrawFn) -> dict[str, object]:
    """Trees grown from a problem, each node linked to an earlier one in the
    direction its kind asks, with kinds and directions sometimes wrong and
    links added anywhere: paths through the wrong kind of node, cycles."""
    nodes: dict[str, object] = {"p": {"kind": "problem", "text": draw(near_texts())}}
    edges: dict[str, object] = {}
    for i in range(draw(st.integers(0, 14))):
        node_id = f"n{i}"
        kind = draw(st.sampled_from(["cause", "effect", "otro"] if draw(st.integers(0, 30)) else ["problem"]))
        nodes[node_id] = {"kind": kind, "text": draw(near_texts())}
        parent = draw(st.sampled_from(sorted(nodes.keys() - {node_id})))
        flipped = draw(st.integers(0, 3)) == 0
        towards_parent = (kind == "cause") != flipped
        source, target = (node_id, parent) if towards_parent else (parent, node_id)
        edges[f"e{i}"] = {"source": source, "target": target}
    ids = sorted(nodes)
    for k, (source, target) in enumerate(
        draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=4))
    ):
        edges[f"x{k}"] = {"source": source, "target": target}
    return {"nodes": nodes, "edges": edges}


def dicts(checks):
    return [c.to_dict() for c in checks]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents(), grown_documents()))
def test_fast_checks_find_what_the_plain_checks_find(document):
    tree = tree_from_document(document)
    assert tree == plain_tree_from_document(document)
    assert repr(tree) == repr(plain_tree_from_document(document))
    assert dicts(check_tree(tree)) == dicts(plain_check_tree(tree))


@settings(max_examples=150, deadline=None)
@given(st.one_of(documents(), grown_documents()))
def test_fast_checks_match_on_trees_built_by_hand_in_any_order(document):
    tree = tree_from_document(document)
    shuffled = ProblemTree(tuple(reversed(tree.nodes)), tuple(reversed(tree.edges)))
    assert dicts(check_tree(shuffled)) == dicts(plain_check_tree(shuffled))


@settings(max_examples=300, deadline=None)
@given(st.lists(near_texts(), max_size=40))
def test_likely_duplicates_are_every_pair_that_looks_alike(texts):
    normalised = {f"n{i:02d}": normalise_text(t) for i, t in enumerate(texts)}
    assert duplicate_pairs(normalised) == plain_duplicate_pairs(normalised)


@settings(max_examples=300, deadline=None)
@given(st.lists(near_texts(), max_size=60), st.integers(0, 3000))
def test_likely_duplicates_stop_where_the_first_indexed_search_stopped(texts, max_work):
    # Small budgets, so that the search runs out of it often, at any pair.
    normalised = {f"n{i:02d}": normalise_text(t) for i, t in enumerate(texts)}
    assert duplicate_pairs(normalised, max_work) == plain_indexed_duplicate_pairs(normalised, max_work)


def test_likely_duplicates_on_thousands_of_texts_match_the_first_indexed_search():
    # Texts of four words out of twenty (digits: no word is a typo of
    # another), with accents: most pairs share a word (candidates), few look
    # alike; the budget runs out at different pairs.
    rng = random.Random(4)
    vocabulary = [f"{word}{k}" for word in ("acción", "comité", "datos", "Toluca", "ñandú") for k in range(4)]
    texts = [" ".join(rng.sample(vocabulary, 4)) for _ in range(2000)]
    normalised = {f"n{i:04d}": normalise_text(t) for i, t in enumerate(texts)}
    found = []
    for max_work in (20_000, 100_000, 500_000, 10_000_000):
        found.append(duplicate_pairs(normalised, max_work))
        assert found[-1] == plain_indexed_duplicate_pairs(normalised, max_work)
    assert 0 < len(found[0]) < len(found[1]) < len(found[2]) < len(found[3])


@settings(max_examples=500, deadline=None)
@given(st.one_of(near_texts(), st.text(), st.text(alphabet=st.characters(codec="utf-8"), max_size=30)))
def test_normalising_word_by_word_is_normalising_the_whole_text(text):
    assert normalise_text(text) == plain_normalise_text(text) == normalise_text_plain(text)
    assert normalise_text(text) == plain_normalise_text(text)  # the second time, from the memo
    normalised = plain_normalise_text(text)
    assert absence_of_solution(normalised) == plain_absence_of_solution(normalised)


def test_every_character_normalises_the_same_word_by_word():
    # Between letters, after a space and before a combining mark: where
    # decomposition and the reordering of marks could reach across a word.
    # Characters that decompose, combine, space or change case; any other
    # one is itself or a space in both ways.
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if 0xD800 <= code <= 0xDFFF or not (
            unicodedata.decomposition(c) or unicodedata.combining(c) or c.isspace() or c.casefold() != c
        ):
            continue
        for text in (f"a{c}b", f"x {c}\u0301\u0327y"):
            assert normalise_text_plain(text) == " ".join(filter(None, map(normalise_text_plain, text.split()))), hex(
                code
            )


def random_tree(rng: random.Random, size: int, back_links: int) -> dict[str, object]:
    """A big tree the way a workshop grows one, with near-duplicate texts,
    links backwards (cycles), links anywhere, dangling links and loose nodes."""
    nodes: dict[str, object] = {"p": {"kind": "problem", "text": PHRASES[0]}}
    edges: dict[str, object] = {}
    ids = ["p"]
    parents: dict[str, str] = {}
    for i in range(size):
        node_id = f"n{i:05d}"
        kind = rng.choice(["cause", "cause", "effect"])
        text = rng.choice(PHRASES) + " " + rng.choice(["en Toluca", "en Ecatepec", "", f"folio {rng.randrange(300)}"])
        if rng.random() < 0.2:
            text = rng.choice([strip_accents, str.upper, lambda t: "  ".join(t.split())])(text)
        nodes[node_id] = {"kind": kind, "text": text}
        parent = parents[node_id] = rng.choice(ids)
        if rng.random() < 0.97:
            source, target = (node_id, parent) if kind == "cause" else (parent, node_id)
            edges[f"e{i}"] = {"source": source, "target": target}
        ids.append(node_id)
    for k in range(back_links):
        node_id = rng.choice(ids[1:])
        ancestor = parents[node_id]
        while ancestor != "p" and rng.random() < 0.7:
            ancestor = parents[ancestor]
        edges[f"back{k}"] = {"source": ancestor, "target": node_id}  # for a cause: a cycle
        edges[f"odd{k}"] = {"source": rng.choice(ids), "target": rng.choice(ids)}
        edges[f"gone{k}"] = {"source": rng.choice(ids), "target": f"borrado{k}"}
    return {"nodes": nodes, "edges": edges}


@pytest.mark.parametrize(
    ("size", "back_links", "cycles"),
    [
        (300, 3, range(1, MAX_CYCLES_REPORTED)),
        (1500, 15, range(1, MAX_CYCLES_REPORTED)),
        # More cycles than reported: which ones are listed first matters.
        (1500, 150, [MAX_CYCLES_REPORTED]),
    ],
)
def test_fast_checks_find_what_the_plain_checks_find_on_big_trees(size, back_links, cycles):
    document = random_tree(random.Random(size + back_links), size, back_links)
    tree = tree_from_document(document)
    assert tree == plain_tree_from_document(document)
    checks = check_tree(tree)
    assert dicts(checks) == dicts(plain_check_tree(tree))
    assert {c.rule for c in checks} >= {"edge_to_missing_node", "likely_duplicate", "isolated_node"}
    assert len([c for c in checks if c.rule == "no_cycles"]) in cycles


def test_trees_read_fast_are_the_dataclasses_themselves():
    tree = tree_from_document(
        {"nodes": {"a": {"kind": "cause", "text": "t", "created_at": 5.0}}, "edges": {"l": {"source": "a"}}}
    )
    assert tree.nodes == (Node("a", "cause", "t", created_at=5),)
    assert tree.edges == (Edge("l", "a", ""),)
    assert hash(tree.edges[0]) == hash(Edge("l", "a", ""))
    assert type(tree.nodes[0].created_at) is int
