"""Moderating the room, application side: the facilitator's timer and the
list of speakers (workshops/timer.py, workshops/speakers.py), stored as one
record each per workshop, changed one at a time per workshop (across the
deployment's processes), each change with its event for the minutes.

The state a page shows is ``view``: the same for every member (who waits is
public in the room, as a raised hand is), with the server's clock so that
pages correct for their own clock's offset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from workshops import speakers as queue
from workshops import timer as clock
from workshops.errors import ConflictError
from workshops.roles import Role
from workshops.speakers import Entry, SpeakerList, Speech, SpeechKind
from workshops.timer import Timer
from workshops.workshop import Event, Participant

from .services import MODERATION_TABLE, Services, now
from .storage import StoredRecord

SPEECH_TIMER_LABEL = "Intervención"

# Listeners told after every change (the live channel pushes the new view).
ChangeListener = Callable[[str], Awaitable[None]]


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _time(value: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value))


def timer_to_data(timer: Timer | None) -> dict[str, Any] | None:
    if timer is None:
        return None
    return {
        "label": timer.label,
        "duration_seconds": timer.duration_seconds,
        "started_at": _iso(timer.started_at),
        "ends_at": _iso(timer.ends_at),
        "paused_remaining": timer.paused_remaining,
    }


def timer_from_data(data: Any) -> Timer | None:
    if not isinstance(data, dict):
        return None
    return Timer(
        label=str(data.get("label") or ""),
        duration_seconds=int(data["duration_seconds"]),
        started_at=_time(data["started_at"]),
        ends_at=_time(data["ends_at"]) if data.get("ends_at") else None,
        paused_remaining=float(data["paused_remaining"]) if data.get("paused_remaining") is not None else None,
    )


def speakers_to_data(speakers: SpeakerList) -> dict[str, Any]:
    current = speakers.current
    return {
        "waiting": [
            {
                "participant_id": e.participant_id,
                "sector": e.sector,
                "kind": str(e.kind),
                "raised_at": _iso(e.raised_at),
                "position": e.position,
            }
            for e in speakers.waiting
        ],
        "current": None
        if current is None
        else {
            "participant_id": current.participant_id,
            "sector": current.sector,
            "kind": str(current.kind),
            "started_at": _iso(current.started_at),
        },
        "closed": speakers.closed,
        "balance_by_sector": speakers.balance_by_sector,
        "allow_observers": speakers.allow_observers,
        "speech_limit_seconds": speakers.speech_limit_seconds,
        "seconds_by_sector": dict(speakers.seconds_by_sector),
        "turns_by_sector": dict(speakers.turns_by_sector),
        "seconds_by_participant": dict(speakers.seconds_by_participant),
        "next_position": speakers.next_position,
    }


def speakers_from_data(data: Any) -> SpeakerList:
    if not isinstance(data, dict):
        return SpeakerList()
    current = data.get("current")
    return SpeakerList(
        waiting=tuple(
            Entry(e["participant_id"], e["sector"], SpeechKind(e["kind"]), _time(e["raised_at"]), int(e["position"]))
            for e in data.get("waiting", [])
        ),
        current=None
        if not current
        else Speech(
            current["participant_id"], current["sector"], SpeechKind(current["kind"]), _time(current["started_at"])
        ),
        closed=bool(data.get("closed")),
        balance_by_sector=bool(data.get("balance_by_sector")),
        allow_observers=bool(data.get("allow_observers")),
        speech_limit_seconds=data.get("speech_limit_seconds"),
        seconds_by_sector={str(k): float(v) for k, v in data.get("seconds_by_sector", {}).items()},
        turns_by_sector={str(k): int(v) for k, v in data.get("turns_by_sector", {}).items()},
        seconds_by_participant={str(k): float(v) for k, v in data.get("seconds_by_participant", {}).items()},
        next_position=int(data.get("next_position", 0)),
    )


class Moderation:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.store
        self._lock = services.locks("moderation")
        self.listeners: list[ChangeListener] = []

    # -- reading ------------------------------------------------------------

    async def _load(self, workshop_id: str) -> tuple[Timer | None, SpeakerList]:
        records = {r.id: r.data for r in await self.store.list_records(MODERATION_TABLE, workshop_id)}
        timer = timer_from_data(records.get(f"{workshop_id}:timer", {}).get("timer"))
        speakers = speakers_from_data(records.get(f"{workshop_id}:speakers", {}).get("speakers"))
        return timer, speakers

    async def view(self, workshop_id: str) -> dict[str, Any]:
        """The timer and the list of speakers as every member sees them."""
        await self.services.get_workshop(workshop_id)
        timer, speakers = await self._load(workshop_id)
        return await self._view(workshop_id, timer, speakers, now())

    async def _view(
        self, workshop_id: str, timer: Timer | None, speakers: SpeakerList, at: dt.datetime
    ) -> dict[str, Any]:
        people = {p.id: p for p in await self.store.list_participants(workshop_id)}

        def name(pid: str) -> str:
            person = people.get(pid)
            return person.name if person else ""

        current = speakers.current
        return {
            "server_time": _iso(at),
            "timer": None
            if timer is None
            else {
                "label": timer.label,
                "duration_seconds": timer.duration_seconds,
                "running": timer.running,
                "ends_at": _iso(timer.ends_at),
                "remaining_seconds": round(clock.remaining_seconds(timer, at), 3),
            },
            "speakers": {
                "closed": speakers.closed,
                "balance_by_sector": speakers.balance_by_sector,
                "allow_observers": speakers.allow_observers,
                "speech_limit_seconds": speakers.speech_limit_seconds,
                "current": None
                if current is None
                else {
                    "participant_id": current.participant_id,
                    "name": name(current.participant_id),
                    "sector": current.sector,
                    "kind": str(current.kind),
                    "started_at": _iso(current.started_at),
                },
                "waiting": [
                    {
                        "participant_id": e.participant_id,
                        "name": name(e.participant_id),
                        "sector": e.sector,
                        "kind": str(e.kind),
                        "raised_at": _iso(e.raised_at),
                        "spoken_seconds": round(speakers.seconds_by_participant.get(e.participant_id, 0.0), 3),
                    }
                    for e in queue.ordered(speakers)
                ],
                "by_sector": [
                    {"sector": row.sector, "turns": row.turns, "seconds": round(row.seconds, 3)}
                    for row in queue.speaking_by_sector(speakers, now=at)
                ],
            },
        }

    # -- changing -------------------------------------------------------------

    async def _change(
        self,
        workshop_id: str,
        change: Callable[[Timer | None, SpeakerList, dt.datetime], tuple[Timer | None, SpeakerList, list[Event]]],
    ) -> dict[str, Any]:
        """Apply one change under the workshop's lock: every rule is checked
        by ``change`` before anything is written; both records and the events
        are stored in one transaction."""
        async with self._lock(workshop_id):
            await self.services.get_workshop(workshop_id)
            timer, speakers = await self._load(workshop_id)
            at = now()
            new_timer, new_speakers, events = change(timer, speakers, at)
            records = []
            if timer_to_data(new_timer) != timer_to_data(timer):
                records.append(
                    (
                        MODERATION_TABLE,
                        StoredRecord(f"{workshop_id}:timer", workshop_id, at, {"timer": timer_to_data(new_timer)}),
                    )
                )
            if new_speakers != speakers:
                records.append(
                    (
                        MODERATION_TABLE,
                        StoredRecord(
                            f"{workshop_id}:speakers", workshop_id, at, {"speakers": speakers_to_data(new_speakers)}
                        ),
                    )
                )
            if records or events:
                await self.store.save_records(workshop_id, records, events)
            view = await self._view(workshop_id, new_timer, new_speakers, at)
        for listener in self.listeners:
            await listener(workshop_id)
        return view

    async def start_timer(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        """``{"seconds", "label"?}`` starts it; ``{"action", "seconds"?}`` pauses, resumes or adds."""

        def change(timer: Timer | None, speakers: SpeakerList, at: dt.datetime):
            if "action" in data:
                changed = clock.change_timer(
                    timer, role=actor.role, action=data.get("action"), seconds=data.get("seconds"), now=at
                )
                event = Event("timer_changed", {"action": data.get("action")}, actor_id=actor.id)
            else:
                changed = clock.start_timer(
                    role=actor.role, seconds=data.get("seconds"), label=data.get("label"), now=at
                )
                event = Event(
                    "timer_started", {"seconds": changed.duration_seconds, "label": changed.label}, actor_id=actor.id
                )
            return changed, speakers, [event]

        return await self._change(workshop_id, change)

    async def stop_timer(self, workshop_id: str, actor: Participant) -> dict[str, Any]:
        def change(timer: Timer | None, speakers: SpeakerList, at: dt.datetime):
            if actor.role is not Role.FACILITATOR:
                # The domain's message, for one wording of the rule.
                clock.change_timer(timer, role=actor.role, action="pause", seconds=None, now=at)
            if timer is None:
                raise ConflictError("No hay un temporizador en marcha.")
            return None, speakers, [Event("timer_stopped", {}, actor_id=actor.id)]

        return await self._change(workshop_id, change)

    async def raise_hand(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        def change(timer: Timer | None, speakers: SpeakerList, at: dt.datetime):
            changed = queue.raise_hand(
                speakers,
                participant_id=actor.id,
                role=actor.role,
                sector=actor.sector,
                kind=data.get("kind", "contribution"),
                now=at,
            )
            kind = changed.waiting[-1].kind
            return (
                timer,
                changed,
                [Event("hand_raised", {"sector": actor.sector, "kind": str(kind)}, actor_id=actor.id)],
            )

        return await self._change(workshop_id, change)

    async def lower_hand(self, workshop_id: str, actor: Participant) -> dict[str, Any]:
        def change(timer: Timer | None, speakers: SpeakerList, at: dt.datetime):
            changed = queue.lower_hand(speakers, participant_id=actor.id)
            return timer, changed, [Event("hand_lowered", {"sector": actor.sector}, actor_id=actor.id)]

        return await self._change(workshop_id, change)

    async def give_floor(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        chosen = data.get("participant_id")

        def change(timer: Timer | None, speakers: SpeakerList, at: dt.datetime):
            changed = queue.give_floor(speakers, role=actor.role, now=at, participant_id=chosen)
            events = _ended(speakers, changed, actor)
            speech = changed.current
            assert speech is not None
            events.append(Event("floor_given", {"sector": speech.sector, "kind": str(speech.kind)}, actor_id=actor.id))
            if changed.speech_limit_seconds:
                timer = clock.start_timer(
                    role=actor.role, seconds=changed.speech_limit_seconds, label=SPEECH_TIMER_LABEL, now=at
                )
            return timer, changed, events

        return await self._change(workshop_id, change)

    async def stop_speech(self, workshop_id: str, actor: Participant) -> dict[str, Any]:
        def change(timer: Timer | None, speakers: SpeakerList, at: dt.datetime):
            changed = queue.stop_speech(speakers, role=actor.role, now=at)
            if timer is not None and timer.label == SPEECH_TIMER_LABEL and speakers.speech_limit_seconds:
                timer = None
            return timer, changed, _ended(speakers, changed, actor)

        return await self._change(workshop_id, change)

    async def reorder(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        order = data.get("order")

        def change(timer: Timer | None, speakers: SpeakerList, at: dt.datetime):
            changed = queue.reorder(speakers, role=actor.role, participant_ids=order)
            return timer, changed, [Event("speakers_reordered", {"count": len(changed.waiting)}, actor_id=actor.id)]

        return await self._change(workshop_id, change)

    async def set_rules(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        def change(timer: Timer | None, speakers: SpeakerList, at: dt.datetime):
            keys = ("closed", "balance_by_sector", "allow_observers", "speech_limit_seconds")
            flags: dict[str, Any] = {key: data[key] for key in keys if key in data}
            changed = queue.set_rules(speakers, role=actor.role, **flags)
            return timer, changed, [Event("speaker_rules_changed", dict(flags), actor_id=actor.id)]

        return await self._change(workshop_id, change)


def _ended(before: SpeakerList, after: SpeakerList, actor: Participant) -> list[Event]:
    """The event of the speech that a change ended, with its sector and length."""
    speech = before.current
    if speech is None or (after.current is not None and after.current == speech):
        return []
    seconds = after.seconds_by_participant.get(speech.participant_id, 0.0) - before.seconds_by_participant.get(
        speech.participant_id, 0.0
    )
    payload = {"sector": speech.sector, "kind": str(speech.kind), "seconds": round(seconds, 3)}
    return [Event("speech_ended", payload, actor_id=actor.id)]
