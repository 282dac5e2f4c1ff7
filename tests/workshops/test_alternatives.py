from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from workshops.alternatives import Disposition, merge_authors, propose, set_disposition, split_alternative
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


def split(alternative, role=Role.FACILITATOR, phase=Phase.ALTERNATIVAS, in_open_round=False, **data):
    ids = iter(f"n{i}" for i in range(1, 20))
    return split_alternative(
        workshop(phase),
        alternative,
        data,
        actor_role=role,
        actor_id="fac",
        new_id=lambda: next(ids),
        in_open_round=in_open_round,
        now=NOW,
    )


def test_a_split_keeps_authors_and_a_subset_of_links_and_records_the_parts():
    original = dataclasses.replace(proposed("a1")[0], authors=("ana", "luis"))
    parts = [{"title": "Red de enlaces", "addresses": ["c1"]}, {"title": "Capacitación de enlaces"}]
    changed, new, events = split(original, parts=parts, reason="Son dos acciones distintas")
    assert [(a.id, a.title, a.addresses) for a in new] == [
        ("n1", "Red de enlaces", ("c1",)),
        ("n2", "Capacitación de enlaces", ("c1", "c2")),
    ]
    assert all(a.authors == ("ana", "luis") and a.proposed_by == "ana" for a in new)
    assert all(a.disposition is Disposition.PENDING for a in new)
    assert new[0].proposed_at < new[1].proposed_at  # listed in the order given
    assert changed.disposition is Disposition.SPLIT and changed.decided_by == "fac"
    assert changed.reason == (
        "Se dividió en 2 alternativas: «Red de enlaces», «Capacitación de enlaces». Son dos acciones distintas"
    )
    assert events[0].kind == "alternative_split" and events[0].payload["parts"] == ["n1", "n2"]
    assert events[0].payload["alternative_id"] == "a1" and events[0].actor_id == "fac"


@pytest.mark.parametrize(
    "parts",
    [
        None,
        "A y B",
        [{"title": "Sola"}],
        [{"title": f"Parte {i}"} for i in range(11)],
        [{"title": "A"}, {"title": ""}],
        [{"title": "A"}, {"title": "a"}],
        [{"title": "A"}, "B"],
        [{"title": "A", "addresses": ["p"]}, {"title": "B"}],
        [{"title": "A", "addresses": "c1"}, {"title": "B"}],
        [{"title": "x" * 201}, {"title": "B"}],
    ],
)
def test_bad_splits_are_refused_with_a_field(parts):
    with pytest.raises(ValidationError) as caught:
        split(proposed("a1")[0], parts=parts)
    assert caught.value.field and caught.value.field.startswith("parts")


def test_ten_parts_with_no_means_are_accepted():
    _, new, _ = split(proposed("a1")[0], parts=[{"title": f"Parte {i}", "addresses": []} for i in range(10)])
    assert len(new) == 10 and all(a.addresses == () for a in new)


def test_who_when_and_what_may_be_split():
    parts = [{"title": "A"}, {"title": "B"}]
    original, _ = proposed("a1")
    for role in (Role.PARTICIPANT, Role.OBSERVER):
        with pytest.raises(NotAllowedError):
            split(original, role=role, parts=parts)
    for phase in (Phase.ARBOL_DE_OBJETIVOS, Phase.HOJA_DE_RUTA, Phase.CIERRE):
        with pytest.raises(PhaseError):
            split(original, phase=phase, parts=parts)
    assert split(original, phase=Phase.VOTACION, parts=parts)[0].disposition is Disposition.SPLIT
    with pytest.raises(ConflictError):
        split(original, in_open_round=True, parts=parts)
    adopted, _ = dispose(original, [original], disposition="adopted", reason="Consenso")
    with pytest.raises(ConflictError):
        split(adopted, parts=parts)
    done, _, _ = split(original, parts=parts)
    with pytest.raises(ConflictError):
        split(done, parts=parts)


def test_a_split_alternative_takes_no_other_response_nor_merges():
    original, _ = proposed("a1")
    other, _ = proposed("a2")
    done, _, _ = split(original, parts=[{"title": "A"}, {"title": "B"}])
    with pytest.raises(ConflictError):
        dispose(done, [done, other], disposition="adopted", reason="x")
    with pytest.raises(ConflictError):
        dispose(other, [done, other], disposition="merged", reason="x", merged_into="a1")
    with pytest.raises(ValidationError):
        dispose(other, [done, other], disposition="split", reason="x")
