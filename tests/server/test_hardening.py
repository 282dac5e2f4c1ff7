"""Regression tests for what a review of the sync server found: hostile
frames, the reader write gate, CSRF, pending-update memory, flush failures."""

from __future__ import annotations

import json

import anyio
import httpx
import pytest
from pycrdt import Doc, Encoder, Map, Text

from server.storage import SQLiteStore
from server.sync.protocol import (
    BoundedDecoder,
    CloseCode,
    ProtocolError,
    awareness_message,
    save_barrier_message,
    sync_step2,
    update_message,
)
from server.sync.room import Room
from tests.support.yclient import YClient, eventually


def test_varuints_longer_than_lib0_allows_are_refused_before_decoding_them():
    # pycrdt's own reader would spend quadratic time on a megabyte of 0xFF.
    assert BoundedDecoder(b"\xff" * 7 + b"\x7f").read_var_uint() == 2**56 - 1
    with pytest.raises(ProtocolError, match="demasiado largo"):
        BoundedDecoder(b"\xff" * 400_000).read_var_uint()
    with pytest.raises(ProtocolError, match="longitud"):
        BoundedDecoder(b"\x05ab").read_message()


async def test_a_frame_of_huge_varuints_is_refused(api):
    w = api.create_workshop()
    client = await YClient(api.ws(w), w["facilitator_token"]).connect()
    await client.wait_synced()
    await client.send(b"\x00\x02" + b"\xff" * 400_000)
    assert await client.wait_closed() == CloseCode.BAD_MESSAGE
    assert "demasiado largo" in client.close_reason
    assert api.http.get("/healthz").status_code == 200


async def test_trailing_bytes_after_a_message_are_refused(api):
    w = api.create_workshop()
    client = await YClient(api.ws(w), w["facilitator_token"]).connect()
    await client.wait_synced()
    await client.send(save_barrier_message(1) + b"\x00")
    assert await client.wait_closed() == CloseCode.BAD_MESSAGE


def presence_frame(client_id: int, raw_state: str) -> bytes:
    encoder = Encoder()
    encoder.write_var_uint(1)
    encoder.write_var_uint(client_id)
    encoder.write_var_uint(1)
    encoder.write_var_string(raw_state)
    return awareness_message(encoder.to_bytes())


async def test_presence_that_javascript_cannot_parse_is_refused(api):
    w = api.create_workshop()
    for raw in ('{"cursor": NaN}', '{"a": Infinity}', '{"a":' + "[" * 3000 + "]" * 3000 + "}"):
        client = await YClient(api.ws(w), w["facilitator_token"]).connect()
        await client.wait_synced()
        await client.send(presence_frame(client.doc.client_id, raw))
        assert await client.wait_closed() == CloseCode.BAD_MESSAGE, raw


async def test_a_reader_gets_one_reply_checked_then_any_update_is_a_write(api):
    w = api.create_workshop()
    p = api.join(w, "Ana")  # preparacion: the tree is read-only for participants
    async with YClient(api.ws(w), w["facilitator_token"]) as fac:
        await fac.wait_synced()
        nodes = fac.doc.get("nodes", type=Map)
        nodes["a"] = Map({"kind": "cause", "text": Text("borrar esto")})
        del nodes["a"]["text"][0:7]
        await fac.save(1)
    reader = YClient(api.ws(w), p["token"])
    async with reader:
        await reader.wait_synced()
        noop = reader.doc.get_update(reader.doc.get_state())  # the delete set, nothing new
        await reader.send(sync_step2(noop))
        await reader.save(1)
        assert reader.close_code is None
        await reader.send(update_message(noop))
        assert await reader.wait_closed() == CloseCode.FORBIDDEN


async def test_cookie_writes_with_a_stray_token_parameter_still_check_the_origin(api):
    w = api.create_workshop()
    r = api.http.post(
        f"/api/workshops/{w['id']}/participants?token=x",
        content=json.dumps({"join_code": w["join_code"], "name": "Eve", "sector": "ciudadania"}),
        headers={"Origin": "https://evil.example", "Content-Type": "text/plain"},
    )
    assert r.status_code == 403 and "set-cookie" not in r.headers


async def test_updates_waiting_for_missing_ones_count_against_the_document_limit(make_server, make_api):
    api = make_api(make_server(max_document_bytes=300_000))
    w = api.create_workshop()
    source = Doc()
    blobs = source.get("blobs", type=Map)
    updates = []
    source.observe(lambda event: updates.append(event.update))
    for i in range(8):
        blobs[f"b{i}"] = "x" * 60_000
    client = await YClient(api.ws(w), w["facilitator_token"]).connect()
    await client.wait_synced()
    for update in updates[1:]:  # never the first: all of these stay pending
        await client.send(update_message(update))
    assert await client.wait_closed() == CloseCode.TOO_LARGE


class FailingOnce:
    """The real SQLite store, with its next write failing (a disk hiccup)."""

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store
        self.fail_next = False

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    async def append_update(self, doc_id: str, data: bytes) -> int:
        if self.fail_next:
            self.fail_next = False
            raise OSError("disk hiccup")
        return await self.store.append_update(doc_id, data)


class Recorder:
    def __init__(self) -> None:
        self.identity = {"id": "p", "name": "P", "sector": "academia", "role": "participant"}
        self.sent: list[bytes] = []

    def send(self, data: bytes) -> None:
        self.sent.append(data)


async def test_a_save_barrier_is_answered_after_a_failed_flush_is_retried(tmp_path):
    store = SQLiteStore(f"sqlite:///{tmp_path}/room.db")
    await store.open()
    flaky = FailingOnce(store)
    room = Room("w/tree", flaky, flush_interval=0.05, max_awareness_bytes=4096, max_document_bytes=10**7)  # type: ignore[arg-type]
    await room.load()
    channel = Recorder()
    room.add_client(channel)  # type: ignore[arg-type]
    writer = Doc()
    updates: list[bytes] = []
    writer.observe(lambda event: updates.append(event.update))
    writer.get("t", type=Text).insert(0, "uno")
    room.apply_update(channel, updates[-1])  # type: ignore[arg-type]
    flaky.fail_next = True
    async with anyio.create_task_group() as tg:
        await tg.start(room.run)
        room.request_save_barrier(channel, 7)  # type: ignore[arg-type]
        writer.get("t", type=Text).insert(3, " dos")
        room.apply_update(channel, updates[-1])  # type: ignore[arg-type]
        room.request_save_barrier(channel, 8)  # type: ignore[arg-type]
        await eventually(lambda: save_barrier_message(8) in channel.sent, 5, "barrier 8 after the retry")
        assert save_barrier_message(7) in channel.sent
        await room.stop()
    stored = await store.load_document("w/tree")
    check = Doc()
    for data in ([stored.snapshot] if stored.snapshot else []) + [d for _, d in stored.updates]:
        check.apply_update(data)
    assert str(check.get("t", type=Text)) == "uno dos"
    await store.close()


def test_healthz_is_quick_after_all_that(api):
    assert httpx.get(api.server.url + "/healthz", timeout=2).json() == {"status": "ok"}
