from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from workshops.errors import ConflictError, NotAllowedError, PhaseError, ValidationError
from workshops.ideation import CARDS_PER_PERSON_MAX, RoundStatus, open_round, reveal, write_card
from workshops.phases import Phase
from workshops.roles import Role
from workshops.workshop import create_workshop

NOW = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)


def workshop(phase=Phase.ARBOL_DE_PROBLEMAS):
    w, _ = create_workshop({"title": "Mesa", "entity": "Toluca"}, workshop_id="w", join_code="ABC234", now=NOW)
    return dataclasses.replace(w, phase=phase)


def opened():
    ideation, events = open_round(
        workshop(),
        {"prompt": "¿Qué causa el problema?"},
        actor_role=Role.FACILITATOR,
        actor_id="f",
        round_id="r",
        current=None,
        now=NOW,
    )
    return ideation, events


def test_the_facilitator_opens_a_round_while_the_tree_is_open():
    ideation, events = opened()
    assert ideation.status is RoundStatus.OPEN and ideation.prompt == "¿Qué causa el problema?"
    assert [e.kind for e in events] == ["ideation_opened"]
    with pytest.raises(NotAllowedError):
        open_round(workshop(), {}, actor_role=Role.PARTICIPANT, actor_id="p", round_id="r", current=None, now=NOW)
    with pytest.raises(PhaseError):
        open_round(
            workshop(Phase.VOTACION), {}, actor_role=Role.FACILITATOR, actor_id="f", round_id="r", current=None, now=NOW
        )
    with pytest.raises(ConflictError):
        open_round(workshop(), {}, actor_role=Role.FACILITATOR, actor_id="f", round_id="r2", current=ideation, now=NOW)


def card(ideation, role=Role.PARTICIPANT, so_far=0, phase=Phase.ARBOL_DE_PROBLEMAS, **data):
    body = {"text": "Falta de consensos", "kind": "cause", **data}
    return write_card(
        ideation, body, author_role=role, author_id="p", card_id="c", cards_so_far=so_far, phase=phase, now=NOW
    )


def test_cards_are_written_by_participants_only_within_limits():
    ideation, _ = opened()
    assert card(ideation).text == "Falta de consensos"
    assert card(ideation, kind="effect").kind == "effect"
    for role in (Role.FACILITATOR, Role.OBSERVER):
        with pytest.raises(NotAllowedError):
            card(ideation, role=role)
    for bad in ({"text": ""}, {"text": "x" * 501}, {"kind": "problem"}, {"text": None}):
        with pytest.raises(ValidationError):
            card(ideation, **bad)
    with pytest.raises(ValidationError):
        card(ideation, so_far=CARDS_PER_PERSON_MAX)


def test_reveal_closes_the_round_and_logs_authors_not_texts():
    ideation, _ = opened()
    cards = [card(ideation), dataclasses.replace(card(ideation), id="c2", author_id="q")]
    revealed, events = reveal(workshop(), ideation, cards, actor_role=Role.FACILITATOR, actor_id="f", now=NOW)
    assert revealed.status is RoundStatus.REVEALED and revealed.revealed_at == NOW
    assert events[0].payload == {"round_id": "r", "cards": 2, "authors": ["p", "q"], "card_ids": ["c", "c2"]}
    with pytest.raises(ConflictError):
        card(revealed)
    with pytest.raises(ConflictError):
        reveal(workshop(), revealed, cards, actor_role=Role.FACILITATOR, actor_id="f", now=NOW)
    with pytest.raises(NotAllowedError):
        reveal(workshop(), ideation, cards, actor_role=Role.PARTICIPANT, actor_id="p", now=NOW)
