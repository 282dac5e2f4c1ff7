"""The minuta's approval, seal and public verification, application side
(docs/minutes.md): the approval as a consent round of the attendees
(server/voting.py, purpose «minuta»), the seal, a correction after it, and
what is read of all of it.

Each sealed version is a record by its digest, so anyone can verify it
without knowing the workshop. The approval opens, closes and seals under the
workshop's rounds lock (the one ``Voting`` takes), so the approval's round
and the minuta never disagree, and two seals at once seal once.
``MinutaService`` builds on ``MinutaDrafting`` (server/minuta_drafting.py:
the record, attendance, the draft and amendments).

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
from workshops.errors import ConflictError, NotFoundError
from workshops.minuta import MinutaStatus
from workshops.minuta_draft import acuerdos_to_dict, draft_minutes
from workshops.roles import Role
from workshops.voting import RoundStatus, open_round
from workshops.workshop import Event, Participant, Workshop

from .commitments import Commitments
from .json_times import iso
from .minuta_doc import FROZEN, draft_doc_id, read_draft
from .minuta_drafting import DraftNow, MinutaDrafting, State, public_amendment
from .services import Services, new_id, now
from .storage import StoredRecord
from .voting import PURPOSE, RESTRICTED_TO, Voting

SEAL_TABLE = "minuta_seal"
APPROVAL_PURPOSE = "minuta"
VERIFY_PATH = "/verificar/{sha256}"
CANONICAL_PATH = "/api/minutes/{sha256}/canonical"


def mesa_identity(workshop: Workshop) -> dict[str, Any]:
    """The mesa as its minuta names it (the header of every format)."""
    return {
        "id": workshop.id,
        "title": workshop.title,
        "entity": workshop.entity,
        "date": workshop.date.isoformat() if workshop.date else None,
        "place": workshop.place,
    }


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
        "closed_at": iso(closed_at),
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


class MinutaService(MinutaDrafting):
    def __init__(self, services: Services, voting: Voting, commitments: Commitments) -> None:
        super().__init__(services, voting, commitments)
        voting.close_hooks[APPROVAL_PURPOSE] = self._approval_closed

    # -- reading --------------------------------------------------------------

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
            # The mesa as it was when the approval opened (frozen with the text), else as it is now.
            "workshop": text.get("workshop") or mesa_identity(workshop),
            "minutes": text["minutes"],
            "acuerdos": text["acuerdos"],
            "attendance": text["attendance"],
            "amendments": [public_amendment(a) for a in minuta.amendments],
            "approval": approval,
        }

    async def document(self, workshop_id: str, *, base_url: str = "", draft: DraftNow | None = None) -> dict[str, Any]:
        """Everything a minuta's document needs (exporters/minuta_*.py):

        ``workshop`` {id, title, entity, date, place}, ``minutes`` (the relatoría:
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
        seals = [{"version": s.version, "sha256": s.sha256, "sealed_at": iso(s.sealed_at)} for s in state.minuta.seals]
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
            else {"version": latest.version, "sha256": latest.sha256, "sealed_at": iso(latest.sealed_at)},
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

    # -- the approval and the seal ------------------------------------------------

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
                # The mesa's details too: a correction of them after this
                # point does not change what the room approves and seals.
                "workshop": mesa_identity(await self.services.get_workshop(workshop_id)),
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
                    "sealed_at": iso(stamp.sealed_at),
                    "canonical": stamp.canonical.decode("utf-8"),
                },
            )
            event = Event("minuta_sealed", {"version": stamp.version, "sha256": stamp.sha256}, actor_id=me.id)
            await self._save(
                workshop_id,
                [self._record(workshop_id, dataclasses.replace(state, minuta=changed), at), (SEAL_TABLE, seal_record)],
                [event],
            )
        return {"sha256": stamp.sha256, "version": stamp.version, "sealed_at": iso(stamp.sealed_at)}

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
        canonical = record.data["canonical"].encode("utf-8")
        if lifecycle.digest(canonical) != digest:  # never expected: the stored text was changed
            raise ConflictError("El texto guardado ya no corresponde a su sello.")
        # The mesa as sealed: its details corrected later are not what was approved.
        sealed_mesa = json.loads(canonical).get("workshop") or {}
        return {
            "sha256": digest,
            "version": int(record.data["version"]),
            "sealed_at": record.data["sealed_at"],
            "workshop": {
                "id": record.workshop_id,
                "title": str(sealed_mesa.get("title") or ""),
                "entity": str(sealed_mesa.get("entity") or ""),
                "date": sealed_mesa.get("date") or None,
                "place": str(sealed_mesa.get("place") or ""),
            },
            "canonical": canonical,
        }
