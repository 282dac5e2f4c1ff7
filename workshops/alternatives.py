"""Solution alternatives (alternativas de solución) and their reasoned response.

Participants propose alternatives built from the objective tree's means; the
title and description are written together in the ``alternatives`` Yjs
document, while what is authoritative lives here: which causes/means an
alternative addresses, who proposed it, and its **disposition**: every
alternative ends adopted, merged into another, or not adopted, with a reason
(the OGP co-creation standard's "reasoned response").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .document_schema import ARTIFACT_ALTERNATIVES
from .errors import ConflictError, NotAllowedError, NotFoundError, PhaseError, ValidationError
from .permissions import check_change_phase
from .phases import PHASE_LABELS_ES, Phase
from .roles import Role
from .workshop import Event, Workshop, clean_text

TITLE_MAX = 200
REASON_MAX = 2000
ADDRESSES_MAX = 50

# Alternatives are proposed while the mesa works on them; dispositions are
# recorded from then until the commitment is written.
PROPOSAL_PHASES = frozenset({Phase.ALTERNATIVAS})
DISPOSITION_PHASES = frozenset({Phase.ALTERNATIVAS, Phase.VOTACION, Phase.HOJA_DE_RUTA, Phase.CIERRE})


class Disposition(StrEnum):
    PENDING = "pending"
    ADOPTED = "adopted"
    MERGED = "merged"
    NOT_ADOPTED = "not_adopted"


DISPOSITION_LABELS_ES = {
    Disposition.PENDING: "En discusión",
    Disposition.ADOPTED: "Adoptada",
    Disposition.MERGED: "Fusionada en otra",
    Disposition.NOT_ADOPTED: "No adoptada",
}


@dataclass(frozen=True)
class Alternative:
    id: str
    workshop_id: str
    title: str
    addresses: tuple[str, ...]
    proposed_by: str
    proposed_at: dt.datetime
    authors: tuple[str, ...] = ()
    disposition: Disposition = Disposition.PENDING
    reason: str = ""
    merged_into: str | None = None
    decided_at: dt.datetime | None = None
    decided_by: str | None = None


def _check_phase(workshop: Workshop, phases: frozenset[Phase], what: str) -> None:
    if workshop.phase not in phases:
        allowed = ", ".join(f"«{PHASE_LABELS_ES[p]}»" for p in sorted(phases, key=list(Phase).index))
        raise PhaseError(
            f"{what} en la fase {allowed}; la mesa está en «{PHASE_LABELS_ES[workshop.phase]}».",
            phase=workshop.phase,
            artifact=ARTIFACT_ALTERNATIVES,
        )


def parse_addresses(value: object, known_nodes: Collection[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("«addresses» debe ser una lista de ids de elementos del árbol.", field="addresses")
    if len(value) > ADDRESSES_MAX:
        raise ValidationError(f"Una alternativa atiende a lo más {ADDRESSES_MAX} elementos.", field="addresses")
    unknown = [v for v in value if v not in known_nodes]
    if unknown:
        raise ValidationError(
            f"Estos elementos no están en el árbol: {', '.join(unknown[:5])}.", field="addresses", unknown=unknown
        )
    return tuple(dict.fromkeys(value))


def propose(
    workshop: Workshop,
    data: Mapping[str, object],
    *,
    actor_role: Role,
    actor_id: str,
    alternative_id: str,
    known_nodes: Collection[str],
    now: dt.datetime,
) -> tuple[Alternative, list[Event]]:
    """A participant (or the facilitator, voicing the mesa) proposes an alternative."""
    if actor_role is Role.OBSERVER:
        raise NotAllowedError("Las personas observadoras no proponen alternativas.")
    _check_phase(workshop, PROPOSAL_PHASES, "Las alternativas se proponen")
    title = clean_text(data.get("title"), field="title", max_len=TITLE_MAX, required=True)
    addresses = parse_addresses(data.get("addresses"), known_nodes)
    alternative = Alternative(
        id=alternative_id,
        workshop_id=workshop.id,
        title=title,
        addresses=addresses,
        proposed_by=actor_id,
        proposed_at=now,
        authors=(actor_id,),
    )
    event = Event(
        "alternative_proposed",
        {"alternative_id": alternative_id, "title": title, "addresses": list(addresses)},
        actor_id=actor_id,
    )
    return alternative, [event]


def set_disposition(
    workshop: Workshop,
    alternative: Alternative,
    data: Mapping[str, object],
    *,
    actor_role: Role,
    actor_id: str,
    alternatives: Mapping[str, Alternative],
    now: dt.datetime,
) -> tuple[Alternative, list[Event]]:
    """Record the reasoned response for an alternative (facilitator)."""
    check_change_phase(actor_role)
    _check_phase(workshop, DISPOSITION_PHASES, "Las respuestas razonadas se registran")
    try:
        disposition = Disposition(str(data.get("disposition")))
    except ValueError:
        names = ", ".join(d for d in Disposition if d is not Disposition.PENDING)
        raise ValidationError(f"Disposición desconocida; usa una de: {names}.", field="disposition") from None
    if disposition is Disposition.PENDING:
        raise ValidationError("Una respuesta razonada adopta, fusiona o no adopta.", field="disposition")
    reason = clean_text(data.get("reason"), field="reason", max_len=REASON_MAX, required=True, multiline=True)
    merged_into = None
    if disposition is Disposition.MERGED:
        target = data.get("merged_into")
        if not isinstance(target, str) or target not in alternatives:
            raise NotFoundError("Indica en qué alternativa se fusiona («merged_into»).", field="merged_into")
        if target == alternative.id:
            raise ValidationError("Una alternativa no se fusiona en sí misma.", field="merged_into")
        if alternatives[target].disposition is Disposition.MERGED:
            raise ConflictError("Esa alternativa ya se fusionó en otra; elige la que la recibió.")
        merged_into = target
    changed = dataclasses.replace(
        alternative,
        disposition=disposition,
        reason=reason,
        merged_into=merged_into,
        decided_at=now,
        decided_by=actor_id,
    )
    event = Event(
        "alternative_disposition",
        {
            "alternative_id": alternative.id,
            "disposition": str(disposition),
            "reason": reason,
            "merged_into": merged_into,
            "previous": str(alternative.disposition),
        },
        actor_id=actor_id,
    )
    return changed, [event]


def merge_authors(kept: Alternative, merged: Alternative) -> Alternative:
    """The alternative that receives a merge keeps every author and link."""
    authors = tuple(dict.fromkeys(kept.authors + merged.authors))
    addresses = tuple(dict.fromkeys(kept.addresses + merged.addresses))
    return dataclasses.replace(kept, authors=authors, addresses=addresses)
