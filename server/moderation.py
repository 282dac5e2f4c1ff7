"""Moderating the room, application side: the facilitator's timer, the list
of speakers, the agenda and the parking lot (workshops/timer.py, speakers.py,
agenda.py, parking.py), stored as one record per part per workshop
(moderation_records.py), changed one at a time per workshop (across the
deployment's processes), each change with its events for the minutes.

What a page shows is ``view``: the same for every member (who waits for the
floor is public in the room, as a raised hand is), with the server's clock
so that pages correct for their own clock's offset.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from workshops import agenda as steps
from workshops import parking, room_focus
from workshops import speakers as queue
from workshops import timer as clock
from workshops.speakers import SpeakerList
from workshops.workshop import Event, Participant

from .json_times import iso
from .moderation_records import RoomState, changed_records, focus_to_data, state_from_records
from .services import MODERATION_TABLE, Services, new_id, now

SPEECH_TIMER_LABEL = "Intervención"

# Listeners told after every change (the live channel pushes the new view).
ChangeListener = Callable[[str], Awaitable[None]]
Change = Callable[[RoomState, dt.datetime], tuple[RoomState, list[Event]]]


class Moderation:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.store
        self._lock = services.locks("moderation")
        self.listeners: list[ChangeListener] = []

    # -- reading ------------------------------------------------------------

    async def _load(self, workshop_id: str) -> RoomState:
        return state_from_records(workshop_id, await self.store.list_records(MODERATION_TABLE, workshop_id))

    async def view(self, workshop_id: str) -> dict[str, Any]:
        """The room's moderation as every member sees it."""
        await self.services.get_workshop(workshop_id)
        return await self._view(workshop_id, await self._load(workshop_id), now())

    async def _view(self, workshop_id: str, state: RoomState, at: dt.datetime) -> dict[str, Any]:
        people = {p.id: p for p in await self.store.list_participants(workshop_id)}

        def name(pid: str) -> str:
            person = people.get(pid)
            return person.name if person else ""

        timer, speakers = state.timer, state.speakers
        current = speakers.current
        agenda = state.agenda or steps.default_agenda(lambda: "")
        return {
            "server_time": iso(at),
            "timer": None
            if timer is None
            else {
                "label": timer.label,
                "duration_seconds": timer.duration_seconds,
                "running": timer.running,
                "ends_at": iso(timer.ends_at),
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
                    "started_at": iso(current.started_at),
                },
                "waiting": [
                    {
                        "participant_id": e.participant_id,
                        "name": name(e.participant_id),
                        "sector": e.sector,
                        "kind": str(e.kind),
                        "raised_at": iso(e.raised_at),
                        "spoken_seconds": round(speakers.seconds_by_participant.get(e.participant_id, 0.0), 3),
                    }
                    for e in queue.ordered(speakers)
                ],
                "by_sector": [
                    {"sector": row.sector, "turns": row.turns, "seconds": round(row.seconds, 3)}
                    for row in queue.speaking_by_sector(speakers, now=at)
                ],
            },
            "agenda": {
                # Until the facilitator sets one, the default agenda is offered (ids empty).
                "is_default": state.agenda is None,
                "revision": agenda.revision,
                "current": agenda.current,
                "started_at": iso(agenda.started_at),
                "steps": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "phase": str(s.phase),
                        "planned_minutes": s.planned_minutes,
                        "actual_seconds": round(steps.actual_seconds(agenda, s.id, at), 3),
                    }
                    for s in agenda.steps
                ],
            },
            "parking": [
                {
                    "id": t.id,
                    "text": t.text,
                    "name": name(t.proposed_by),
                    "sector": t.sector,
                    "proposed_at": iso(t.proposed_at),
                    "status": str(t.status),
                    "reason": t.reason,
                }
                for t in state.parking
            ],
            "focus": focus_to_data(state.focus),
            "join_shown": state.join_shown,
        }

    # -- changing -------------------------------------------------------------

    async def _change(self, workshop_id: str, change: Change) -> dict[str, Any]:
        """Apply one change under the workshop's lock: every rule is checked
        by ``change`` before anything is written; the changed records and
        the events are stored in one transaction."""
        async with self._lock(workshop_id):
            await self.services.get_workshop(workshop_id)
            before = await self._load(workshop_id)
            at = now()
            after, events = change(before, at)
            records = [(MODERATION_TABLE, r) for r in changed_records(workshop_id, before, after, at)]
            if records or events:
                await self.store.save_records(workshop_id, records, events)
            view = await self._view(workshop_id, after, at)
        for listener in self.listeners:
            await listener(workshop_id)
        return view

    # -- timer ------------------------------------------------------------------

    async def start_timer(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        """``{"seconds", "label"?}`` starts it; ``{"action", "seconds"?}`` pauses, resumes or adds."""

        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            if "action" in data:
                action = data.get("action")
                changed = clock.change_timer(
                    state.timer, role=actor.role, action=action, seconds=data.get("seconds"), now=at
                )
                event = Event("timer_changed", {"action": action}, actor_id=actor.id)
            else:
                changed = clock.start_timer(
                    role=actor.role, seconds=data.get("seconds"), label=data.get("label"), now=at
                )
                payload = {"seconds": changed.duration_seconds, "label": changed.label}
                event = Event("timer_started", payload, actor_id=actor.id)
            return dataclasses.replace(state, timer=changed), [event]

        return await self._change(workshop_id, change)

    async def stop_timer(self, workshop_id: str, actor: Participant) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            clock.stop_timer(state.timer, role=actor.role)
            return dataclasses.replace(state, timer=None), [Event("timer_stopped", {}, actor_id=actor.id)]

        return await self._change(workshop_id, change)

    # -- list of speakers -------------------------------------------------------

    async def raise_hand(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            changed = queue.raise_hand(
                state.speakers,
                participant_id=actor.id,
                role=actor.role,
                sector=actor.sector,
                kind=data.get("kind", "contribution"),
                now=at,
            )
            payload = {"sector": actor.sector, "kind": str(changed.waiting[-1].kind)}
            return dataclasses.replace(state, speakers=changed), [Event("hand_raised", payload, actor_id=actor.id)]

        return await self._change(workshop_id, change)

    async def lower_hand(self, workshop_id: str, actor: Participant) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            changed = queue.lower_hand(state.speakers, participant_id=actor.id)
            event = Event("hand_lowered", {"sector": actor.sector}, actor_id=actor.id)
            return dataclasses.replace(state, speakers=changed), [event]

        return await self._change(workshop_id, change)

    async def give_floor(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            changed = queue.give_floor(
                state.speakers, role=actor.role, now=at, participant_id=data.get("participant_id")
            )
            events = _ended(state.speakers, changed, actor)
            speech = changed.current
            assert speech is not None
            events.append(Event("floor_given", {"sector": speech.sector, "kind": str(speech.kind)}, actor_id=actor.id))
            timer = state.timer
            if changed.speech_limit_seconds:
                limit = changed.speech_limit_seconds
                timer = clock.start_timer(role=actor.role, seconds=limit, label=SPEECH_TIMER_LABEL, now=at)
            return dataclasses.replace(state, speakers=changed, timer=timer), events

        return await self._change(workshop_id, change)

    async def stop_speech(self, workshop_id: str, actor: Participant) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            changed = queue.stop_speech(state.speakers, role=actor.role, now=at)
            timer = state.timer
            if timer is not None and timer.label == SPEECH_TIMER_LABEL and state.speakers.speech_limit_seconds:
                timer = None
            return dataclasses.replace(state, speakers=changed, timer=timer), _ended(state.speakers, changed, actor)

        return await self._change(workshop_id, change)

    async def reorder(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            changed = queue.reorder(state.speakers, role=actor.role, participant_ids=data.get("order"))
            event = Event("speakers_reordered", {"count": len(changed.waiting)}, actor_id=actor.id)
            return dataclasses.replace(state, speakers=changed), [event]

        return await self._change(workshop_id, change)

    async def set_rules(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            keys = ("closed", "balance_by_sector", "allow_observers", "speech_limit_seconds")
            flags: dict[str, Any] = {key: data[key] for key in keys if key in data}
            changed = queue.set_rules(state.speakers, role=actor.role, **flags)
            event = Event("speaker_rules_changed", dict(flags), actor_id=actor.id)
            return dataclasses.replace(state, speakers=changed), [event]

        return await self._change(workshop_id, change)

    # -- agenda -----------------------------------------------------------------

    async def set_agenda(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            current = state.agenda or steps.default_agenda(new_id)
            changed = steps.set_steps(
                current, data.get("steps"), role=actor.role, new_id=new_id, base_revision=data.get("base_revision")
            )
            event = Event("agenda_set", {"steps": len(changed.steps)}, actor_id=actor.id)
            return dataclasses.replace(state, agenda=changed), [event]

        return await self._change(workshop_id, change)

    async def start_step(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            agenda = state.agenda
            if agenda is None:
                # Starting a step of the default agenda makes it the mesa's.
                agenda = steps.adopt_default(new_id)
                chosen = data.get("index")
                step_id = (
                    agenda.steps[chosen].id if isinstance(chosen, int) and 0 <= chosen < len(agenda.steps) else None
                )
            else:
                step_id = data.get("step_id")
            changed = steps.start_step(agenda, step_id, role=actor.role, now=at)
            events = _step_finished(agenda, changed, actor, at)
            step = steps.find_step(changed, changed.current)
            assert step is not None
            payload = {"title": step.title, "phase": str(step.phase), "planned_minutes": step.planned_minutes}
            events.append(Event("agenda_step_started", payload, actor_id=actor.id))
            return dataclasses.replace(state, agenda=changed), events

        return await self._change(workshop_id, change)

    async def finish_step(self, workshop_id: str, actor: Participant) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            agenda = state.agenda or steps.Agenda()
            changed = steps.finish_step(agenda, role=actor.role, now=at)
            return dataclasses.replace(state, agenda=changed), _step_finished(agenda, changed, actor, at)

        return await self._change(workshop_id, change)

    # -- parking lot ------------------------------------------------------------

    async def park_topic(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            topics = parking.propose_topic(
                state.parking,
                data.get("text"),
                participant_id=actor.id,
                sector=actor.sector,
                topic_id=new_id(),
                now=at,
            )
            payload = {"topic_id": topics[-1].id, "sector": actor.sector}
            return dataclasses.replace(state, parking=topics), [Event("topic_parked", payload, actor_id=actor.id)]

        return await self._change(workshop_id, change)

    async def decide_topic(
        self, workshop_id: str, actor: Participant, topic_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            topics = parking.decide_topic(
                state.parking,
                topic_id,
                data.get("status"),
                data.get("reason"),
                role=actor.role,
                base_status=data.get("base_status"),
            )
            topic = next(t for t in topics if t.id == topic_id)
            payload = {"topic_id": topic.id, "status": str(topic.status), "text": topic.text, "reason": topic.reason}
            return dataclasses.replace(state, parking=topics), [Event("topic_decided", payload, actor_id=actor.id)]

        return await self._change(workshop_id, change)

    # -- follow the facilitator ---------------------------------------------------

    async def bring_everyone(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            focus = room_focus.bring_everyone(state.focus, data.get("target"), role=actor.role, now=at)
            event = Event("focus_set", {"target": focus.target}, actor_id=actor.id)
            return dataclasses.replace(state, focus=focus), [event]

        return await self._change(workshop_id, change)

    async def show_join_code(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        def change(state: RoomState, at: dt.datetime) -> tuple[RoomState, list[Event]]:
            shown = room_focus.show_join_code(data.get("shown"), role=actor.role)
            if shown == state.join_shown:
                return state, []
            return dataclasses.replace(state, join_shown=shown), [
                Event("focus_join", {"shown": shown}, actor_id=actor.id)
            ]

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


def _step_finished(before: steps.Agenda, after: steps.Agenda, actor: Participant, at: dt.datetime) -> list[Event]:
    """The event of the agenda step that a change finished: planned and actual time."""
    if before.current is None or after.current == before.current:
        return []
    step = steps.find_step(before, before.current)
    if step is None:
        return []
    ran = steps.actual_seconds(before, step.id, at) - before.actual_seconds.get(step.id, 0.0)
    payload = {"title": step.title, "planned_minutes": step.planned_minutes, "seconds": round(ran, 3)}
    return [Event("agenda_step_finished", payload, actor_id=actor.id)]
