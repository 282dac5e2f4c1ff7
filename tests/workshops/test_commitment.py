from __future__ import annotations

import datetime as dt

import pytest

from workshops.commitment import (
    CommitmentStatus,
    advance_status,
    check_edit_sheet,
    create_preliminary,
    missing_fields,
    sheet_editing_roles,
    sheet_from_document,
    update_sheet,
)
from workshops.errors import ConflictError, NotAllowedError, ValidationError
from workshops.roles import Role

NOW = dt.datetime(2026, 11, 21, 13, 0, tzinfo=dt.UTC)


def preliminary():
    commitment, events = create_preliminary(
        commitment_id="k1",
        workshop_id="w",
        alternative_id="a1",
        decision_id="d1",
        title="Red de enlaces",
        problem="Desarticulación de los esfuerzos",
        actor_role=Role.FACILITATOR,
        actor_id="f",
        now=NOW,
    )
    return commitment, events


COMPLETE = {
    "description": "Una red estatal de enlaces de gobierno abierto.",
    "how_it_helps": "Articula los esfuerzos municipales.",
    "gender_perspective": "Paridad en los enlaces.",
    "assumptions": "Los ayuntamientos designan enlaces.",
    "other_actors": "OSC locales, academia.",
    "ogp_values": ["participacion", "transparencia"],
    "sdgs": [16, 5, 16],
}


def test_the_adopted_alternative_becomes_a_preliminary_commitment():
    commitment, events = preliminary()
    assert commitment.status is CommitmentStatus.PRELIMINAR
    assert commitment.sheet["title"] == "Red de enlaces" and commitment.sheet["problem"].startswith("Desarticulación")
    assert events[0].payload == {"commitment_id": "k1", "alternative_id": "a1", "decision_id": "d1"}
    with pytest.raises(NotAllowedError):
        create_preliminary(
            commitment_id="k",
            workshop_id="w",
            alternative_id="a",
            decision_id="d",
            title="t",
            problem="p",
            actor_role=Role.PARTICIPANT,
            actor_id="p",
            now=NOW,
        )


def test_the_sheet_is_validated_and_normalised():
    commitment, _ = preliminary()
    updated, events = update_sheet(commitment, COMPLETE, actor_role=Role.PARTICIPANT, actor_id="ana")
    assert updated.sheet["ogp_values"] == ["transparencia", "participacion"]
    assert updated.sheet["sdgs"] == [5, 16]
    assert events[0].payload["fields"] == sorted(COMPLETE)
    assert missing_fields(updated) == []
    for bad in (
        {"sdgs": [18]},
        {"sdgs": ["16"]},
        {"sdgs": [True]},
        {"ogp_values": ["magia"]},
        {"title": ""},
        {"color": "rojo"},
        {"description": "x" * 4001},
    ):
        with pytest.raises(ValidationError):
            update_sheet(commitment, bad, actor_role=Role.PARTICIPANT, actor_id="ana")
    with pytest.raises(NotAllowedError):
        update_sheet(commitment, {"title": "x"}, actor_role=Role.OBSERVER, actor_id="o")


def test_status_moves_one_way_and_definitive_needs_a_complete_sheet():
    commitment, _ = preliminary()
    with pytest.raises(ConflictError):
        advance_status(commitment, "definitivo", actor_role=Role.FACILITATOR, actor_id="f")
    review, events = advance_status(
        commitment, "en_revision", actor_role=Role.FACILITATOR, actor_id="f", note="Revisión"
    )
    assert events[0].payload == {"commitment_id": "k1", "from": "preliminar", "to": "en_revision", "note": "Revisión"}
    with pytest.raises(ValidationError) as info:
        advance_status(review, "definitivo", actor_role=Role.FACILITATOR, actor_id="f")
    assert "Perspectiva de género" in info.value.message
    complete, _ = update_sheet(review, COMPLETE, actor_role=Role.FACILITATOR, actor_id="f")
    final, _ = advance_status(complete, "definitivo", actor_role=Role.FACILITATOR, actor_id="f")
    assert final.status is CommitmentStatus.DEFINITIVO
    with pytest.raises(ConflictError):
        update_sheet(final, {"title": "Otro"}, actor_role=Role.FACILITATOR, actor_id="f")
    with pytest.raises(ConflictError):
        advance_status(final, "preliminar", actor_role=Role.FACILITATOR, actor_id="f")
    with pytest.raises(NotAllowedError):
        advance_status(commitment, "en_revision", actor_role=Role.PARTICIPANT, actor_id="p")
    with pytest.raises(ValidationError):
        advance_status(commitment, "archivado", actor_role=Role.FACILITATOR, actor_id="f")


@pytest.mark.parametrize(
    ("role", "status", "error"),
    [
        (Role.PARTICIPANT, CommitmentStatus.PRELIMINAR, None),
        (Role.FACILITATOR, CommitmentStatus.EN_REVISION, None),
        (Role.OBSERVER, CommitmentStatus.PRELIMINAR, NotAllowedError),
        (Role.PARTICIPANT, CommitmentStatus.DEFINITIVO, ConflictError),
        (Role.FACILITATOR, CommitmentStatus.DEFINITIVO, ConflictError),
    ],
)
def test_who_writes_the_sheet_follows_the_role_and_the_status(role, status, error):
    assert (role in sheet_editing_roles(status)) is (error is None)
    if error is None:
        check_edit_sheet(role, status)
    else:
        with pytest.raises(error):
            check_edit_sheet(role, status)


def test_the_sheet_read_from_its_document_falls_back_to_the_stored_one_per_key():
    stored = {"title": "Guardado", "assumptions": "Antes", "sdgs": [16], "ogp_values": ["participacion"]}
    raw = {"title": "  Red\nde enlaces ", "problem": "x" * 5000, "ogp_values": {"transparencia": True}}
    sheet = sheet_from_document(raw, stored)
    assert sheet["title"] == "Red de enlaces" and len(sheet["problem"]) == 4000
    assert sheet["assumptions"] == "Antes" and sheet["sdgs"] == [16]
    assert sheet["ogp_values"] == ["transparencia"] and sheet["description"] == ""
