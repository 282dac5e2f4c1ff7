"""The minuta while it is drafted, application side (docs/minutes.md): its
record, attendance confirmed in the room, the draft (the relatoría)
regenerated from the log, and the attendees' amendments and their answers.

The state (``workshops.minuta.Minuta`` plus each approval's result) is one
record per workshop. Every change happens under the workshop's rounds lock
(the one ``Voting`` takes), so the approval's round and the minuta never
disagree. ``MinutaDrafting`` is the base of ``MinutaService``
(server/minuta_seal.py), which adds the approval, the seal and the
verification.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from workshops import minuta as lifecycle
from workshops.errors import ConflictError, NotAllowedError, ValidationError
from workshops.messages import _
from workshops.minuta import Amendment, AmendmentDecision, Minuta, MinutaStatus, Seal
from workshops.minuta_draft import Regeneration, acuerdos_to_dict, log_passages, passage_for, regenerate
from workshops.permissions import check_facilitator
from workshops.plan_annex import ANNEX_SECTORS
from workshops.roles import Role
from workshops.workshop import Event, Participant

from .commitments import Commitments
from .json_times import iso, parse_time
from .minuta_doc import FROZEN, DraftGate, draft_doc_id, read_draft, set_passage_text, write_regeneration
from .plan_source import mesa_minutes
from .services import Services, new_id, now
from .storage import StoredRecord
from .voting import Voting

MINUTA_TABLE = "minuta"
ATTENDANCE_TABLE = "attendance"


# ------------------------------------------------------------- the record


def amendment_to_data(a: Amendment) -> dict[str, Any]:
    return {
        "id": a.id,
        "version": a.version,
        "passage": a.passage,
        "text": a.text,
        "reason": a.reason,
        "author_id": a.author_id,
        "sector": a.sector,
        "proposed_at": iso(a.proposed_at),
        "decision": str(a.decision),
        "response": a.response,
    }


def amendment_from_data(d: dict[str, Any]) -> Amendment:
    return Amendment(
        d["id"],
        int(d["version"]),
        d["passage"],
        d["text"],
        d["reason"],
        d["author_id"],
        d["sector"],
        parse_time(d["proposed_at"]),
        AmendmentDecision(d["decision"]),
        d.get("response", ""),
    )


def minuta_to_data(m: Minuta) -> dict[str, Any]:
    return {
        "version": m.version,
        "status": str(m.status),
        "amendments": [amendment_to_data(a) for a in m.amendments],
        "approval_round": m.approval_round,
        "seals": [
            {
                "version": s.version,
                "sha256": s.sha256,
                "sealed_at": iso(s.sealed_at),
                "canonical": s.canonical.decode("utf-8"),
            }
            for s in m.seals
        ],
    }


def minuta_from_data(d: dict[str, Any] | None) -> Minuta:
    if not d:
        return Minuta()
    return Minuta(
        version=int(d["version"]),
        status=MinutaStatus(d["status"]),
        amendments=tuple(amendment_from_data(a) for a in d.get("amendments", [])),
        approval_round=d.get("approval_round"),
        seals=tuple(
            Seal(int(s["version"]), s["sha256"], parse_time(s["sealed_at"]), s["canonical"].encode("utf-8"))
            for s in d.get("seals", [])
        ),
    )


@dataclasses.dataclass(frozen=True)
class State:
    minuta: Minuta
    approvals: tuple[dict[str, Any], ...] = ()  # each closed approval's result, oldest first
    # The draft as it was put to the attendees' consent (read from the
    # ``minuta`` document when the approval opened, with its gate closed):
    # {minutes, acuerdos, attendance}. What is approved is what is sealed.
    frozen: dict[str, Any] | None = None


# The draft as it reads now: regenerated (not written), its acuerdos, the passages set aside.
DraftNow = tuple[Regeneration, list[dict[str, Any]], list[dict[str, Any]]]


def public_amendment(a: Amendment) -> dict[str, Any]:
    """An amendment as the documents list it: its author's sector, never the author."""
    data = amendment_to_data(a)
    del data["author_id"]
    return data


class MinutaDrafting:
    def __init__(self, services: Services, voting: Voting, commitments: Commitments) -> None:
        self.services = services
        self.store = services.store
        self.voting = voting
        self.commitments = commitments
        self._lock = voting.rounds_lock
        self.rooms = services.rooms
        self.gate = DraftGate(services, self._status_of)

    async def _status_of(self, workshop_id: str) -> MinutaStatus:
        return (await self._load(workshop_id)).minuta.status

    # -- the draft ----------------------------------------------------------------

    async def _log(self, workshop_id: str) -> tuple[Any, ...]:
        entries = await mesa_minutes(self.store, workshop_id, await self.commitments.read_all(workshop_id))
        return log_passages(entries)

    async def _draft(self, workshop_id: str) -> DraftNow:
        """The draft as it reads now: the document regenerated from the log
        (not written: what «Actualizar desde el registro» would write), its
        acuerdos and the passages set aside."""
        log_now = await self._log(workshop_id)
        passages, acuerdos, aside = await self.rooms.read_document(draft_doc_id(workshop_id), read_draft)
        return regenerate(passages, log_now), acuerdos_to_dict(acuerdos), aside

    async def _write_regeneration(self, workshop_id: str) -> Regeneration:
        """Regenerate the document from the log (the caller holds the lock)."""
        log_now = await self._log(workshop_id)
        async with self.rooms.joined(draft_doc_id(workshop_id)) as room:
            result = regenerate(room.read(lambda doc: read_draft(doc)[0]), log_now)
            if result.changes:
                room.edit(lambda doc: write_regeneration(doc, result))
                await room.flush()
        return result

    async def refresh(self, workshop_id: str, me: Participant) -> dict[str, Any]:
        """«Actualizar desde el registro» (facilitator, draft only): what
        changed, and the edited passages whose event is gone or changed."""
        async with self._lock(workshop_id):
            await self.services.get_workshop(workshop_id)
            state = await self._load(workshop_id)
            check_facilitator(me.role, _("actualiza el borrador de la minuta"))
            if state.minuta.status in FROZEN:
                raise ConflictError(
                    _("La versión {version} de la minuta ya no es un borrador.", version=state.minuta.version)
                )
            result = await self._write_regeneration(workshop_id)
        return {
            "added": len(result.added),
            "reworded": len(result.reworded),
            "dropped": len(result.dropped),
            "kept": sum(1 for p in result.passages if p.edited),
            "changed": [{"id": p.id, "at": p.at, "text": p.text} for p in result.changed],
            "set_aside": [{"id": p.id, "at": p.at, "text": p.text} for p in result.set_aside],
        }

    # -- reading --------------------------------------------------------------

    @staticmethod
    def _record_id(workshop_id: str) -> str:
        return f"{workshop_id}:minuta"

    async def _load(self, workshop_id: str) -> State:
        records = await self.store.list_records(MINUTA_TABLE, workshop_id)
        data = next((r.data for r in records if r.id == self._record_id(workshop_id)), None)
        if data is None:
            return State(Minuta())
        return State(minuta_from_data(data.get("minuta")), tuple(data.get("approvals", [])), data.get("frozen"))

    def _record(self, workshop_id: str, state: State, at: dt.datetime) -> tuple[str, StoredRecord]:
        data = {"minuta": minuta_to_data(state.minuta), "approvals": list(state.approvals), "frozen": state.frozen}
        return MINUTA_TABLE, StoredRecord(self._record_id(workshop_id), workshop_id, at, data)

    async def _attendance(self, workshop_id: str) -> dict[str, dict[str, Any]]:
        """Confirmed attendance by participant id."""
        return {r.data["participant_id"]: r.data for r in await self.store.list_records(ATTENDANCE_TABLE, workshop_id)}

    async def _attendees(self, workshop_id: str) -> list[Participant]:
        """Who attended: participants (not observers, not the facilitation)
        who joined and confirmed their presence in the room."""
        confirmed = await self._attendance(workshop_id)
        return [
            p
            for p in await self.store.list_participants(workshop_id)
            if p.role is Role.PARTICIPANT and p.id in confirmed
        ]

    async def attendance_by_sector(self, workshop_id: str) -> list[dict[str, Any]]:
        """Everyone who confirmed attendance (participants and observers), by
        sector in the plan's order: how many, their organizations and the
        names of those who agreed to be named (the privacy notice)."""
        confirmed = await self._attendance(workshop_id)
        rows: dict[str, dict[str, Any]] = {}
        for p in await self.store.list_participants(workshop_id):
            seen = confirmed.get(p.id)
            if seen is None:
                continue
            row = rows.setdefault(p.sector, {"sector": p.sector, "people": 0, "organizations": [], "names": []})
            row["people"] += 1
            if p.organization and p.organization not in row["organizations"]:
                row["organizations"].append(p.organization)
            if seen.get("show_name"):
                row["names"].append(p.name)
        order = {s: i for i, s in enumerate(ANNEX_SECTORS)}
        for row in rows.values():
            row["organizations"].sort(key=str.casefold)
            row["names"].sort(key=str.casefold)
        return sorted(rows.values(), key=lambda r: (order.get(r["sector"], len(order)), r["sector"]))

    # -- changing -------------------------------------------------------------

    async def _save(self, workshop_id: str, records: list[tuple[str, StoredRecord]], events: list[Event]) -> None:
        await self.store.save_records(workshop_id, records, events)

    async def confirm_attendance(
        self, workshop_id: str, me: Participant, data: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        """One tap in the room: the time is recorded once (a second tap
        answers the first time). ``show_name``: the person agrees to be
        named in the minutes (otherwise only their sector and organization)."""
        if me.role not in (Role.PARTICIPANT, Role.OBSERVER):
            raise NotAllowedError("Confirman su asistencia las personas participantes y observadoras.")
        show_name = data.get("show_name", False)
        if not isinstance(show_name, bool):
            raise ValidationError("«show_name» es verdadero o falso.", field="show_name")
        async with self._lock(workshop_id):
            await self.services.get_workshop(workshop_id)
            existing = (await self._attendance(workshop_id)).get(me.id)
            if existing is not None:
                return existing, False
            at = now()
            record = {
                "participant_id": me.id,
                "sector": me.sector,
                "confirmed_at": at.isoformat(),
                "show_name": show_name,
            }
            event = Event("attendance_confirmed", {"sector": me.sector, "role": str(me.role)}, actor_id=me.id)
            await self._save(
                workshop_id,
                [(ATTENDANCE_TABLE, StoredRecord(f"{workshop_id}:{me.id}", workshop_id, at, record))],
                [event],
            )
        return record, True

    async def propose(self, workshop_id: str, me: Participant, data: dict[str, Any]) -> dict[str, Any]:
        async with self._lock(workshop_id):
            await self.services.get_workshop(workshop_id)
            state = await self._load(workshop_id)
            attended = me.id in {p.id for p in await self._attendees(workshop_id)}
            at = now()
            changed = lifecycle.propose_amendment(
                state.minuta,
                data,
                role=me.role,
                attended=attended,
                author_id=me.id,
                sector=me.sector,
                amendment_id=new_id(),
                now=at,
            )
            amendment = changed.amendments[-1]
            event = Event(
                "minuta_amendment_proposed",
                {"amendment_id": amendment.id, "version": amendment.version, "sector": me.sector},
                actor_id=me.id,
            )
            await self._save(
                workshop_id, [self._record(workshop_id, dataclasses.replace(state, minuta=changed), at)], [event]
            )
        return public_amendment(amendment)

    async def decide(
        self, workshop_id: str, me: Participant, amendment_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        async with self._lock(workshop_id):
            await self.services.get_workshop(workshop_id)
            state = await self._load(workshop_id)
            changed = lifecycle.decide_amendment(
                state.minuta, amendment_id, data.get("decision"), data.get("reason"), role=me.role
            )
            amendment = next(a for a in changed.amendments if a.id == amendment_id)
            event = Event(
                "minuta_amendment_decided",
                {"amendment_id": amendment_id, "decision": str(amendment.decision)},
                actor_id=me.id,
            )
            at = now()
            await self._save(
                workshop_id, [self._record(workshop_id, dataclasses.replace(state, minuta=changed), at)], [event]
            )
            applied = None
            if amendment.decision is AmendmentDecision.ACCEPTED:
                applied = await self._apply(workshop_id, amendment)
        return public_amendment(amendment) | {"applied_to": applied}

    async def _apply(self, workshop_id: str, amendment: Amendment) -> str | None:
        """An accepted amendment's text replaces the passage it names (by id,
        or as the room quotes it); None when it names none of the draft's."""
        await self._write_regeneration(workshop_id)
        async with self.rooms.joined(draft_doc_id(workshop_id)) as room:
            target = passage_for(room.read(lambda doc: read_draft(doc)[0]).values(), amendment.passage)
            if target is None:
                return None
            room.edit(lambda doc: set_passage_text(doc, target.id, amendment.text))
            await room.flush()
        return target.id
