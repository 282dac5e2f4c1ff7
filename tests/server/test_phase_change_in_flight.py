"""Keystrokes that reached the server before the facilitator closed the tree
are stored, even though the same connection is closed with 4403 a moment
later for the next one and never gets a save barrier answered (issue 10,
item 2, the server's half; the browser's half is in
tests/browser/test_read_only_typing.py)."""

from __future__ import annotations

import pytest
from pycrdt import Map, Text

from server.sync.protocol import CloseCode
from tests.support.yclient import YClient

BEFORE = "Los municipios no cuentan con presupuesto"


def cause_text(tree: dict) -> str:
    return next(n["text"] for n in tree["nodes"] if n["id"] == "c1")


@pytest.mark.parametrize("closing", ["phase", "lock"])
async def test_frames_received_before_the_tree_closes_are_stored(make_server, make_api, closing):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana")
    async with YClient(api.ws(w), ana["token"]) as client:
        await client.wait_synced()
        client.doc.get("nodes", type=Map)["c1"] = Map({"kind": "cause", "text": Text(""), "created_by": "ana"})
        text = client.doc.get("nodes", type=Map)["c1"]["text"]
        for char in BEFORE:  # one frame per keystroke, as a browser sends them
            text.insert(len(text), char)
        await client.drain()  # every frame is on the wire; none is acknowledged
        if closing == "phase":
            assert api.set_phase(w, "alternativas").status_code == 200
        else:
            r = api.http.put(
                f"/api/workshops/{w['id']}/locks/tree",
                json={"locked": True},
                headers={"Authorization": f"Bearer {w['facilitator_token']}"},
            )
            assert r.status_code == 200, r.text
        text.insert(len(text), " y más")
        assert await client.wait_closed() == CloseCode.FORBIDDEN
    assert cause_text(api.tree(w)) == BEFORE
    server.restart()  # what the database holds, not only the room in memory
    assert cause_text(api.tree(w)) == BEFORE
