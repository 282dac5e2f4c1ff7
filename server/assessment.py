"""Feasibility and viability review, application side: the workshop's
criteria (a ``workshop_setting`` record) and the mesa's assessments (one
``assessment`` record per alternative and criterion), rebuilt through the
domain on every change; titles are the alternatives' live ones."""

from __future__ import annotations

from typing import Any

from workshops.assessment import DEFAULT_CRITERIA, Assessment, Criterion, assess, parse_criteria, review, set_criteria
from workshops.errors import NotFoundError
from workshops.revision import read_revision
from workshops.workshop import Participant

from .alternatives import Alternatives
from .services import Services, now
from .storage import StoredRecord

SETTING_TABLE = "workshop_setting"
ASSESSMENT_TABLE = "assessment"
CRITERIA_SETTING = "assessment_criteria"


def criteria_record_id(workshop_id: str) -> str:
    """Record ids are unique across workshops: the setting's name is scoped."""
    return f"{workshop_id}:{CRITERIA_SETTING}"


def assessment_record_id(alternative_id: str, criterion: str) -> str:
    return f"{alternative_id}:{criterion}"


class Assessments:
    def __init__(self, services: Services, alternatives: Alternatives) -> None:
        self.services = services
        self.alternatives = alternatives
        self.store = services.store
        self._lock = services.locks("assessment")

    async def criteria(self, workshop_id: str) -> tuple[tuple[Criterion, ...], bool]:
        """The workshop's criteria, and whether they are still the defaults."""
        criteria, default, _revision = await self._criteria(workshop_id)
        return criteria, default

    async def _criteria(self, workshop_id: str) -> tuple[tuple[Criterion, ...], bool, int]:
        """... and their revision (workshops/revision.py; 0 for the defaults)."""
        for record in await self.store.list_records(SETTING_TABLE, workshop_id):
            if record.id == criteria_record_id(workshop_id):
                return parse_criteria(record.data["criteria"]), False, read_revision(record.data, stored=True)
        return DEFAULT_CRITERIA, True, 0

    async def criteria_json(self, workshop_id: str) -> dict[str, Any]:
        await self.services.get_workshop(workshop_id)
        criteria, default, revision = await self._criteria(workshop_id)
        return {"criteria": [c.to_dict() for c in criteria], "default": default, "revision": revision}

    async def set_criteria(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        async with self._lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            current, _, revision = await self._criteria(workshop_id)
            records = await self.store.list_records(ASSESSMENT_TABLE, workshop_id)
            assessed = {str(r.data.get("criterion")) for r in records}
            criteria, events = set_criteria(
                workshop, current, data, actor_role=actor.role, actor_id=actor.id, assessed=assessed, revision=revision
            )
            if events:
                record = StoredRecord(
                    criteria_record_id(workshop_id),
                    workshop_id,
                    now(),
                    {
                        "setting": CRITERIA_SETTING,
                        "criteria": [c.to_dict() for c in criteria],
                        "revision": revision + 1,
                    },
                )
                await self.store.save_records(workshop_id, [(SETTING_TABLE, record)], events)
        return await self.criteria_json(workshop_id)

    async def _assessments(self, workshop_id: str) -> list[tuple[StoredRecord, Assessment]]:
        records = await self.store.list_records(ASSESSMENT_TABLE, workshop_id)
        return [(r, Assessment.from_dict(r.data)) for r in records]

    async def view(self, workshop_id: str) -> dict[str, Any]:
        """Every alternative's assessment, with its live title and a summary."""
        await self.services.get_workshop(workshop_id)
        criteria, default, revision = await self._criteria(workshop_id)
        alternatives = await self.store.list_alternatives(workshop_id)
        titles = {a["id"]: a["title"] for a in await self.alternatives.list(workshop_id)}
        body = review(criteria, alternatives, [a for _, a in await self._assessments(workshop_id)])
        for row in body["alternatives"]:
            row["title"] = titles.get(row["alternative_id"], "")
        return body | {"default_criteria": default, "criteria_revision": revision}

    async def assess(
        self, workshop_id: str, actor: Participant, alternative_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        async with self._lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            alternatives = {a.id: a for a in await self.store.list_alternatives(workshop_id)}
            if alternative_id not in alternatives:
                raise NotFoundError("No existe esa alternativa.", alternative_id=alternative_id)
            criteria, _ = await self.criteria(workshop_id)
            stored = {
                a.criterion: (r, a)
                for r, a in await self._assessments(workshop_id)
                if a.alternative_id == alternative_id
            }
            criterion = data.get("criterion")
            previous = stored.get(criterion) if isinstance(criterion, str) else None
            assessment, events = assess(
                workshop,
                alternatives[alternative_id],
                criteria,
                data,
                actor_role=actor.role,
                actor_id=actor.id,
                previous=previous[1] if previous else None,
                now=now(),
            )
            if events:
                record = StoredRecord(
                    assessment_record_id(alternative_id, assessment.criterion),
                    workshop_id,
                    previous[0].created_at if previous else assessment.updated_at,
                    assessment.to_dict(),
                )
                await self.store.save_records(workshop_id, [(ASSESSMENT_TABLE, record)], events)
        body = await self.view(workshop_id)
        row = next(r for r in body["alternatives"] if r["alternative_id"] == alternative_id)
        return assessment.to_dict() | {"summary": row["summary"], "recorded": bool(events)}
