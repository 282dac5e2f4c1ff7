"""The room manager: which rooms are loaded, and their lifecycle.

Each document has its own lock around create, load, start and unload, and a
reference count (REALTIME-NOTES D1: a check-then-act start made concurrent
first connections hang). A room lives on for a grace period after its last
client leaves, then flushes, compacts and unloads (D4).

With ``COCREA_REDIS_URL`` set, the manager also runs the Redis bridge: each
room it loads gets a link to the other processes serving the same document
(``redis_bridge.py``), and workshop state changes made here are announced to
them (``announce_state_change``) while theirs arrive through
``on_state_change``.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
from anyio.abc import TaskGroup, TaskStatus
from pycrdt import Doc

from ..settings import Settings
from ..storage import Store
from .room import PERSON_PRESENCE_BURST, PERSON_PRESENCE_RATE, Budget, Room

if TYPE_CHECKING:
    from .redis_bridge import RedisBridge

log = logging.getLogger(__name__)
T = TypeVar("T")


class RoomManager:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.rooms: dict[str, Room] = {}
        self._locks: dict[str, anyio.Lock] = {}
        self._tg: TaskGroup | None = None
        # The server-owned presence entry of each room: set by whoever knows
        # the workshop's state (phase changes), read when a room loads.
        self.server_state: Callable[[str], dict[str, Any]] = lambda doc_id: {}
        # Run after a room loads and before it serves anyone: application
        # services fill in the document parts the server owns (a
        # commitment's hoja de ruta map). A failing hook is logged, not fatal.
        self.on_load: list[Callable[[Room], Awaitable[None]]] = []
        # Another process changed a workshop's phase or locks (``None``: check
        # every workshop this process holds): set by the application services.
        self.on_state_change: Callable[[str | None], Awaitable[None]] | None = None
        self.bridge: RedisBridge | None = None
        if settings.redis_url:
            # redis is imported only by a deployment that uses it (4 MB at
            # start; tests/server/test_start_imports.py).
            from .redis_bridge import RedisBridge

            self.bridge = RedisBridge(settings, store, self._state_changed)
        # Per person (participant id), over all their sockets: how many are
        # open, and what is left of their presence budget.
        self._sockets: dict[str, int] = {}
        self._presence: dict[str, Budget] = {}

    def open_socket(self, person: str) -> bool:
        """Count a sync socket of ``person``; False over the per-person cap."""
        count = self._sockets.get(person, 0)
        if count >= self.settings.max_connections_per_participant:
            return False
        self._sockets[person] = count + 1
        if count == 0:
            self._presence[person] = Budget(PERSON_PRESENCE_RATE, PERSON_PRESENCE_BURST)
        return True

    def close_socket(self, person: str) -> None:
        count = self._sockets.get(person, 0) - 1
        if count > 0:
            self._sockets[person] = count
            return
        self._sockets.pop(person, None)
        self._presence.pop(person, None)

    def presence_budget(self, person: str) -> Budget:
        """The presence budget of a person with an open socket."""
        return self._presence[person]

    async def run(self, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        """Own the rooms' tasks until cancelled; then flush every room."""
        try:
            async with anyio.create_task_group() as tg:
                self._tg = tg
                if self.bridge is not None:
                    await tg.start(self.bridge.run)
                task_status.started()
                await anyio.sleep_forever()
        finally:
            self._tg = None

    async def shutdown(self) -> None:
        """Flush, compact and unload every room (app shutdown)."""
        with anyio.CancelScope(shield=True):
            for doc_id in list(self.rooms):
                async with self._lock(doc_id):
                    room = self.rooms.pop(doc_id, None)
                    if room is not None:
                        await room.stop()

    def _lock(self, doc_id: str) -> anyio.Lock:
        lock = self._locks.get(doc_id)
        if lock is None:
            lock = self._locks[doc_id] = anyio.Lock()
        return lock

    def _new_room(self, doc_id: str) -> Room:
        s = self.settings
        return Room(
            doc_id,
            self.store,
            flush_interval=s.flush_interval,
            max_awareness_bytes=s.max_awareness_bytes,
            max_document_bytes=s.max_document_bytes,
            awareness_renew_seconds=s.awareness_renew_seconds,
        )

    async def acquire(self, doc_id: str) -> Room:
        if self._tg is None:
            raise RuntimeError("room manager is not running")
        async with self._lock(doc_id):
            room = self.rooms.get(doc_id)
            if room is None:
                room = self._new_room(doc_id)
                await self._load(room)
                await self._run_load_hooks(room)
                room.set_server_state(self.server_state(doc_id))
                await self._tg.start(room.run)
                self.rooms[doc_id] = room
                # The workshop may have changed while the room started.
                room.set_server_state(self.server_state(doc_id))
            room.refcount += 1
            room.idle_token += 1
            return room

    async def _load(self, room: Room) -> None:
        """The database's state, plus (scaled) the stream's, read before it."""
        if self.bridge is None:
            await room.load()
            return
        link = self.bridge.attach(room)
        try:
            await link.prepare()
            await room.load()
        except BaseException:
            self.bridge.detach(link)
            raise
        link.loaded()

    async def _state_changed(self, workshop_id: str | None) -> None:
        if self.on_state_change is not None:
            await self.on_state_change(workshop_id)

    def announce_state_change(self, workshop_id: str) -> None:
        """Tell the other processes (if any) that a workshop's phase, locks,
        commitment statuses or revocations changed."""
        if self.bridge is not None:
            self.bridge.announce_state_change(workshop_id)

    async def _run_load_hooks(self, room: Room) -> None:
        for hook in self.on_load:
            try:
                await hook(room)
            except Exception:
                log.exception("load hook of %s failed", room.doc_id)

    async def release(self, room: Room) -> None:
        async with self._lock(room.doc_id):
            room.refcount -= 1
            if room.refcount > 0:
                return
            room.idle_token += 1
            token = room.idle_token
        if self.settings.room_grace_seconds <= 0:
            await self._unload_if_idle(room, token)
            return
        room.idle_since = time.monotonic()
        if self._tg is not None and not room.unload_pending:
            # One waiting task per room, not one per release: a room that
            # people keep joining and leaving (every join touches one) would
            # otherwise hold a sleeping task per leave for the grace period.
            room.unload_pending = True
            self._tg.start_soon(self._unload_later, room)

    async def _unload_later(self, room: Room) -> None:
        """Unload ``room`` once it has been idle for the grace period since
        its last release; a release meanwhile moves the deadline."""
        try:
            while room.refcount == 0:
                wait = room.idle_since + self.settings.room_grace_seconds - time.monotonic()
                if wait > 0:
                    await anyio.sleep(wait)
                    continue
                token = room.idle_token
                if await self._unload_if_idle(room, token) or room.idle_token == token:
                    return
        finally:
            room.unload_pending = False

    async def _unload_if_idle(self, room: Room, token: int) -> bool:
        """Unload ``room`` unless it was used since ``token``; True if it was unloaded."""
        async with self._lock(room.doc_id):
            if room.refcount > 0 or room.idle_token != token:
                return False
            if self.rooms.get(room.doc_id) is room:
                del self.rooms[room.doc_id]
            with anyio.CancelScope(shield=True):
                await room.stop()
            return True

    def leave(self, room: Room) -> None:
        """``release`` from a callback (a socket whose connection ended):
        in a task of the manager's, or at once when it no longer runs (its
        shutdown unloads every room anyway)."""
        if self._tg is not None:
            self._tg.start_soon(self.release, room)
        else:
            room.refcount -= 1

    @asynccontextmanager
    async def joined(self, doc_id: str) -> AsyncIterator[Room]:
        room = await self.acquire(doc_id)
        try:
            yield room
        finally:
            with anyio.CancelScope(shield=True):
                await self.release(room)

    def rooms_of(self, workshop_id: str) -> list[Room]:
        prefix = workshop_id + "/"
        return [r for doc_id, r in self.rooms.items() if doc_id.startswith(prefix)]

    async def read_document(self, doc_id: str, reader: Callable[[Doc[Any]], T]) -> T:
        """Read a document through ``reader``: the live room's, or from storage."""
        async with self._lock(doc_id):
            room = self.rooms.get(doc_id)
            if room is not None:
                if room.fanout is not None:
                    await room.fanout.catch_up()
                return reader(room.doc)
            # Scaled: the stream first (what it lost is in the database).
            streamed = await self.bridge.stream_updates(doc_id) if self.bridge is not None else []
            stored = await self.store.load_document(doc_id)
        doc: Doc[Any] = Doc()
        if stored.snapshot:
            doc.apply_update(stored.snapshot)
        for _seq, data in stored.updates:
            doc.apply_update(data)
        for data in streamed:
            with contextlib.suppress(ValueError):  # junk is the bridge's to log
                doc.apply_update(data)
        return reader(doc)
