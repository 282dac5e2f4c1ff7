"""Solution alternatives (alternativas de solución) and their reasoned response.

Participants propose alternatives built from the objective tree's means; the
title and description are written together in the ``alternatives`` Yjs
document, while what is authoritative lives here: which causes/means an
alternative addresses, who proposed it, and its **disposition**: every
alternative ends adopted, merged into another, not adopted, or split into
several, with a reason (the OGP co-creation standard's "reasoned response").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .document_schema import ARTIFACT_ALTERNATIVES
from .errors import ConflictError, NotAllowedError, NotFoundError, PhaseError, ValidationError
from .messages import _, listing
from .permissions import check_change_phase, check_facilitator
from .phases import PHASE_LABELS_ES, Phase
from .revision import check_base_value
from .roles import Role
from .workshop import Event, Workshop, clean_text

TITLE_MAX = 200
REASON_MAX = 2000
ADDRESSES_MAX = 50

# Alternatives are proposed while the mesa works on them; dispositions are
# recorded from then until the commitment is written.
PROPOSAL_PHASES = frozenset({Phase.ALTERNATIVAS})
DISPOSITION_PHASES = frozenset({Phase.ALTERNATIVAS, Phase.VOTACION, Phase.HOJA_DE_RUTA, Phase.CIERRE})
# An alternative is split while the mesa still weighs them, before it is voted on.
SPLIT_PHASES = frozenset({Phase.ALTERNATIVAS, Phase.VOTACION})
SPLIT_PARTS_MIN = 2
SPLIT_PARTS_MAX = 10


class Disposition(StrEnum):
    PENDING = "pending"
    ADOPTED = "adopted"
    MERGED = "merged"
    NOT_ADOPTED = "not_adopted"
    # Recorded only by ``split_alternative``: the parts carry the proposal on.
    SPLIT = "split"


DISPOSITION_LABELS_ES = {
    Disposition.PENDING: _("En discusión"),
    Disposition.ADOPTED: _("Adoptada"),
    Disposition.MERGED: _("Fusionada en otra"),
    Disposition.NOT_ADOPTED: _("No adoptada"),
    Disposition.SPLIT: _("Dividida"),
}
# The same, inside a sentence.
DISPOSITION_LOWER_ES = {
    Disposition.PENDING: _("en discusión"),
    Disposition.ADOPTED: _("adoptada"),
    Disposition.MERGED: _("fusionada en otra"),
    Disposition.NOT_ADOPTED: _("no adoptada"),
    Disposition.SPLIT: _("dividida"),
}
# What the facilitator chooses in a reasoned response (a split has its own action).
RESPONSE_DISPOSITIONS = (Disposition.ADOPTED, Disposition.MERGED, Disposition.NOT_ADOPTED)


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
        allowed = listing((PHASE_LABELS_ES[p] for p in sorted(phases, key=list(Phase).index)), quoted=True)
        raise PhaseError(
            _(
                "{what} en la fase {allowed}; la mesa está en «{phase}».",
                what=what,
                allowed=allowed,
                phase=PHASE_LABELS_ES[workshop.phase],
            ),
            phase=workshop.phase,
            artifact=ARTIFACT_ALTERNATIVES,
        )


def parse_addresses(
    value: object,
    known_nodes: Collection[str],
    *,
    field: str = "addresses",
    outside: str = _("Estos elementos no están en el árbol"),
) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("«addresses» debe ser una lista de ids de elementos del árbol.", field=field)
    if len(value) > ADDRESSES_MAX:
        raise ValidationError(
            _("Una alternativa atiende a lo más {addresses_max} elementos.", addresses_max=ADDRESSES_MAX), field=field
        )
    unknown = [v for v in value if v not in known_nodes]
    if unknown:
        raise ValidationError(
            _("{outside}: {list}.", outside=outside, list=", ".join(unknown[:5])), field=field, unknown=unknown
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
    _check_phase(workshop, PROPOSAL_PHASES, _("Las alternativas se proponen"))
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
    """Record the reasoned response for an alternative (facilitator). A form
    that saw another response than the current one (``base_decided_at``: the
    moment of the response it saw, None while pending) is refused
    (``EditConflictError``, workshops/revision.py)."""
    check_change_phase(actor_role)
    _check_phase(workshop, DISPOSITION_PHASES, _("Las respuestas razonadas se registran"))
    if alternative.disposition is Disposition.SPLIT:
        raise ConflictError("Esta alternativa ya se dividió en otras; registra la respuesta de cada parte.")
    decided = alternative.decided_at.isoformat() if alternative.decided_at else None
    check_base_value(decided, data, "base_decided_at")
    try:
        disposition = Disposition(str(data.get("disposition")))
    except ValueError:
        names = ", ".join(RESPONSE_DISPOSITIONS)
        raise ValidationError(
            _("Disposición desconocida; usa una de: {names}.", names=names), field="disposition"
        ) from None
    if disposition is Disposition.SPLIT:
        raise ValidationError("Para dividir una alternativa usa la acción «Dividir».", field="disposition")
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
        if alternatives[target].disposition is Disposition.SPLIT:
            raise ConflictError("Esa alternativa se dividió; elige una de sus partes.")
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


def split_alternative(
    workshop: Workshop,
    alternative: Alternative,
    data: Mapping[str, object],
    *,
    actor_role: Role,
    actor_id: str,
    new_id: Callable[[], str],
    in_open_round: bool,
    now: dt.datetime,
) -> tuple[Alternative, list[Alternative], list[Event]]:
    """Split an alternative into 2 to 10 new ones (facilitator).

    The parts keep the original's proposer and authors (the facilitator who
    splits is not one) and each addresses a subset of its means, all of them
    unless told; the original ends «dividida», with a reason naming the parts.
    Returns the original as changed, the parts, and the events.
    """
    check_facilitator(actor_role, _("divide alternativas"))
    _check_phase(workshop, SPLIT_PHASES, _("Las alternativas se dividen"))
    if alternative.disposition is not Disposition.PENDING:
        label = DISPOSITION_LOWER_ES[alternative.disposition]
        raise ConflictError(_("Esta alternativa ya tiene respuesta razonada ({label}); no se divide.", label=label))
    if in_open_round:
        raise ConflictError("Esta alternativa está en la votación abierta; ciérrala antes de dividirla.")
    parts_data = data.get("parts")
    if not isinstance(parts_data, list):
        raise ValidationError("«parts» debe ser una lista de partes con su título.", field="parts")
    if not SPLIT_PARTS_MIN <= len(parts_data) <= SPLIT_PARTS_MAX:
        raise ValidationError(
            _(
                "Una alternativa se divide en {split_parts_min} a {split_parts_max} partes.",
                split_parts_min=SPLIT_PARTS_MIN,
                split_parts_max=SPLIT_PARTS_MAX,
            ),
            field="parts",
        )
    note = clean_text(data.get("reason"), field="reason", max_len=REASON_MAX, required=False, multiline=True)
    parts: list[Alternative] = []
    seen: set[str] = set()
    for i, item in enumerate(parts_data):
        field = f"parts.{i}"
        if not isinstance(item, Mapping):
            raise ValidationError("Cada parte es un objeto con «title» y, si quieres, «addresses».", field=field)
        try:
            title = clean_text(item.get("title"), field="title", max_len=TITLE_MAX, required=True)
        except ValidationError as error:
            raise ValidationError(
                _("Parte {i}: {message}", i=i + 1, message=error.message), field=f"{field}.title"
            ) from None
        key = title.casefold()
        if key in seen:
            raise ValidationError(
                _("La parte «{title}» repite un título; cada parte necesita el suyo.", title=title),
                field=f"{field}.title",
            )
        seen.add(key)
        addresses = (
            alternative.addresses
            if item.get("addresses") is None
            else parse_addresses(
                item.get("addresses"),
                alternative.addresses,
                field=f"{field}.addresses",
                outside=_("Una parte solo atiende medios de la alternativa que se divide; estos no lo son"),
            )
        )
        parts.append(
            Alternative(
                id=new_id(),
                workshop_id=alternative.workshop_id,
                title=title,
                addresses=addresses,
                proposed_by=alternative.proposed_by,
                # A microsecond apart: alternatives list in proposal order, the parts in theirs.
                proposed_at=now + dt.timedelta(microseconds=i),
                authors=alternative.authors or (alternative.proposed_by,),
            )
        )
    listed = ", ".join(f"«{p.title}»" for p in parts)
    reason = f"Se dividió en {len(parts)} alternativas: {listed}." + (f" {note}" if note else "")
    changed = dataclasses.replace(
        alternative, disposition=Disposition.SPLIT, reason=reason, decided_at=now, decided_by=actor_id
    )
    event = Event(
        "alternative_split",
        {
            "alternative_id": alternative.id,
            "parts": [p.id for p in parts],
            "titles": [p.title for p in parts],
            "addresses": {p.id: list(p.addresses) for p in parts},
            "disposition": str(Disposition.SPLIT),
            "reason": reason,
            "previous": str(alternative.disposition),
        },
        actor_id=actor_id,
    )
    return changed, parts, [event]
