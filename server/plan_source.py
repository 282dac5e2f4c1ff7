"""What a Plan de Acción takes from a workshop: each commitment as a
``PlanCommitment`` snapshot (sheet, hoja de ruta, the problem tree's
structure, decision summary, mesa, public attendance and minutes).

``WorkshopSource.load`` reads the workshop once (records, participants, log,
tree); ``entry`` builds one commitment's snapshot from it. A snapshot is a
copy: later edits in the mesa reach the plan only when an editor attaches
the commitment again (``Plans.attach`` refreshes it in place).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exporters.plan_view import DISPLAY_TIMEZONE
from workshops.attendance import attendance_from
from workshops.commitment import Commitment
from workshops.decision import Decision, DecisionKind
from workshops.errors import NotFoundError
from workshops.minutes import Titles, minutes_from
from workshops.plan import DecisionSummary, Origin, PlanCommitment, decision_summary_from
from workshops.plan_annex import MesaSummary, MinuteEntry, SectorAttendance
from workshops.plan_tree import PlanTree, plan_tree_from
from workshops.roadmap import Roadmap
from workshops.workshop import Workshop

from .commitments import from_record
from .storage import Store, StoredRecord

if TYPE_CHECKING:
    from .app import Cocrea


def decision_from_record(record: StoredRecord) -> Decision:
    data = record.data
    decided_at = dt.datetime.fromisoformat(data["decided_at"])
    return Decision(
        id=record.id,
        workshop_id=record.workshop_id,
        kind=DecisionKind(data["kind"]),
        alternative_id=data["alternative_id"],
        round_id=data["round_id"],
        method=data["method"],
        # The date the plan prints is the mesa's, in Mexico's time.
        decided_at=decided_at.astimezone(DISPLAY_TIMEZONE),
        decided_by=data.get("decided_by", ""),
        note=data.get("note", ""),
        results=dict(data.get("results") or {}),
    )


async def mesa_minutes(
    store: Store, workshop_id: str, commitments: Mapping[str, Commitment] | None = None
) -> tuple[MinuteEntry, ...]:
    """The mesa's minutes from its log, with the public titles of its
    alternatives and commitments (``commitments`` as ``Commitments.read_all``
    gives them, with their live sheets; without, the titles their records
    kept at their last status change)."""
    if commitments is None:
        commitments = {r.id: from_record(r) for r in await store.list_records("commitment", workshop_id)}
    alternatives = {a.id: a.title for a in await store.list_alternatives(workshop_id)}
    # The minuta's approval rounds (server/minuta_seal.py): their one option is the version put to consent.
    for record in await store.list_records("voting_round", workshop_id):
        if record.data.get("purpose") == "minuta":
            for option in record.data.get("options_available", []):
                alternatives[option] = f"Minuta, versión {option.rsplit('-v', 1)[-1]}"
    titles = Titles(alternatives, {c.id: str(c.sheet.get("title", "")) for c in commitments.values()})
    return minutes_from(await store.list_events(workshop_id), titles)


@dataclass(frozen=True)
class WorkshopSource:
    """One workshop as the plan reads it."""

    cocrea: Cocrea
    workshop: Workshop
    commitments: dict[str, Commitment]
    decisions: dict[str, DecisionSummary]
    tree: PlanTree
    attendance: tuple[SectorAttendance, ...]
    minutes: tuple[MinuteEntry, ...]

    @classmethod
    async def load(cls, cocrea: Cocrea, workshop_id: str) -> WorkshopSource:
        store = cocrea.store
        workshop = await cocrea.services.get_workshop(workshop_id)
        commitments = await cocrea.commitments.read_all(workshop_id)
        decisions = {
            r.id: decision_summary_from(decision_from_record(r))
            for r in await store.list_records("decision", workshop_id)
        }
        return cls(
            cocrea=cocrea,
            workshop=workshop,
            commitments=commitments,
            decisions=decisions,
            tree=plan_tree_from(await cocrea.services.read_tree(workshop_id)),
            attendance=attendance_from(await store.list_participants(workshop_id)),
            minutes=await mesa_minutes(store, workshop_id, commitments),
        )

    @property
    def mesa(self) -> MesaSummary:
        w = self.workshop
        return MesaSummary(title=w.title, date=w.date, entity=w.entity)

    def get_commitment(self, commitment_id: str) -> Commitment:
        commitment = self.commitments.get(commitment_id)
        if commitment is None:
            raise NotFoundError(
                "Ese compromiso no es de esta mesa.", commitment_id=commitment_id, field="commitment_id"
            )
        return commitment

    async def roadmap(self, commitment_id: str) -> Roadmap:
        return await self.cocrea.roadmaps.for_plan(self.workshop.id, commitment_id)

    async def entry(self, commitment_id: str, origin: Origin) -> PlanCommitment:
        commitment = self.get_commitment(commitment_id)
        return PlanCommitment(
            origin=origin,
            commitment=commitment,
            roadmap=await self.roadmap(commitment_id),
            tree=self.tree,
            decision=self.decisions.get(commitment.decision_id),
            mesa=self.mesa,
            attendance=self.attendance,
            minutes=self.minutes,
        )
