from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshops.errors import NotAllowedError, ValidationError
from workshops.phases import Phase
from workshops.roles import Role
from workshops.workshop import (
    JOIN_CODE_ALPHABET,
    NAME_MAX,
    NoticeVersions,
    change_phase,
    clean_text,
    create_workshop,
    is_join_code,
    join_workshop,
    normalize_join_code,
)

NOW = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)


def make_workshop(**fields):
    data = {"title": "Mesa 1", "entity": "Toluca", "problem_statement": "Problema", **fields}
    workshop, _ = create_workshop(data, workshop_id="w1", join_code="ABC234", now=NOW)
    return workshop


def test_new_workshop_starts_in_preparacion_and_logs_creation():
    workshop, events = create_workshop(
        {"title": " Mesa ", "entity": "Toluca", "date": "2026-12-01"}, workshop_id="w1", join_code="ABC234", now=NOW
    )
    assert workshop.phase is Phase.PREPARACION
    assert workshop.title == "Mesa"
    assert workshop.date == dt.date(2026, 12, 1)
    assert [e.kind for e in events] == ["workshop_created"]


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"entity": None}, "entity"),
        ({"title": 5}, "title"),
        ({"date": "21/11/2026"}, "date"),
        ({"date": "2026-02-30"}, "date"),
        ({"title": "a\x00b"}, "title"),
    ],
)
def test_bad_workshop_fields_are_rejected_with_the_field(fields, field):
    with pytest.raises(ValidationError) as info:
        make_workshop(**fields)
    assert info.value.field == field


NOTICES = NoticeVersions(privacy_notice="aviso-v1", code_of_conduct="conducta-v1")
ACCEPTED = {"accept_privacy_notice": True, "accept_code_of_conduct": True}


def join(workshop, **fields):
    data = {"join_code": workshop.join_code, "name": "Ana", "sector": "academia", **ACCEPTED, **fields}
    return join_workshop(workshop, data, participant_id="p1", now=NOW, notices=NOTICES)


def test_join_records_sector_role_and_consent():
    participant, events = join(make_workshop(), organization="Red OSC")
    assert participant.role is Role.PARTICIPANT
    assert participant.sector == "academia"
    assert participant.organization == "Red OSC"
    assert participant.privacy_accepted_at == participant.code_of_conduct_accepted_at == NOW
    assert (participant.privacy_notice_version, participant.code_of_conduct_version) == ("aviso-v1", "conducta-v1")
    assert events[0].kind == "participant_joined"
    assert events[0].payload == {"participant_id": "p1", "sector": "academia", "role": "participant"}


@pytest.mark.parametrize("field", ["accept_privacy_notice", "accept_code_of_conduct"])
@pytest.mark.parametrize("value", [False, None, "true", 1, "sí", [True], "missing"])
def test_joining_needs_both_acceptances_exactly_true(field, value):
    fields = {field: value} if value != "missing" else {}
    data = {"join_code": "ABC234", "name": "Ana", "sector": "academia", **ACCEPTED, **fields}
    if value == "missing":
        del data[field]
    with pytest.raises(ValidationError) as info:
        join_workshop(make_workshop(), data, participant_id="p1", now=NOW, notices=NOTICES)
    assert info.value.field == field


def test_join_code_is_forgiving_about_case_spaces_and_dashes():
    participant, _ = join(make_workshop(), join_code=" abc-234 ")
    assert participant.name == "Ana"


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"join_code": "ZZZZZZ"}, NotAllowedError),
        ({"name": ""}, ValidationError),
        ({"name": "   "}, ValidationError),
        ({"name": "x" * 10_000}, ValidationError),
        ({"sector": "gobierno"}, ValidationError),
        ({"sector": None}, ValidationError),
        ({"role": "facilitator"}, ValidationError),
        ({"role": "admin"}, ValidationError),
        ({"organization": "o" * 121}, ValidationError),
    ],
)
def test_bad_join_requests_are_rejected(fields, error):
    with pytest.raises(error):
        join(make_workshop(), **fields)


def test_observers_can_join_but_not_as_facilitator():
    participant, _ = join(make_workshop(), role="observer")
    assert participant.role is Role.OBSERVER


def test_phase_change_by_facilitator_is_logged_with_from_and_to():
    workshop = make_workshop()
    changed, events = change_phase(workshop, actor_role=Role.FACILITATOR, actor_id="f", phase="arbol_de_problemas")
    assert changed.phase is Phase.ARBOL_DE_PROBLEMAS
    assert events[0].payload == {"from": Phase.PREPARACION, "to": Phase.ARBOL_DE_PROBLEMAS}
    assert events[0].actor_id == "f"
    same, no_events = change_phase(changed, actor_role=Role.FACILITATOR, actor_id="f", phase="arbol_de_problemas")
    assert same == changed and no_events == []


def test_participants_cannot_change_phase():
    with pytest.raises(NotAllowedError):
        change_phase(make_workshop(), actor_role=Role.PARTICIPANT, actor_id="p", phase="cierre")


def test_unknown_phase_is_a_validation_error():
    with pytest.raises(ValidationError):
        change_phase(make_workshop(), actor_role=Role.FACILITATOR, actor_id="f", phase="fiesta")


@given(st.text(max_size=200))
def test_clean_text_never_returns_control_characters_or_too_long(text):
    try:
        cleaned = clean_text(text, field="name", max_len=NAME_MAX, required=False)
    except ValidationError:
        return
    assert len(cleaned) <= NAME_MAX
    assert cleaned == cleaned.strip()
    assert not any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in cleaned)


@given(st.text(alphabet=JOIN_CODE_ALPHABET, min_size=6, max_size=6))
def test_join_codes_survive_typing_in_lower_case_with_a_dash(code):
    typed = code[:3].lower() + "-" + code[3:].lower()
    assert is_join_code(normalize_join_code(typed))
    assert normalize_join_code(typed) == code
