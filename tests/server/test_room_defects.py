"""Regression tests for the room-layer defects of REALTIME-NOTES.md §2.5
(D1-D6), plus slow readers and the per-connection rate limit.

Each test drives a real server over real sockets and fails if its defect
comes back. Waits poll with a deadline (``eventually``); nothing sleeps to
wait for a state.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import websockets
from pycrdt import Decoder, Encoder, Map, Text

from server.sync.protocol import CloseCode, MessageType, awareness_message, parse_frame, sync_step1
from tests.support.live_server import LiveServer
from tests.support.yclient import YClient, eventually

# Generous bounds for a loaded 2-core machine; the defects they guard
# against take 30 s (awareness timeout, y-websocket watchdog) or forever.
SYNC_DEADLINE = 20.0
PROMPT = 2.0


# -- helpers ---------------------------------------------------------------


def presence_frame(entries: list[tuple[int, int, dict[str, Any] | None]]) -> bytes:
    """An awareness message with arbitrary (client id, clock, state) entries."""
    encoder = Encoder()
    encoder.write_var_uint(len(entries))
    for cid, clock, state in entries:
        encoder.write_var_uint(cid)
        encoder.write_var_uint(clock)
        encoder.write_var_string(json.dumps(state, ensure_ascii=True))
    return awareness_message(encoder.to_bytes())


def presence_entries(frames: list[bytes]) -> list[tuple[int, int, Any]]:
    """The (client id, clock, state) entries of the awareness frames."""
    entries = []
    for data in frames:
        frame = parse_frame(data)
        if frame.type != MessageType.AWARENESS:
            continue
        decoder = Decoder(frame.payload)
        for _ in range(decoder.read_var_uint()):
            cid = decoder.read_var_uint()
            clock = decoder.read_var_uint()
            raw = decoder.read_var_string()
            entries.append((cid, clock, json.loads(raw) if raw else None))
    return entries


def text_of(client: YClient, name: str = "log") -> str:
    return str(client.doc.get(name, type=Text))


def full_log(server: LiveServer) -> str:
    # LiveServer.log() keeps only the tail; a traceback early in a long run
    # would scroll out of it.
    return server.log_path.read_text(errors="replace")


async def connect_all(*clients: YClient) -> None:
    await asyncio.gather(*(c.connect() for c in clients))
    await asyncio.gather(*(c.wait_synced() for c in clients))


@asynccontextmanager
async def connected(*clients: YClient) -> AsyncIterator[None]:
    """Connect and sync ``clients`` together; close them all afterwards."""
    try:
        await connect_all(*clients)
        yield
    finally:
        await asyncio.gather(*(c.close() for c in clients if c.ws is not None))


async def admitted(url: str, token: str) -> YClient:
    """A synced client, retrying after a 1013 close (try again later) as
    y-websocket's reconnect does; any other close fails."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SYNC_DEADLINE
    while True:
        client = await YClient(url, token).connect()
        await eventually(lambda c=client: c.synced or c.close_code is not None, SYNC_DEADLINE, "sync or close")
        if client.synced:
            return client
        await client.close()
        assert client.close_code == CloseCode.TRY_AGAIN_LATER, f"closed {client.close_code}: {client.close_reason}"
        assert loop.time() < deadline, "still refused: the server never let the closed sockets go"
        await asyncio.sleep(0.1)


async def drop(client: YClient) -> None:
    """Vanish without a close frame, as a killed tab or a lost network does."""
    client.ws.transport.abort()
    await client.wait_closed()
    await client.close()


# -- D1: concurrent first connections ---------------------------------------


async def test_d1_concurrent_first_connections_to_new_rooms_all_sync(api):
    workshops = [api.create_workshop() for _ in range(10)]
    clients = [YClient(api.ws(w), w["facilitator_token"]) for w in workshops for _ in range(10)]
    try:
        await asyncio.wait_for(connect_all(*clients), SYNC_DEADLINE)
        assert all(c.synced for c in clients)
        # One room per document, not one per racing connection: every
        # client of a workshop sees every other client's write.
        for i, client in enumerate(clients):
            client.doc.get("probe", type=Map)[f"c{i}"] = str(i)
        for n, w in enumerate(workshops):
            group = clients[n * 10 : (n + 1) * 10]
            expected = {f"c{i}": str(i) for i in range(n * 10, (n + 1) * 10)}
            for client in group:
                await eventually(lambda c=client, e=expected: c.doc.get("probe", type=Map).to_py() == e, 10, w["id"])
    finally:
        await asyncio.gather(*(c.close() for c in clients if c.ws is not None))


# -- D2: awareness echoes and ownership -------------------------------------


@asynccontextmanager
async def three_present(api) -> AsyncIterator[tuple[YClient, YClient, YClient, dict[str, Any], list[dict[str, Any]]]]:
    """Ana, Luis and Eva in one room, each showing a presence state (clock 1)."""
    w = api.create_workshop()
    people = [api.join(w, name) for name in ("Ana", "Luis", "Eva")]
    a, b, c = (YClient(api.ws(w), p["token"]) for p in people)
    async with connected(a, b, c):
        for client, cursor in ((a, "a"), (b, "b"), (c, "c")):
            await client.set_presence({"cursor": cursor}, 1)
        for client in (a, b, c):
            await eventually(lambda cl=client: len(cl.peers()) == 2, PROMPT, "both others present")
        yield a, b, c, w, people


async def test_d2_echoed_presence_is_not_rebroadcast(api):
    async with three_present(api) as (a, b, c, _, _):
        ids = [a.doc.client_id, b.doc.client_id]
        before = {cl: len(cl.received) for cl in (a, b)}
        # What a y-websocket client does on every remote change, many times.
        echo = awareness_message(c.awareness.encode_awareness_update(ids))
        for _ in range(50):
            await c.send(echo)
        # A barrier: once c's next state arrives, any re-broadcast echo would have too.
        await c.set_presence({"cursor": "c2"}, 2)
        for cl in (a, b):
            await eventually(lambda cl=cl: cl.peers()[c.doc.client_id]["cursor"] == "c2", PROMPT)
            about_echoed = [e for e in presence_entries(cl.received[before[cl] :]) if e[0] in ids]
            assert about_echoed == []
        assert c.close_code is None


async def test_d2_presence_of_another_connection_cannot_be_overwritten(api):
    async with three_present(api) as (a, b, c, _, people):
        aid = a.doc.client_id
        original = b.peers()[aid]
        before = len(b.received)
        # Clocks ahead of the owner's, which an unguarded Awareness would take.
        hijack = {"user": {"id": people[0]["participant_id"], "name": "Ana"}, "cursor": "hijacked"}
        await c.send(presence_frame([(aid, 5, hijack)]))
        await c.send(presence_frame([(aid, 6, None)]))
        await c.set_presence({"cursor": "c2"}, 2)
        await eventually(lambda: b.peers()[c.doc.client_id]["cursor"] == "c2", PROMPT)
        assert b.peers()[aid] == original
        assert [e for e in presence_entries(b.received[before:]) if e[0] == aid] == []
        # The owner still updates its own entry.
        await a.set_presence({"cursor": "a2"}, 2)
        await eventually(lambda: b.peers()[aid]["cursor"] == "a2", PROMPT)


async def test_d2_user_is_rewritten_from_the_session(api):
    async with three_present(api) as (a, b, c, _, people):
        ana, eva = people[0], people[2]
        await c.set_presence({"user": {"id": ana["participant_id"], "name": "Ana", "role": "facilitator"}}, 2)
        await eventually(lambda: b.peers()[c.doc.client_id]["user"]["name"] == "Eva", PROMPT)
        await eventually(lambda: a.peers()[c.doc.client_id]["user"]["name"] == "Eva", PROMPT)
        user = a.peers()[c.doc.client_id]["user"]
        assert user["id"] == eva["participant_id"]
        assert user["role"] == "participant"


async def test_d2_echo_of_the_server_entry_does_not_take_it_away(api):
    w = api.create_workshop()
    a, c = YClient(api.ws(w), w["facilitator_token"]), YClient(api.ws(w), w["facilitator_token"])
    async with connected(a, c):
        await c.set_presence({"cursor": "c"}, 1)
        await eventually(lambda: a.server_state() != {} and c.server_state() != {}, PROMPT)
        await eventually(lambda: c.doc.client_id in a.peers(), PROMPT)
        # y-websocket echoes every entry it receives, the server's included.
        await c.send(awareness_message(c.awareness.encode_awareness_update(list(c.awareness.states))))
        await c.close()
        # c's close removes everything it owns in one broadcast.
        await eventually(lambda: c.doc.client_id not in a.peers(), PROMPT)
        assert a.server_state() != {}, "server presence removed by another connection's close"


async def test_d2_echoed_removal_does_not_hide_a_returning_peer(api):
    async with three_present(api) as (a, b, c, w, people):
        bid = b.doc.client_id
        await b.close()
        await eventually(lambda: bid not in c.peers(), PROMPT)
        # c echoes the removal, as y-websocket does for every awareness change.
        await c.send(awareness_message(c.awareness.encode_awareness_update([bid])))
        await c.set_presence({"cursor": "c2"}, 2)
        await eventually(lambda: a.peers()[c.doc.client_id]["cursor"] == "c2", PROMPT)
        # b comes back with the same Yjs client id and a newer state.
        back = YClient(api.ws(w), people[1]["token"], b.doc)
        async with connected(back):
            await back.set_presence({"cursor": "back"}, 3)
            await eventually(lambda: a.peers().get(bid, {}).get("cursor") == "back", PROMPT, "returning peer visible")


# -- D3: presence on connect and on disconnect ------------------------------


async def test_d3_late_joiner_sees_presence_at_once(api):
    w = api.create_workshop()
    ana, luis, eva = (api.join(w, n) for n in ("Ana", "Luis", "Eva"))
    a, b = YClient(api.ws(w), ana["token"]), YClient(api.ws(w), luis["token"])
    async with connected(a, b):
        await a.set_presence({"cursor": "a"}, 1)
        await b.set_presence({"cursor": "b"}, 1)
        await eventually(lambda: len(a.peers()) == 1 and len(b.peers()) == 1, PROMPT)
        # The late joiner sends nothing but its SyncStep1: no query, no presence.
        async with YClient(api.ws(w), eva["token"]) as late:
            await eventually(
                lambda: {s["cursor"] for s in late.peers().values()} == {"a", "b"}, 1.0, "initial presence"
            )
            assert late.server_state() != {}


async def test_d3_vanished_connection_presence_is_removed_promptly(api):
    w = api.create_workshop()
    ana, luis, eva = (api.join(w, n) for n in ("Ana", "Luis", "Eva"))
    a, b, gone = (YClient(api.ws(w), p["token"]) for p in (ana, luis, eva))
    async with connected(a, b, gone):
        for client, cursor in ((a, "a"), (b, "b"), (gone, "g")):
            await client.set_presence({"cursor": cursor}, 1)
        await eventually(lambda: len(a.peers()) == 2 and len(b.peers()) == 2, PROMPT)
        await drop(gone)
        # The awareness timeout alone would take 30 s.
        await eventually(lambda: gone.doc.client_id not in a.peers(), PROMPT, "presence removed")
        await eventually(lambda: gone.doc.client_id not in b.peers(), PROMPT, "presence removed")
        assert set(a.peers()) == {b.doc.client_id}


# -- D4: flush before unload and on shutdown --------------------------------

TYPED = 250
# A long flush interval leaves only the unload/shutdown flush to store edits.
D4_SETTINGS = {"room_grace_seconds": 0, "flush_interval": 60, "message_burst": 1000}


def type_slowly(client: YClient, count: int = TYPED) -> str:
    """``count`` one-character edits, one update message each."""
    text = client.doc.get("log", type=Text)
    for i in range(count):
        text += chr(ord("a") + i % 26)
    return str(text)


async def read_text(url: str, token: str) -> str:
    async with YClient(url, token) as reader:
        await reader.wait_synced()
        return text_of(reader)


async def test_d4_edits_of_a_client_that_left_at_once_survive_shutdown(make_server, make_api):
    server = make_server(**D4_SETTINGS)
    api = make_api(server)
    w = api.create_workshop()
    async with YClient(api.ws(w), w["facilitator_token"]) as writer:
        await writer.wait_synced()
        expected = type_slowly(writer)
    # No save barrier: the client left as soon as its frames were on the wire.
    server.stop()
    server.start()
    assert await read_text(api.ws(w), w["facilitator_token"]) == expected
    assert "Traceback" not in full_log(server)


async def test_d4_edits_survive_shutdown_while_the_client_is_connected(make_server, make_api):
    server = make_server(**D4_SETTINGS)
    api = make_api(server)
    w = api.create_workshop()
    writer, watcher = YClient(api.ws(w), w["facilitator_token"]), YClient(api.ws(w), w["facilitator_token"])
    async with connected(writer, watcher):
        expected = type_slowly(writer)
        # The watcher has every edit, so the server holds them (in memory only).
        await eventually(lambda: text_of(watcher) == expected, 10, "edits relayed")
        server.stop()
        # A restart is not final for y-websocket: it reconnects (not 44xx).
        assert await writer.wait_closed() == CloseCode.SERVICE_RESTART
        await watcher.wait_closed()
    server.start()
    assert await read_text(api.ws(w), w["facilitator_token"]) == expected
    assert "Traceback" not in full_log(server)


# -- D5: rooms started and stopped back to back -----------------------------


async def test_d5_rooms_opened_and_closed_in_a_tight_loop(make_server, make_api):
    # Only unloads store edits (long flush interval), and every leave unloads.
    server = make_server(room_grace_seconds=0, flush_interval=60)
    api = make_api(server)
    workshops = [api.create_workshop() for _ in range(7)]
    docs = [
        (api.ws(w, artifact), w["facilitator_token"])
        for w in workshops
        for artifact in ("tree", "alternatives", "roadmap")
    ]
    typed = dict.fromkeys(docs, 0)
    for i in range(200):
        doc = docs[i % len(docs)]
        # Even rounds leave before the room has answered; odd rounds sync
        # and type one character, never waiting for a save.
        client = await YClient(*doc).connect(send_step1=i % 2 == 1)
        if i % 2:
            await client.wait_synced()
            assert len(text_of(client)) == typed[doc]  # the last unload stored it
            if doc[0].endswith("/tree"):  # the facilitator's to edit now
                client.doc.get("log", type=Text).insert(typed[doc], "x")
                typed[doc] += 1
        await client.close()
    # Joins racing unloads of the same two rooms.
    for _ in range(5):
        clients = [YClient(*docs[i % 2]) for i in range(20)]
        await asyncio.gather(*(c.connect() for c in clients))
        await asyncio.gather(*(c.close() for c in clients))
    assert server.is_alive()
    assert api.http.get("/healthz").status_code == 200
    # The same person comes back: the server may still count the sockets
    # just closed, and says 1013 (try again later) until it has let them go.
    a, b = await admitted(*docs[0]), await admitted(*docs[0])
    try:
        a.doc.get("log", type=Text).insert(0, "still here ")
        typed_here = "still here " + "x" * typed[docs[0]]
        await eventually(lambda: text_of(b) == typed_here, PROMPT)
        await a.save(1)
    finally:
        await asyncio.gather(a.close(), b.close())
    # What every short visit typed was stored when its room unloaded.
    for doc, count in typed.items():
        assert await read_text(*doc) == ("still here " if doc == docs[0] else "") + "x" * count
    log = full_log(server)
    assert "Traceback" not in log
    assert "Awareness not started" not in log


# -- D6: a client gone mid-broadcast ----------------------------------------


async def test_d6_client_vanishing_mid_broadcast_leaves_the_room_working(api):
    w = api.create_workshop()
    token = w["facilitator_token"]
    writer, reader, gone = (YClient(api.ws(w), token) for _ in range(3))
    async with connected(writer, reader, gone):
        text = writer.doc.get("log", type=Text)
        for i in range(150):
            text += "x"
            if i == 40:
                await eventually(lambda: len(text_of(gone)) >= 10, PROMPT, "broadcast under way")
                gone.ws.transport.abort()
        await writer.drain()
        await eventually(lambda: text_of(reader) == "x" * 150, 10, "reader converges")
        await drop(gone)
        # The room keeps working, both ways, and takes new connections.
        reader.doc.get("log", type=Text).insert(0, "ok ")
        await eventually(lambda: text_of(writer) == "ok " + "x" * 150, PROMPT)
        async with YClient(api.ws(w), token) as late:
            await late.wait_synced()
            assert text_of(late) == "ok " + "x" * 150
        assert writer.close_code is None and reader.close_code is None
    assert "Traceback" not in full_log(api.server)


# -- slow readers and floods ------------------------------------------------

STALLED_ID = 777_777


async def connect_stalled(server: LiveServer, url: str) -> Any:
    """A synced client that then never reads: a small receive buffer, and
    websockets stops reading the socket once one frame is queued."""
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
    ws = await websockets.connect(url, sock=sock, max_queue=1, compression=None)
    await ws.send(sync_step1(b"\x00"))  # only synced clients get broadcasts
    await ws.send(presence_frame([(STALLED_ID, 1, {"cursor": "s"})]))
    return ws


@asynccontextmanager
async def one_stalled_of_three(api) -> AsyncIterator[tuple[YClient, YClient]]:
    w = api.create_workshop()
    eva = api.join(w, "Eva")
    writer, reader = YClient(api.ws(w), w["facilitator_token"]), YClient(api.ws(w), w["facilitator_token"])
    async with connected(writer, reader):
        stalled = await connect_stalled(api.server, f"{api.ws(w)}?token={eva['token']}")
        try:
            await eventually(lambda: STALLED_ID in reader.peers(), PROMPT)
            yield writer, reader
        finally:
            stalled.transport.abort()


async def test_slow_reader_does_not_stall_the_others(make_server, make_api):
    api = make_api(make_server())
    async with one_stalled_of_three(api) as (writer, reader):
        # ~9.6 MB: more than the stalled socket's buffers hold, so its
        # server-side sender blocks while the others must not.
        data = writer.doc.get("blobs", type=Map)
        for i in range(150):
            data[f"b{i}"] = "x" * 64_000
        await writer.drain()
        await eventually(lambda: len(reader.doc.get("blobs", type=Map)) == 150, 10, "reader gets everything")
        reader.doc.get("log", type=Text).insert(0, "back")
        await eventually(lambda: text_of(writer) == "back", PROMPT)
        assert writer.close_code is None and reader.close_code is None


async def test_reader_overflowing_its_outbox_is_dropped(make_server, make_api):
    api = make_api(make_server(message_burst=5000))
    async with one_stalled_of_three(api) as (writer, reader):
        data = writer.doc.get("blobs", type=Map)
        for i in range(100):
            data[f"b{i}"] = "x" * 64_000
        await writer.drain()
        await eventually(lambda: len(reader.doc.get("blobs", type=Map)) == 100, 10)
        # Then more messages than the stalled outbox holds, paced so that
        # the healthy reader's outbox never fills.
        text = writer.doc.get("log", type=Text)
        for i in range(2200):
            text += "y"
            if i % 100 == 99:
                await writer.drain()
                await eventually(lambda n=i + 1: len(text_of(reader)) == n, 5)
        await eventually(lambda: STALLED_ID not in reader.peers(), 5, "stalled reader dropped")


async def test_flooding_client_is_slowed_down_not_dropped_and_the_others_continue(make_server, make_api):
    """Over its rate a client is read more slowly (back-pressure): nothing it
    sent is lost, its socket stays open, and the others are not held up."""
    api = make_api(make_server(message_rate=100, message_burst=50))
    w = api.create_workshop()
    token = w["facilitator_token"]
    a, b, flood = (YClient(api.ws(w), token) for _ in range(3))
    async with connected(a, b, flood):
        text = flood.doc.get("flood", type=Text)
        for _ in range(400):  # 350 over the burst: about 3.5 s at 100 frames/s
            text += "f"
        for i in range(20):
            a.doc.get("log", type=Text).insert(i, "a")
        await eventually(lambda: text_of(b) == "a" * 20, PROMPT)
        assert len(str(b.doc.get("flood", type=Text))) < 400, "the flood was not slowed down"
        await eventually(lambda: str(b.doc.get("flood", type=Text)) == "f" * 400, 15, "every flooded edit arrives")
        assert a.close_code is None and b.close_code is None and flood.close_code is None
        async with YClient(api.ws(w), token) as late:
            await late.wait_synced()
            assert text_of(late) == "a" * 20
