"""One loaded room's side of the Redis bridge (``RoomLink``, the room's
``Fanout``) and what travels through Redis: stream entries and presence
messages. The design is in ``redis_bridge.py``; the bridge runs the loops
that send what a link queues and hand it what arrives.

A link trusts nothing it reads: a foreign or corrupt entry or message is
logged and skipped, never raised into the room (D6).
"""

from __future__ import annotations

import logging
from enum import IntEnum
from typing import TYPE_CHECKING, Any

import anyio
from pycrdt import merge_updates, write_var_uint
from redis.exceptions import RedisError, ResponseError

from .protocol import BoundedDecoder, ProtocolError
from .room import Room

if TYPE_CHECKING:
    from .redis_bridge import RedisBridge

log = logging.getLogger(__name__)

# Stream entries: {v: version, u: one Yjs update, p: the sending room link}.
ENTRY_VERSION = b"1"
PRESENCE_VERSION = 1


class PresenceKind(IntEnum):
    UPDATE = 0  # an awareness update of the sender's own connections
    QUERY = 1  # "send me your connections' states"


RANGE_PAGE = 1000
# Entries stay this long behind the last compaction: a slow reader still
# finds them.
STREAM_KEEP_MS = 60_000
# The stream's idle expiry is renewed at most this often per room.
EXPIRY_RENEW_SECONDS = 60.0
LEASE_MS = 90_000
CLOSE_DRAIN_SECONDS = 2.0
# Updates that could not be published are kept (merged) up to this size;
# past it they are dropped and the other processes are told to reload the
# document from the database instead.
MAX_UNPUBLISHED_BYTES = 16 * 1024 * 1024
# A flood of junk gets a log line per entry up to this count, then a summary.
JUNK_LOG_LIMIT = 20


def is_outage(exc: BaseException) -> bool:
    """A lost connection, not a bad reply to one command."""
    return not isinstance(exc, ResponseError)


def text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def id_key(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def encode_presence(kind: PresenceKind, sender: bytes, payload: bytes = b"") -> bytes:
    return (
        write_var_uint(PRESENCE_VERSION)
        + write_var_uint(kind)
        + write_var_uint(len(sender))
        + sender
        + write_var_uint(len(payload))
        + payload
    )


def decode_presence(data: bytes) -> tuple[PresenceKind, bytes, bytes]:
    decoder = BoundedDecoder(data)
    if decoder.read_var_uint() != PRESENCE_VERSION:
        raise ProtocolError("versión desconocida")
    kind = decoder.read_var_uint()
    if kind not in PresenceKind.__members__.values():
        raise ProtocolError("tipo desconocido")
    sender = decoder.read_message()
    payload = decoder.read_message()
    decoder.check_done()
    if not sender or payload is None:
        raise ProtocolError("mensaje incompleto")
    return PresenceKind(kind), sender, payload


class RoomLink:
    """One loaded room's connection to the other processes: the room's
    ``Fanout``. Sending only queues (the bridge's publisher sends); receiving
    is the bridge's reader calling ``apply_entry``."""

    def __init__(self, bridge: RedisBridge, room: Room, link_id: str) -> None:
        self.bridge = bridge
        self.room = room
        self.doc_id = room.doc_id
        self.id = link_id.encode()
        prefix = bridge.prefix
        self.stream_key = f"{prefix}u:{self.doc_id}"
        self.presence_channel = f"{prefix}a:{self.doc_id}"
        self.lease_key = f"{prefix}lease:{self.doc_id}"
        self.stream_position = "0-0"
        # In the bridge's XREAD: set once the room has caught up.
        self.reading = False
        self.needs_resync = False
        # The stream key holds something else (not ours): left alone.
        self.broken = False
        self.closed = False
        self.holds_lease = False
        self.outgoing: list[bytes] = []
        self.outgoing_bytes = 0
        self.presence_out: list[tuple[PresenceKind, bytes]] = []
        self.in_flight = 0
        self.expiry_renewed_at = -EXPIRY_RENEW_SECONDS
        self._preloaded: list[tuple[str, dict[bytes, Any]]] = []
        self._junk = 0

    # -- Fanout (called by the room) ----------------------------------------

    def publish_update(self, update: bytes) -> None:
        if self.broken:
            return  # stored in the database; the others reload from there
        self.outgoing.append(update)
        self.outgoing_bytes += len(update)
        self.bridge.kick_publisher()

    def publish_awareness(self, update: bytes) -> None:
        if self.bridge.up:  # presence is ephemeral: re-announced after an outage
            self.presence_out.append((PresenceKind.UPDATE, update))
            self.bridge.kick_publisher()

    def position(self) -> str | None:
        if self.needs_resync or not self.reading:
            return None
        return self.stream_position

    async def may_compact(self) -> bool:
        if not self.bridge.up or self.broken:
            return False
        try:
            self.bridge.round_trips += 1
            held = await self.bridge.lease_script(keys=[self.lease_key], args=[self.id, LEASE_MS])
        except RedisError as exc:
            self.bridge.redis_failed(exc, f"lease of {self.doc_id}")
            return False
        self.holds_lease = bool(held)
        return self.holds_lease

    async def compacted(self, position: str | None) -> None:
        if position is None or not self.bridge.up:
            return
        keep_from = id_key(position)[0] - STREAM_KEEP_MS
        if keep_from <= 0:
            return
        try:
            self.bridge.round_trips += 1
            await self.bridge.redis.xtrim(self.stream_key, minid=f"{keep_from}-0", approximate=True)
        except RedisError as exc:
            self.bridge.redis_failed(exc, f"trim of {self.doc_id}")

    async def close(self) -> None:
        """Send what is queued (briefly), give the lease back, detach."""
        self.closed = True
        if self.bridge.up:
            with anyio.move_on_after(CLOSE_DRAIN_SECONDS):
                while (self.outgoing or self.in_flight) and self.bridge.up:
                    self.bridge.kick_publisher()
                    await anyio.sleep(0.01)
        if self.holds_lease and self.bridge.up:
            try:
                self.bridge.round_trips += 1
                await self.bridge.release_script(keys=[self.lease_key], args=[self.id])
            except RedisError as exc:
                self.bridge.redis_failed(exc, f"lease release of {self.doc_id}")
        self.bridge.detach(self)

    # -- joining and catching up --------------------------------------------

    async def prepare(self) -> None:
        """Before the room loads from the database: read the stream."""
        if not self.bridge.up:
            self.needs_resync = True  # caught up once Redis is back
            return
        try:
            self._preloaded = await self.bridge.read_stream(self.stream_key)
        except RedisError as exc:
            self._stream_failed(exc)
            return
        self.stream_position = self._preloaded[-1][0] if self._preloaded else "0-0"

    def loaded(self) -> None:
        """The room holds the database's state: add the stream's, then read on."""
        entries, self._preloaded = self._preloaded, []
        for entry_id, fields in entries:
            self.apply_entry(entry_id, fields)
        if not self.needs_resync and not self.broken:
            self.reading = True
            self.bridge.kick_reader()
            self.ask_presence()

    async def catch_up(self) -> None:
        """Apply what the stream holds beyond this room's position now (one
        round trip), e.g. before an HTTP read that follows a save barrier
        acknowledged by another process."""
        if not self.reading or not self.bridge.up:
            return
        try:
            self.bridge.round_trips += 1
            page: list[tuple[bytes, dict[bytes, Any]]] = await self.bridge.redis.xrange(  # type: ignore[assignment]
                self.stream_key, min="(" + self.stream_position, max="+", count=RANGE_PAGE
            )
        except RedisError as exc:
            self._stream_failed(exc)
            return
        for raw_id, fields in page:
            entry_id = text(raw_id)
            if self.reading and id_key(entry_id) > id_key(self.stream_position):
                self.apply_entry(entry_id, fields)

    async def resync(self) -> None:
        """After an outage (or a gap): the stream, then the database, then on."""
        try:
            entries = await self.bridge.read_stream(self.stream_key)
            stored = await self.bridge.store.load_document(self.doc_id)
        except RedisError as exc:
            self._stream_failed(exc)
            return
        except Exception:
            log.exception("reloading %s from the database failed; retrying later", self.doc_id)
            return
        if self.closed:
            return
        self.room.merge_stored(stored)
        for entry_id, fields in entries:
            self.apply_entry(entry_id, fields)
        self.stream_position = entries[-1][0] if entries else "0-0"
        self.needs_resync = False
        self.reading = True
        self.ask_presence()
        self.answer_presence_query()
        log.info("%s reloaded from the database and the Redis stream", self.doc_id)

    def _stream_failed(self, exc: RedisError) -> None:
        self.reading = False
        if is_outage(exc):
            self.needs_resync = True
            self.bridge.redis_failed(exc, f"stream of {self.doc_id}")
        else:
            self.mark_broken(str(exc))

    def mark_broken(self, reason: str) -> None:
        if not self.broken:
            log.error(
                "%s is not a usable stream (%s): %s is served by this process alone until it is",
                self.stream_key,
                reason,
                self.doc_id,
            )
        self.broken = True
        self.reading = False
        self.outgoing, self.outgoing_bytes = [], 0

    async def check(self) -> None:
        """Did the stream lose entries this room has not read (trimmed past
        it, deleted, Redis restarted)? Then reload. A broken key that was
        fixed is read again."""
        redis = self.bridge.redis
        try:
            if self.broken:
                self.bridge.round_trips += 1
                kind = text(await redis.type(self.stream_key))
                if kind in ("stream", "none"):
                    log.warning("%s is a stream again: %s rejoins the other processes", self.stream_key, self.doc_id)
                    self.broken = False
                    self.needs_resync = True
                return
            if not self.reading:
                return
            try:
                self.bridge.round_trips += 1
                info = await redis.xinfo_stream(self.stream_key)
            except ResponseError:
                info = None  # no such key
        except RedisError as exc:
            self.bridge.redis_failed(exc, f"check of {self.doc_id}")
            return
        if info is None:
            lost = self.stream_position != "0-0"
        else:
            deleted = text(info.get("max-deleted-entry-id") or "0-0")
            lost = id_key(deleted) > id_key(self.stream_position)
        if lost:
            log.warning("%s lost stream entries this process had not read; reloading", self.doc_id)
            self.reading = False
            self.needs_resync = True

    # -- receiving ----------------------------------------------------------

    def apply_entry(self, entry_id: str, fields: dict[bytes, Any]) -> None:
        if id_key(entry_id) > id_key(self.stream_position):
            self.stream_position = entry_id
        update = fields.get(b"u")
        sender = fields.get(b"p")
        if fields.get(b"v") != ENTRY_VERSION or not isinstance(update, bytes) or not sender:
            self.junk(f"foreign entry {entry_id} (fields {sorted(text(k) for k in fields)[:8]})")
            return
        if sender == self.id:
            return
        if len(update) > self.room.max_document_bytes:
            self.junk(f"oversized entry {entry_id} ({len(update)} bytes)")
            return
        try:
            ok = self.room.apply_remote_update(update)
        except Exception:
            log.exception("applying stream entry %s to %s failed; skipped", entry_id, self.doc_id)
            return
        if not ok:
            self.junk(f"entry {entry_id} is not a Yjs update")

    def apply_presence(self, data: bytes) -> None:
        try:
            kind, sender, payload = decode_presence(data)
            if sender == self.id:
                return
            if kind == PresenceKind.QUERY:
                self.answer_presence_query()
            else:
                self.room.apply_remote_awareness(payload)
        except ProtocolError as exc:
            self.junk(f"presence message ({exc.reason})")
        except Exception:
            log.exception("presence message for %s failed; skipped", self.doc_id)

    def junk(self, what: str) -> None:
        self._junk += 1
        if self._junk <= JUNK_LOG_LIMIT:
            log.warning("ignoring Redis junk for %s: %s", self.doc_id, what)
        elif self._junk % 1000 == 0:
            log.warning("ignored %d junk entries or messages for %s so far", self._junk, self.doc_id)

    # -- presence -----------------------------------------------------------

    def ask_presence(self) -> None:
        self.presence_out.append((PresenceKind.QUERY, b""))
        self.bridge.kick_publisher()

    def answer_presence_query(self) -> None:
        states = self.room.local_awareness()
        if states is not None:
            self.presence_out.append((PresenceKind.UPDATE, states))
            self.bridge.kick_publisher()

    # -- the publisher's side -----------------------------------------------

    def take_outgoing(self) -> list[bytes]:
        updates, self.outgoing, self.outgoing_bytes = self.outgoing, [], 0
        return updates

    def requeue(self, updates: list[bytes]) -> None:
        """Publishing failed: keep them for the next try, merged once large."""
        if self.broken or not updates:
            return
        queued = updates + self.outgoing
        size = sum(len(u) for u in queued)
        if len(queued) > 64:
            queued = [merge_updates(*queued)]
            size = len(queued[0])
        if size > MAX_UNPUBLISHED_BYTES:
            log.error(
                "%d bytes of %s updates could not reach Redis; dropped from the queue: "
                "the other processes reload the document from the database",
                size,
                self.doc_id,
            )
            queued, size = [], 0
            self.bridge.announce_reload(self.doc_id)
        self.outgoing, self.outgoing_bytes = queued, size
