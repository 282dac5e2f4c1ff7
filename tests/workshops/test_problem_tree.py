from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshops.demo import DEMO_PROBLEM, demo_tree
from workshops.problem_tree import Node, ProblemTree, central_problem, tree_from_document
from workshops.tree_check import (
    MAX_CYCLES_REPORTED,
    MAX_TEXT_LENGTH,
    Severity,
    check_tree,
    find_likely_duplicates,
)
from workshops.tree_text import (
    ABSENCE_OF_SOLUTION_OPENINGS,
    ABSENCE_OF_SOLUTION_PHRASES,
    MAX_DUPLICATE_PAIRS_REPORTED,
    find_absence_of_solution,
    is_compound_statement,
    normalise_text,
)


def doc(nodes, edges):
    return {
        "nodes": {nid: {"kind": kind, "text": text} for nid, kind, text in nodes},
        "edges": {eid: {"source": s, "target": t} for eid, s, t in edges},
    }


def rules(tree_doc):
    return sorted({c.rule for c in check_tree(tree_from_document(tree_doc))})


def error_rules(tree_doc):
    return sorted({c.rule for c in check_tree(tree_from_document(tree_doc)) if c.severity == Severity.ERROR})


def found(tree_doc, rule):
    """The node ids of every check of ``rule``, one tuple per check, sorted."""
    return sorted(c.node_ids for c in check_tree(tree_from_document(tree_doc)) if c.rule == rule)


SEVERITIES = {
    "unknown_kind": Severity.ERROR,
    "one_central_problem": Severity.ERROR,
    "edge_to_missing_node": Severity.ERROR,
    "self_loop": Severity.ERROR,
    "no_cycles": Severity.ERROR,
    "link_direction": Severity.ERROR,
    "cause_reaches_problem": Severity.ERROR,
    "effect_from_problem": Severity.ERROR,
    "isolated_node": Severity.WARNING,
    "empty_text": Severity.WARNING,
    "text_too_long": Severity.WARNING,
    "absence_of_solution": Severity.WARNING,
    "compound_problem": Severity.WARNING,
    "likely_duplicate": Severity.WARNING,
}

# A small, well-formed tree of a transparency workshop: p ← c1 ← c2, p ← c3,
# p → e1 → e2.
NODES = [
    ("p", "problem", "Las solicitudes de información de la ciudadanía se responden tarde en el municipio"),
    ("c1", "cause", "El personal de la Unidad de Transparencia desconoce los plazos legales"),
    ("c2", "cause", "Alta rotación del personal del ayuntamiento"),
    ("c3", "cause", "Los expedientes se archivan en desorden"),
    ("e1", "effect", "La ciudadanía desconfía del ayuntamiento"),
    ("e2", "effect", "Poca asistencia a las sesiones de cabildo abierto"),
]
EDGES = [
    ("l1", "c1", "p"),
    ("l2", "c2", "c1"),
    ("l3", "c3", "p"),
    ("l4", "p", "e1"),
    ("l5", "e1", "e2"),
]


def with_text(node_id, text, nodes=NODES):
    return [(n, k, text if n == node_id else t) for n, k, t in nodes]


def without_edge(edge_id, edges=EDGES):
    return [e for e in edges if e[0] != edge_id]


# --- the trees we know ------------------------------------------------------


def test_a_well_formed_tree_has_no_checks():
    assert check_tree(tree_from_document(doc(NODES, EDGES))) == []


def test_the_demo_tree_passes_the_structural_checks():
    nodes, edges = demo_tree()
    tree = tree_from_document(doc(nodes, edges))
    assert len([n for n in tree.nodes if n.kind == "problem"]) == 1
    assert len([n for n in tree.nodes if n.kind == "cause"]) == 4
    assert len([n for n in tree.nodes if n.kind == "effect"]) == 2
    # Two causes of the real tree start with "Falta de…": CONEVAL advises
    # against it. Effect 2 does too, but effects are not checked for it.
    assert [(c.rule, c.severity, c.node_ids) for c in check_tree(tree)] == [
        ("absence_of_solution", Severity.WARNING, ("cause-1",)),
        ("absence_of_solution", Severity.WARNING, ("cause-2",)),
    ]


def test_central_problem_is_the_single_problem_or_none():
    tree = tree_from_document(doc(NODES, EDGES))
    problem = central_problem(tree)
    assert problem is not None and problem.id == "p" and problem.text == NODES[0][2]
    assert central_problem(tree_from_document(doc(NODES[1:], []))) is None
    assert central_problem(tree_from_document(doc([*NODES, ("p2", "problem", "Otro problema")], EDGES))) is None
    assert central_problem(ProblemTree((), ())) is None


# --- structure --------------------------------------------------------------


def test_missing_and_second_central_problem():
    assert error_rules(doc([("c", "cause", "x")], [])) == ["one_central_problem"]
    assert error_rules(doc(NODES[1:], [EDGES[1], EDGES[4]])) == ["one_central_problem"]
    checks = check_tree(tree_from_document(doc([("p1", "problem", "a"), ("p2", "problem", "b")], [])))
    assert checks[0].rule == "one_central_problem"
    assert set(checks[0].node_ids) == {"p1", "p2"}


def test_cycles_self_loops_dangling_edges_and_wrong_direction():
    assert rules(doc(NODES, [*EDGES, ("x", "c1", "c2")])) == ["no_cycles"]
    assert rules(doc(NODES, [*EDGES, ("x", "c3", "c3")])) == ["self_loop"]
    assert rules(doc(NODES, [*EDGES, ("x", "c3", "ghost")])) == ["edge_to_missing_node"]
    assert rules(doc(NODES, [*EDGES, ("x", "c3", "ghost"), ("y", "ghost", "c3")])) == ["edge_to_missing_node"]
    assert rules(doc(NODES, [*EDGES, ("x", "e2", "p")])) == ["link_direction", "no_cycles"]
    assert rules(doc(NODES, [*EDGES, ("x", "c3", "e2")])) == ["link_direction"]
    assert found(doc(NODES, [*EDGES, ("x", "ghost", "c3"), ("y", "nadie", "nada")]), "edge_to_missing_node") == [
        (),
        ("c3",),
    ]


def test_cycles_reported_are_capped():
    nodes = [("p", "problem", "Problema")] + [(f"c{i}", "cause", f"Causa {i}") for i in range(30)]
    edges = [(f"up{i}", f"c{i}", "p") for i in range(30)]
    edges += [(f"a{i}", f"c{i}", f"c{i + 1}") for i in range(29)] + [(f"b{i}", f"c{i + 1}", f"c{i}") for i in range(29)]
    assert len(found(doc(nodes, edges), "no_cycles")) == MAX_CYCLES_REPORTED


def test_garbage_shapes_do_not_crash():
    tree = tree_from_document({"nodes": {"x": 5, "y": {"kind": 3, "text": ["no"]}}, "edges": {"e": "nope"}})
    assert {n.id for n in tree.nodes} == {"x", "y"}
    assert "unknown_kind" in {c.rule for c in check_tree(tree)}
    assert tree_from_document({}).nodes == ()


def test_unknown_kinds_are_reported_one_by_one():
    tree_doc = doc([*NODES, ("raro", "solucion", "Capacitar al personal"), ("vacio", "", "Algo")], EDGES)
    assert found(tree_doc, "unknown_kind") == [("raro",), ("vacio",)]


def test_cause_that_does_not_reach_the_problem():
    # c1 → p cut: c1 and the indirect cause c2 hanging from it no longer reach p.
    assert found(doc(NODES, without_edge("l1")), "cause_reaches_problem") == [("c1",), ("c2",)]
    # A way to the problem through an effect (wrong direction twice) does not count.
    nodes = [*NODES, ("e3", "effect", "Quejas ante el organismo garante")]
    tree_doc = doc(nodes, [*without_edge("l3"), ("x", "c3", "e3"), ("y", "e3", "p")])
    assert found(tree_doc, "cause_reaches_problem") == [("c3",)]
    assert found(tree_doc, "effect_from_problem") == [("e3",)]
    assert found(tree_doc, "link_direction") == [("c3", "e3"), ("e3", "p")]


def test_reach_is_not_checked_without_exactly_one_problem():
    no_problem = doc(NODES[1:], [])
    two_problems = doc([*NODES, ("p2", "problem", "Desconfianza en el cabildo")], EDGES)
    for tree_doc in (no_problem, two_problems):
        assert found(tree_doc, "cause_reaches_problem") == []
        assert found(tree_doc, "effect_from_problem") == []
    assert found(two_problems, "one_central_problem") == [("p", "p2")]


def test_effect_that_does_not_come_from_the_problem():
    assert found(doc(NODES, without_edge("l4")), "effect_from_problem") == [("e1",), ("e2",)]
    # An effect that only hangs from a cause: wrong direction, and not from the problem.
    tree_doc = doc(NODES, [*without_edge("l5"), ("x", "c3", "e2")])
    assert found(tree_doc, "effect_from_problem") == [("e2",)]
    assert found(tree_doc, "link_direction") == [("c3", "e2")]


def test_isolated_nodes():
    # A tree just started: the central problem alone is fine.
    assert check_tree(tree_from_document(doc(NODES[:1], []))) == []
    # A cause alone has no problem to hang from, and nothing else.
    assert found(doc([("c", "cause", "Poca difusión")], []), "isolated_node") == [("c",)]
    # A new, unlinked cause; a node linked only to itself or to a missing node.
    tree_doc = doc(
        [*NODES, ("n1", "cause", "Poca difusión"), ("n2", "effect", "Quejas"), ("n3", "cause", "Horario")],
        [*EDGES, ("x", "n2", "n2"), ("y", "n3", "ghost")],
    )
    assert found(tree_doc, "isolated_node") == [("n1",), ("n2",), ("n3",)]
    # The problem with nothing linked to it, next to other nodes.
    assert found(doc(NODES, [e for e in EDGES if "p" not in e[1:]]), "isolated_node") == [("c3",), ("p",)]


def test_parallel_edges_do_not_change_the_structure():
    assert check_tree(tree_from_document(doc(NODES, [*EDGES, ("l1-bis", "c1", "p"), ("l4-bis", "p", "e1")]))) == []


# --- texts ------------------------------------------------------------------


def test_text_normalisation_ignores_case_accents_punctuation_and_spaces():
    assert normalise_text("  ¿Falta  de INTERÉS,\tde la ciudadanía?… ") == "falta de interes de la ciudadania"
    assert normalise_text("Participación—ñandú_x\u200bÜber") == "participacion nandu x uber"
    assert normalise_text(" .;?!… ") == ""


@pytest.mark.parametrize("phrase", ABSENCE_OF_SOLUTION_PHRASES)
def test_every_absence_phrase_is_found_at_the_start_and_inside(phrase):
    assert find_absence_of_solution(f"{phrase.capitalize()} lineamientos de archivo") == phrase
    assert find_absence_of_solution(f"En el municipio {phrase} presupuesto para participación") == phrase


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("FALTA DE CAPACITACIÓN del personal", "falta de"),
        ("Carencia de mecanismos de participación ciudadana", "carencia de"),
        ("Inexistencia de un padrón de organizaciones", "inexistencia de"),
        ("En Ecatepec no hay datos abiertos sobre obra pública", "no hay"),
        ("Los municipios no cuentan con un portal de transparencia", "no cuentan con"),
        ("Sin acceso a la información presupuestal", "sin"),
        ("sin presupuesto etiquetado", "sin"),
        ("Escasez   de   personal capacitado", "escasez de"),
    ],
)
def test_absence_of_solution_is_found_whatever_the_case_accents_and_spaces(text, phrase):
    assert find_absence_of_solution(text) == phrase


@pytest.mark.parametrize(
    "text",
    [
        DEMO_PROBLEM,
        "Desconocimiento de los beneficios que trae consigo el gobierno abierto",
        "Las personas sin empleo no acuden a las audiencias públicas",  # "sin" only counts at the start
        "Sinergia débil entre dependencias estatales",  # whole words only
        "Las familias no hayan dónde presentar quejas",
        "Faltante de información en el portal",
        "",
    ],
)
def test_texts_that_state_a_negative_situation_are_not_absence_of_solution(text):
    assert find_absence_of_solution(text) is None


def test_absence_of_solution_is_a_warning_on_problems_and_causes_only():
    nodes = with_text("p", "Falta de participación ciudadana en el municipio")
    nodes = with_text("c3", "No existen lineamientos de archivo", nodes)
    nodes = with_text("e2", "Falta de confianza en el cabildo", nodes)
    checks = [c for c in check_tree(tree_from_document(doc(nodes, EDGES))) if c.rule == "absence_of_solution"]
    assert [(c.node_ids, c.severity) for c in checks] == [(("c3",), Severity.WARNING), (("p",), Severity.WARNING)]
    assert "«no existen»" in checks[0].message and "población afectada" in checks[0].message
    assert ABSENCE_OF_SOLUTION_OPENINGS == ("sin",)


@pytest.mark.parametrize(
    "text",
    [
        "La ciudadanía desconfía de las autoridades y los servidores públicos no publican información",
        "Las personas servidoras públicas desconocen sus obligaciones y no atienden las solicitudes",
        "Corrupción y opacidad en los ayuntamientos del oriente del estado",
        "Desinformación e inseguridad en las colonias populares",
        "Baja confianza ciudadana; poca transparencia municipal",
        "Los municipios publican poca información. La ciudadanía no participa en las decisiones.",
        "Baja participación ciudadana así como opacidad en el uso de los recursos",
        "Baja participación de las mujeres en el cabildo, además de la corrupción en las obras",
        "Los comités vecinales no sesionan ni se renuevan cada año",
        "Baja participación ciudadana y poca confianza en el cabildo",
    ],
)
def test_compound_problem_statements(text):
    assert is_compound_statement(text)


@pytest.mark.parametrize(
    "text",
    [
        DEMO_PROBLEM,
        "Baja participación de los sujetos obligados y sociedad civil en los ejercicios de gobierno abierto",
        "Desarticulación entre sujetos obligados y sociedad civil en el Edo. de México",
        "Desarticulación de los esfuerzos de apertura y participación ciudadana",
        "Vinculación gobierno y sociedad civil deficiente en los municipios",  # telegraphic, as on slides
        "Opacidad en la contratación y asignación de obra pública",
        "Las organizaciones no gubernamentales y la ciudadanía participan poco en las decisiones públicas",
        "Desconfianza de la ciudadanía en las autoridades municipales y estatales",
        "Las solicitudes de información se responden tarde y de manera incompleta",
        "Las mujeres y las personas jóvenes de Toluca participan poco en el presupuesto participativo",
        "Opacidad en la asignación de obra pública en Nezahualcóyotl.",
        "Los cabildos abiertos del Sr. Presidente Municipal tienen baja asistencia",
    ],
)
def test_single_problem_statements_and_population_lists_are_not_compound(text):
    assert not is_compound_statement(text)


def test_compound_problem_is_a_warning_on_the_central_problem_only():
    compound = "Corrupción y opacidad en los ayuntamientos; poca participación"
    tree_doc = doc(with_text("c3", compound, with_text("p", compound)), EDGES)
    assert [
        (c.node_ids, c.severity) for c in check_tree(tree_from_document(tree_doc)) if c.rule == "compound_problem"
    ] == [(("p",), Severity.WARNING)]


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", "\u200b", "\u00a0\ufeff"])
def test_empty_texts_are_a_warning_and_nothing_else(text):
    tree_doc = doc(with_text("c3", text), EDGES)
    assert [(c.rule, c.node_ids) for c in check_tree(tree_from_document(tree_doc))] == [("empty_text", ("c3",))]


def test_texts_longer_than_the_limit_are_a_warning():
    at_limit = "Baja participación " + "x" * (MAX_TEXT_LENGTH - 19)
    assert len(at_limit) == MAX_TEXT_LENGTH
    assert found(doc(with_text("c3", at_limit), EDGES), "text_too_long") == []
    checks = check_tree(tree_from_document(doc(with_text("c3", at_limit + "y"), EDGES)))
    assert [(c.rule, c.node_ids) for c in checks] == [("text_too_long", ("c3",))]
    assert "2,001 caracteres" in checks[0].message


def test_texts_of_100_kb_on_every_kind_are_checked():
    long_text = "Falta de participación y de confianza; la ciudadanía no participa. " * 1600
    assert len(long_text) > 100_000
    nodes = [(n, k, long_text + n) for n, k, _ in NODES]
    checks = check_tree(tree_from_document(doc(nodes, EDGES)))
    assert found(doc(nodes, EDGES), "text_too_long") == [(n,) for n in sorted(n for n, _, _ in NODES)]
    assert {c.rule for c in checks} == {"text_too_long", "absence_of_solution", "compound_problem", "likely_duplicate"}


# --- likely duplicates ------------------------------------------------------


@pytest.mark.parametrize(
    "copy",
    [
        "el personal de la unidad de transparencia desconoce los plazos legales",
        "EL PERSONAL DE LA UNIDAD DE TRANSPARENCIA DESCONOCE LOS PLAZOS LEGALES.",
        "El personal de la Unidad de Transparencia  desconoce, los plazos legales!!",
        "El personal de la Unidad de Transparencia desconoce los plazo legal",  # plural
        "El personal de la Unidad de Transparensia desconoce los plazos legales",  # a typo
        "El presonal de la Unidad de Transparencia desconoce los plazos legales",  # two letters swapped
        "Personal de la Unidad de Transparencia que desconoce plazos legales",  # only stop words differ
        "El personal de la Unidad de Transparencia municipal desconoce los plazos legales",  # one word added
    ],
)
def test_near_identical_texts_are_likely_duplicates(copy):
    tree_doc = doc([*NODES, ("z", "cause", copy)], [*EDGES, ("x", "z", "p")])
    checks = [c for c in check_tree(tree_from_document(tree_doc)) if c.rule == "likely_duplicate"]
    assert [(c.node_ids, c.severity) for c in checks] == [(("c1", "z"), Severity.WARNING)]
    assert "júntenlos" in checks[0].message


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Baja participación de las mujeres", "Baja participación de las personas jóvenes"),
        ("Corrupción en el ayuntamiento", "Opacidad en el ayuntamiento"),
        ("Corrupción", "Corrupción en el ayuntamiento de Toluca por la asignación directa de obra"),
        ("Transparencia en el cabildo", "Transferencia en el cabildo"),
        ("Desconocimiento del reglamento", "Conocimiento del reglamento"),
        ("Causa 1", "Causa 2"),
        ("Colonia 12345 sin alumbrado", "Colonia 12346 sin alumbrado"),
        ("", ""),
        ("   ", "\n"),
        ("...", "¿?"),
    ],
)
def test_different_or_empty_texts_are_not_duplicates(a, b):
    assert find_likely_duplicates([Node("a", "cause", a), Node("b", "cause", b)]) == []


def test_content_words_of_the_shorter_text_all_in_the_longer_one_is_a_duplicate():
    nodes = [
        Node("a", "cause", "Desconocimiento de los beneficios del gobierno abierto"),
        Node("b", "cause", "Desconocimiento de los beneficios que trae consigo el gobierno abierto."),
    ]
    assert find_likely_duplicates(nodes) == [("a", "b")]


def test_a_typo_of_a_typo_counts_as_the_most_frequent_word():
    # "trasparensia" is one typo from "transparensia", itself one typo from the
    # more frequent "transparencia"; all three count as "transparencia".
    texts = [
        "Poca transparencia del cabildo",
        "Poca transparencia municipal",
        "Transparencia limitada en obras",
        "Transparensia débil en Toluca",
        "Transparensia nula en Ecatepec",
        "Trasparensia débil en Toluca",
    ]
    nodes = [Node(f"n{i}", "cause", text) for i, text in enumerate(texts)]
    assert find_likely_duplicates(nodes) == [("n3", "n5")]


def test_identical_texts_pair_with_the_first_and_reports_are_capped():
    nodes = [Node(f"n{i:03d}", "cause", "Poca difusión de las convocatorias") for i in range(200)]
    pairs = find_likely_duplicates(reversed(nodes))
    assert len(pairs) == MAX_DUPLICATE_PAIRS_REPORTED
    assert pairs[:3] == [("n000", "n001"), ("n000", "n002"), ("n000", "n003")]


def test_likely_duplicates_stay_fast_on_5000_nodes():
    rng = random.Random(7)
    subjects = ["Baja participación", "Desconfianza", "Opacidad", "Desinterés", "Poca coordinación", "Desconocimiento"]
    groups = ["de la ciudadanía", "de las mujeres", "de los sujetos obligados", "de las personas jóvenes"]
    places = [f"en la colonia {name}" for name in ("Centro", "Norte", "Sur", "Oriente", "Poniente")]
    texts = [f"{rng.choice(subjects)} {rng.choice(groups)} {rng.choice(places)} folio {i}" for i in range(4990)] + [
        "Falta de interés de la ciudadanía en gobierno abierto"
    ] * 10
    nodes = [Node(f"n{i:04d}", "cause", t) for i, t in enumerate(texts)]
    pairs = find_likely_duplicates(nodes)  # how fast: bench/tree_checks.py
    assert ("n4990", "n4991") in pairs and len(pairs) <= MAX_DUPLICATE_PAIRS_REPORTED


def test_likely_duplicates_find_a_late_pair_among_5000_distinct_texts():
    rng = random.Random(11)
    vocabulary = [f"tema{k}" for k in range(3000)]  # digits: no word is a typo of another
    texts = [" ".join(rng.sample(vocabulary, 4)) for _ in range(4998)]
    texts += [
        "Las solicitudes de transparencia municipal se responden con retraso",
        "Las solicitudes de transparensia municipal se responden con retraso",
    ]
    nodes = [Node(f"n{i:04d}", "cause", text) for i, text in enumerate(texts)]
    assert find_likely_duplicates(nodes) == [("n4998", "n4999")]


def test_likely_duplicates_stop_at_the_work_budget_when_texts_share_their_words():
    # Forty words out of 400 each: every pair is a candidate (12.5 million),
    # none alike. Comparing them all takes about 15 s; the budget stops it
    # (bench/tree_checks.py measures how soon).
    rng = random.Random(5)
    vocabulary = [f"tema{k}" for k in range(400)]
    nodes = [Node(f"n{i:04d}", "cause", " ".join(rng.sample(vocabulary, 40))) for i in range(5000)]
    assert find_likely_duplicates(nodes) == []


# --- order and shape ----------------------------------------------------------


def sort_key(check):
    return (0 if check.severity == Severity.ERROR else 1, check.rule, check.node_ids)


def test_checks_come_errors_first_then_by_rule_and_node_ids():
    nodes = [*with_text("c2", "Falta de personal"), ("z", "cause", ""), ("q", "idea", "Capacitar")]
    edges = [*without_edge("l1"), ("x", "e2", "e1"), ("y", "c3", "nadie")]
    checks = check_tree(tree_from_document(doc(nodes, edges)))
    assert [c.rule for c in checks] == [
        "cause_reaches_problem",
        "cause_reaches_problem",
        "cause_reaches_problem",
        "edge_to_missing_node",
        "no_cycles",
        "unknown_kind",
        "absence_of_solution",
        "empty_text",
        "isolated_node",
        "isolated_node",
    ]
    assert checks == sorted(checks, key=sort_key)


def test_to_dict_keeps_its_shape():
    checks = check_tree(tree_from_document(doc(with_text("p", "Falta de agua"), without_edge("l3"))))
    assert checks
    for check in checks:
        d = check.to_dict()
        assert set(d) == {"rule", "severity", "node_ids", "message", "params"}
        assert d["severity"] in ("error", "warning") and isinstance(d["node_ids"], list) and d["message"]
    # The facts a message states travel with it, for a client in another language.
    absence = next(c for c in checks if c.rule == "absence_of_solution")
    assert absence.params == {"phrase": "falta de"} and "«falta de»" in absence.message
    missing = check_tree(tree_from_document(doc([("c", "cause", "x")], [])))
    assert next(c.params for c in missing if c.rule == "one_central_problem") == {"count": 0}


# --- properties ---------------------------------------------------------------

ids = st.sampled_from(["a", "b", "c", "d", "e"])
some_ids = st.sampled_from(["a", "b", "c", "d", "e", "fantasma", ""])
texts = st.one_of(
    st.sampled_from(
        [
            "",
            "   ",
            "Falta de interés de la ciudadanía",
            "falta de interes de la ciudadania",
            "Sin presupuesto",
            "Corrupción y opacidad; poca participación",
            DEMO_PROBLEM,
            "x" * (MAX_TEXT_LENGTH + 1),
        ]
    ),
    st.text(max_size=60),
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(ids, st.tuples(st.sampled_from(["problem", "cause", "effect", "", "solucion"]), texts), max_size=5),
    st.lists(st.tuples(some_ids, some_ids), max_size=14),
)
def test_checks_are_total_and_report_only_existing_nodes(nodes, links):
    tree_doc = doc([(n, k, t) for n, (k, t) in nodes.items()], [(str(i), s, t) for i, (s, t) in enumerate(links)])
    tree = tree_from_document(tree_doc)
    checks = check_tree(tree)
    assert checks == sorted(checks, key=sort_key)
    assert checks == check_tree(ProblemTree(tuple(reversed(tree.nodes)), tuple(reversed(tree.edges))))
    for check in checks:
        assert set(check.node_ids) <= set(nodes)
        assert check.severity == SEVERITIES[check.rule]
        assert check.message
        assert set(check.to_dict()) == {"rule", "severity", "node_ids", "message", "params"}
    assert len([c for c in checks if c.rule == "no_cycles"]) <= MAX_CYCLES_REPORTED
    acyclic = all(s != t for s, t in links) and not any(c.rule == "no_cycles" for c in checks)
    if acyclic:
        assert nx.is_directed_acyclic_graph(tree.graph())


@st.composite
def valid_trees(draw):
    """One problem, causes as a random forest pointing to it, effects as a
    random forest from it, distinct texts. ``parents`` maps a node to the next
    node on its way to (causes) or from (effects) the problem."""
    parents = {}
    nodes = [("p", "problem", "Las solicitudes de información se responden tarde")]
    edges = []
    for kind, prefix in (("cause", "c"), ("effect", "e")):
        for i in range(draw(st.integers(0, 12))):
            node_id = f"{prefix}{i}"
            parent = draw(st.sampled_from(["p", *(f"{prefix}{j}" for j in range(i))]))
            parents[node_id] = parent
            nodes.append((node_id, kind, f"{kind.capitalize()} número {i} del árbol"))
            source, target = (node_id, parent) if kind == "cause" else (parent, node_id)
            edges.append((f"edge-{node_id}", source, target))
    return nodes, edges, parents


def path_to_problem(node_id, parents):
    path = [node_id]
    while path[-1] != "p":
        path.append(parents[path[-1]])
    return path


@settings(max_examples=200, deadline=None)
@given(valid_trees())
def test_trees_valid_by_construction_have_no_errors(tree):
    nodes, edges, _ = tree
    checks = check_tree(tree_from_document(doc(nodes, edges)))
    assert [c for c in checks if c.severity == Severity.ERROR] == []
    assert [c for c in checks if c.rule == "isolated_node"] == []


@settings(max_examples=200, deadline=None)
@given(valid_trees(), st.data())
def test_cutting_a_link_on_the_way_of_a_cause_reports_every_cause_beyond_the_cut(tree, data):
    nodes, edges, parents = tree
    causes = [n for n, k, _ in nodes if k == "cause"]
    if not causes:
        return
    cause = data.draw(st.sampled_from(causes))
    path = path_to_problem(cause, parents)
    cut = data.draw(st.integers(0, len(path) - 2))  # the link path[cut] → path[cut + 1]
    cut_source = path[cut]
    checks = check_tree(tree_from_document(doc(nodes, without_edge(f"edge-{cut_source}", edges))))
    flagged = {c.node_ids[0] for c in checks if c.rule == "cause_reaches_problem"}
    assert cause in flagged
    assert flagged == {c for c in causes if cut_source in path_to_problem(c, parents)}


@settings(max_examples=200, deadline=None)
@given(valid_trees(), st.data())
def test_a_back_link_makes_a_cycle(tree, data):
    nodes, edges, parents = tree
    below = [n for n, _, _ in nodes if n != "p"]
    if not below:
        return
    node = data.draw(st.sampled_from(below))
    path = path_to_problem(node, parents)
    other = data.draw(st.sampled_from(path[1:]))
    # Causes point towards the problem: a link back goes from it down to the cause;
    # effects point away from it: a link back goes up from the effect.
    back = (other, node) if node.startswith("c") else (node, other)
    checks = check_tree(tree_from_document(doc(nodes, [*edges, ("back", *back)])))
    cycles = [set(c.node_ids) for c in checks if c.rule == "no_cycles"]
    assert any({node, other} <= cycle for cycle in cycles)
