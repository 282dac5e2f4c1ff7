from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from workshops.alternatives import Disposition, merge_authors, propose, set_disposition
from workshops.errors import ConflictError, NotAllowedError, NotFoundError, PhaseError, ValidationError
from workshops.phases import Phase
from workshops.roles import Role
from workshops.workshop import create_workshop

NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
NODES = {"p", "c1", "c2"}


def workshop(phase=Phase.ALTERNATIVAS):
    w, _ = create_workshop({"title": "Mesa", "entity": "Toluca"}, workshop_id="w", join_code="ABC234", now=NOW)
    return dataclasses.replace(w, phase=phase)


def proposed(alt_id="a1", role=Role.PARTICIPANT, phase=Phase.ALTERNATIVAS, **data):
    body = {"title": "Red de enlaces municipales", "addresses": ["c1", "c2", "c1"], **data}
    return propose(
        workshop(phase), body, actor_role=role, actor_id="ana", alternative_id=alt_id, known_nodes=NODES, now=NOW
    )


def test_a_proposal_records_what_it_addresses_and_who_proposed_it():
    alternative, events = proposed()
    assert alternative.addresses == ("c1", "c2") and alternative.authors == ("ana",)
    assert alternative.disposition is Disposition.PENDING
    assert events[0].kind == "alternative_proposed" and events[0].payload["addresses"] == ["c1", "c2"]


@pytest.mark.parametrize(
    "data, error",
    [
        ({"title": ""}, ValidationError),
        ({"title": "x" * 201}, ValidationError),
        ({"addresses": ["ghost"]}, ValidationError),
        ({"addresses": "c1"}, ValidationError),
        ({"addresses": [1, 2]}, ValidationError),
    ],
)
def test_bad_proposals(data, error):
    with pytest.raises(error):
        proposed(**data)


def test_observers_and_other_phases_cannot_propose():
    with pytest.raises(NotAllowedError):
        proposed(role=Role.OBSERVER)
    with pytest.raises(PhaseError):
        proposed(phase=Phase.ARBOL_DE_PROBLEMAS)


def dispose(alternative, others, role=Role.FACILITATOR, **data):
    return set_disposition(
        workshop(Phase.VOTACION),
        alternative,
        data,
        actor_role=role,
        actor_id="fac",
        alternatives={a.id: a for a in others},
        now=NOW,
    )


def test_every_disposition_carries_a_reason():
    a1, _ = proposed("a1")
    a2, _ = proposed("a2")
    adopted, events = dispose(a1, [a1, a2], disposition="adopted", reason="Consenso de la mesa")
    assert adopted.disposition is Disposition.ADOPTED and adopted.reason == "Consenso de la mesa"
    assert events[0].payload["previous"] == "pending"
    merged, _ = dispose(a2, [a1, a2], disposition="merged", reason="Dice lo mismo", merged_into="a1")
    assert merged.merged_into == "a1"
    with pytest.raises(ValidationError):
        dispose(a1, [a1], disposition="adopted", reason="")
    with pytest.raises(ValidationError):
        dispose(a1, [a1], disposition="pending", reason="x")
    with pytest.raises(ValidationError):
        dispose(a1, [a1], disposition="quizás", reason="x")
    with pytest.raises(NotFoundError):
        dispose(a1, [a1], disposition="merged", reason="x", merged_into="nope")
    with pytest.raises(ValidationError):
        dispose(a1, [a1], disposition="merged", reason="x", merged_into="a1")
    with pytest.raises(ConflictError):
        dispose(a1, [a1, merged], disposition="merged", reason="x", merged_into="a2")
    with pytest.raises(NotAllowedError):
        dispose(a1, [a1], role=Role.PARTICIPANT, disposition="adopted", reason="x")


def test_a_merge_keeps_every_author_and_link():
    a1, _ = proposed("a1", addresses=["c1"])
    a2 = dataclasses.replace(proposed("a2", addresses=["c2"])[0], authors=("luis",))
    kept = merge_authors(a1, a2)
    assert kept.authors == ("ana", "luis") and kept.addresses == ("c1", "c2")
