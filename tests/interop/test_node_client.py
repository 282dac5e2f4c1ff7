"""Interop with an unmodified Node ``yjs`` + ``y-websocket`` client (the one
browsers run), driven through ``client.mjs`` against a real server:
convergence with a pycrdt client, presence both ways, final close codes,
the save barrier, and state that outlives the room and the process.

The Node package (``package.json``, exact pins) installs itself on first use;
``node_client.py`` drives the client.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from pycrdt import Doc, Map, Text

from server.storage import open_store
from server.sync.protocol import CloseCode
from tests.interop.node_client import WAIT, NodeClient, install_node_modules
from tests.support.yclient import YClient, eventually

pytestmark = pytest.mark.interop

# y-websocket schedules its reconnect 200 ms after a close (the backoff is
# capped at 2.5 s): a client that stays quiet this long has given up.
NO_RECONNECT_WINDOW = 3.0
FINAL_CLOSE_CODES = range(4400, 4500)

TEXT = "Participación ciudadana — ñ, ü, 🌱"


@pytest.fixture(scope="session")
def node_modules() -> Path:
    return install_node_modules()


NodeFactory = Callable[..., Awaitable[NodeClient]]


@pytest.fixture
async def node_client(node_modules: Path) -> AsyncIterator[NodeFactory]:
    """Start Node clients: ``await node_client(api, workshop, token)``."""
    clients: list[NodeClient] = []

    async def start(api: Any, workshop: dict[str, Any], token: str | None, artifact: str = "tree") -> NodeClient:
        client = NodeClient(api.server.ws_url, f"{workshop['id']}/{artifact}", token)
        clients.append(client)
        return await client.start()

    yield start
    for client in clients:
        await client.close()


# -- helpers ------------------------------------------------------------------


def add_node(client: YClient, key: str, kind: str, text: str) -> None:
    client.doc.get("nodes", type=Map)[key] = Map({"kind": kind, "text": Text(text), "created_by": "python"})


def add_edge(client: YClient, key: str, source: str, target: str) -> None:
    client.doc.get("edges", type=Map)[key] = Map({"source": source, "target": target})


def tree_of(client: YClient) -> dict[str, Any]:
    """The Python client's tree in the shape the Node client reports it."""
    nodes = {k: {**v, "text": str(v["text"])} for k, v in client.doc.get("nodes", type=Map).to_py().items()}
    return {"nodes": nodes, "edges": client.doc.get("edges", type=Map).to_py()}


def text_of(client: YClient, key: str) -> Text:
    return client.doc.get("nodes", type=Map)[key]["text"]  # type: ignore[no-any-return]


async def assert_gives_up(clients: list[NodeClient], since: list[int]) -> None:
    """No ``connecting`` status after the final close, and no wish to connect."""
    await asyncio.sleep(NO_RECONNECT_WINDOW)  # watching for an absence: nothing to poll for
    for client, start in zip(clients, since, strict=True):
        assert client.find_event("status", start, status="connecting") is None, client.diagnostics()
        state = await client.call("state")
        assert state["shouldConnect"] is False
        assert state["hasSocket"] is False


async def wait_room_unloaded(database_url: str, doc_id: str) -> None:
    """The last client left and the room unloaded: its final compaction wrote
    a snapshot (only unloading compacts a document this small)."""
    store = open_store(database_url)
    await store.open()
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while (await store.load_document(doc_id)).snapshot is None:
            assert loop.time() < deadline, f"room {doc_id} did not unload"
            await asyncio.sleep(0.05)
    finally:
        await store.close()


# -- tests ----------------------------------------------------------------------


async def test_node_and_python_clients_converge(api, node_client):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    ana, luis = api.join(w, "Ana"), api.join(w, "Luis", "servicio_publico")
    node = await node_client(api, w, ana["token"])
    await node.wait_synced()
    async with YClient(api.ws(w), luis["token"]) as py:
        await py.wait_synced()

        # Node → Python: a cause with non-ASCII text, linked to the problem.
        await node.call("add_node", key="p", kind="problem", text="Baja incidencia")
        await node.call("add_node", key="c1", kind="cause", text=TEXT)
        await node.call("add_edge", key="e1", source="c1", target="p")
        await eventually(lambda: tree_of(py) == node.tree, WAIT, "Python sees Node's nodes and edge")
        assert tree_of(py)["nodes"]["c1"] == {"kind": "cause", "text": TEXT, "created_by": "node"}
        assert tree_of(py)["edges"] == {"e1": {"source": "c1", "target": "p"}}

        # Python → Node: a node, an edge, and an edge removed.
        add_node(py, "e", "effect", "Desconfianza — 🙁")
        add_edge(py, "e2", "p", "e")
        del py.doc.get("edges", type=Map)["e1"]
        await node.wait_for(
            lambda: node.tree == tree_of(py) and "e1" not in node.tree["edges"], "Node sees Python's edits"
        )
        assert node.tree["edges"] == {"e2": {"source": "p", "target": "e"}}
        assert node.tree["nodes"]["e"]["text"] == "Desconfianza — 🙁"

        # Concurrent by construction: both insert at position 0 of the same
        # text, neither having seen the other's edit.
        branch = Doc()
        branch.apply_update(py.doc.get_update())
        branch.get("nodes", type=Map)["c1"]["text"].insert(0, "[P]")
        python_edit = branch.get_update(py.doc.get_state())
        await node.call("insert_text", key="c1", index=0, text="[N]")
        py.doc.apply_update(python_edit)
        both = {"[N][P]" + TEXT, "[P][N]" + TEXT}
        await node.wait_for(
            lambda: str(text_of(py, "c1")) == node.tree["nodes"]["c1"]["text"] in both, "concurrent inserts merge"
        )
        merged = node.tree["nodes"]["c1"]["text"]

        # Live: Node types at the front while Python types at the end.
        prefix, suffix = "Sí: ", " — fin 🌱"

        async def python_types() -> None:
            text = text_of(py, "c1")
            for ch in suffix:
                text.insert(len(text), ch)  # pycrdt counts UTF-8 bytes: len() is the end
                await asyncio.sleep(0.005)  # pacing the typing, not waiting for a state

        await asyncio.gather(node.call("type_text", key="c1", index=0, text=prefix, interval=5), python_types())
        expected = prefix + merged + suffix
        await node.wait_for(
            lambda: node.tree["nodes"]["c1"]["text"] == expected == str(text_of(py, "c1")),
            "typing at both ends converges",
        )
        assert node.tree == tree_of(py)
    assert {n["id"]: n["text"] for n in api.tree(w)["nodes"]}["c1"] == expected


async def test_presence_crosses_both_ways_with_server_identity(api, node_client):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana María Núñez")
    luis = api.join(w, "Luis", "servicio_publico")
    node = await node_client(api, w, ana["token"])
    await node.wait_synced()
    async with YClient(api.ws(w), luis["token"]) as py:
        await py.wait_synced()
        await node.call("set_awareness_field", field="user", value={"name": "Impostor", "id": "someone-else"})
        await node.call(
            "set_awareness_field", field="cocrea", value={"phase": "cierre", "editable_by": ["participant"]}
        )
        await node.call("set_awareness_field", field="cursor", value={"node": "c1", "label": "ñandú 🌱"})
        await py.set_presence({"user": {"name": "Otro"}, "cursor": {"node": "p"}}, clock=1)

        # Python sees Node's presence, with the user the server knows.
        def python_sees_node() -> bool:
            state = py.peers().get(node.client_id, {})
            return bool(state.get("cursor", {}).get("label") == "ñandú 🌱")

        await node.wait_for(python_sees_node, "Python sees Node's presence")
        user = py.peers()[node.client_id]["user"]
        assert user["name"] == "Ana María Núñez"
        assert user["id"] == ana["participant_id"]
        assert user["sector"] == "sociedad_civil"
        assert "cocrea" not in py.peers()[node.client_id]  # only the server speaks for the server

        # Node sees Python's presence, rewritten the same way, and the server's entry.
        await node.wait_for(
            lambda: node.awareness.get(py.doc.client_id, {}).get("cursor") == {"node": "p"},
            "Node sees Python's presence",
        )
        user = node.awareness[py.doc.client_id]["user"]
        assert (user["name"], user["id"], user["sector"]) == ("Luis", luis["participant_id"], "servicio_publico")
        await node.wait_for(lambda: node.server_state().get("phase") == "arbol_de_problemas", "server entry")
        assert node.server_state() == py.server_state()
        assert set(node.server_state()["editable_by"]) == {"facilitator", "participant"}

        # A phase change reaches Node through the server's entry.
        assert api.set_phase(w, "alternativas").status_code == 200
        await node.wait_for(lambda: node.server_state().get("phase") == "alternativas", "phase change in awareness")
        await eventually(lambda: py.server_state() == node.server_state(), WAIT, "same server entry")
        assert "participant" not in node.server_state()["editable_by"]

    # Leaving removes presence: Python's for Node, then Node's for Python,
    # even when Node crashes and cannot say goodbye (the server does).
    await node.wait_for(lambda: py.doc.client_id not in node.awareness, "Python's presence removed")
    async with YClient(api.ws(w), luis["token"]) as watcher:
        await watcher.wait_synced()
        await eventually(lambda: node.client_id in watcher.peers(), WAIT, "late joiner sees Node")
        await node.kill()
        await eventually(lambda: node.client_id not in watcher.peers(), WAIT, "crashed Node's presence removed")


async def test_bad_or_missing_token_is_a_final_4401(api, node_client):
    w = api.create_workshop()
    clients = [await node_client(api, w, "not-a-token"), await node_client(api, w, None)]
    since = []
    for client in clients:
        closed = await client.wait_event("closed")
        assert closed["code"] == CloseCode.UNAUTHORIZED
        close = client.find_event("connection-close")
        assert close is not None and close["code"] == CloseCode.UNAUTHORIZED
        assert client.find_event("sync", synced=True) is None
        since.append(len(client.events))
    await assert_gives_up(clients, since)


async def test_participant_write_while_read_only_is_a_final_4403(api, node_client):
    w = api.create_workshop()  # preparacion: only the facilitator edits the tree
    ana = api.join(w, "Ana")
    facilitator = await node_client(api, w, w["facilitator_token"])
    participant = await node_client(api, w, ana["token"])
    await facilitator.wait_synced()
    await participant.wait_synced()
    await participant.wait_for(
        lambda: (
            participant.server_state()
            == {"phase": "preparacion", "artifact": "tree", "locked": False, "editable_by": ["facilitator"]}
        ),
        "the read-only state is visible to the client",
    )
    await facilitator.call("add_node", key="p", kind="problem", text="Problema central")
    await facilitator.save(1)
    await participant.wait_for(lambda: "p" in participant.tree["nodes"], "the participant reads")

    since = len(participant.events)
    await participant.call("add_node", key="x", kind="cause", text="intrusa")
    closed = await participant.wait_event("closed", since)
    assert closed["code"] == CloseCode.FORBIDDEN
    assert "solo lectura" in closed["reason"]
    close = participant.find_event("connection-close", since)
    assert close is not None and close["code"] == CloseCode.FORBIDDEN
    await assert_gives_up([participant], [len(participant.events)])

    # The facilitator's connection is undisturbed and never saw the refused write.
    await facilitator.call("add_node", key="c", kind="cause", text="Causa")
    await facilitator.save(2)
    assert set(facilitator.tree["nodes"]) == {"p", "c"}
    assert facilitator.find_event("connection-close") is None
    assert {n["id"] for n in api.tree(w)["nodes"]} == {"p", "c"}


async def test_state_outlives_the_room_and_the_process(make_server, make_api, node_client):
    server = make_server(room_grace_seconds=0)
    api = make_api(server)
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    doc_id = f"{w['id']}/tree"
    token = w["facilitator_token"]

    writer = await node_client(api, w, token)
    await writer.wait_synced()
    await writer.call("add_node", key="p", kind="problem", text="Baja incidencia")
    await writer.call("add_node", key="c1", kind="cause", text=TEXT)
    await writer.call("add_edge", key="e1", source="c1", target="p")
    await writer.save(70_000)  # a three-byte varuint
    expected = writer.tree
    await writer.close()

    # The room unloaded: a fresh client is served from storage.
    await wait_room_unloaded(server.env["COCREA_DATABASE_URL"], doc_id)
    reader = await node_client(api, w, token)
    await reader.wait_synced()
    await reader.wait_for(lambda: reader.tree == expected, "fresh client gets the stored state")

    # A restart closes with a non-final code: the provider reconnects and writes on.
    since = len(reader.events)
    server.restart()
    close = await reader.wait_event("connection-close", since)
    assert close["code"] not in FINAL_CLOSE_CODES, close
    await reader.wait_synced(since)
    assert reader.find_event("closed", since) is None
    await reader.call("add_node", key="c2", kind="cause", text="Después del reinicio")
    await reader.save(1)
    expected = reader.tree
    assert set(expected["nodes"]) == {"p", "c1", "c2"}

    fresh = await node_client(api, w, token)
    await fresh.wait_synced()
    await fresh.wait_for(lambda: fresh.tree == expected, "fresh client after restart")
    await fresh.close()

    # What the barrier acknowledged survives a crash (the client is kept
    # from reconnecting, or its own resync would hide a loss).
    await reader.call("add_node", key="c3", kind="cause", text="Guardada y luego caída")
    await reader.save(2)
    expected = reader.tree
    server.kill()
    await reader.call("disconnect")
    server.start()
    after_crash = await node_client(api, w, token)
    await after_crash.wait_synced()
    await after_crash.wait_for(lambda: after_crash.tree == expected, "acknowledged edits survive SIGKILL")


ECHO_PEERS = 5
ECHO_UPDATES_PER_PEER = 100  # each peer stays within its own burst allowance


async def test_passive_client_is_not_closed_for_echoing_presence(api, node_client):
    """y-websocket sends back one awareness frame per remote presence change it
    receives (REALTIME-NOTES §6.3.6). The room absorbs those echoes; they must
    not cost the passive client its connection."""
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    passive = await node_client(api, w, api.join(w, "Pasiva")["token"])
    await passive.wait_synced()
    peers = [YClient(api.ws(w), api.join(w, f"Persona {i}")["token"]) for i in range(ECHO_PEERS)]
    try:
        for peer in peers:
            await peer.connect()
            await peer.wait_synced()
        for clock in range(1, ECHO_UPDATES_PER_PEER + 1):
            await asyncio.gather(*(p.set_presence({"cursor": clock}, clock) for p in peers))
        last = {p.doc.client_id for p in peers}

        def saw_everything() -> bool:
            seen = {cid for cid, s in passive.awareness.items() if s.get("cursor") == ECHO_UPDATES_PER_PEER}
            return seen == last or passive.find_event("closed") is not None

        await passive.wait_for(saw_everything, "the passive client sees every last presence")
        if passive.find_event("closed") is None:
            await passive.save(1)  # the server has read every echo by now
        assert passive.find_event("connection-close") is None, passive.diagnostics()
    finally:
        for peer in peers:
            await peer.close()


async def test_server_entry_stays_when_the_first_client_leaves(api, node_client):
    w = api.create_workshop()
    first = await node_client(api, w, w["facilitator_token"])
    await first.wait_synced()
    await first.wait_for(lambda: first.server_state() != {}, "the first client sees the server's entry")
    # A state still at clock 0 is ignored by every awareness (y-protocols' rule): set a field.
    await first.call("set_awareness_field", field="cursor", value=None)
    second = await node_client(api, w, api.join(w, "Ana")["token"])
    await second.wait_synced()
    await second.wait_for(lambda: first.client_id in second.awareness, "the second client sees the first")
    await first.close()
    # One removal message carries all the ids the closed connection owned.
    await second.wait_for(lambda: first.client_id not in second.awareness, "the first client's presence removed")
    assert second.server_state().get("phase") == "preparacion", second.diagnostics()
