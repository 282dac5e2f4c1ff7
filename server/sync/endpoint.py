"""The WebSocket sync endpoint: ``/ws/{workshop_id}/{artifact}``.

Accepts the socket (echoing a subprotocol if one is offered), authenticates,
then relays frames to the room with the write gate in between. Every refusal
is an accept followed by a 44xx close, which y-websocket treats as final.
What a socket is to the serving code (its room, its person, its write gate)
is a ``Seat``: a workshop member's here, a plan reader's in server/plan_live.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from starlette.websockets import WebSocket, WebSocketState

from workshops.errors import WorkshopError
from workshops.messages import _
from workshops.roles import Role

from ..auth import token_from
from ..errors import ApiError, close_code_for, close_reason
from ..i18n import request_language
from .protocol import EMPTY_UPDATE, CloseCode, Frame, MessageType, ProtocolError, SyncType, is_panic, parse_frame
from .room import Budget, DocumentTooLarge, Room
from .ws_protocol import DIRECT_SEND, CocreaWebSocketProtocol, binary_frame

if TYPE_CHECKING:
    from ..app import Cocrea

log = logging.getLogger(__name__)

OUTBOX_SIZE = 2048
OUTBOX_MAX_BYTES = 16 * 1024 * 1024
# How long a refused or overflowed connection's close may take.
CLOSE_TIMEOUT = 2.0
# Presence frames (echoes included) read per second per socket, as a multiple
# of the message rate.
PRESENCE_FRAME_FACTOR = 4
# A reader with this many frames queued gets no more presence broadcasts.
PRESENCE_QUEUE_LIMIT = OUTBOX_SIZE // 4
# Direct path: writes to a connection are at least this far apart when the
# server is busy (see ``_Writer``).
COALESCE_SECONDS = 0.004
_AWARENESS = bytes([MessageType.AWARENESS])


class Seat(Protocol):
    """Who a socket is and where it sits. ``enter`` before the room is
    joined, ``leave`` once the socket ended (never raises)."""

    @property
    def person(self) -> str: ...  # whose sockets are counted and whose presence budgeted together
    @property
    def doc_id(self) -> str: ...
    @property
    def identity(self) -> dict[str, Any]: ...  # the awareness ``user`` field
    @property
    def silent(self) -> bool: ...  # its presence frames are dropped unread
    async def enter(self) -> None: ...
    def leave(self) -> None: ...
    def can_write(self) -> bool: ...
    def refusal(self) -> Closing: ...  # why a write is refused (4403)


class WorkshopSeat:
    """A workshop member's (or display's) socket on one of its documents."""

    __slots__ = ("artifact", "doc_id", "identity", "participant", "person", "services", "silent", "workshop_id")

    def __init__(self, cocrea: Cocrea, participant: Any, workshop_id: str, artifact: str) -> None:
        self.services = cocrea.services
        self.participant = participant
        self.workshop_id = workshop_id
        self.artifact = artifact
        self.person = participant.id
        self.doc_id = f"{workshop_id}/{artifact}"
        self.identity = {
            "id": participant.id,
            "name": participant.name,
            "sector": participant.sector,
            "role": str(participant.role),
        }
        # A projector display (server/displays.py) reads and is nobody: its
        # presence is dropped unread and it never writes.
        self.silent = participant.role is Role.DISPLAY

    async def enter(self) -> None:
        await self.services.connect(self.workshop_id)

    def leave(self) -> None:
        self.services.disconnect(self.workshop_id)

    def can_write(self) -> bool:
        return not self.silent and self.services.can_write(self.participant, self.artifact)

    def refusal(self) -> Closing:
        if self.silent:
            return Closing(CloseCode.FORBIDDEN, "Una pantalla solo muestra la mesa; no puede escribir.")
        try:
            self.services.check_write(self.participant, self.artifact)
        except WorkshopError as exc:
            return Closing(CloseCode.FORBIDDEN, exc.message)
        return Closing(CloseCode.FORBIDDEN, "Sin permiso de escritura.")


class Closing(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class TokenBucket:
    """Per-connection rate limit by back-pressure: a client over its rate is
    read more slowly (TCP pushes back on it), never disconnected, so a burst
    of edits arrives late rather than not at all."""

    __slots__ = ("capacity", "rate", "stamp", "tokens")

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.capacity = float(burst)
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    async def take(self) -> None:
        wait = self.delay()
        if wait > 0:
            await anyio.sleep(wait)

    def delay(self) -> float:
        """Take a token: how long to wait before the next read (0: none)."""
        now = time.monotonic()
        tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        if tokens >= 1:
            self.tokens, self.stamp = tokens - 1, now
            return 0.0
        wait = (1 - tokens) / self.rate
        # The token that comes in ``wait`` is taken: none left then.
        self.tokens, self.stamp = 0.0, now + wait
        return wait


class WebSocketChannel:
    """A connection as rooms see it: ``send`` queues and never raises (D6).
    A reader that lets its outbox fill up (in frames or bytes) is cut off,
    not waited for: ``on_overflow`` ends its connection."""

    def __init__(
        self,
        ws: WebSocket,
        identity: dict[str, Any],
        outbox: MemoryObjectSendStream[bytes],
        on_overflow: Callable[[], None],
    ) -> None:
        self.ws = ws
        self._identity = identity
        self._outbox = outbox
        self._on_overflow = on_overflow
        self.queued_bytes = 0
        self.overflowed = False

    @property
    def identity(self) -> dict[str, Any]:
        return dict(self._identity)

    def send_presence(self, data: bytes) -> None:
        """Queue a presence broadcast unless this reader is falling behind:
        presence is dropped (the next renewal restores it) so that it never
        pushes document updates out of the queue."""
        if self._outbox.statistics().current_buffer_used >= PRESENCE_QUEUE_LIMIT:
            return
        if self.queued_bytes + len(data) > OUTBOX_MAX_BYTES // 4:
            return
        self.send(data)

    def send(self, data: bytes) -> None:
        if self.overflowed:
            return
        try:
            if self.queued_bytes + len(data) > OUTBOX_MAX_BYTES:
                raise anyio.WouldBlock
            self._outbox.send_nowait(data)
            self.queued_bytes += len(data)
        except anyio.WouldBlock:
            self.overflowed = True
            self._outbox.close()
            self._on_overflow()
        except (anyio.ClosedResourceError, anyio.BrokenResourceError):
            pass

    async def pump(self, outbox: MemoryObjectReceiveStream[bytes]) -> None:
        """Write queued frames to the socket, in order."""
        try:
            async with outbox:
                async for data in outbox:
                    await self.ws.send_bytes(data)
                    self.queued_bytes -= len(data)
        except Exception:  # the client is gone; the receive loop notices
            pass


# The last message framed for a direct send: a broadcast hands the same bytes
# object to every connection, so it is framed once, not once per receiver.
_last_framed: tuple[bytes, bytes] = (b"", binary_frame(b""))


def _framed(data: bytes) -> bytes:
    global _last_framed
    message, frame = _last_framed
    if message is not data:
        frame = binary_frame(data)
        _last_framed = (data, frame)
    return frame


class _Writer:
    """Writes what ``DirectChannel``s queued, one write per connection per
    turn: the frames a connection was sent while the event loop ran the
    tasks of one turn (several writers' updates read in the same turn, say)
    go out in one ``send`` system call, each still its own frame (y-websocket
    3 reads one message per frame). When turns follow each other faster
    than ``COALESCE_SECONDS`` (a busy room), the next write waits until that
    much time has passed since the last one, so that what arrives meanwhile
    goes out together: at most ``COALESCE_SECONDS`` more latency, and only
    under load."""

    __slots__ = ("_dirty", "_last", "_scheduled")

    def __init__(self) -> None:
        self._dirty: list[DirectChannel] = []
        self._scheduled = False
        self._last = 0.0

    def add(self, channel: DirectChannel) -> None:
        self._dirty.append(channel)
        if not self._scheduled:
            self._scheduled = True
            loop = asyncio.get_running_loop()
            wait = COALESCE_SECONDS - (loop.time() - self._last)
            if wait > 0:
                loop.call_later(wait, self._write)
            else:
                loop.call_soon(self._write)

    def _write(self) -> None:
        self._scheduled = False
        self._last = asyncio.get_running_loop().time()
        dirty, self._dirty = self._dirty, []
        for channel in dirty:
            try:
                channel.write_out()
            except Exception:  # never one connection's failure for the others (D6)
                log.exception("writing to a sync socket failed")


_writer = _Writer()


class DirectChannel:
    """A connection as rooms see it when uvicorn runs our protocol: ``send``
    frames the message (once per broadcast, see ``_framed``) and queues the
    frame, the same bytes object for every receiver; ``_Writer`` writes it
    to the socket's transport within the turn. No task and no queue object
    per connection: the transport's write buffer is the outbox, with the
    same bounds as ``WebSocketChannel``'s: a reader with more than
    ``OUTBOX_MAX_BYTES`` or ``OUTBOX_SIZE`` frames waiting (queued, or
    written since the transport's buffer was last empty) is cut off through
    ``on_overflow``."""

    __slots__ = ("_identity", "_on_overflow", "_queued", "_socket", "close", "frames_waiting", "overflowed", "ws")

    def __init__(
        self,
        ws: WebSocket,
        socket: CocreaWebSocketProtocol,
        identity: dict[str, Any],
        on_overflow: Callable[[], None],
        on_close: Callable[[int, str], None],
    ) -> None:
        # The application's side of the socket (its request's language).
        self.ws = ws
        # What closes the connection from outside it (a revocation, 4401):
        # ``close(code, reason)``, the reason in the request's language.
        self.close = on_close
        self._socket = socket
        self._identity = identity
        self._on_overflow = on_overflow
        self._queued: list[bytes] | None = None
        self.frames_waiting = 0
        self.overflowed = False

    @property
    def identity(self) -> dict[str, Any]:
        return dict(self._identity)

    def send_presence(self, data: bytes) -> None:
        """As ``WebSocketChannel.send_presence``: none for a reader behind."""
        if self.frames_waiting >= PRESENCE_QUEUE_LIMIT:
            return
        if self._socket.write_buffer_size() + len(data) > OUTBOX_MAX_BYTES // 4:
            return
        self.send(data)

    def send(self, data: bytes) -> None:
        if self.overflowed:
            return
        queued = self._queued
        if queued is None:
            self._queued = [_framed(data)]
            _writer.add(self)
        elif len(queued) + self.frames_waiting >= OUTBOX_SIZE:
            self._overflow()
        else:
            queued.append(_framed(data))

    def write_out(self) -> None:
        """Write the queued frames (``_Writer`` calls it; so does the
        endpoint before it closes the socket)."""
        queued, self._queued = self._queued, None
        if not queued or self.overflowed:
            return
        data = queued[0] if len(queued) == 1 else b"".join(queued)
        socket = self._socket
        waiting = socket.write_buffer_size()
        if waiting and (waiting + len(data) > OUTBOX_MAX_BYTES or self.frames_waiting + len(queued) > OUTBOX_SIZE):
            self._overflow()
        elif socket.write_frame(data):
            self.frames_waiting = self.frames_waiting + len(queued) if socket.write_buffer_size() else 0

    def _overflow(self) -> None:
        self.overflowed = True
        self._queued = None
        self._on_overflow()


def _origin_allowed(ws: WebSocket, allowed: set[str]) -> bool:
    origin = ws.headers.get("origin")
    if not origin:
        return True  # not a browser: nothing to forge
    host = ws.headers.get("host", "")
    return origin.split("://", 1)[-1] == host or origin in allowed


async def _close(ws: WebSocket, code: int, reason: str) -> None:
    if ws.client_state is WebSocketState.CONNECTED and ws.application_state is WebSocketState.CONNECTED:
        with contextlib.suppress(Exception):
            await ws.close(code, close_reason(reason, ws))


def _drop_headers(ws: WebSocket) -> None:
    """Let the request's headers go once the checks have read them (about
    1.5 KB per idle connection): the scope's list (shared, the same object,
    by every copy of the scope the middlewares made) is emptied in place but
    for an ``Accept-Language`` that names the language the socket's close
    reasons are in (``close_reason``: ``?lang=``, then the cookie, then the
    header), so that a later close (a revocation, a refused write) still
    speaks it."""
    language = request_language(ws)
    headers = ws.scope["headers"]
    headers[:] = [(b"accept-language", language.encode("ascii"))]
    for cached in ("_headers", "_cookies", "_query_params"):
        ws.__dict__.pop(cached, None)


async def sync_endpoint(ws: WebSocket) -> None:
    cocrea: Cocrea = ws.app.state.cocrea
    workshop_id = ws.path_params["workshop_id"]
    artifact = ws.path_params["artifact"]
    if not await accept_socket(ws, cocrea):
        return
    try:
        participant = await cocrea.services.authenticate(workshop_id, token_from(ws, workshop_id), display=True)
    except (ApiError, WorkshopError) as exc:
        await refuse_socket(ws, exc)
        return
    if not await cocrea.services.has_document(workshop_id, artifact):
        await _close(ws, CloseCode.NOT_FOUND, _("Documento desconocido: {artifact}.", artifact=artifact))
        return
    await serve_seat(ws, cocrea, WorkshopSeat(cocrea, participant, workshop_id, artifact))


async def accept_socket(ws: WebSocket, cocrea: Cocrea) -> bool:
    """Accept the socket (echoing the first subprotocol offered); False,
    closed with 4403, when a browser's ``Origin`` is not ours."""
    offered = ws.scope.get("subprotocols") or []
    await ws.accept(subprotocol=offered[0] if offered else None)
    if not _origin_allowed(ws, cocrea.allowed_origins):
        await _close(ws, CloseCode.FORBIDDEN, "Origen no permitido.")
        return False
    return True


async def refuse_socket(ws: WebSocket, exc: ApiError | WorkshopError) -> None:
    """Close an accepted socket with the close code of ``exc`` (4401, 4403, 4404…)."""
    await _close(ws, close_code_for(exc), getattr(exc, "message", str(exc)))


async def serve_seat(ws: WebSocket, cocrea: Cocrea, seat: Seat) -> None:
    """Serve an accepted, authorized socket in its room until it ends."""
    _drop_headers(ws)
    if not cocrea.rooms.open_socket(seat.person):
        await _close(ws, CloseCode.TRY_AGAIN_LATER, "Demasiadas conexiones abiertas de la misma persona.")
        return
    handed_over = False
    try:
        handed_over = await _serve_room(ws, cocrea, seat)
    finally:
        if not handed_over:
            cocrea.rooms.close_socket(seat.person)


@contextlib.asynccontextmanager
async def _seated(seat: Seat) -> Any:
    await seat.enter()
    try:
        yield
    finally:
        seat.leave()


async def _serve_room(ws: WebSocket, cocrea: Cocrea, seat: Seat) -> bool:
    """Serve the socket in the room; True when it was handed over to a
    ``_DirectReader``, which then ends what this opened when the socket ends."""
    settings = cocrea.settings
    socket = ws.scope.get("extensions", {}).get(DIRECT_SEND)
    if isinstance(socket, CocreaWebSocketProtocol):
        return await _hand_over(ws, cocrea, socket, seat)
    closing: Closing | None = None
    async with _seated(seat), cocrea.rooms.joined(seat.doc_id) as room:
        if len(room.clients) >= settings.max_clients_per_room:
            await _close(ws, CloseCode.TRY_AGAIN_LATER, "La sala está llena.")
            return False
        closing = await _serve_queued(ws, cocrea, room, seat)
    if closing is not None:
        await _close(ws, closing.code, closing.reason)
    return False


async def _hand_over(ws: WebSocket, cocrea: Cocrea, socket: CocreaWebSocketProtocol, seat: Seat) -> bool:
    """Under our uvicorn protocol: join the room, then hand the socket to a
    ``_DirectReader`` and let this task (and the ASGI stack's two dozen
    coroutines above it) end. No task per idle connection."""
    rooms = cocrea.rooms
    await seat.enter()
    try:
        room = await rooms.acquire(seat.doc_id)
    except BaseException:
        seat.leave()
        raise
    if len(room.clients) >= cocrea.settings.max_clients_per_room:
        with anyio.CancelScope(shield=True):
            await rooms.release(room)
        seat.leave()
        await _close(ws, CloseCode.TRY_AGAIN_LATER, "La sala está llena.")
        return False
    try:
        reader = _DirectReader(ws, cocrea, room, socket, seat)
    except BaseException:
        rooms.leave(room)
        seat.leave()
        raise
    socket.hand_over(reader)  # from here on the reader ends all that
    return True


class _DirectReader:
    """The reading side of a handed-over socket (``hand_over``), in the
    protocol's callbacks: each message is acted on as it is read, as the
    queued path's ``_serve`` loop does. The rate limit stops reading
    (``stop_reading``: TCP pushes back) for as long as ``_serve`` would
    sleep; a close (a refused message, an overflow, a revocation) writes
    what was queued, then the close frame, and lingers for the client's
    (``close_with``). When the socket ends, the room, the workshop's cache
    and the per-person count are left (``_end``), as ``_serve_room``'s
    context managers leave them."""

    __slots__ = (
        "_bucket",
        "_cocrea",
        "_connection",
        "_pending",
        "_presence_frames",
        "_seat",
        "_socket",
        "_timer",
        "_ws",
        "channel",
        "done",
    )

    def __init__(
        self,
        ws: WebSocket,
        cocrea: Cocrea,
        room: Room,
        socket: CocreaWebSocketProtocol,
        seat: Seat,
    ) -> None:
        settings = cocrea.settings
        self._ws = ws
        self._cocrea = cocrea
        self._socket = socket
        self._seat = seat
        self._bucket = TokenBucket(settings.message_rate, settings.message_burst)
        factor = PRESENCE_FRAME_FACTOR
        self._presence_frames = Budget(settings.message_rate * factor, settings.message_burst * factor)
        # Messages read while the rate limit waits (the rest of what one read
        # from the transport held), acted on when it ends.
        self._pending: list[bytes] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self.done = False
        self.channel = DirectChannel(ws, socket, seat.identity, on_overflow=self._overflowed, on_close=self.close)
        presence = cocrea.rooms.presence_budget(seat.person)
        self._connection = _Connection(room, self.channel, seat, presence, settings.max_message_bytes)
        room.add_client(self.channel)

    def received(self, data: bytes) -> None:
        if self.done:
            return
        if self._pending is not None:
            self._pending.append(data)
            return
        self._act(data)

    def _act(self, data: bytes) -> None:
        try:
            throttled = _handle_message(self._connection, data, self._presence_frames)
        except Closing as exc:
            self.close(exc.code, exc.reason)
            return
        if throttled:
            wait = self._bucket.delay()
            if wait > 0:
                self._pending = []
                self._socket.stop_reading()
                self._timer = asyncio.get_running_loop().call_later(wait, self._resume)

    def _resume(self) -> None:
        self._timer = None
        pending, self._pending = self._pending or [], None
        while pending and not self.done:
            self._act(pending.pop(0))
            if self._pending is not None:  # waiting again: the rest after
                self._pending[:0] = pending
                return
        if not self.done:
            self._socket.start_reading()

    def ended(self) -> None:
        """The client closed or went away (or the server shuts down)."""
        self._end()

    def close(self, code: int, reason: str) -> None:
        """Close the socket with ``code`` (``reason`` in the request's language)."""
        if self.done:
            return
        self._end()
        self._socket.close_with(code, close_reason(reason, self._ws))

    def _overflowed(self) -> None:
        # Called while the room sends to its clients: closed on the next turn.
        asyncio.get_running_loop().call_soon(self.close, CloseCode.TRY_AGAIN_LATER, "Conexión demasiado lenta.")

    def _end(self) -> None:
        if self.done:
            return
        self.done = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._pending = None
        connection, channel = self._connection, self.channel
        room = connection.room
        room.remove_client(channel)
        channel.write_out()  # before any close frame
        cocrea = self._cocrea
        self._seat.leave()
        cocrea.rooms.close_socket(self._seat.person)
        cocrea.rooms.leave(room)


async def _serve_queued(ws: WebSocket, cocrea: Cocrea, room: Room, seat: Seat) -> Closing | None:
    """The same under any other ASGI server (or with an extension such as
    per-message deflate): an outbox and a task per connection."""
    send_stream, receive_stream = anyio.create_memory_object_stream[bytes](OUTBOX_SIZE)
    closing: Closing | None = None
    async with anyio.create_task_group() as tg:
        channel = WebSocketChannel(ws, seat.identity, send_stream, on_overflow=tg.cancel_scope.cancel)
        tg.start_soon(channel.pump, receive_stream)
        room.add_client(channel)
        try:
            await _serve(ws, cocrea, room, channel, seat)
        except Closing as exc:
            closing = exc
        finally:
            room.remove_client(channel)
            send_stream.close()
            tg.cancel_scope.cancel()
    if channel.overflowed:
        return Closing(CloseCode.TRY_AGAIN_LATER, "Conexión demasiado lenta.")
    return closing


async def _serve(
    ws: WebSocket,
    cocrea: Cocrea,
    room: Room,
    channel: WebSocketChannel,
    seat: Seat,
) -> None:
    settings = cocrea.settings
    bucket = TokenBucket(settings.message_rate, settings.message_burst)
    # Presence changes are budgeted per person over all their sockets, and
    # dropped (never waited for) past it, so they cannot delay anyone's edits.
    presence = cocrea.rooms.presence_budget(seat.person)
    factor = PRESENCE_FRAME_FACTOR
    presence_frames = Budget(settings.message_rate * factor, settings.message_burst * factor)
    connection = _Connection(room, channel, seat, presence, settings.max_message_bytes)
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return
        data = message.get("bytes")
        if data is None:
            continue  # text frames are not part of the protocol
        if _handle_message(connection, data, presence_frames):
            await bucket.take()


def _handle_message(connection: _Connection, data: bytes, presence_frames: Budget) -> bool:
    """Act on one message; True when it counts against the socket's rate
    (the caller then waits as its ``TokenBucket`` says). Raises ``Closing``."""
    most = connection.max_message_bytes
    if len(data) > most:
        raise Closing(CloseCode.TOO_LARGE, _("Mensaje demasiado grande (máximo {most} bytes).", most=most))
    is_presence = data[:1] == _AWARENESS
    if is_presence and not presence_frames.take():
        # Far more presence than any client sends (an honest one echoes at
        # most the room's budget): dropped unread, and this socket alone is
        # read more slowly.
        return True
    room = connection.room
    try:
        connection.handle(parse_frame(data))
    except ProtocolError as exc:
        raise Closing(CloseCode.BAD_MESSAGE, _("Mensaje no válido: {reason}.", reason=exc.reason)) from None
    except DocumentTooLarge:
        raise Closing(CloseCode.TOO_LARGE, "El documento alcanzó su tamaño máximo.") from None
    except (Closing, anyio.get_cancelled_exc_class()):
        raise
    except Exception:
        log.exception("unexpected error on %s", room.doc_id)
        raise Closing(CloseCode.INTERNAL_ERROR, "Error interno; vuelve a conectar.") from None
    except BaseException as exc:
        # pycrdt's Rust panics are BaseExceptions: the frame is one yrs
        # cannot take, so it is refused like any other bad frame.
        if not is_panic(exc):
            raise
        log.error("pycrdt panicked on a frame for %s: %s", room.doc_id, exc)
        raise Closing(CloseCode.BAD_MESSAGE, "Mensaje no válido: el servidor no puede aplicarlo.") from None
    return not is_presence


class _Connection:
    """The per-connection part of the protocol: the write gate."""

    __slots__ = ("channel", "max_message_bytes", "presence", "reader_step2_seen", "room", "seat", "silent")

    def __init__(
        self,
        room: Room,
        channel: DirectChannel | WebSocketChannel,
        seat: Seat,
        presence: Budget,
        max_message_bytes: int,
    ) -> None:
        self.presence = presence
        self.room = room
        self.channel = channel
        self.seat = seat
        self.max_message_bytes = max_message_bytes
        self.reader_step2_seen = False
        self.silent = seat.silent

    def handle(self, frame: Frame) -> None:
        """Act on one frame."""
        room, channel = self.room, self.channel
        if frame.type == MessageType.AWARENESS:
            if not self.silent:
                room.apply_awareness(channel, frame.payload, self.presence)
        elif frame.type == MessageType.QUERY_AWARENESS:
            room.answer_query_awareness(channel)
        elif frame.type == MessageType.SAVE_BARRIER:
            room.request_save_barrier(channel, frame.number)
        elif frame.sync_type == SyncType.STEP1:
            room.answer_sync_step1(channel, frame.payload)
        elif self.seat.can_write():
            room.apply_update(channel, frame.payload)
        elif not self._is_readers_reply(frame):
            raise self.seat.refusal()

    def _is_readers_reply(self, frame: Frame) -> bool:
        """A read-only client answers our SyncStep1 once with a SyncStep2 that
        usually carries the whole delete set and nothing new. That one is
        checked (on a copy of the document); any other update is a write."""
        if frame.payload == EMPTY_UPDATE:
            return True
        if frame.sync_type != SyncType.STEP2 or self.reader_step2_seen:
            return False
        self.reader_step2_seen = True
        return self.room.is_noop_update(frame.payload)
