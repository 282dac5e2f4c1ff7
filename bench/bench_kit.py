"""What the sync benchmarks share: a server process started as a command,
its CPU time, waiting for a condition, and a Yjs client that writes a
timestamp per update and measures each delivery's latency.

Each update written is ``"<process>:<monotonic ns>"`` under the writer's key
of the ``bench`` map; a receiver files the latency under "same process" or
"other process" by comparing the writer's process number with its own (a
benchmark with one server gives every client process 0). One machine, one
clock.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import websockets
from pycrdt import Doc, Map, MapEvent, TransactionEvent

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.sync.protocol import (  # noqa: E402
    MessageType,
    SyncType,
    parse_frame,
    sync_step1,
    sync_step2,
    update_message,
)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def server_env(**cocrea: str) -> dict[str, str]:
    """This process's environment without its COCREA_* settings, plus ``cocrea``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COCREA_")}
    env.update(cocrea)
    return env


class ServerProcess:
    """``command`` run from the project's root, its output in ``log``."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        with open(log, "wb") as out:
            self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            try:
                if httpx.get(self.url + "/healthz", timeout=0.5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


async def until(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


@dataclass(eq=False)
class Client:
    url: str
    key: str
    process: int = 0
    # "deflate" offers per-message compression (used if the server accepts it).
    compression: str | None = None
    doc: Doc = field(default_factory=Doc)
    ws: websockets.ClientConnection | None = None
    synced: asyncio.Event = field(default_factory=asyncio.Event)
    deliveries: int = 0
    same_ns: list[int] = field(default_factory=list)
    cross_ns: list[int] = field(default_factory=list)
    writes: int = 0
    measuring: bool = False
    _arrival_ns: int = 0
    _reader: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        self.values = self.doc.get("bench", type=Map)
        self.values.observe(self._on_change)
        self._local_updates: list[bytes] = []
        self._remote = False
        self.doc.observe(self._on_transaction)

    def _on_transaction(self, event: TransactionEvent) -> None:
        # What y-websocket sends: the transaction's own update (not
        # get_update(state), which would carry the whole delete set).
        if not self._remote:
            self._local_updates.append(event.update)

    async def connect(self) -> None:
        self.ws = await websockets.connect(self.url, max_size=None, compression=self.compression)
        self._reader = asyncio.create_task(self._read())
        await self.ws.send(sync_step1(self.doc.get_state()))

    @property
    def compressed(self) -> bool:
        assert self.ws is not None and self.ws.response is not None
        return "permessage-deflate" in self.ws.response.headers.get("Sec-WebSocket-Extensions", "")

    def _on_change(self, event: MapEvent) -> None:
        if not self.measuring:
            return
        for key, change in event.keys.items():
            if key != self.key and "newValue" in change:
                writer, sent = str(change["newValue"]).split(":")
                latency = self._arrival_ns - int(sent)
                (self.same_ns if int(writer) == self.process else self.cross_ns).append(latency)
                self.deliveries += 1

    async def _read(self) -> None:
        assert self.ws is not None
        try:
            async for data in self.ws:
                if isinstance(data, str):
                    continue
                self._arrival_ns = time.monotonic_ns()
                frame = parse_frame(data)
                if frame.type != MessageType.SYNC:
                    continue
                if frame.sync_type == SyncType.STEP1:
                    await self.ws.send(sync_step2(self.doc.get_update(frame.payload)))
                    continue
                self._remote = True
                try:
                    self.doc.apply_update(frame.payload)
                finally:
                    self._remote = False
                if frame.sync_type == SyncType.STEP2:
                    self.synced.set()
        except websockets.ConnectionClosed:
            pass

    async def write(self, rate: float, seconds: float) -> None:
        """``rate`` updates/s for ``seconds``, each carrying its send time."""
        assert self.ws is not None
        period = 1 / rate
        await asyncio.sleep(random.uniform(0, period))
        next_at = time.monotonic()
        end = next_at + seconds
        while next_at < end:
            self.values[self.key] = f"{self.process}:{time.monotonic_ns()}"
            for update in self._local_updates:
                await self.ws.send(update_message(update))
            self._local_updates.clear()
            self.writes += 1
            next_at += period
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
