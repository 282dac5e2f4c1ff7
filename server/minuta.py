"""The minuta's lifecycle, application side (docs/minutes.md): attendance
confirmed in the room, amendments by attendees, the approval as a consent
round of the attendees (server/voting.py, purpose «minuta»), the seal and
its public verification.

The state (``workshops.minuta.Minuta`` plus each approval's result) is one
record per workshop; each sealed version is also a record by its digest, so
anyone can verify it without knowing the workshop. Every change happens under
the workshop's rounds lock (the one ``Voting`` takes), so the approval's
round and the minuta never disagree, and two seals at once seal once.

``document`` gathers everything a minuta's document needs (the exporters'
input): the workshop, the relatoría, the lifecycle's state, attendance by
sector and the verification link.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from pycrdt import Doc

from workshops import minuta as lifecycle
from workshops.errors import ConflictError, NotAllowedError, NotFoundError, ValidationError
from workshops.messages import _
from workshops.minuta import Amendment, AmendmentDecision, Minuta, MinutaStatus, Seal
from workshops.minuta_draft import (
    Regeneration,
    acuerdos_to_dict,
    draft_minutes,
    log_passages,
    passage_for,
    regenerate,
)
from workshops.permissions import check_facilitator
from workshops.plan_annex import ANNEX_SECTORS
from workshops.roles import Role
from workshops.voting import RoundStatus, open_round
from workshops.workshop import Event, Participant, Workshop

from .commitments import Commitments
from .minuta_doc import FROZEN, DraftGate, draft_doc_id, read_draft, set_passage_text, write_regeneration
from .plan_source import mesa_minutes
from .services import Services, new_id, now
from .storage import StoredRecord
from .voting import PURPOSE, RESTRICTED_TO, Voting

MINUTA_TABLE = "minuta"
SEAL_TABLE = "minuta_seal"
ATTENDANCE_TABLE = "attendance"
APPROVAL_PURPOSE = "minuta"
VERIFY_PATH = "/verificar/{sha256}"
CANONICAL_PATH = "/api/minutes/{sha256}/canonical"


def option_id(version: int) -> str:
    """The approval round's one option: the version put to consent."""
    return f"minuta-v{version}"


def canonical_filename(workshop_id: str, version: int) -> str:
    """The name a sealed version's canonical text downloads as: the
    verification page's ``sha256sum`` line and the documents' name it too."""
    return f"minuta-{workshop_id}-v{version}.json"


def quorum_for(attendees: int) -> int:
    """The workshop's quorum rule for the approval: more than half of the
    people who confirmed attendance answer."""
    return attendees // 2 + 1


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _time(value: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value))


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
        "proposed_at": _iso(a.proposed_at),
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
        _time(d["proposed_at"]),
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
                "sealed_at": _iso(s.sealed_at),
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
            Seal(int(s["version"]), s["sha256"], _time(s["sealed_at"]), s["canonical"].encode("utf-8"))
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


def approval_result(version: int, round_id: str, results: dict[str, Any], closed_at: dt.datetime) -> dict[str, Any]:
    """What the minuta keeps of its approval round: the counts, the quorum,
    the objections' reasons and the reservations' comments (never who)."""
    option = option_id(version)
    counts = (results.get("counts") or {}).get(option) or {}
    quorum = results.get("quorum") or {}
    turnout = results.get("participation") or {}
    objections = int(counts.get("object", 0))
    met = bool(quorum.get("met"))
    return {
        "version": version,
        "round_id": round_id,
        "closed_at": _iso(closed_at),
        "approved": met and objections == 0,
        "quorum_required": quorum.get("required"),
        "quorum_met": met,
        "eligible": int(turnout.get("eligible", 0)),
        "voted": int(turnout.get("voted", 0)),
        "agree": int(counts.get("agree", 0)),
        "can_live_with": int(counts.get("can_live_with", 0)),
        "object": objections,
        "objections": list((results.get("objections") or {}).get(option) or []),
        "comments": list((results.get("comments") or {}).get(option) or []),
    }


class MinutaService:
    def __init__(self, services: Services, voting: Voting, commitments: Commitments) -> None:
        self.services = services
        self.store = services.store
        self.voting = voting
        self.commitments = commitments
        self._lock = voting.rounds_lock
        voting.close_hooks[APPROVAL_PURPOSE] = self._approval_closed
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

    async def _text(self, workshop_id: str, state: State, draft: DraftNow | None = None) -> dict[str, Any]:
        """The draft's text, acuerdos and attendance: as frozen when the
        approval opened (in review, approved, sealed), else the draft now."""
        if state.minuta.status in FROZEN and state.frozen is not None:
            return dict(state.frozen)
        result, acuerdos, _aside = draft or await self._draft(workshop_id)
        return {
            "minutes": draft_minutes(result.passages),
            "acuerdos": acuerdos,
            "attendance": await self.attendance_by_sector(workshop_id),
        }

    async def _content(self, workshop: Workshop, state: State, draft: DraftNow | None = None) -> dict[str, Any]:
        """The minuta's content as it is sealed (before ``version`` and
        ``sealed_at``): what the room approved."""
        minuta = state.minuta
        text = await self._text(workshop.id, state, draft)
        approval = next((a for a in reversed(state.approvals) if a["version"] == minuta.version), None)
        return {
            "workshop": {
                "id": workshop.id,
                "title": workshop.title,
                "entity": workshop.entity,
                "date": workshop.date.isoformat() if workshop.date else None,
            },
            "minutes": text["minutes"],
            "acuerdos": text["acuerdos"],
            "attendance": text["attendance"],
            "amendments": [public_amendment(a) for a in minuta.amendments],
            "approval": approval,
        }

    async def document(self, workshop_id: str, *, base_url: str = "", draft: DraftNow | None = None) -> dict[str, Any]:
        """Everything a minuta's document needs (exporters/minuta_*.py):

        ``workshop`` {id, title, entity, date}, ``minutes`` (the relatoría:
        [{at, text}]), ``attendance`` by sector [{sector, people,
        organizations, names}] (names only of those who agreed), ``status``,
        ``version``, ``amendments`` with their answers (every version),
        ``approvals`` (each closed approval's result), ``approval`` (the
        current version's), ``seal`` (the latest sealed version: {version,
        sha256, sealed_at} or None), ``sealed_record`` (the latest sealed
        version exactly as sealed: its canonical text parsed, to print a
        sealed version as it was approved), ``seals`` (all), ``sealed_is_current``
        (the latest seal is this version: nothing changed since), and
        ``verification_url`` / ``canonical_url`` of the latest seal (absolute
        when ``base_url`` is given)."""
        workshop = await self.services.get_workshop(workshop_id)
        state = await self._load(workshop_id)
        content = await self._content(workshop, state, draft)
        seals = [{"version": s.version, "sha256": s.sha256, "sealed_at": _iso(s.sealed_at)} for s in state.minuta.seals]
        latest = seals[-1] if seals else None
        base = base_url.rstrip("/")
        return content | {
            "status": str(state.minuta.status),
            "version": state.minuta.version,
            "approvals": list(state.approvals),
            "seal": latest,
            "sealed_record": json.loads(state.minuta.seals[-1].canonical) if state.minuta.seals else None,
            "seals": seals,
            "sealed_is_current": state.minuta.status is MinutaStatus.SEALED,
            "verification_url": base + VERIFY_PATH.format(sha256=latest["sha256"]) if latest else None,
            "canonical_url": base + CANONICAL_PATH.format(sha256=latest["sha256"]) if latest else None,
        }

    async def stamp(self, workshop_id: str) -> dict[str, Any] | None:
        """What a plan's annex prints of the mesa's minuta: its ``status``
        and ``version`` now and its latest ``seal`` ({version, sha256,
        sealed_at} or None); None when the mesa is not on this server (a
        commitment of an imported plan)."""
        if await self.store.find_workshop(workshop_id) is None:
            return None
        minuta = (await self._load(workshop_id)).minuta
        latest = minuta.seals[-1] if minuta.seals else None
        return {
            "status": str(minuta.status),
            "version": minuta.version,
            "seal": None
            if latest is None
            else {"version": latest.version, "sha256": latest.sha256, "sealed_at": _iso(latest.sealed_at)},
        }

    async def view(self, workshop_id: str, me: Participant) -> dict[str, Any]:
        """``GET …/minutes``: the relatoría with the lifecycle, and what the caller may do."""
        now_draft = None if (await self._load(workshop_id)).minuta.status in FROZEN else await self._draft(workshop_id)
        doc = await self.document(workshop_id, draft=now_draft)
        state = await self._load(workshop_id)
        minuta = state.minuta
        mine = (await self._attendance(workshop_id)).get(me.id)
        attended = me.role is Role.PARTICIPANT and mine is not None
        draft: dict[str, Any] = {"editable": me.role is Role.FACILITATOR and minuta.status not in FROZEN}
        if now_draft is not None and minuta.status not in FROZEN:
            result, _acuerdos, aside = now_draft
            draft |= {"new_in_log": len(result.added) + len(result.reworded) + len(result.dropped), "aside": aside}
        else:
            draft |= {"new_in_log": 0, "aside": []}
        body: dict[str, Any] = {
            "minutes": doc["minutes"],
            "acuerdos": doc["acuerdos"],
            "draft": draft,
            "status": doc["status"],
            "version": doc["version"],
            "amendments": doc["amendments"],
            "approvals": doc["approvals"],
            "approval": doc["approval"],
            "attendance": doc["attendance"],
            "seals": doc["seals"],
            "approval_round": None
            if minuta.approval_round is None
            else {"round_id": minuta.approval_round, "option_id": option_id(minuta.version)},
            "me": {
                "attendance_confirmed_at": mine["confirmed_at"] if mine else None,
                "attended": attended,
                "can_amend": attended and minuta.status is MinutaStatus.DRAFT,
            },
        }
        if minuta.status is MinutaStatus.SEALED:
            body["sha256"] = minuta.seals[-1].sha256
        return body

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

    async def open_approval(self, workshop_id: str, me: Participant) -> dict[str, Any]:
        """A consent round with one option (this version), restricted to the
        attendees, voted and closed through the rounds' routes."""
        async with self._lock(workshop_id):
            await self.services.get_workshop(workshop_id)
            state = await self._load(workshop_id)
            round_id = new_id()
            changed = lifecycle.open_approval(state.minuta, role=me.role, round_id=round_id)
            attendees = await self._attendees(workshop_id)
            if not attendees:
                raise ConflictError("Nadie ha confirmado su asistencia: no hay quién apruebe la minuta.")
            rounds = await self.store.list_records("voting_round", workshop_id)
            if any(r.data.get("status") == RoundStatus.OPEN for r in rounds):
                raise ConflictError("Ya hay una votación abierta; ciérrala antes de abrir la aprobación de la minuta.")
            # The draft put to consent: the log read once more, then the
            # document's gate closed and its text read with no await between.
            await self._write_regeneration(workshop_id)
            previous = state.minuta.status

            def freeze(doc: Doc[Any]) -> tuple[Any, ...]:
                self.gate.set_status(workshop_id, MinutaStatus.IN_REVIEW)
                return read_draft(doc)

            passages, acuerdos, _aside = await self.rooms.read_document(draft_doc_id(workshop_id), freeze)
            frozen = {
                "minutes": draft_minutes(passages.values()),
                "acuerdos": acuerdos_to_dict(acuerdos),
                "attendance": await self.attendance_by_sector(workshop_id),
            }
            option = option_id(changed.version)
            request = {
                "method": "consent",
                "options": [option],
                "quorum": quorum_for(len(attendees)),
                "question": f"¿Aprueban la minuta, versión {changed.version}?",
            }
            at = now()
            _opened, events = open_round(
                request, actor_role=me.role, actor_id=me.id, round_id=round_id, options_available=[option], now=at
            )
            round_record = StoredRecord(
                round_id,
                workshop_id,
                at,
                {
                    "request": request,
                    "options_available": [option],
                    "opened_by": me.id,
                    "status": str(RoundStatus.OPEN),
                    PURPOSE: APPROVAL_PURPOSE,
                    RESTRICTED_TO: [p.id for p in attendees],
                },
            )
            events.append(
                Event(
                    "minuta_approval_opened",
                    {"round_id": round_id, "version": changed.version, "attendees": len(attendees)},
                    actor_id=me.id,
                )
            )
            try:
                await self._save(
                    workshop_id,
                    [
                        ("voting_round", round_record),
                        self._record(workshop_id, dataclasses.replace(state, minuta=changed, frozen=frozen), at),
                    ],
                    events,
                )
            except BaseException:
                self.gate.set_status(workshop_id, previous)
                raise
        self.rooms.announce_state_change(workshop_id)
        return {"round_id": round_id, "option_id": option, "version": changed.version, "quorum": request["quorum"]}

    async def _approval_closed(
        self, workshop_id: str, round_id: str, results: dict[str, Any], at: dt.datetime
    ) -> tuple[list[tuple[str, StoredRecord]], list[Event]]:
        """The approval round closed (``Voting.close``, under the same lock):
        approved with quorum and no objection, else back to draft."""
        state = await self._load(workshop_id)
        result = approval_result(state.minuta.version, round_id, results, at)
        changed = lifecycle.approval_closed(
            state.minuta, round_id=round_id, quorum_met=result["quorum_met"], objections=result["object"]
        )
        after = State(changed, (*state.approvals, result), state.frozen)
        self.gate.set_status(workshop_id, changed.status)
        payload = {
            k: result[k] for k in ("version", "round_id", "approved", "quorum_met", "agree", "can_live_with", "object")
        }
        return [self._record(workshop_id, after, at)], [Event("minuta_approval_closed", payload)]

    async def seal(self, workshop_id: str, me: Participant) -> dict[str, Any]:
        async with self._lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            state = await self._load(workshop_id)
            # The role and the status first: the content is read only to seal.
            if me.role is not Role.FACILITATOR or state.minuta.status is not MinutaStatus.APPROVED:
                lifecycle.seal(state.minuta, {}, role=me.role, now=now())
            at = now()
            changed = lifecycle.seal(state.minuta, await self._content(workshop, state), role=me.role, now=at)
            stamp = changed.seals[-1]
            seal_record = StoredRecord(
                stamp.sha256,
                workshop_id,
                at,
                {
                    "version": stamp.version,
                    "sealed_at": _iso(stamp.sealed_at),
                    "canonical": stamp.canonical.decode("utf-8"),
                },
            )
            event = Event("minuta_sealed", {"version": stamp.version, "sha256": stamp.sha256}, actor_id=me.id)
            await self._save(
                workshop_id,
                [self._record(workshop_id, dataclasses.replace(state, minuta=changed), at), (SEAL_TABLE, seal_record)],
                [event],
            )
        return {"sha256": stamp.sha256, "version": stamp.version, "sealed_at": _iso(stamp.sealed_at)}

    async def correct(self, workshop_id: str, me: Participant) -> dict[str, Any]:
        async with self._lock(workshop_id):
            await self.services.get_workshop(workshop_id)
            state = await self._load(workshop_id)
            changed = lifecycle.start_correction(state.minuta, role=me.role)
            event = Event("minuta_correction_started", {"version": changed.version}, actor_id=me.id)
            at = now()
            await self._save(
                workshop_id, [self._record(workshop_id, dataclasses.replace(state, minuta=changed), at)], [event]
            )
            self.gate.set_status(workshop_id, changed.status)
        self.rooms.announce_state_change(workshop_id)
        return {"version": changed.version, "status": str(changed.status)}

    # -- public verification ----------------------------------------------------

    async def sealed(self, sha256: object) -> dict[str, Any]:
        """A sealed version by its digest: which mesa, which version, when,
        and its canonical text (bytes as stored, whose SHA-256 is the digest)."""
        digest = lifecycle.check_digest(sha256)
        record = await self.store.find_record(SEAL_TABLE, digest)
        if record is None:
            raise NotFoundError("No hay una minuta sellada con ese SHA-256.", field="sha256")
        workshop = await self.store.find_workshop(record.workshop_id)
        canonical = record.data["canonical"].encode("utf-8")
        if lifecycle.digest(canonical) != digest:  # never expected: the stored text was changed
            raise ConflictError("El texto guardado ya no corresponde a su sello.")
        return {
            "sha256": digest,
            "version": int(record.data["version"]),
            "sealed_at": record.data["sealed_at"],
            "workshop": {
                "id": record.workshop_id,
                "title": workshop.title if workshop else "",
                "entity": workshop.entity if workshop else "",
                "date": workshop.date.isoformat() if workshop and workshop.date else None,
            },
            "canonical": canonical,
        }
