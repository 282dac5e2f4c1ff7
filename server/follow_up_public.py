"""The stored follow-up of a plan as the public outputs read it: the adapter
from ``follow_up_state`` (server/follow_up_state.py) to the exporters'
``PublishedPlan`` (exporters/follow_up_publication.py).

One source per fact: the activities' and indicators' ids, dates and weights
come from the plan's hoja de ruta; statuses only from the stored updates and
verifications (``workshops.follow_up.Update``: the view computes progress and
lateness again, from the same rules); evidence files from each update's
evidence rows, their ``url`` the public evidence route; measurements,
reviews and the public history from their records. Nothing here holds a
token, a link's id or a reporter's name: ``follow_up_state`` gives none.

Activity and indicator ids are unique per commitment (``workshops/plan.py``);
the view keys updates and measurements by id alone, so an id that two
commitments of the plan share is given as ``{commitment_id}--{id}`` (ids
derived by the platform never collide; an imported plan's may).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from exporters.follow_up_publication import (
    Evidence,
    HistoryEntry,
    PublishedPlan,
    Review,
    plan_title,
    public_commitment,
)
from exporters.follow_up_words import REVIEW_KIND_LABELS, STATUS_LABELS
from workshops.follow_up import (
    ActivityStatus,
    CommitmentReview,
    Completion,
    FollowUpRole,
    Measurement,
    OpenedGovernment,
    ReviewKind,
    Update,
)
from workshops.plan import Plan

from .follow_up_state import FollowUpState
from .json_times import parse_time
from .services import now

# What each public history entry says (es, en); ``{x}`` are the entry's public fields.
HISTORY_TEXTS: dict[str, tuple[str, str]] = {
    "plan_updated": ("Se actualizaron los datos del plan.", "The plan's details were updated."),
    "plan_commitment_attached": ("Se agregó el compromiso «{title}».", "Commitment «{title}» was added."),
    "plan_commitment_refreshed": ("Se actualizó el compromiso «{title}».", "Commitment «{title}» was updated."),
    "plan_commitment_detached": ("Se retiró el compromiso «{title}».", "Commitment «{title}» was removed."),
    "plan_commitment_origin": (
        "Cambió el origen del compromiso «{title}».",
        "The origin of commitment «{title}» changed.",
    ),
    "plan_commitments_reordered": ("Se reordenaron los compromisos.", "The commitments were reordered."),
    "follow_up_update": ("Reporte de una actividad: {status}.", "An activity was reported: {status}."),
    "follow_up_verification": ("Verificación de una actividad: {status}.", "An activity was verified: {status}."),
    "follow_up_measurement": (
        "Medición de un indicador para {period}: {value}.",
        "An indicator was measured for {period}: {value}.",
    ),
    "follow_up_review": ("Se registró una revisión: {review}.", "A review was recorded: {review}."),
}


def unique_ids(plan: Plan) -> dict[tuple[str, str], str]:
    """``(commitment_id, item_id)`` → the id the public outputs use: the
    item's own, or ``{commitment_id}--{id}`` when another commitment has it."""
    counts = Counter(i for e in plan.commitments for i in (*e.activity_ids, *e.indicator_ids))
    return {
        (e.id, i): i if counts[i] == 1 else f"{e.id}--{i}"
        for e in plan.commitments
        for i in (*e.activity_ids, *e.indicator_ids)
    }


def _history_text(item: Mapping[str, Any], lang: str) -> str:
    es, en = HISTORY_TEXTS.get(item["kind"], ("Cambio en el plan.", "The plan changed."))
    fields = {k: v for k, v in item.items() if isinstance(v, str | int | float)}
    fields.setdefault("title", "")
    if item.get("status") in tuple(ActivityStatus):
        fields["status"] = STATUS_LABELS[lang][ActivityStatus(item["status"])].lower()
    if item.get("review") in tuple(ReviewKind):
        fields["review"] = REVIEW_KIND_LABELS[lang][ReviewKind(item["review"])].lower()
    try:
        return (es if lang == "es" else en).format(**fields)
    except (KeyError, IndexError, ValueError):
        return es if lang == "es" else en


def published_plan(
    state: FollowUpState,
    public_url: str,
    absolute: Callable[[str], str],
    *,
    lang: str = "es",
    published_at: dt.datetime | None = None,
) -> PublishedPlan:
    """The plan and its follow-up as ``PublishedPlan``. ``public_url``: the
    page's address; ``absolute(path)``: a path on the platform as an address
    (evidence files are linked there); ``published_at`` stands in when the
    plan is not published yet (the editor's preview of an informe final)."""
    plan, data = state.plan, state.data
    ids = unique_ids(plan)
    by_id = {c["id"]: c for c in data["commitments"]}
    commitments = []
    updates: list[Update] = []
    evidence: list[Evidence] = []
    measurements: list[Measurement] = []
    for entry in plan.commitments:
        stored = by_id[entry.id]
        activity_ids = [ids[entry.id, i] for i in entry.activity_ids]
        indicator_ids = [ids[entry.id, i] for i in entry.indicator_ids]
        commitments.append(public_commitment(entry, activity_ids, indicator_ids))
        for activity in stored["activities"]:
            aid = ids[entry.id, activity["id"]]
            for u in activity["updates"]:
                at = parse_time(u["at"])
                updates.append(
                    Update(aid, ActivityStatus(u["status"]), u["note"], tuple(u["links"]), FollowUpRole(u["role"]), at)
                )
                evidence.extend(
                    Evidence(
                        aid,
                        e["name"],
                        media_type=e["media_type"],
                        size=e["size"],
                        sha256=e["sha256"],
                        url=absolute(e["url"]),
                        at=at,
                    )
                    for e in u["evidence"]
                )
        for indicator in stored["indicators"]:
            iid = ids[entry.id, indicator["id"]]
            measurements.extend(
                Measurement(iid, m["period"], float(m["value"]), m["note"], parse_time(m["at"]))
                for m in indicator["measurements"]
            )
    reviews = [
        Review(
            ReviewKind(r["kind"]),
            parse_time(r["at"]),
            tuple(
                CommitmentReview(
                    c["commitment_id"],
                    Completion(c["completion"]),
                    OpenedGovernment(c["opened_government"]),
                    c["quality"],
                    c["relevance"],
                    c["notes"],
                )
                for c in r["commitments"]
            ),
        )
        for r in data["reviews"]
    ]
    history = [HistoryEntry(parse_time(h["at"]), _history_text(h, lang)) for h in data["history"]]
    at = data["published_at"]
    return PublishedPlan(
        id=plan.id,
        title=plan_title(plan),
        entity=plan.entity,
        guarantor=plan.guarantor,
        start=plan.start,
        end=plan.end,
        published_at=parse_time(at) if at else (published_at or now()),
        public_url=public_url,
        commitments=tuple(commitments),
        updates=tuple(updates),
        evidence=tuple(evidence),
        measurements=tuple(measurements),
        reviews=tuple(reviews),
        history=tuple(history),
    )
