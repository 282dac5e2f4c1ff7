"""Regression tests for the sync server part of issue 11: leaks, presence
floods, dependency gaps, schema-breaking updates, panics and close codes."""

from __future__ import annotations

import gc
import weakref

import anyio
from pycrdt import Doc, Map, Text

from server.settings import Settings
from server.storage import SQLiteStore
from server.sync.manager import RoomManager
from server.sync.room import Room


class Recorder:
    """A channel that records what the room sends it."""

    def __init__(self, person: str = "p") -> None:
        self.identity = {"id": person, "name": person.upper(), "sector": "academia", "role": "participant"}
        self.sent: list[bytes] = []

    def send(self, data: bytes) -> None:
        self.sent.append(data)


async def test_unloaded_rooms_are_freed(tmp_path):
    """Room.load subscribed to the document and its awareness and never
    unsubscribed: pycrdt kept the callbacks, so no room was ever freed."""
    store = SQLiteStore(f"sqlite:///{tmp_path}/rooms.db")
    await store.open()
    manager = RoomManager(store, Settings(database_url="sqlite://", room_grace_seconds=0))
    refs: list[weakref.ref[Room]] = []
    try:
        async with anyio.create_task_group() as tg:
            await tg.start(manager.run)
            for i in range(50):
                async with manager.joined(f"w{i}/tree") as room:
                    channel = Recorder()
                    room.add_client(channel)  # type: ignore[arg-type]
                    writer = Doc()
                    nodes = writer.get("nodes", type=Map)
                    nodes["n"] = Map({"kind": "cause", "text": Text("una causa " * 50)})
                    room.apply_update(channel, writer.get_update())  # type: ignore[arg-type]
                    room.remove_client(channel)  # type: ignore[arg-type]
                    refs.append(weakref.ref(room))
                    del room
            assert not manager.rooms
            tg.cancel_scope.cancel()
    finally:
        await store.close()
    gc.collect()
    alive = [ref for ref in refs if ref() is not None]
    assert not alive, f"{len(alive)} of 50 unloaded rooms are still in memory"
