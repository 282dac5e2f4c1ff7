"""The agenda: steps with planned minutes, started and finished by the
facilitator, actual time kept per step; and the parking lot."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from workshops.agenda import (
    STEPS_MAX,
    Agenda,
    actual_seconds,
    default_agenda,
    finish_step,
    set_steps,
    start_step,
)
from workshops.errors import ConflictError, NotAllowedError, NotFoundError, ValidationError
from workshops.parking import TOPICS_PER_PERSON_MAX, decide_topic, propose_topic
from workshops.phases import Phase
from workshops.roles import Role

T0 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
FAC = Role.FACILITATOR


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def ids():
    counter = itertools.count(1)
    return lambda: f"s{next(counter)}"


def test_the_default_agenda_has_a_step_per_phase():
    agenda = default_agenda(ids())
    assert [s.phase for s in agenda.steps] == list(Phase)
    assert all(s.planned_minutes > 0 and s.title for s in agenda.steps)


def test_steps_run_and_keep_their_actual_time():
    agenda = default_agenda(ids())
    first, second = agenda.steps[0].id, agenda.steps[1].id
    agenda = start_step(agenda, first, role=FAC, now=at(0))
    assert actual_seconds(agenda, first, at(90)) == 90
    agenda = start_step(agenda, second, role=FAC, now=at(600))  # the first finishes
    assert agenda.current == second and agenda.actual_seconds == {first: 600}
    agenda = start_step(agenda, first, role=FAC, now=at(700))  # back to the first: time adds up
    agenda = finish_step(agenda, role=FAC, now=at(760))
    assert agenda.current is None and agenda.actual_seconds == {first: 660, second: 100}
    with pytest.raises(ConflictError):
        finish_step(agenda, role=FAC, now=at(800))


def test_editing_keeps_known_steps_and_their_time():
    agenda = start_step(default_agenda(ids()), "s1", role=FAC, now=at(0))
    agenda = finish_step(agenda, role=FAC, now=at(30))
    new = ids()
    edited = set_steps(
        agenda,
        [
            {"id": "s1", "title": "Bienvenida", "phase": "preparacion", "planned_minutes": 10},
            {"title": "Receso", "phase": "arbol_de_problemas", "planned_minutes": 15},
        ],
        role=FAC,
        new_id=lambda: "n" + new(),
    )
    assert [(s.id, s.title, s.planned_minutes) for s in edited.steps] == [
        ("s1", "Bienvenida", 10),
        ("ns1", "Receso", 15),
    ]
    assert edited.actual_seconds == {"s1": 30}


@pytest.mark.parametrize(
    ("steps", "field"),
    [
        ("no", "steps"),
        ([{"title": "", "phase": "preparacion", "planned_minutes": 5}], "title"),
        ([{"title": "x", "phase": "recreo", "planned_minutes": 5}], "steps.0.phase"),
        ([{"title": "x", "phase": "preparacion", "planned_minutes": 0}], "steps.0.planned_minutes"),
        ([{"title": "x", "phase": "preparacion", "planned_minutes": 481}], "steps.0.planned_minutes"),
        ([{"title": "x", "phase": "preparacion", "planned_minutes": True}], "steps.0.planned_minutes"),
        (["x"], "steps.0"),
        ([{"title": "x", "phase": "preparacion", "planned_minutes": 5}] * (STEPS_MAX + 1), "steps"),
    ],
)
def test_bad_steps_are_refused(steps, field):
    with pytest.raises(ValidationError) as refused:
        set_steps(Agenda(), steps, role=FAC, new_id=ids())
    assert refused.value.field == field


def test_rules_of_the_agenda():
    agenda = start_step(default_agenda(ids()), "s2", role=FAC, now=at(0))
    with pytest.raises(ConflictError, match="en curso"):
        set_steps(
            agenda, [{"id": "s1", "title": "x", "phase": "preparacion", "planned_minutes": 5}], role=FAC, new_id=ids()
        )
    with pytest.raises(ConflictError):
        start_step(agenda, "s2", role=FAC, now=at(1))
    with pytest.raises(NotFoundError):
        start_step(agenda, "zz", role=FAC, now=at(1))
    for change in (
        lambda: start_step(agenda, "s1", role=Role.PARTICIPANT, now=at(1)),
        lambda: finish_step(agenda, role=Role.OBSERVER, now=at(1)),
        lambda: set_steps(agenda, [], role=Role.PARTICIPANT, new_id=ids()),
    ):
        with pytest.raises(NotAllowedError):
            change()


def test_parking_lot():
    topics = propose_topic((), "Presupuesto 2027", participant_id="ana", sector="academia", topic_id="t1", now=at(0))
    topics = propose_topic(topics, "Baches", participant_id="luis", sector="servicio_publico", topic_id="t2", now=at(1))
    kept = decide_topic(topics, "t1", "kept", None, role=FAC)
    assert [t.status for t in kept] == ["kept", "proposed"]
    with pytest.raises(ValidationError, match="obligatorio"):
        decide_topic(kept, "t2", "dismissed", "", role=FAC)
    dismissed = decide_topic(kept, "t2", "dismissed", "Fuera del tema", role=FAC)
    assert dismissed[1].reason == "Fuera del tema"
    with pytest.raises(ConflictError):
        decide_topic(dismissed, "t1", "kept", "", role=FAC)
    with pytest.raises(NotAllowedError):
        decide_topic(topics, "t1", "kept", "", role=Role.PARTICIPANT)
    with pytest.raises(NotFoundError):
        decide_topic(topics, "t9", "kept", "", role=FAC)
    with pytest.raises(ValidationError):
        decide_topic(topics, "t1", "proposed", "", role=FAC)
    with pytest.raises(ValidationError):
        propose_topic(topics, "  ", participant_id="ana", sector="academia", topic_id="t3", now=at(2))
    many = ()
    for i in range(TOPICS_PER_PERSON_MAX):
        many = propose_topic(many, f"Tema {i}", participant_id="ana", sector="academia", topic_id=f"m{i}", now=at(i))
    with pytest.raises(ConflictError):
        propose_topic(many, "Uno más", participant_id="ana", sector="academia", topic_id="x", now=at(99))
