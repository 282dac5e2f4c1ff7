"""SQLite backend: the embedded default (one process per database file).

One connection in WAL mode with ``synchronous=FULL``; calls run in a worker
thread behind a lock, so the event loop never blocks on disk.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread

from workshops.alternatives import Alternative
from workshops.ideation import Card, IdeationRound
from workshops.workshop import Event, Participant, Workshop

from .base import (
    StoredDocument,
    StoredEvent,
    StoredPlan,
    StoredPlanEvent,
    StoredPlanFile,
    StoredPlanRecord,
    StoredPlanTemplate,
    StoredRecord,
    plan_record_kind,
    plan_tables_ddl,
    record_parent,
    record_table,
    record_tables_ddl,
)
from .records import (
    ALTERNATIVE_COLUMNS,
    CARD_COLUMNS,
    PARTICIPANT_ADDED_COLUMNS,
    PARTICIPANT_COLUMNS,
    ROUND_COLUMNS,
    WORKSHOP_COLUMNS,
    alternative_from_row,
    alternative_row,
    as_text,
    card_from_row,
    card_row,
    event_payload,
    now_iso,
    parse_datetime,
    participant_from_row,
    participant_row,
    qmarks,
    round_from_row,
    round_row,
    workshop_from_row,
    workshop_row,
)

T = TypeVar("T")


class _Taken(Exception):
    """A follow-up record's id is taken: the transaction rolls back."""


SCHEMA = """
CREATE TABLE IF NOT EXISTS app_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workshop (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, problem_statement TEXT NOT NULL, entity TEXT NOT NULL,
    date TEXT, join_code TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, phase TEXT NOT NULL,
    locked TEXT NOT NULL DEFAULT '', place TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS participant (
    id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshop(id), name TEXT NOT NULL,
    sector TEXT NOT NULL, role TEXT NOT NULL, organization TEXT NOT NULL, joined_at TEXT NOT NULL,
    privacy_accepted_at TEXT, code_of_conduct_accepted_at TEXT,
    privacy_notice_version TEXT NOT NULL DEFAULT '', code_of_conduct_version TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS participant_workshop ON participant(workshop_id);
CREATE TABLE IF NOT EXISTS workshop_event (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, workshop_id TEXT NOT NULL, kind TEXT NOT NULL,
    payload TEXT NOT NULL, actor_id TEXT, created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS workshop_event_workshop ON workshop_event(workshop_id, seq);
CREATE TABLE IF NOT EXISTS ideation_round (
    id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshop(id), prompt TEXT NOT NULL,
    opened_at TEXT NOT NULL, opened_by TEXT NOT NULL, status TEXT NOT NULL, revealed_at TEXT
);
CREATE INDEX IF NOT EXISTS ideation_round_workshop ON ideation_round(workshop_id, opened_at);
CREATE TABLE IF NOT EXISTS ideation_card (
    id TEXT PRIMARY KEY, round_id TEXT NOT NULL REFERENCES ideation_round(id), author_id TEXT NOT NULL,
    kind TEXT NOT NULL, text TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ideation_card_round ON ideation_card(round_id, created_at);
CREATE TABLE IF NOT EXISTS alternative (
    id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshop(id), title TEXT NOT NULL,
    addresses TEXT NOT NULL, proposed_by TEXT NOT NULL, proposed_at TEXT NOT NULL, authors TEXT NOT NULL,
    disposition TEXT NOT NULL, reason TEXT NOT NULL, merged_into TEXT, decided_at TEXT, decided_by TEXT
);
CREATE INDEX IF NOT EXISTS alternative_workshop ON alternative(workshop_id, proposed_at);
CREATE TABLE IF NOT EXISTS crdt_document (
    doc_id TEXT PRIMARY KEY, snapshot BLOB, snapshot_seq INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crdt_update (
    doc_id TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
"""
SCHEMA += record_tables_ddl("TEXT", "TEXT")
SCHEMA += plan_tables_ddl("TEXT", "TEXT", "BLOB", "INTEGER")


def _migrate(conn: sqlite3.Connection) -> None:
    """Columns added after a database was created."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(workshop)")}
    for column in ("locked", "place"):
        if column not in columns:
            conn.execute(f"ALTER TABLE workshop ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    columns = {row[1] for row in conn.execute("PRAGMA table_info(participant)")}
    for column in PARTICIPANT_ADDED_COLUMNS:
        if column not in columns:
            conn.execute(f"ALTER TABLE participant ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


def sqlite_path(database_url: str) -> Path:
    """``sqlite:///relative.db`` and ``sqlite:////absolute.db``."""
    prefix = "sqlite:///"
    if not database_url.startswith(prefix):
        raise ValueError(f"not a SQLite URL: {database_url!r}")
    return Path(database_url[len(prefix) :])


class SQLiteStore:
    def __init__(self, database_url: str) -> None:
        self.path = sqlite_path(database_url)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    async def open(self) -> None:
        def _open() -> sqlite3.Connection:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=5000")
            conn.executescript(SCHEMA)
            _migrate(conn)
            return conn

        self._conn = await anyio.to_thread.run_sync(_open)

    async def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            await anyio.to_thread.run_sync(conn.close)

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._conn
        if conn is None:
            raise RuntimeError("store is not open")

        def call() -> T:
            with self._lock:
                return fn(conn)

        return await anyio.to_thread.run_sync(call)

    async def _transaction(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        def tx(conn: sqlite3.Connection) -> T:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

        return await self._run(tx)

    @staticmethod
    def _insert_events(conn: sqlite3.Connection, workshop_id: str, events: list[Event]) -> None:
        conn.executemany(
            "INSERT INTO workshop_event (workshop_id, kind, payload, actor_id, created_at) VALUES (?, ?, ?, ?, ?)",
            [(workshop_id, e.kind, event_payload(e.payload), e.actor_id, now_iso()) for e in events],
        )

    async def get_or_create_secret(self, candidate: str) -> str:
        def fn(conn: sqlite3.Connection) -> str:
            conn.execute("INSERT OR IGNORE INTO app_secret (id, secret) VALUES (1, ?)", (candidate,))
            return str(conn.execute("SELECT secret FROM app_secret WHERE id = 1").fetchone()[0])

        return await self._transaction(fn)

    async def insert_workshop(self, workshop: Workshop, facilitator: Participant, events: list[Event]) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            conn.execute(
                f"INSERT INTO workshop ({WORKSHOP_COLUMNS}) VALUES ({qmarks(WORKSHOP_COLUMNS)})",
                tuple(map(as_text, workshop_row(workshop))),
            )
            conn.execute(
                f"INSERT INTO participant ({PARTICIPANT_COLUMNS}) VALUES ({qmarks(PARTICIPANT_COLUMNS)})",
                tuple(map(as_text, participant_row(facilitator))),
            )
            self._insert_events(conn, workshop.id, events)

        await self._transaction(fn)

    async def _find_one(self, sql: str, params: tuple[Any, ...], convert: Callable[[Any], T]) -> T | None:
        def fn(conn: sqlite3.Connection) -> T | None:
            row = conn.execute(sql, params).fetchone()
            return convert(row) if row is not None else None

        return await self._run(fn)

    async def find_workshop(self, workshop_id: str) -> Workshop | None:
        return await self._find_one(
            f"SELECT {WORKSHOP_COLUMNS} FROM workshop WHERE id = ?", (workshop_id,), workshop_from_row
        )

    async def find_workshop_by_code(self, join_code: str) -> Workshop | None:
        return await self._find_one(
            f"SELECT {WORKSHOP_COLUMNS} FROM workshop WHERE join_code = ?", (join_code,), workshop_from_row
        )

    async def count_workshops(self) -> int:
        return await self._run(lambda conn: int(conn.execute("SELECT count(*) FROM workshop").fetchone()[0]))

    async def save_workshop_state(self, workshop: Workshop, events: list[Event]) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE workshop SET phase = ?, locked = ?, title = ?, problem_statement = ?, entity = ?, date = ?, "
                "place = ? WHERE id = ?",
                (
                    str(workshop.phase),
                    ",".join(sorted(workshop.locked)),
                    workshop.title,
                    workshop.problem_statement,
                    workshop.entity,
                    as_text(workshop.date),
                    workshop.place,
                    workshop.id,
                ),
            )
            self._insert_events(conn, workshop.id, events)

        await self._transaction(fn)

    async def append_events(self, workshop_id: str, events: list[Event]) -> None:
        await self._transaction(lambda conn: self._insert_events(conn, workshop_id, events))

    async def insert_participant(self, participant: Participant, events: list[Event]) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            conn.execute(
                f"INSERT INTO participant ({PARTICIPANT_COLUMNS}) VALUES ({qmarks(PARTICIPANT_COLUMNS)})",
                tuple(map(as_text, participant_row(participant))),
            )
            self._insert_events(conn, participant.workshop_id, events)

        await self._transaction(fn)

    async def find_participant(self, workshop_id: str, participant_id: str) -> Participant | None:
        return await self._find_one(
            f"SELECT {PARTICIPANT_COLUMNS} FROM participant WHERE workshop_id = ? AND id = ?",
            (workshop_id, participant_id),
            participant_from_row,
        )

    async def list_participants(self, workshop_id: str) -> list[Participant]:
        def fn(conn: sqlite3.Connection) -> list[Participant]:
            rows = conn.execute(
                f"SELECT {PARTICIPANT_COLUMNS} FROM participant WHERE workshop_id = ? ORDER BY joined_at, id",
                (workshop_id,),
            )
            return [participant_from_row(r) for r in rows]

        return await self._run(fn)

    async def list_events(self, workshop_id: str) -> list[StoredEvent]:
        def fn(conn: sqlite3.Connection) -> list[StoredEvent]:
            rows = conn.execute(
                "SELECT seq, workshop_id, kind, payload, actor_id, created_at FROM workshop_event "
                "WHERE workshop_id = ? ORDER BY seq",
                (workshop_id,),
            )
            return [
                StoredEvent(r[0], r[1], r[2], json.loads(r[3]), r[4], parse_datetime(r[5]))  # type: ignore[arg-type]
                for r in rows
            ]

        return await self._run(fn)

    async def insert_round(self, ideation: IdeationRound, events: list[Event]) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            conn.execute(
                f"INSERT INTO ideation_round ({ROUND_COLUMNS}) VALUES ({qmarks(ROUND_COLUMNS)})",
                tuple(map(as_text, round_row(ideation))),
            )
            self._insert_events(conn, ideation.workshop_id, events)

        await self._transaction(fn)

    async def save_round(self, ideation: IdeationRound, events: list[Event]) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE ideation_round SET status = ?, revealed_at = ? WHERE id = ?",
                (str(ideation.status), as_text(ideation.revealed_at), ideation.id),
            )
            self._insert_events(conn, ideation.workshop_id, events)

        await self._transaction(fn)

    async def find_latest_round(self, workshop_id: str) -> IdeationRound | None:
        return await self._find_one(
            f"SELECT {ROUND_COLUMNS} FROM ideation_round WHERE workshop_id = ? ORDER BY opened_at DESC, id LIMIT 1",
            (workshop_id,),
            round_from_row,
        )

    async def insert_card(self, card: Card) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            conn.execute(
                f"INSERT INTO ideation_card ({CARD_COLUMNS}) VALUES ({qmarks(CARD_COLUMNS)})",
                tuple(map(as_text, card_row(card))),
            )

        await self._transaction(fn)

    async def list_cards(self, round_id: str, author_id: str | None = None) -> list[Card]:
        def fn(conn: sqlite3.Connection) -> list[Card]:
            sql = f"SELECT {CARD_COLUMNS} FROM ideation_card WHERE round_id = ?"
            params: tuple[str, ...] = (round_id,)
            if author_id is not None:
                sql, params = sql + " AND author_id = ?", (round_id, author_id)
            return [card_from_row(r) for r in conn.execute(sql + " ORDER BY created_at, id", params)]

        return await self._run(fn)

    async def insert_alternative(self, alternative: Alternative, events: list[Event]) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            conn.execute(
                f"INSERT INTO alternative ({ALTERNATIVE_COLUMNS}) VALUES ({qmarks(ALTERNATIVE_COLUMNS)})",
                tuple(map(as_text, alternative_row(alternative))),
            )
            self._insert_events(conn, alternative.workshop_id, events)

        await self._transaction(fn)

    async def save_alternatives(self, workshop_id: str, alternatives: list[Alternative], events: list[Event]) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            for alternative in alternatives:
                conn.execute(
                    f"REPLACE INTO alternative ({ALTERNATIVE_COLUMNS}) VALUES ({qmarks(ALTERNATIVE_COLUMNS)})",
                    tuple(map(as_text, alternative_row(alternative))),
                )
            self._insert_events(conn, workshop_id, events)

        await self._transaction(fn)

    async def list_alternatives(self, workshop_id: str) -> list[Alternative]:
        def fn(conn: sqlite3.Connection) -> list[Alternative]:
            rows = conn.execute(
                f"SELECT {ALTERNATIVE_COLUMNS} FROM alternative WHERE workshop_id = ? ORDER BY proposed_at, id",
                (workshop_id,),
            )
            return [alternative_from_row(r) for r in rows]

        return await self._run(fn)

    async def save_records(
        self,
        workshop_id: str,
        records: list[tuple[str, StoredRecord]],
        events: list[Event],
        *,
        alternatives: Sequence[Alternative] = (),
    ) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            for alternative in alternatives:
                conn.execute(
                    f"REPLACE INTO alternative ({ALTERNATIVE_COLUMNS}) VALUES ({qmarks(ALTERNATIVE_COLUMNS)})",
                    tuple(map(as_text, alternative_row(alternative))),
                )
            for table, record in records:
                conn.execute(
                    f"REPLACE INTO {record_table(table)} (id, workshop_id, parent_id, created_at, data) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        record.id,
                        record.workshop_id,
                        record_parent(table, record),
                        as_text(record.created_at),
                        json.dumps(record.data, ensure_ascii=False),
                    ),
                )
            self._insert_events(conn, workshop_id, events)

        await self._transaction(fn)

    async def list_records(self, table: str, workshop_id: str, parent_id: str | None = None) -> list[StoredRecord]:
        def fn(conn: sqlite3.Connection) -> list[StoredRecord]:
            sql = f"SELECT id, workshop_id, created_at, data FROM {record_table(table)} WHERE workshop_id = ?"
            params: tuple[str, ...] = (workshop_id,)
            if parent_id is not None:
                sql, params = sql + " AND parent_id = ?", (workshop_id, parent_id)
            rows = conn.execute(sql + " ORDER BY created_at, rowid", params)
            return [StoredRecord(r[0], r[1], parse_datetime(r[2]), json.loads(r[3])) for r in rows]  # type: ignore[arg-type]

        return await self._run(fn)

    async def find_record(self, table: str, record_id: str) -> StoredRecord | None:
        def fn(conn: sqlite3.Connection) -> StoredRecord | None:
            sql = f"SELECT id, workshop_id, created_at, data FROM {record_table(table)} WHERE id = ?"
            row = conn.execute(sql, (record_id,)).fetchone()
            return None if row is None else StoredRecord(row[0], row[1], parse_datetime(row[2]), json.loads(row[3]))  # type: ignore[arg-type]

        return await self._run(fn)

    @staticmethod
    def _insert_plan_events(conn: sqlite3.Connection, plan_id: str, events: list[Event]) -> None:
        conn.executemany(
            "INSERT INTO plan_event (plan_id, kind, payload, actor_id, created_at) VALUES (?, ?, ?, ?, ?)",
            [(plan_id, e.kind, event_payload(e.payload), e.actor_id, now_iso()) for e in events],
        )

    async def insert_plan(self, plan: StoredPlan, events: list[Event]) -> bool:
        def fn(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute(
                "INSERT INTO plan (id, created_at, updated_at, data) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (
                    plan.id,
                    as_text(plan.created_at),
                    as_text(plan.updated_at),
                    json.dumps(plan.data, ensure_ascii=False),
                ),
            )
            if cursor.rowcount != 1:
                return False
            self._insert_plan_events(conn, plan.id, events)
            return True

        return await self._transaction(fn)

    async def save_plan(self, plan: StoredPlan, events: list[Event]) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE plan SET data = ?, updated_at = ? WHERE id = ?",
                (json.dumps(plan.data, ensure_ascii=False), as_text(plan.updated_at), plan.id),
            )
            self._insert_plan_events(conn, plan.id, events)

        await self._transaction(fn)

    async def find_plan(self, plan_id: str) -> StoredPlan | None:
        return await self._find_one(
            "SELECT id, created_at, updated_at, data FROM plan WHERE id = ?",
            (plan_id,),
            lambda r: StoredPlan(r[0], parse_datetime(r[1]), parse_datetime(r[2]), json.loads(r[3])),  # type: ignore[arg-type]
        )

    async def plan_version(self, plan_id: str) -> str | None:
        return await self._find_one(
            "SELECT p.updated_at, (SELECT coalesce(max(seq), 0) FROM plan_event WHERE plan_id = p.id), "
            "(SELECT count(*) FROM plan_record WHERE plan_id = p.id) FROM plan p WHERE p.id = ?",
            (plan_id,),
            lambda r: f"{r[0]}|{r[1]}|{r[2]}",
        )

    async def list_plan_events(self, plan_id: str) -> list[StoredPlanEvent]:
        def fn(conn: sqlite3.Connection) -> list[StoredPlanEvent]:
            rows = conn.execute(
                "SELECT seq, plan_id, kind, payload, actor_id, created_at FROM plan_event "
                "WHERE plan_id = ? ORDER BY seq",
                (plan_id,),
            )
            return [
                StoredPlanEvent(r[0], r[1], r[2], json.loads(r[3]), r[4], parse_datetime(r[5]))  # type: ignore[arg-type]
                for r in rows
            ]

        return await self._run(fn)

    async def save_plan_template(self, template: StoredPlanTemplate, events: list[Event]) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            conn.execute(
                "REPLACE INTO plan_template (plan_id, filename, data, uploaded_at) VALUES (?, ?, ?, ?)",
                (template.plan_id, template.filename, template.data or b"", as_text(template.uploaded_at)),
            )
            self._insert_plan_events(conn, template.plan_id, events)

        await self._transaction(fn)

    async def find_plan_template(self, plan_id: str, *, with_data: bool = True) -> StoredPlanTemplate | None:
        data = "data" if with_data else "NULL"
        return await self._find_one(
            f"SELECT plan_id, filename, uploaded_at, {data} FROM plan_template WHERE plan_id = ?",
            (plan_id,),
            lambda r: StoredPlanTemplate(r[0], r[1], parse_datetime(r[2]), None if r[3] is None else bytes(r[3])),  # type: ignore[arg-type]
        )

    async def delete_plan_template(self, plan_id: str, events: list[Event]) -> bool:
        def fn(conn: sqlite3.Connection) -> bool:
            if conn.execute("DELETE FROM plan_template WHERE plan_id = ?", (plan_id,)).rowcount != 1:
                return False
            self._insert_plan_events(conn, plan_id, events)
            return True

        return await self._transaction(fn)

    async def insert_plan_records(
        self,
        plan_id: str,
        records: list[StoredPlanRecord],
        events: list[Event],
        files: Sequence[StoredPlanFile] = (),
    ) -> bool:
        def fn(conn: sqlite3.Connection) -> bool:
            for record in records:
                cursor = conn.execute(
                    "INSERT INTO plan_record (id, plan_id, kind, parent_id, created_at, data) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    (
                        record.id,
                        plan_id,
                        plan_record_kind(record.kind),
                        record.parent_id,
                        as_text(record.created_at),
                        json.dumps(record.data, ensure_ascii=False),
                    ),
                )
                if cursor.rowcount != 1:
                    raise _Taken
            for file in files:
                conn.execute(
                    "INSERT INTO plan_file (id, plan_id, created_at, data) VALUES (?, ?, ?, ?)",
                    (file.id, plan_id, as_text(file.created_at), file.data),
                )
            self._insert_plan_events(conn, plan_id, events)
            return True

        try:
            return await self._transaction(fn)
        except _Taken:
            return False

    async def list_plan_records(
        self, plan_id: str, kind: str | None = None, parent_id: str | None = None
    ) -> list[StoredPlanRecord]:
        def fn(conn: sqlite3.Connection) -> list[StoredPlanRecord]:
            sql = "SELECT id, plan_id, kind, parent_id, created_at, data FROM plan_record WHERE plan_id = ?"
            params: list[str] = [plan_id]
            if kind is not None:
                sql, params = sql + " AND kind = ?", [*params, plan_record_kind(kind)]
            if parent_id is not None:
                sql, params = sql + " AND parent_id = ?", [*params, parent_id]
            rows = conn.execute(sql + " ORDER BY created_at, rowid", params)
            return [
                StoredPlanRecord(r[0], r[1], r[2], r[3], parse_datetime(r[4]), json.loads(r[5]))  # type: ignore[arg-type]
                for r in rows
            ]

        return await self._run(fn)

    async def list_follow_up_plans(self) -> list[str]:
        def fn(conn: sqlite3.Connection) -> list[str]:
            rows = conn.execute("SELECT DISTINCT plan_id FROM plan_record WHERE kind = 'link' ORDER BY plan_id")
            return [r[0] for r in rows]

        return await self._run(fn)

    async def find_plan_file(self, plan_id: str, file_id: str) -> StoredPlanFile | None:
        return await self._find_one(
            "SELECT id, plan_id, created_at, data FROM plan_file WHERE plan_id = ? AND id = ?",
            (plan_id, file_id),
            lambda r: StoredPlanFile(r[0], r[1], parse_datetime(r[2]), bytes(r[3])),  # type: ignore[arg-type]
        )

    async def load_document(self, doc_id: str) -> StoredDocument:
        def fn(conn: sqlite3.Connection) -> StoredDocument:
            row = conn.execute(
                "SELECT snapshot, snapshot_seq FROM crdt_document WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            snapshot, snapshot_seq = (bytes(row[0]) if row[0] is not None else None, row[1]) if row else (None, 0)
            updates = [
                (seq, bytes(data))
                for seq, data in conn.execute(
                    "SELECT seq, data FROM crdt_update WHERE doc_id = ? AND seq > ? ORDER BY seq",
                    (doc_id, snapshot_seq),
                )
            ]
            return StoredDocument(snapshot, snapshot_seq, updates)

        return await self._run(fn)

    async def append_update(self, doc_id: str, data: bytes) -> int:
        def fn(conn: sqlite3.Connection) -> int:
            row = conn.execute("SELECT max(seq) FROM crdt_update WHERE doc_id = ?", (doc_id,)).fetchone()
            floor = conn.execute("SELECT snapshot_seq FROM crdt_document WHERE doc_id = ?", (doc_id,)).fetchone()
            seq = max(row[0] or 0, floor[0] if floor else 0) + 1
            conn.execute(
                "INSERT INTO crdt_update (doc_id, seq, data, created_at) VALUES (?, ?, ?, ?)",
                (doc_id, seq, data, now_iso()),
            )
            return seq

        return await self._transaction(fn)

    async def compact_document(self, doc_id: str, snapshot: bytes, upto_seq: int) -> None:
        def fn(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO crdt_document (doc_id, snapshot, snapshot_seq, bytes, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (doc_id) DO UPDATE SET snapshot = excluded.snapshot, "
                "snapshot_seq = excluded.snapshot_seq, bytes = excluded.bytes, updated_at = excluded.updated_at",
                (doc_id, snapshot, upto_seq, len(snapshot), now_iso()),
            )
            conn.execute("DELETE FROM crdt_update WHERE doc_id = ? AND seq <= ?", (doc_id, upto_seq))

        await self._transaction(fn)
