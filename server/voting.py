"""Voting rounds, ballots and decisions, application side.

Ballots are authoritative server state (HTTP), never a CRDT field. Every
change to a workshop's rounds happens under one per-workshop lock, so a
ballot and the close never cross: a ballot that arrives after the close is
refused (409). Rows store the validated requests; objects are rebuilt, and
re-validated, by the domain on every read.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from exporters.plan_view import DISPLAY_TIMEZONE
from workshops.alternatives import Disposition, set_disposition
from workshops.commitment import Commitment, create_preliminary
from workshops.decision import DECISION_KIND_LABELS_ES, check_can_decide, decision_json, record_decision
from workshops.document_schema import LIVE_TOPIC_ROUNDS
from workshops.errors import ConflictError, NotAllowedError, NotFoundError
from workshops.phases import VOTING_PHASES
from workshops.problem_tree import central_problem
from workshops.roles import Role
from workshops.voting import (
    Ballot,
    Results,
    Round,
    RoundStatus,
    cast_ballot,
    check_can_open,
    close_round,
    open_round,
    participation,
    read_ballot,
    results_visible_to,
    tally,
)
from workshops.workshop import Event, Participant

from .alternatives import Alternatives
from .roadmap import seed_commitment
from .services import Services, new_id, now
from .storage import StoredRecord

OPEN_TO_VOTE = frozenset({Disposition.PENDING, Disposition.ADOPTED})

# A round opened by another service (the minuta's approval, server/minuta_seal.py)
# names its ``purpose`` and who may vote in it (``restricted_to``); it is
# voted and closed in any phase and decides no alternative. When it closes,
# the purpose's hook adds its records and events to the same transaction.
PURPOSE = "purpose"
RESTRICTED_TO = "restricted_to"
CloseHook = Callable[
    [str, str, dict[str, Any], dt.datetime], Awaitable[tuple[list[tuple[str, StoredRecord]], list[Event]]]
]


class Voting:
    def __init__(self, services: Services, alternatives: Alternatives) -> None:
        self.services = services
        self.alternatives = alternatives
        self.store = services.store
        # The alternatives' rounds lock: opening a round and splitting an
        # alternative never cross (server/alternatives.py).
        self._lock = alternatives.rounds_lock
        self.rounds_lock = alternatives.rounds_lock
        self.close_hooks: dict[str, CloseHook] = {}
        services.live.providers[LIVE_TOPIC_ROUNDS] = self.live_state

    # -- rebuilding from storage -----------------------------------------

    def _round(self, record: StoredRecord) -> Round:
        data = record.data
        round, _events = open_round(
            data["request"],
            actor_role=Role.FACILITATOR,
            actor_id=data["opened_by"],
            round_id=record.id,
            options_available=data["options_available"],
            now=record.created_at,
        )
        return round

    async def _load(self, workshop_id: str, round_id: str) -> tuple[StoredRecord, Round]:
        for record in await self.store.list_records("voting_round", workshop_id):
            if record.id == round_id:
                return record, self._round(record)
        raise NotFoundError("No existe esa votación.", round_id=round_id)

    async def _ballots(self, workshop_id: str, round: Round, people: dict[str, Participant]) -> list[Ballot]:
        ballots = []
        for record in await self.store.list_records("ballot", workshop_id, parent_id=round.id):
            voter = people.get(record.data["voter_id"])
            if voter is not None:
                ballots.append(read_ballot(round, record.data["request"], voter=voter, cast_at=record.created_at))
        return ballots

    async def _people(self, workshop_id: str) -> dict[str, Participant]:
        return {p.id: p for p in await self.store.list_participants(workshop_id)}

    @staticmethod
    def _eligible(record: StoredRecord, people: dict[str, Participant]) -> list[Participant]:
        """Who may vote in the round: everyone, or those it is restricted to."""
        restricted = record.data.get(RESTRICTED_TO)
        if restricted is None:
            return list(people.values())
        return [people[i] for i in restricted if i in people]

    # -- rounds ------------------------------------------------------------

    async def open(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        async with self._lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            check_can_open(actor.role, workshop.phase)
            records = await self.store.list_records("voting_round", workshop_id)
            if any(r.data.get("status") == RoundStatus.OPEN for r in records):
                raise ConflictError("Ya hay una votación abierta; ciérrala antes de abrir otra.")
            alternatives = await self.store.list_alternatives(workshop_id)
            available = [a.id for a in alternatives if a.disposition in OPEN_TO_VOTE]
            round, events = open_round(
                data,
                actor_role=actor.role,
                actor_id=actor.id,
                round_id=new_id(),
                options_available=available,
                now=now(),
            )
            record = StoredRecord(
                round.id,
                workshop_id,
                round.opened_at,
                {
                    "request": data,
                    "options_available": available,
                    "opened_by": actor.id,
                    "status": str(RoundStatus.OPEN),
                },
            )
            await self.store.save_records(workshop_id, [("voting_round", record)], events)
        return await self.view(workshop_id, actor, round.id)

    async def cast(self, workshop_id: str, voter: Participant, round_id: str, data: dict[str, Any]) -> dict[str, Any]:
        async with self._lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            record, round = await self._load(workshop_id, round_id)
            status = RoundStatus(record.data.get("status", RoundStatus.OPEN))
            restricted = record.data.get(RESTRICTED_TO)
            if restricted is not None and voter.role is Role.PARTICIPANT and voter.id not in restricted:
                raise NotAllowedError("Solo las personas que asistieron a la mesa votan en esta consulta.")
            ballot, events = cast_ballot(
                dataclasses.replace(round, status=status),
                data,
                voter=voter,
                phase=workshop.phase,
                now=now(),
                any_phase=PURPOSE in record.data,
            )
            stored = StoredRecord(
                new_id(), workshop_id, ballot.cast_at, {"round_id": round_id, "voter_id": voter.id, "request": data}
            )
            await self.store.save_records(workshop_id, [("ballot", stored)], events)
        return {"round_id": round_id, "voter_id": voter.id, "cast_at": ballot.cast_at.isoformat(), "accepted": True}

    async def close(self, workshop_id: str, actor: Participant, round_id: str) -> dict[str, Any]:
        async with self._lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            record, round = await self._load(workshop_id, round_id)
            people = await self._people(workshop_id)
            ballots = await self._ballots(workshop_id, round, people)
            eligible = self._eligible(record, people)
            status = RoundStatus(record.data.get("status", RoundStatus.OPEN))
            closed, results, events = close_round(
                dataclasses.replace(round, status=status),
                ballots,
                eligible=eligible,
                actor_role=actor.role,
                actor_id=actor.id,
                phase=workshop.phase,
                now=now(),
                any_phase=PURPOSE in record.data,
            )
            data = dict(record.data) | {
                "status": str(RoundStatus.CLOSED),
                "closed_at": closed.closed_at.isoformat() if closed.closed_at else None,
                "closed_by": actor.id,
                "eligible_ids": [p.id for p in eligible],
                "results": results.to_dict(),
            }
            records: list[tuple[str, StoredRecord]] = [("voting_round", dataclasses.replace(record, data=data))]
            hook = self.close_hooks.get(str(record.data.get(PURPOSE)))
            if hook is not None:
                more, more_events = await hook(workshop_id, round_id, results.to_dict(), closed.closed_at or now())
                records, events = records + more, events + more_events
            await self.store.save_records(workshop_id, records, events)
        if hook is not None:
            # What the round decided may change who writes a document (the
            # minuta's draft): the deployment's other processes read it again.
            self.services.rooms.announce_state_change(workshop_id)
        return await self.view(workshop_id, actor, round_id)

    async def _closed_state(self, workshop_id: str, round_id: str) -> tuple[Round, Results]:
        """A closed round and its results, recounted over the people eligible
        when it closed (later arrivals do not change a closed count)."""
        record, round = await self._load(workshop_id, round_id)
        if PURPOSE in record.data:
            raise ConflictError("Esa votación no fue sobre alternativas; no se decide con ella.")
        if record.data.get("status") != RoundStatus.CLOSED:
            raise ConflictError("Primero cierra la votación; se decide con su resultado.")
        people = await self._people(workshop_id)
        ballots = await self._ballots(workshop_id, round, people)
        closed = dataclasses.replace(round, status=RoundStatus.CLOSED, closed_by=record.data.get("closed_by"))
        eligible = [people[i] for i in record.data.get("eligible_ids", []) if i in people]
        return closed, tally(closed, ballots, eligible)

    async def view(self, workshop_id: str, me: Participant, round_id: str) -> dict[str, Any]:
        record, round = await self._load(workshop_id, round_id)
        status = RoundStatus(record.data.get("status", RoundStatus.OPEN))
        shown = dataclasses.replace(round, status=status)
        body = shown.to_dict() | {
            "closed_at": record.data.get("closed_at"),
            "closed_by": record.data.get("closed_by"),
        }
        people = await self._people(workshop_id)
        ballots = await self._ballots(workshop_id, round, people)
        mine = [
            r.data["request"]
            for r in await self.store.list_records("ballot", workshop_id, round_id)
            if r.data["voter_id"] == me.id
        ]
        body["my_ballot"] = mine[-1] if mine else None  # the latest replaces the earlier ones
        # Open, but the mesa left the voting phases: no ballot until it is back.
        phase = (await self.services.get_workshop(workshop_id)).phase
        body["suspended"] = status is RoundStatus.OPEN and phase not in VOTING_PHASES and PURPOSE not in record.data
        body[PURPOSE] = record.data.get(PURPOSE)
        body[RESTRICTED_TO] = record.data.get(RESTRICTED_TO)
        eligible = self._eligible(record, people)
        if status is RoundStatus.CLOSED:
            body["results"] = record.data["results"]
        else:
            body["participation"] = participation(round, ballots, eligible)
            body["results"] = tally(round, ballots, eligible).to_dict() if results_visible_to(shown, me.role) else None
        return body

    async def live_state(self, workshop_id: str) -> dict[str, Any]:
        """The rounds as the ``live`` document shows them to everyone: the
        open ones and the latest, with their method, how many voted and,
        when every role may see them (``results_visible_to``), the totals.
        Never a ballot, nor who voted what (docs/realtime.md)."""
        records = await self.store.list_records("voting_round", workshop_id)
        everyone = await self._people(workshop_id) if records else {}
        shown = []
        for record in records:
            people = self._eligible(record, everyone)
            status = RoundStatus(record.data.get("status", RoundStatus.OPEN))
            if status is not RoundStatus.OPEN and record is not records[-1]:
                continue
            round = dataclasses.replace(self._round(record), status=status)
            summary: dict[str, Any] = {
                "id": round.id,
                "status": str(status),
                "method": str(round.method),
                "question": round.question,
                "visibility": str(round.visibility),
                "secrecy": str(round.secrecy),
                PURPOSE: record.data.get(PURPOSE),
            }
            if status is RoundStatus.OPEN:
                ballots = await self._ballots(workshop_id, round, {p.id: p for p in people})
                turnout = participation(round, ballots, people)
                visible = results_visible_to(round, Role.PARTICIPANT)
                results = tally(round, ballots, people).to_dict() if visible else None
            else:
                results = record.data.get("results")
                turnout = (results or {}).get("participation") or {}
            summary["eligible"] = turnout.get("eligible", 0)
            summary["voted"] = turnout.get("voted", 0)
            summary["results"] = _public_results(results) if results is not None else None
            shown.append(summary)
        return {"count": len(records), "latest": records[-1].id if records else None, "shown": shown}

    async def list(self, workshop_id: str) -> list[dict[str, Any]]:
        rounds = []
        for record in await self.store.list_records("voting_round", workshop_id):
            round = self._round(record)
            rounds.append(round.to_dict() | {"status": record.data.get("status"), PURPOSE: record.data.get(PURPOSE)})
        return rounds

    # -- decisions ---------------------------------------------------------

    async def decide(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        """Record a decision; the alternative it adopts becomes a preliminary
        commitment and gets its reasoned response if it had none. Every
        refusal comes before any write, and the decision, the commitment and
        the response are stored in one transaction."""
        round_id = data.get("round_id")
        if not isinstance(round_id, str):
            raise NotFoundError("Indica la votación («round_id») en que se basa la decisión.", field="round_id")
        async with self._lock(workshop_id), self.alternatives.lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            check_can_decide(actor.role, workshop.phase)
            round, results = await self._closed_state(workshop_id, round_id)
            for earlier in await self.store.list_records("decision", workshop_id):
                if earlier.data.get("round_id") == round_id:
                    raise ConflictError("Esa votación ya tiene una decisión registrada; el registro no se reescribe.")
            # The live title, as the mesa reads it now: the record keeps it.
            titles = {a["id"]: a["title"] for a in await self.alternatives.list(workshop_id)}
            chosen = data.get("alternative_id")
            title = titles.get(chosen, "") if isinstance(chosen, str) else ""
            decision, events = record_decision(
                round,
                results,
                data,
                workshop_id=workshop_id,
                decision_id=new_id(),
                actor_role=actor.role,
                actor_id=actor.id,
                phase=workshop.phase,
                now=now(),
                alternative_title=title,
            )
            problem = central_problem(await self.services.read_tree(workshop_id))
            commitment, commitment_events = create_preliminary(
                commitment_id=new_id(),
                workshop_id=workshop_id,
                alternative_id=decision.alternative_id,
                decision_id=decision.id,
                title=title,
                problem=problem.text if problem else "",
                actor_role=actor.role,
                actor_id=actor.id,
                now=decision.decided_at,
            )
            existing = {a.id: a for a in await self.store.list_alternatives(workshop_id)}
            adopted = existing.get(decision.alternative_id)
            responded = []
            if adopted is not None and adopted.disposition is Disposition.PENDING:
                # Read by the mesa in the room and the documents: central Mexico's time.
                when = decision.decided_at.astimezone(DISPLAY_TIMEZONE).strftime("%d/%m/%Y a las %H:%M h")
                question = f" «{round.question}»" if round.question else ""
                reason = f"{DECISION_KIND_LABELS_ES[decision.kind]} de la mesa en la votación{question} del {when}."
                changed, response_events = set_disposition(
                    workshop,
                    adopted,
                    {"disposition": "adopted", "reason": reason},
                    actor_role=actor.role,
                    actor_id=actor.id,
                    alternatives=existing,
                    now=decision.decided_at,
                )
                responded.append(changed)
                commitment_events += response_events
            await self.store.save_records(
                workshop_id,
                [
                    ("decision", StoredRecord(decision.id, workshop_id, decision.decided_at, decision.to_dict())),
                    ("commitment", commitment_record(commitment)),
                ],
                events + commitment_events,
                alternatives=responded,
            )
            await self.alternatives.tell_authors(workshop_id, responded)
        await seed_commitment(self.services.rooms, workshop_id, commitment.id)
        return decision_json(decision.to_dict()) | {"commitment_id": commitment.id}

    # In this class ``list`` is the method Voting.list: the builtin is named in full.
    async def decisions(self, workshop_id: str) -> builtins.list[dict[str, Any]]:
        return [decision_json(r.data) for r in await self.store.list_records("decision", workshop_id)]


def _public_results(results: dict[str, Any]) -> dict[str, Any]:
    """Results as pushed to everyone: the counts, never a ballot or a voter
    (a public round's ballots are read from the round's HTTP view)."""
    public = {k: v for k, v in results.items() if k not in ("ballots", "participation")}
    turnout = results.get("participation")
    if isinstance(turnout, dict):
        public["participation"] = {k: v for k, v in turnout.items() if k != "voters"}
    return public


def commitment_record(commitment: Commitment) -> StoredRecord:
    return StoredRecord(
        commitment.id,
        commitment.workshop_id,
        commitment.created_at,
        {
            "alternative_id": commitment.alternative_id,
            "decision_id": commitment.decision_id,
            "status": str(commitment.status),
            "sheet": commitment.sheet,
        },
    )
