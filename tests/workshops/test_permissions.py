from __future__ import annotations

import pytest

from workshops.document_schema import ARTIFACT_ALTERNATIVES, ARTIFACT_ROADMAP, ARTIFACT_TREE, ARTIFACTS
from workshops.errors import NotAllowedError, NotFoundError, PhaseError
from workshops.permissions import can_edit, check_change_phase, check_edit, editing_roles
from workshops.phases import PHASE_ORDER, Phase
from workshops.roles import Role, can_vote


def test_participants_edit_the_tree_only_in_the_tree_phases():
    open_phases = {p for p in PHASE_ORDER if can_edit(Role.PARTICIPANT, ARTIFACT_TREE, p)}
    assert open_phases == {Phase.ARBOL_DE_PROBLEMAS, Phase.ARBOL_DE_OBJETIVOS}


def test_facilitator_prepares_the_tree_before_the_workshop():
    assert can_edit(Role.FACILITATOR, ARTIFACT_TREE, Phase.PREPARACION)
    assert not can_edit(Role.PARTICIPANT, ARTIFACT_TREE, Phase.PREPARACION)


@pytest.mark.parametrize("phase", PHASE_ORDER)
@pytest.mark.parametrize("artifact", ARTIFACTS)
def test_observers_never_edit(artifact, phase):
    assert not can_edit(Role.OBSERVER, artifact, phase)
    with pytest.raises(NotAllowedError):
        check_edit(Role.OBSERVER, artifact, phase)


@pytest.mark.parametrize("artifact", ARTIFACTS)
def test_every_artifact_opens_in_exactly_its_phases(artifact):
    expected = {
        ARTIFACT_TREE: {Phase.ARBOL_DE_PROBLEMAS, Phase.ARBOL_DE_OBJETIVOS},
        ARTIFACT_ALTERNATIVES: {Phase.ALTERNATIVAS},
        ARTIFACT_ROADMAP: {Phase.HOJA_DE_RUTA},
    }[artifact]
    assert {p for p in PHASE_ORDER if Role.PARTICIPANT in editing_roles(artifact, p)} == expected


def test_nothing_is_editable_at_closing():
    for artifact in ARTIFACTS:
        assert editing_roles(artifact, Phase.CIERRE) == ()


def test_a_closed_phase_error_names_the_phase():
    with pytest.raises(PhaseError) as info:
        check_edit(Role.PARTICIPANT, ARTIFACT_TREE, Phase.VOTACION)
    assert info.value.phase == Phase.VOTACION
    assert "Votación" in info.value.message


def test_unknown_artifact_is_not_found():
    with pytest.raises(NotFoundError):
        editing_roles("minutes", Phase.CIERRE)


def test_only_the_facilitator_changes_phase():
    check_change_phase(Role.FACILITATOR)
    for role in (Role.PARTICIPANT, Role.OBSERVER):
        with pytest.raises(NotAllowedError):
            check_change_phase(role)


def test_facilitator_has_voice_but_no_vote():
    assert can_vote(Role.PARTICIPANT)
    assert not can_vote(Role.FACILITATOR)
    assert not can_vote(Role.OBSERVER)


def test_a_locked_artifact_is_left_to_the_facilitator():
    assert editing_roles(ARTIFACT_TREE, Phase.ARBOL_DE_PROBLEMAS, locked=True) == (Role.FACILITATOR,)
    assert editing_roles(ARTIFACT_TREE, Phase.VOTACION, locked=True) == ()
    with pytest.raises(NotAllowedError) as info:
        check_edit(Role.PARTICIPANT, ARTIFACT_TREE, Phase.ARBOL_DE_PROBLEMAS, locked=True)
    assert "bloqueó" in info.value.message
