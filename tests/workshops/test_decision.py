from __future__ import annotations

import datetime as dt

import pytest

from workshops.decision import DecisionKind, record_decision
from workshops.errors import ConflictError, NotAllowedError, ValidationError
from workshops.phases import Phase
from workshops.roles import Role
from workshops.voting import close_round, open_round, read_ballot
from workshops.workshop import Participant

NOW = dt.datetime(2026, 11, 21, 14, 0, tzinfo=dt.UTC)
PEOPLE = [
    Participant(f"p{i}", "w", f"P{i}", sector, Role.PARTICIPANT, NOW)
    for i, sector in enumerate(["sociedad_civil", "servicio_publico", "academia"])
]


def closed(method, choices, **data):
    round, _ = open_round(
        {"method": method, "options": ["a1", "a2"] if method != "consent" else ["a1"], **data},
        actor_role=Role.FACILITATOR,
        actor_id="f",
        round_id="r",
        options_available={"a1", "a2"},
        now=NOW,
    )
    ballots = [
        read_ballot(round, choice, voter=person, cast_at=NOW) for person, choice in zip(PEOPLE, choices, strict=False)
    ]
    round, results, _ = close_round(
        round, ballots, eligible=PEOPLE, actor_role=Role.FACILITATOR, actor_id="f", phase=Phase.VOTACION, now=NOW
    )
    return round, results


def decide(round, results, role=Role.FACILITATOR, phase=Phase.VOTACION, **data):
    return record_decision(
        round, results, data, workshop_id="w", decision_id="d", actor_role=role, actor_id="f", phase=phase, now=NOW
    )


def test_consensus_is_a_consent_check_without_objections():
    round, results = closed("consent", [{"consent": {"a1": "agree"}}, {"consent": {"a1": "can_live_with"}}])
    decision, events = decide(round, results, kind="consensus", alternative_id="a1", note="Acordado")
    assert decision.kind is DecisionKind.CONSENSUS and decision.note == "Acordado"
    assert events[0].payload["participation"]["voted"] == 2
    objected = closed("consent", [{"consent": {"a1": "object"}, "reasons": {"a1": "No hay presupuesto"}}])
    with pytest.raises(ConflictError):
        decide(*objected, kind="consensus", alternative_id="a1")


def test_majority_backs_only_the_winner():
    round, results = closed("approval", [{"approve": ["a1"]}, {"approve": ["a1", "a2"]}, {"approve": []}])
    decision, _ = decide(round, results, kind="majority", alternative_id="a1")
    assert decision.results["winner"] == "a1"
    with pytest.raises(ConflictError):
        decide(round, results, kind="majority", alternative_id="a2")
    with pytest.raises(ConflictError):
        decide(round, results, kind="consensus", alternative_id="a1")  # not a consent check
    tie = closed("approval", [{"approve": ["a1"]}, {"approve": ["a2"]}])
    with pytest.raises(ConflictError) as info:
        decide(*tie, kind="majority", alternative_id="a1")
    assert "empate" in info.value.message


def test_bad_decisions():
    round, results = closed("approval", [{"approve": ["a1"]}])
    with pytest.raises(ValidationError):
        decide(round, results, kind="unanimity", alternative_id="a1")
    with pytest.raises(ValidationError):
        decide(round, results, kind="majority", alternative_id="zz")
    with pytest.raises(NotAllowedError):
        decide(round, results, role=Role.PARTICIPANT, kind="majority", alternative_id="a1")
    open_round_only, _ = open_round(
        {"method": "approval", "options": ["a1", "a2"]},
        actor_role=Role.FACILITATOR,
        actor_id="f",
        round_id="r2",
        options_available={"a1", "a2"},
        now=NOW,
    )
    with pytest.raises(ConflictError):
        decide(open_round_only, results, kind="majority", alternative_id="a1")
