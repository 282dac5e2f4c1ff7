"""Commitments, application side: the sheet and its status, stored as
records and rebuilt through the domain on every change."""

from __future__ import annotations

import dataclasses
from typing import Any

from workshops.commitment import Commitment, CommitmentStatus, advance_status, missing_fields, update_sheet
from workshops.errors import NotFoundError
from workshops.workshop import Event, Participant

from .services import Services
from .storage import StoredRecord
from .voting import commitment_record


class Commitments:
    def __init__(self, services: Services) -> None:
        self.store = services.store
        self._lock = services.locks("commitments")

    async def list(self, workshop_id: str) -> list[dict[str, Any]]:
        return [commitment_json(from_record(r)) for r in await self.store.list_records("commitment", workshop_id)]

    async def _get(self, workshop_id: str, commitment_id: str) -> Commitment:
        for record in await self.store.list_records("commitment", workshop_id):
            if record.id == commitment_id:
                return from_record(record)
        raise NotFoundError("No existe ese compromiso.", commitment_id=commitment_id)

    async def _change(self, workshop_id: str, commitment_id: str, change: Any) -> dict[str, Any]:
        async with self._lock(workshop_id):
            commitment = await self._get(workshop_id, commitment_id)
            changed, events = change(commitment)
            await self._save(workshop_id, changed, events)
        return commitment_json(changed)

    async def _save(self, workshop_id: str, commitment: Commitment, events: list[Event]) -> None:
        await self.store.save_records(workshop_id, [("commitment", commitment_record(commitment))], events)

    async def update(
        self, workshop_id: str, actor: Participant, commitment_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        return await self._change(
            workshop_id, commitment_id, lambda c: update_sheet(c, data, actor_role=actor.role, actor_id=actor.id)
        )

    async def advance(
        self, workshop_id: str, actor: Participant, commitment_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        return await self._change(
            workshop_id,
            commitment_id,
            lambda c: advance_status(
                c, data.get("status"), actor_role=actor.role, actor_id=actor.id, note=data.get("note", "")
            ),
        )


def from_record(record: StoredRecord) -> Commitment:
    data = record.data
    return Commitment(
        id=record.id,
        workshop_id=record.workshop_id,
        alternative_id=data["alternative_id"],
        decision_id=data["decision_id"],
        created_at=record.created_at,
        status=CommitmentStatus(data["status"]),
        sheet=dict(data["sheet"]),
    )


def commitment_json(commitment: Commitment) -> dict[str, Any]:
    return dataclasses.asdict(commitment) | {
        "created_at": commitment.created_at.isoformat(),
        "status": str(commitment.status),
        "missing": missing_fields(commitment),
    }
