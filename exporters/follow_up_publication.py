"""The input of the public follow-up's outputs: a published Plan de Acción
as plain data the storage layer fills (``PublishedPlan`` and the frozen
dataclasses it holds) — the plan's commitments with their activities and
indicators, each with a stable id, and what happened after publishing:
updates and verifications (``workshops.follow_up.Update``), evidence
metadata, measurements, reviews and the public history. Also
``public_commitment``, a plan's commitment as published, and ``plan_title``.
Nothing here reads storage or knows a route.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from workshops.follow_up import CommitmentReview, Measurement, ReviewKind, Update
from workshops.plan import PLAN_TYPE_LABELS_ES, Origin, Plan, PlanCommitment
from workshops.roadmap import Direction


@dataclass(frozen=True)
class PublicActivity:
    """An activity of a commitment's hoja de ruta, with its stable id."""

    id: str
    description: str
    start: dt.date | None
    end: dt.date | None
    weight: float | None  # percent of the commitment; None: equal weights
    responsible: str = ""  # the area named in the hoja de ruta (public)
    products: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublicIndicator:
    id: str
    name: str
    baseline: float | None
    goal: float | None
    direction: Direction | None  # ascendente / descendente / constante
    unit: str = ""
    baseline_year: int | None = None


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence of an activity: a stored file (``url`` is where
    the public page serves it, ``sha256`` its digest) or an outside ``link``."""

    activity_id: str
    name: str
    media_type: str = ""
    size: int | None = None
    sha256: str | None = None
    url: str | None = None  # the stored file, served by the platform
    link: str | None = None  # an outside http(s) link
    at: dt.datetime | None = None


@dataclass(frozen=True)
class PublicCommitment:
    """A commitment as published: the parts of its sheet and hoja de ruta
    the public page and the informe final show."""

    id: str
    title: str
    objective: str = ""  # «¿En qué consiste el compromiso?»
    problem: str = ""  # «Problema público que atiende»
    origin: Origin = Origin.CO_CREADO  # shown in the reader's language (follow_up_words.ORIGIN_LABELS)
    responsible_position: str = ""
    responsible_institution: str = ""
    organizations: tuple[str, ...] = ()  # organizaciones corresponsables
    result: str = ""  # resultado esperado
    start: dt.date | None = None
    end: dt.date | None = None
    activities: tuple[PublicActivity, ...] = ()
    indicators: tuple[PublicIndicator, ...] = ()
    lines_of_action: tuple[str, ...] = ()  # empty: the activities' descriptions
    conclusions: str = ""  # the informe final's closing words, when written


@dataclass(frozen=True)
class Review:
    """A six-month monitoring or final evaluation, frozen once published."""

    kind: ReviewKind
    recorded_at: dt.datetime
    commitments: tuple[CommitmentReview, ...]


@dataclass(frozen=True)
class HistoryEntry:
    """A change to the plan after it was published."""

    at: dt.datetime
    text: str


@dataclass(frozen=True)
class PublishedPlan:
    id: str
    title: str
    entity: str
    guarantor: str
    start: dt.date | None
    end: dt.date | None
    published_at: dt.datetime
    public_url: str
    commitments: tuple[PublicCommitment, ...]
    updates: tuple[Update, ...] = ()  # every activity's, in any order
    evidence: tuple[Evidence, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    reviews: tuple[Review, ...] = ()
    history: tuple[HistoryEntry, ...] = ()


def public_commitment(
    entry: PlanCommitment, activity_ids: Sequence[str], indicator_ids: Sequence[str], *, conclusions: str = ""
) -> PublicCommitment:
    """A plan's commitment as the public outputs read it, given the stable
    ids its activities and indicators got when the plan was published (in
    the hoja de ruta's order). Only what the published plan already shows:
    the responsible's position and institution, the organizations' names
    (never a contact)."""
    r = entry.roadmap
    if len(activity_ids) != len(r.activities) or len(indicator_ids) != len(r.indicators):
        raise ValueError("one id per activity and per indicator of the hoja de ruta")
    sheet = entry.commitment.sheet
    return PublicCommitment(
        id=entry.id,
        title=str(sheet.get("title") or ""),
        objective=str(sheet.get("description") or ""),
        problem=str(sheet.get("problem") or ""),
        origin=entry.origin,
        responsible_position=r.responsible.position,
        responsible_institution=r.responsible.institution,
        organizations=tuple(o.name for o in r.organizations if o.name.strip()),
        result=r.result,
        start=r.start,
        end=r.end,
        activities=tuple(
            PublicActivity(aid, a.description, a.start, a.end, a.weight, a.responsible, a.products)
            for aid, a in zip(activity_ids, r.activities, strict=True)
        ),
        indicators=tuple(
            PublicIndicator(iid, ind.name, ind.baseline.value, ind.goal, ind.direction, ind.unit, ind.baseline.year)
            for iid, ind in zip(indicator_ids, r.indicators, strict=True)
        ),
        conclusions=conclusions,
    )


def plan_title(plan: Plan) -> str:
    """The plan's title, or the one its documents give it (``plan_view``)."""
    return plan.title.strip() or f"{PLAN_TYPE_LABELS_ES[plan.type]} de Gobierno Abierto: {plan.entity}"
