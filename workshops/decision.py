"""The decision record: what the mesa decided, how, and with whom.

Consensus first (a consent check with no objections); after broad
discussion, majority (a closed round's winner). The record is append-only:
who took part by sector, the method, the tally, the time and the
facilitator's note; it is what makes the exercise credible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import ConflictError, ValidationError
from .messages import _
from .permissions import check_change_phase
from .phases import Phase
from .roles import Role
from .voting import Results, Round, RoundStatus, check_round_phase
from .voting_methods import Method, Outcome
from .workshop import Event, clean_text

NOTE_MAX = 4000
CONSENT_METHODS = frozenset({Method.CONSENT, Method.FIST_TO_FIVE})


class DecisionKind(StrEnum):
    CONSENSUS = "consensus"
    MAJORITY = "majority"


DECISION_KIND_LABELS_ES = {DecisionKind.CONSENSUS: "Consenso", DecisionKind.MAJORITY: "Mayoría"}


@dataclass(frozen=True)
class Decision:
    id: str
    workshop_id: str
    kind: DecisionKind
    alternative_id: str
    round_id: str
    method: str
    decided_at: dt.datetime
    decided_by: str
    note: str = ""
    results: dict[str, Any] = field(default_factory=dict)
    # The alternative's title when the mesa decided: renaming it later does
    # not rewrite the record. Records from before it was kept have none.
    alternative_title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": str(self.kind),
            "alternative_id": self.alternative_id,
            "alternative_title": self.alternative_title,
            "round_id": self.round_id,
            "method": self.method,
            "decided_at": self.decided_at.isoformat(),
            "decided_by": self.decided_by,
            "note": self.note,
            "participation": self.results.get("participation", {}),
            "results": self.results,
        }


def check_can_decide(actor_role: Role, phase: Phase) -> None:
    """Who records a decision (the facilitator) and when (a voting phase)."""
    check_change_phase(actor_role)
    check_round_phase(phase, _("Las decisiones se registran"))


def record_decision(
    round: Round,
    results: Results,
    data: Mapping[str, object],
    *,
    workshop_id: str,
    decision_id: str,
    actor_role: Role,
    actor_id: str,
    phase: Phase,
    now: dt.datetime,
    alternative_title: str = "",
) -> tuple[Decision, list[Event]]:
    """Record the decision a closed round supports (facilitator only, in a
    voting phase); ``alternative_title`` is the decided alternative's title
    at this moment."""
    check_can_decide(actor_role, phase)
    if round.status is not RoundStatus.CLOSED:
        raise ConflictError("Primero cierra la votación; se decide con su resultado.")
    try:
        kind = DecisionKind(str(data.get("kind")))
    except ValueError:
        raise ValidationError("La decisión es por «consensus» o por «majority».", field="kind") from None
    alternative_id = data.get("alternative_id")
    if not isinstance(alternative_id, str) or alternative_id not in round.options:
        raise ValidationError("La alternativa debe ser una de las opciones de esa votación.", field="alternative_id")
    note = clean_text(data.get("note"), field="note", max_len=NOTE_MAX, required=False, multiline=True)
    tally = results.to_dict()
    if kind is DecisionKind.CONSENSUS:
        if round.method not in CONSENT_METHODS:
            raise ConflictError("El consenso se registra con una consulta de consentimiento (sin objeciones).")
        if not tally.get("consensus", {}).get(alternative_id):
            raise ConflictError("No hubo consenso sobre esa alternativa: hay objeciones o nadie respondió.")
    else:
        if results.outcome is not Outcome.DECIDED or results.winner != alternative_id:
            raise ConflictError(
                _("La mayoría respalda a la alternativa ganadora de la votación; esta votación terminó en empate.")
                if results.outcome is Outcome.TIE
                else _(
                    "La mayoría respalda a la alternativa ganadora de la votación; esta votación no la dio como "
                    "ganadora."
                )
            )
    decision = Decision(
        id=decision_id,
        workshop_id=workshop_id,
        kind=kind,
        alternative_id=alternative_id,
        round_id=round.id,
        method=str(round.method),
        decided_at=now,
        decided_by=actor_id,
        note=note,
        results=tally,
        alternative_title=alternative_title,
    )
    event = Event(
        "decision_recorded",
        {
            "decision_id": decision_id,
            "kind": str(kind),
            "alternative_id": alternative_id,
            "alternative_title": alternative_title,
            "round_id": round.id,
            "participation": tally.get("participation", {}),
            "note": note,
        },
        actor_id=actor_id,
    )
    return decision, [event]


def decision_json(record: Mapping[str, Any]) -> dict[str, Any]:
    """A stored decision as the API gives it: records written before the
    title was kept read with ``alternative_title`` null (unknown), never
    with today's title passed off as the one decided."""
    return {**record, "alternative_title": record.get("alternative_title") or None}
