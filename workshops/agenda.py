"""The mesa's agenda (*orden del día*): steps with a title, the phase they
belong to and their planned minutes. The facilitator edits it (a default one
per phase to start from), starts a step and finishes it; the room shows the
current step with planned against actual time, and actual durations go to
the minutes.

Changes return a new ``Agenda`` after checking every rule; the old one is
never modified.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .errors import ConflictError, NotFoundError, ValidationError
from .messages import _
from .permissions import check_facilitator
from .phases import Phase
from .revision import check_base_revision
from .roles import Role
from .workshop import clean_text

STEPS_MAX = 30
STEP_TITLE_MAX = 120
STEP_MINUTES_MAX = 8 * 60

# Where a mesa starts: one step per phase (Guía Básica, the co-creation table).
DEFAULT_STEPS_ES: tuple[tuple[str, Phase, int], ...] = (
    (_("Bienvenida, encuadre y reglas de la mesa"), Phase.PREPARACION, 15),
    (_("Árbol de problemas: causas y efectos"), Phase.ARBOL_DE_PROBLEMAS, 45),
    (_("Árbol de objetivos"), Phase.ARBOL_DE_OBJETIVOS, 30),
    (_("Propuesta de alternativas de solución"), Phase.ALTERNATIVAS, 40),
    (_("Votación de alternativas"), Phase.VOTACION, 20),
    (_("Hoja de ruta del compromiso"), Phase.HOJA_DE_RUTA, 45),
    (_("Cierre y acuerdos"), Phase.CIERRE, 15),
)
# A step still titled as the default offers it is worded in the page's
# language (server/api_moderation.py); a title the facilitator wrote is theirs.
DEFAULT_TITLES = frozenset(title for title, _phase, _minutes in DEFAULT_STEPS_ES)


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    phase: Phase
    planned_minutes: int


@dataclass(frozen=True)
class Agenda:
    steps: tuple[Step, ...] = ()
    current: str | None = None
    started_at: dt.datetime | None = None
    # Seconds each step ran, over every time it was started.
    actual_seconds: Mapping[str, float] = field(default_factory=dict)
    # Counts the times the steps were set (workshops/revision.py): 0 for the
    # default agenda offered, 1 once it became the mesa's.
    revision: int = 0


def default_agenda(new_id: Callable[[], str]) -> Agenda:
    return Agenda(steps=tuple(Step(new_id(), title, phase, minutes) for title, phase, minutes in DEFAULT_STEPS_ES))


def adopt_default(new_id: Callable[[], str]) -> Agenda:
    """The default agenda made the mesa's (its steps get ids): a new
    revision, so a form that edited the default offered is stale."""
    return dataclasses.replace(default_agenda(new_id), revision=1)


def find_step(agenda: Agenda, step_id: object) -> Step | None:
    return next((s for s in agenda.steps if s.id == step_id), None)


def set_steps(
    agenda: Agenda, data: object, *, role: Role, new_id: Callable[[], str], base_revision: object = None
) -> Agenda:
    """Replace the steps with ``[{"id"?, "title", "phase", "planned_minutes"}]``.
    A step keeps its id (and its actual time) when the item names it; the
    current step may not be removed while it runs. A list edited from an
    older revision than ``agenda``'s is refused (``EditConflictError``)."""
    check_facilitator(role, _("maneja el orden del día"))
    check_base_revision(agenda.revision, base_revision)
    if not isinstance(data, list):
        raise ValidationError("«steps» debe ser una lista de pasos.", field="steps")
    if len(data) > STEPS_MAX:
        raise ValidationError(
            _("El orden del día admite como máximo {steps_max} pasos.", steps_max=STEPS_MAX), field="steps"
        )
    steps: list[Step] = []
    for i, item in enumerate(data):
        where = f"steps.{i}"
        if not isinstance(item, Mapping):
            raise ValidationError(_("El paso {i} debe ser un objeto.", i=i + 1), field=where)
        title = clean_text(item.get("title"), field="title", max_len=STEP_TITLE_MAX, required=True)
        try:
            phase = Phase(str(item.get("phase")))
        except ValueError:
            raise ValidationError(
                _("El paso {i} tiene una fase desconocida.", i=i + 1), field=f"{where}.phase"
            ) from None
        minutes = item.get("planned_minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= STEP_MINUTES_MAX:
            raise ValidationError(
                _(
                    "Los minutos planeados del paso {i} van de 1 a {step_minutes_max}.",
                    i=i + 1,
                    step_minutes_max=STEP_MINUTES_MAX,
                ),
                field=f"{where}.planned_minutes",
            )
        known = item.get("id")
        step_id = known if isinstance(known, str) and find_step(agenda, known) is not None else new_id()
        if any(s.id == step_id for s in steps):
            raise ValidationError(_("El paso {i} repite el identificador de otro.", i=i + 1), field=f"{where}.id")
        steps.append(Step(step_id, title, phase, minutes))
    if agenda.current is not None and all(s.id != agenda.current for s in steps):
        raise ConflictError("No puedes quitar el paso en curso; termínalo primero.")
    ids = {s.id for s in steps}
    actual = {k: v for k, v in agenda.actual_seconds.items() if k in ids}
    return dataclasses.replace(agenda, steps=tuple(steps), actual_seconds=actual, revision=agenda.revision + 1)


def _finish(agenda: Agenda, now: dt.datetime) -> Agenda:
    if agenda.current is None or agenda.started_at is None:
        return agenda
    ran = max(0.0, (now - agenda.started_at).total_seconds())
    actual = dict(agenda.actual_seconds)
    actual[agenda.current] = actual.get(agenda.current, 0.0) + ran
    return dataclasses.replace(agenda, current=None, started_at=None, actual_seconds=actual)


def start_step(agenda: Agenda, step_id: object, *, role: Role, now: dt.datetime) -> Agenda:
    """Start a step (the one in course, if any, finishes)."""
    check_facilitator(role, _("maneja el orden del día"))
    if find_step(agenda, step_id) is None:
        raise NotFoundError("Ese paso no está en el orden del día.")
    if agenda.current == step_id:
        raise ConflictError("Ese paso ya está en curso.")
    return dataclasses.replace(_finish(agenda, now), current=str(step_id), started_at=now)


def finish_step(agenda: Agenda, *, role: Role, now: dt.datetime) -> Agenda:
    check_facilitator(role, _("maneja el orden del día"))
    if agenda.current is None:
        raise ConflictError("No hay un paso en curso.")
    return _finish(agenda, now)


def actual_seconds(agenda: Agenda, step_id: str, now: dt.datetime) -> float:
    """Seconds a step has run, the current run included up to ``now``."""
    ran = agenda.actual_seconds.get(step_id, 0.0)
    if agenda.current == step_id and agenda.started_at is not None:
        ran += max(0.0, (now - agenda.started_at).total_seconds())
    return ran
