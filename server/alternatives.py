"""Alternatives, application side: the authoritative record (what each one
addresses, authors, disposition, which ones a split one became) in storage;
the title and description in the ``alternatives`` Yjs document, written
together."""

from __future__ import annotations

from typing import Any

from pycrdt import Doc, Map, Text

from workshops.alternatives import (
    Alternative,
    Disposition,
    merge_authors,
    propose,
    set_disposition,
    split_alternative,
)
from workshops.document_schema import (
    ALTERNATIVE_DESCRIPTION,
    ALTERNATIVE_RESPONSE,
    ALTERNATIVE_TITLE,
    ALTERNATIVES_ITEMS,
    ARTIFACT_ALTERNATIVES,
    NODE_CREATED_BY,
)
from workshops.errors import NotFoundError
from workshops.voting import RoundStatus
from workshops.workshop import Participant, clean_text

from .services import Services, json_value, new_id, now
from .storage import StoredRecord

# The longest alternative description (characters).
DESCRIPTION_MAX = 4000

SPLIT_TABLE = "alternative_split"


class Alternatives:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.store
        # One change at a time per workshop (a card and the reveal never cross).
        self.lock = services.locks("alternatives")
        # Shared with the rounds (server/voting.py): a split and the opening
        # of a round never cross, so a split alternative is never put to a vote.
        self.rounds_lock = services.rounds_lock

    def _doc_id(self, workshop_id: str) -> str:
        return f"{workshop_id}/{ARTIFACT_ALTERNATIVES}"

    async def propose(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        # Refused, never coerced: a description that is not text or too long is a 422.
        description = clean_text(
            data.get("description"), field="description", max_len=DESCRIPTION_MAX, required=False, multiline=True
        )
        workshop = await self.services.get_workshop(workshop_id)
        tree = await self.services.read_tree(workshop_id)
        alternative, events = propose(
            workshop,
            data,
            actor_role=actor.role,
            actor_id=actor.id,
            alternative_id=new_id(),
            known_nodes={n.id for n in tree.nodes},
            now=now(),
        )
        async with self.services.rooms.joined(self._doc_id(workshop_id)) as room:
            room.edit(lambda doc: _add_to_document(doc, alternative, description))
            await room.flush()
        await self.store.insert_alternative(alternative, events)
        return (await self.list(workshop_id, only=alternative.id))[0]

    async def dispose(
        self, workshop_id: str, actor: Participant, alternative_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        async with self.lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            existing = {a.id: a for a in await self.store.list_alternatives(workshop_id)}
            if alternative_id not in existing:
                raise NotFoundError("No existe esa alternativa.", alternative_id=alternative_id)
            changed, events = set_disposition(
                workshop,
                existing[alternative_id],
                data,
                actor_role=actor.role,
                actor_id=actor.id,
                alternatives=existing,
                now=now(),
            )
            to_save = [changed]
            if changed.disposition is Disposition.MERGED and changed.merged_into:
                to_save.append(merge_authors(existing[changed.merged_into], changed))
            await self.store.save_alternatives(workshop_id, to_save, events)
        await self.tell_authors(workshop_id, [changed])
        return (await self.list(workshop_id, only=alternative_id))[0]

    async def tell_authors(self, workshop_id: str, answered: list[Alternative]) -> None:
        """Write stored answers into the alternatives document: their authors
        are told in the room, over the document they already sync."""
        if not answered:
            return
        async with self.services.rooms.joined(self._doc_id(workshop_id)) as room:

            def write(doc: Doc[Any]) -> None:
                for alternative in answered:
                    _write_response(doc, alternative)

            room.edit(write)
            await room.flush()

    async def split(
        self, workshop_id: str, actor: Participant, alternative_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        """Split an alternative into new ones that keep its authors and a copy
        of its description (facilitator; never while it is being voted on)."""
        async with self.rounds_lock(workshop_id), self.lock(workshop_id):
            workshop = await self.services.get_workshop(workshop_id)
            existing = {a.id: a for a in await self.store.list_alternatives(workshop_id)}
            if alternative_id not in existing:
                raise NotFoundError("No existe esa alternativa.", alternative_id=alternative_id)
            voted_on = await self._in_open_rounds(workshop_id)
            original, parts, events = split_alternative(
                workshop,
                existing[alternative_id],
                data,
                actor_role=actor.role,
                actor_id=actor.id,
                new_id=new_id,
                in_open_round=alternative_id in voted_on,
                now=now(),
            )
            async with self.services.rooms.joined(self._doc_id(workshop_id)) as room:
                description = _read_texts(room.doc).get(alternative_id, {}).get(ALTERNATIVE_DESCRIPTION, "")
                room.edit(lambda doc: _add_parts(doc, parts, description))
                await room.flush()
            # The link first, without events: if the second write failed, the
            # original would still be pending and a retry would replace it.
            link = StoredRecord(
                alternative_id,
                workshop_id,
                now(),
                {"alternative_id": alternative_id, "parts": [p.id for p in parts], "split_by": actor.id},
            )
            await self.store.save_records(workshop_id, [(SPLIT_TABLE, link)], [])
            await self.store.save_alternatives(workshop_id, [original, *parts], events)
        listed = {a["id"]: a for a in await self.list(workshop_id)}
        return {"alternatives": [listed[p.id] for p in parts], "original": listed[alternative_id]}

    async def list(self, workshop_id: str, only: str | None = None) -> list[dict[str, Any]]:
        """The record with the live title and description, and the links of
        splits: ``split_into`` on the original, ``split_from`` on each part."""
        alternatives = await self.store.list_alternatives(workshop_id)
        texts = await self.services.rooms.read_document(self._doc_id(workshop_id), _read_texts)
        split = {a.id for a in alternatives if a.disposition is Disposition.SPLIT}
        split_into: dict[str, list[str]] = {}
        split_from: dict[str, str] = {}
        for record in await self.store.list_records(SPLIT_TABLE, workshop_id):
            original = record.data.get("alternative_id")
            if original in split:
                split_into[original] = list(record.data.get("parts", []))
                split_from.update({part: original for part in split_into[original]})
        voted_on = await self._in_open_rounds(workshop_id)
        return [
            alternative_json(a, texts.get(a.id, {}))
            | {
                "split_into": split_into.get(a.id, []),
                "split_from": split_from.get(a.id),
                "in_open_round": a.id in voted_on,
            }
            for a in alternatives
            if only in (None, a.id)
        ]

    async def _in_open_rounds(self, workshop_id: str) -> set[str]:
        """The alternatives put to a vote in a round still open."""
        return {
            option
            for record in await self.store.list_records("voting_round", workshop_id)
            if record.data.get("status") == RoundStatus.OPEN
            for option in record.data.get("request", {}).get("options", [])
        }


def _add_to_document(doc: Doc[Any], alternative: Alternative, description: str) -> None:
    items = doc.get(ALTERNATIVES_ITEMS, type=Map)
    items[alternative.id] = Map(
        {
            ALTERNATIVE_TITLE: Text(alternative.title),
            ALTERNATIVE_DESCRIPTION: Text(description),
            NODE_CREATED_BY: alternative.proposed_by,
        }
    )


def _write_response(doc: Doc[Any], alternative: Alternative) -> None:
    items = doc.get(ALTERNATIVES_ITEMS, type=Map)
    if alternative.id not in items:
        return
    authors = list(dict.fromkeys([alternative.proposed_by, *alternative.authors]))
    items[alternative.id][ALTERNATIVE_RESPONSE] = {
        "disposition": str(alternative.disposition),
        "reason": alternative.reason,
        "merged_into": alternative.merged_into,
        "authors": authors,
        "at": (alternative.decided_at or now()).isoformat(),
    }


def _add_parts(doc: Doc[Any], parts: list[Alternative], description: str) -> None:
    for part in parts:
        _add_to_document(doc, part, description)


def _read_texts(doc: Doc[Any]) -> dict[str, dict[str, str]]:
    items = json_value(doc.get(ALTERNATIVES_ITEMS, type=Map)) or {}
    texts = {}
    for key, value in items.items():
        if isinstance(value, dict):
            texts[key] = {
                k: v
                for k, v in value.items()
                if k in (ALTERNATIVE_TITLE, ALTERNATIVE_DESCRIPTION) and isinstance(v, str)
            }
    return texts


def alternative_json(a: Alternative, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": texts.get(ALTERNATIVE_TITLE) or a.title,
        "description": texts.get(ALTERNATIVE_DESCRIPTION, ""),
        "addresses": list(a.addresses),
        "proposed_by": a.proposed_by,
        "proposed_at": a.proposed_at.isoformat(),
        "authors": list(a.authors),
        "disposition": str(a.disposition),
        "reason": a.reason,
        "merged_into": a.merged_into,
        "decided_at": a.decided_at.isoformat() if a.decided_at else None,
        "decided_by": a.decided_by,
    }
