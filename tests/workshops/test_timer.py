"""The facilitator's timer: kept as an end instant, paused as seconds left,
bounded to 4 hours, facilitator only."""

from __future__ import annotations

import datetime as dt

import pytest

from workshops.errors import ConflictError, NotAllowedError, ValidationError
from workshops.roles import Role
from workshops.timer import TIMER_MAX_SECONDS, change_timer, remaining_seconds, start_timer

T0 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
FAC = Role.FACILITATOR


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_start_pause_resume_add():
    timer = start_timer(role=FAC, seconds=300, label="Lluvia de ideas", now=at(0))
    assert timer.ends_at == at(300) and timer.label == "Lluvia de ideas"
    assert remaining_seconds(timer, at(100)) == 200
    paused = change_timer(timer, role=FAC, action="pause", seconds=None, now=at(100))
    assert not paused.running and remaining_seconds(paused, at(5000)) == 200
    resumed = change_timer(paused, role=FAC, action="resume", seconds=None, now=at(1000))
    assert resumed.ends_at == at(1200)
    more = change_timer(resumed, role=FAC, action="add", seconds=60, now=at(1100))
    assert more.ends_at == at(1260) and more.duration_seconds == 360
    assert remaining_seconds(more, at(9999)) == 0


def test_adding_to_a_paused_timer_keeps_it_paused():
    timer = start_timer(role=FAC, seconds=60, now=at(0))
    paused = change_timer(timer, role=FAC, action="pause", seconds=None, now=at(30))
    more = change_timer(paused, role=FAC, action="add", seconds=30, now=at(40))
    assert not more.running and remaining_seconds(more, at(99)) == 60


@pytest.mark.parametrize("seconds", [0, -5, TIMER_MAX_SECONDS + 1, 1.5, "60", None, True])
def test_bad_durations_are_refused(seconds):
    with pytest.raises(ValidationError):
        start_timer(role=FAC, seconds=seconds, now=at(0))


def test_adding_past_four_hours_is_refused():
    timer = start_timer(role=FAC, seconds=TIMER_MAX_SECONDS - 10, now=at(0))
    with pytest.raises(ValidationError, match="4 horas"):
        change_timer(timer, role=FAC, action="add", seconds=60, now=at(0))


def test_only_the_facilitator_runs_the_timer():
    with pytest.raises(NotAllowedError):
        start_timer(role=Role.PARTICIPANT, seconds=60, now=at(0))
    timer = start_timer(role=FAC, seconds=60, now=at(0))
    with pytest.raises(NotAllowedError):
        change_timer(timer, role=Role.OBSERVER, action="pause", seconds=None, now=at(1))


def test_state_errors():
    timer = start_timer(role=FAC, seconds=60, now=at(0))
    with pytest.raises(ConflictError):
        change_timer(timer, role=FAC, action="resume", seconds=None, now=at(1))
    with pytest.raises(ConflictError):
        change_timer(None, role=FAC, action="pause", seconds=None, now=at(1))
    with pytest.raises(ValidationError):
        change_timer(timer, role=FAC, action="rewind", seconds=None, now=at(1))
    with pytest.raises(ValidationError):
        start_timer(role=FAC, seconds=60, label="x" * 121, now=at(0))
