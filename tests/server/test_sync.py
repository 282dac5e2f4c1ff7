"""Sync against a real server: convergence, auth close codes, the write
gate, bad frames, and persistence across restarts and crashes."""

from __future__ import annotations

import pytest
from pycrdt import Doc, Map, Text

from server.sync.protocol import CloseCode, sync_step1, update_message
from tests.support.yclient import YClient, eventually


def add_node(client: YClient, node_id: str, kind: str, text: str) -> None:
    nodes = client.doc.get("nodes", type=Map)
    nodes[node_id] = Map({"kind": kind, "text": Text(text), "created_by": "test"})


def node_texts(client: YClient) -> dict[str, str]:
    return {k: str(v["text"]) for k, v in client.doc.get("nodes", type=Map).to_py().items()}


async def test_two_clients_converge(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    ana, luis = api.join(w, "Ana"), api.join(w, "Luis", "servicio_publico")
    async with YClient(api.ws(w), ana["token"]) as a, YClient(api.ws(w), luis["token"]) as b:
        await a.wait_synced()
        await b.wait_synced()
        add_node(a, "c1", "cause", "Falta de consensos")
        add_node(b, "p", "problem", "Desarticulación")
        await eventually(lambda: node_texts(a) == node_texts(b) and len(node_texts(a)) == 2)
        # Concurrent edits of one text merge character by character.
        a.doc.get("nodes", type=Map)["c1"]["text"].insert(0, "A: ")
        b_text = b.doc.get("nodes", type=Map)["c1"]["text"]
        b_text.insert(len(b_text), " :B")
        await eventually(lambda: node_texts(a) == node_texts(b) and node_texts(a)["c1"] == "A: Falta de consensos :B")
    tree = api.tree(w)
    assert {n["id"]: n["text"] for n in tree["nodes"]} == {"c1": "A: Falta de consensos :B", "p": "Desarticulación"}


async def test_missing_and_bad_tokens_close_4401(api):
    w = api.create_workshop()
    for token in (None, "not-a-token", w["facilitator_token"][:-3] + "abc"):
        client = await YClient(api.ws(w), token).connect(send_step1=False)
        assert await client.wait_closed() == CloseCode.UNAUTHORIZED


async def test_token_of_another_workshop_closes_4403(api):
    w1, w2 = api.create_workshop(), api.create_workshop()
    client = await YClient(api.ws(w2), w1["facilitator_token"]).connect(send_step1=False)
    assert await client.wait_closed() == CloseCode.FORBIDDEN


async def test_unknown_artifact_and_workshop_close_4404_or_4403(api):
    w = api.create_workshop()
    client = await YClient(api.ws(w, "nothing"), w["facilitator_token"]).connect(send_step1=False)
    assert await client.wait_closed() == CloseCode.NOT_FOUND
    other = {"id": "0000000000000000"}
    client = await YClient(api.ws(other), w["facilitator_token"]).connect(send_step1=False)
    assert await client.wait_closed() == CloseCode.FORBIDDEN


async def test_read_only_write_is_refused_and_others_undisturbed(api):
    w = api.create_workshop()  # preparacion: only the facilitator edits the tree
    p = api.join(w, "Ana")
    async with YClient(api.ws(w), w["facilitator_token"]) as fac, YClient(api.ws(w), p["token"]) as part:
        await fac.wait_synced()
        await part.wait_synced()
        await eventually(lambda: part.server_state().get("editable_by") == ["facilitator"])
        add_node(fac, "p", "problem", "Problema")
        await eventually(lambda: "p" in node_texts(part))
        add_node(part, "x", "cause", "intruso")
        assert await part.wait_closed() == CloseCode.FORBIDDEN
        assert "solo lectura" in part.close_reason
        # The facilitator still works, and can open the phase.
        r = api.set_phase(w, "arbol_de_problemas")
        assert r.status_code == 200
        await eventually(lambda: fac.server_state().get("editable_by") == ["facilitator", "participant"])
        add_node(fac, "c", "cause", "Causa")
        await fac.save(1)
    assert {n["id"] for n in api.tree(w)["nodes"]} == {"p", "c"}
    # A fresh doc can now write (the phase opened the tree to participants).
    async with YClient(api.ws(w), p["token"]) as again:
        await again.wait_synced()
        add_node(again, "c2", "cause", "Otra causa")
        await again.save(1)
    assert {n["id"] for n in api.tree(w)["nodes"]} == {"p", "c", "c2"}


async def test_observer_never_writes(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    obs = api.join(w, "Olga", role="observer")
    async with YClient(api.ws(w), obs["token"]) as client:
        await client.wait_synced()
        add_node(client, "x", "cause", "no")
        assert await client.wait_closed() == CloseCode.FORBIDDEN
        assert "observ" in client.close_reason


async def test_reader_reconnecting_with_deletions_is_not_refused(api):
    """A read-only client's SyncStep2 carries the doc's whole delete set: it
    is not the empty update, but it writes nothing and must be accepted."""
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    p = api.join(w, "Ana")
    async with YClient(api.ws(w), p["token"]) as writer:
        await writer.wait_synced()
        add_node(writer, "c", "cause", "texto largo")
        del writer.doc.get("nodes", type=Map)["c"]["text"][0:6]
        await writer.save(1)
    api.set_phase(w, "alternativas")
    doc = Doc()
    async with YClient(api.ws(w), p["token"], doc) as reader:
        await reader.wait_synced()
    # Same doc reconnects while the tree is read-only: its SyncStep2 has the delete set.
    async with YClient(api.ws(w), p["token"], doc) as reader:
        await reader.wait_synced()
        await reader.save(2)
        assert reader.close_code is None
        assert node_texts(reader) == {"c": "largo"}


async def test_malformed_frames_close_4400_and_server_stays_up(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    p = api.join(w, "Ana")
    bad_frames = [
        b"",
        b"\x00",
        b"\x00\x07\x01\x00",  # unknown sync type
        b"\x00\x02\x05ab",  # truncated payload
        update_message(b"\xff\xfe\xfd\xfc"),  # not a Yjs update
        b"\x01\x05\x01\x02",  # truncated awareness
        b"\x02\x00",  # auth messages come from servers only
        b"\x63",  # unknown type
    ]
    async with YClient(api.ws(w), p["token"]) as good:
        await good.wait_synced()
        for frame in bad_frames:
            bad = await YClient(api.ws(w), p["token"]).connect()
            await bad.wait_synced()
            await bad.send(frame)
            assert await bad.wait_closed() == CloseCode.BAD_MESSAGE, frame
        add_node(good, "c", "cause", "sigue funcionando")
        await good.save(1)
        assert good.close_code is None
    assert [n["text"] for n in api.tree(w)["nodes"]] == ["sigue funcionando"]


async def test_oversized_message_closes_4413(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    p = api.join(w, "Ana")
    client = await YClient(api.ws(w), p["token"]).connect()
    await client.wait_synced()
    await client.send(update_message(b"\x00" * (1_048_576 + 10)))
    assert await client.wait_closed() == CloseCode.TOO_LARGE


async def test_text_frames_are_ignored(api):
    w = api.create_workshop()
    p = api.join(w, "Ana")
    async with YClient(api.ws(w), p["token"]) as client:
        await client.wait_synced()
        await client.ws.send("hola")
        await client.send(sync_step1(client.doc.get_state()))
        await client.save(7)
        assert client.close_code is None


@pytest.fixture(params=["sqlite", "postgres"])
def server_database(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/restart.db"
    return str(request.getfixturevalue("postgres_url"))


async def test_tree_survives_restart(make_server, make_api, server_database):
    server = make_server(server_database)
    api = make_api(server)
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    async with YClient(api.ws(w), w["facilitator_token"]) as client:
        await client.wait_synced()
        add_node(client, "p", "problem", "Problema central")
        add_node(client, "c", "cause", "Causa")
        await client.save(1)
    server.restart()
    assert {n["id"]: n["text"] for n in api.tree(w)["nodes"]} == {"p": "Problema central", "c": "Causa"}


async def test_saved_edits_survive_a_crash(make_server, make_api, server_database):
    """What the save barrier acknowledged is on disk even after SIGKILL."""
    server = make_server(server_database, room_grace_seconds=60)
    api = make_api(server)
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    client = await YClient(api.ws(w), w["facilitator_token"]).connect()
    await client.wait_synced()
    for i in range(50):
        add_node(client, f"n{i}", "cause", f"Causa {i}")
        text = client.doc.get("nodes", type=Map)[f"n{i}"]["text"]
        del text[0:1]
    await client.save(1)
    server.kill()
    await client.wait_closed()
    server.start()
    texts = {n["id"]: n["text"] for n in api.tree(w)["nodes"]}
    assert texts == {f"n{i}": f"ausa {i}" for i in range(50)}


async def test_facilitator_lock_makes_the_tree_read_only_for_participants(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    p = api.join(w, "Ana")
    headers = {"Authorization": f"Bearer {w['facilitator_token']}"}
    async with YClient(api.ws(w), p["token"]) as part, YClient(api.ws(w), w["facilitator_token"]) as fac:
        await part.wait_synced()
        await fac.wait_synced()
        r = api.http.put(f"/api/workshops/{w['id']}/locks/tree", json={"locked": True}, headers=headers)
        assert r.status_code == 200 and r.json()["locked"] == ["tree"]
        await eventually(lambda: part.server_state().get("locked") is True)
        assert part.server_state()["editable_by"] == ["facilitator"]
        add_node(fac, "p", "problem", "El facilitador fusiona duplicados")
        await fac.save(1)
        add_node(part, "x", "cause", "bloqueado")
        assert await part.wait_closed() == CloseCode.FORBIDDEN
        assert "bloqueó" in part.close_reason
    forbidden = api.http.put(
        f"/api/workshops/{w['id']}/locks/tree",
        json={"locked": False},
        headers={"Authorization": f"Bearer {p['token']}"},
    )
    assert forbidden.status_code == 403
    bad = api.http.put(f"/api/workshops/{w['id']}/locks/minuta", json={"locked": True}, headers=headers)
    assert bad.status_code == 422
    assert (
        api.http.put(f"/api/workshops/{w['id']}/locks/tree", json={"locked": False}, headers=headers).json()["locked"]
        == []
    )
    async with YClient(api.ws(w), p["token"]) as again:
        await again.wait_synced()
        add_node(again, "c", "cause", "otra vez abierto")
        await again.save(1)
    assert {n["id"] for n in api.tree(w)["nodes"]} == {"p", "c"}
    kinds = [e["kind"] for e in api.http.get(f"/api/workshops/{w['id']}/events", headers=headers).json()["events"]]
    assert kinds[-2:] == ["artifact_locked", "artifact_unlocked"]


async def test_facilitator_merges_duplicates_keeping_links_and_authors(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    ana, luis = api.join(w, "Ana"), api.join(w, "Luis")
    async with YClient(api.ws(w), ana["token"]) as a, YClient(api.ws(w), luis["token"]) as b:
        await a.wait_synced()
        await b.wait_synced()
        add_node(a, "p", "problem", "Problema")
        add_node(a, "c1", "cause", "Falta de consensos")
        add_node(b, "c2", "cause", "Falta de consenso")
        add_node(b, "x", "cause", "Causa indirecta")
        edges = a.doc.get("edges", type=Map)
        edges["e1"] = Map({"source": "c1", "target": "p"})
        edges["e2"] = Map({"source": "c2", "target": "p"})
        edges["e3"] = Map({"source": "x", "target": "c2"})
        await a.save(1)
        await eventually(lambda: len(b.doc.get("edges", type=Map)) == 3)
        await b.save(1)
        headers = {"Authorization": f"Bearer {ana['token']}"}
        url = f"/api/workshops/{w['id']}/tree/merge"
        assert api.http.post(url, json={"keep": "c1", "remove": "c2"}, headers=headers).status_code == 403
        headers = {"Authorization": f"Bearer {w['facilitator_token']}"}
        assert api.http.post(url, json={"keep": "c1", "remove": "p"}, headers=headers).status_code == 422
        r = api.http.post(url, json={"keep": "c1", "remove": "c2"}, headers=headers)
        assert r.status_code == 200, r.text
        await eventually(lambda: "c2" not in b.doc.get("nodes", type=Map))
        b_edges = {k: (v["source"], v["target"]) for k, v in b.doc.get("edges", type=Map).to_py().items()}
        assert b_edges == {"e1": ("c1", "p"), "e3": ("x", "c1")}
        merged = b.doc.get("nodes", type=Map)["c1"].to_py()["merged_from"]
        assert merged == [{"id": "c2", "text": "Falta de consenso", "created_by": "test"}]
    events = api.http.get(f"/api/workshops/{w['id']}/events", headers=headers).json()["events"]
    assert events[-1]["kind"] == "nodes_merged" and events[-1]["payload"]["removed"]["id"] == "c2"


async def test_the_first_socket_of_a_room_the_server_opened_learns_who_may_edit(api):
    """An HTTP write opens a room with no socket on it (proposing an
    alternative writes its title into the alternatives document), before the
    workshop's state is cached for sockets. The first socket that joins the
    room while it is still alive gets the server's presence entry with the
    write gate, not an empty one that would leave its page read-only."""
    w = api.create_workshop()
    api.set_phase(w, "alternativas")
    ana = api.join(w, "Ana")
    r = api.http.post(
        f"/api/workshops/{w['id']}/alternatives",
        json={"title": "Portal de datos abiertos"},
        headers={"Authorization": f"Bearer {ana['token']}"},
    )
    assert r.status_code == 201, r.text
    async with YClient(api.ws(w, "alternatives"), ana["token"]) as client:
        await client.wait_synced()
        await eventually(lambda: client.server_state().get("editable_by") == ["facilitator", "participant"])
