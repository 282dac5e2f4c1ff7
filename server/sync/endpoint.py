"""The WebSocket sync endpoint: ``/ws/{workshop_id}/{artifact}``.

Accepts the socket (echoing a subprotocol if one is offered), authenticates,
then relays frames to the room with the write gate in between. Every refusal
is an accept followed by a 44xx close, which y-websocket treats as final.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from starlette.websockets import WebSocket, WebSocketState

from workshops.errors import WorkshopError
from workshops.messages import _
from workshops.roles import Role

from ..auth import token_from
from ..errors import ApiError, close_code_for, close_reason
from .protocol import EMPTY_UPDATE, CloseCode, Frame, MessageType, ProtocolError, SyncType, is_panic, parse_frame
from .room import Budget, DocumentTooLarge, Room

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


class Closing(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class TokenBucket:
    """Per-connection rate limit by back-pressure: a client over its rate is
    read more slowly (TCP pushes back on it), never disconnected, so a burst
    of edits arrives late rather than not at all."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.capacity = float(burst)
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    async def take(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            await anyio.sleep((1 - self.tokens) / self.rate)
            self.tokens, self.stamp = 1.0, time.monotonic()
        self.tokens -= 1


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


async def sync_endpoint(ws: WebSocket) -> None:
    cocrea: Cocrea = ws.app.state.cocrea
    workshop_id = ws.path_params["workshop_id"]
    artifact = ws.path_params["artifact"]
    offered = ws.scope.get("subprotocols") or []
    await ws.accept(subprotocol=offered[0] if offered else None)

    if not _origin_allowed(ws, cocrea.allowed_origins):
        await _close(ws, CloseCode.FORBIDDEN, "Origen no permitido.")
        return
    try:
        participant = await cocrea.services.authenticate(workshop_id, token_from(ws, workshop_id), display=True)
    except (ApiError, WorkshopError) as exc:
        await _close(ws, close_code_for(exc), getattr(exc, "message", str(exc)))
        return
    if not await cocrea.services.has_document(workshop_id, artifact):
        await _close(ws, CloseCode.NOT_FOUND, _("Documento desconocido: {artifact}.", artifact=artifact))
        return

    if not cocrea.rooms.open_socket(participant.id):
        await _close(ws, CloseCode.TRY_AGAIN_LATER, "Demasiadas conexiones abiertas de la misma persona.")
        return
    try:
        await _serve_room(ws, cocrea, participant, workshop_id, artifact)
    finally:
        cocrea.rooms.close_socket(participant.id)


async def _serve_room(ws: WebSocket, cocrea: Cocrea, participant: Any, workshop_id: str, artifact: str) -> None:
    settings = cocrea.settings
    identity = {
        "id": participant.id,
        "name": participant.name,
        "sector": participant.sector,
        "role": str(participant.role),
    }
    send_stream, receive_stream = anyio.create_memory_object_stream[bytes](OUTBOX_SIZE)
    doc_id = f"{workshop_id}/{artifact}"
    closing: Closing | None = None
    async with cocrea.services.connected(workshop_id), cocrea.rooms.joined(doc_id) as room:
        if len(room.clients) >= settings.max_clients_per_room:
            await _close(ws, CloseCode.TRY_AGAIN_LATER, "La sala está llena.")
            return
        async with anyio.create_task_group() as tg:
            channel = WebSocketChannel(ws, identity, send_stream, on_overflow=tg.cancel_scope.cancel)
            tg.start_soon(channel.pump, receive_stream)
            room.add_client(channel)
            try:
                await _serve(ws, cocrea, room, channel, participant, artifact)
            except Closing as exc:
                closing = exc
            finally:
                room.remove_client(channel)
                send_stream.close()
                tg.cancel_scope.cancel()
    if channel.overflowed:
        closing = Closing(CloseCode.TRY_AGAIN_LATER, "Conexión demasiado lenta.")
    if closing is not None:
        await _close(ws, closing.code, closing.reason)


async def _serve(
    ws: WebSocket, cocrea: Cocrea, room: Room, channel: WebSocketChannel, participant: Any, artifact: str
) -> None:
    settings = cocrea.settings
    bucket = TokenBucket(settings.message_rate, settings.message_burst)
    # Presence changes are budgeted per person over all their sockets, and
    # dropped (never waited for) past it, so they cannot delay anyone's edits.
    presence = cocrea.rooms.presence_budget(participant.id)
    factor = PRESENCE_FRAME_FACTOR
    presence_frames = Budget(settings.message_rate * factor, settings.message_burst * factor)
    connection = _Connection(cocrea, room, channel, participant, artifact, presence)
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return
        data = message.get("bytes")
        if data is None:
            continue  # text frames are not part of the protocol
        if len(data) > settings.max_message_bytes:
            raise Closing(
                CloseCode.TOO_LARGE,
                _("Mensaje demasiado grande (máximo {most} bytes).", most=settings.max_message_bytes),
            )
        is_presence = data[:1] == bytes([MessageType.AWARENESS])
        if is_presence and not presence_frames.take():
            # Far more presence than any client sends (an honest one echoes
            # at most the room's budget): dropped unread, and this socket
            # alone is read more slowly.
            await bucket.take()
            continue
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
        if not is_presence:
            await bucket.take()


class _Connection:
    """The per-connection part of the protocol: the write gate."""

    def __init__(
        self, cocrea: Cocrea, room: Room, channel: WebSocketChannel, participant: Any, artifact: str, presence: Budget
    ) -> None:
        self.cocrea = cocrea
        self.presence = presence
        self.room = room
        self.channel = channel
        self.participant = participant
        self.artifact = artifact
        self.reader_step2_seen = False
        # A projector display (server/displays.py) reads and is nobody: its
        # presence is dropped unread and it never writes.
        self.display = participant.role is Role.DISPLAY

    def handle(self, frame: Frame) -> None:
        """Act on one frame."""
        room, channel = self.room, self.channel
        if frame.type == MessageType.AWARENESS:
            if not self.display:
                room.apply_awareness(channel, frame.payload, self.presence)
        elif frame.type == MessageType.QUERY_AWARENESS:
            room.answer_query_awareness(channel)
        elif frame.type == MessageType.SAVE_BARRIER:
            room.request_save_barrier(channel, frame.number)
        elif frame.sync_type == SyncType.STEP1:
            room.answer_sync_step1(channel, frame.payload)
        elif not self.display and self.cocrea.services.can_write(self.participant, self.artifact):
            room.apply_update(channel, frame.payload)
        elif not self._is_readers_reply(frame):
            self._refuse()

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

    def _refuse(self) -> None:
        if self.display:
            raise Closing(CloseCode.FORBIDDEN, "Una pantalla solo muestra la mesa; no puede escribir.")
        try:
            self.cocrea.services.check_write(self.participant, self.artifact)
        except WorkshopError as exc:
            raise Closing(CloseCode.FORBIDDEN, exc.message) from None
        raise Closing(CloseCode.FORBIDDEN, "Sin permiso de escritura.")
