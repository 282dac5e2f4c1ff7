from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshops.demo import demo_tree
from workshops.objective_tree import suggest_objective, suggest_objectives
from workshops.problem_tree import tree_from_document


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Falta de consensos sobre lo público.", "Existencia de consensos sobre lo público."),
        (
            "Desconocimiento de los beneficios del gobierno abierto.",
            "Conocimiento de los beneficios del gobierno abierto.",
        ),
        ("Baja participación ciudadana", "Alta participación ciudadana"),
        ("Bajo nivel de confianza", "Alto nivel de confianza"),
        ("No existen mecanismos de consulta", "Existen mecanismos de consulta"),
        ("no hay datos abiertos", "Hay datos abiertos"),
        ("Poca transparencia en compras", "Mayor transparencia en compras"),
        ("Los esfuerzos se realizan aisladamente", "Los esfuerzos se realizan de manera coordinada"),
    ],
)
def test_known_negative_forms_are_restated(text, expected):
    assert suggest_objective(text) == expected


def test_without_a_known_form_the_draft_says_what_is_overcome():
    assert suggest_objective("Corrupción en trámites") == "Se supera: corrupción en trámites"
    assert suggest_objective("INFOEM sin presupuesto") == "Se supera: INFOEM sin presupuesto"
    assert suggest_objective("   ") == ""


def test_the_seed_tree_gets_a_means_objective_and_ends():
    nodes, edges = demo_tree()
    doc = {
        "nodes": {i: {"kind": k, "text": t} for i, k, t in nodes},
        "edges": {i: {"source": s, "target": t} for i, s, t in edges},
    }
    suggestions = {s.node_id: s for s in suggest_objectives(tree_from_document(doc))}
    assert suggestions["problem"].role == "objective"
    assert suggestions["problem"].text.startswith("Articulación de los esfuerzos")
    assert {suggestions[f"cause-{i}"].role for i in range(1, 5)} == {"means"}
    assert {suggestions[f"effect-{i}"].role for i in range(1, 3)} == {"end"}
    assert all("Falta de" not in s.text for s in suggestions.values())


@given(st.text(max_size=300))
def test_a_suggestion_is_never_longer_than_a_sentence_allows_and_never_crashes(text):
    suggestion = suggest_objective(text)
    assert (suggestion == "") == (not text.split())
    assert len(suggestion) <= len(" ".join(text.split())) + 40


def test_an_out_of_scope_cause_is_a_given_without_a_means():
    tree = tree_from_document(
        {"nodes": {"c": {"kind": "cause", "text": "Falta de presupuesto", "out_of_scope": True}}, "edges": {}}
    )
    [suggestion] = suggest_objectives(tree)
    assert (suggestion.role, suggestion.text) == ("given", "")
