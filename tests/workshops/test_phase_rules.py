"""Which writes each phase accepts, across every role and phase: voting
rounds live in «Alternativas» and «Votación», silent ideation in the tree
phases; leaving them suspends an open round and coming back resumes it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest

from workshops import ideation, voting
from workshops.decision import record_decision
from workshops.errors import NotAllowedError, PhaseError
from workshops.minutes import minutes_from
from workshops.phases import IDEATION_PHASES, PHASE_ORDER, VOTING_PHASES, Phase
from workshops.roles import FACILITATOR_SECTOR, Role
from workshops.workshop import Participant, create_workshop

NOW = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)
ROLES = tuple(Role)
MATRIX = list(itertools.product(ROLES, PHASE_ORDER))


def person(role: Role) -> Participant:
    sector = FACILITATOR_SECTOR if role is Role.FACILITATOR else "academia"
    return Participant(f"{role}-1", "w", "Ana", sector, role, NOW)


def workshop(phase: Phase):
    w, _ = create_workshop({"title": "Mesa", "entity": "Toluca"}, workshop_id="w", join_code="ABC234", now=NOW)
    return dataclasses.replace(w, phase=phase)


def approval_round() -> voting.Round:
    round, _ = voting.open_round(
        {"method": "approval", "options": ["a1", "a2"]},
        actor_role=Role.FACILITATOR,
        actor_id="f",
        round_id="r",
        options_available={"a1", "a2"},
        now=NOW,
    )
    return round


def outcome(call) -> str:
    try:
        call()
    except PhaseError:
        return "wrong_phase"
    except NotAllowedError:
        return "not_allowed"
    return "ok"


@pytest.mark.parametrize(("role", "phase"), MATRIX)
def test_ballots_are_cast_by_participants_in_the_voting_phases_only(role, phase):
    got = outcome(
        lambda: voting.cast_ballot(approval_round(), {"approve": ["a1"]}, voter=person(role), phase=phase, now=NOW)
    )
    expected = "not_allowed" if role is not Role.PARTICIPANT else "ok" if phase in VOTING_PHASES else "wrong_phase"
    assert got == expected


@pytest.mark.parametrize(("role", "phase"), MATRIX)
def test_rounds_are_opened_closed_and_decided_by_the_facilitator_in_the_voting_phases(role, phase):
    expected = "not_allowed" if role is not Role.FACILITATOR else "ok" if phase in VOTING_PHASES else "wrong_phase"
    assert outcome(lambda: voting.check_can_open(role, phase)) == expected
    round = approval_round()
    ballots = [voting.read_ballot(round, {"approve": ["a1"]}, voter=person(Role.PARTICIPANT), cast_at=NOW)]

    def close():
        return voting.close_round(
            round, ballots, eligible=[person(Role.PARTICIPANT)], actor_role=role, actor_id="f", phase=phase, now=NOW
        )

    assert outcome(close) == expected
    closed, results, _ = voting.close_round(
        round,
        ballots,
        eligible=[person(Role.PARTICIPANT)],
        actor_role=Role.FACILITATOR,
        actor_id="f",
        phase=Phase.VOTACION,
        now=NOW,
    )

    def decide():
        return record_decision(
            closed,
            results,
            {"kind": "majority", "alternative_id": "a1"},
            workshop_id="w",
            decision_id="d",
            actor_role=role,
            actor_id="f",
            phase=phase,
            now=NOW,
        )

    assert outcome(decide) == expected


@pytest.mark.parametrize(("role", "phase"), MATRIX)
def test_cards_are_written_by_participants_while_the_tree_is_open_only(role, phase):
    opened, _ = ideation.open_round(
        workshop(Phase.ARBOL_DE_PROBLEMAS),
        {},
        actor_role=Role.FACILITATOR,
        actor_id="f",
        round_id="i",
        current=None,
        now=NOW,
    )

    def write():
        return ideation.write_card(
            opened,
            {"text": "Falta de datos abiertos"},
            author_role=role,
            author_id="p",
            card_id="c",
            cards_so_far=0,
            phase=phase,
            now=NOW,
        )

    expected = "not_allowed" if role is not Role.PARTICIPANT else "ok" if phase in IDEATION_PHASES else "wrong_phase"
    assert outcome(write) == expected


@pytest.mark.parametrize(("role", "phase"), MATRIX)
def test_ideation_is_opened_and_revealed_by_the_facilitator_while_the_tree_is_open(role, phase):
    def open_it():
        return ideation.open_round(
            workshop(phase), {}, actor_role=role, actor_id="f", round_id="i", current=None, now=NOW
        )

    expected = "not_allowed" if role is not Role.FACILITATOR else "ok" if phase in IDEATION_PHASES else "wrong_phase"
    assert outcome(open_it) == expected
    opened, _ = ideation.open_round(
        workshop(Phase.ARBOL_DE_PROBLEMAS),
        {},
        actor_role=Role.FACILITATOR,
        actor_id="f",
        round_id="i",
        current=None,
        now=NOW,
    )
    reveal = lambda: ideation.reveal(workshop(phase), opened, [], actor_role=role, actor_id="f", now=NOW)  # noqa: E731
    assert outcome(reveal) == expected


@pytest.mark.parametrize(("before", "after"), list(itertools.permutations(PHASE_ORDER, 2)))
def test_a_phase_change_suspends_or_resumes_the_open_round(before, after):
    events = voting.suspension_events("r", before=before, after=after, actor_id="f")
    if before in VOTING_PHASES and after not in VOTING_PHASES:
        assert [(e.kind, e.payload) for e in events] == [("voting_suspended", {"round_id": "r", "phase": after})]
    elif before not in VOTING_PHASES and after in VOTING_PHASES:
        assert [(e.kind, e.payload) for e in events] == [("voting_resumed", {"round_id": "r", "phase": after})]
    else:
        assert events == []
    assert voting.suspension_events(None, before=before, after=after, actor_id="f") == []

    opened, _ = ideation.open_round(
        workshop(Phase.ARBOL_DE_PROBLEMAS),
        {},
        actor_role=Role.FACILITATOR,
        actor_id="f",
        round_id="i",
        current=None,
        now=NOW,
    )
    kinds = [e.kind for e in ideation.suspension_events(opened, before=before, after=after, actor_id="f")]
    if (before in IDEATION_PHASES) == (after in IDEATION_PHASES):
        assert kinds == []
    else:
        assert kinds == ["ideation_resumed" if after in IDEATION_PHASES else "ideation_suspended"]
    revealed = dataclasses.replace(opened, status=ideation.RoundStatus.REVEALED)
    assert ideation.suspension_events(revealed, before=before, after=after, actor_id="f") == []


def test_suspensions_are_told_in_the_minutes():
    events = [
        *voting.suspension_events("r", before=Phase.VOTACION, after=Phase.HOJA_DE_RUTA, actor_id="f"),
        *voting.suspension_events("r", before=Phase.HOJA_DE_RUTA, after=Phase.VOTACION, actor_id="f"),
    ]

    @dataclasses.dataclass
    class Logged:
        kind: str
        payload: dict
        created_at: dt.datetime

    texts = [m.text for m in minutes_from(Logged(e.kind, e.payload, NOW) for e in events)]
    assert texts == [
        "Se suspendió la votación abierta al pasar a la fase «Hoja de ruta»: no recibe boletas hasta volver a su fase.",
        "Se reanudó la votación abierta al volver a la fase «Votación».",
    ]
