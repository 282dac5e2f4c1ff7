"""A room: one live Yjs document, the clients syncing it, their presence,
and the path of accepted updates to storage.

Modelled on pycrdt-websocket's ``YRoom`` and the reference Node server, with
the defects listed in REALTIME-NOTES.md §2.5 designed out:
- D2: awareness entries are accepted only for the client ids a connection
  owns, and only when they advance the clock (pycrdt's ``Awareness`` rules),
  so echoes are absorbed instead of re-broadcast;
- D3: new clients get every presence state on connect, and a closing
  connection's states are removed for everyone at once;
- D4: updates are written by the room's own flush loop, and ``stop()``
  flushes and compacts before the room is gone;
- D6: rooms reach sockets only through ``Channel.send``, which never raises.
The room never sees a socket or a permission: the endpoint decides who may
write, the room applies and distributes.

With several processes (``COCREA_REDIS_URL``), a room also has a ``Fanout``
(the Redis bridge's link): its own clients' updates and presence go out
through it, and other processes' come in as *remote* changes, which are
broadcast here but neither stored nor sent back out (their process stores
them). Compaction then merges the stored rows first and needs the
document's lease, so that no process drops a row its snapshot lacks.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import anyio
from anyio.abc import TaskStatus
from pycrdt import Awareness, Doc, Encoder, Subscription, TransactionEvent, merge_updates

from workshops.document_schema import AWARENESS_SERVER, AWARENESS_USER

from ..storage import Store
from ..storage.base import StoredDocument
from .protocol import (
    EMPTY_UPDATE,
    BoundedDecoder,
    ProtocolError,
    awareness_message,
    is_panic,
    save_barrier_message,
    sync_step1,
    sync_step2,
    update_message,
)
from .yupdate import SKIP, DocumentIndex, Update, decode

log = logging.getLogger(__name__)

# A y-websocket provider announces one client id; allow a few (several docs
# or awareness instances over one socket) but not an unbounded number.
MAX_CLIENT_IDS_PER_CONNECTION = 4
# Compact the update log into the snapshot past this many rows.
COMPACT_AFTER_ROWS = 500
FLUSH_RETRY_SECONDS = 1.0
FINAL_FLUSH_ATTEMPTS = 5
# Scaled mode: how often a room that changed tries to compact (it needs the
# document's lease; the holder compacts, the others only wait).
COMPACT_INTERVAL_SECONDS = 30.0
# The origin of presence changes received from another process.
REMOTE = "remote"
# Another process's presence entries carry the server-written ``user`` field
# on top of the client's own state.
REMOTE_USER_BYTES = 1024
MAX_REMOTE_AWARENESS_ENTRIES = 256
# Presence changes applied and broadcast per second (burst) in one room, and
# per person over all their sockets (``RoomManager``); more are dropped.
ROOM_PRESENCE_RATE, ROOM_PRESENCE_BURST = 100.0, 300
PERSON_PRESENCE_RATE, PERSON_PRESENCE_BURST = 10.0, 40
DEFERRED_PRESENCE_SECONDS = 0.1
# Updates waiting for their dependencies, per room (their bytes count toward
# the document's size limit).
MAX_PENDING_UPDATES = 64


class Channel(Protocol):
    """What a room needs of a connection."""

    @property
    def identity(self) -> dict[str, Any]:
        """The server-known user, written into the connection's presence."""
        ...

    def send(self, data: bytes) -> None:
        """Queue ``data``; never raises, never blocks."""
        ...


class Fanout(Protocol):
    """What a room needs of the Redis bridge when several processes serve it."""

    def publish_update(self, update: bytes) -> None:
        """Send a local update to the other processes; never raises, never blocks."""
        ...

    def publish_awareness(self, update: bytes) -> None:
        """Send local presence changes to the other processes; never raises."""
        ...

    def position(self) -> str | None:
        """How far the room has applied the shared stream (None: unknown)."""
        ...

    async def catch_up(self) -> None:
        """Apply what the other processes published up to now."""
        ...

    async def may_compact(self) -> bool:
        """Take or renew the document's compaction lease."""
        ...

    async def compacted(self, position: str | None) -> None:
        """The snapshot now holds everything up to ``position``."""
        ...

    async def close(self) -> None:
        """The room is unloading: send what is left, give the lease back."""
        ...


class DocumentTooLarge(Exception):
    pass


def _reject_constant(name: str) -> None:
    # NaN and Infinity are Python's JSON, not JavaScript's: y-protocols would
    # fail to parse the whole presence message for everyone.
    raise ValueError(name)


def _person(channel: Channel) -> str:
    return str(channel.identity.get("id", ""))


def _read_awareness_entries(payload: bytes, max_count: int) -> list[tuple[int, int, str]]:
    """The (client id, clock, JSON) entries of an awareness update."""
    entries: list[tuple[int, int, str]] = []
    try:
        decoder = BoundedDecoder(payload)
        count = decoder.read_var_uint()
        if count > max_count:
            raise ProtocolError("demasiadas entradas de presencia en un mensaje")
        for _ in range(count):
            cid = decoder.read_var_uint()
            clock = decoder.read_var_uint()
            raw = decoder.read_var_string()
            entries.append((cid, clock, raw))
        decoder.check_done()
    except UnicodeDecodeError:
        raise ProtocolError("mensaje de presencia mal formado") from None
    return entries


def _parse_state(raw: str) -> dict[str, Any] | None:
    try:
        state = json.loads(raw, parse_constant=_reject_constant) if raw else None
    except (ValueError, RecursionError):
        raise ProtocolError("estado de presencia no es JSON válido") from None
    if state is not None and not isinstance(state, dict):
        raise ProtocolError("estado de presencia no es un objeto")
    return state


def _encode_entries(entries: list[tuple[int, int, dict[str, Any] | None]]) -> bytes:
    encoder = Encoder()
    encoder.write_var_uint(len(entries))
    for cid, clock, state in entries:
        encoder.write_var_uint(cid)
        encoder.write_var_uint(clock)
        # ASCII JSON: pycrdt's Encoder writes str length, not byte length.
        encoder.write_var_string(json.dumps(state, ensure_ascii=True, separators=(",", ":")))
    return encoder.to_bytes()


@dataclass(eq=False)
class _Client:
    channel: Channel
    synced: bool = False
    client_ids: set[int] = field(default_factory=set)


class Budget:
    """A token bucket that refuses instead of waiting."""

    __slots__ = ("capacity", "rate", "stamp", "tokens")

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.capacity = float(burst)
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@dataclass(eq=False)
class _Deferred:
    channel: Channel
    budget: Budget | None
    clock: int
    state: dict[str, Any]


@dataclass(eq=False)
class _Pending:
    update: Update
    remote: bool


def _merged(batch: list[bytes]) -> list[bytes]:
    """The rows to store for ``batch``: one merged update, or each update on
    its own should yrs panic merging them (they were all applied)."""
    if len(batch) == 1:
        return batch
    try:
        return [merge_updates(*batch)]
    except BaseException as exc:
        if not is_panic(exc):
            raise
        log.error("pycrdt panicked merging %d updates; storing them one by one", len(batch))
        return batch


def _apply(doc: Doc[Any], data: bytes) -> None:
    """``doc.apply_update`` with yrs's errors (a panic included) as ``ProtocolError``."""
    try:
        doc.apply_update(data)
    except ValueError:
        raise ProtocolError("actualización Yjs mal formada") from None
    except BaseException as exc:
        if is_panic(exc):
            raise ProtocolError("actualización Yjs que el servidor no puede aplicar") from None
        raise


@dataclass(eq=False)
class _Barrier:
    channel: Channel
    number: int
    generation: int


class Room:
    def __init__(
        self,
        doc_id: str,
        store: Store,
        *,
        flush_interval: float,
        max_awareness_bytes: int,
        max_document_bytes: int,
        awareness_renew_seconds: float = 15.0,
    ) -> None:
        self.doc_id = doc_id
        self.store = store
        self.flush_interval = flush_interval
        self.max_awareness_bytes = max_awareness_bytes
        self.max_document_bytes = max_document_bytes
        self.doc: Doc[Any] = Doc()
        self.awareness = Awareness(self.doc, outdated_timeout=int(awareness_renew_seconds * 2000))
        self.clients: dict[Channel, _Client] = {}
        self.refcount = 0
        self.idle_token = 0
        # When the last client left, and whether a task waits to unload it.
        self.idle_since = 0.0
        self.unload_pending = False
        self.document_bytes = 0
        self.pending_bytes = 0
        self._changes = 0
        self.last_seq = 0
        self._rows_since_snapshot = 0
        self._unsaved: list[bytes] = []
        self._origin: Channel | None = None
        self._incoming: bytes | None = None
        self._owners: dict[int, Channel] = {}
        # Who last owned a client id that is no longer owned: only the same
        # person (a reconnecting tab keeps its Yjs client id) may claim it.
        self._last_owner: dict[int, str] = {}
        # Client ids whose presence another process speaks for (scaled mode):
        # an echo of them here must not make a local connection their owner.
        self._remote_ids: set[int] = set()
        self._barriers: list[_Barrier] = []
        self.presence_budget = Budget(ROOM_PRESENCE_RATE, ROOM_PRESENCE_BURST)
        # The latest presence state of each client id that was over budget.
        self._deferred: dict[int, _Deferred] = {}
        self.index = DocumentIndex()
        # Parts of updates waiting for what they depend on (see apply_update).
        self._pending: list[_Pending] = []
        self._taken_generation = 0
        self._committed_generation = 0
        self._flush_wakeup = anyio.Event()
        self._stopped = anyio.Event()
        self._stop_requested = anyio.Event()
        self._started = False
        self._doc_subscription: Subscription | None = None
        self._awareness_subscription: str | None = None
        # Scaled mode (see the module docstring).
        self.fanout: Fanout | None = None
        self._remote = False
        self._revision = 0
        self._compacted_revision = 0
        self._compact_after = time.monotonic() + COMPACT_INTERVAL_SECONDS

    # -- lifecycle ---------------------------------------------------------

    async def load(self) -> None:
        """Fill the document from storage before anyone is served."""
        stored = await self.store.load_document(self.doc_id)
        if stored.snapshot:
            self.doc.apply_update(stored.snapshot)
        for _seq, data in stored.updates:
            self.doc.apply_update(data)
        self.last_seq = stored.last_seq
        self._rows_since_snapshot = len(stored.updates)
        self.document_bytes = len(stored.snapshot or b"") + sum(len(d) for _, d in stored.updates)
        self._index(self.doc.get_update())
        # pycrdt keeps these callbacks (the document's in Rust, out of the
        # garbage collector's sight) until unsubscribed: ``run`` does that
        # when the room stops, or the room and its document never go.
        self._doc_subscription = self.doc.observe(self._on_doc_change)
        self._awareness_subscription = self.awareness.observe(self._on_awareness_change)

    async def run(self, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        """Serve until ``stop()``; then flush and compact (the D4 lesson)."""
        try:
            async with anyio.create_task_group() as tg:
                # D5: the room counts as started only once awareness runs.
                await tg.start(self.awareness.start)
                tg.start_soon(self._flush_loop)
                tg.start_soon(self._deferred_presence_loop)
                self._started = True
                task_status.started()
                await self._stop_requested.wait()
                tg.cancel_scope.cancel()
            with anyio.CancelScope(shield=True):
                await self._final_flush()
                if self.fanout is not None:
                    await self.fanout.close()
        finally:
            self._unsubscribe()
            self._stopped.set()

    def _unsubscribe(self) -> None:
        if self._doc_subscription is not None:
            self.doc.unobserve(self._doc_subscription)
            self._doc_subscription = None
        if self._awareness_subscription is not None:
            self.awareness.unobserve(self._awareness_subscription)
            self._awareness_subscription = None

    async def stop(self) -> None:
        self._stop_requested.set()
        await self._stopped.wait()

    @property
    def started(self) -> bool:
        return self._started

    # -- clients -----------------------------------------------------------

    def add_client(self, channel: Channel) -> None:
        """Greet a new connection: our state vector, then every presence."""
        self.clients[channel] = _Client(channel)
        channel.send(sync_step1(self.doc.get_state()))
        ids = list(self.awareness.states)
        if ids:
            channel.send(awareness_message(self.awareness.encode_awareness_update(ids)))

    def remove_client(self, channel: Channel) -> None:
        client = self.clients.pop(channel, None)
        self._barriers = [b for b in self._barriers if b.channel is not channel]
        if client is None:
            return
        owned = sorted(cid for cid in client.client_ids if self._owners.get(cid) is channel)
        for cid in client.client_ids:
            self._deferred.pop(cid, None)
        for cid in owned:
            del self._owners[cid]
            self._last_owner[cid] = _person(channel)
        if owned:
            self.awareness.remove_awareness_states(owned, channel)

    def answer_sync_step1(self, channel: Channel, state_vector: bytes) -> None:
        """Reply with what the client lacks; from now on it gets broadcasts."""
        try:
            missing = self.doc.get_update(state_vector)
        except ValueError:
            raise ProtocolError("vector de estado mal formado") from None
        except BaseException as exc:
            if is_panic(exc):
                raise ProtocolError("vector de estado mal formado") from None
            raise
        channel.send(sync_step2(missing))
        client = self.clients.get(channel)
        if client is not None:
            client.synced = True

    # -- document ----------------------------------------------------------

    def is_noop_update(self, update: bytes) -> bool:
        """Would applying ``update`` change nothing? Costs a copy of the
        document: the endpoint asks once per read-only connection."""
        if update == EMPTY_UPDATE:
            return True
        parsed = decode(update, strict=False)
        state = self.index.state
        if any(s.end > state.get(c, 0) for c, structs in parsed.blocks.items() for s in structs if s.kind != SKIP):
            return False
        if any(clock + length > state.get(client, 0) for client, clock, length in parsed.deletes):
            return False
        probe: Doc[Any] = Doc()
        probe.apply_update(self.doc.get_update())
        before = probe.get_update()
        _apply(probe, update)
        return probe.get_update() == before

    def apply_update(self, channel: Channel | None, update: bytes) -> None:
        """Apply a client's (or the server's) update; observers broadcast it.

        Only what yjs would integrate reaches the document: the rest (its
        dependencies missing) waits here, neither stored nor served, until
        they arrive -- yrs would integrate it at once, and the server would
        then hold content no browser shows. ``ProtocolError`` for an update
        that is malformed or breaks the documents' schema."""
        if update == EMPTY_UPDATE:
            return
        parsed = decode(update)
        now, later = self.index.split(parsed)
        growth = self._growth(now) + later.size
        if growth and self.document_bytes + self.pending_bytes + growth > self.max_document_bytes:
            raise DocumentTooLarge(self.doc_id)
        if not later.empty and len(self._pending) >= MAX_PENDING_UPDATES:
            raise ProtocolError("demasiadas actualizaciones a la espera de otras que nunca llegaron")
        if not now.empty:
            self._integrate(channel, update if later.empty else now.encode(), now, remote=False)
        if not later.empty:
            self._pending.append(_Pending(later, remote=False))
        self._retry_pending()

    def _growth(self, update: Update) -> int:
        """Bytes ``update`` would add: nothing for what the document has."""
        state = self.index.state
        new = sum(len(s.raw) for c, structs in update.blocks.items() for s in structs if s.end > state.get(c, 0))
        return new + 6 * len(update.deletes)

    def _integrate(self, channel: Channel | None, data: bytes, parsed: Update, *, remote: bool) -> None:
        """Apply ``data`` (``parsed``, every dependency present) to the document."""
        self._origin, self._incoming, self._remote = channel, data, remote
        try:
            _apply(self.doc, data)
        finally:
            self._origin, self._incoming, self._remote = None, None, False
        self.index.integrate(parsed)

    def _retry_pending(self) -> None:
        """Integrate whatever waiting parts now have their dependencies."""
        progress = True
        while progress and self._pending:
            progress = False
            for waiting in list(self._pending):
                try:
                    now, later = self.index.split(waiting.update, check=not waiting.remote)
                    if now.empty or (not now.blocks and later.deletes == waiting.update.deletes):
                        continue
                    self._pending.remove(waiting)
                    self._integrate(None, now.encode(), now, remote=waiting.remote)
                except ProtocolError as exc:
                    # Its sender may be gone: nobody to close. Yjs peers keep
                    # the part pending; the server drops it.
                    log.warning("dropping a waiting update of %s: %s", self.doc_id, exc.reason)
                    if waiting in self._pending:
                        self._pending.remove(waiting)
                    continue
                if not later.empty:
                    self._pending.append(_Pending(later, remote=waiting.remote))
                progress = True
        self.pending_bytes = sum(waiting.update.size for waiting in self._pending)

    def edit(self, change: Callable[[Doc[Any]], None]) -> None:
        """A server-side edit (e.g. revealed ideation cards): applied in one
        transaction, broadcast to everyone, and saved like any update."""
        with self.doc.transaction():
            change(self.doc)

    def apply_remote_update(self, update: bytes) -> bool:
        """Apply an update another process accepted (or a stored row): it is
        broadcast here, not stored again. False when it is not a Yjs update.
        What lacks its dependencies here waits, as a client's would."""
        if update == EMPTY_UPDATE:
            return True
        try:
            now, later = self.index.split(decode(update, strict=False), check=False)
            if not now.empty:
                self._integrate(None, update if later.empty else now.encode(), now, remote=True)
        except ProtocolError:
            return False
        if not later.empty:
            self._pending.append(_Pending(later, remote=True))
        self._retry_pending()
        return True

    def merge_stored(self, stored: StoredDocument) -> None:
        """Bring in whatever the database holds that this room lacks."""
        parts = ([stored.snapshot] if stored.snapshot else []) + [data for _seq, data in stored.updates]
        for data in parts:
            if not self.apply_remote_update(data):
                log.error("stored update of %s is not a Yjs update; skipped", self.doc_id)

    def _on_doc_change(self, event: TransactionEvent) -> None:
        # Runs inside the transaction: only enqueue, never read the doc here.
        update = event.update
        if update == EMPTY_UPDATE:
            return
        if self._incoming is None:  # a server-side edit: index what it wrote
            self._index(update)
        self._revision += 1
        if self._remote:
            self.document_bytes += len(update)
            message = update_message(update)
            for client in self.clients.values():
                if client.synced:
                    client.channel.send(message)
            return
        self._changes += 1
        self.document_bytes += len(update)
        self._unsaved.append(update)
        # The origin already has exactly this update; anything else (e.g. a
        # pending update released by this one) goes to everyone.
        skip = self._origin if update == self._incoming else None
        message = update_message(update)
        for client in self.clients.values():
            if client.synced and client.channel is not skip:
                client.channel.send(message)
        if self.fanout is not None:
            self.fanout.publish_update(update)
        if sum(len(u) for u in self._unsaved) >= 256 * 1024:
            self._flush_wakeup.set()

    def _index(self, update: bytes) -> None:
        try:
            self.index.integrate(decode(update, strict=False))
        except ProtocolError as exc:  # yrs wrote something we cannot read
            log.error("cannot index an update of %s: %s", self.doc_id, exc.reason)

    # -- awareness ---------------------------------------------------------

    def apply_awareness(self, channel: Channel, payload: bytes, budget: Budget | None = None) -> int:
        """Accept a connection's own presence entries, with its identity;
        return how many were applied (the rest were echoes, or over budget)."""
        client = self.clients.get(channel)
        if client is None:
            return 0
        # A real client sends its own entry or echoes what it was sent.
        entries = _read_awareness_entries(payload, len(self.awareness.states) + MAX_CLIENT_IDS_PER_CONNECTION)
        accepted: list[tuple[int, int, dict[str, Any] | None]] = []
        for cid, clock, raw in entries:
            if not self._may_announce(client, cid, raw):
                continue  # an echo of someone else's state: absorb it (D2)
            if len(raw.encode()) > self.max_awareness_bytes:
                raise ProtocolError("estado de presencia demasiado grande")
            state = _parse_state(raw)
            if state is not None:
                state.pop(AWARENESS_SERVER, None)
                state[AWARENESS_USER] = channel.identity
            accepted.append((cid, clock, state))
        # Over budget (the room's, or this person's over all their sockets):
        # only the latest state of each client id is kept, and applied when
        # the budgets allow (the states in between are dropped). Removals
        # always pass.
        for cid, _clock, _state in accepted:
            self._deferred.pop(cid, None)
        changes = any(state is not None for _cid, _clock, state in accepted)
        if changes and not (self.presence_budget.take() and (budget is None or budget.take())):
            for cid, clock, state in accepted:
                if state is not None:
                    self._deferred[cid] = _Deferred(channel, budget, clock, state)
            accepted = [entry for entry in accepted if entry[2] is None]
        if accepted:
            self.awareness.apply_awareness_update(_encode_entries(accepted), channel)
        return len(accepted)

    async def _deferred_presence_loop(self) -> None:
        while True:
            await anyio.sleep(DEFERRED_PRESENCE_SECONDS)
            for cid, entry in list(self._deferred.items()):
                if self._owners.get(cid) is not entry.channel:
                    del self._deferred[cid]
                elif self.presence_budget.take() and (entry.budget is None or entry.budget.take()):
                    del self._deferred[cid]
                    update = _encode_entries([(cid, entry.clock, entry.state)])
                    self.awareness.apply_awareness_update(update, entry.channel)

    def apply_remote_awareness(self, payload: bytes) -> int:
        """Apply presence changes another process accepted from its clients.
        Never for this process's own entry or its connections' ids. Raises
        ``ProtocolError`` for anything malformed (the bridge logs it)."""
        entries = _read_awareness_entries(payload, MAX_REMOTE_AWARENESS_ENTRIES)
        accepted: list[tuple[int, int, dict[str, Any] | None]] = []
        for cid, clock, raw in entries:
            if cid == self.awareness.client_id or cid in self._owners:
                continue
            if len(raw.encode()) > self.max_awareness_bytes + REMOTE_USER_BYTES:
                raise ProtocolError("estado de presencia demasiado grande")
            state = _parse_state(raw)
            if state is not None:
                user = state.get(AWARENESS_USER)
                if not isinstance(user, dict) or "id" not in user or AWARENESS_SERVER in state:
                    # Every process writes ``user`` and strips the server's
                    # key: anything else is not another Cocrea's presence.
                    raise ProtocolError("estado de presencia sin usuario del servidor")
                self._remote_ids.add(cid)
                # A tab that reconnects here keeps its Yjs client id: let the
                # same person claim it once the other process lets it go.
                self._last_owner[cid] = str(user["id"])
            accepted.append((cid, clock, state))
        if accepted:
            self.awareness.apply_awareness_update(_encode_entries(accepted), REMOTE)
        return len(accepted)

    def local_awareness(self) -> bytes | None:
        """The presence states of this process's own connections."""
        ids = [cid for cid in self._owners if cid in self.awareness.states]
        return self.awareness.encode_awareness_update(ids) if ids else None

    def _may_announce(self, client: _Client, cid: int, raw: str) -> bool:
        """Does this connection speak for client id ``cid``? It does for the
        ids it announced first; y-websocket echoes every other entry it
        receives (the server's own included), and those must not stick."""
        channel = client.channel
        owner = self._owners.get(cid)
        if owner is channel:
            return True
        if cid == self.awareness.client_id or raw in ("", "null"):
            return False
        if owner is not None or (cid in self._remote_ids and cid in self.awareness.states):
            # Even for the same person: an echo and a reconnect look alike.
            # A socket that dropped without the server noticing keeps the id
            # until the ping timeout; the new socket's next renewal (<= 15 s
            # after that) brings the presence back. The same holds while
            # another process holds the id.
            return False
        if cid in self.awareness.meta and self._last_owner.get(cid) != _person(channel):
            return False
        if len(client.client_ids) >= MAX_CLIENT_IDS_PER_CONNECTION:
            return False
        self._owners[cid] = channel
        self._remote_ids.discard(cid)
        client.client_ids.add(cid)
        return True

    def answer_query_awareness(self, channel: Channel) -> None:
        ids = list(self.awareness.states)
        channel.send(awareness_message(self.awareness.encode_awareness_update(ids)))

    def set_server_state(self, state: dict[str, Any]) -> None:
        """The server's own presence entry: phase, who may edit, etc."""
        self.awareness.set_local_state({AWARENESS_SERVER: state})

    def _on_awareness_change(self, topic: str, change: tuple[dict[str, list[int]], Any]) -> None:
        if topic != "update":
            return
        changes, origin = change
        ids = changes["added"] + changes["updated"] + changes["removed"]
        if not ids:
            return
        update = self.awareness.encode_awareness_update(ids)
        message = awareness_message(update)
        for client in self.clients.values():
            if client.channel is not origin:
                # Presence may be dropped for a busy reader (the next
                # renewal restores it); document updates never are.
                getattr(client.channel, "send_presence", client.channel.send)(message)
        # Only what this process's connections said goes out: not our own
        # entry, timeouts (every process has its own), or remote changes.
        if self.fanout is not None and not isinstance(origin, str) and origin is not None:
            own = [cid for cid in ids if cid != self.awareness.client_id]
            if own:
                self.fanout.publish_awareness(update if own == ids else self.awareness.encode_awareness_update(own))

    # -- persistence -------------------------------------------------------

    def request_save_barrier(self, channel: Channel, number: int) -> None:
        """Answer ``number`` once everything received before it is stored."""
        needed = self._taken_generation + (1 if self._unsaved else 0)
        if needed <= self._committed_generation:
            channel.send(save_barrier_message(number))
            return
        self._barriers.append(_Barrier(channel, number, needed))
        self._flush_wakeup.set()

    async def _flush_loop(self) -> None:
        while True:
            with anyio.move_on_after(self.flush_interval):
                await self._flush_wakeup.wait()
            self._flush_wakeup = anyio.Event()
            try:
                await self.flush()
                if self.fanout is not None and self._compaction_due():
                    await self.compact()
            except Exception:
                log.exception("flush of %s failed; retrying", self.doc_id)
                await anyio.sleep(FLUSH_RETRY_SECONDS)

    async def flush(self) -> None:
        """Write buffered updates as one row, then release waiting barriers."""
        if not self._unsaved:
            return
        batch, self._unsaved = self._unsaved, []
        self._taken_generation += 1
        generation = self._taken_generation
        try:
            rows = _merged(batch)
            # Once the rows are being written, finish: a cancelled write would
            # be retried and stored twice.
            with anyio.CancelScope(shield=True):
                for row in rows:
                    seq = await self.store.append_update(self.doc_id, row)
        except BaseException:
            # Keep the batch: the next flush writes it with whatever came since.
            # Generations only grow: the retry gets a new one, which every
            # barrier waiting for this one also accepts.
            self._unsaved = batch + self._unsaved
            raise
        self.last_seq = seq
        self._rows_since_snapshot += 1
        self._committed_generation = generation
        self._release_barriers()
        if self.fanout is None and self._rows_since_snapshot > COMPACT_AFTER_ROWS:
            await self.compact()

    def _release_barriers(self) -> None:
        waiting = []
        for barrier in self._barriers:
            if barrier.generation <= self._committed_generation:
                barrier.channel.send(save_barrier_message(barrier.number))
            else:
                waiting.append(barrier)
        self._barriers = waiting

    def _compaction_due(self) -> bool:
        return self._revision != self._compacted_revision and time.monotonic() >= self._compact_after

    async def compact(self) -> None:
        if self.fanout is not None:
            await self._compact_shared(self.fanout)
            return
        snapshot = self.doc.get_update()
        await self.store.compact_document(self.doc_id, snapshot, self.last_seq)
        self._rows_since_snapshot = 0
        self.document_bytes = len(snapshot)

    async def _compact_shared(self, fanout: Fanout) -> None:
        """Other processes append rows this room may not have seen yet (their
        stream entries are late, or Redis was away): merge every stored row
        into the document first, and snapshot only up to the last row read.
        Holding the lease keeps two processes from compacting at once (an
        older snapshot could otherwise replace a newer one)."""
        revision = self._revision
        self._compact_after = time.monotonic() + COMPACT_INTERVAL_SECONDS
        if not await fanout.may_compact():
            # Another process compacts; keep the size limit honest meanwhile.
            self.document_bytes = len(self.doc.get_update())
            self._compacted_revision = revision
            return
        stored = await self.store.load_document(self.doc_id)
        self.merge_stored(stored)
        position = fanout.position()
        revision = self._revision
        snapshot = self.doc.get_update()
        await self.store.compact_document(self.doc_id, snapshot, stored.last_seq)
        self._rows_since_snapshot = 0
        self.document_bytes = len(snapshot)
        self._compacted_revision = revision
        await fanout.compacted(position)

    async def _final_flush(self) -> None:
        """Flush and compact before the room goes; a storage hiccup gets a few
        retries, since nothing else holds these edits once the room is gone."""
        for attempt in range(1, FINAL_FLUSH_ATTEMPTS + 1):
            try:
                await self.flush()
                changed = self._revision != self._compacted_revision
                if self._rows_since_snapshot or (self.fanout is not None and changed):
                    await self.compact()
                return
            except Exception:
                log.exception("final flush of %s failed (attempt %d)", self.doc_id, attempt)
                await anyio.sleep(FLUSH_RETRY_SECONDS)
        log.error("%s unloaded with %d unsaved updates", self.doc_id, len(self._unsaved))

    # -- reading -----------------------------------------------------------

    def read(self, fn: Callable[[Doc[Any]], Any]) -> Any:
        return fn(self.doc)
