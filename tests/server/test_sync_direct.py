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


async def test_an_idle_synced_socket_holds_no_task(tmp_path):
    """Under ``python -m server``'s uvicorn options the endpoint hands a
    served socket over to callbacks and its ASGI task ends (two dozen
    coroutines, about 10 KB per idle connection); the socket still syncs,
    is still refused a bad message, and still ends in its room."""
    import dataclasses
    import socket as socket_module
    from types import SimpleNamespace

    import uvicorn
    from websockets.asyncio.client import connect

    from server.__main__ import uvicorn_options
    from server.app import create_app
    from tests.conftest import Api

    with socket_module.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = dataclasses.replace(
        Settings.from_env({"COCREA_DATABASE_URL": f"sqlite:///{tmp_path}/c.db", "COCREA_SECRET_KEY": "k" * 32}),
        room_grace_seconds=0,
    )
    app = create_app(settings, listen_url=f"http://127.0.0.1:{port}")
    options = {**uvicorn_options(settings), "log_config": None}
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **options))  # type: ignore[arg-type]
    serving = asyncio.create_task(server.serve())

    def asgi_tasks() -> list[asyncio.Task[object]]:
        return [t for t in asyncio.all_tasks() if "run_asgi" in repr(t.get_coro())]

    try:
        while not server.started:
            await asyncio.sleep(0.02)
        api = Api(SimpleNamespace(url=f"http://127.0.0.1:{port}"))  # type: ignore[arg-type]
        with api.http:
            w = await asyncio.to_thread(api.create_workshop)
        url = f"ws://127.0.0.1:{port}/ws/{w['id']}/tree?token={w['facilitator_token']}"
        clients = [await connect(url) for _ in range(8)]
        for client in clients:
            assert (await asyncio.wait_for(client.recv(), 10))[:2] == b"\x00\x00"  # SyncStep1
        room = app.state.cocrea.rooms.rooms[f"{w['id']}/tree"]
        deadline = time.monotonic() + 10
        while asgi_tasks() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert asgi_tasks() == [] and len(room.clients) == 8
        await clients[0].send(bytes([0, 9]))  # a sync message of an unknown kind
        await asyncio.wait_for(clients[0].wait_closed(), 10)
        assert clients[0].close_code == 4400
        await clients[1].close()
        deadline = time.monotonic() + 10
        while len(room.clients) > 6 and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert len(room.clients) == 6
        for client in clients[2:]:
            await client.close()
        while app.state.cocrea.rooms.rooms and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert not app.state.cocrea.rooms.rooms  # every socket left: the room unloaded
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, 20)
