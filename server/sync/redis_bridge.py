"""The Redis bridge: several server processes serve one document.

REALTIME-NOTES §7.5, hardened; docs/realtime.md "Scale" is the operator's
view. This module is the process's side (connections, loops, health); a
loaded room's side is ``redis_link.RoomLink``. Each process keeps its own
in-memory document per room.
- Updates: a process stores its own clients' updates (rows; the save barrier
  keeps its meaning) and appends them to the stream ``{prefix}u:{doc_id}``.
  Every process holding the room reads the stream (one blocking ``XREAD`` per
  process for all its rooms) and applies the others' entries as remote
  changes. Updates are idempotent and commutative: order and duplicates are
  harmless.
- Joining: read the whole stream *before* loading from the database, then
  apply it. Whatever was trimmed from the stream before that read is already
  in the database's snapshot, so nothing falls between the two.
- Presence: pub/sub channel ``{prefix}a:{doc_id}`` (each process listens to
  the pattern). A process that loads a room asks the others for their states.
- Workshop state (phase, locks): channel ``{prefix}ctl``; on a message every
  process re-reads the workshop from the database (the source of truth). It
  also re-reads its cached workshops every ``STATE_REFRESH_SECONDS``, so a
  lost message, or Redis away, delays a change by that much, never more.
- Compaction: the holder of ``{prefix}lease:{doc_id}`` merges every stored row
  into its document, snapshots, and then trims the stream to
  ``STREAM_KEEP_MS`` behind what the snapshot holds. Without the lease (or
  without Redis) a process never compacts.
- Redis away: rooms keep serving their own process's clients and storing
  their edits. One log line says so; the bridge retries with back-off; on
  reconnection every room reloads from the database and the stream, resends
  what it could not publish, and asks for presence again.
Nothing from Redis is trusted: a foreign or corrupt entry or message is
logged and skipped, never raised into a room (D6).
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from anyio.abc import TaskGroup, TaskStatus
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError, ResponseError

from ..settings import Settings
from ..storage import Store
from .redis_link import (
    ENTRY_VERSION,
    EXPIRY_RENEW_SECONDS,
    RANGE_PAGE,
    RoomLink,
    encode_presence,
    id_key,
    is_outage,
    text,
)
from .room import Room

log = logging.getLogger(__name__)

READ_BLOCK_MS = 5000
READ_COUNT = 512
COMMAND_TIMEOUT = 5.0
# The approximate cap and the idle expiry only bound what a document nobody
# compacts can leave behind (compaction trims, see redis_link.py).
STREAM_MAX_ENTRIES = 100_000
STREAM_TTL_MS = 24 * 3600 * 1000
WAKE_MAX_ENTRIES = 16
BACKOFF_MIN = 0.1
BACKOFF_MAX = 5.0
STATE_REFRESH_SECONDS = 5.0
GAP_CHECK_SECONDS = 30.0
PUBSUB_POLL_SECONDS = 30.0
MAX_CONTROL_BYTES = 4096

LEASE_SCRIPT = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""
RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class RedisBridge:
    """The process's side: one command client, one blocking reader, one
    pub/sub listener, one publisher, and a maintenance loop."""

    def __init__(
        self, settings: Settings, store: Store, on_state_change: Callable[[str | None], Awaitable[None]]
    ) -> None:
        self.url = settings.redis_url
        self.prefix = settings.redis_prefix
        if settings.database_url.startswith("sqlite"):
            log.warning(
                "Redis fan-out on SQLite: every process must open the same database file "
                "(one machine); across machines use PostgreSQL"
            )
        self.store = store
        self.on_state_change = on_state_change
        self.process_id = secrets.token_hex(6)
        self.links: dict[str, RoomLink] = {}
        self._by_stream: dict[str, RoomLink] = {}
        self._serial = 0
        self.control_channel = f"{self.prefix}ctl"
        self.wake_key = f"{self.prefix}wake:{self.process_id}"
        self._wake_position = "0-0"
        self._wake_pending = False
        self._control_out: list[bytes] = []
        self.redis = self._client(COMMAND_TIMEOUT)
        self._reader = self._client(READ_BLOCK_MS / 1000 + COMMAND_TIMEOUT)
        self.lease_script = self.redis.register_script(LEASE_SCRIPT)
        self.release_script = self.redis.register_script(RELEASE_SCRIPT)
        self.up = False
        self._down_since: float | None = None
        self._up_event = anyio.Event()
        self._publish_wakeup = anyio.Event()
        self._tg: TaskGroup | None = None
        # Requests sent and answered (a pipeline counts once): bench/scale_out.py.
        self.round_trips = 0

    def _client(self, timeout: float) -> Redis:
        # No retries inside redis-py: the bridge has its own back-off, and a
        # failed command must tell it at once.
        return Redis.from_url(
            self.url,
            protocol=2,
            socket_timeout=timeout,
            socket_connect_timeout=COMMAND_TIMEOUT,
            retry=Retry(NoBackoff(), 0),
        )

    @property
    def where(self) -> str:
        kwargs = self.redis.connection_pool.connection_kwargs
        return f"{kwargs.get('host', kwargs.get('path', '?'))}:{kwargs.get('port', '')}"

    # -- lifecycle ----------------------------------------------------------

    async def run(self, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        try:
            async with anyio.create_task_group() as tg:
                self._tg = tg
                await self._connect(first=True)
                for loop in (self._read_loop, self._publish_loop, self._pubsub_loop, self._maintenance_loop):
                    tg.start_soon(self._supervised, loop)
                task_status.started()
        finally:
            self._tg = None
            log.info("Redis bridge %s stops after %d round trips", self.process_id, self.round_trips)
            with anyio.CancelScope(shield=True):
                for client in (self.redis, self._reader):
                    try:
                        await client.aclose()
                    except Exception:
                        log.debug("closing a Redis client failed", exc_info=True)

    async def _supervised(self, loop: Callable[[], Awaitable[None]]) -> None:
        """A bug in one loop must not take the app's task group down (D6)."""
        while True:
            try:
                await loop()
            except Exception:
                log.exception("Redis bridge loop %s failed; restarting it", loop.__name__)
                await anyio.sleep(BACKOFF_MAX)

    def attach(self, room: Room) -> RoomLink:
        self._serial += 1
        link = RoomLink(self, room, f"{self.process_id}.{self._serial}")
        room.fanout = link
        self.links[room.doc_id] = link
        self._by_stream[link.stream_key] = link
        return link

    def detach(self, link: RoomLink) -> None:
        link.closed = True
        link.reading = False
        if self.links.get(link.doc_id) is link:
            del self.links[link.doc_id]
        if self._by_stream.get(link.stream_key) is link:
            del self._by_stream[link.stream_key]

    # -- health -------------------------------------------------------------

    def redis_failed(self, exc: BaseException, what: str) -> None:
        if not is_outage(exc):
            log.error("Redis refused %s: %s", what, exc)
            return
        if self.up or self._down_since is None:
            log.error(
                "Redis at %s is unreachable (%s during %s): every room keeps serving this process's "
                "clients and storing their edits; edits of other processes arrive once Redis is back "
                "(retrying with back-off)",
                self.where,
                exc.__class__.__name__,
                what,
            )
            self._down_since = time.monotonic()
        if self.up:
            self.up = False
            self._up_event = anyio.Event()
        for link in self.links.values():
            link.reading = False
            link.needs_resync = True

    async def _connect(self, *, first: bool = False) -> None:
        """Ping with back-off until Redis answers; then catch every room up."""
        delay = BACKOFF_MIN
        while True:
            try:
                self.round_trips += 1
                await self.redis.ping()
                break
            except RedisError as exc:
                self.redis_failed(exc, "ping")
                if first:
                    return  # start anyway; the reader keeps trying
            await anyio.sleep(delay)
            delay = min(delay * 2, BACKOFF_MAX)
        if self._down_since is not None:
            down = time.monotonic() - self._down_since
            log.warning(
                "Redis at %s is reachable again after %.1f s: reloading %d rooms from the database and the stream",
                self.where,
                down,
                len(self.links),
            )
        else:
            log.info("Redis fan-out on %s (prefix %r, process %s)", self.where, self.prefix, self.process_id)
        self._down_since = None
        self.up = True
        self._up_event.set()
        self.kick_publisher()
        if not first and self._tg is not None:
            self._tg.start_soon(self._refresh_states, None)

    # -- reading the streams ------------------------------------------------

    async def read_stream(self, key: str) -> list[tuple[str, dict[bytes, Any]]]:
        """Every entry of a stream, oldest first (in pages)."""
        entries: list[tuple[str, dict[bytes, Any]]] = []
        start = "-"
        while True:
            self.round_trips += 1
            page: list[tuple[bytes, dict[bytes, Any]]] = await self.redis.xrange(  # type: ignore[assignment]
                key, min=start, max="+", count=RANGE_PAGE
            )
            entries.extend((text(entry_id), fields) for entry_id, fields in page)
            if len(page) < RANGE_PAGE:
                return entries
            start = "(" + entries[-1][0]

    async def stream_updates(self, doc_id: str) -> list[bytes]:
        """The updates in a document's stream (for reading a document that is
        not loaded here); empty when Redis is away."""
        if not self.up:
            return []
        try:
            entries = await self.read_stream(f"{self.prefix}u:{doc_id}")
        except RedisError as exc:
            self.redis_failed(exc, f"read of {doc_id}")
            return []
        updates = []
        for _entry_id, fields in entries:
            update = fields.get(b"u")
            if fields.get(b"v") == ENTRY_VERSION and isinstance(update, bytes):
                updates.append(update)
        return updates

    def kick_reader(self) -> None:
        """Make the blocked XREAD return, so it reads a new room's stream too."""
        self._wake_pending = True
        self.kick_publisher()

    async def _read_loop(self) -> None:
        while True:
            if not self.up:
                await self._connect()
            for link in list(self.links.values()):
                if link.needs_resync and not link.closed and not link.broken and self.up:
                    await link.resync()
            if not self.up:
                continue
            streams: dict[Any, Any] = {self.wake_key: self._wake_position}
            for link in self.links.values():
                if link.reading:
                    streams[link.stream_key] = link.stream_position
            try:
                self.round_trips += 1
                reply: list[Any] = await self._reader.xread(  # type: ignore[assignment]
                    streams, count=READ_COUNT, block=READ_BLOCK_MS
                )
            except ResponseError as exc:
                await self._find_broken_streams(exc)
                continue
            except RedisError as exc:
                self.redis_failed(exc, "XREAD")
                continue
            for key, entries in reply or []:
                self._dispatch(text(key), entries)

    def _dispatch(self, key: str, entries: list[tuple[bytes, dict[bytes, Any]]]) -> None:
        if key == self.wake_key:
            if entries:
                self._wake_position = text(entries[-1][0])
            return
        link = self._by_stream.get(key)
        if link is None or not link.reading:
            return
        for raw_id, fields in entries:
            entry_id = text(raw_id)
            if id_key(entry_id) <= id_key(link.stream_position):
                continue  # read again after a rejoin
            link.apply_entry(entry_id, fields)

    async def _find_broken_streams(self, exc: ResponseError) -> None:
        """One key of another type fails the whole XREAD: find it, leave it."""
        found = False
        try:
            for link in list(self.links.values()):
                if link.reading and text(await self.redis.type(link.stream_key)) not in ("stream", "none"):
                    link.mark_broken(str(exc))
                    found = True
            if not found and text(await self.redis.type(self.wake_key)) not in ("stream", "none"):
                await self.redis.delete(self.wake_key)
                found = True
        except RedisError as failure:
            self.redis_failed(failure, "stream type check")
            return
        if not found:
            log.error("XREAD refused (%s); retrying", exc)
            await anyio.sleep(BACKOFF_MAX)

    # -- publishing ---------------------------------------------------------

    def kick_publisher(self) -> None:
        self._publish_wakeup.set()

    def announce_state_change(self, workshop_id: str) -> None:
        self._control("workshop", workshop_id=workshop_id)

    def announce_reload(self, doc_id: str) -> None:
        self._control("reload", doc_id=doc_id)

    def _control(self, kind: str, **fields: str) -> None:
        message = {"v": 1, "type": kind, "from": self.process_id, **fields}
        self._control_out.append(json.dumps(message).encode())
        self.kick_publisher()

    async def _publish_loop(self) -> None:
        while True:
            await self._publish_wakeup.wait()
            self._publish_wakeup = anyio.Event()
            while not self.up:
                await self._up_event.wait()
            await self._publish_once()

    async def _publish_once(self) -> None:
        batch = []
        for link in list(self.links.values()):
            updates = link.take_outgoing()
            presence, link.presence_out = link.presence_out, []
            if updates or presence:
                link.in_flight += 1
                batch.append((link, updates, presence))
        control, self._control_out = self._control_out, []
        wake, self._wake_pending = self._wake_pending, False
        if not (batch or control or wake):
            return
        pipe = self.redis.pipeline(transaction=False)
        for link, updates, presence in batch:
            for update in updates:
                fields: dict[Any, Any] = {b"v": ENTRY_VERSION, b"u": update, b"p": link.id}
                pipe.xadd(link.stream_key, fields, maxlen=STREAM_MAX_ENTRIES, approximate=True)
            if updates and time.monotonic() - link.expiry_renewed_at >= EXPIRY_RENEW_SECONDS:
                link.expiry_renewed_at = time.monotonic()
                pipe.pexpire(link.stream_key, STREAM_TTL_MS)
            for kind, payload in presence:
                pipe.publish(link.presence_channel, encode_presence(kind, link.id, payload))
        for message in control:
            pipe.publish(self.control_channel, message)
        if wake:
            pipe.xadd(self.wake_key, {b"w": b"1"}, maxlen=WAKE_MAX_ENTRIES, approximate=False)
            pipe.pexpire(self.wake_key, STREAM_TTL_MS)
        try:
            self.round_trips += 1
            results = await pipe.execute(raise_on_error=False)
        except RedisError as exc:
            for link, updates, _presence in batch:
                link.requeue(updates)
            self._control_out = control + self._control_out
            self._wake_pending = self._wake_pending or wake
            self.redis_failed(exc, "publish")
            return
        finally:
            for link, _updates, _presence in batch:
                link.in_flight -= 1
        failures = [r for r in results if isinstance(r, Exception)]
        if failures:
            # e.g. a stream key of another type: those updates are in the
            # database; the reader marks the key broken.
            log.error("Redis refused %d of %d commands: %s", len(failures), len(results), failures[0])

    # -- pub/sub: presence and control ---------------------------------------

    async def _pubsub_loop(self) -> None:
        delay = BACKOFF_MIN
        pattern = _glob_escape(self.prefix) + "a:*"
        while True:
            while not self.up:
                await self._up_event.wait()
            pubsub = self.redis.pubsub()
            try:
                await pubsub.psubscribe(pattern)
                await pubsub.subscribe(self.control_channel)
                delay = BACKOFF_MIN
                while True:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=PUBSUB_POLL_SECONDS)
                    if message is not None:
                        self._on_pubsub(message)
            except RedisError as exc:
                self.redis_failed(exc, "pub/sub")
                await anyio.sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX)
            finally:
                with anyio.CancelScope(shield=True):
                    try:
                        await pubsub.aclose()  # type: ignore[no-untyped-call]
                    except Exception:
                        log.debug("closing pub/sub failed", exc_info=True)

    def _on_pubsub(self, message: dict[str, Any]) -> None:
        channel = text(message.get("channel") or b"")
        data = message.get("data")
        if not isinstance(data, bytes):
            return
        if channel == self.control_channel:
            self._on_control(data)
            return
        link = self.links.get(channel[len(self.prefix) + 2 :])
        if link is not None and not link.closed:
            link.apply_presence(data)

    def _on_control(self, data: bytes) -> None:
        try:
            if len(data) > MAX_CONTROL_BYTES:
                raise ValueError("too large")
            message = json.loads(data)
            if not isinstance(message, dict) or message.get("v") != 1:
                raise ValueError("unknown version")
            kind, sender = message.get("type"), message.get("from")
            target = message.get("workshop_id" if kind == "workshop" else "doc_id")
            if kind not in ("workshop", "reload") or not isinstance(sender, str) or not isinstance(target, str):
                raise ValueError("unknown message")
        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("ignoring Redis junk on %s: %s", self.control_channel, exc)
            return
        if sender == self.process_id:
            return
        if kind == "workshop":
            if self._tg is not None:
                self._tg.start_soon(self._refresh_states, target)
            return
        link = self.links.get(target)
        if link is not None and not link.closed:
            link.reading = False
            link.needs_resync = True
            self.kick_reader()

    # -- maintenance ----------------------------------------------------------

    async def _refresh_states(self, workshop_id: str | None) -> None:
        try:
            await self.on_state_change(workshop_id)
        except Exception:
            log.exception("re-reading workshop state failed")

    async def _maintenance_loop(self) -> None:
        next_check = time.monotonic() + GAP_CHECK_SECONDS
        while True:
            await anyio.sleep(STATE_REFRESH_SECONDS)
            await self._refresh_states(None)
            if self.up and time.monotonic() >= next_check:
                next_check = time.monotonic() + GAP_CHECK_SECONDS
                for link in list(self.links.values()):
                    await link.check()
                if any(link.needs_resync for link in self.links.values()):
                    self.kick_reader()


def _glob_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "*?[]\\" else ch for ch in text)
