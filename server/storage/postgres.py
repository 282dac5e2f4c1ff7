"""PostgreSQL backend, for production.

Safe for several processes at the storage level, but until the Redis fan-out
exists the live rooms (and the phase cache) of a workshop must be served by a
single process: run one uvicorn worker.

An asyncpg pool; every change commits in one transaction with the events that
record it. Update sequence numbers are allocated per document under a
transaction-scoped advisory lock, so concurrent writers never collide.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import asyncpg

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
    PARTICIPANT_COLUMNS,
    ROUND_COLUMNS,
    WORKSHOP_COLUMNS,
    alternative_from_row,
    alternative_row,
    card_from_row,
    card_row,
    event_payload,
    numbered,
    participant_from_row,
    participant_row,
    round_from_row,
    round_row,
    utc,
    workshop_from_row,
    workshop_row,
)

POOL_MIN_SIZE = 1
POOL_MAX_SIZE = 10

# Advisory-lock namespaces (the first key of pg_advisory_xact_lock(int, int)),
# so our locks never meet another application's on the same database.
SCHEMA_LOCK = 0x636F_0001
DOCUMENT_LOCK = 0x636F_0002

SCHEMA = """
CREATE TABLE IF NOT EXISTS app_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workshop (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, problem_statement TEXT NOT NULL, entity TEXT NOT NULL,
    date DATE, join_code TEXT NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL, phase TEXT NOT NULL,
    locked TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS participant (
    id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshop(id), name TEXT NOT NULL,
    sector TEXT NOT NULL, role TEXT NOT NULL, organization TEXT NOT NULL, joined_at TIMESTAMPTZ NOT NULL,
    privacy_accepted_at TIMESTAMPTZ, code_of_conduct_accepted_at TIMESTAMPTZ
);
ALTER TABLE participant ADD COLUMN IF NOT EXISTS privacy_notice_version TEXT NOT NULL DEFAULT '';
ALTER TABLE participant ADD COLUMN IF NOT EXISTS code_of_conduct_version TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS participant_workshop ON participant(workshop_id);
ALTER TABLE workshop ADD COLUMN IF NOT EXISTS locked TEXT NOT NULL DEFAULT '';
ALTER TABLE workshop ADD COLUMN IF NOT EXISTS place TEXT NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS workshop_event (
    seq BIGSERIAL PRIMARY KEY, workshop_id TEXT NOT NULL, kind TEXT NOT NULL,
    payload JSONB NOT NULL, actor_id TEXT, created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS workshop_event_workshop ON workshop_event(workshop_id, seq);
CREATE TABLE IF NOT EXISTS ideation_round (
    id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshop(id), prompt TEXT NOT NULL,
    opened_at TIMESTAMPTZ NOT NULL, opened_by TEXT NOT NULL, status TEXT NOT NULL, revealed_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS ideation_round_workshop ON ideation_round(workshop_id, opened_at);
CREATE TABLE IF NOT EXISTS ideation_card (
    id TEXT PRIMARY KEY, round_id TEXT NOT NULL REFERENCES ideation_round(id), author_id TEXT NOT NULL,
    kind TEXT NOT NULL, text TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS ideation_card_round ON ideation_card(round_id, created_at);
CREATE TABLE IF NOT EXISTS alternative (
    id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshop(id), title TEXT NOT NULL,
    addresses TEXT NOT NULL, proposed_by TEXT NOT NULL, proposed_at TIMESTAMPTZ NOT NULL, authors TEXT NOT NULL,
    disposition TEXT NOT NULL, reason TEXT NOT NULL, merged_into TEXT, decided_at TIMESTAMPTZ, decided_by TEXT
);
CREATE INDEX IF NOT EXISTS alternative_workshop ON alternative(workshop_id, proposed_at);
CREATE TABLE IF NOT EXISTS crdt_document (
    doc_id TEXT PRIMARY KEY, snapshot BYTEA, snapshot_seq BIGINT NOT NULL DEFAULT 0,
    bytes BIGINT NOT NULL DEFAULT 0, updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS crdt_update (
    doc_id TEXT NOT NULL, seq BIGINT NOT NULL, data BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (doc_id, seq)
);
"""
SCHEMA += record_tables_ddl("TIMESTAMPTZ", "JSONB")
# JSON, not JSONB: a plan keeps its text as written, key order included.
SCHEMA += plan_tables_ddl("TIMESTAMPTZ", "JSON", "BYTEA", "BIGSERIAL")

_INSERT_EVENT = "INSERT INTO workshop_event (workshop_id, kind, payload, actor_id) VALUES ($1, $2, $3::jsonb, $4)"
_INSERT_PARTICIPANT = f"INSERT INTO participant ({PARTICIPANT_COLUMNS}) VALUES ({numbered(PARTICIPANT_COLUMNS)})"
_UPSERT_ALTERNATIVE = (
    f"INSERT INTO alternative ({ALTERNATIVE_COLUMNS}) VALUES ({numbered(ALTERNATIVE_COLUMNS)}) ON CONFLICT (id) "
    "DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in (c.strip() for c in ALTERNATIVE_COLUMNS.split(",")) if c != "id")
)


class _Taken(Exception):
    """A follow-up record's id is taken: the transaction rolls back."""


class PostgresStore:
    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self._pool: asyncpg.Pool | None = None

    async def open(self) -> None:
        pool = await asyncpg.create_pool(self.database_url, min_size=POOL_MIN_SIZE, max_size=POOL_MAX_SIZE)
        try:
            async with pool.acquire() as conn, conn.transaction():
                # Concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
                await conn.execute("SELECT pg_advisory_xact_lock($1, 0)", SCHEMA_LOCK)
                await conn.execute(SCHEMA)
        except BaseException:
            await pool.close()
            raise
        self._pool = pool

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("store is not open")
        return self._pool

    @staticmethod
    async def _insert_events(conn: asyncpg.Connection, workshop_id: str, events: list[Event]) -> None:
        if events:
            await conn.executemany(
                _INSERT_EVENT, [(workshop_id, e.kind, event_payload(e.payload), e.actor_id) for e in events]
            )

    @staticmethod
    async def _lock_document(conn: asyncpg.Connection, doc_id: str) -> None:
        await conn.execute("SELECT pg_advisory_xact_lock($1, hashtext($2))", DOCUMENT_LOCK, doc_id)

    async def get_or_create_secret(self, candidate: str) -> str:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO app_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING", candidate
            )
            return str(await conn.fetchval("SELECT secret FROM app_secret WHERE id = 1"))

    async def insert_workshop(self, workshop: Workshop, facilitator: Participant, events: list[Event]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                f"INSERT INTO workshop ({WORKSHOP_COLUMNS}) VALUES ({numbered(WORKSHOP_COLUMNS)})",
                *workshop_row(workshop),
            )
            await conn.execute(_INSERT_PARTICIPANT, *participant_row(facilitator))
            await self._insert_events(conn, workshop.id, events)

    async def find_workshop(self, workshop_id: str) -> Workshop | None:
        row = await self.pool.fetchrow(f"SELECT {WORKSHOP_COLUMNS} FROM workshop WHERE id = $1", workshop_id)
        return workshop_from_row(row) if row is not None else None

    async def find_workshop_by_code(self, join_code: str) -> Workshop | None:
        row = await self.pool.fetchrow(f"SELECT {WORKSHOP_COLUMNS} FROM workshop WHERE join_code = $1", join_code)
        return workshop_from_row(row) if row is not None else None

    async def count_workshops(self) -> int:
        return int(await self.pool.fetchval("SELECT count(*) FROM workshop"))

    async def save_workshop_state(self, workshop: Workshop, events: list[Event]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "UPDATE workshop SET phase = $1, locked = $2, title = $3, problem_statement = $4, entity = $5, "
                "date = $6, place = $7 WHERE id = $8",
                str(workshop.phase),
                ",".join(sorted(workshop.locked)),
                workshop.title,
                workshop.problem_statement,
                workshop.entity,
                workshop.date,
                workshop.place,
                workshop.id,
            )
            await self._insert_events(conn, workshop.id, events)

    async def append_events(self, workshop_id: str, events: list[Event]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await self._insert_events(conn, workshop_id, events)

    async def insert_participant(self, participant: Participant, events: list[Event]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(_INSERT_PARTICIPANT, *participant_row(participant))
            await self._insert_events(conn, participant.workshop_id, events)

    async def find_participant(self, workshop_id: str, participant_id: str) -> Participant | None:
        row = await self.pool.fetchrow(
            f"SELECT {PARTICIPANT_COLUMNS} FROM participant WHERE workshop_id = $1 AND id = $2",
            workshop_id,
            participant_id,
        )
        return participant_from_row(row) if row is not None else None

    async def list_participants(self, workshop_id: str) -> list[Participant]:
        rows = await self.pool.fetch(
            f"SELECT {PARTICIPANT_COLUMNS} FROM participant WHERE workshop_id = $1 ORDER BY joined_at, id",
            workshop_id,
        )
        return [participant_from_row(r) for r in rows]

    async def list_events(self, workshop_id: str) -> list[StoredEvent]:
        rows = await self.pool.fetch(
            "SELECT seq, workshop_id, kind, payload, actor_id, created_at FROM workshop_event "
            "WHERE workshop_id = $1 ORDER BY seq",
            workshop_id,
        )
        return [StoredEvent(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5]) for r in rows]

    async def insert_round(self, ideation: IdeationRound, events: list[Event]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                f"INSERT INTO ideation_round ({ROUND_COLUMNS}) VALUES ({numbered(ROUND_COLUMNS)})", *round_row(ideation)
            )
            await self._insert_events(conn, ideation.workshop_id, events)

    async def save_round(self, ideation: IdeationRound, events: list[Event]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "UPDATE ideation_round SET status = $1, revealed_at = $2 WHERE id = $3",
                str(ideation.status),
                utc(ideation.revealed_at),
                ideation.id,
            )
            await self._insert_events(conn, ideation.workshop_id, events)

    async def find_latest_round(self, workshop_id: str) -> IdeationRound | None:
        row = await self.pool.fetchrow(
            f"SELECT {ROUND_COLUMNS} FROM ideation_round WHERE workshop_id = $1 ORDER BY opened_at DESC, id LIMIT 1",
            workshop_id,
        )
        return round_from_row(row) if row is not None else None

    async def insert_card(self, card: Card) -> None:
        await self.pool.execute(
            f"INSERT INTO ideation_card ({CARD_COLUMNS}) VALUES ({numbered(CARD_COLUMNS)})", *card_row(card)
        )

    async def list_cards(self, round_id: str, author_id: str | None = None) -> list[Card]:
        sql = f"SELECT {CARD_COLUMNS} FROM ideation_card WHERE round_id = $1"
        args: list[str] = [round_id]
        if author_id is not None:
            sql += " AND author_id = $2"
            args.append(author_id)
        return [card_from_row(r) for r in await self.pool.fetch(sql + " ORDER BY created_at, id", *args)]

    async def insert_alternative(self, alternative: Alternative, events: list[Event]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                f"INSERT INTO alternative ({ALTERNATIVE_COLUMNS}) VALUES ({numbered(ALTERNATIVE_COLUMNS)})",
                *alternative_row(alternative),
            )
            await self._insert_events(conn, alternative.workshop_id, events)

    async def save_alternatives(self, workshop_id: str, alternatives: list[Alternative], events: list[Event]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            for alternative in alternatives:
                await conn.execute(_UPSERT_ALTERNATIVE, *alternative_row(alternative))
            await self._insert_events(conn, workshop_id, events)

    async def list_alternatives(self, workshop_id: str) -> list[Alternative]:
        rows = await self.pool.fetch(
            f"SELECT {ALTERNATIVE_COLUMNS} FROM alternative WHERE workshop_id = $1 ORDER BY proposed_at, id",
            workshop_id,
        )
        return [alternative_from_row(r) for r in rows]

    async def save_records(
        self,
        workshop_id: str,
        records: list[tuple[str, StoredRecord]],
        events: list[Event],
        *,
        alternatives: Sequence[Alternative] = (),
    ) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            for alternative in alternatives:
                await conn.execute(_UPSERT_ALTERNATIVE, *alternative_row(alternative))
            for table, record in records:
                await conn.execute(
                    f"INSERT INTO {record_table(table)} (id, workshop_id, parent_id, created_at, data) "
                    "VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data",
                    record.id,
                    record.workshop_id,
                    record_parent(table, record),
                    utc(record.created_at),
                    json.dumps(record.data, ensure_ascii=False),
                )
            await self._insert_events(conn, workshop_id, events)

    async def list_records(self, table: str, workshop_id: str, parent_id: str | None = None) -> list[StoredRecord]:
        sql = f"SELECT id, workshop_id, created_at, data FROM {record_table(table)} WHERE workshop_id = $1"
        args = [workshop_id]
        if parent_id is not None:
            sql += " AND parent_id = $2"
            args.append(parent_id)
        rows = await self.pool.fetch(sql + " ORDER BY created_at, id", *args)
        return [StoredRecord(r[0], r[1], r[2], json.loads(r[3])) for r in rows]

    async def find_record(self, table: str, record_id: str) -> StoredRecord | None:
        sql = f"SELECT id, workshop_id, created_at, data FROM {record_table(table)} WHERE id = $1"
        row = await self.pool.fetchrow(sql, record_id)
        return None if row is None else StoredRecord(row[0], row[1], row[2], json.loads(row[3]))

    @staticmethod
    async def _insert_plan_events(conn: asyncpg.Connection, plan_id: str, events: list[Event]) -> None:
        if events:
            await conn.executemany(
                "INSERT INTO plan_event (plan_id, kind, payload, actor_id, created_at) VALUES ($1, $2, $3, $4, now())",
                [(plan_id, e.kind, event_payload(e.payload), e.actor_id) for e in events],
            )

    async def insert_plan(self, plan: StoredPlan, events: list[Event]) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            inserted = await conn.fetchval(
                "INSERT INTO plan (id, created_at, updated_at, data) VALUES ($1, $2, $3, $4::json) "
                "ON CONFLICT (id) DO NOTHING RETURNING id",
                plan.id,
                utc(plan.created_at),
                utc(plan.updated_at),
                json.dumps(plan.data, ensure_ascii=False),
            )
            if inserted is None:
                return False
            await self._insert_plan_events(conn, plan.id, events)
            return True

    async def save_plan(self, plan: StoredPlan, events: list[Event]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "UPDATE plan SET data = $1::json, updated_at = $2 WHERE id = $3",
                json.dumps(plan.data, ensure_ascii=False),
                utc(plan.updated_at),
                plan.id,
            )
            await self._insert_plan_events(conn, plan.id, events)

    async def find_plan(self, plan_id: str) -> StoredPlan | None:
        row = await self.pool.fetchrow("SELECT id, created_at, updated_at, data FROM plan WHERE id = $1", plan_id)
        return None if row is None else StoredPlan(row[0], row[1], row[2], json.loads(row[3]))

    async def list_plan_events(self, plan_id: str) -> list[StoredPlanEvent]:
        rows = await self.pool.fetch(
            "SELECT seq, plan_id, kind, payload, actor_id, created_at FROM plan_event WHERE plan_id = $1 ORDER BY seq",
            plan_id,
        )
        return [StoredPlanEvent(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5]) for r in rows]

    async def save_plan_template(self, template: StoredPlanTemplate, events: list[Event]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO plan_template (plan_id, filename, data, uploaded_at) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (plan_id) DO UPDATE SET filename = EXCLUDED.filename, data = EXCLUDED.data, "
                "uploaded_at = EXCLUDED.uploaded_at",
                template.plan_id,
                template.filename,
                template.data or b"",
                utc(template.uploaded_at),
            )
            await self._insert_plan_events(conn, template.plan_id, events)

    async def find_plan_template(self, plan_id: str, *, with_data: bool = True) -> StoredPlanTemplate | None:
        data = "data" if with_data else "NULL::bytea"
        row = await self.pool.fetchrow(
            f"SELECT plan_id, filename, uploaded_at, {data} FROM plan_template WHERE plan_id = $1", plan_id
        )
        return None if row is None else StoredPlanTemplate(row[0], row[1], row[2], row[3])

    async def delete_plan_template(self, plan_id: str, events: list[Event]) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            deleted = await conn.fetchval("DELETE FROM plan_template WHERE plan_id = $1 RETURNING plan_id", plan_id)
            if deleted is None:
                return False
            await self._insert_plan_events(conn, plan_id, events)
            return True

    async def insert_plan_records(
        self,
        plan_id: str,
        records: list[StoredPlanRecord],
        events: list[Event],
        files: Sequence[StoredPlanFile] = (),
    ) -> bool:
        try:
            async with self.pool.acquire() as conn, conn.transaction():
                for record in records:
                    inserted = await conn.fetchval(
                        "INSERT INTO plan_record (id, plan_id, kind, parent_id, created_at, data) "
                        "VALUES ($1, $2, $3, $4, $5, $6::json) ON CONFLICT (id) DO NOTHING RETURNING id",
                        record.id,
                        plan_id,
                        plan_record_kind(record.kind),
                        record.parent_id,
                        utc(record.created_at),
                        json.dumps(record.data, ensure_ascii=False),
                    )
                    if inserted is None:
                        raise _Taken
                for file in files:
                    await conn.execute(
                        "INSERT INTO plan_file (id, plan_id, created_at, data) VALUES ($1, $2, $3, $4)",
                        file.id,
                        plan_id,
                        utc(file.created_at),
                        file.data,
                    )
                await self._insert_plan_events(conn, plan_id, events)
        except _Taken:
            return False
        return True

    async def list_plan_records(
        self, plan_id: str, kind: str | None = None, parent_id: str | None = None
    ) -> list[StoredPlanRecord]:
        sql = "SELECT id, plan_id, kind, parent_id, created_at, data FROM plan_record WHERE plan_id = $1"
        args: list[str] = [plan_id]
        if kind is not None:
            args.append(plan_record_kind(kind))
            sql += f" AND kind = ${len(args)}"
        if parent_id is not None:
            args.append(parent_id)
            sql += f" AND parent_id = ${len(args)}"
        rows = await self.pool.fetch(sql + " ORDER BY created_at, id", *args)
        return [StoredPlanRecord(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]

    async def plan_version(self, plan_id: str) -> str | None:
        row = await self.pool.fetchrow(
            "SELECT p.updated_at, (SELECT coalesce(max(seq), 0) FROM plan_event WHERE plan_id = p.id), "
            "(SELECT count(*) FROM plan_record WHERE plan_id = p.id) FROM plan p WHERE p.id = $1",
            plan_id,
        )
        return None if row is None else f"{row[0]}|{row[1]}|{row[2]}"

    async def list_follow_up_plans(self) -> list[str]:
        rows = await self.pool.fetch("SELECT DISTINCT plan_id FROM plan_record WHERE kind = 'link' ORDER BY plan_id")
        return [r[0] for r in rows]

    async def find_plan_file(self, plan_id: str, file_id: str) -> StoredPlanFile | None:
        row = await self.pool.fetchrow(
            "SELECT id, plan_id, created_at, data FROM plan_file WHERE plan_id = $1 AND id = $2", plan_id, file_id
        )
        return None if row is None else StoredPlanFile(row[0], row[1], row[2], bytes(row[3]))

    async def load_document(self, doc_id: str) -> StoredDocument:
        # One snapshot for both reads: a compaction committing between them
        # would otherwise drop rows that the old snapshot does not contain.
        async with self.pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            row = await conn.fetchrow("SELECT snapshot, snapshot_seq FROM crdt_document WHERE doc_id = $1", doc_id)
            snapshot, snapshot_seq = (row[0], row[1]) if row is not None else (None, 0)
            rows = await conn.fetch(
                "SELECT seq, data FROM crdt_update WHERE doc_id = $1 AND seq > $2 ORDER BY seq", doc_id, snapshot_seq
            )
        return StoredDocument(snapshot, snapshot_seq, [(r[0], r[1]) for r in rows])

    async def append_update(self, doc_id: str, data: bytes) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            await self._lock_document(conn, doc_id)
            return int(
                await conn.fetchval(
                    "INSERT INTO crdt_update (doc_id, seq, data) SELECT $1, GREATEST("
                    "(SELECT coalesce(max(seq), 0) FROM crdt_update WHERE doc_id = $1), "
                    "(SELECT coalesce(max(snapshot_seq), 0) FROM crdt_document WHERE doc_id = $1)) + 1, $2 "
                    "RETURNING seq",
                    doc_id,
                    data,
                )
            )

    async def compact_document(self, doc_id: str, snapshot: bytes, upto_seq: int) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await self._lock_document(conn, doc_id)
            await conn.execute(
                "INSERT INTO crdt_document (doc_id, snapshot, snapshot_seq, bytes, updated_at) "
                "VALUES ($1, $2, $3, $4, now()) ON CONFLICT (doc_id) DO UPDATE SET snapshot = excluded.snapshot, "
                "snapshot_seq = excluded.snapshot_seq, bytes = excluded.bytes, updated_at = excluded.updated_at",
                doc_id,
                snapshot,
                upto_seq,
                len(snapshot),
            )
            await conn.execute("DELETE FROM crdt_update WHERE doc_id = $1 AND seq <= $2", doc_id, upto_seq)
