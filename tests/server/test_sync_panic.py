"""A frame that makes yrs panic (issue 11, item 6): pyo3's ``PanicException``
is a ``BaseException``, so an ``except Exception`` lets it through, the
socket drops without a close code and the room is left mid-frame. The frame
here is a real one for pycrdt 0.14.13: an update whose every struct is
well formed, plus a group of zero structs for a client the document already
has, which yrs decodes with an ``unwrap()`` on nothing."""

from __future__ import annotations

import pytest
from pycrdt import Doc, Map, Text

from server.sync.protocol import CloseCode, is_panic, update_message
from tests.support.yclient import YClient, eventually


def var_uint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if not n:
            return bytes(out + bytes([byte]))
        out.append(byte | 0x80)


def panicking_update(room_state: bytes, known_client: int) -> bytes:
    """A new cause from a new client (a valid update, one group of structs,
    no deletions), with a second group that has no structs, for
    ``known_client``."""
    forge = Doc()
    forge.apply_update(room_state)
    before = forge.get_state()
    forge.get("nodes", type=Map)["hostil"] = Map({"kind": "cause", "text": Text("no debe quedar")})
    update = forge.get_update(before)
    assert update[:1] == b"\x01" and update[-1:] == b"\x00"  # one group, no deletions
    group = update[1:-1]
    empty_group = var_uint(0) + var_uint(known_client) + var_uint(0)
    return var_uint(2) + group + empty_group + b"\x00"


def test_the_update_makes_pycrdt_panic():
    """The input is a real panic, not an error pycrdt reports: if a pycrdt
    upgrade stops panicking on it, the test below no longer shows anything."""
    room = Doc()
    room.get("nodes", type=Map)["p"] = Map({"kind": "problem", "text": Text("Problema")})
    update = panicking_update(room.get_update(), room.client_id)
    with pytest.raises(BaseException) as raised:
        room.apply_update(update)
    assert is_panic(raised.value)
    assert not isinstance(raised.value, Exception)


async def test_a_frame_that_makes_yrs_panic_gets_4400_and_the_room_keeps_working(api, live_server):
    w = api.create_workshop()
    token = w["facilitator_token"]
    async with YClient(api.ws(w), token) as honest:
        await honest.wait_synced()
        honest.doc.get("nodes", type=Map)["p"] = Map({"kind": "problem", "text": Text("Problema central")})
        await honest.save(1)

        hostile = await YClient(api.ws(w), token).connect()
        await hostile.wait_synced()
        await hostile.send(update_message(panicking_update(honest.doc.get_update(), honest.doc.client_id)))
        assert await hostile.wait_closed() == CloseCode.BAD_MESSAGE
        assert "no puede aplicar" in hostile.close_reason

        # The server is up, the honest socket open, its room still writable
        # and served whole to a newcomer, without the refused node.
        assert honest.close_code is None
        honest.doc.get("nodes", type=Map)["c"] = Map({"kind": "cause", "text": Text("Una causa")})
        await honest.save(2)
        async with YClient(api.ws(w), token) as newcomer:
            await newcomer.wait_synced()
            nodes = newcomer.doc.get("nodes", type=Map)
            await eventually(lambda: "c" in nodes, 5, "the newcomer gets the honest edit")
            assert sorted(nodes.keys()) == ["c", "p"]
        assert honest.close_code is None
    assert sorted(n["id"] for n in api.tree(w)["nodes"]) == ["c", "p"]
    assert live_server.is_alive()
    assert "Traceback" not in live_server.log()
