"""The ``live`` document: a workshop's authoritative state, pushed.

Ballots, decisions and every other authoritative change go through the HTTP
API and the domain; this module pushes their effects. After every write of a
workshop's authoritative state (``LiveStore`` wraps the store the services
write through), the server bumps the version of each topic the write touched
in ``<workshop_id>/live``, a Yjs document that every member reads and nobody
but the server writes, and refreshes the topic's small public state when it
has one. Pages subscribe to it (one socket per page) and ask for a topic's
HTTP resource again when its version changes: nothing polls.

Only what every role may read goes into the document: per-person data (my
ballot, my cards, my notices) is fetched by each page from its own view when
the topic's version changes. The schema is in docs/realtime.md («The `live`
document»).

Writes go through the room like any server-side edit (``Room.edit``), so they
are stored, broadcast to this process's sockets and published to the other
processes of a scaled deployment through Redis like every other update.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pycrdt import Doc, Map

from workshops.document_schema import (
    ARTIFACT_LIVE,
    LIVE_STATE,
    LIVE_TOPIC_ALTERNATIVES,
    LIVE_TOPIC_ASSESSMENT,
    LIVE_TOPIC_BALLOTS,
    LIVE_TOPIC_COMMITMENTS,
    LIVE_TOPIC_DECISIONS,
    LIVE_TOPIC_IDEATION,
    LIVE_TOPIC_MINUTA,
    LIVE_TOPIC_MINUTES,
    LIVE_TOPIC_MODERATION,
    LIVE_TOPIC_NOTICES,
    LIVE_TOPIC_PARTICIPANTS,
    LIVE_TOPIC_PHASE,
    LIVE_TOPIC_ROADMAP,
    LIVE_TOPIC_ROUNDS,
    LIVE_TOPICS,
)
from workshops.errors import NotAllowedError
from workshops.workshop import Event, Participant, Workshop, workshop_summary

from .keyed_locks import KeyedLocks

if TYPE_CHECKING:
    from workshops.alternatives import Alternative
    from workshops.ideation import IdeationRound

    from .storage import Store, StoredRecord
    from .sync.manager import RoomManager

log = logging.getLogger(__name__)

# Which topic a record table belongs to (server/storage/base.py RECORD_TABLES).
TABLE_TOPICS: dict[str, tuple[str, ...]] = {
    "voting_round": (LIVE_TOPIC_ROUNDS, LIVE_TOPIC_ALTERNATIVES),
    "ballot": (LIVE_TOPIC_BALLOTS,),
    "decision": (LIVE_TOPIC_DECISIONS,),
    "commitment": (LIVE_TOPIC_COMMITMENTS, LIVE_TOPIC_ROADMAP),
    "roadmap": (LIVE_TOPIC_ROADMAP,),
    "assessment": (LIVE_TOPIC_ASSESSMENT,),
    "workshop_setting": (LIVE_TOPIC_ASSESSMENT,),
    "alternative_split": (LIVE_TOPIC_ALTERNATIVES,),
    "token_revocation": (LIVE_TOPIC_PARTICIPANTS,),
    "moderation": (LIVE_TOPIC_MODERATION,),
    "minuta": (LIVE_TOPIC_MINUTA,),
    "minuta_seal": (LIVE_TOPIC_MINUTA,),
    "attendance": (LIVE_TOPIC_MINUTA,),
}

# Which topic an event belongs to, by the start of its kind.
EVENT_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("phase_changed", (LIVE_TOPIC_PHASE,)),
    ("artifact_", (LIVE_TOPIC_PHASE,)),
    ("workshop_details_", (LIVE_TOPIC_PHASE,)),  # the room's header reads the details from the phase state
    ("participant_", (LIVE_TOPIC_PARTICIPANTS,)),
    ("ideation_", (LIVE_TOPIC_IDEATION,)),
    ("alternative_disposition", (LIVE_TOPIC_ALTERNATIVES, LIVE_TOPIC_NOTICES)),
    ("alternative_assessed", (LIVE_TOPIC_ASSESSMENT,)),
    ("assessment_", (LIVE_TOPIC_ASSESSMENT,)),
    ("alternative_", (LIVE_TOPIC_ALTERNATIVES,)),
    ("voting_", (LIVE_TOPIC_ROUNDS,)),
    ("ballot_", (LIVE_TOPIC_BALLOTS,)),
    ("decision_", (LIVE_TOPIC_DECISIONS,)),
    ("commitment_", (LIVE_TOPIC_COMMITMENTS,)),
    ("roadmap_", (LIVE_TOPIC_ROADMAP,)),
    ("minuta_", (LIVE_TOPIC_MINUTA,)),
    ("attendance_", (LIVE_TOPIC_MINUTA,)),
    # server/moderation.py: its records carry the topic too (TABLE_TOPICS).
    *(
        (prefix, (LIVE_TOPIC_MODERATION,))
        for prefix in ("timer_", "hand_", "floor_", "speech_", "speaker", "agenda_", "topic_", "focus_")
    ),
)


def event_topics(events: Sequence[Event]) -> set[str]:
    """The topics a list of events changes; every event changes the minutes
    (they are read from the log)."""
    topics: set[str] = set()
    for event in events:
        topics.add(LIVE_TOPIC_MINUTES)
        for prefix, named in EVENT_TOPICS:
            if event.kind.startswith(prefix):
                topics.update(named)
                break
    return topics


StateProvider = Callable[[str], Awaitable[Any]]


def write_live(doc: Doc[Any], topics: Iterable[str], states: dict[str, Any]) -> None:
    """Bump each topic's version and set the states given (server side)."""
    versions = doc.get(LIVE_TOPICS, type=Map)
    shown = doc.get(LIVE_STATE, type=Map)
    for topic in topics:
        # Yjs numbers come back as floats: the version is a whole number all the same.
        current = versions.get(topic) if topic in versions else 0
        known = int(current) if isinstance(current, int | float) and not isinstance(current, bool) else 0
        versions[topic] = known + 1
    for topic, state in states.items():
        shown[topic] = state


def read_live(doc: Doc[Any]) -> dict[str, Any]:
    """The document as JSON (tests and benchmarks read it like this)."""
    from .services import json_value

    return {
        LIVE_TOPICS: json_value(doc.get(LIVE_TOPICS, type=Map)),
        LIVE_STATE: json_value(doc.get(LIVE_STATE, type=Map)),
    }


class LiveChannel:
    """Writes a workshop's ``live`` document after authoritative changes."""

    def __init__(self, store: Store, rooms: RoomManager) -> None:
        self.store = store
        self.rooms = rooms
        # The small public state of a topic, computed from storage after the
        # write (so the last writer always writes the latest state). Other
        # services add theirs (server/voting.py: the rounds).
        self.providers: dict[str, StateProvider] = {
            LIVE_TOPIC_PHASE: self._phase_state,
            LIVE_TOPIC_IDEATION: self._ideation_state,
            LIVE_TOPIC_ALTERNATIVES: self._alternatives_state,
            LIVE_TOPIC_DECISIONS: self._decisions_state,
            LIVE_TOPIC_COMMITMENTS: self._commitments_state,
        }
        # One push at a time per workshop within this process: each reads the
        # state after the writes before it.
        self._locks = KeyedLocks()

    async def touch(self, workshop_id: str, topics: Iterable[str], *, also: Iterable[str] = ()) -> None:
        """Push that ``topics`` changed: a new version of each and their
        state; ``also``: topics whose state changed but whose readers need
        not ask again (the counts of a ballot or a private card). Never
        raises: the change it reports is already stored, and a failed push
        must not turn it into an error."""
        bumped = sorted(set(topics))
        if LIVE_TOPIC_BALLOTS in bumped:
            also = [*also, LIVE_TOPIC_ROUNDS]  # the rounds' participation
        named = sorted(set(bumped) | set(also))
        if not named:
            return
        try:
            async with self._locks(workshop_id):
                states = {}
                for topic in named:
                    provider = self.providers.get(topic)
                    if provider is not None:
                        states[topic] = await provider(workshop_id)
                async with self.rooms.joined(f"{workshop_id}/{ARTIFACT_LIVE}") as room:
                    room.edit(lambda doc: write_live(doc, bumped, states))
        except Exception:
            log.exception("could not push %s of workshop %s", ",".join(named), workshop_id)

    async def _phase_state(self, workshop_id: str) -> dict[str, Any] | None:
        workshop = await self.store.find_workshop(workshop_id)
        if workshop is None:
            return None
        return {"phase": str(workshop.phase), "locked": sorted(workshop.locked), "workshop": workshop_summary(workshop)}

    async def _ideation_state(self, workshop_id: str) -> dict[str, Any] | None:
        """The latest silent-ideation round as everyone sees it: how many
        cards and authors, never whose or what (docs/realtime.md)."""
        ideation = await self.store.find_latest_round(workshop_id)
        if ideation is None:
            return None
        cards = await self.store.list_cards(ideation.id)
        return {
            "id": ideation.id,
            "status": str(ideation.status),
            "card_count": len(cards),
            "author_count": len({c.author_id for c in cards}),
        }

    async def _alternatives_state(self, workshop_id: str) -> dict[str, Any]:
        """Each alternative's disposition, in the order proposed (the list
        every member reads; titles live in the ``alternatives`` document)."""
        alternatives = await self.store.list_alternatives(workshop_id)
        return {"count": len(alternatives), "dispositions": {a.id: str(a.disposition) for a in alternatives}}

    async def _decisions_state(self, workshop_id: str) -> dict[str, Any]:
        decisions = await self.store.list_records("decision", workshop_id)
        return {"count": len(decisions), "latest": decisions[-1].id if decisions else None}

    async def _commitments_state(self, workshop_id: str) -> dict[str, Any]:
        """Each commitment's status (preliminar, en revisión, definitivo)."""
        records = await self.store.list_records("commitment", workshop_id)
        return {"count": len(records), "statuses": {r.id: r.data.get("status") for r in records}}


class LiveGate:
    """The sync layer's gate for ``live``: every member reads, nobody writes
    (a write closes the socket with 4403)."""

    async def has_document(self, workshop_id: str, artifact: str) -> bool:
        return artifact == ARTIFACT_LIVE

    def can_write(self, participant: Participant, artifact: str) -> bool:
        return False

    def check_write(self, participant: Participant, artifact: str) -> None:
        raise NotAllowedError("El estado en vivo de la mesa es de solo lectura: lo escribe el servidor.")

    def server_state(self, workshop: Workshop, artifact: str) -> dict[str, Any]:
        return {"phase": str(workshop.phase), "artifact": artifact, "locked": True, "editable_by": []}


class LiveStore:
    """The store, telling the live channel what each write changed. Reads
    and document storage pass straight through."""

    def __init__(self, store: Store, live: LiveChannel) -> None:
        self._store = store
        self._live = live

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def save_workshop_state(self, workshop: Workshop, events: list[Event]) -> None:
        await self._store.save_workshop_state(workshop, events)
        await self._live.touch(workshop.id, event_topics(events) | {LIVE_TOPIC_PHASE})

    async def append_events(self, workshop_id: str, events: list[Event]) -> None:
        await self._store.append_events(workshop_id, events)
        await self._live.touch(workshop_id, event_topics(events))

    async def insert_participant(self, participant: Participant, events: list[Event]) -> None:
        await self._store.insert_participant(participant, events)
        await self._live.touch(participant.workshop_id, event_topics(events) | {LIVE_TOPIC_PARTICIPANTS})

    async def insert_round(self, ideation: IdeationRound, events: list[Event]) -> None:
        await self._store.insert_round(ideation, events)
        await self._live.touch(ideation.workshop_id, event_topics(events) | {LIVE_TOPIC_IDEATION})

    async def save_round(self, ideation: IdeationRound, events: list[Event]) -> None:
        await self._store.save_round(ideation, events)
        await self._live.touch(ideation.workshop_id, event_topics(events) | {LIVE_TOPIC_IDEATION})

    async def insert_alternative(self, alternative: Alternative, events: list[Event]) -> None:
        await self._store.insert_alternative(alternative, events)
        await self._live.touch(alternative.workshop_id, event_topics(events) | {LIVE_TOPIC_ALTERNATIVES})

    async def save_alternatives(self, workshop_id: str, alternatives: list[Alternative], events: list[Event]) -> None:
        await self._store.save_alternatives(workshop_id, alternatives, events)
        await self._live.touch(workshop_id, event_topics(events) | {LIVE_TOPIC_ALTERNATIVES})

    async def save_records(
        self,
        workshop_id: str,
        records: list[tuple[str, StoredRecord]],
        events: list[Event],
        *,
        alternatives: Sequence[Alternative] = (),
    ) -> None:
        await self._store.save_records(workshop_id, records, events, alternatives=alternatives)
        topics = event_topics(events)
        for table, _record in records:
            topics.update(TABLE_TOPICS.get(table, ()))
        if alternatives:
            topics.add(LIVE_TOPIC_ALTERNATIVES)
        await self._live.touch(workshop_id, topics)
