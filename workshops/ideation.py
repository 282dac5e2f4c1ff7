"""Silent ideation (lluvia de ideas en silencio): each participant writes
cards privately; the facilitator reveals them all at once, and they enter
the problem tree as unlinked ideas to be placed by the mesa.

Nobody sees anyone else's cards before the reveal, so the first or loudest
voice does not anchor the rest; after it, every card keeps its author.

Ideation belongs to the tree (``IDEATION_PHASES``): a round is opened,
written and revealed there. Moving the mesa out of those phases with a round
open suspends it (cards refused with ``wrong_phase``, the written ones kept
private); moving back resumes it (``suspension_events``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from .document_schema import KIND_CAUSE, KIND_EFFECT
from .errors import ConflictError, NotAllowedError, PhaseError, ValidationError
from .messages import _
from .permissions import check_change_phase
from .phases import IDEATION_PHASES, PHASE_LABELS_ES, Phase
from .roles import Role
from .workshop import Event, Workshop, clean_text

CARD_TEXT_MAX = 500
PROMPT_MAX = 300
CARDS_PER_PERSON_MAX = 20
CARD_KINDS = (KIND_CAUSE, KIND_EFFECT)


class RoundStatus(StrEnum):
    OPEN = "open"
    REVEALED = "revealed"


@dataclass(frozen=True)
class IdeationRound:
    id: str
    workshop_id: str
    prompt: str
    opened_at: dt.datetime
    opened_by: str
    status: RoundStatus = RoundStatus.OPEN
    revealed_at: dt.datetime | None = None


@dataclass(frozen=True)
class Card:
    id: str
    round_id: str
    author_id: str
    kind: str
    text: str
    created_at: dt.datetime


def _check_tree_open(workshop: Workshop, what: str) -> None:
    if workshop.phase not in IDEATION_PHASES:
        raise PhaseError(
            _(
                "{what} solo mientras el árbol está abierto (fase actual: «{phase}»).",
                what=what,
                phase=PHASE_LABELS_ES[workshop.phase],
            ),
            phase=workshop.phase,
        )


def open_round(
    workshop: Workshop,
    data: Mapping[str, object],
    *,
    actor_role: Role,
    actor_id: str,
    round_id: str,
    current: IdeationRound | None,
    now: dt.datetime,
) -> tuple[IdeationRound, list[Event]]:
    """Start a round while the tree is open for participants."""
    check_change_phase(actor_role)
    _check_tree_open(workshop, _("La lluvia de ideas se abre"))
    if current is not None and current.status is RoundStatus.OPEN:
        raise ConflictError("Ya hay una lluvia de ideas abierta; revélala antes de abrir otra.")
    prompt = clean_text(data.get("prompt"), field="prompt", max_len=PROMPT_MAX, required=False, multiline=True)
    ideation = IdeationRound(round_id, workshop.id, prompt, now, actor_id)
    return ideation, [Event("ideation_opened", {"round_id": round_id, "prompt": prompt}, actor_id=actor_id)]


def write_card(
    ideation: IdeationRound,
    data: Mapping[str, object],
    *,
    author_role: Role,
    author_id: str,
    card_id: str,
    cards_so_far: int,
    phase: Phase,
    now: dt.datetime,
) -> Card:
    """A participant's private card, while the tree is open. Not logged as an
    event until revealed: the log is visible to every member, and the card
    is private until then."""
    if author_role is not Role.PARTICIPANT:
        raise NotAllowedError("Solo las personas participantes escriben tarjetas.")
    if phase not in IDEATION_PHASES:
        raise PhaseError(
            _(
                "Las tarjetas se escriben solo mientras el árbol está abierto (fase "
                "actual: «{phase}»); la lluvia de ideas sigue abierta y se reanuda al "
                "volver al árbol.",
                phase=PHASE_LABELS_ES[phase],
            ),
            phase=phase,
        )
    if ideation.status is not RoundStatus.OPEN:
        raise ConflictError("La lluvia de ideas ya se reveló; no admite más tarjetas.")
    if cards_so_far >= CARDS_PER_PERSON_MAX:
        raise ValidationError(
            _(
                "Cada persona puede escribir hasta {cards_per_person_max} tarjetas.",
                cards_per_person_max=CARDS_PER_PERSON_MAX,
            ),
            field="text",
        )
    kind = data.get("kind", KIND_CAUSE)
    if kind not in CARD_KINDS:
        raise ValidationError("Una tarjeta es una causa («cause») o un efecto («effect»).", field="kind")
    text = clean_text(data.get("text"), field="text", max_len=CARD_TEXT_MAX, required=True, multiline=True)
    return Card(card_id, ideation.id, author_id, str(kind), text, now)


def suspension_events(
    ideation: IdeationRound | None, *, before: Phase, after: Phase, actor_id: str | None
) -> list[Event]:
    """What a phase change does to an open round: leaving the tree phases
    suspends it, coming back resumes it."""
    if ideation is None or ideation.status is not RoundStatus.OPEN:
        return []
    if (before in IDEATION_PHASES) == (after in IDEATION_PHASES):
        return []
    kind = "ideation_resumed" if after in IDEATION_PHASES else "ideation_suspended"
    return [Event(kind, {"round_id": ideation.id, "phase": str(after)}, actor_id=actor_id)]


def reveal(
    workshop: Workshop,
    ideation: IdeationRound,
    cards: list[Card],
    *,
    actor_role: Role,
    actor_id: str,
    now: dt.datetime,
) -> tuple[IdeationRound, list[Event]]:
    """Close the round; its cards go into the tree as unlinked ideas."""
    check_change_phase(actor_role)
    _check_tree_open(workshop, _("Las tarjetas se revelan"))
    if ideation.status is not RoundStatus.OPEN:
        raise ConflictError("Esta lluvia de ideas ya se reveló.")
    revealed = dataclasses.replace(ideation, status=RoundStatus.REVEALED, revealed_at=now)
    authors = sorted({c.author_id for c in cards})
    event = Event(
        "ideation_revealed",
        {"round_id": ideation.id, "cards": len(cards), "authors": authors, "card_ids": [c.id for c in cards]},
        actor_id=actor_id,
    )
    return revealed, [event]
