"""The stored state of a plan's follow-up, as its public outputs show it:
``follow_up_state`` reads the plan and its follow-up rows and answers, as of
a day, every commitment's progress, each activity's status with its updates
and evidence files, the indicators' measurements, the reviews and the public
history. Also the JSON shapes of the stored rows (the routes that write
answer with them too), ``activity_key`` (the rows' ``parent_id``) and
``today`` (the day in Mexico, from which lateness is computed).

Storage: rows of ``plan_record`` (``server/storage``: kinds ``publication``,
``link``, ``update``, ``measurement``, ``review``), written by
server/follow_up.py; the public history comes from the plan's audit log
(``plan_event``). Progress and lateness follow workshops/follow_up.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from exporters.follow_up_words import local_today
from workshops.follow_up import (
    ActivityStatus,
    FollowUpRole,
    TrackedActivity,
    Update,
    commitment_progress,
    current_status,
    is_late,
    plan_progress,
)
from workshops.plan import Plan

from .json_times import iso
from .services import now
from .storage import StoredPlanRecord

if TYPE_CHECKING:
    from .app import Cocrea

PUBLIC_PAGE = "/publico/planes/{plan_id}"
EVIDENCE_URL = "/api/plans/{plan_id}/evidence/{file_id}"
DUE_SOON_DAYS = 15
# The plan's audit-log entries the public history lists (after publishing),
# and the fields of their payload it shows: never tokens, link or editor ids.
PUBLIC_EVENTS = {
    "plan_updated": ("fields",),
    "plan_commitment_attached": ("commitment_id", "title"),
    "plan_commitment_refreshed": ("commitment_id", "title"),
    "plan_commitment_detached": ("commitment_id", "title"),
    "plan_commitment_origin": ("commitment_id", "title", "origin"),
    "plan_commitments_reordered": (),
    "follow_up_update": ("commitment_id", "activity_id", "status", "role"),
    "follow_up_verification": ("commitment_id", "activity_id", "status", "role"),
    "follow_up_measurement": ("commitment_id", "indicator_id", "period", "value", "role"),
    "follow_up_review": ("review", "role"),
}


def today() -> dt.date:
    """The day in Mexico: an activity is late from the day after its end there."""
    return local_today(now())


def activity_key(commitment_id: str, item_id: str) -> str:
    """``parent_id`` of an activity's or indicator's rows (ids are unique per commitment)."""
    return f"{commitment_id}/{item_id}"


def update_from(record: StoredPlanRecord) -> Update:
    """The domain's ``Update`` of a stored ``update`` row."""
    d = record.data
    return Update(
        record.parent_id or "",
        ActivityStatus(d["status"]),
        d.get("note", ""),
        tuple(d.get("links", ())),
        FollowUpRole(d["role"]),
        dt.datetime.fromisoformat(d["at"]),
    )


def _evidence_json(plan_id: str, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": e["id"],
            "name": e["name"],
            "media_type": e["media_type"],
            "size": e["size"],
            "sha256": e["sha256"],
            "url": EVIDENCE_URL.format(plan_id=plan_id, file_id=e["id"]),
        }
        for e in items
    ]


def update_json(plan_id: str, record_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """A stored report or verification as the routes and the state show it."""
    return {
        "id": record_id,
        "status": body["status"],
        "note": body["note"],
        "links": list(body["links"]),
        "role": body["role"],
        "at": body["at"],
        "evidence": _evidence_json(plan_id, body.get("evidence", [])),
    }


def measurement_json(record_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("period", "value", "note", "links", "role", "at")
    return {"id": record_id} | {k: body[k] for k in keys}


def review_json(body: Mapping[str, Any]) -> dict[str, Any]:
    return {k: body[k] for k in ("kind", "role", "at", "commitments")}


@dataclasses.dataclass(frozen=True)
class FollowUpState:
    """``follow_up_state``'s answer: the domain plan and the JSON-ready data."""

    plan: Plan
    data: dict[str, Any]


async def follow_up_state(cocrea: Cocrea, plan_id: str, on: dt.date | None = None) -> FollowUpState:
    """Everything the public outputs of a plan's follow-up show, as of the
    day ``on`` (today in Mexico by default). ``NotFoundError`` for no plan.

    ``FollowUpState.plan`` is the ``workshops.plan.Plan`` (for exporters that
    reuse the plan's own view); ``FollowUpState.data`` is JSON-ready, holds no
    token, no link or editor id and no reporter's name::

        {
          "plan": {"id", "title", "entity", "type", "guarantor", "start", "end", "approved_on"},
          "published": bool, "published_at": iso datetime | None,
          "public_path": "/publico/planes/{plan_id}",
          "today": "AAAA-MM-DD",
          "progress": {"verified": 0–100, "reported": 0–100, "late": int},
          "commitments": [{
            "id", "title", "origin", "start", "end",
            "responsible": {"name", "position", "institution"}, "organizations": [name, ...],
            "result",
            "progress": {"verified": 0–100, "reported": 0–100, "late": int},
            "activities": [{
              "id", "description", "responsible", "start", "end", "weight" (number | None),
              "products": [...], "verification": [...],
              "status": sin_iniciar | iniciada | por_verificar | verificada | devuelta,
              "late": bool, "due_soon": bool (ends within 15 days, not verified),
              "updates": [{"id", "status", "note", "links": [url text], "role", "at",
                           "evidence": [{"id", "name", "media_type", "size", "sha256", "url"}]}]
            }],
            "indicators": [{
              "id", "name", "definition", "method", "unit", "frequency",
              "baseline": {"value", "year"}, "goal", "direction" (ascendente | descendente | constante | None),
              "measurements": [{"id", "period", "value", "note", "links", "role", "at"}]  (by period)
            }]
          }],
          "reviews": [{"kind", "role", "at", "commitments": [{"commitment_id", "completion",
                       "opened_government", "quality", "relevance", "notes"}]}],
          "history": [{"seq", "at", "kind", ...the public fields of PUBLIC_EVENTS[kind]}]  (after publishing;
                      e.g. {"kind": "follow_up_verification", "commitment_id", "activity_id", "status", "role"})
        }

    Progress follows workshops/follow_up.py: a commitment's verified progress
    is the share of its activities' weights that are verified (equal weights
    when the hoja de ruta gives none), ``reported`` the share waiting for
    verification, shown apart; the plan's is the mean of its commitments'.
    ``updates`` are oldest first: the activity's status is its last one's.
    """
    plan = await cocrea.plans.get(plan_id)
    store = cocrea.store
    day = on or today()
    records = await store.list_plan_records(plan_id)
    by_kind: dict[str, list[StoredPlanRecord]] = {}
    for record in records:
        by_kind.setdefault(record.kind, []).append(record)
    publication = next(iter(by_kind.get("publication", [])), None)
    updates_by_key: dict[str, list[StoredPlanRecord]] = {}
    for record in by_kind.get("update", []):
        updates_by_key.setdefault(record.parent_id or "", []).append(record)
    measurements_by_key: dict[str, list[StoredPlanRecord]] = {}
    for record in by_kind.get("measurement", []):
        measurements_by_key.setdefault(record.parent_id or "", []).append(record)

    commitments = []
    progresses = []
    for entry in plan.commitments:
        roadmap = entry.roadmap
        tracked = [
            TrackedActivity(key, a.end, a.weight)
            for key, a in zip((activity_key(entry.id, i) for i in entry.activity_ids), roadmap.activities, strict=True)
        ]
        domain_updates = [update_from(r) for t in tracked for r in updates_by_key.get(t.id, [])]
        progress = commitment_progress(tracked, domain_updates, day)
        progresses.append(progress)
        activities = []
        for activity_id, activity, track in zip(entry.activity_ids, roadmap.activities, tracked, strict=True):
            status = current_status(domain_updates, track.id)
            due_soon = (
                activity.end is not None
                and day <= activity.end <= day + dt.timedelta(days=DUE_SOON_DAYS)
                and status is not ActivityStatus.VERIFICADA
            )
            activities.append(
                {
                    "id": activity_id,
                    "description": activity.description,
                    "responsible": activity.responsible,
                    "start": iso(activity.start),
                    "end": iso(activity.end),
                    "weight": activity.weight,
                    "products": list(activity.products),
                    "verification": list(activity.verification),
                    "status": str(status),
                    "late": is_late(track, status, day),
                    "due_soon": due_soon,
                    "updates": [update_json(plan_id, r.id, r.data) for r in updates_by_key.get(track.id, [])],
                }
            )
        indicators = []
        for indicator_id, indicator in zip(entry.indicator_ids, roadmap.indicators, strict=True):
            rows = measurements_by_key.get(activity_key(entry.id, indicator_id), [])
            indicators.append(
                {
                    "id": indicator_id,
                    "name": indicator.name,
                    "definition": indicator.definition,
                    "method": indicator.method,
                    "unit": indicator.unit,
                    "frequency": indicator.frequency,
                    "baseline": {"value": indicator.baseline.value, "year": indicator.baseline.year},
                    "goal": indicator.goal,
                    "direction": None if indicator.direction is None else str(indicator.direction),
                    "measurements": sorted((measurement_json(r.id, r.data) for r in rows), key=lambda m: m["period"]),
                }
            )
        commitments.append(
            {
                "id": entry.id,
                "title": str(entry.commitment.sheet.get("title", "")),
                "origin": str(entry.origin),
                "start": iso(roadmap.start),
                "end": iso(roadmap.end),
                "responsible": dataclasses.asdict(roadmap.responsible),
                "organizations": [o.name for o in roadmap.organizations],
                "result": roadmap.result,
                "progress": {"verified": progress.verified, "reported": progress.reported, "late": progress.late},
                "activities": activities,
                "indicators": indicators,
            }
        )
    reported = math.fsum(p.reported for p in progresses) / len(progresses) if progresses else 0.0
    data = {
        "plan": {
            "id": plan.id,
            "title": plan.title,
            "entity": plan.entity,
            "type": str(plan.type),
            "guarantor": plan.guarantor,
            "start": iso(plan.start),
            "end": iso(plan.end),
            "approved_on": iso(plan.approved_on),
        },
        "published": publication is not None,
        "published_at": None if publication is None else publication.data["published_at"],
        "public_path": PUBLIC_PAGE.format(plan_id=plan_id),
        "today": day.isoformat(),
        "progress": {
            "verified": plan_progress(progresses),
            "reported": round(reported, 2),
            "late": sum(p.late for p in progresses),
        },
        "commitments": commitments,
        "reviews": [review_json(r.data) for r in by_kind.get("review", [])],
        "history": await _history(cocrea, plan_id) if publication is not None else [],
    }
    return FollowUpState(plan, data)


async def _history(cocrea: Cocrea, plan_id: str) -> list[dict[str, Any]]:
    """The plan's changes after it was published, with their public fields."""
    events = await cocrea.store.list_plan_events(plan_id)
    published = next((e.seq for e in events if e.kind == "plan_published"), None)
    if published is None:
        return []
    return [
        {"seq": e.seq, "at": e.created_at.isoformat(), "kind": e.kind}
        | {k: e.payload[k] for k in PUBLIC_EVENTS[e.kind] if k in e.payload}
        for e in events
        if e.seq > published and e.kind in PUBLIC_EVENTS
    ]
