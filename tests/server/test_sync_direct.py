"""What the sync socket's lighter paths must keep: frames as websockets
writes them (server/sync/ws_protocol.py), rooms unloaded after their grace
period (server/sync/manager.py)."""

from __future__ import annotations

import asyncio
import time

import anyio
import pytest
from websockets.frames import Frame, Opcode

from server.settings import Settings
from server.storage import SQLiteStore
from server.sync.manager import RoomManager
from server.sync.ws_protocol import binary_frame


@pytest.mark.parametrize("length", [0, 1, 125, 126, 127, 65535, 65536, 300_000])
def test_binary_frame_is_what_websockets_sends(length):
    data = bytes(range(256)) * (length // 256) + bytes(length % 256)
    assert binary_frame(data) == Frame(Opcode.BINARY, data).serialize(mask=False)


async def test_a_room_joined_and_left_many_times_waits_with_one_task(tmp_path):
    """Every release used to start its own task sleeping the grace period
    (every participant's join touches a room): 500 joins held 500 tasks."""
    store = SQLiteStore(f"sqlite:///{tmp_path}/rooms.db")
    await store.open()
    grace = 0.5
    manager = RoomManager(store, Settings(database_url="sqlite://", room_grace_seconds=grace))
    try:
        async with anyio.create_task_group() as tg:
            await tg.start(manager.run)
            for _ in range(50):
                async with manager.joined("w/tree"):
                    pass
                await anyio.sleep(0.01)  # the last leave is ~0.5 s after the first
            left = time.monotonic()
            waiting = [t for t in asyncio.all_tasks() if "_unload_later" in t.get_name()]
            assert len(waiting) == 1
            # The grace period counts from the last leave, not the first.
            while "w/tree" in manager.rooms:
                await anyio.sleep(0.02)
            assert grace - 0.05 <= time.monotonic() - left < grace + 1.0
            tg.cancel_scope.cancel()
    finally:
        await store.close()
