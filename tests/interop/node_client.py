"""Drive the Node ``yjs`` + ``y-websocket`` client (``client.mjs``) from
pytest: install its pinned package, start it, send it commands, and wait with
a deadline for what it reports."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.yclient import eventually

INTEROP_DIR = Path(__file__).resolve().parent
CLIENT_SCRIPT = INTEROP_DIR / "client.mjs"
INSTALL_STAMP = INTEROP_DIR / "node_modules" / ".cocrea-installed"
NPM_TIMEOUT = 300
# Every wait has a deadline; generous, as a server restart is part of some.
WAIT = 10.0


def _lock_digest() -> str:
    return hashlib.sha256((INTEROP_DIR / "package-lock.json").read_bytes()).hexdigest()


def install_node_modules() -> Path:
    """``npm ci`` once per lockfile, under a file lock shared by parallel runs."""
    npm = shutil.which("npm")
    if shutil.which("node") is None or npm is None:
        pytest.fail("the interop tests need Node (>= 20) and npm on PATH")
    digest = _lock_digest()
    where = hashlib.sha1(bytes(INTEROP_DIR)).hexdigest()[:12]
    lock_path = Path(tempfile.gettempdir()) / f"cocrea-interop-npm-{where}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not INSTALL_STAMP.exists() or INSTALL_STAMP.read_text() != digest:
                done = subprocess.run(
                    [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                    cwd=INTEROP_DIR,
                    capture_output=True,
                    text=True,
                    timeout=NPM_TIMEOUT,
                )
                if done.returncode != 0:
                    pytest.fail(f"npm ci failed in {INTEROP_DIR}:\n{done.stdout}\n{done.stderr}")
                INSTALL_STAMP.write_text(digest)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return INTEROP_DIR / "node_modules"


# -- the Node client --------------------------------------------------------


class NodeClient:
    """One ``node client.mjs`` process: a Y.Doc behind a WebsocketProvider."""

    def __init__(self, ws_base: str, room: str, token: str | None) -> None:
        self.config = {"server": ws_base, "room": room, "params": {"token": token} if token is not None else {}}
        self.proc: asyncio.subprocess.Process | None = None
        self.events: list[dict[str, Any]] = []
        self.client_id = 0
        self.tree: dict[str, Any] = {"nodes": {}, "edges": {}}
        self.awareness: dict[int, Any] = {}
        self.stderr = bytearray()
        self._replies: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._next_id = 0
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> NodeClient:
        self.proc = await asyncio.create_subprocess_exec(
            "node",
            str(CLIENT_SCRIPT),
            json.dumps(self.config),
            cwd=INTEROP_DIR,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            limit=2**22,
        )
        self._tasks = [asyncio.create_task(self._read_stdout()), asyncio.create_task(self._read_stderr())]
        ready = await self.wait_event("ready")
        self.client_id = ready["clientID"]
        return self

    async def _read_stdout(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        async for line in self.proc.stdout:
            event = json.loads(line)
            self.events.append(event)
            kind = event["event"]
            if kind == "reply":
                future = self._replies.pop(event["id"], None)
                if future is not None and not future.done():
                    future.set_result(event)
            elif kind == "doc":
                self.tree = event["tree"]
            elif kind == "awareness":
                self.awareness = {int(cid): state for cid, state in event["states"].items()}

    async def _read_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        async for line in self.proc.stderr:
            self.stderr += line

    def diagnostics(self) -> str:
        tail = "\n".join(json.dumps(e, ensure_ascii=False) for e in self.events[-15:])
        return f"\n-- last Node events:\n{tail}\n-- Node stderr:\n{self.stderr.decode(errors='replace')[-2000:]}"

    async def call(self, op: str, timeout: float = WAIT, **args: Any) -> Any:
        """Run ``op`` in the Node process and return its result."""
        assert self.proc is not None and self.proc.stdin is not None
        self._next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[self._next_id] = future
        self.proc.stdin.write((json.dumps({"id": self._next_id, "op": op, **args}) + "\n").encode())
        await self.proc.stdin.drain()
        try:
            reply = await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise AssertionError(f"no reply to {op} within {timeout} s{self.diagnostics()}") from None
        if "error" in reply:
            raise AssertionError(f"{op} failed in Node: {reply['error']}{self.diagnostics()}")
        return reply["result"]

    async def wait_for(self, predicate: Callable[[], bool], message: str, timeout: float = WAIT) -> None:
        try:
            await eventually(predicate, timeout, message)
        except AssertionError as exc:
            raise AssertionError(f"{exc}{self.diagnostics()}") from None

    def find_event(self, kind: str, since: int = 0, **fields: Any) -> dict[str, Any] | None:
        for event in self.events[since:]:
            if event["event"] == kind and all(event.get(k) == v for k, v in fields.items()):
                return event
        return None

    async def wait_event(self, kind: str, since: int = 0, timeout: float = WAIT, **fields: Any) -> dict[str, Any]:
        await self.wait_for(
            lambda: self.find_event(kind, since, **fields) is not None, f"Node event {kind} {fields}", timeout
        )
        event = self.find_event(kind, since, **fields)
        assert event is not None
        return event

    async def wait_synced(self, since: int = 0) -> None:
        await self.wait_event("sync", since, synced=True)

    async def save(self, number: int) -> None:
        """Send a save barrier from Node and wait for the server's ack."""
        since = len(self.events)
        await self.call("save", number=number)
        await self.wait_event("save-ack", since, number=number)

    def server_state(self) -> dict[str, Any]:
        """The server's presence entry, as this client received it."""
        for cid, state in self.awareness.items():
            if cid != self.client_id and isinstance(state, dict) and "cocrea" in state:
                return state["cocrea"]  # type: ignore[no-any-return]
        return {}

    async def kill(self) -> None:
        """A crash: SIGKILL, so the client says no goodbye."""
        assert self.proc is not None
        self.proc.kill()
        await self.proc.wait()

    async def close(self) -> None:
        if self.proc is None:
            return
        if self.proc.returncode is None:
            with contextlib.suppress(AssertionError, ConnectionError):
                await self.call("destroy", timeout=5)
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                await asyncio.wait_for(self.proc.wait(), 5)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        await asyncio.wait(self._tasks, timeout=5)
