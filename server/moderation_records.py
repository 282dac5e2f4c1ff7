"""How the room's moderation is stored: one JSON record per part (timer,
list of speakers, agenda, parking lot) per workshop, read back into the
domain's objects (workshops/timer.py, speakers.py, agenda.py, parking.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from workshops.agenda import Agenda, Step
from workshops.parking import Topic, TopicStatus
from workshops.phases import Phase
from workshops.revision import read_revision
from workshops.room_focus import Focus
from workshops.speakers import Entry, SpeakerList, Speech, SpeechKind
from workshops.timer import Timer

from .json_times import iso, parse_time
from .storage import StoredRecord

PARTS = ("timer", "speakers", "agenda", "parking", "focus", "join")


@dataclasses.dataclass(frozen=True)
class RoomState:
    """Everything the facilitator moderates, as one value."""

    timer: Timer | None = None
    speakers: SpeakerList = dataclasses.field(default_factory=SpeakerList)
    agenda: Agenda | None = None  # None: never set; the default one is offered
    parking: tuple[Topic, ...] = ()
    focus: Focus | None = None
    join_shown: bool = False  # the displays show the join code and its QR


def timer_to_data(timer: Timer | None) -> dict[str, Any] | None:
    if timer is None:
        return None
    return {
        "label": timer.label,
        "duration_seconds": timer.duration_seconds,
        "started_at": iso(timer.started_at),
        "ends_at": iso(timer.ends_at),
        "paused_remaining": timer.paused_remaining,
    }


def timer_from_data(data: Any) -> Timer | None:
    if not isinstance(data, dict):
        return None
    return Timer(
        label=str(data.get("label") or ""),
        duration_seconds=int(data["duration_seconds"]),
        started_at=parse_time(data["started_at"]),
        ends_at=parse_time(data["ends_at"]) if data.get("ends_at") else None,
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
                "raised_at": iso(e.raised_at),
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
            "started_at": iso(current.started_at),
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
            Entry(
                e["participant_id"], e["sector"], SpeechKind(e["kind"]), parse_time(e["raised_at"]), int(e["position"])
            )
            for e in data.get("waiting", [])
        ),
        current=None
        if not current
        else Speech(
            current["participant_id"], current["sector"], SpeechKind(current["kind"]), parse_time(current["started_at"])
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


def agenda_to_data(agenda: Agenda | None) -> dict[str, Any] | None:
    if agenda is None:
        return None
    return {
        "steps": [
            {"id": s.id, "title": s.title, "phase": str(s.phase), "planned_minutes": s.planned_minutes}
            for s in agenda.steps
        ],
        "current": agenda.current,
        "started_at": iso(agenda.started_at),
        "actual_seconds": dict(agenda.actual_seconds),
        "revision": agenda.revision,
    }


def agenda_from_data(data: Any) -> Agenda | None:
    if not isinstance(data, dict):
        return None
    return Agenda(
        steps=tuple(Step(s["id"], s["title"], Phase(s["phase"]), int(s["planned_minutes"])) for s in data["steps"]),
        current=data.get("current"),
        started_at=parse_time(data["started_at"]) if data.get("started_at") else None,
        actual_seconds={str(k): float(v) for k, v in data.get("actual_seconds", {}).items()},
        revision=read_revision(data, stored=True),
    )


def parking_to_data(topics: tuple[Topic, ...]) -> list[dict[str, Any]]:
    return [
        {
            "id": t.id,
            "text": t.text,
            "proposed_by": t.proposed_by,
            "sector": t.sector,
            "proposed_at": iso(t.proposed_at),
            "status": str(t.status),
            "reason": t.reason,
        }
        for t in topics
    ]


def parking_from_data(data: Any) -> tuple[Topic, ...]:
    if not isinstance(data, list):
        return ()
    return tuple(
        Topic(
            t["id"],
            t["text"],
            t["proposed_by"],
            t["sector"],
            parse_time(t["proposed_at"]),
            TopicStatus(t["status"]),
            t.get("reason", ""),
        )
        for t in data
    )


def focus_to_data(focus: Focus | None) -> dict[str, Any] | None:
    if focus is None:
        return None
    return {"target": focus.target, "seq": focus.seq, "set_at": iso(focus.set_at)}


def focus_from_data(data: Any) -> Focus | None:
    if not isinstance(data, dict):
        return None
    return Focus(str(data["target"]), int(data["seq"]), parse_time(data["set_at"]))


# Each part's JSON value, from the whole state.
_ENCODE: dict[str, Callable[[RoomState], Any]] = {
    "timer": lambda state: timer_to_data(state.timer),
    "speakers": lambda state: speakers_to_data(state.speakers),
    "agenda": lambda state: agenda_to_data(state.agenda),
    "parking": lambda state: parking_to_data(state.parking),
    "focus": lambda state: focus_to_data(state.focus),
    "join": lambda state: {"shown": state.join_shown},
}


def record_id(workshop_id: str, part: str) -> str:
    return f"{workshop_id}:{part}"


def state_from_records(workshop_id: str, records: list[StoredRecord]) -> RoomState:
    data = {r.id: r.data for r in records}

    def part(name: str) -> Any:
        return data.get(record_id(workshop_id, name), {}).get(name)

    return RoomState(
        timer=timer_from_data(part("timer")),
        speakers=speakers_from_data(part("speakers")),
        agenda=agenda_from_data(part("agenda")),
        parking=parking_from_data(part("parking")),
        focus=focus_from_data(part("focus")),
        join_shown=bool((part("join") or {}).get("shown")),
    )


def changed_records(workshop_id: str, before: RoomState, after: RoomState, at: dt.datetime) -> list[StoredRecord]:
    """A record for each part that differs."""
    records = []
    for name in PARTS:
        new = _ENCODE[name](after)
        if new != _ENCODE[name](before):
            records.append(StoredRecord(record_id(workshop_id, name), workshop_id, at, {name: new}))
    return records
