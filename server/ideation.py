"""Silent ideation, application side: private cards in storage until the
facilitator reveals them; then they enter the live tree as unlinked ideas."""

from __future__ import annotations

from typing import Any

from pycrdt import Doc, Map, Text

from workshops.document_schema import (
    ARTIFACT_TREE,
    LIVE_TOPIC_IDEATION,
    NODE_CREATED_AT,
    NODE_CREATED_BY,
    NODE_KIND,
    NODE_TEXT,
    TREE_NODES,
)
from workshops.errors import NotFoundError
from workshops.ideation import Card, IdeationRound, RoundStatus, open_round, reveal, write_card
from workshops.phases import IDEATION_PHASES
from workshops.workshop import Participant

from .services import Services, new_id, now


class Ideation:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.store
        # One change at a time per workshop (a card and the reveal never cross).
        self._lock = services.ideation_lock

    async def _latest(self, workshop_id: str) -> IdeationRound:
        ideation = await self.store.find_latest_round(workshop_id)
        if ideation is None:
            raise NotFoundError("Todavía no hay lluvia de ideas en esta mesa.")
        return ideation

    async def open(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> IdeationRound:
        async with self._lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            current = await self.store.find_latest_round(workshop_id)
            ideation, events = open_round(
                workshop, data, actor_role=actor.role, actor_id=actor.id, round_id=new_id(), current=current, now=now()
            )
            await self.store.insert_round(ideation, events)
            return ideation

    async def write(self, workshop_id: str, author: Participant, data: dict[str, Any]) -> Card:
        async with self._lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            ideation = await self._latest(workshop_id)
            mine = await self.store.list_cards(ideation.id, author_id=author.id)
            card = write_card(
                ideation,
                data,
                author_role=author.role,
                author_id=author.id,
                card_id=new_id(),
                cards_so_far=len(mine),
                phase=workshop.phase,
                now=now(),
            )
            await self.store.insert_card(card)
            # Private until the reveal: only the public counts change.
            await self.services.live.touch(workshop_id, [], also=[LIVE_TOPIC_IDEATION])
            return card

    async def reveal(self, workshop_id: str, actor: Participant) -> IdeationRound:
        async with self._lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            ideation = await self._latest(workshop_id)
            cards = await self.store.list_cards(ideation.id)
            revealed, events = reveal(workshop, ideation, cards, actor_role=actor.role, actor_id=actor.id, now=now())
            # Into the tree first (idempotent: card ids are node ids), then the
            # record: a crash in between leaves the round open to reveal again.
            async with self.services.rooms.joined(f"{workshop_id}/{ARTIFACT_TREE}") as room:
                room.edit(lambda doc: _place_cards(doc, cards))
                await room.flush()
            await self.store.save_round(revealed, events)
            return revealed

    async def view(self, workshop_id: str, me: Participant) -> dict[str, Any]:
        """The latest round as ``me`` may see it: before the reveal, only my
        own cards and how many others have written (not what)."""
        ideation = await self.store.find_latest_round(workshop_id)
        if ideation is None:
            return {"round": None}
        cards = await self.store.list_cards(ideation.id)
        revealed = ideation.status is RoundStatus.REVEALED
        phase = (await self.services.get_workshop(workshop_id)).phase
        visible = cards if revealed else [c for c in cards if c.author_id == me.id]
        return {
            "round": {
                "id": ideation.id,
                "prompt": ideation.prompt,
                "status": str(ideation.status),
                # Open, but the mesa left the tree: no card until it is back.
                "suspended": not revealed and phase not in IDEATION_PHASES,
                "opened_at": ideation.opened_at.isoformat(),
                "revealed_at": ideation.revealed_at.isoformat() if ideation.revealed_at else None,
                "card_count": len(cards),
                "author_count": len({c.author_id for c in cards}),
            },
            "cards": [card_json(c) for c in visible],
        }


def card_json(card: Card) -> dict[str, Any]:
    return {
        "id": card.id,
        "kind": card.kind,
        "text": card.text,
        "author_id": card.author_id,
        "created_at": card.created_at.isoformat(),
    }


def _place_cards(doc: Doc[Any], cards: list[Card]) -> None:
    nodes = doc.get(TREE_NODES, type=Map)
    for card in cards:
        if card.id in nodes:
            continue
        nodes[card.id] = Map(
            {
                NODE_KIND: card.kind,
                NODE_TEXT: Text(card.text),
                NODE_CREATED_BY: card.author_id,
                NODE_CREATED_AT: int(card.created_at.timestamp() * 1000),
            }
        )
