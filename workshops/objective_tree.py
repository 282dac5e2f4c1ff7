"""The objective tree (árbol de objetivos): the problem tree restated in
positive terms. Causes become means (medios), the central problem the central
objective, effects ends (fines).

People write the restatements together (the ``objective`` text of each node);
this module only offers a starting suggestion, built from the negative words
the method's examples use ("falta de", "desconocimiento", "baja", ...). A
suggestion is a draft to edit, never a decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document_schema import KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM
from .problem_tree import ProblemTree

OBJECTIVE_ROLE = {KIND_CAUSE: "means", KIND_PROBLEM: "objective", KIND_EFFECT: "end"}

# (pattern at the start of the text, replacement). Order matters: the first
# match wins, so longer phrases come first. Patterns are case-insensitive.
_PREFIX_RULES: tuple[tuple[str, str], ...] = (
    (r"falta de interés", "Interés"),
    (r"falta de", "Existencia de"),
    (r"carencia de", "Disponibilidad de"),
    (r"ausencia de", "Presencia de"),
    (r"inexistencia de", "Existencia de"),
    (r"escasez de", "Suficiencia de"),
    (r"insuficiencia de", "Suficiencia de"),
    (r"no existen", "Existen"),
    (r"no existe", "Existe"),
    (r"no hay", "Hay"),
    (r"inactividad o desconocimiento", "Actividad y conocimiento"),
    (r"desconocimiento", "Conocimiento"),
    (r"desarticulación", "Articulación"),
    (r"desinterés", "Interés"),
    (r"desconfianza", "Confianza"),
    (r"desinformación", "Información oportuna"),
    (r"deficientes", "Adecuados"),
    (r"deficiente", "Adecuado"),
    (r"insuficientes", "Suficientes"),
    (r"insuficiente", "Suficiente"),
    (r"escas[oa]s", "Suficientes"),
    (r"escas[oa]", "Suficiente"),
    (r"bajos", "Altos"),
    (r"bajas", "Altas"),
    (r"bajo", "Alto"),
    (r"baja", "Alta"),
    (r"poc[oa]s", "Más"),
    (r"poc[oa]", "Mayor"),
    (r"limitados", "Amplios"),
    (r"limitadas", "Amplias"),
    (r"limitado", "Amplio"),
    (r"limitada", "Amplia"),
    (r"débiles", "Fuertes"),
    (r"débil", "Fuerte"),
    (r"inactividad", "Actividad"),
    (r"aislamiento", "Vinculación"),
)

# Words inside the sentence that read negatively and have a plain opposite.
_WORD_RULES: tuple[tuple[str, str], ...] = (
    (r"\bimpiden\b", "permiten"),
    (r"\bimpide\b", "permite"),
    (r"\baisladamente\b", "de manera coordinada"),
    (r"\bcon un impacto mínimo\b", "con un impacto significativo"),
    (r"\bimpacto mínimo\b", "impacto significativo"),
    (r"\bno se\b", "se"),
)


@dataclass(frozen=True)
class Suggestion:
    node_id: str
    role: str  # "means", "objective", "end", or "given" (out of scope)
    text: str


def suggest_objective(text: str) -> str:
    """A positive restatement of one problem-tree text (a draft)."""
    clean = " ".join(text.split())
    if not clean:
        return ""
    body = clean
    for pattern, replacement in _PREFIX_RULES:
        match = re.match(pattern + r"\b", body, flags=re.IGNORECASE)
        if match:
            body = replacement + body[match.end() :]
            break
    for pattern, replacement in _WORD_RULES:
        body = re.sub(pattern, replacement, body, flags=re.IGNORECASE)
    if body == clean:
        # No known negative form: say what is achieved, for people to refine.
        return f"Se supera: {_lower_first(clean)}"
    return body[:1].upper() + body[1:]


GIVEN_ROLE = "given"


def suggest_objectives(tree: ProblemTree) -> list[Suggestion]:
    """A suggestion for every problem, cause and effect of the tree; a cause
    out of the commitment's scope is a given (supuesto) and yields no means."""
    return [
        Suggestion(node.id, GIVEN_ROLE, "")
        if node.out_of_scope and node.kind == KIND_CAUSE
        else Suggestion(node.id, OBJECTIVE_ROLE[node.kind], suggest_objective(node.text))
        for node in tree.nodes
        if node.kind in OBJECTIVE_ROLE
    ]


def _lower_first(text: str) -> str:
    # Keep acronyms ("INFOEM", "OSC") as they are.
    first = text.split(" ", 1)[0]
    if first.isupper() and len(first) > 1:
        return text
    return text[:1].lower() + text[1:]
