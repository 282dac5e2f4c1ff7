"""Commitments, application side: the status (authoritative server state: a
record and an event per step) and the sheet, written together in the
commitment's own Yjs document ``<workshop>/sheet-<commitment id>``
(docs/realtime.md, «The sheet document»).

The document is the sheet: every reader (the HTTP API, the minutes, the
plan's copy, the exports) reads it. The record keeps the sheet as it was at
the last status change; a document that does not exist yet (a sheet stored
before sheets were documents) is filled from it the first time it loads.

Who writes a sheet document follows the commitment's status, not the phase
table: ``Commitments`` is the sync layer's gate for ``sheet-*`` artifacts
(``Services.document_gates``), with the statuses of loaded sheets cached so
the per-frame check needs no query.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from typing import Any

from pycrdt import Doc, Map, Text

from workshops.commitment import (
    SHEET_TEXT_FIELDS,
    Commitment,
    CommitmentStatus,
    advance_status,
    check_edit_sheet,
    find_sheet_commitment,
    missing_fields,
    sheet_artifact,
    sheet_editing_roles,
    sheet_from_document,
    update_sheet,
)
from workshops.document_schema import ARTIFACT_SHEET, SHEET_CHOICE_KEYS, SHEET_FIELDS
from workshops.errors import NotFoundError, WorkshopError
from workshops.workshop import Participant, Workshop

from .services import Services, split_doc_id
from .storage import StoredRecord
from .sync.room import Room
from .voting import commitment_record

log = logging.getLogger(__name__)

RECORD_TABLE = "commitment"


# ------------------------------------------------------------ document layout


def _choices(values: list[Any]) -> Map[Any]:
    return Map({str(v): True for v in values})


def ensure_sheet(doc: Doc[Any], stored: Mapping[str, Any]) -> None:
    """Create every key the document lacks, with the stored sheet's value
    (the migration of a sheet written before it was a document, and the
    title and problem of a new commitment). Never overwrites a key."""
    fields = doc.get(SHEET_FIELDS, type=Map)
    for name in SHEET_TEXT_FIELDS:
        if name not in fields:
            value = stored.get(name)
            fields[name] = Text(value if isinstance(value, str) else "")
    for name in SHEET_CHOICE_KEYS:
        if name not in fields:
            fields[name] = _choices(list(stored.get(name) or []))


def lacks_keys(doc: Doc[Any]) -> bool:
    fields = doc.get(SHEET_FIELDS, type=Map)
    return any(name not in fields for name in (*SHEET_TEXT_FIELDS, *SHEET_CHOICE_KEYS))


def read_sheet(doc: Doc[Any], stored: Mapping[str, Any]) -> dict[str, Any]:
    """The sheet the document holds (keys it lacks from ``stored``); any
    content a client put there reads as a sheet (wrong types as empty)."""
    raw: dict[str, object] = {}
    for name, value in doc.get(SHEET_FIELDS, type=Map).items():
        if isinstance(value, Text):
            raw[name] = str(value)
        elif isinstance(value, Map):
            raw[name] = {str(k): v for k, v in value.items()}
        else:
            raw[name] = value
    return sheet_from_document(raw, stored)


def write_sheet(doc: Doc[Any], changes: Mapping[str, Any]) -> None:
    """Write validated field values into the document as edits a person
    would make: a text changes only between its common prefix and suffix
    (so someone typing elsewhere in it keeps their text), a choice flips
    only where it differs."""
    fields = doc.get(SHEET_FIELDS, type=Map)
    for name, value in changes.items():
        current = fields.get(name)
        if name in SHEET_CHOICE_KEYS:
            if not isinstance(current, Map):
                fields[name] = _choices(value)
                continue
            wanted = {str(v) for v in value}
            for key in set(current.keys()) | wanted:
                if (current.get(key) is True) != (key in wanted):
                    current[key] = key in wanted
        elif isinstance(current, Text):
            splice_text(current, str(current), value)
        else:
            fields[name] = Text(value)


def splice_text(text: Text, old: str, new: str) -> None:
    """Turn ``old`` into ``new`` in a Y.Text with one delete and one insert
    (the changed middle), so concurrent edits around it merge."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    # pycrdt indexes Y.Text by UTF-8 bytes.
    at = len(old[:start].encode())
    removed = len(old[start : len(old) - end].encode())
    if removed:
        del text[at : at + removed]
    inserted = new[start : len(new) - end]
    if inserted:
        text.insert(at, inserted)


# ----------------------------------------------------------------- service


class Commitments:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.store
        self.rooms = services.rooms
        self._lock = services.locks("commitments")
        # commitment id -> (workshop id, status), for the sheets this process
        # has loaded: the write gate reads it on every frame.
        self._statuses: dict[str, tuple[str, CommitmentStatus]] = {}
        services.document_gates[ARTIFACT_SHEET] = self
        self.rooms.on_load.append(self._seed_loaded_room)
        # Another process changed a status: it announces it like a phase change.
        self._next_state_change = self.rooms.on_state_change
        self.rooms.on_state_change = self._state_changed

    # -- the sync layer's gate for sheet-* documents ----------------------

    async def has_document(self, workshop_id: str, artifact: str) -> bool:
        commitment_id = find_sheet_commitment(artifact)
        return commitment_id is not None and await self._find_record(workshop_id, commitment_id) is not None

    def _status(self, participant: Participant, artifact: str) -> CommitmentStatus:
        cached = self._statuses.get(find_sheet_commitment(artifact) or "")
        if cached is None or cached[0] != participant.workshop_id:
            # Not loaded (the load hook failed): read-only until it is.
            return CommitmentStatus.DEFINITIVO
        return cached[1]

    def can_write(self, participant: Participant, artifact: str) -> bool:
        return participant.role in sheet_editing_roles(self._status(participant, artifact))

    def check_write(self, participant: Participant, artifact: str) -> None:
        check_edit_sheet(participant.role, self._status(participant, artifact))

    def server_state(self, workshop: Workshop, artifact: str) -> dict[str, Any]:
        """The server's awareness entry of a sheet: who may edit follows the status."""
        cached = self._statuses.get(find_sheet_commitment(artifact) or "")
        status = cached[1] if cached is not None and cached[0] == workshop.id else None
        return {
            "phase": str(workshop.phase),
            "artifact": artifact,
            "locked": False,
            "status": None if status is None else str(status),
            "editable_by": [str(r) for r in sheet_editing_roles(status)] if status is not None else [],
        }

    async def _seed_loaded_room(self, room: Room) -> None:
        workshop_id, artifact = split_doc_id(room.doc_id)
        commitment_id = find_sheet_commitment(artifact)
        if commitment_id is None:
            return
        record = await self._find_record(workshop_id, commitment_id)
        if record is None:
            return
        self._statuses[commitment_id] = (workshop_id, CommitmentStatus(record.data["status"]))
        if room.read(lacks_keys):
            room.edit(lambda doc: ensure_sheet(doc, record.data["sheet"]))

    async def _state_changed(self, workshop_id: str | None) -> None:
        if self._next_state_change is not None:
            await self._next_state_change(workshop_id)
        cached = {wid for wid, _ in self._statuses.values()}
        for wid in [workshop_id] if workshop_id else sorted(cached):
            if wid in cached and any(_is_sheet(r.doc_id) for r in self.rooms.rooms_of(wid)):
                for record in await self.store.list_records(RECORD_TABLE, wid):
                    if record.id in self._statuses:
                        self._set_status(wid, record.id, CommitmentStatus(record.data["status"]))

    def _set_status(self, workshop_id: str, commitment_id: str, status: CommitmentStatus) -> None:
        if self._statuses.get(commitment_id) == (workshop_id, status):
            return
        self._statuses[commitment_id] = (workshop_id, status)
        doc_id = self._doc_id(workshop_id, commitment_id)
        room = self.rooms.rooms.get(doc_id)
        if room is not None:
            room.set_server_state(self.rooms.server_state(doc_id))

    # -- reading ----------------------------------------------------------

    def _doc_id(self, workshop_id: str, commitment_id: str) -> str:
        return f"{workshop_id}/{sheet_artifact(commitment_id)}"

    async def _find_record(self, workshop_id: str, commitment_id: str) -> StoredRecord | None:
        for record in await self.store.list_records(RECORD_TABLE, workshop_id):
            if record.id == commitment_id:
                return record
        return None

    async def _get_record(self, workshop_id: str, commitment_id: str) -> StoredRecord:
        record = await self._find_record(workshop_id, commitment_id)
        if record is None:
            raise NotFoundError("No existe ese compromiso.", commitment_id=commitment_id)
        return record

    async def _with_sheet(self, record: StoredRecord) -> Commitment:
        stored = record.data["sheet"]
        doc_id = self._doc_id(record.workshop_id, record.id)
        sheet = await self.rooms.read_document(doc_id, lambda doc: read_sheet(doc, stored))
        return dataclasses.replace(from_record(record), sheet=sheet)

    async def read_all(self, workshop_id: str) -> dict[str, Commitment]:
        """The workshop's commitments, each with the sheet its document holds."""
        return {r.id: await self._with_sheet(r) for r in await self.store.list_records(RECORD_TABLE, workshop_id)}

    async def list(self, workshop_id: str) -> list[dict[str, Any]]:
        return [commitment_json(c) for c in (await self.read_all(workshop_id)).values()]

    # -- changes ----------------------------------------------------------

    async def update(
        self, workshop_id: str, actor: Participant, commitment_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        """Write some fields into the sheet's document (validated as before;
        a text changes only where it differs, so live typing elsewhere in it
        survives), and record that it was done over HTTP."""
        async with self._lock(workshop_id):
            record = await self._get_record(workshop_id, commitment_id)
            stored = record.data["sheet"]
            # Every rule first, on the stored copy: a refusal must not even
            # load (and so seed and store) the sheet's document.
            update_sheet(from_record(record), data, actor_role=actor.role, actor_id=actor.id)
            async with self.rooms.joined(self._doc_id(workshop_id, commitment_id)) as room:
                if room.read(lacks_keys):  # the load hook failed: seed it now
                    room.edit(lambda doc: ensure_sheet(doc, stored))
                current = dataclasses.replace(from_record(record), sheet=room.read(lambda d: read_sheet(d, stored)))
                changed, events = update_sheet(current, data, actor_role=actor.role, actor_id=actor.id)
                room.edit(lambda doc: write_sheet(doc, {k: changed.sheet[k] for k in data}))
                await room.flush()
                changed = dataclasses.replace(changed, sheet=room.read(lambda d: read_sheet(d, stored)))
            await self.store.append_events(workshop_id, events)
        return commitment_json(changed)

    async def advance(
        self, workshop_id: str, actor: Participant, commitment_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        """preliminar → en revisión → definitivo. The record keeps the sheet
        as the document holds it; «definitivo» makes the document read-only
        for everyone from the same instant the sheet is read."""
        to, note = data.get("status"), data.get("note", "")
        async with self._lock(workshop_id):
            record = await self._get_record(workshop_id, commitment_id)
            commitment = await self._with_sheet(record)
            previous = commitment.status
            changed, events = advance_status(commitment, to, actor_role=actor.role, actor_id=actor.id, note=note)
            if changed.status is CommitmentStatus.DEFINITIVO:
                # Close the gate and read the sheet with no await in between:
                # nothing typed after the read can be accepted.
                def freeze(doc: Doc[Any]) -> dict[str, Any]:
                    self._set_status(workshop_id, commitment_id, CommitmentStatus.DEFINITIVO)
                    return read_sheet(doc, record.data["sheet"])

                sheet = await self.rooms.read_document(self._doc_id(workshop_id, commitment_id), freeze)
                try:
                    changed, events = advance_status(
                        dataclasses.replace(commitment, sheet=sheet),
                        to,
                        actor_role=actor.role,
                        actor_id=actor.id,
                        note=note,
                    )
                except WorkshopError:
                    self._set_status(workshop_id, commitment_id, previous)
                    raise
            try:
                await self.store.save_records(workshop_id, [(RECORD_TABLE, commitment_record(changed))], events)
            except BaseException:
                self._set_status(workshop_id, commitment_id, previous)
                raise
            self._set_status(workshop_id, commitment_id, changed.status)
        self.rooms.announce_state_change(workshop_id)
        return commitment_json(changed)


def _is_sheet(doc_id: str) -> bool:
    return find_sheet_commitment(split_doc_id(doc_id)[1]) is not None


def from_record(record: StoredRecord) -> Commitment:
    """A commitment as its record holds it (the sheet as of its last status
    change; ``Commitments.read_all`` gives the live one)."""
    data = record.data
    return Commitment(
        id=record.id,
        workshop_id=record.workshop_id,
        alternative_id=data["alternative_id"],
        decision_id=data["decision_id"],
        created_at=record.created_at,
        status=CommitmentStatus(data["status"]),
        sheet=dict(data["sheet"]),
    )


def commitment_json(commitment: Commitment) -> dict[str, Any]:
    return dataclasses.asdict(commitment) | {
        "created_at": commitment.created_at.isoformat(),
        "status": str(commitment.status),
        "missing": missing_fields(commitment),
    }
