"""The demo workshop: the real problem tree of INFOEM's commitment
"Estrategia de fortalecimiento a la Cultura de Gobierno Abierto"
(shared/seeds/003). The slide lists effects, the central problem and causes
without drawing the links; here every cause leads straight to the problem
and every effect comes straight from it."""

from __future__ import annotations

from .document_schema import KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM

DEMO_WORKSHOP = {
    "title": "Cultura de Gobierno Abierto",
    "entity": "Estado de México",
    "problem_statement": (
        "Desarticulación de los esfuerzos de apertura gubernamental que impiden el desarrollo "
        "de más mecanismos de participación ciudadana en los municipios."
    ),
}

DEMO_PROBLEM = (
    "Desarticulación de los esfuerzos de apertura gubernamental que impiden el desarrollo "
    "de más mecanismos de participación ciudadana en los municipios."
)
DEMO_EFFECTS = (
    "Los ejercicios de participación social que generan los entes públicos se realizan "
    "aisladamente y con un impacto mínimo.",
    "Falta de interés en los ejercicios de gobierno abierto por parte de los sujetos obligados, "
    "sociedad civil y ciudadanía en general.",
)
DEMO_CAUSES = (
    "Falta de consensos sobre las determinaciones que se toman en el ámbito público.",
    "Falta de interacción entre instituciones de Gobierno con la ciudadanía (ejercicios de gobierno abierto).",
    "Inactividad o desconocimiento de ejercicios de gobierno abierto por parte de entes "
    "gubernamentales para activar la participación.",
    "Desconocimiento de los beneficios que trae consigo el gobierno abierto.",
)


def demo_tree() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Nodes as (id, kind, text) and edges as (id, source, target)."""
    nodes = [("problem", KIND_PROBLEM, DEMO_PROBLEM)]
    edges = []
    for i, text in enumerate(DEMO_CAUSES, 1):
        nodes.append((f"cause-{i}", KIND_CAUSE, text))
        edges.append((f"edge-cause-{i}", f"cause-{i}", "problem"))
    for i, text in enumerate(DEMO_EFFECTS, 1):
        nodes.append((f"effect-{i}", KIND_EFFECT, text))
        edges.append((f"edge-effect-{i}", "problem", f"effect-{i}"))
    return nodes, edges
