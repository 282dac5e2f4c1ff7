"""What a careless or hostile client can write into the tree document: the
server keeps running, everyone converges, and the checks say what is wrong."""

from __future__ import annotations

from pycrdt import Map, Text

from tests.support.yclient import YClient, eventually


def node_count(client: YClient) -> int:
    return len(client.doc.get("nodes", type=Map))


async def test_garbage_in_the_tree_is_reported_not_fatal(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    ana, luis = api.join(w, "Ana"), api.join(w, "Luis")
    async with YClient(api.ws(w), ana["token"]) as a, YClient(api.ws(w), luis["token"]) as b:
        await a.wait_synced()
        await b.wait_synced()
        nodes, edges = a.doc.get("nodes", type=Map), a.doc.get("edges", type=Map)
        with a.doc.transaction():
            nodes["p1"] = Map({"kind": "problem", "text": Text("Uno")})
            nodes["p2"] = Map({"kind": "problem", "text": Text("Dos")})
            nodes["weird"] = Map({"kind": "solución", "text": Text("?")})
            nodes["big"] = Map({"kind": "cause", "text": Text("x" * 100_000)})
            nodes["notamap"] = "just a string"
            edges["to-nowhere"] = Map({"source": "big", "target": "ghost"})
            edges["loop"] = Map({"source": "big", "target": "big"})
            edges["broken"] = Map({"source": 5})
        await a.save(1)
        await eventually(lambda: node_count(b) == 5, 10)
        tree = api.tree(w)
        rules = {c["rule"] for c in tree["checks"]}
        assert {"one_central_problem", "unknown_kind", "edge_to_missing_node", "self_loop"} <= rules
        assert len(next(n for n in tree["nodes"] if n["id"] == "big")["text"]) == 100_000
        # Luis keeps working on the same document.
        b.doc.get("nodes", type=Map)["c"] = Map({"kind": "cause", "text": Text("Causa real")})
        await b.save(1)
        await eventually(lambda: node_count(a) == 6)


async def test_thousands_of_nodes_in_one_burst(api):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    ana, luis = api.join(w, "Ana"), api.join(w, "Luis")
    async with YClient(api.ws(w), ana["token"]) as a, YClient(api.ws(w), luis["token"]) as b:
        await a.wait_synced()
        await b.wait_synced()
        nodes = a.doc.get("nodes", type=Map)
        for batch in range(5):  # five transactions of 1,000 nodes each
            with a.doc.transaction():
                for i in range(1000):
                    nodes[f"n{batch}-{i}"] = Map({"kind": "cause", "text": Text(f"Idea {batch}-{i}")})
        await a.save(1, timeout=20)
        await eventually(lambda: node_count(b) == 5000, 20)
    assert len(api.tree(w)["nodes"]) == 5000
    async with YClient(api.ws(w), luis["token"]) as late:
        await late.wait_synced(timeout=20)
        assert node_count(late) == 5000
