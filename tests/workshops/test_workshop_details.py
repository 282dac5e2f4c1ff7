"""Correcting a mesa's details (title, entity, problem, date, place):
the facilitator only, with the rules of its creation, logged with before
and after, and refused when the editor started from a stale value."""

from __future__ import annotations

import datetime as dt

import pytest

from workshops.errors import ConflictError, NotAllowedError, ValidationError
from workshops.minutes import minutes_from
from workshops.roles import Role
from workshops.workshop import PLACE_MAX, create_workshop
from workshops.workshop_details import DETAIL_FIELDS, edit_details, workshop_details

NOW = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)


def make_workshop(**fields):
    data = {"title": "Mesa de movilidd", "entity": "Toluca", "problem_statement": "Problema", **fields}
    workshop, _ = create_workshop(data, workshop_id="w1", join_code="ABC234", now=NOW)
    return workshop


def edit(workshop, changes, base=None, role=Role.FACILITATOR):
    if base is None:
        base = {k: workshop_details(workshop)[k] for k in changes}
    return edit_details(workshop, {"changes": changes, "base": base}, actor_role=role, actor_id="f1")


def test_creation_takes_an_optional_place():
    assert make_workshop().place == ""
    assert make_workshop(place="  Casa de Cultura, Toluca ").place == "Casa de Cultura, Toluca"


def test_creation_refuses_an_oversized_place():
    with pytest.raises(ValidationError) as info:
        make_workshop(place="x" * (PLACE_MAX + 1))
    assert info.value.field == "place"


def test_facilitator_corrects_the_title_and_sets_the_place_with_before_and_after():
    workshop = make_workshop()
    changed, events = edit(workshop, {"title": "Mesa de movilidad", "place": "Sala 2"})
    assert (changed.title, changed.place) == ("Mesa de movilidad", "Sala 2")
    assert changed.entity == workshop.entity
    [event] = events
    assert event.kind == "workshop_details_changed"
    assert event.actor_id == "f1"
    assert event.payload == {
        "changes": {
            "title": {"from": "Mesa de movilidd", "to": "Mesa de movilidad"},
            "place": {"from": "", "to": "Sala 2"},
        }
    }


def test_date_is_edited_and_cleared():
    workshop = make_workshop()
    dated, events = edit(workshop, {"date": "2027-01-10"})
    assert dated.date == dt.date(2027, 1, 10)
    assert events[0].payload["changes"]["date"] == {"from": None, "to": "2027-01-10"}
    cleared, _events = edit(dated, {"date": ""})
    assert cleared.date is None


def test_participant_may_not_edit():
    with pytest.raises(NotAllowedError):
        edit(make_workshop(), {"title": "Otra"}, role=Role.PARTICIPANT)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": "  "}, "title", "El campo «título» es obligatorio."),
        ({"title": "x" * 201}, "title", "admite como máximo 200 caracteres"),
        ({"entity": ""}, "entity", "El campo «ente o municipio» es obligatorio."),
        ({"date": "10/01/2027"}, "date", "usa el formato AAAA-MM-DD"),
        ({"place": "x" * (PLACE_MAX + 1)}, "place", "admite como máximo"),
        ({"problem_statement": 5}, "problem_statement", "debe ser texto"),
    ],
)
def test_edits_follow_the_rules_and_words_of_creation(changes, field, message):
    with pytest.raises(ValidationError) as info:
        edit(make_workshop(), changes)
    assert info.value.field == field
    assert message in str(info.value.message)


def test_unknown_fields_and_missing_base_are_refused():
    workshop = make_workshop()
    with pytest.raises(ValidationError) as info:
        edit(workshop, {"join_code": "ZZZ999"}, base={"join_code": "ABC234"})
    assert info.value.field == "changes.join_code"
    with pytest.raises(ValidationError) as info:
        edit_details(workshop, {"changes": {"title": "Otra"}}, actor_role=Role.FACILITATOR, actor_id="f1")
    assert info.value.field == "base.title"


def test_a_stale_change_is_a_conflict_naming_the_field_and_its_current_value():
    workshop, _events = edit(make_workshop(), {"title": "Mesa de movilidad"})  # the other tab first
    with pytest.raises(ConflictError) as info:
        edit(workshop, {"title": "Mesa de la movilidad"}, base={"title": "Mesa de movilidd"})
    assert info.value.code == "edit_conflict"
    assert info.value.fields["field"] == "title"
    assert info.value.fields["conflicts"] == {"title": "Mesa de movilidad"}


def test_every_stale_field_is_named_and_nothing_of_the_change_applies():
    workshop, _events = edit(make_workshop(), {"title": "Mesa de movilidad", "place": "Sala 1"})
    with pytest.raises(ConflictError) as info:
        edit(
            workshop,
            {"title": "Otra", "place": "Sala 2", "entity": "Metepec"},
            base={"title": "Mesa de movilidd", "place": "", "entity": "Toluca"},
        )
    assert info.value.fields["conflicts"] == {"title": "Mesa de movilidad", "place": "Sala 1"}


def test_the_same_change_from_two_tabs_is_no_conflict_and_logs_nothing_twice():
    workshop, _events = edit(make_workshop(), {"title": "Mesa de movilidad"})
    again, events = edit(workshop, {"title": "Mesa de movilidad"}, base={"title": "Mesa de movilidd"})
    assert again == workshop
    assert events == []


def test_the_minutes_tell_the_correction():
    _changed, events = edit(make_workshop(), {"title": "Mesa de movilidad", "place": "Sala 2"})

    class Logged:
        kind = events[0].kind
        payload = events[0].payload
        created_at = NOW

    [entry] = minutes_from([Logged()])
    assert entry.text == (
        "La persona facilitadora corrigió los datos de la mesa: título: «Mesa de movilidd» → «Mesa de movilidad»; "
        "lugar (sede): sin dato → «Sala 2»."
    )


def test_every_detail_field_is_editable():
    assert set(DETAIL_FIELDS) == {"title", "entity", "problem_statement", "date", "place"}
