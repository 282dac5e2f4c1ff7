"""The list of speakers (*turnos de palabra*): who asked for the floor, who
has it, and how long each sector has spoken.

A participant raises a hand once; a point of order goes before everything
else, a reply before plain contributions; within a kind the queue keeps
arrival order (or the facilitator's order). With the balance rule on, the
next speaker comes from a sector that has spoken least so far (ties by
position), so the floor is shared between civil society, public servants,
the organismo garante, academia and citizens. Speaking time is recorded per
person and per sector; the minutes report it by sector only (no names, as
the privacy notice promises).

Every change is a function that checks all of its rules first and returns a
new ``SpeakerList`` (the old one is never modified), so a refused change
leaves nothing behind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .errors import ConflictError, NotAllowedError, NotFoundError, ValidationError
from .messages import _
from .permissions import check_facilitator
from .roles import FACILITATOR_SECTOR, Role

# ``set_rules``: leave the speech limit as it is (None clears it).
UNCHANGED = object()

# A speech with a limit longer than this is a mistake, not a mesa.
SPEECH_LIMIT_MAX_SECONDS = 30 * 60


class SpeechKind(StrEnum):
    POINT_OF_ORDER = "point_of_order"
    REPLY = "reply"
    CONTRIBUTION = "contribution"


# Lower goes first.
KIND_PRIORITY = {SpeechKind.POINT_OF_ORDER: 0, SpeechKind.REPLY: 1, SpeechKind.CONTRIBUTION: 2}

KIND_LABELS_ES = {
    SpeechKind.POINT_OF_ORDER: "Moción de orden",
    SpeechKind.REPLY: "Réplica",
    SpeechKind.CONTRIBUTION: "Intervención",
}


@dataclass(frozen=True)
class Entry:
    """A raised hand waiting for the floor."""

    participant_id: str
    sector: str
    kind: SpeechKind
    raised_at: dt.datetime
    # Arrival order, or the facilitator's order after a reorder.
    position: int


@dataclass(frozen=True)
class Speech:
    """The floor, given to one person."""

    participant_id: str
    sector: str
    kind: SpeechKind
    started_at: dt.datetime


@dataclass(frozen=True)
class SpeakerList:
    waiting: tuple[Entry, ...] = ()
    current: Speech | None = None
    closed: bool = False
    balance_by_sector: bool = False
    allow_observers: bool = False
    speech_limit_seconds: int | None = None
    # Finished speeches: seconds and turns, by sector and by person.
    seconds_by_sector: Mapping[str, float] = field(default_factory=dict)
    turns_by_sector: Mapping[str, int] = field(default_factory=dict)
    seconds_by_participant: Mapping[str, float] = field(default_factory=dict)
    next_position: int = 0


def _entry_of(speakers: SpeakerList, participant_id: str) -> Entry | None:
    return next((e for e in speakers.waiting if e.participant_id == participant_id), None)


def spoken_seconds(speakers: SpeakerList, sector: str) -> float:
    """Seconds a sector has spoken in finished speeches."""
    return speakers.seconds_by_sector.get(sector, 0.0)


def ordered(speakers: SpeakerList) -> list[Entry]:
    """The waiting entries in the order they will get the floor."""

    def key(entry: Entry) -> tuple[int, float, int]:
        balance = spoken_seconds(speakers, entry.sector) if speakers.balance_by_sector else 0.0
        return (KIND_PRIORITY[entry.kind], balance, entry.position)

    return sorted(speakers.waiting, key=key)


def raise_hand(
    speakers: SpeakerList,
    *,
    participant_id: str,
    role: Role,
    sector: str,
    kind: str,
    now: dt.datetime,
) -> SpeakerList:
    """A person asks for the floor (one entry per person)."""
    try:
        speech_kind = SpeechKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in SpeechKind)
        raise ValidationError(
            _("Tipo de intervención desconocido; usa {choices}.", choices=choices), field="kind"
        ) from None
    if role is Role.FACILITATOR or sector == FACILITATOR_SECTOR:
        raise NotAllowedError("La facilitación modera los turnos; no se forma en la lista.")
    if role is Role.OBSERVER and not speakers.allow_observers:
        raise NotAllowedError("En esta mesa las personas observadoras no piden la palabra.")
    if speakers.closed:
        raise ConflictError("La lista de oradores está cerrada.")
    if _entry_of(speakers, participant_id) is not None:
        raise ConflictError("Ya pediste la palabra; espera tu turno o baja la mano.")
    if speakers.current is not None and speakers.current.participant_id == participant_id:
        raise ConflictError("Tienes la palabra en este momento.")
    entry = Entry(participant_id, sector, speech_kind, now, speakers.next_position)
    return dataclasses.replace(speakers, waiting=(*speakers.waiting, entry), next_position=speakers.next_position + 1)


def lower_hand(speakers: SpeakerList, *, participant_id: str) -> SpeakerList:
    """A person withdraws their request."""
    if _entry_of(speakers, participant_id) is None:
        raise NotFoundError("No tienes la mano levantada.")
    return dataclasses.replace(
        speakers, waiting=tuple(e for e in speakers.waiting if e.participant_id != participant_id)
    )


def _finish(speakers: SpeakerList, now: dt.datetime) -> SpeakerList:
    speech = speakers.current
    if speech is None:
        return speakers
    seconds = max(0.0, (now - speech.started_at).total_seconds())
    by_sector = dict(speakers.seconds_by_sector)
    by_sector[speech.sector] = by_sector.get(speech.sector, 0.0) + seconds
    turns = dict(speakers.turns_by_sector)
    turns[speech.sector] = turns.get(speech.sector, 0) + 1
    by_person = dict(speakers.seconds_by_participant)
    by_person[speech.participant_id] = by_person.get(speech.participant_id, 0.0) + seconds
    return dataclasses.replace(
        speakers,
        current=None,
        seconds_by_sector=by_sector,
        turns_by_sector=turns,
        seconds_by_participant=by_person,
    )


def give_floor(speakers: SpeakerList, *, role: Role, now: dt.datetime, participant_id: object = None) -> SpeakerList:
    """The facilitator gives the floor to the next in line, or to a chosen
    waiting person; a speech in progress ends first."""
    check_facilitator(role, _("da la palabra"))
    if participant_id is not None and not isinstance(participant_id, str):
        raise ValidationError("«participant_id» debe ser texto.", field="participant_id")
    # The speech that ends now counts before the balance rule picks who is next.
    after = _finish(speakers, now)
    if participant_id is None:
        line = ordered(after)
        if not line:
            raise ConflictError("Nadie espera la palabra.")
        entry = line[0]
    else:
        found = _entry_of(after, participant_id)
        if found is None:
            raise NotFoundError("Esa persona no está en la lista de oradores.")
        entry = found
    return dataclasses.replace(
        after,
        waiting=tuple(e for e in after.waiting if e.participant_id != entry.participant_id),
        current=Speech(entry.participant_id, entry.sector, entry.kind, now),
    )


def stop_speech(speakers: SpeakerList, *, role: Role, now: dt.datetime) -> SpeakerList:
    """The facilitator ends the speech in progress; its time is recorded."""
    check_facilitator(role, _("termina una intervención"))
    if speakers.current is None:
        raise ConflictError("Nadie tiene la palabra.")
    return _finish(speakers, now)


def reorder(speakers: SpeakerList, *, role: Role, participant_ids: object) -> SpeakerList:
    """The facilitator sets the waiting order: every waiting person once."""
    check_facilitator(role, _("reordena la lista"))
    waiting = {e.participant_id: e for e in speakers.waiting}
    if (
        not isinstance(participant_ids, list | tuple)
        or not all(isinstance(pid, str) for pid in participant_ids)
        or sorted(participant_ids) != sorted(waiting)
        or len(set(participant_ids)) != len(participant_ids)
    ):
        raise ValidationError("El nuevo orden debe nombrar una vez a cada persona que espera.", field="order")
    entries = tuple(dataclasses.replace(waiting[pid], position=i) for i, pid in enumerate(participant_ids))
    return dataclasses.replace(speakers, waiting=entries, next_position=len(entries))


def set_rules(
    speakers: SpeakerList,
    *,
    role: Role,
    closed: object = None,
    balance_by_sector: object = None,
    allow_observers: object = None,
    speech_limit_seconds: object = UNCHANGED,
) -> SpeakerList:
    """The facilitator opens or closes the list and sets its rules."""
    check_facilitator(role, _("cambia las reglas de la lista"))
    changes: dict[str, object] = {}
    for name, flag in (
        ("closed", closed),
        ("balance_by_sector", balance_by_sector),
        ("allow_observers", allow_observers),
    ):
        if flag is None:
            continue
        if not isinstance(flag, bool):
            raise ValidationError(_("«{name}» debe ser verdadero o falso.", name=name), field=name)
        changes[name] = flag
    if speech_limit_seconds is not UNCHANGED:
        limit = speech_limit_seconds
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= SPEECH_LIMIT_MAX_SECONDS
        ):
            raise ValidationError(
                _(
                    "El límite por intervención va de 1 a {speech_limit_max_seconds} segundos.",
                    speech_limit_max_seconds=SPEECH_LIMIT_MAX_SECONDS,
                ),
                field="speech_limit_seconds",
            )
        changes["speech_limit_seconds"] = limit
    return dataclasses.replace(speakers, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SectorSpeaking:
    sector: str
    turns: int
    seconds: float


def speaking_by_sector(speakers: SpeakerList, *, now: dt.datetime | None = None) -> list[SectorSpeaking]:
    """Turns and seconds by sector, the speech in progress included up to
    ``now`` when given (what the facilitator and the minutes show)."""
    seconds = dict(speakers.seconds_by_sector)
    turns = dict(speakers.turns_by_sector)
    if speakers.current is not None and now is not None:
        sector = speakers.current.sector
        seconds[sector] = seconds.get(sector, 0.0) + max(0.0, (now - speakers.current.started_at).total_seconds())
        turns[sector] = turns.get(sector, 0) + 1
    return [SectorSpeaking(s, turns.get(s, 0), seconds.get(s, 0.0)) for s in sorted(set(seconds) | set(turns))]
