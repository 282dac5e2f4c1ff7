"""The view model of a published Plan de Acción's public follow-up (the
*tablero de seguimiento*): what the public page, the open data (JSON, CSV),
the feeds (Atom, iCalendar) and each commitment's *informe final* read,
built once by ``follow_up_view`` from a ``PublishedPlan``
(``follow_up_publication``), with the words of ``follow_up_words``.

Everything computed comes from ``workshops.follow_up``: a commitment's
verified progress (the share of its activities' weights that are
verified), what is reported but waits for verification (shown apart), an
activity *atrasada* when its end date is before ``today`` and it is not
verified, and the plan's progress as the mean of its commitments'.

Every text people typed has gone through ``xml_text`` (characters HTML and
XML cannot carry become U+FFFD). Escaping is each writer's business.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Sequence
from typing import Any

from workshops.follow_up import (
    ActivityStatus,
    CommitmentReview,
    FollowUpRole,
    Measurement,
    Progress,
    ReviewKind,
    TrackedActivity,
    Update,
    commitment_progress,
    current_status,
    is_late,
    plan_progress,
)
from workshops.roadmap import Direction

from .follow_up_publication import Evidence, PublicActivity, PublicCommitment, PublicIndicator, PublishedPlan, Review
from .follow_up_words import (
    COMPLETION_LABELS,
    DIRECTION_LABELS,
    LANGS,
    OPENED_LABELS,
    ORIGIN_LABELS,
    REVIEW_KIND_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    WORDS,
    date_text,
    late_text,
    number_text,
    percent_text,
    safe_href,
    size_text,
    time_text,
    utc_iso,
)
from .tree_svg import xml_text

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
# The namespace of the feeds' stable entry ids (uuid5 of a plan's item).
FEED_NAMESPACE = uuid.UUID("0d7c5c39-5b7e-5d3a-9c53-6b1f7c0c1e4a")


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGS}")
    return lang


def _text(value: str) -> str:
    return xml_text(value) if value else ""


def follow_up_view(plan: PublishedPlan, today: dt.date, lang: str = "es") -> dict[str, Any]:
    """Everything the public outputs show, in ``lang``, as of ``today``."""
    lang = _check_lang(lang)
    words = WORDS[lang]
    updates = sorted(plan.updates, key=lambda u: u.at)  # stable: same-time updates keep their order
    by_activity: dict[str, list[Update]] = {}
    for u in updates:
        by_activity.setdefault(u.activity_id, []).append(u)
    evidence: dict[str, list[Evidence]] = {}
    for e in plan.evidence:
        evidence.setdefault(e.activity_id, []).append(e)
    measurements: dict[str, list[Measurement]] = {}
    for m in sorted(plan.measurements, key=lambda m: (m.period, m.at)):
        measurements.setdefault(m.indicator_id, []).append(m)
    reviews = sorted(plan.reviews, key=lambda r: r.recorded_at)

    commitments = []
    for number, c in enumerate(plan.commitments, 1):
        commitments.append(_commitment(number, c, by_activity, evidence, measurements, reviews, today, lang))
    progress = plan_progress(
        [Progress(c["progress"]["verified"], c["progress"]["reported"], c["progress"]["late"]) for c in commitments]
    )
    late = sum(c["progress"]["late"] for c in commitments)
    return {
        "lang": lang,
        "html_lang": "es-MX" if lang == "es" else "en",
        "words": words,
        "id": _text(plan.id),
        "title": _text(plan.title) or words["pending"],
        "entity": _text(plan.entity) or words["pending"],
        "guarantor": _text(plan.guarantor) or words["pending"],
        "start": date_text(plan.start, lang),
        "end": date_text(plan.end, lang),
        "start_iso": plan.start.isoformat() if plan.start else None,
        "end_iso": plan.end.isoformat() if plan.end else None,
        "published_at": time_text(plan.published_at, lang),
        "published_at_iso": utc_iso(plan.published_at),
        "public_url": plan.public_url,
        "today": date_text(today, lang),
        "today_iso": today.isoformat(),
        "progress": {
            "verified": progress,
            "verified_text": percent_text(progress, lang),
            "late": late,
            "late_text": late_text(late, lang),
        },
        "commitments": commitments,
        "reviews": [_review(r, plan.commitments, lang) for r in reviews],
        "history": [
            {"at": time_text(h.at, lang), "at_iso": utc_iso(h.at), "text": _text(h.text)}
            for h in sorted(plan.history, key=lambda h: h.at)
        ],
        "events": _events(plan, reviews, commitments, lang),
        "updated_iso": utc_iso(max([plan.published_at, *(u.at for u in updates), *(r.recorded_at for r in reviews)])),
    }


def _tracked(c: PublicCommitment) -> list[TrackedActivity]:
    return [TrackedActivity(a.id, a.end, a.weight) for a in c.activities]


def _commitment(
    number: int,
    c: PublicCommitment,
    updates: dict[str, list[Update]],
    evidence: dict[str, list[Evidence]],
    measurements: dict[str, list[Measurement]],
    reviews: Sequence[Review],
    today: dt.date,
    lang: str,
) -> dict[str, Any]:
    words = WORDS[lang]
    mine = [u for a in c.activities for u in updates.get(a.id, [])]
    progress = commitment_progress(_tracked(c), mine, today)
    tracked = _tracked(c)
    weights = _shown_weights(c.activities)
    activities = [
        _activity(i, a, t, w, updates.get(a.id, []), evidence.get(a.id, []), today, lang)
        for i, (a, t, w) in enumerate(zip(c.activities, tracked, weights, strict=True), 1)
    ]
    title = _text(c.title) or words["pending"]
    own_reviews = [_commitment_review(r, cr, lang) for r in reviews for cr in r.commitments if cr.commitment_id == c.id]
    lines = [_text(line) for line in c.lines_of_action if line.strip()] or [a["description"] for a in activities]
    return {
        "number": number,
        "id": _text(c.id),
        "anchor": f"compromiso-{number}",
        "heading": f"{words['commitment']} {number}. {title}",
        "title": title,
        "objective": _text(c.objective),
        "problem": _text(c.problem),
        "origin": ORIGIN_LABELS[lang][c.origin],
        "responsible": ", ".join(_text(v) for v in (c.responsible_position, c.responsible_institution) if v.strip()),
        "organizations": [_text(o) for o in c.organizations if o.strip()],
        "result": _text(c.result),
        "start": date_text(c.start, lang),
        "end": date_text(c.end, lang),
        "start_iso": c.start.isoformat() if c.start else None,
        "end_iso": c.end.isoformat() if c.end else None,
        "lines_of_action": lines,
        "conclusions": _text(c.conclusions),
        "progress": {
            "verified": progress.verified,
            "reported": progress.reported,
            "late": progress.late,
            "verified_text": percent_text(progress.verified, lang),
            "reported_text": percent_text(progress.reported, lang),
            "late_text": late_text(progress.late, lang),
        },
        "activities": activities,
        "indicators": [_indicator(i, ind, measurements.get(ind.id, []), lang) for i, ind in enumerate(c.indicators, 1)],
        "reviews": own_reviews,
        "final_review": next((r for r in reversed(own_reviews) if r["kind"] == ReviewKind.EVALUACION_FINAL), None),
    }


def _shown_weights(activities: Sequence[PublicActivity]) -> list[float]:
    """Each activity's share of its commitment, as the progress rule counts it
    (equal shares when the hoja de ruta gives no weights)."""
    given = [a.weight for a in activities]
    if not activities:
        return []
    if any(w is None for w in given) or math.fsum(w for w in given if w is not None) <= 0:
        return [round(100 / len(activities), 2)] * len(activities)
    total = math.fsum(w for w in given if w is not None)
    return [round(100 * float(w) / total, 2) for w in given if w is not None]


def _activity(
    number: int,
    a: PublicActivity,
    tracked: TrackedActivity,
    weight: float,
    updates: Sequence[Update],
    evidence: Sequence[Evidence],
    today: dt.date,
    lang: str,
) -> dict[str, Any]:
    status = current_status(updates, a.id)
    late = is_late(tracked, status, today)
    shown_updates = [_update(u, lang) for u in updates]
    links = [
        _evidence(Evidence(a.id, link, link=link, at=u.at), lang) for u in updates for link in u.links
    ]  # the links given in the updates themselves
    seen = {e["link"] for e in links}
    files = [_evidence(e, lang) for e in evidence if not (e.link and e.link in seen)]
    return {
        "number": number,
        "id": _text(a.id),
        "description": _text(a.description) or WORDS[lang]["pending"],
        "responsible": _text(a.responsible),
        "products": [_text(p) for p in a.products if p.strip()],
        "start": date_text(a.start, lang),
        "end": date_text(a.end, lang),
        "start_iso": a.start.isoformat() if a.start else None,
        "end_iso": a.end.isoformat() if a.end else None,
        "weight": weight,
        "weight_text": percent_text(weight, lang),
        "status": str(status),
        "status_label": STATUS_LABELS[lang][status],
        "late": late,
        "late_label": WORDS[lang]["late"] if late else "",
        "updates": shown_updates,
        "last_note": next((u["note"] for u in reversed(shown_updates) if u["note"]), ""),
        "evidence": files + links,
    }


def _update(u: Update, lang: str) -> dict[str, Any]:
    verification = u.by_role in (FollowUpRole.VERIFIER, FollowUpRole.EDITOR) and u.status in (
        ActivityStatus.VERIFICADA,
        ActivityStatus.DEVUELTA,
    )
    return {
        "kind": "verification" if verification else "update",
        "at": time_text(u.at, lang),
        "at_iso": utc_iso(u.at),
        "status": str(u.status),
        "status_label": STATUS_LABELS[lang][u.status],
        "role": str(u.by_role),
        "role_label": ROLE_LABELS[lang][u.by_role],
        "note": _text(u.note),
        "links": [{"text": _text(link), "href": safe_href(link)} for link in u.links],
    }


def _evidence(e: Evidence, lang: str) -> dict[str, Any]:
    target = e.link or e.url or ""
    digest = e.sha256.lower() if e.sha256 and SHA256_RE.match(e.sha256.lower()) else None
    return {
        "kind": "link" if e.link else "file",
        "name": _text(e.name) or _text(target),
        "media_type": _text(e.media_type),
        "size": e.size,
        "size_text": size_text(e.size),
        "sha256": digest,
        "url": _text(e.url or "") or None,
        "link": _text(e.link or "") or None,
        "target": _text(target),
        "href": safe_href(target),
        "at": time_text(e.at, lang) if e.at else "",
        "at_iso": utc_iso(e.at) if e.at else None,
    }


def _indicator(number: int, ind: PublicIndicator, measured: Sequence[Measurement], lang: str) -> dict[str, Any]:
    unit = _text(ind.unit)
    baseline = number_text(ind.baseline, lang, unit)
    if ind.baseline is not None and ind.baseline_year is not None:
        baseline += f" ({ind.baseline_year})"
    rows = [
        {
            "period": _text(m.period),
            "value": m.value,
            "value_text": number_text(m.value, lang, unit),
            "note": _text(m.note),
            "at_iso": utc_iso(m.at),
            "toward_goal": _toward_goal(ind, m.value),
        }
        for m in measured
    ]
    latest = rows[-1] if rows else None
    return {
        "number": number,
        "id": _text(ind.id),
        "name": _text(ind.name) or WORDS[lang]["pending"],
        "unit": unit,
        "baseline": ind.baseline,
        "baseline_text": baseline,
        "baseline_year": ind.baseline_year,
        "goal": ind.goal,
        "goal_text": number_text(ind.goal, lang, unit),
        "direction": str(ind.direction) if ind.direction else None,
        "direction_label": DIRECTION_LABELS[lang][ind.direction] if ind.direction else WORDS[lang]["pending"],
        "measurements": rows,
        "latest": latest,
        "goal_met": _goal_met(ind, measured[-1].value) if measured else None,
    }


def _toward_goal(ind: PublicIndicator, value: float) -> bool | None:
    """Whether a value moved from the baseline the way the indicator should."""
    if ind.baseline is None or ind.direction is None:
        return None
    if ind.direction is Direction.ASCENDENTE:
        return value > ind.baseline
    if ind.direction is Direction.DESCENDENTE:
        return value < ind.baseline
    return value == ind.baseline


def _goal_met(ind: PublicIndicator, value: float) -> bool | None:
    if ind.goal is None or ind.direction is None:
        return None
    if ind.direction is Direction.ASCENDENTE:
        return value >= ind.goal
    if ind.direction is Direction.DESCENDENTE:
        return value <= ind.goal
    return value == ind.goal


def _commitment_review(r: Review, cr: CommitmentReview, lang: str) -> dict[str, Any]:
    return {
        "kind": str(r.kind),
        "kind_label": REVIEW_KIND_LABELS[lang][r.kind],
        "recorded_at": time_text(r.recorded_at, lang),
        "recorded_at_iso": utc_iso(r.recorded_at),
        "commitment_id": _text(cr.commitment_id),
        "completion": str(cr.completion),
        "completion_label": COMPLETION_LABELS[lang][cr.completion],
        "opened_government": str(cr.opened_government),
        "opened_government_label": OPENED_LABELS[lang][cr.opened_government],
        "quality": _text(cr.quality),
        "relevance": _text(cr.relevance),
        "notes": _text(cr.notes),
    }


def _review(r: Review, commitments: Sequence[PublicCommitment], lang: str) -> dict[str, Any]:
    titles = {c.id: (n, _text(c.title)) for n, c in enumerate(commitments, 1)}
    rows = []
    for cr in r.commitments:
        number, title = titles.get(cr.commitment_id, (0, ""))
        rows.append(_commitment_review(r, cr, lang) | {"number": number, "title": title})
    rows.sort(key=lambda row: row["number"])
    return {
        "kind": str(r.kind),
        "kind_label": REVIEW_KIND_LABELS[lang][r.kind],
        "recorded_at": time_text(r.recorded_at, lang),
        "recorded_at_iso": utc_iso(r.recorded_at),
        "commitments": rows,
    }


def _events(
    plan: PublishedPlan,
    reviews: Sequence[Review],
    commitments: Sequence[dict[str, Any]],
    lang: str,
) -> list[dict[str, Any]]:
    """Every update, verification and review, newest first, each with an id
    that stays the same on every rendering (for the Atom feed)."""
    events = []
    seen: dict[str, int] = {}
    for c in commitments:
        for a in c["activities"]:
            for shown in a["updates"]:
                key = f"{plan.id}/activity/{a['id']}/{shown['at_iso']}/{shown['status']}"
                seen[key] = seen.get(key, 0) + 1
                key += f"/{seen[key]}"
                label = shown["status_label"]
                title = f"{WORDS[lang]['commitment']} {c['number']}, {a['number']}. {a['description']}: {label}"
                events.append(
                    {
                        "id": f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, key)}",
                        "kind": shown["kind"],
                        "at_iso": shown["at_iso"],
                        "title": title,
                        "text": "\n".join(
                            p for p in (f"{shown['role_label']}: {label}.", shown["note"], *shown_links(shown)) if p
                        ),
                        "commitment_id": c["id"],
                        "activity_id": a["id"],
                        "anchor": f"actividad-{a['id']}",
                    }
                )
    for r in reviews:
        shown_review = _review(r, plan.commitments, lang)
        key = f"{plan.id}/review/{r.kind}/{shown_review['recorded_at_iso']}"
        lines = [
            f"{WORDS[lang]['commitment']} {row['number']}: {row['completion_label']}; "
            f"{WORDS[lang]['opened_government']} {row['opened_government_label']}."
            for row in shown_review["commitments"]
        ]
        events.append(
            {
                "id": f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, key)}",
                "kind": "review",
                "at_iso": shown_review["recorded_at_iso"],
                "title": f"{shown_review['kind_label']} ({shown_review['recorded_at']})",
                "text": "\n".join(lines),
                "commitment_id": None,
                "activity_id": None,
                "anchor": "revisiones",
            }
        )
    events.sort(key=lambda e: e["at_iso"], reverse=True)
    return events


def shown_links(update: dict[str, Any]) -> list[str]:
    return [link["text"] for link in update["links"]]


def find_commitment(view: dict[str, Any], commitment_id: str) -> dict[str, Any]:
    """The commitment's part of the view; ``KeyError`` when the plan has none with that id."""
    for c in view["commitments"]:
        if c["id"] == commitment_id:
            return c  # type: ignore[no-any-return]
    raise KeyError(commitment_id)
