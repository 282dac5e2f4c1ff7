"""Regression tests for the sync server part of issue 11: leaks, presence
floods, dependency gaps, schema-breaking updates, panics and close codes."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gc
import json
import random
import socket
import subprocess
import sys
import weakref
from typing import Any

import anyio
import websockets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Array, Doc, Encoder, Map, Text, XmlFragment, XmlText, merge_updates

from exporters.formats import TREE_FORMATS, ExportContext
from server.alternatives import _read_texts as read_alternative_texts
from server.services import read_tree_document
from server.settings import Settings
from server.storage import SQLiteStore
from server.sync.manager import RoomManager
from server.sync.protocol import (
    CloseCode,
    MessageType,
    awareness_message,
    parse_frame,
    save_barrier_message,
    sync_step1,
)
from server.sync.room import Room
from server.sync.yupdate import decode_state_vector
from tests.interop.node_client import INTEROP_DIR, install_node_modules
from tests.support.live_server import ROOT
from tests.support.yclient import YClient, eventually
from workshops.problem_tree import tree_from_document
from workshops.tree_check import check_tree


class Recorder:
    """A channel that records what the room sends it."""

    def __init__(self, person: str = "p") -> None:
        self.identity = {"id": person, "name": person.upper(), "sector": "academia", "role": "participant"}
        self.sent: list[bytes] = []

    def send(self, data: bytes) -> None:
        self.sent.append(data)


async def test_unloaded_rooms_are_freed(tmp_path):
    """Room.load subscribed to the document and its awareness and never
    unsubscribed: pycrdt kept the callbacks, so no room was ever freed."""
    store = SQLiteStore(f"sqlite:///{tmp_path}/rooms.db")
    await store.open()
    manager = RoomManager(store, Settings(database_url="sqlite://", room_grace_seconds=0))
    refs: list[weakref.ref[Room]] = []
    try:
        async with anyio.create_task_group() as tg:
            await tg.start(manager.run)
            for i in range(50):
                async with manager.joined(f"w{i}/tree") as room:
                    channel = Recorder()
                    room.add_client(channel)  # type: ignore[arg-type]
                    writer = Doc()
                    nodes = writer.get("nodes", type=Map)
                    nodes["n"] = Map({"kind": "cause", "text": Text("una causa " * 50)})
                    room.apply_update(channel, writer.get_update())  # type: ignore[arg-type]
                    room.remove_client(channel)  # type: ignore[arg-type]
                    refs.append(weakref.ref(room))
                    del room
            assert not manager.rooms
            tg.cancel_scope.cancel()
    finally:
        await store.close()
    gc.collect()
    alive = [ref for ref in refs if ref() is not None]
    assert not alive, f"{len(alive)} of 50 unloaded rooms are still in memory"


# -- 1. updates whose dependencies are missing --------------------------------


async def open_room(tmp_path, name: str = "w/tree", **limits: int) -> tuple[Room, SQLiteStore]:
    store = SQLiteStore(f"sqlite:///{tmp_path}/{name.replace('/', '-')}.db")
    await store.open()
    room = Room(
        name,
        store,
        flush_interval=0.05,
        max_awareness_bytes=4096,
        max_document_bytes=limits.get("max_document_bytes", 10**7),
    )
    await room.load()
    return room, store


def recorded(doc: Doc) -> list[bytes]:
    updates: list[bytes] = []
    doc.observe(lambda event: updates.append(event.update))
    return updates


async def test_an_update_above_a_new_clients_clock_waits_and_is_never_served_or_stored(tmp_path):
    room, store = await open_room(tmp_path)
    channel, other = Recorder(), Recorder("q")
    room.add_client(channel)  # type: ignore[arg-type]
    room.add_client(other)  # type: ignore[arg-type]
    room.answer_sync_step1(other, b"\x00")  # type: ignore[arg-type]
    writer = Doc(client_id=41)
    updates = recorded(writer)
    nodes = writer.get("nodes", type=Map)
    nodes["a"] = "primero"
    nodes["b"] = "segundo"
    async with anyio.create_task_group() as tg:
        await tg.start(room.run)
        room.apply_update(channel, updates[1])  # type: ignore[arg-type]  # clock 1: clock 0 never came
        assert room.doc.get("nodes", type=Map).to_py() == {}
        assert room.doc.get_update() == Doc().get_update()
        assert room.pending_bytes > 0
        sent_before = len(other.sent)
        room.request_save_barrier(channel, 1)  # type: ignore[arg-type]
        await eventually(lambda: save_barrier_message(1) in channel.sent, 5)
        assert len(other.sent) == sent_before, "a waiting update was broadcast"
        stored = await store.load_document("w/tree")
        assert not stored.updates and not stored.snapshot
        # Its dependency arrives: both are integrated, served and stored.
        room.apply_update(channel, updates[0])  # type: ignore[arg-type]
        assert room.doc.get("nodes", type=Map).to_py() == {"a": "primero", "b": "segundo"}
        assert room.pending_bytes == 0
        await room.stop()
    check = Doc()
    check.apply_update(other_state(other.sent))
    assert check.get("nodes", type=Map).to_py() == {"a": "primero", "b": "segundo"}
    await store.close()


def other_state(frames: list[bytes]) -> bytes:
    """Everything a recorder was sent, merged into one update."""
    updates = [f.payload for f in map(parse_frame, frames) if f.type == MessageType.SYNC and f.sync_type != 0]
    return merge_updates(*updates)


ROOTS = {"nodes": "map", "t": "text", "e": "text", "list": "array"}


def yjs_holds(updates: list[bytes]) -> dict[str, Any]:
    """What an unmodified yjs client holds after applying ``updates`` in order."""
    install_node_modules()
    done = subprocess.run(
        ["node", str(INTEROP_DIR / "apply_updates.mjs")],
        input=json.dumps({"updates": [base64.b64encode(u).decode() for u in updates], "roots": ROOTS}),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return dict(json.loads(done.stdout))


def server_holds(room: Room) -> dict[str, Any]:
    doc = Doc()
    doc.apply_update(room.doc.get_update())  # what is served and stored
    json_ = {
        "nodes": doc.get("nodes", type=Map).to_py(),
        "t": str(doc.get("t", type=Text)),
        "e": str(doc.get("e", type=Text)),
        "list": doc.get("list", type=Array).to_py(),
    }
    state = {str(c): k for c, k in decode_state_vector(doc.get_state()).items() if k}
    return {"state": state, "json": json_}


def edit(doc: Doc, rng: random.Random) -> None:
    nodes, text, items = doc.get("nodes", type=Map), doc.get("t", type=Text), doc.get("list", type=Array)
    choice = rng.randrange(8)
    if choice == 0:
        text.insert(rng.randint(0, len(text)), rng.choice(["a", "bc", "xyz"]))
    elif choice == 1 and len(text):
        start = rng.randrange(len(text))
        del text[start : min(len(text), start + rng.randint(1, 3))]
    elif choice == 7:  # clocks count UTF-16 units: appended only (pycrdt's own indices are not)
        doc.get("e", type=Text).__iadd__(rng.choice(["ñ", "😀", "a😀b"]))
    elif choice == 2:
        nodes[rng.choice("abcd")] = rng.choice([1, "dos", None, True])
    elif choice == 3:
        nodes[rng.choice("abcd")] = Map({"kind": "cause", "text": Text("t")})
    elif choice == 4 and list(nodes.keys()):
        del nodes[rng.choice(list(nodes.keys()))]
    elif choice == 5:
        items.insert(rng.randint(0, len(items)), rng.choice(["x", 2, {"k": [1]}]))
    elif len(items):
        del items[rng.randrange(len(items))]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), steps=st.integers(5, 40), data=st.data())
def test_the_servers_document_is_what_a_yjs_client_holds_after_the_same_stream(tmp_path, seed, steps, data):
    """Valid updates of three clients that sync now and then, sent to the
    server duplicated, reordered and with gaps."""
    rng = random.Random(seed)
    docs = [Doc(client_id=101 + i) for i in range(3)]
    updates: list[bytes] = []
    for doc in docs:
        doc.observe(lambda event: updates.append(event.update) if event.update != b"\x00\x00" else None)
    for _ in range(steps):
        if rng.random() < 0.25:
            a, b = rng.sample(docs, 2)
            b.apply_update(a.get_update(b.get_state()))
        else:
            edit(rng.choice(docs), rng)
    stream = data.draw(
        st.lists(st.sampled_from(updates), max_size=2 * len(updates)) if updates else st.just([]),
        label="stream",
    )

    async def serve() -> dict[str, Any]:
        room, store = await open_room(tmp_path, f"w{seed}-{len(stream)}/tree")
        channel = Recorder()
        room.add_client(channel)  # type: ignore[arg-type]
        for update in stream:
            room.apply_update(channel, update)  # type: ignore[arg-type]
        held = server_holds(room)
        await store.close()
        return held

    held = anyio.run(serve)
    yjs = yjs_holds(stream)
    assert held["json"] == yjs["json"]
    assert held["state"] == {c: k for c, k in yjs["state"].items() if k}


# -- 5. what the schema does not allow ----------------------------------------


def hostile_tree() -> Doc:
    """A tree document holding what an old server may have stored: a node
    whose text is XML, a map nested 1,000 deep, values JSON cannot carry."""
    doc = Doc()
    nodes = doc.get("nodes", type=Map)
    nodes["p"] = Map({"kind": "problem", "text": Text("El problema central")})
    nodes["x"] = Map({"kind": "cause", "text": XmlFragment([XmlText("xml")])})
    nodes["n"] = Map({"kind": "cause", "text": Text("honda"), "created_at": float("inf"), "extra": b"\x00\x01"})
    deep = nodes["n"]
    for _ in range(1000):
        deep["d"] = Map()
        deep = deep["d"]
    doc.get("edges", type=Map)["e"] = Map({"source": "n", "target": "p"})
    return doc


def test_every_tree_reader_tolerates_what_it_cannot_use():
    body = read_tree_document(hostile_tree())
    json.dumps(body, allow_nan=False)  # what JSONResponse does
    tree = tree_from_document(body)
    assert {n.id: n.text for n in tree.nodes} == {"n": "honda", "p": "El problema central", "x": ""}
    check_tree(tree)
    context = ExportContext(title="Mesa", lang="es")
    for name in ("svg", "json"):
        assert TREE_FORMATS.get_format(name).render(tree, context)


def xml_text(doc: Doc) -> None:
    doc.get("nodes", type=Map)["x"] = Map({"kind": "cause", "text": XmlFragment([XmlText("xml")])})


def deep_maps(doc: Doc) -> None:
    with doc.transaction():
        deep = doc.get("nodes", type=Map)
        for _ in range(1000):
            deep["d"] = Map()
            deep = deep["d"]


def sub_document(doc: Doc) -> None:
    doc.get("nodes", type=Map)["s"] = Doc()


async def test_schema_breaking_updates_are_refused_and_the_tree_api_keeps_answering(api):
    w = api.create_workshop()
    token = w["facilitator_token"]
    async with YClient(api.ws(w), token) as honest:
        await honest.wait_synced()
        honest.doc.get("nodes", type=Map)["p"] = Map({"kind": "problem", "text": Text("Problema")})
        await honest.save(1)
        for build in (xml_text, deep_maps, sub_document):
            hostile = await YClient(api.ws(w), token).connect()
            await hostile.wait_synced()
            build(hostile.doc)
            assert await hostile.wait_closed() == CloseCode.BAD_MESSAGE, build.__name__
        assert honest.close_code is None
    assert [n["id"] for n in api.tree(w)["nodes"]] == ["p"]
    r = api.http.get(f"/api/workshops/{w['id']}/tree/export/svg", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200


# -- 4. no-op updates ----------------------------------------------------------


async def test_resending_updates_that_change_nothing_does_not_fill_the_document(tmp_path):
    room, store = await open_room(tmp_path, max_document_bytes=20_000)
    channel = Recorder()
    room.add_client(channel)  # type: ignore[arg-type]
    writer = Doc()
    updates = recorded(writer)
    writer.get("t", type=Text).insert(0, "x" * 5_000)
    del writer.get("t", type=Text)[0:10]
    for _ in range(20):  # 20 × 5 KB: four times the limit, all of it known already
        for update in updates:
            room.apply_update(channel, update)  # type: ignore[arg-type]
    writer.get("t", type=Text).insert(0, "still writable")
    room.apply_update(channel, updates[-1])  # type: ignore[arg-type]
    assert str(room.doc.get("t", type=Text)).startswith("still writable")
    await store.close()


# -- 7. close codes uvicorn used to choose --------------------------------------


async def test_a_message_over_the_socket_limit_gets_the_final_4413(api):
    w = api.create_workshop()
    async with websockets.connect(f"{api.ws(w)}?token={w['facilitator_token']}", max_size=None) as ws:
        # The server may close before the client has written the whole frame:
        # the send then fails, and the close code is what the client reads.
        with contextlib.suppress(websockets.ConnectionClosed):
            await ws.send(b"\x00\x02" + b"\x00" * (3 * 1024 * 1024))
            async for _ in ws:
                pass
        assert ws.close_code == CloseCode.TOO_LARGE


async def test_a_socket_that_never_reads_is_closed_with_1013(make_server, make_api):
    api = make_api(make_server(ping_interval=0.5))
    w = api.create_workshop()
    token = w["facilitator_token"]
    async with YClient(api.ws(w), token) as observer:
        await observer.wait_synced()
        sock = socket.create_connection(("127.0.0.1", api.server.port))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
        # websockets stops reading the socket (pongs included) once a frame waits.
        stalled = await websockets.connect(f"{api.ws(w)}?token={token}", sock=sock, max_queue=1, compression=None)
        await stalled.send(sync_step1(b"\x00"))
        await stalled.send(presence(STALLED_ID, 1, {"cursor": "s"}))
        await eventually(lambda: STALLED_ID in observer.peers(), 5, "the stalled client is present")
        await eventually(lambda: STALLED_ID not in observer.peers(), 10, "the stalled client is closed")
    with contextlib.suppress(websockets.ConnectionClosed):
        async for _ in stalled:
            pass
    assert stalled.close_code == CloseCode.TRY_AGAIN_LATER


STALLED_ID = 777_777


def presence(client_id: int, clock: int, state: dict[str, Any] | None) -> bytes:
    encoder = Encoder()
    encoder.write_var_uint(1)
    encoder.write_var_uint(client_id)
    encoder.write_var_uint(clock)
    encoder.write_var_string(json.dumps(state))
    return awareness_message(encoder.to_bytes())


# -- 3. presence floods -----------------------------------------------------------


class PresenceFlood:
    """``tests/support/presence_flood.py`` in a process of its own."""

    def __init__(self, url: str, sockets: int) -> None:
        self.url, self.sockets = url, sockets
        self.sent = 0
        self.result: dict[str, Any] = {}

    async def __aenter__(self) -> PresenceFlood:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.support.presence_flood",
            self.url,
            str(self.sockets),
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        self.reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self.proc.stdout is not None
        async for line in self.proc.stdout:
            self.result = json.loads(line)
            self.sent = self.result["sent"]

    async def __aexit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        await asyncio.wait_for(self.proc.wait(), 20)
        await self.reader


async def test_a_presence_flood_from_several_sockets_delays_no_one_elses_edits(make_server, make_api):
    api = make_api(make_server(max_connections_per_participant=4))
    w = api.create_workshop()
    eve = api.join(w, "Eve")
    honest = [YClient(api.ws(w), w["facilitator_token"]) for _ in range(3)]
    for client in honest:
        await client.connect()
        await client.wait_synced()
    try:
        async with PresenceFlood(f"{api.ws(w)}?token={eve['token']}", 4) as flood:
            await eventually(lambda: flood.sent > 2000, 20, "the flood is on")
            # A fifth socket of the same person is refused, and may retry later.
            extra = await YClient(api.ws(w), eve["token"]).connect()
            assert await extra.wait_closed() == CloseCode.TRY_AGAIN_LATER
            for i in range(30):
                writer = honest[i % 3]
                writer.doc.get("log", type=Text).insert(0, f"{i:02d} ")
                await eventually(
                    lambda n=i + 1: all(len(text_of(c)) == 3 * n for c in honest), 10, f"edit {i} reaches everyone"
                )
            assert all(c.close_code is None for c in honest)
        # Flooders are read more slowly, not refused; one whose pong is stuck
        # behind its own flood may be closed for not answering (1013).
        assert all(c is None or c.startswith("1013 ") for c in flood.result["codes"]), flood.result
    finally:
        for client in honest:
            await client.close()


def text_of(client: YClient) -> str:
    return str(client.doc.get("log", type=Text))


def test_the_alternatives_reader_tolerates_what_it_cannot_use():
    doc = Doc()
    items = doc.get("alternatives", type=Map)
    items["a"] = Map({"title": Text("Una alternativa"), "description": XmlFragment([XmlText("xml")])})
    items["b"] = Map({"title": float("nan")})
    deep = items["a"]
    for _ in range(200):
        deep["d"] = Map()
        deep = deep["d"]
    assert read_alternative_texts(doc) == {"a": {"title": "Una alternativa"}, "b": {}}
