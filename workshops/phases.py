"""The phases of a mesa de cocreación and what each one opens for editing.

Authoritative: the server decides the phase; clients only display it.
"""

from __future__ import annotations

from enum import StrEnum

from .document_schema import ARTIFACT_ALTERNATIVES, ARTIFACT_ROADMAP, ARTIFACT_TREE
from .errors import PhaseError, ValidationError
from .messages import Message, _, listing


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
    Phase.PREPARACION: _("Preparación"),
    Phase.ARBOL_DE_PROBLEMAS: _("Árbol de problemas"),
    Phase.ARBOL_DE_OBJETIVOS: _("Árbol de objetivos"),
    Phase.ALTERNATIVAS: _("Alternativas"),
    Phase.VOTACION: _("Votación"),
    Phase.HOJA_DE_RUTA: _("Hoja de ruta"),
    Phase.CIERRE: _("Cierre"),
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


# Voting rounds live in these phases: opened, voted, closed and decided.
# Leaving them with a round open suspends it (ballots refused, nothing
# counted or lost); coming back resumes it. See docs/voting.md.
VOTING_PHASES = frozenset({Phase.ALTERNATIVAS, Phase.VOTACION})
# Silent ideation belongs to the tree: opened, written and revealed while the
# tree is open for participants; suspended, like a round, outside them.
IDEATION_PHASES = PARTICIPANT_EDIT_PHASES[ARTIFACT_TREE]


def phase_names(phases: frozenset[Phase]) -> Message:
    """«Alternativas» o «Votación», in the workshop's order."""
    names = [PHASE_LABELS_ES[p] for p in PHASE_ORDER if p in phases]
    if len(names) == 1:
        return _("«{phase}»", phase=names[0])
    return _("{phases} o «{last}»", phases=listing(names[:-1], quoted=True), last=names[-1])


def check_phase(phase: Phase, allowed: frozenset[Phase], what: str) -> None:
    """Raise ``PhaseError`` unless ``phase`` is one of ``allowed``; ``what``
    starts the message («Las boletas se reciben»)."""
    if phase not in allowed:
        raise PhaseError(
            _(
                "{what} en la fase {phase_names}; la mesa está en «{phase}».",
                what=what,
                phase_names=phase_names(allowed),
                phase=PHASE_LABELS_ES[phase],
            ),
            phase=phase,
        )


def parse_phase(value: object) -> Phase:
    try:
        return Phase(str(value))
    except ValueError:
        names = ", ".join(PHASE_ORDER)
        raise ValidationError(
            _("Fase desconocida: {value!r}. Fases válidas: {names}.", value=value, names=names), field="phase"
        ) from None
