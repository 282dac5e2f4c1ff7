"""A refused request changes nothing: the stored state of a live server,
read from its SQLite file below the interface, before and after a request.

``stored_state`` is every row of every table (workshops, participants, the
event log, records, Yjs snapshots and update rows...), in rowid order, as the
file holds them. ``assert_refused`` sends a state-changing request and, when
the answer is a 4xx, asserts that the stored state is byte-for-byte the same.

Run it against a server with ``room_grace_seconds=0``: live rooms are then
flushed and unloaded before each answer, so nothing lands in the file later.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx

StoredState = dict[str, list[tuple[Any, ...]]]


def sqlite_file(database_url: str) -> Path:
    prefix = "sqlite:///"
    assert database_url.startswith(prefix), f"not a SQLite database: {database_url}"
    return Path(database_url[len(prefix) :])


def stored_state(path: Path) -> StoredState:
    """Every row of every table, read-only (committed rows only: WAL)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def changes(before: StoredState, after: StoredState) -> list[str]:
    """What differs, table by table, to read in a failure."""
    found = []
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, []), after.get(table, [])
        if old != new:
            added = [repr(r)[:160] for r in new if r not in old]
            removed = [repr(r)[:160] for r in old if r not in new]
            found.append(f"{table}: {len(added)} rows added {added[:2]}, {len(removed)} removed {removed[:2]}")
    return found


def assert_refused(
    path: Path,
    send: Callable[[], httpx.Response],
    *,
    status: int | None = None,
    code: str | None = None,
) -> httpx.Response:
    """Send a request that must be refused (4xx; ``status`` and the error
    ``code`` when given) and assert that it left the stored state unchanged."""
    before = stored_state(path)
    response = send()
    assert 400 <= response.status_code < 500, f"not refused: {response.status_code} {response.text[:300]}"
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    if status is not None:
        assert response.status_code == status, response.text
    if code is not None:
        assert body["error"]["code"] == code, response.text
    difference = changes(before, stored_state(path))
    assert not difference, f"{response.status_code} {body['error']['code']} yet stored: {difference}"
    return response
