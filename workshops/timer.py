"""The facilitator's timer: a timebox everyone in the room sees count down.

It is kept as an instant in server time (``ends_at``) while it runs and as
the seconds left while paused, never as a count the server ticks: every
phone and the display compute what is left from the same instant, after
correcting for their own clock's offset, so they show the same second.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from .errors import ConflictError, ValidationError
from .messages import _
from .permissions import check_facilitator
from .roles import Role
from .workshop import clean_text

TIMER_MAX_SECONDS = 4 * 60 * 60
TIMER_LABEL_MAX = 120
# Warnings shown (and sounded on the display) this many seconds before zero.
WARNING_SECONDS = 30


class TimerAction:
    PAUSE = "pause"
    RESUME = "resume"
    ADD = "add"


TIMER_ACTIONS = (TimerAction.PAUSE, TimerAction.RESUME, TimerAction.ADD)


@dataclass(frozen=True)
class Timer:
    label: str
    duration_seconds: int
    started_at: dt.datetime
    # Running: when it reaches zero. Paused: None, and ``paused_remaining`` holds what is left.
    ends_at: dt.datetime | None
    paused_remaining: float | None = None

    @property
    def running(self) -> bool:
        return self.ends_at is not None


def _seconds(value: object, *, minimum: int, name: str = "seconds") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("Los segundos deben ser un número entero.", field=name)
    if not minimum <= value <= TIMER_MAX_SECONDS:
        raise ValidationError(
            _(
                "El temporizador va de {minimum} segundos a 4 horas ({most} segundos).",
                minimum=minimum,
                most=TIMER_MAX_SECONDS,
            )
            if minimum != 1
            else _("El temporizador va de 1 segundo a 4 horas ({most} segundos).", most=TIMER_MAX_SECONDS),
            field=name,
        )
    return value


def remaining_seconds(timer: Timer, now: dt.datetime) -> float:
    """Seconds left (0 once it has run out)."""
    if timer.ends_at is None:
        return max(0.0, timer.paused_remaining or 0.0)
    return max(0.0, (timer.ends_at - now).total_seconds())


def start_timer(*, role: Role, seconds: object, label: object = "", now: dt.datetime) -> Timer:
    """Start (or restart) the timer for ``seconds``."""
    check_facilitator(role, _("maneja el temporizador"))
    total = _seconds(seconds, minimum=1)
    text = clean_text(label, field="label", max_len=TIMER_LABEL_MAX, required=False)
    return Timer(label=text, duration_seconds=total, started_at=now, ends_at=now + dt.timedelta(seconds=total))


def change_timer(timer: Timer | None, *, role: Role, action: object, seconds: object, now: dt.datetime) -> Timer:
    """Pause, resume, or add time to the running or paused timer."""
    check_facilitator(role, _("maneja el temporizador"))
    if action not in TIMER_ACTIONS:
        raise ValidationError(_("Acción desconocida; usa {list}.", list=", ".join(TIMER_ACTIONS)), field="action")
    if timer is None:
        raise ConflictError("No hay un temporizador en marcha.")
    if action == TimerAction.PAUSE:
        if not timer.running:
            raise ConflictError("El temporizador ya está en pausa.")
        return dataclasses.replace(timer, ends_at=None, paused_remaining=remaining_seconds(timer, now))
    if action == TimerAction.RESUME:
        if timer.running:
            raise ConflictError("El temporizador no está en pausa.")
        left = timer.paused_remaining or 0.0
        return dataclasses.replace(timer, ends_at=now + dt.timedelta(seconds=left), paused_remaining=None)
    extra = _seconds(seconds, minimum=1)
    left = remaining_seconds(timer, now) + extra
    if left > TIMER_MAX_SECONDS:
        raise ValidationError("El temporizador no puede pasar de 4 horas.", field="seconds")
    if timer.running:
        return dataclasses.replace(
            timer, ends_at=now + dt.timedelta(seconds=left), duration_seconds=timer.duration_seconds + extra
        )
    return dataclasses.replace(timer, paused_remaining=left, duration_seconds=timer.duration_seconds + extra)


def stop_timer(timer: Timer | None, *, role: Role) -> None:
    """The facilitator stops the timer (checks only: stopping leaves none)."""
    check_facilitator(role, _("maneja el temporizador"))
    if timer is None:
        raise ConflictError("No hay un temporizador en marcha.")
