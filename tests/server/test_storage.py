"""The storage contract, run against every backend: SQLite in a temporary
directory and a real PostgreSQL (one database per session, one schema per test)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

import anyio
import asyncpg
import pytest
import pytest_asyncio

from server.storage import (
    Store,
    StoredDocument,
    StoredPlan,
    StoredPlanFile,
    StoredPlanRecord,
    StoredPlanTemplate,
    StoredRecord,
    open_store,
)
from server.storage.sqlite import sqlite_path
from tests.conftest import ACCEPTANCES, POSTGRES_CONNECT_TIMEOUT
from workshops.alternatives import Alternative, Disposition
from workshops.ideation import Card, IdeationRound, RoundStatus
from workshops.phases import Phase
from workshops.roles import FACILITATOR_SECTOR, Role
from workshops.workshop import (
    Event,
    NoticeVersions,
    Participant,
    Workshop,
    change_phase,
    create_workshop,
    join_workshop,
)

pytestmark = pytest.mark.asyncio

CONCURRENT_APPENDS = 50
T0 = dt.datetime(2025, 3, 14, 9, 30, 15, 123456, tzinfo=dt.UTC)
NOTICES = NoticeVersions(privacy_notice="aviso-1", code_of_conduct="conducta-1")

# What each backend raises when a uniqueness constraint refuses a row.
INTEGRITY_ERRORS: dict[str, type[Exception]] = {
    "sqlite": sqlite3.IntegrityError,
    "postgres": asyncpg.UniqueViolationError,
}


@pytest.fixture(params=sorted(INTEGRITY_ERRORS))
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path}/cocrea.db"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def integrity_error(backend: str) -> type[Exception]:
    return INTEGRITY_ERRORS[backend]


async def count_update_rows(database_url: str, doc_id: str) -> int:
    """Rows on disk, below the interface: compaction must really delete them."""
    sql = "SELECT count(*) FROM crdt_update WHERE doc_id = "
    if database_url.startswith("sqlite:"):
        with closing(sqlite3.connect(sqlite_path(database_url))) as conn:
            return int(conn.execute(sql + "?", (doc_id,)).fetchone()[0])
    conn = await asyncpg.connect(database_url, timeout=POSTGRES_CONNECT_TIMEOUT)
    try:
        return int(await conn.fetchval(sql + "$1", doc_id))
    finally:
        await conn.close()


@pytest_asyncio.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    opened = open_store(database_url)
    await opened.open()
    try:
        yield opened
    finally:
        await opened.close()


def make_workshop(
    join_code: str = "ABC234", *, workshop_id: str = "w1", title: str = "Mesa de cocreación — Año 2025"
) -> tuple[Workshop, Participant, list[Event]]:
    workshop, events = create_workshop(
        {
            "title": title,
            "entity": "Consejo para la Transparencia",
            "problem_statement": "Baja participación.\nEn regiones.",
            "date": "2025-03-20",
        },
        workshop_id=workshop_id,
        join_code=join_code,
        now=T0,
    )
    facilitator = Participant(
        id=f"{workshop_id}-facilitator",
        workshop_id=workshop_id,
        name="Ana Pérez",
        sector=FACILITATOR_SECTOR,
        role=Role.FACILITATOR,
        joined_at=T0,
        organization="Facilitación",
    )
    return workshop, facilitator, events


async def test_workshop_is_found_by_id_and_by_join_code(store: Store) -> None:
    workshop, facilitator, events = make_workshop()
    await store.insert_workshop(workshop, facilitator, events)

    assert await store.find_workshop(workshop.id) == workshop
    assert await store.find_workshop_by_code(workshop.join_code) == workshop
    assert await store.find_participant(workshop.id, facilitator.id) == facilitator
    assert await store.count_workshops() == 1


async def test_unknown_workshop_is_none(store: Store) -> None:
    workshop, facilitator, events = make_workshop("ABC234")
    await store.insert_workshop(workshop, facilitator, events)

    assert await store.find_workshop("nope") is None
    assert await store.find_workshop_by_code("ZZZ999") is None
    assert await store.find_participant(workshop.id, "nope") is None
    assert await store.find_participant("nope", facilitator.id) is None


async def test_duplicate_join_code_is_refused_and_nothing_is_written(
    store: Store, integrity_error: type[Exception]
) -> None:
    first, first_facilitator, first_events = make_workshop("ABC234", workshop_id="w1")
    second, second_facilitator, second_events = make_workshop("ABC234", workshop_id="w2")
    await store.insert_workshop(first, first_facilitator, first_events)

    with pytest.raises(integrity_error):
        await store.insert_workshop(second, second_facilitator, second_events)

    assert await store.find_workshop(second.id) is None
    assert await store.find_participant(second.id, second_facilitator.id) is None
    assert await store.list_events(second.id) == []
    assert await store.find_workshop_by_code("ABC234") == first
    assert await store.count_workshops() == 1


async def test_failed_facilitator_insert_rolls_back_the_workshop(
    store: Store, integrity_error: type[Exception]
) -> None:
    first, facilitator, events = make_workshop("ABC234", workshop_id="w1")
    second, _, second_events = make_workshop("XYZ789", workshop_id="w2")
    await store.insert_workshop(first, facilitator, events)

    # The workshop row goes in first; the reused participant id then fails.
    with pytest.raises(integrity_error):
        await store.insert_workshop(second, facilitator, second_events)

    assert await store.find_workshop(second.id) is None
    assert await store.find_workshop_by_code("XYZ789") is None
    assert await store.list_events(second.id) == []
    assert await store.count_workshops() == 1


async def test_phase_changes_append_events_in_order(store: Store) -> None:
    workshop, facilitator, events = make_workshop("ABC234", workshop_id="w1")
    other, other_facilitator, other_events = make_workshop("XYZ789", workshop_id="w2")
    await store.insert_workshop(workshop, facilitator, events)
    await store.insert_workshop(other, other_facilitator, other_events)

    for phase in (Phase.ARBOL_DE_PROBLEMAS, Phase.ARBOL_DE_OBJETIVOS):
        workshop, phase_events = change_phase(
            workshop, actor_role=Role.FACILITATOR, actor_id=facilitator.id, phase=phase
        )
        await store.save_workshop_state(workshop, phase_events)

    found = await store.find_workshop(workshop.id)
    assert found is not None and found.phase is Phase.ARBOL_DE_OBJETIVOS
    assert (await store.find_workshop(other.id)) == other

    stored = await store.list_events(workshop.id)
    assert [(e.kind, e.payload, e.actor_id) for e in stored] == [
        ("workshop_created", {"title": workshop.title, "entity": workshop.entity}, None),
        ("phase_changed", {"from": "preparacion", "to": "arbol_de_problemas"}, facilitator.id),
        ("phase_changed", {"from": "arbol_de_problemas", "to": "arbol_de_objetivos"}, facilitator.id),
    ]
    assert [e.seq for e in stored] == sorted({e.seq for e in stored})
    assert {e.workshop_id for e in stored} == {workshop.id}
    assert all(e.created_at.tzinfo is not None for e in stored)
    assert [e.kind for e in await store.list_events(other.id)] == ["workshop_created"]


async def test_participants_are_listed_in_join_order(store: Store) -> None:
    workshop, facilitator, events = make_workshop()
    other, other_facilitator, other_events = make_workshop("XYZ789", workshop_id="w2")
    await store.insert_workshop(workshop, facilitator, events)
    await store.insert_workshop(other, other_facilitator, other_events)
    joined = []
    for n, (name, sector, role) in enumerate(
        [("José Núñez", "sociedad_civil", "participant"), ("Bea Ortúzar", "academia", "observer")], start=1
    ):
        participant, join_events = join_workshop(
            workshop,
            {"join_code": "abc-234", "name": name, "sector": sector, "role": role, **ACCEPTANCES},
            participant_id=f"p{n}",
            now=T0 + dt.timedelta(minutes=n),
            notices=NOTICES,
        )
        await store.insert_participant(participant, join_events)
        joined.append(participant)

    assert await store.list_participants(workshop.id) == [facilitator, *joined]
    assert await store.list_participants(other.id) == [other_facilitator]
    assert await store.list_participants("nope") == []
    found = await store.find_participant(workshop.id, "p1")
    assert found == joined[0]
    assert found is not None and found.privacy_accepted_at == T0 + dt.timedelta(minutes=1)
    assert found.code_of_conduct_accepted_at == found.privacy_accepted_at
    assert (found.privacy_notice_version, found.code_of_conduct_version) == ("aviso-1", "conducta-1")
    assert found.role is Role.PARTICIPANT


async def test_times_with_an_offset_keep_their_instant(store: Store) -> None:
    workshop, facilitator, events = make_workshop()
    await store.insert_workshop(workshop, facilitator, events)
    santiago = dt.timezone(dt.timedelta(hours=-3))
    when = dt.datetime(2025, 3, 14, 6, 45, tzinfo=santiago)
    participant, join_events = join_workshop(
        workshop,
        {"join_code": "ABC234", "name": "Bea", "sector": "academia", **ACCEPTANCES},
        participant_id="p1",
        now=when,
        notices=NOTICES,
    )
    await store.insert_participant(participant, join_events)

    found = await store.find_participant(workshop.id, "p1")

    assert found is not None
    assert found.joined_at == when == found.code_of_conduct_accepted_at
    assert found.joined_at.utcoffset() is not None


async def test_event_payloads_round_trip(store: Store) -> None:
    workshop, facilitator, events = make_workshop(title="Taller de Ñuñoa: «participación»")
    await store.insert_workshop(workshop, facilitator, events)
    participant, join_events = join_workshop(
        workshop,
        {"join_code": "ABC234", "name": "José Núñez", "sector": "ciudadania", **ACCEPTANCES},
        participant_id="p1",
        now=T0,
        notices=NOTICES,
    )
    await store.insert_participant(participant, join_events)
    payload = {
        "name": "José Núñez",
        "note": "línea 1\nlínea 2 🌱",
        "values": [1, 2.5, None, True],
        "nested": {"ü": "ß"},
    }
    await store.save_workshop_state(
        workshop, [Event("note_added", payload, actor_id="p1"), Event("note_removed", {"n": 1}, actor_id="p1")]
    )

    stored = await store.list_events(workshop.id)
    assert [(e.kind, e.payload) for e in stored] == [
        ("workshop_created", {"title": "Taller de Ñuñoa: «participación»", "entity": workshop.entity}),
        ("participant_joined", {"participant_id": "p1", "sector": "ciudadania", "role": "participant"}),
        ("note_added", payload),
        ("note_removed", {"n": 1}),
    ]
    assert stored[-1].actor_id == "p1"
    found = await store.find_participant(workshop.id, "p1")
    assert found is not None and found.name == "José Núñez"


async def test_secret_is_created_once_and_then_stable(store: Store) -> None:
    assert await store.get_or_create_secret("first-candidate") == "first-candidate"
    assert await store.get_or_create_secret("second-candidate") == "first-candidate"


async def test_concurrent_secret_creation_agrees_on_one(store: Store) -> None:
    candidates = [f"candidate-{n}" for n in range(10)]
    results: list[str] = []

    async def create(candidate: str) -> None:
        results.append(await store.get_or_create_secret(candidate))

    async with anyio.create_task_group() as tg:
        for candidate in candidates:
            tg.start_soon(create, candidate)

    assert len(results) == len(candidates)
    assert len(set(results)) == 1
    assert results[0] in candidates


async def test_unknown_document_loads_empty(store: Store) -> None:
    await store.append_update("other", b"\x01")

    document = await store.load_document("nope")

    assert document == StoredDocument(None, 0, [])
    assert document.last_seq == 0


async def test_appended_updates_load_in_seq_order(store: Store) -> None:
    data = [b"\x00first", b"\xffsecond", bytes(range(256))]
    seqs = [await store.append_update("doc", chunk) for chunk in data]
    other_seq = await store.append_update("other", b"x")

    document = await store.load_document("doc")

    assert seqs == [1, 2, 3]
    assert other_seq == 1
    assert document == StoredDocument(None, 0, list(zip(seqs, data, strict=True)))
    assert all(type(chunk) is bytes for _, chunk in document.updates)
    assert document.last_seq == 3


async def test_compaction_keeps_snapshot_and_later_updates(store: Store, database_url: str) -> None:
    for n in range(1, 6):
        await store.append_update("doc", f"u{n}".encode())
    await store.append_update("other", b"o1")

    await store.compact_document("doc", b"snapshot-3", 3)
    document = await store.load_document("doc")

    assert document == StoredDocument(b"snapshot-3", 3, [(4, b"u4"), (5, b"u5")])
    assert await count_update_rows(database_url, "doc") == 2
    assert await store.load_document("other") == StoredDocument(None, 0, [(1, b"o1")])
    assert type(document.snapshot) is bytes
    assert await store.append_update("doc", b"u6") == 6

    # With every row compacted away, numbering continues from the snapshot.
    await store.compact_document("doc", b"snapshot-6", 6)
    assert await store.load_document("doc") == StoredDocument(b"snapshot-6", 6, [])
    assert await store.append_update("doc", b"u7") == 7
    assert await store.load_document("doc") == StoredDocument(b"snapshot-6", 6, [(7, b"u7")])


async def test_concurrent_appends_get_distinct_consecutive_seqs(store: Store) -> None:
    await store.append_update("doc", b"first")
    seq_of: dict[bytes, int] = {}

    async def append(n: int) -> None:
        data = f"update-{n}".encode()
        seq_of[data] = await store.append_update("doc", data)

    async with anyio.create_task_group() as tg:
        for n in range(CONCURRENT_APPENDS):
            tg.start_soon(append, n)

    assert sorted(seq_of.values()) == list(range(2, CONCURRENT_APPENDS + 2))
    document = await store.load_document("doc")
    assert document.updates == sorted([(1, b"first"), *((seq, data) for data, seq in seq_of.items())])


async def test_data_survives_closing_and_reopening(store: Store, database_url: str) -> None:
    workshop, facilitator, events = make_workshop()
    await store.insert_workshop(workshop, facilitator, events)
    workshop, phase_events = change_phase(
        workshop, actor_role=Role.FACILITATOR, actor_id=facilitator.id, phase=Phase.VOTACION
    )
    await store.save_workshop_state(workshop, phase_events)
    secret = await store.get_or_create_secret("kept")
    for n in range(1, 4):
        await store.append_update("doc", f"u{n}".encode())
    await store.compact_document("doc", b"snap", 2)
    events_before = await store.list_events(workshop.id)
    await store.close()

    reopened = open_store(database_url)
    await reopened.open()
    try:
        assert await reopened.find_workshop_by_code(workshop.join_code) == workshop
        assert await reopened.list_participants(workshop.id) == [facilitator]
        assert await reopened.list_events(workshop.id) == events_before
        assert await reopened.get_or_create_secret("other") == secret
        assert await reopened.load_document("doc") == StoredDocument(b"snap", 2, [(3, b"u3")])
        assert await reopened.append_update("doc", b"u4") == 4
    finally:
        await reopened.close()


async def test_locks_round_trip_with_the_phase(store: Store) -> None:
    workshop, facilitator, events = make_workshop()
    await store.insert_workshop(workshop, facilitator, events)
    locked = dataclasses.replace(workshop, phase=Phase.ARBOL_DE_PROBLEMAS, locked=frozenset({"tree", "roadmap"}))
    await store.save_workshop_state(locked, [])
    found = await store.find_workshop(workshop.id)
    assert found is not None and found.locked == {"tree", "roadmap"} and found.phase is Phase.ARBOL_DE_PROBLEMAS
    await store.save_workshop_state(dataclasses.replace(locked, locked=frozenset()), [])
    assert (await store.find_workshop(workshop.id)).locked == frozenset()  # type: ignore[union-attr]


async def test_the_details_and_the_place_round_trip_with_the_state(store: Store) -> None:
    workshop, facilitator, events = make_workshop()
    await store.insert_workshop(dataclasses.replace(workshop, place="Casa de Cultura"), facilitator, events)
    assert (await store.find_workshop(workshop.id)).place == "Casa de Cultura"  # type: ignore[union-attr]
    corrected = dataclasses.replace(
        workshop,
        title="Mesa corregida — Año 2025",
        entity="Metepec",
        problem_statement="Otro problema.\nCon dos líneas.",
        date=dt.date(2025, 4, 2),
        place="Sala «Ñu» 2",
        locked=frozenset({"tree"}),
    )
    await store.save_workshop_state(corrected, [Event("workshop_details_changed", {"changes": {}})])
    assert await store.find_workshop(workshop.id) == corrected
    await store.save_workshop_state(dataclasses.replace(corrected, date=None, place=""), [])
    found = await store.find_workshop(workshop.id)
    assert found is not None and found.date is None and found.place == ""


async def test_ideation_rounds_and_private_cards(store: Store) -> None:
    workshop, facilitator, events = make_workshop()
    await store.insert_workshop(workshop, facilitator, events)
    assert await store.find_latest_round(workshop.id) is None
    first = IdeationRound("r1", workshop.id, "¿Qué causa el problema?", T0, facilitator.id)
    second = IdeationRound("r2", workshop.id, "Otra ronda", T0 + dt.timedelta(minutes=5), facilitator.id)
    await store.insert_round(first, [Event("ideation_opened", {"round_id": "r1"})])
    await store.insert_round(second, [])
    assert await store.find_latest_round(workshop.id) == second
    cards = [
        Card(f"c{i}", "r2", author, "cause", f"Idea {i} — ñ", T0 + dt.timedelta(seconds=i))
        for i, author in enumerate(["p1", "p2", "p1"])
    ]
    for card in reversed(cards):
        await store.insert_card(card)
    assert await store.list_cards("r2") == cards
    assert await store.list_cards("r2", author_id="p1") == [cards[0], cards[2]]
    assert await store.list_cards("r1") == []
    revealed = dataclasses.replace(second, status=RoundStatus.REVEALED, revealed_at=T0 + dt.timedelta(minutes=9))
    await store.save_round(revealed, [Event("ideation_revealed", {"round_id": "r2"})])
    assert await store.find_latest_round(workshop.id) == revealed
    assert [e.kind for e in await store.list_events(workshop.id)][-2:] == ["ideation_opened", "ideation_revealed"]


async def test_old_sqlite_databases_gain_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(
            "CREATE TABLE workshop (id TEXT PRIMARY KEY, title TEXT NOT NULL, problem_statement TEXT NOT NULL, "
            "entity TEXT NOT NULL, date TEXT, join_code TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, "
            "phase TEXT NOT NULL)"
        )
        conn.execute(
            "INSERT INTO workshop VALUES ('w0', 'Vieja', '', 'Toluca', NULL, 'OLD234', '2025-01-01T00:00:00+00:00', "
            "'cierre')"
        )
        conn.commit()

    store = open_store(f"sqlite:///{path}")
    await store.open()
    try:
        found = await store.find_workshop("w0")
    finally:
        await store.close()
    assert found is not None and found.title == "Vieja" and found.locked == frozenset() and found.place == ""


async def test_events_can_be_appended_alone(store: Store) -> None:
    workshop, facilitator, events = make_workshop()
    await store.insert_workshop(workshop, facilitator, events)
    await store.append_events(workshop.id, [Event("nodes_merged", {"keep": "a", "removed": {"id": "b"}}, "f")])
    logged = await store.list_events(workshop.id)
    assert [(e.kind, e.payload, e.actor_id) for e in logged][-1] == (
        "nodes_merged",
        {"keep": "a", "removed": {"id": "b"}},
        "f",
    )


async def test_alternatives_round_trip_and_update_together(store: Store) -> None:
    workshop, facilitator, events = make_workshop()
    await store.insert_workshop(workshop, facilitator, events)
    first = Alternative("a1", workshop.id, "Red de enlaces — ñ", ("c1", "c2"), "p1", T0, authors=("p1",))
    second = Alternative("a2", workshop.id, "Otra", (), "p2", T0 + dt.timedelta(seconds=1), authors=("p2",))
    await store.insert_alternative(second, [])
    await store.insert_alternative(first, [Event("alternative_proposed", {"alternative_id": "a1"})])
    assert await store.list_alternatives(workshop.id) == [first, second]
    later = T0 + dt.timedelta(minutes=3)
    merged = dataclasses.replace(
        second, disposition=Disposition.MERGED, reason="Igual", merged_into="a1", decided_at=later, decided_by="f"
    )
    kept = dataclasses.replace(first, authors=("p1", "p2"))
    await store.save_alternatives(
        workshop.id, [kept, merged], [Event("alternative_disposition", {"alternative_id": "a2"})]
    )
    assert await store.list_alternatives(workshop.id) == [kept, merged]
    assert [e.kind for e in await store.list_events(workshop.id)][-2:] == [
        "alternative_proposed",
        "alternative_disposition",
    ]


async def test_json_records_round_trip_replace_and_filter_by_parent(store: Store) -> None:
    workshop, facilitator, events = make_workshop()
    await store.insert_workshop(workshop, facilitator, events)
    round_record = StoredRecord("r1", workshop.id, T0, {"method": "approval", "options": ["a", "b"], "títle": "ñ"})
    ballots = [
        StoredRecord(f"b{i}", workshop.id, T0 + dt.timedelta(seconds=i), {"round_id": "r1", "voter_id": f"p{i}"})
        for i in range(3)
    ]
    other = StoredRecord("bx", workshop.id, T0, {"round_id": "r2", "voter_id": "p9"})
    await store.save_records(workshop.id, [("voting_round", round_record)], [Event("voting_opened", {})])
    await store.save_records(workshop.id, [("ballot", b) for b in reversed(ballots)] + [("ballot", other)], [])
    assert await store.list_records("voting_round", workshop.id) == [round_record]
    assert await store.list_records("ballot", workshop.id, parent_id="r1") == ballots
    closed = StoredRecord("r1", workshop.id, T0, {**round_record.data, "status": "closed"})
    await store.save_records(workshop.id, [("voting_round", closed)], [Event("voting_closed", {})])
    assert await store.list_records("voting_round", workshop.id) == [closed]
    with pytest.raises(ValueError):
        await store.list_records("workshop; DROP TABLE workshop", workshop.id)


async def test_a_record_is_found_by_its_id_whatever_its_workshop(store: Store) -> None:
    """A sealed minuta is looked up by its digest alone (server/minuta_seal.py)."""
    for workshop_id, code in (("w1", "ABC234"), ("w2", "ABC235")):
        workshop, facilitator, events = make_workshop(code, workshop_id=workshop_id)
        await store.insert_workshop(workshop, facilitator, events)
    canonical = '{"format":"cocrea.minuta/1","texto":"Ñandú — acta"}\n'
    sealed = StoredRecord("ab" * 32, "w2", T0, {"version": 1, "canonical": canonical})
    await store.save_records("w2", [("minuta_seal", sealed)], [Event("minuta_sealed", {"version": 1})])
    found = await store.find_record("minuta_seal", "ab" * 32)
    assert found == sealed and found is not None and found.data["canonical"] == canonical
    assert await store.find_record("minuta_seal", "cd" * 32) is None
    with pytest.raises(ValueError):
        await store.find_record("minuta_seal; DROP TABLE workshop", "x")


# -- Plans de Acción: plan rows, their audit log and template (server/plans.py)


def plan_row(plan_id: str = "pam-1", **data: object) -> StoredPlan:
    # Keys in no alphabetical order: the row must give them back as written.
    body = {"id": plan_id, "title": "Plan «Ñandú»", "entity": "Metepec", "commitments": [], "alpha": 1, **data}
    return StoredPlan(plan_id, T0, T0, body)


async def test_plans_round_trip_with_their_key_order_and_audit_log(store: Store) -> None:
    row = plan_row(sheet={"title": "Red", "problem": "Baja", "description": "", "sdgs": [16, 5]})
    assert await store.find_plan(row.id) is None
    assert await store.insert_plan(row, [Event("plan_created", {"plan_id": row.id, "ñ": "ü"}, actor_id="editor-1")])
    found = await store.find_plan(row.id)
    assert found == row
    assert found is not None and list(found.data) == list(row.data)
    assert list(found.data["sheet"]) == ["title", "problem", "description", "sdgs"]
    later = dataclasses.replace(row, updated_at=T0 + dt.timedelta(minutes=5), data={**row.data, "title": "Otro"})
    await store.save_plan(later, [Event("plan_updated", {"fields": ["title"]}, actor_id="editor-2")])
    assert await store.find_plan(row.id) == later
    events = await store.list_plan_events(row.id)
    assert len(events) == 2 and events[0].seq < events[1].seq
    assert [(e.plan_id, e.kind, e.payload, e.actor_id) for e in events] == [
        (row.id, "plan_created", {"plan_id": row.id, "ñ": "ü"}, "editor-1"),
        (row.id, "plan_updated", {"fields": ["title"]}, "editor-2"),
    ]
    assert all(e.created_at.tzinfo is not None for e in events)
    assert await store.list_plan_events("other") == []


async def test_a_taken_plan_id_writes_nothing(store: Store) -> None:
    row = plan_row()
    assert await store.insert_plan(row, [Event("plan_created", {})])
    assert not await store.insert_plan(plan_row(title="Intruso"), [Event("plan_imported", {})])
    assert await store.find_plan(row.id) == row
    assert [e.kind for e in await store.list_plan_events(row.id)] == ["plan_created"]


async def test_a_plans_template_is_stored_replaced_described_and_removed(store: Store) -> None:
    row = plan_row()
    await store.insert_plan(row, [])
    assert await store.find_plan_template(row.id) is None
    assert not await store.delete_plan_template(row.id, [Event("plan_template_removed", {})])
    data = bytes(range(256)) * 4096  # 1 MiB of every byte value
    template = StoredPlanTemplate(row.id, "Membrete año.docx", T0, data)
    await store.save_plan_template(template, [Event("plan_template_uploaded", {"bytes": len(data)})])
    assert await store.find_plan_template(row.id) == template
    assert await store.find_plan_template(row.id, with_data=False) == dataclasses.replace(template, data=None)
    newer = StoredPlanTemplate(row.id, "otra.docx", T0 + dt.timedelta(days=1), b"PK\x03\x04")
    await store.save_plan_template(newer, [Event("plan_template_uploaded", {"bytes": 4})])
    assert await store.find_plan_template(row.id) == newer
    assert await store.delete_plan_template(row.id, [Event("plan_template_removed", {})])
    assert await store.find_plan_template(row.id) is None
    assert [e.kind for e in await store.list_plan_events(row.id)] == [
        "plan_template_uploaded",
        "plan_template_uploaded",
        "plan_template_removed",
    ]


async def test_plans_survive_closing_and_reopening(store: Store, database_url: str) -> None:
    row = plan_row()
    await store.insert_plan(row, [Event("plan_created", {})])
    await store.save_plan_template(StoredPlanTemplate(row.id, "p.docx", T0, b"docx"), [])
    await store.close()
    reopened = open_store(database_url)
    await reopened.open()
    try:
        assert await reopened.find_plan(row.id) == row
        template = await reopened.find_plan_template(row.id)
        assert template is not None and template.data == b"docx"
        assert len(await reopened.list_plan_events(row.id)) == 1
    finally:
        await reopened.close()


OLD_PARTICIPANT_TABLES = [
    "CREATE TABLE workshop (id TEXT PRIMARY KEY, title TEXT NOT NULL, problem_statement TEXT NOT NULL, "
    "entity TEXT NOT NULL, date TEXT, join_code TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, phase TEXT NOT NULL, "
    "locked TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE participant (id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshop(id), "
    "name TEXT NOT NULL, sector TEXT NOT NULL, role TEXT NOT NULL, organization TEXT NOT NULL, "
    "joined_at {ts} NOT NULL, privacy_accepted_at {ts}, code_of_conduct_accepted_at {ts})",
    "INSERT INTO workshop VALUES ('w0', 'Vieja', '', 'Toluca', NULL, 'OLD234', '2025-01-01T00:00:00+00:00', "
    "'cierre', '')",
    "INSERT INTO participant VALUES ('p0', 'w0', 'Ana', 'academia', 'participant', '', "
    "'2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', NULL)",
]


async def test_old_databases_gain_the_accepted_notice_versions(database_url: str) -> None:
    """Participants stored before the versions were kept read with none; new
    ones keep theirs (the migration runs on opening, on both backends)."""
    if database_url.startswith("sqlite:"):
        with closing(sqlite3.connect(sqlite_path(database_url))) as conn:
            for sql in OLD_PARTICIPANT_TABLES:
                conn.execute(sql.format(ts="TEXT"))
            conn.commit()
    else:
        conn = await asyncpg.connect(database_url, timeout=POSTGRES_CONNECT_TIMEOUT)
        try:
            for sql in OLD_PARTICIPANT_TABLES:
                await conn.execute(sql.format(ts="TIMESTAMPTZ"))
        finally:
            await conn.close()

    store = open_store(database_url)
    await store.open()
    try:
        old = await store.find_participant("w0", "p0")
        workshop = await store.find_workshop("w0")
        assert workshop is not None
        new, events = join_workshop(
            workshop,
            {"join_code": "OLD234", "name": "Bea", "sector": "academia", **ACCEPTANCES},
            participant_id="p1",
            now=T0,
            notices=NOTICES,
        )
        await store.insert_participant(new, events)
        found = await store.find_participant("w0", "p1")
    finally:
        await store.close()
    assert old is not None and (old.privacy_notice_version, old.code_of_conduct_version) == ("", "")
    assert old.code_of_conduct_accepted_at is None
    assert found == new and found.privacy_notice_version == "aviso-1"


async def test_records_and_alternatives_are_saved_together_or_not_at_all(store: Store) -> None:
    """A decision, its commitment and the adopted alternative's response are
    one write (server/voting.py ``decide``)."""
    workshop, facilitator, events = make_workshop()
    await store.insert_workshop(workshop, facilitator, events)
    pending = Alternative("a1", workshop.id, "Red de enlaces", (), "p1", T0, authors=("p1",))
    await store.insert_alternative(pending, [])
    adopted = dataclasses.replace(pending, disposition=Disposition.ADOPTED, reason="Mayoría", decided_by="f")
    decision = StoredRecord("d1", workshop.id, T0, {"round_id": "r1"})
    # A record of a workshop that does not exist fails the whole write.
    stray = StoredRecord("c1", "no-such-workshop", T0, {"decision_id": "d1"})
    with pytest.raises((sqlite3.IntegrityError, asyncpg.ForeignKeyViolationError)):
        await store.save_records(
            workshop.id,
            [("decision", decision), ("commitment", stray)],
            [Event("decision_recorded", {})],
            alternatives=[adopted],
        )
    assert await store.list_alternatives(workshop.id) == [pending]
    assert await store.list_records("decision", workshop.id) == []
    assert "decision_recorded" not in [e.kind for e in await store.list_events(workshop.id)]

    await store.save_records(
        workshop.id, [("decision", decision)], [Event("decision_recorded", {})], alternatives=[adopted]
    )
    assert await store.list_alternatives(workshop.id) == [adopted]
    assert await store.list_records("decision", workshop.id) == [decision]


# -- A plan's follow-up: insert-only records and evidence files (server/follow_up.py)


async def test_plan_follow_up_records_and_files_are_written_together_and_never_replaced(store: Store) -> None:
    row = plan_row()
    await store.insert_plan(row, [])
    link = StoredPlanRecord("link-1", row.id, "link", "k-1", T0, {"role": "responsable", "name": "Ñoño"})
    update = StoredPlanRecord(
        "upd-1", row.id, "update", "k-1/act-1", T0 + dt.timedelta(seconds=1), {"status": "iniciada"}
    )
    evidence = StoredPlanFile("ev-1", row.id, T0, bytes(range(256)) * 1024)
    assert await store.insert_plan_records(row.id, [link], [Event("follow_up_link_created", {})])
    assert await store.insert_plan_records(row.id, [update], [Event("follow_up_update", {})], [evidence])
    assert await store.list_plan_records(row.id) == [link, update]
    assert await store.list_plan_records(row.id, "update") == [update]
    assert await store.list_plan_records(row.id, "update", "k-1/act-2") == []
    assert await store.find_plan_file(row.id, "ev-1") == evidence
    assert await store.find_plan_file("other-plan", "ev-1") is None
    # A taken id writes nothing: not the other record, the file or the event.
    again = dataclasses.replace(update, data={"status": "verificada"})
    other = StoredPlanRecord("upd-2", row.id, "update", "k-1/act-1", T0, {"status": "iniciada"})
    stray = StoredPlanFile("ev-2", row.id, T0, b"x")
    assert not await store.insert_plan_records(row.id, [other, again], [Event("follow_up_update", {})], [stray])
    assert await store.list_plan_records(row.id) == [link, update]
    assert await store.find_plan_file(row.id, "ev-2") is None
    assert [e.kind for e in await store.list_plan_events(row.id)] == ["follow_up_link_created", "follow_up_update"]
    with pytest.raises(ValueError):
        await store.list_plan_records(row.id, "no_such_kind")


async def test_a_plans_version_changes_with_every_write_and_only_then(store: Store) -> None:
    """What the public outputs are kept by (server/public_cache.py): any
    write to the plan, its follow-up rows or its log gives a new version; a
    read or a refused write keeps it."""
    assert await store.plan_version("no-such-plan") is None
    row = plan_row()
    await store.insert_plan(row, [])
    seen = [await store.plan_version(row.id)]
    record = StoredPlanRecord("upd-v", row.id, "update", "k-1/act-1", T0, {"status": "iniciada"})
    writes = [
        lambda: store.insert_plan_records(row.id, [record], []),  # a row, no event
        lambda: store.save_plan(dataclasses.replace(row, updated_at=T0 + dt.timedelta(hours=1)), []),
        lambda: store.save_plan_template(StoredPlanTemplate(row.id, "p.docx", T0, b"x"), [Event("template", {})]),
    ]
    for write in writes:
        await write()
        seen.append(await store.plan_version(row.id))
        assert seen[-1] not in seen[:-1], seen
    await store.list_plan_records(row.id)
    assert not await store.insert_plan_records(row.id, [record], [Event("follow_up_update", {})])
    assert await store.plan_version(row.id) == seen[-1]
