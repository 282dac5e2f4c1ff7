"""Two real clients edit the same tree at the same moment (neither has seen
the other's change) and must end with the same document, through the server."""

from __future__ import annotations

import random

from pycrdt import Map, Text

from tests.support.yclient import YClient, eventually


def snapshot(client: YClient) -> tuple[dict, dict]:
    return (client.doc.get("nodes", type=Map).to_py(), client.doc.get("edges", type=Map).to_py())


async def seeded_pair(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    a = YClient(api.ws(w), api.join(w, "Ana")["token"])
    b = YClient(api.ws(w), api.join(w, "Luis")["token"])
    await a.connect()
    await b.connect()
    await a.wait_synced()
    await b.wait_synced()
    nodes, edges = a.doc.get("nodes", type=Map), a.doc.get("edges", type=Map)
    with a.doc.transaction():
        nodes["p"] = Map({"kind": "problem", "text": Text("Problema central")})
        for i in range(4):
            nodes[f"c{i}"] = Map({"kind": "cause", "text": Text(f"Causa {i}")})
        edges["e0"] = Map({"source": "c0", "target": "p"})
        edges["e1"] = Map({"source": "c1", "target": "c0"})
    await a.save(1)
    await eventually(lambda: snapshot(b) == snapshot(a))
    return w, a, b


async def test_same_edge_relinked_by_both_converges(api):
    w, a, b = await seeded_pair(api)
    try:
        # Both move the same edge at once, to different targets.
        a.doc.get("edges", type=Map)["e1"]["target"] = "p"
        b.doc.get("edges", type=Map)["e1"]["target"] = "c2"
        # And both add an edge with the same id.
        a.doc.get("edges", type=Map)["e9"] = Map({"source": "c3", "target": "p"})
        b.doc.get("edges", type=Map)["e9"] = Map({"source": "c3", "target": "c0"})
        await eventually(lambda: snapshot(a) == snapshot(b), message="both converge")
        edges = snapshot(a)[1]
        assert edges["e1"]["target"] in ("p", "c2") and edges["e9"]["source"] == "c3"
        await a.save(2)
        await b.save(2)
        server_edges = {e["id"]: (e["source"], e["target"]) for e in api.tree(w)["edges"]}
        assert server_edges == {k: (v["source"], v["target"]) for k, v in edges.items()}
    finally:
        await a.close()
        await b.close()


async def test_delete_a_node_while_the_other_types_in_it(api):
    _w, a, b = await seeded_pair(api)
    try:
        del a.doc.get("nodes", type=Map)["c2"]
        text = b.doc.get("nodes", type=Map)["c2"]["text"]
        text.insert(len(text), " con más detalle")
        await eventually(lambda: snapshot(a) == snapshot(b))
        assert "c2" not in snapshot(a)[0]  # a deletion wins over edits inside it
    finally:
        await a.close()
        await b.close()


async def test_random_concurrent_edits_converge(api):
    w, a, b = await seeded_pair(api)
    rng = random.Random(2026)
    try:
        for _round in range(15):
            for client in (a, b):
                nodes, edges = client.doc.get("nodes", type=Map), client.doc.get("edges", type=Map)
                ids = list(nodes.keys())
                action = rng.choice(["type", "erase", "link", "unlink", "add"])
                if action == "type" and ids:
                    text = nodes[rng.choice(ids)]["text"]
                    # ASCII only: pycrdt indexes Y.Text by UTF-8 byte (non-ASCII is covered
                    # by the Node interop test, where Yjs counts UTF-16 units).
                    text.insert(rng.randint(0, len(text)), rng.choice(["a", "x", " y ", "n"]))
                elif action == "erase" and ids:
                    text = nodes[rng.choice(ids)]["text"]
                    if len(text):
                        start = rng.randrange(len(text))
                        del text[start : start + 1]
                elif action == "link" and len(ids) > 1:
                    source, target = rng.sample(ids, 2)
                    edges[f"r{rng.randrange(6)}"] = Map({"source": source, "target": target})
                elif action == "unlink" and len(edges):
                    del edges[rng.choice(list(edges.keys()))]
                else:
                    nodes[f"n{rng.randrange(10)}"] = Map({"kind": "cause", "text": Text("nueva")})
            await eventually(lambda: snapshot(a) == snapshot(b), message="converged after a round")
        await a.save(99)
        await b.save(99)
        nodes = snapshot(a)[0]
        assert {n["id"]: n["text"] for n in api.tree(w)["nodes"]} == {k: v["text"] for k, v in nodes.items()}
    finally:
        await a.close()
        await b.close()
