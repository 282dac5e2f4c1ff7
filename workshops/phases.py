"""The phases of a mesa de cocreación and what each one opens for editing.

Authoritative: the server decides the phase; clients only display it.
"""

from __future__ import annotations

from enum import StrEnum

from .document_schema import ARTIFACT_ALTERNATIVES, ARTIFACT_ROADMAP, ARTIFACT_TREE
from .errors import ValidationError


class Phase(StrEnum):
    PREPARACION = "preparacion"
    ARBOL_DE_PROBLEMAS = "arbol_de_problemas"
    ARBOL_DE_OBJETIVOS = "arbol_de_objetivos"
    ALTERNATIVAS = "alternativas"
    VOTACION = "votacion"
    HOJA_DE_RUTA = "hoja_de_ruta"
    CIERRE = "cierre"


PHASE_ORDER: tuple[Phase, ...] = tuple(Phase)
INITIAL_PHASE = Phase.PREPARACION

PHASE_LABELS_ES = {
    Phase.PREPARACION: "Preparación",
    Phase.ARBOL_DE_PROBLEMAS: "Árbol de problemas",
    Phase.ARBOL_DE_OBJETIVOS: "Árbol de objetivos",
    Phase.ALTERNATIVAS: "Alternativas",
    Phase.VOTACION: "Votación",
    Phase.HOJA_DE_RUTA: "Hoja de ruta",
    Phase.CIERRE: "Cierre",
}

# The phases in which participants edit each artifact. The facilitator may
# also prepare the tree before the workshop (the Guía's "participant kit").
PARTICIPANT_EDIT_PHASES: dict[str, frozenset[Phase]] = {
    ARTIFACT_TREE: frozenset({Phase.ARBOL_DE_PROBLEMAS, Phase.ARBOL_DE_OBJETIVOS}),
    ARTIFACT_ALTERNATIVES: frozenset({Phase.ALTERNATIVAS}),
    ARTIFACT_ROADMAP: frozenset({Phase.HOJA_DE_RUTA}),
}
FACILITATOR_EXTRA_EDIT_PHASES: dict[str, frozenset[Phase]] = {
    ARTIFACT_TREE: frozenset({Phase.PREPARACION}),
    ARTIFACT_ALTERNATIVES: frozenset(),
    ARTIFACT_ROADMAP: frozenset(),
}


def parse_phase(value: object) -> Phase:
    try:
        return Phase(str(value))
    except ValueError:
        names = ", ".join(PHASE_ORDER)
        raise ValidationError(f"Fase desconocida: {value!r}. Fases válidas: {names}.", field="phase") from None
