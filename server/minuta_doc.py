"""The minuta's draft as a Yjs document (``<workshop>/minuta``, layout in
``workshops/document_schema.py``): reading its passages and acuerdos,
writing a regeneration into it, applying an accepted amendment, and the sync
layer's write gate (the facilitator, while the version is a draft).

Reading is tolerant: whatever a client put there reads as a draft (wrong
types as empty); only the server adds or removes passages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from pycrdt import Array, Doc, Map, Text

from workshops.document_schema import (
    ACUERDO_BY,
    ACUERDO_WHAT,
    ACUERDO_WHO,
    ARTIFACT_MINUTA,
    MINUTA_ACUERDOS,
    MINUTA_ASIDE,
    MINUTA_PASSAGES,
    PASSAGE_AT,
    PASSAGE_GENERATED,
    PASSAGE_N,
    PASSAGE_TEXT,
)
from workshops.errors import NotAllowedError
from workshops.messages import _
from workshops.minuta import MinutaStatus
from workshops.minuta_draft import Acuerdo, Passage, Regeneration, clean_acuerdos
from workshops.permissions import check_facilitator
from workshops.roles import Role
from workshops.workshop import Participant, Workshop

from .commitments import splice_text
from .services import split_doc_id
from .sync.room import Room

if TYPE_CHECKING:
    from .services import Services

# The statuses in which the draft document is read-only for everyone.
FROZEN = (MinutaStatus.IN_REVIEW, MinutaStatus.APPROVED, MinutaStatus.SEALED)


def draft_doc_id(workshop_id: str) -> str:
    return f"{workshop_id}/{ARTIFACT_MINUTA}"


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Text) else value


def read_passages(doc: Doc[Any]) -> dict[str, Passage]:
    out: dict[str, Passage] = {}
    for key, item in doc.get(MINUTA_PASSAGES, type=Map).items():
        if not isinstance(item, Map):
            continue
        text, generated = _plain(item.get(PASSAGE_TEXT)), item.get(PASSAGE_GENERATED)
        n, at = item.get(PASSAGE_N), item.get(PASSAGE_AT)
        out[str(key)] = Passage(
            str(key),
            int(n) if isinstance(n, int | float) else 0,
            at if isinstance(at, str) else "",
            text if isinstance(text, str) else "",
            generated if isinstance(generated, str) else "",
        )
    return out


def read_acuerdos(doc: Doc[Any]) -> tuple[Acuerdo, ...]:
    rows = []
    for item in doc.get(MINUTA_ACUERDOS, type=Array):
        if isinstance(item, Map):
            rows.append({k: _plain(item.get(k)) for k in (ACUERDO_WHO, ACUERDO_WHAT, ACUERDO_BY)})
    return clean_acuerdos(rows)


def read_aside(doc: Doc[Any]) -> list[dict[str, Any]]:
    out = []
    for key, value in doc.get(MINUTA_ASIDE, type=Map).items():
        if isinstance(value, Mapping):
            out.append({"id": str(key), "at": value.get("at", ""), "text": value.get("text", "")})
    return sorted(out, key=lambda a: (str(a["at"]), a["id"]))


def read_draft(doc: Doc[Any]) -> tuple[dict[str, Passage], tuple[Acuerdo, ...], list[dict[str, Any]]]:
    return read_passages(doc), read_acuerdos(doc), read_aside(doc)


def write_regeneration(doc: Doc[Any], result: Regeneration) -> None:
    """Write only what the regeneration changed: new passages, the log's new
    wording where nobody edited, the new ``generated`` under a kept edit,
    places in the order; passages whose event is gone leave (an edited one to
    ``aside``)."""
    passages = doc.get(MINUTA_PASSAGES, type=Map)
    aside = doc.get(MINUTA_ASIDE, type=Map)
    for p in result.set_aside:
        aside[p.id] = {"at": p.at, "text": p.text, "generated": p.generated}
    for key in (*result.dropped, *(p.id for p in result.set_aside)):
        if key in passages:
            del passages[key]
    for p in result.passages:
        item = passages.get(p.id)
        if not isinstance(item, Map):
            passages[p.id] = Map(
                {PASSAGE_TEXT: Text(p.text), PASSAGE_AT: p.at, PASSAGE_N: p.n, PASSAGE_GENERATED: p.generated}
            )
            continue
        text = item.get(PASSAGE_TEXT)
        if not isinstance(text, Text):
            item[PASSAGE_TEXT] = Text(p.text)
        elif str(text) != p.text:
            splice_text(text, str(text), p.text)
        for key, value in ((PASSAGE_AT, p.at), (PASSAGE_N, p.n), (PASSAGE_GENERATED, p.generated)):
            if item.get(key) != value:
                item[key] = value


def set_passage_text(doc: Doc[Any], passage_id: str, text: str) -> None:
    item = doc.get(MINUTA_PASSAGES, type=Map).get(passage_id)
    if isinstance(item, Map):
        current = item.get(PASSAGE_TEXT)
        if isinstance(current, Text):
            splice_text(current, str(current), text)
        else:
            item[PASSAGE_TEXT] = Text(text)


class DraftGate:
    """The sync layer's gate for the ``minuta`` document: the facilitator
    writes while the version is a draft, nobody once it is in review,
    approved or sealed; every member reads. The statuses of the loaded
    documents are cached so the per-frame check needs no query."""

    def __init__(self, services: Services, status_of: Callable[[str], Awaitable[MinutaStatus]]) -> None:
        self.rooms = services.rooms
        self._status_of = status_of
        # workshop id -> the minuta's status, for the draft documents this process has loaded.
        self._statuses: dict[str, MinutaStatus] = {}
        services.document_gates[ARTIFACT_MINUTA] = self
        self.rooms.on_load.append(self._loaded)
        self._next_state_change = self.rooms.on_state_change
        self.rooms.on_state_change = self._state_changed

    async def has_document(self, workshop_id: str, artifact: str) -> bool:
        return artifact == ARTIFACT_MINUTA

    def _status(self, participant: Participant) -> MinutaStatus:
        # Not loaded (the load hook failed): read-only until it is.
        return self._statuses.get(participant.workshop_id, MinutaStatus.SEALED)

    def can_write(self, participant: Participant, artifact: str) -> bool:
        return participant.role is Role.FACILITATOR and self._status(participant) not in FROZEN

    def check_write(self, participant: Participant, artifact: str) -> None:
        check_facilitator(participant.role, _("edita el borrador de la minuta"))
        if self._status(participant) in FROZEN:
            raise NotAllowedError(_("La minuta está en aprobación, aprobada o sellada: su borrador ya no se edita."))

    def server_state(self, workshop: Workshop, artifact: str) -> dict[str, Any]:
        status = self._statuses.get(workshop.id)
        editable = status is not None and status not in FROZEN
        return {
            "phase": str(workshop.phase),
            "artifact": artifact,
            "locked": not editable,
            "status": None if status is None else str(status),
            "editable_by": [str(Role.FACILITATOR)] if editable else [],
        }

    async def _loaded(self, room: Room) -> None:
        workshop_id, artifact = split_doc_id(room.doc_id)
        if artifact == ARTIFACT_MINUTA:
            self.set_status(workshop_id, await self._status_of(workshop_id))

    async def _state_changed(self, workshop_id: str | None) -> None:
        """Another process changed a minuta's status: it announces it like a phase change."""
        if self._next_state_change is not None:
            await self._next_state_change(workshop_id)
        for wid in [workshop_id] if workshop_id else sorted(self._statuses):
            if wid in self._statuses:
                self.set_status(wid, await self._status_of(wid))

    def set_status(self, workshop_id: str, status: MinutaStatus) -> None:
        """Open or close the gate (and tell the document's clients) from this instant."""
        if self._statuses.get(workshop_id) == status:
            return
        self._statuses[workshop_id] = status
        room = self.rooms.rooms.get(draft_doc_id(workshop_id))
        if room is not None:
            room.set_server_state(self.rooms.server_state(room.doc_id))
