"""Public follow-up of a published Plan de Acción (*seguimiento*, Guía Básica
steps 5–6): responsibles report each activity's progress with evidence, the
organismo garante verifies it, indicators get measurements, and a six-month
monitoring and a final evaluation are recorded.

The rules that make the *tablero* trustworthy live here:

- **Statuses move one way for each role.** A reporter (the responsible public
  servant or the co-responsible organization) takes an activity from
  *sin iniciar* to *iniciada* to *por verificar*; only a verifier (the
  organismo garante, or the plan's editor) marks it *verificada* or returns it
  (*devuelta*, with a reason), after which the reporter may report again. A
  verified activity is closed.
- **Progress is computed, never typed.** A commitment's verified progress is
  the share of its activities' weights that are verified (equal weights when
  the hoja de ruta gives none); what is reported but not yet verified is
  shown apart. A plan's progress is the mean of its commitments'.
- **Late is computed from dates.** An activity whose end date has passed and
  that is not verified is *atrasada*, every day, without anyone setting it.

Pure: standard library only, no I/O; the server stores what these functions
return.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from .errors import NotAllowedError, ValidationError
from .messages import _
from .workshop import clean_text

E = TypeVar("E", bound=StrEnum)

NOTE_MAX = 2000
LINK_MAX = 2000
LINKS_PER_UPDATE_MAX = 10
REVIEW_TEXT_MAX = 4000
PERIOD_RE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")


class ActivityStatus(StrEnum):
    SIN_INICIAR = "sin_iniciar"
    INICIADA = "iniciada"
    POR_VERIFICAR = "por_verificar"
    VERIFICADA = "verificada"
    DEVUELTA = "devuelta"


STATUS_LABELS_ES = {
    ActivityStatus.SIN_INICIAR: _("Sin iniciar"),
    ActivityStatus.INICIADA: _("Iniciada"),
    ActivityStatus.POR_VERIFICAR: _("Por verificar"),
    ActivityStatus.VERIFICADA: _("Verificada"),
    ActivityStatus.DEVUELTA: _("Devuelta"),
}


class FollowUpRole(StrEnum):
    RESPONSABLE = "responsable"  # persona servidora pública responsable
    CORRESPONSABLE = "corresponsable"  # organización de la sociedad civil corresponsable
    VERIFIER = "verificador"  # organismo garante
    EDITOR = "editor"  # the plan's editor (Secretariado Técnico)


REPORTERS = (FollowUpRole.RESPONSABLE, FollowUpRole.CORRESPONSABLE)
VERIFIERS = (FollowUpRole.VERIFIER, FollowUpRole.EDITOR)

# What a reporter may move an activity to, from each status.
REPORT_MOVES: Mapping[ActivityStatus, tuple[ActivityStatus, ...]] = {
    ActivityStatus.SIN_INICIAR: (ActivityStatus.INICIADA, ActivityStatus.POR_VERIFICAR),
    ActivityStatus.INICIADA: (ActivityStatus.INICIADA, ActivityStatus.POR_VERIFICAR),
    ActivityStatus.DEVUELTA: (ActivityStatus.INICIADA, ActivityStatus.POR_VERIFICAR),
    ActivityStatus.POR_VERIFICAR: (ActivityStatus.POR_VERIFICAR,),
    ActivityStatus.VERIFICADA: (),
}


class Completion(StrEnum):
    """OGP's completion levels."""

    NO_INICIADO = "no_iniciado"
    LIMITADO = "limitado"
    SUSTANCIAL = "sustancial"
    COMPLETO = "completo"


class OpenedGovernment(StrEnum):
    """OGP's «did it open government?»."""

    EMPEORO = "empeoro"
    NO_CAMBIO = "no_cambio"
    MARGINAL = "marginal"
    MAYOR = "mayor"
    SOBRESALIENTE = "sobresaliente"


class ReviewKind(StrEnum):
    SEGUIMIENTO_SEMESTRAL = "seguimiento_semestral"
    EVALUACION_FINAL = "evaluacion_final"


@dataclass(frozen=True)
class Update:
    """A report of a reporter, or a verifier's decision, on one activity."""

    activity_id: str
    status: ActivityStatus
    note: str
    links: tuple[str, ...]
    by_role: FollowUpRole
    at: dt.datetime


@dataclass(frozen=True)
class TrackedActivity:
    """What progress needs of an activity of the plan."""

    id: str
    end: dt.date | None
    weight: float | None


def _enum(kind: type[E], value: object, field: str, what: str) -> E:
    for member in kind:
        if isinstance(value, str) and member.value == value:
            return member
    choices = ", ".join(m.value for m in kind)
    raise ValidationError(_("{what} desconocido; usa {choices}.", what=what, choices=choices), field=field)


def clean_links(value: object) -> tuple[str, ...]:
    """Evidence links: http(s) only, shown as text, never as active HTML."""
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or len(value) > LINKS_PER_UPDATE_MAX:
        raise ValidationError(
            _(
                "«links» debe ser una lista de hasta {links_per_update_max} enlaces.",
                links_per_update_max=LINKS_PER_UPDATE_MAX,
            ),
            field="links",
        )
    links = []
    for i, link in enumerate(value):
        text = clean_text(link, field="links", max_len=LINK_MAX, required=True)
        if not re.match(r"^https?://[^\s/$.?#][^\s]*$", text, re.IGNORECASE):
            raise ValidationError(_("El enlace {i} debe empezar con http:// o https://.", i=i + 1), field=f"links.{i}")
        links.append(text)
    return tuple(links)


def current_status(updates: Sequence[Update], activity_id: str) -> ActivityStatus:
    """The status an activity's last update left it in."""
    mine = [u for u in updates if u.activity_id == activity_id]
    return mine[-1].status if mine else ActivityStatus.SIN_INICIAR


def report(
    updates: Sequence[Update],
    activity_id: str,
    *,
    role: object,
    status: object,
    note: object,
    links: object,
    now: dt.datetime,
) -> Update:
    """A reporter's update of an activity (its status, a note, evidence)."""
    if role not in REPORTERS:
        raise NotAllowedError("Solo las personas responsables del compromiso reportan avances.")
    wanted = _enum(ActivityStatus, status, "status", _("Estado"))
    current = current_status(updates, activity_id)
    if current is ActivityStatus.VERIFICADA:
        raise NotAllowedError("La actividad ya fue verificada; no admite más reportes.")
    if wanted not in REPORT_MOVES[current]:
        raise ValidationError(
            _(
                "Una actividad «{status}» no puede pasar a «{target}» por un reporte.",
                status=STATUS_LABELS_ES[current],
                target=STATUS_LABELS_ES[wanted],
            ),
            field="status",
        )
    text = clean_text(note, field="note", max_len=NOTE_MAX, required=False, multiline=True)
    evidence = clean_links(links)
    if wanted is ActivityStatus.POR_VERIFICAR and not evidence and not text:
        raise ValidationError("Para pedir la verificación, describe lo hecho o agrega evidencia.", field="note")
    return Update(activity_id, wanted, text, evidence, FollowUpRole(str(role)), now)


def verify(
    updates: Sequence[Update], activity_id: str, *, role: object, decision: object, reason: object, now: dt.datetime
) -> Update:
    """The organismo garante (or the editor) verifies an activity or returns it with a reason."""
    if role not in VERIFIERS:
        raise NotAllowedError("Solo el organismo garante o quien edita el plan verifica actividades.")
    if decision not in (ActivityStatus.VERIFICADA, ActivityStatus.DEVUELTA):
        raise ValidationError("«decision» debe ser «verificada» o «devuelta».", field="decision")
    current = current_status(updates, activity_id)
    if current is not ActivityStatus.POR_VERIFICAR:
        raise ValidationError(
            _(
                "Solo se verifica una actividad «Por verificar» (esta está «{status}»).",
                status=STATUS_LABELS_ES[current],
            ),
            field="decision",
        )
    why = clean_text(
        reason, field="reason", max_len=NOTE_MAX, required=decision == ActivityStatus.DEVUELTA, multiline=True
    )
    return Update(activity_id, ActivityStatus(str(decision)), why, (), FollowUpRole(str(role)), now)


def is_late(activity: TrackedActivity, status: ActivityStatus, today: dt.date) -> bool:
    """Past its end date and not verified (computed every day, never set)."""
    return activity.end is not None and activity.end < today and status is not ActivityStatus.VERIFICADA


def _weights(activities: Sequence[TrackedActivity]) -> list[float]:
    given = [a.weight for a in activities]
    if not activities:
        return []
    if any(w is None for w in given) or math.fsum(w for w in given if w is not None) <= 0:
        return [1.0] * len(activities)
    return [float(w) for w in given if w is not None]


@dataclass(frozen=True)
class Progress:
    verified: float  # 0–100: share of the weights verified
    reported: float  # 0–100: share waiting for verification (shown apart)
    late: int  # activities late today


def commitment_progress(activities: Sequence[TrackedActivity], updates: Sequence[Update], today: dt.date) -> Progress:
    weights = _weights(activities)
    total = math.fsum(weights)
    if total <= 0:
        return Progress(0.0, 0.0, 0)
    statuses = [current_status(updates, a.id) for a in activities]
    verified = math.fsum(w for w, s in zip(weights, statuses, strict=True) if s is ActivityStatus.VERIFICADA)
    waiting = math.fsum(w for w, s in zip(weights, statuses, strict=True) if s is ActivityStatus.POR_VERIFICAR)
    late = sum(1 for a, s in zip(activities, statuses, strict=True) if is_late(a, s, today))
    return Progress(round(100 * verified / total, 2), round(100 * waiting / total, 2), late)


def plan_progress(progress: Sequence[Progress]) -> float:
    """The mean of the commitments' verified progress (0 without commitments)."""
    return round(math.fsum(p.verified for p in progress) / len(progress), 2) if progress else 0.0


@dataclass(frozen=True)
class Measurement:
    indicator_id: str
    period: str  # «2027» or «2027-03»
    value: float
    note: str
    at: dt.datetime


def measure(
    indicator_id: str, *, role: object, period: object, value: object, note: object, now: dt.datetime
) -> Measurement:
    """A reporter records an indicator's value for a period (not in the future)."""
    if role not in (*REPORTERS, FollowUpRole.EDITOR):
        raise NotAllowedError("Solo las personas responsables o quien edita el plan registran mediciones.")
    match = PERIOD_RE.match(period) if isinstance(period, str) else None
    if match is None:
        raise ValidationError("El periodo se escribe «AAAA» o «AAAA-MM».", field="period")
    year, month = int(match.group(1)), int(match.group(2) or 1)
    if (year, month) > (now.year, now.month):
        raise ValidationError("El periodo no puede estar en el futuro.", field="period")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError("El valor debe ser un número.", field="value")
    text = clean_text(note, field="note", max_len=NOTE_MAX, required=False, multiline=True)
    return Measurement(indicator_id, str(period), float(value), text, now)


@dataclass(frozen=True)
class CommitmentReview:
    commitment_id: str
    completion: Completion
    opened_government: OpenedGovernment
    quality: str
    relevance: str
    notes: str


def review_commitments(data: object, commitment_ids: Sequence[str], *, role: object) -> tuple[CommitmentReview, ...]:
    """The six-month monitoring or the final evaluation of each commitment
    (the organismo garante; every commitment of the plan once)."""
    if role not in VERIFIERS:
        raise NotAllowedError("Solo el organismo garante o quien edita el plan registra revisiones.")
    if not isinstance(data, list):
        raise ValidationError("«commitments» debe ser una lista.", field="commitments")
    reviews = []
    for i, item in enumerate(data):
        where = f"commitments.{i}"
        if not isinstance(item, Mapping):
            raise ValidationError(_("La revisión {i} debe ser un objeto.", i=i + 1), field=where)
        cid = item.get("commitment_id")
        if cid not in commitment_ids:
            raise ValidationError(
                _("La revisión {i} nombra un compromiso que no está en el plan.", i=i + 1), field=where
            )
        reviews.append(
            CommitmentReview(
                str(cid),
                _enum(Completion, item.get("completion"), f"{where}.completion", _("Nivel de avance")),
                _enum(
                    OpenedGovernment,
                    item.get("opened_government"),
                    f"{where}.opened_government",
                    _("Valor"),
                ),
                clean_text(
                    item.get("quality"), field="quality", max_len=REVIEW_TEXT_MAX, required=False, multiline=True
                ),
                clean_text(
                    item.get("relevance"), field="relevance", max_len=REVIEW_TEXT_MAX, required=False, multiline=True
                ),
                clean_text(item.get("notes"), field="notes", max_len=REVIEW_TEXT_MAX, required=False, multiline=True),
            )
        )
    named = [r.commitment_id for r in reviews]
    if sorted(named) != sorted(commitment_ids):
        raise ValidationError("La revisión debe incluir una vez cada compromiso del plan.", field="commitments")
    return tuple(reviews)
