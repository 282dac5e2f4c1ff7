"""Several server processes serve one document through Redis: real servers
on one PostgreSQL database and one Redis (a key prefix of their own per
module or test, so parallel runs never meet), real clients on each.

Convergence across processes and for late joiners, presence, a phase change
or lock made through one process enforced on the other's sockets, junk in
Redis, a SIGKILL losing no acknowledged edit, and Redis going away: clients
keep working, compaction never drops another process's rows, and everything
converges once Redis is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from pycrdt import Doc, Map, Text

from server.storage import open_store
from server.sync.protocol import CloseCode, awareness_message
from server.sync.redis_link import PresenceKind, encode_presence
from tests.conftest import Api, _admin
from tests.interop.node_client import NodeClient, install_node_modules
from tests.server.test_follow_up_api import import_plan, with_links
from tests.server.test_follow_up_public import report_and_verify
from tests.server.test_voting_api import auth
from tests.support.live_server import LiveServer, free_port
from tests.support.yclient import YClient, eventually

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/0"
# Generous deadlines: convergence is waited for, never timed.
WAIT = 15.0


def add_node(client: YClient, node_id: str, kind: str, text: str) -> None:
    client.doc.get("nodes", type=Map)[node_id] = Map({"kind": kind, "text": Text(text), "created_by": "test"})


def node_texts(client: YClient) -> dict[str, str]:
    return {k: str(v["text"]) for k, v in client.doc.get("nodes", type=Map).to_py().items()}


def tree_texts(api: Api, workshop: dict[str, Any]) -> dict[str, str]:
    return {n["id"]: n["text"] for n in api.tree(workshop)["nodes"]}


async def converged(*clients: YClient, count: int | None = None) -> dict[str, str]:
    def same() -> bool:
        first = node_texts(clients[0])
        return all(node_texts(c) == first for c in clients[1:]) and (count is None or len(first) == count)

    await eventually(same, WAIT, "clients converge")
    return node_texts(clients[0])


@contextlib.asynccontextmanager
async def connected(url: str, token: str) -> AsyncIterator[YClient]:
    client = await YClient(url, token).connect()
    try:
        await client.wait_synced(WAIT)
        yield client
    finally:
        await client.close()


async def stored_texts(database_url: str, doc_id: str, *, snapshot_only: bool = False) -> dict[str, str]:
    """The tree as the database holds it (no server involved)."""
    store = open_store(database_url)
    await store.open()
    try:
        stored = await store.load_document(doc_id)
    finally:
        await store.close()
    doc = Doc()
    for data in [stored.snapshot or b"\x00\x00", *([] if snapshot_only else [d for _, d in stored.updates])]:
        doc.apply_update(data)
    return {k: str(v["text"]) for k, v in doc.get("nodes", type=Map).to_py().items()}


async def in_log(server: LiveServer, text: str) -> None:
    await eventually(lambda: text in server.log_path.read_text(errors="replace"), WAIT, f"log line {text!r}")


def start_all(servers: list[LiveServer]) -> None:
    """Start processes side by side (each import takes seconds here)."""
    errors: list[BaseException] = []

    def start(server: LiveServer) -> None:
        try:
            server.start()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(s,)) for s in servers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def drop_keys(prefix: str) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=prefix + "*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def new_prefix() -> str:
    return f"cocrea-test:{uuid.uuid4().hex[:12]}:"


# -- fixtures -------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_database(postgres_database: str) -> str:
    schema = f"t_{uuid.uuid4().hex}"
    asyncio.run(_admin(postgres_database, f'CREATE SCHEMA "{schema}"'))
    return f"{postgres_database}?search_path={schema}"


@pytest.fixture(scope="module")
def pair_prefix() -> Iterator[str]:
    prefix = new_prefix()
    yield prefix
    drop_keys(prefix)


@pytest.fixture(scope="module")
def pair(shared_database: str, pair_prefix: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Api]]:
    """Two processes of one deployment, shared by the tests that neither stop
    them nor cut their Redis (each test makes its own workshop)."""
    tmp = tmp_path_factory.mktemp("scale")
    prefix = pair_prefix
    servers = [
        LiveServer(shared_database, tmp / f"server-{i}.log", redis_url=REDIS_URL, redis_prefix=prefix) for i in range(2)
    ]
    start_all(servers)
    apis = [Api(s) for s in servers]
    yield apis
    for api in apis:
        api.http.close()
    for s in servers:
        s.kill()


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    prefix = new_prefix()
    yield prefix
    drop_keys(prefix)


@pytest.fixture
def deployment(tmp_path: Path, postgres_url: str, redis_prefix: str) -> Iterator[Callable[..., list[LiveServer]]]:
    """Start processes of one deployment of their own: one dict of settings each."""
    servers: list[LiveServer] = []

    def start(*each: dict[str, Any]) -> list[LiveServer]:
        batch = [
            LiveServer(
                postgres_url,
                tmp_path / f"server-{len(servers) + i}.log",
                **{"redis_url": REDIS_URL, "redis_prefix": redis_prefix, **settings},
            )
            for i, settings in enumerate(each)
        ]
        servers.extend(batch)
        start_all(batch)
        return batch

    yield start
    for server in servers:
        server.kill()


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    yield client
    client.close()


class RedisProxy:
    """A TCP relay to Redis that a test can cut (connections reset, new ones
    refused) and restore: Redis going away as a process sees it. It runs its
    own event loop in a thread, so blocking calls in the test never stall it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()
        self.thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(REDIS_HOST, REDIS_PORT)
        except OSError:
            writer.close()
            return
        self.writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        self.writers -= {writer, up_writer}

    async def _open(self) -> None:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", self.port, reuse_address=True)

    async def _cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.transport.abort()
        await self.server.wait_closed()
        self.server = None

    def open(self) -> RedisProxy:
        self._call(self._open())
        return self

    def cut(self) -> None:
        self._call(self._cut())

    def close(self) -> None:
        if self.server is not None:
            self.cut()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture
def redis_proxy() -> Iterator[RedisProxy]:
    proxy = RedisProxy().open()
    yield proxy
    proxy.close()


# -- one deployment, shared -----------------------------------------------------


async def test_clients_on_two_processes_converge_and_late_joiners_get_everything(pair):
    api_a, api_b = pair
    w = api_a.create_workshop()
    assert api_a.set_phase(w, "arbol_de_problemas").status_code == 200
    ana, luis = api_a.join(w, "Ana"), api_b.join(w, "Luis", "servicio_publico")
    async with connected(api_a.ws(w), ana["token"]) as a, connected(api_b.ws(w), luis["token"]) as b:
        add_node(a, "p", "problem", "Desarticulación")
        add_node(b, "c1", "cause", "Falta de consensos")
        await converged(a, b, count=2)
        # Concurrent edits of one text merge character by character.
        a.doc.get("nodes", type=Map)["c1"]["text"].insert(0, "A: ")
        b_text = b.doc.get("nodes", type=Map)["c1"]["text"]
        b_text.insert(len(b_text), " :B")
        for i in range(20):
            add_node(a if i % 2 else b, f"n{i}", "cause", f"Causa {i}")
        texts = await converged(a, b, count=22)
        assert texts["c1"] == "A: Falta de consensos :B"
        await a.save(1, WAIT)
        await b.save(1, WAIT)
        # Late joiners, on the process whose room is loaded and on the other.
        async with (
            connected(api_b.ws(w), w["facilitator_token"]) as c,
            connected(api_a.ws(w), w["facilitator_token"]) as d,
        ):
            assert await converged(a, b, c, d) == texts
    assert tree_texts(api_a, w) == tree_texts(api_b, w) == texts


async def test_a_room_loading_on_the_second_process_gets_what_the_first_holds(pair):
    api_a, api_b = pair
    w = api_a.create_workshop()
    api_a.set_phase(w, "arbol_de_problemas")
    async with connected(api_a.ws(w), w["facilitator_token"]) as a:
        for i in range(30):
            add_node(a, f"n{i}", "cause", f"Causa {i}")
        # No save barrier: some of these are in the stream, not yet stored.
        async with connected(api_b.ws(w), w["facilitator_token"]) as b:
            assert len(await converged(a, b, count=30)) == 30


async def test_presence_crosses_processes_with_the_server_identity(pair):
    api_a, api_b = pair
    w = api_a.create_workshop()
    ana, luis = api_a.join(w, "Ana"), api_b.join(w, "Luis", "servicio_publico")
    a = await YClient(api_a.ws(w), ana["token"]).connect()
    await a.wait_synced(WAIT)
    await a.set_presence({"cursor": 1, "user": {"name": "Suplantado"}}, clock=1)
    # B loads the room now and asks the other processes for their presence.
    async with connected(api_b.ws(w), luis["token"]) as b:
        await eventually(lambda: b.peers().get(a.doc.client_id, {}).get("cursor") == 1, WAIT, "A's presence on B")
        assert b.peers()[a.doc.client_id]["user"] == {
            "id": ana["participant_id"],
            "name": "Ana",
            "sector": "sociedad_civil",
            "role": "participant",
        }
        await b.set_presence({"cursor": 2}, clock=1)
        await eventually(lambda: a.peers().get(b.doc.client_id, {}).get("cursor") == 2, WAIT, "B's presence on A")
        assert a.peers()[b.doc.client_id]["user"]["name"] == "Luis"
        await a.set_presence({"cursor": 3}, clock=2)
        await eventually(lambda: b.peers().get(a.doc.client_id, {}).get("cursor") == 3, WAIT, "A's change on B")
        # Each process keeps its own server entry; B's clients see B's.
        assert b.server_state()["artifact"] == "tree"
        await a.close()
        await eventually(lambda: a.doc.client_id not in b.peers(), WAIT, "A's presence removed on B")


async def test_one_person_on_two_processes_keeps_both_presences(pair):
    """Two tabs of one participant, one per process: an echo of one tab's
    entry by the other must not make the echoing tab its owner (its close
    would then remove the first tab's presence everywhere)."""
    api_a, api_b = pair
    w = api_a.create_workshop()
    ana = api_a.join(w, "Ana")
    async with (
        connected(api_a.ws(w), ana["token"]) as tab1,
        connected(api_b.ws(w), w["facilitator_token"]) as watcher,
    ):
        tab2 = await YClient(api_b.ws(w), ana["token"]).connect()
        await tab2.wait_synced(WAIT)
        await tab1.set_presence({"tab": 1}, clock=1)
        await tab2.set_presence({"tab": 2}, clock=1)
        both = {tab1.doc.client_id: 1, tab2.doc.client_id: 2}
        await eventually(
            lambda: {cid: s.get("tab") for cid, s in watcher.peers().items()} == both, WAIT, "both tabs on B"
        )
        await eventually(lambda: tab1.doc.client_id in tab2.peers(), WAIT, "tab 2 hears tab 1")
        # What y-websocket does with every remote change: echo it.
        await tab2.send(awareness_message(tab2.awareness.encode_awareness_update([tab1.doc.client_id])))
        await tab2.close()
        await eventually(lambda: tab2.doc.client_id not in watcher.peers(), WAIT, "tab 2 gone")
        # A wrong owner would have removed both in that same message.
        assert watcher.peers()[tab1.doc.client_id]["tab"] == 1
        await tab1.set_presence({"tab": 1, "cursor": "p"}, clock=2)
        await eventually(
            lambda: watcher.peers().get(tab1.doc.client_id, {}).get("cursor") == "p", WAIT, "tab 1 still present"
        )


async def test_phase_change_through_one_process_refuses_writes_on_the_other(pair):
    api_a, api_b = pair
    w = api_a.create_workshop()
    api_a.set_phase(w, "arbol_de_problemas")
    p = api_b.join(w, "Luis", "servicio_publico")
    async with connected(api_b.ws(w), p["token"]) as part:
        await eventually(lambda: "participant" in part.server_state().get("editable_by", []), WAIT)
        add_node(part, "c", "cause", "Antes del cambio")
        await part.save(1, WAIT)
        assert api_a.set_phase(w, "alternativas").status_code == 200
        await eventually(lambda: part.server_state().get("phase") == "alternativas", WAIT, "B hears the phase")
        add_node(part, "x", "cause", "Después del cambio")
        assert await part.wait_closed(WAIT) == CloseCode.FORBIDDEN
    assert tree_texts(api_b, w) == {"c": "Antes del cambio"}


async def test_lock_through_one_process_refuses_writes_on_the_other(pair):
    api_a, api_b = pair
    w = api_a.create_workshop()
    api_a.set_phase(w, "arbol_de_problemas")
    p = api_b.join(w, "Luis", "servicio_publico")
    async with connected(api_b.ws(w), p["token"]) as part:
        await eventually(lambda: part.server_state().get("phase") == "arbol_de_problemas", WAIT)
        headers = {"Authorization": f"Bearer {w['facilitator_token']}"}
        r = api_a.http.put(f"/api/workshops/{w['id']}/locks/tree", json={"locked": True}, headers=headers)
        assert r.status_code == 200, r.text
        await eventually(lambda: part.server_state().get("locked") is True, WAIT, "B hears the lock")
        add_node(part, "x", "cause", "Con el árbol bloqueado")
        assert await part.wait_closed(WAIT) == CloseCode.FORBIDDEN


async def test_junk_in_redis_is_logged_and_ignored(pair, pair_prefix, redis_client):
    api_a, api_b = pair
    prefix = pair_prefix
    w = api_a.create_workshop()
    api_a.set_phase(w, "arbol_de_problemas")
    doc_id = f"{w['id']}/tree"
    # A key of the wrong type where another document's stream goes.
    redis_client.set(f"{prefix}u:{w['id']}/alternatives", "no es un stream")
    async with connected(api_a.ws(w), w["facilitator_token"]) as a, connected(api_b.ws(w), w["facilitator_token"]) as b:
        add_node(a, "p", "problem", "Problema")
        await converged(a, b, count=1)
        stream = f"{prefix}u:{doc_id}"
        valid = Doc()
        valid.get("nodes", type=Map)["intruso"] = Map({"kind": "cause", "text": Text("de otra versión")})
        for fields in (
            {"foo": "bar"},
            {"v": "1", "u": b"\xff\x00basura", "p": "otro"},
            {"v": "1", "p": "otro"},
            {"v": "9", "u": valid.get_update(), "p": "otro"},
        ):
            redis_client.xadd(stream, fields)
        channel = f"{prefix}a:{doc_id}"
        fake = '{"cocrea":{"phase":"cierre","editable_by":[]}}'
        fake_server_entry = bytes([1, 99, 1, len(fake)]) + fake.encode()
        for message in (
            b"\xff\xff\xff",
            encode_presence(PresenceKind.UPDATE, b"otro", b"\x01\x05\x01\x03{x}"),
            encode_presence(PresenceKind.UPDATE, b"otro", b"\x01\x05\x01\x03[1]"),
            b"\x07" + encode_presence(PresenceKind.QUERY, b"otro"),
            # A state posing as the server's own entry, with no user.
            encode_presence(PresenceKind.UPDATE, b"otro", fake_server_entry),
        ):
            redis_client.publish(channel, message)
        for message in (b"no es json", b'{"v": 1, "type": "workshop", "from": 3}', b"[]"):
            redis_client.publish(f"{prefix}ctl", message)
        # The other document still works on each process, by itself.
        async with connected(api_a.ws(w, "alternatives"), w["facilitator_token"]) as alt:
            await alt.save(1, WAIT)
        # Both rooms still serve and converge.
        add_node(b, "c", "cause", "Causa después de la basura")
        await a.set_presence({"cursor": 9}, clock=1)
        await converged(a, b, count=2)
        await eventually(lambda: b.peers().get(a.doc.client_id, {}).get("cursor") == 9, WAIT, "presence still flows")
        assert "intruso" not in node_texts(a)
        assert 99 not in a.awareness.states and 99 not in b.awareness.states
        assert b.server_state()["phase"] == "arbol_de_problemas"
    for api in pair:
        await in_log(api.server, "ignoring Redis junk")
    await in_log(api_a.server, "is not a usable stream")
    assert all(api.http.get("/healthz").status_code == 200 for api in pair)


# -- deployments of their own ----------------------------------------------------


async def test_killing_a_process_loses_no_acknowledged_edit(deployment, make_api, postgres_url):
    server_a, server_b = deployment({"room_grace_seconds": 60}, {"room_grace_seconds": 60})
    api_a, api_b = make_api(server_a), make_api(server_b)
    w = api_a.create_workshop()
    api_a.set_phase(w, "arbol_de_problemas")
    doc_id = f"{w['id']}/tree"
    a = await YClient(api_a.ws(w), w["facilitator_token"]).connect()
    await a.wait_synced(WAIT)
    async with connected(api_b.ws(w), w["facilitator_token"]) as b:
        for i in range(30):
            add_node(a, f"a{i}", "cause", f"Causa {i}")
            del a.doc.get("nodes", type=Map)[f"a{i}"]["text"][0:1]
        add_node(b, "b", "effect", "Efecto")
        await a.save(1, WAIT)
        await b.save(1, WAIT)
        acknowledged = node_texts(a) | node_texts(b)
        server_a.kill()
        await a.wait_closed(WAIT)
        # The database holds every acknowledged edit, whatever B's memory has.
        assert (await stored_texts(postgres_url, doc_id)).items() >= acknowledged.items()
        add_node(b, "after", "cause", "Tras la caída")
        await b.save(2, WAIT)
    server_b.stop()
    start_all([server_a, server_b])
    expected = acknowledged | {"after": "Tras la caída"}
    async with connected(api_a.ws(w), w["facilitator_token"]) as fresh:
        assert await converged(fresh, count=len(expected)) == expected
    assert tree_texts(api_b, w) == expected


async def test_redis_away_then_back(deployment, make_api, postgres_url, redis_proxy):
    """B loses Redis: its clients keep working and their edits are stored,
    but a phase change through B is refused (503) rather than made without A
    knowing; A, unloading, compacts without ever having seen B's edit and
    must keep it; once Redis is back, B catches up and everyone converges."""
    server_a, server_b = deployment({"room_grace_seconds": 1}, {"redis_url": redis_proxy.url})
    api_a, api_b = make_api(server_a), make_api(server_b)
    w = api_a.create_workshop()
    api_a.set_phase(w, "arbol_de_problemas")
    doc_id = f"{w['id']}/tree"
    token = w["facilitator_token"]
    a = await YClient(api_a.ws(w), token).connect()
    await a.wait_synced(WAIT)
    async with connected(api_b.ws(w), token) as b, connected(api_b.ws(w), token) as b2:
        add_node(a, "p", "problem", "Problema")
        await converged(a, b, b2, count=1)

        redis_proxy.cut()
        await in_log(server_b, "is unreachable")
        add_node(b, "x", "cause", "Durante el corte")
        await b.save(1, WAIT)
        await converged(b, b2, count=2)
        add_node(a, "y", "effect", "Del otro lado")
        await a.save(1, WAIT)
        # An authoritative change through B cannot be coordinated: refused, not made alone.
        r = api_b.set_phase(w, "arbol_de_objetivos")
        assert r.status_code == 503 and r.json()["error"]["code"] == "unavailable", r.text
        assert "Intenta de nuevo" in r.json()["error"]["message"]
        state = api_a.http.get(f"/api/workshops/{w['id']}", headers=auth(token)).json()
        assert state["phase"] == "arbol_de_problemas"
        await a.close()
        # A's room unloads and compacts: its snapshot must hold B's row.
        deadline = asyncio.get_running_loop().time() + WAIT
        while set(await stored_texts(postgres_url, doc_id, snapshot_only=True)) != {"p", "x", "y"}:
            assert asyncio.get_running_loop().time() < deadline, "A did not compact B's row into its snapshot"
            await asyncio.sleep(0.1)
        assert set(await stored_texts(postgres_url, doc_id)) == {"p", "x", "y"}

        redis_proxy.open()
        await in_log(server_b, "reachable again")
        assert api_b.set_phase(w, "arbol_de_problemas").status_code == 200  # coordinated again
        async with connected(api_a.ws(w), token) as fresh:
            texts = await converged(fresh, b, b2, count=3)
        add_node(b2, "z", "cause", "Después del corte")
        async with connected(api_a.ws(w), token) as later:
            assert await converged(later, b, b2, count=4) == texts | {"z": "Después del corte"}


# -- interop ---------------------------------------------------------------------


@pytest.mark.interop
async def test_node_y_websocket_clients_on_two_processes_converge(pair):
    """One unmodified yjs + y-websocket client on each process."""
    api_a, api_b = pair
    install_node_modules()
    w = api_a.create_workshop()
    api_a.set_phase(w, "arbol_de_problemas")
    ana, luis = api_a.join(w, "Ana"), api_b.join(w, "Luis", "servicio_publico")
    room = f"{w['id']}/tree"
    node_a = await NodeClient(api_a.server.ws_url, room, ana["token"]).start()
    node_b = await NodeClient(api_b.server.ws_url, room, luis["token"]).start()
    try:
        await node_a.wait_synced()
        await node_b.wait_synced()
        await node_a.call("add_node", key="p", kind="problem", text="Baja participación — ñ")
        await node_b.call("add_node", key="c", kind="cause", text="Poca difusión 🌱")
        await node_b.call("add_edge", key="e", source="c", target="p")
        await node_a.wait_for(lambda: "c" in node_a.tree["nodes"], "A has B's node", WAIT)
        await node_b.wait_for(lambda: "p" in node_b.tree["nodes"], "B has A's node", WAIT)
        await node_a.call("insert_text", key="c", index=0, text="[A] ")
        await node_b.call("insert_text", key="p", index="end", text=" [B]")
        await node_a.wait_for(
            lambda: node_a.tree == node_b.tree and len(node_a.tree["edges"]) == 1, "Node clients converge", WAIT
        )
        assert node_a.tree["nodes"]["c"]["text"] == "[A] Poca difusión 🌱"
        assert node_b.tree["nodes"]["p"]["text"] == "Baja participación — ñ [B]"
        await node_a.call("set_awareness_field", field="cursor", value="p")
        await node_b.wait_for(
            lambda: node_b.awareness.get(node_a.client_id, {}).get("cursor") == "p", "presence across processes", WAIT
        )
        assert node_b.awareness[node_a.client_id]["user"]["name"] == "Ana"
        await node_a.save(1)
        await node_b.save(1)
    finally:
        await node_a.close()
        await node_b.close()
    assert tree_texts(api_b, w) == {"p": "Baja participación — ñ [B]", "c": "[A] Poca difusión 🌱"}


async def test_authoritative_changes_are_serialized_across_processes(pair):
    """Ballots through both processes race the close made through one: every
    ballot answered 200 is in the tally and every other one is refused with
    409. Then the facilitator's decision sent to both processes at once (a
    double click, two tabs on two processes) is recorded once."""
    api_a, api_b = pair
    w = api_a.create_workshop()
    fac = auth(w["facilitator_token"])
    base = f"/api/workshops/{w['id']}"
    assert api_a.set_phase(w, "alternativas").status_code == 200
    people = [(api_a if i % 2 else api_b).join(w, f"Persona {i}") for i in range(24)]
    options = [
        api_a.http.post(f"{base}/alternatives", json={"title": title}, headers=auth(people[0]["token"])).json()["id"]
        for title in ("Uno", "Dos")
    ]
    assert api_a.set_phase(w, "votacion").status_code == 200
    r = api_a.http.post(f"{base}/rounds", json={"method": "approval", "options": options}, headers=fac)
    assert r.status_code == 201, r.text
    round_id = r.json()["id"]
    urls = [api_a.server.url, api_b.server.url]

    async with httpx.AsyncClient(timeout=30) as http:
        # One ballot lands before the race, so the round has a winner to decide
        # on even when the close beats every racing ballot (a 0–0 tie has none).
        first = await http.put(
            f"{urls[1]}{base}/rounds/{round_id}/ballot",
            json={"approve": [options[0]]},
            headers=auth(people[0]["token"]),
        )
        assert first.status_code == 200, first.text
        ballots = [
            http.put(
                f"{urls[i % 2]}{base}/rounds/{round_id}/ballot",
                json={"approve": [options[0]]},
                headers=auth(p["token"]),
            )
            for i, p in enumerate(people[1:], start=1)
        ]
        close = http.post(f"{urls[0]}{base}/rounds/{round_id}/close", headers=fac)
        *answers, closed = await asyncio.gather(*ballots[:12], *ballots[12:], close)
        assert closed.status_code == 200, closed.text
        assert {a.status_code for a in answers} <= {200, 409}
        accepted = 1 + sum(a.status_code == 200 for a in answers)
        results = closed.json()["results"]
        assert results["totals"][options[0]] == accepted
        assert results["participation"]["voted"] == accepted

        decision = {"round_id": round_id, "kind": "majority", "alternative_id": options[0]}
        tries = [http.post(f"{urls[i % 2]}{base}/decisions", json=decision, headers=fac) for i in range(8)]
        answered = await asyncio.gather(*tries)
    outcomes = sorted(t.status_code for t in answered)
    assert outcomes == [201] + [409] * 7, [t.text for t in answered]
    listed = api_b.http.get(f"{base}/decisions", headers=fac).json()["decisions"]
    assert [d["round_id"] for d in listed] == [round_id]


def test_a_public_plan_read_through_one_process_follows_writes_through_the_other(pair):
    """Each process keeps the public outputs it rendered (server/public_cache.py),
    keyed by the plan's stored version: a verification made through B is
    what A serves next, with a new ETag, not A's kept copy."""
    api_a, api_b = pair
    no_sqlite = Path("/nonexistent")  # refusal snapshots are not taken here
    on_a = with_links(import_plan(api_a, no_sqlite), import_plan(api_a, no_sqlite))
    on_b = dataclasses.replace(on_a, api=api_b)
    on_b.ok("POST", "/publish", "editor")
    path = f"/api/public/plans/{on_a.id}"
    kept = {name: api.http.get(path) for name, api in (("a", api_a), ("b", api_b))}
    assert {a.status_code for a in kept.values()} == {200}

    report_and_verify(on_b)
    fresh = api_a.http.get(path, headers={"If-None-Match": kept["a"].headers["etag"]})
    assert fresh.status_code == 200
    (commitment,) = [c for c in fresh.json()["commitments"] if c["id"] == "k-infoem"]
    assert commitment["activities"][0]["status"] == "verificada"
    assert fresh.headers["etag"] != kept["a"].headers["etag"]
    assert api_b.http.get(path).headers["etag"] != kept["b"].headers["etag"]


def test_join_code_guesses_spread_over_two_processes_share_one_allowance(deployment):
    """A guesser alternating between the processes gets one allowance per
    address (server/shared_rate_limit.py), not one per process."""
    servers = deployment({"join_guesses_per_minute": 4}, {"join_guesses_per_minute": 4})
    with httpx.Client() as http:
        for i in range(4):
            assert http.get(f"{servers[i % 2].url}/api/join/AAAAA{i}").status_code == 404
        for server in servers:
            r = http.get(f"{server.url}/api/join/BBBBBB")
            assert r.status_code == 429, (server.url, r.status_code)
            assert 1 <= int(r.headers["retry-after"]) <= 15
