"""The storage interface. Rooms, routes and the demo seeder talk only to
this; SQLite is the embedded default and PostgreSQL slots in beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from workshops.alternatives import Alternative
from workshops.ideation import Card, IdeationRound
from workshops.workshop import Event, Participant, Workshop


@dataclass(frozen=True)
class StoredDocument:
    """A document's durable state: the last compacted snapshot and the
    update rows written after it, in order."""

    snapshot: bytes | None
    snapshot_seq: int
    updates: list[tuple[int, bytes]]

    @property
    def last_seq(self) -> int:
        return self.updates[-1][0] if self.updates else self.snapshot_seq


@dataclass(frozen=True)
class StoredRecord:
    """A row of the JSON-bodied tables (voting rounds, ballots, decisions,
    commitments): the domain rebuilds and re-validates its objects from it."""

    id: str
    workshop_id: str
    created_at: dt.datetime
    data: dict[str, Any]


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    workshop_id: str
    kind: str
    payload: dict[str, Any]
    actor_id: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class StoredPlan:
    """A Plan de Acción row: ``data`` is ``plan_to_dict`` of the plan, stored
    as JSON text (its key order is part of the exact round trip)."""

    id: str
    created_at: dt.datetime
    updated_at: dt.datetime
    data: dict[str, Any]


@dataclass(frozen=True)
class StoredPlanTemplate:
    """An institution's DOCX template for a plan (``data`` is ``None`` when
    only the description was asked for)."""

    plan_id: str
    filename: str
    uploaded_at: dt.datetime
    data: bytes | None


@dataclass(frozen=True)
class StoredPlanEvent:
    """An entry of a plan's audit log (plans are not a workshop's: own log)."""

    seq: int
    plan_id: str
    kind: str
    payload: dict[str, Any]
    actor_id: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class StoredPlanRecord:
    """A row of a plan's follow-up (``kind`` one of ``PLAN_RECORD_KINDS``):
    JSON ``data``, the domain rebuilds and re-validates its objects from it.
    Rows are only ever inserted: the follow-up's history is never rewritten."""

    id: str
    plan_id: str
    kind: str
    parent_id: str | None
    created_at: dt.datetime
    data: dict[str, Any]


@dataclass(frozen=True)
class StoredPlanFile:
    """An evidence file of a plan's follow-up (its description is in the
    update or measurement record that names ``id``)."""

    id: str
    plan_id: str
    created_at: dt.datetime
    data: bytes


# The kinds of follow-up rows of a plan (server/follow_up.py; links:
# server/follow_up_link.py) and what their ``parent_id`` names.
PLAN_RECORD_KINDS = {
    "publication": None,  # one per plan: when it was published
    "link": "commitment_id",  # a reporter's or the verifier's private link
    "update": "activity_id",  # a reporter's report or a verifier's decision
    "measurement": "indicator_id",
    "review": None,  # the six-month monitoring or the final evaluation
    "reminder": "link_id",  # an e-mail reminder sent to a link's holder (one a day)
}


# Tables whose rows are JSON documents, and the field of ``data`` that names
# the parent (ballots belong to a round).
RECORD_TABLES = {
    "voting_round": None,
    "ballot": "round_id",
    "decision": None,
    "commitment": None,
    "roadmap": "commitment_id",
    "assessment": "alternative_id",
    "workshop_setting": None,
    # Which alternatives a split one became (its disposition says «dividida»).
    "alternative_split": "alternative_id",
    # Participants whose sessions the facilitator revoked (server/revocation.py).
    "token_revocation": "participant_id",
    # The timer and the list of speakers, one row each per workshop (server/moderation.py).
    "moderation": None,
    # Projector displays: read-only links that are never members (server/displays.py).
    "display": "display_id",
    # The minuta's lifecycle, one row per workshop (server/minuta_drafting.py).
    "minuta": None,
    # Each sealed version of a minuta, by its SHA-256 (public verification).
    "minuta_seal": None,
    # Who confirmed attendance in the room, one row per person (server/minuta_drafting.py).
    "attendance": "participant_id",
}


def record_tables_ddl(timestamp_type: str, data_type: str) -> str:
    """The SQL that creates every record table (one shape for all)."""
    return "".join(
        f"CREATE TABLE IF NOT EXISTS {table} (\n"
        f"    id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshop(id), parent_id TEXT,\n"
        f"    created_at {timestamp_type} NOT NULL, data {data_type} NOT NULL\n);\n"
        f"CREATE INDEX IF NOT EXISTS {table}_workshop ON {table}(workshop_id, created_at);\n"
        for table in RECORD_TABLES
    )


class Store(Protocol):
    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def get_or_create_secret(self, candidate: str) -> str:
        """The app's signing key: the stored one, or ``candidate`` stored now."""
        ...

    async def insert_workshop(self, workshop: Workshop, facilitator: Participant, events: list[Event]) -> None: ...

    async def find_workshop(self, workshop_id: str) -> Workshop | None: ...

    async def find_workshop_by_code(self, join_code: str) -> Workshop | None: ...

    async def count_workshops(self) -> int: ...

    async def save_workshop_state(self, workshop: Workshop, events: list[Event]) -> None:
        """Store the workshop's phase, locks and details (title, entity,
        problem statement, date, place) with the events that changed them."""
        ...

    async def append_events(self, workshop_id: str, events: list[Event]) -> None:
        """Record events that change no stored row (e.g. an edit made in a document)."""
        ...

    async def insert_participant(self, participant: Participant, events: list[Event]) -> None: ...

    async def find_participant(self, workshop_id: str, participant_id: str) -> Participant | None: ...

    async def list_participants(self, workshop_id: str) -> list[Participant]: ...

    async def list_events(self, workshop_id: str) -> list[StoredEvent]: ...

    async def insert_round(self, ideation: IdeationRound, events: list[Event]) -> None: ...

    async def save_round(self, ideation: IdeationRound, events: list[Event]) -> None:
        """Store a round's status with the events that changed it."""
        ...

    async def find_latest_round(self, workshop_id: str) -> IdeationRound | None: ...

    async def insert_card(self, card: Card) -> None: ...

    async def list_cards(self, round_id: str, author_id: str | None = None) -> list[Card]:
        """A round's cards in writing order; only one author's when given."""
        ...

    async def insert_alternative(self, alternative: Alternative, events: list[Event]) -> None: ...

    async def save_alternatives(self, workshop_id: str, alternatives: list[Alternative], events: list[Event]) -> None:
        """Store changed alternatives and the events that changed them, atomically."""
        ...

    async def list_alternatives(self, workshop_id: str) -> list[Alternative]:
        """In the order they were proposed."""
        ...

    async def save_records(
        self,
        workshop_id: str,
        records: list[tuple[str, StoredRecord]],
        events: list[Event],
        *,
        alternatives: Sequence[Alternative] = (),
    ) -> None:
        """Insert or replace ``(table, record)`` rows, and ``alternatives``,
        with their events, atomically. ``table`` is one of ``RECORD_TABLES``."""
        ...

    async def list_records(self, table: str, workshop_id: str, parent_id: str | None = None) -> list[StoredRecord]:
        """A workshop's records of one table, oldest first; ballots by round
        (``parent_id``)."""
        ...

    async def find_record(self, table: str, record_id: str) -> StoredRecord | None:
        """One record by its id, whatever its workshop (a sealed minuta by its digest)."""
        ...

    async def insert_plan(self, plan: StoredPlan, events: list[Event]) -> bool:
        """Store a new plan with its events; ``False`` (nothing written) when
        its id is taken."""
        ...

    async def save_plan(self, plan: StoredPlan, events: list[Event]) -> None:
        """Replace a stored plan's ``data`` and ``updated_at`` with the events
        that changed it, atomically."""
        ...

    async def find_plan(self, plan_id: str) -> StoredPlan | None: ...

    async def list_plan_events(self, plan_id: str) -> list[StoredPlanEvent]:
        """A plan's audit log, oldest first."""
        ...

    async def save_plan_template(self, template: StoredPlanTemplate, events: list[Event]) -> None:
        """Store (or replace) a plan's template with its event, atomically."""
        ...

    async def find_plan_template(self, plan_id: str, *, with_data: bool = True) -> StoredPlanTemplate | None: ...

    async def delete_plan_template(self, plan_id: str, events: list[Event]) -> bool:
        """Remove a plan's template; ``False`` (and no event) when it had none."""
        ...

    async def insert_plan_records(
        self,
        plan_id: str,
        records: list[StoredPlanRecord],
        events: list[Event],
        files: Sequence[StoredPlanFile] = (),
    ) -> bool:
        """Insert a plan's follow-up rows and evidence files with their events,
        atomically; ``False`` (nothing written) when a record's id is taken."""
        ...

    async def list_plan_records(
        self, plan_id: str, kind: str | None = None, parent_id: str | None = None
    ) -> list[StoredPlanRecord]:
        """A plan's follow-up rows, oldest first; of one kind, one parent."""
        ...

    async def find_plan_file(self, plan_id: str, file_id: str) -> StoredPlanFile | None: ...

    async def plan_version(self, plan_id: str) -> str | None:
        """A marker that changes with every write to a plan, its follow-up rows
        or its log (one cheap read; ``None`` for no plan): what caches of the
        plan's public outputs are keyed by (server/public_cache.py)."""
        ...

    async def list_follow_up_plans(self) -> list[str]:
        """The ids of the plans with follow-up links, in order."""
        ...

    async def load_document(self, doc_id: str) -> StoredDocument: ...

    async def append_update(self, doc_id: str, data: bytes) -> int:
        """Durably append one update row; returns its sequence number."""
        ...

    async def compact_document(self, doc_id: str, snapshot: bytes, upto_seq: int) -> None:
        """Replace the snapshot and drop update rows up to ``upto_seq``, atomically."""
        ...


def plan_tables_ddl(timestamp_type: str, json_type: str, bytes_type: str, serial_type: str) -> str:
    """The SQL that creates the plan tables (one shape for both backends)."""
    return (
        "CREATE TABLE IF NOT EXISTS plan (\n"
        f"    id TEXT PRIMARY KEY, created_at {timestamp_type} NOT NULL, updated_at {timestamp_type} NOT NULL,\n"
        f"    data {json_type} NOT NULL\n);\n"
        "CREATE TABLE IF NOT EXISTS plan_template (\n"
        "    plan_id TEXT PRIMARY KEY REFERENCES plan(id), filename TEXT NOT NULL,\n"
        f"    data {bytes_type} NOT NULL, uploaded_at {timestamp_type} NOT NULL\n);\n"
        "CREATE TABLE IF NOT EXISTS plan_event (\n"
        f"    seq {serial_type} PRIMARY KEY, plan_id TEXT NOT NULL REFERENCES plan(id), kind TEXT NOT NULL,\n"
        f"    payload TEXT NOT NULL, actor_id TEXT, created_at {timestamp_type} NOT NULL\n);\n"
        "CREATE INDEX IF NOT EXISTS plan_event_plan ON plan_event(plan_id, seq);\n"
        "CREATE TABLE IF NOT EXISTS plan_record (\n"
        "    id TEXT PRIMARY KEY, plan_id TEXT NOT NULL REFERENCES plan(id), kind TEXT NOT NULL, parent_id TEXT,\n"
        f"    created_at {timestamp_type} NOT NULL, data {json_type} NOT NULL\n);\n"
        "CREATE INDEX IF NOT EXISTS plan_record_plan ON plan_record(plan_id, kind, created_at);\n"
        "CREATE TABLE IF NOT EXISTS plan_file (\n"
        "    id TEXT PRIMARY KEY, plan_id TEXT NOT NULL REFERENCES plan(id),\n"
        f"    created_at {timestamp_type} NOT NULL, data {bytes_type} NOT NULL\n);\n"
    )


def plan_record_kind(kind: str) -> str:
    if kind not in PLAN_RECORD_KINDS:
        raise ValueError(f"unknown plan record kind {kind!r}")
    return kind


def record_table(table: str) -> str:
    """The table's name, checked: it is put into SQL text."""
    if table not in RECORD_TABLES:
        raise ValueError(f"unknown record table {table!r}")
    return table


def record_parent(table: str, record: StoredRecord) -> str | None:
    key = RECORD_TABLES[record_table(table)]
    value = record.data.get(key) if key else None
    return value if isinstance(value, str) else None
