"""A minimal Yjs sync client for tests: pycrdt + websockets, speaking the
y-protocols messages (and our SAVE_BARRIER extension) frame by frame."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from typing import Any

import websockets
from pycrdt import Awareness, Doc, Encoder, TransactionEvent

from server.sync.protocol import (
    MessageType,
    SyncType,
    awareness_message,
    parse_frame,
    save_barrier_message,
    sync_step1,
    sync_step2,
    update_message,
)


async def eventually(predicate: Callable[[], bool], timeout: float = 5.0, message: str = "") -> None:
    """Poll ``predicate`` until it holds, or fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting: {message or predicate}")
        await asyncio.sleep(0.01)


class YClient:
    def __init__(self, url: str, token: str | None = None, doc: Doc | None = None) -> None:
        self.url = url + (f"?token={token}" if token else "")
        self.doc = doc or Doc()
        self.awareness = Awareness(self.doc)
        self.ws: Any = None
        self.synced = False
        self.close_code: int | None = None
        self.close_reason = ""
        self.received: list[bytes] = []
        self.acked: set[int] = set()
        self._remote = False
        self._reader: asyncio.Task[None] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._outbox: asyncio.Queue[bytes] = asyncio.Queue()
        self.doc.observe(self._on_change)

    async def connect(self, *, send_step1: bool = True) -> YClient:
        self.ws = await websockets.connect(self.url, max_size=None, compression=None)
        self._reader = asyncio.create_task(self._read())
        self._writer = asyncio.create_task(self._write())
        if send_step1:
            await self.send(sync_step1(self.doc.get_state()))
        return self

    async def __aenter__(self) -> YClient:
        return await self.connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self.ws is not None:
            await self.drain()
            await self.ws.close()
        if self._reader is not None:
            await asyncio.wait([self._reader], timeout=5)
        if self._writer is not None:
            self._writer.cancel()

    async def send(self, data: bytes) -> None:
        """Queue ``data`` behind everything sent before (updates included)."""
        self._outbox.put_nowait(data)
        await self.drain()

    async def drain(self) -> None:
        await eventually(lambda: self._outbox.empty() or self.close_code is not None, 10, "outbox drained")

    async def _write(self) -> None:
        while True:
            data = await self._outbox.get()
            with contextlib.suppress(websockets.ConnectionClosed):
                await self.ws.send(data)

    def _on_change(self, event: TransactionEvent) -> None:
        if not self._remote and self.ws is not None:
            self._outbox.put_nowait(update_message(event.update))

    async def _read(self) -> None:
        try:
            async for data in self.ws:
                if isinstance(data, str):
                    continue
                self.received.append(data)
                frame = parse_frame(data)
                if frame.type == MessageType.SYNC:
                    if frame.sync_type == SyncType.STEP1:
                        await self.send(sync_step2(self.doc.get_update(frame.payload)))
                    else:
                        self._remote = True
                        try:
                            self.doc.apply_update(frame.payload)
                        finally:
                            self._remote = False
                        if frame.sync_type == SyncType.STEP2:
                            self.synced = True
                elif frame.type == MessageType.AWARENESS:
                    self.awareness.apply_awareness_update(frame.payload, "remote")
                elif frame.type == MessageType.SAVE_BARRIER:
                    self.acked.add(frame.number)
        except websockets.ConnectionClosed:
            pass
        finally:
            self.close_code = self.ws.close_code
            self.close_reason = self.ws.close_reason or ""

    async def wait_synced(self, timeout: float = 5.0) -> None:
        await eventually(lambda: self.synced or self.close_code is not None, timeout, "sync step 2")
        assert self.synced, f"closed {self.close_code}: {self.close_reason}"

    async def wait_closed(self, timeout: float = 5.0) -> int:
        await eventually(lambda: self.close_code is not None, timeout, "close")
        assert self.close_code is not None
        return self.close_code

    async def save(self, number: int, timeout: float = 5.0) -> None:
        """Send a save barrier and wait until the server says it is stored."""
        await self.send(save_barrier_message(number))
        await eventually(lambda: number in self.acked, timeout, f"save barrier {number}")

    async def set_presence(self, state: dict[str, Any] | None, clock: int) -> None:
        encoder = Encoder()
        encoder.write_var_uint(1)
        encoder.write_var_uint(self.doc.client_id)
        encoder.write_var_uint(clock)
        encoder.write_var_string(json.dumps(state, ensure_ascii=True))
        await self.send(awareness_message(encoder.to_bytes()))

    def peers(self) -> dict[int, dict[str, Any]]:
        """Presence states that carry a user (not the server's own entry)."""
        return {cid: s for cid, s in self.awareness.states.items() if isinstance(s, dict) and "user" in s}

    def server_state(self) -> dict[str, Any]:
        for state in self.awareness.states.values():
            if isinstance(state, dict) and "cocrea" in state:
                return state["cocrea"]  # type: ignore[no-any-return]
        return {}
