"""The sync socket's direct path (server/sync/ws_protocol.py): a broadcast is
framed once and the same frame is written to every receiver."""

from __future__ import annotations

import pytest
from websockets.frames import Frame, Opcode

from server.sync.ws_protocol import binary_frame


@pytest.mark.parametrize("length", [0, 1, 125, 126, 127, 65535, 65536, 300_000])
def test_binary_frame_is_what_websockets_sends(length):
    data = bytes(range(256)) * (length // 256) + bytes(length % 256)
    assert binary_frame(data) == Frame(Opcode.BINARY, data).serialize(mask=False)
