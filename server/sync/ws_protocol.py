"""uvicorn's WebSocket protocol with our close codes where uvicorn picks its
own (docs/realtime.md):

- a message over ``ws_max_size`` closes with 4413, which y-websocket treats as
  final, instead of 1009, which it retries forever;
- a client that stops reading, so that it does not even answer pings, is
  closed with 1013 (the client reconnects), as when its outgoing queue fills
  up, instead of 1011 ("internal error").

It also offers the sync endpoint a lower path for what it sends (the scope's
``DIRECT_SEND`` extension): a broadcast is framed once (``binary_frame``) and
the same bytes are written to every receiver's transport, with no coroutine
and no ASGI ``send`` per receiver. Server frames are not masked, so one
frame serves every connection that negotiated no extension (per-message
deflate is off, ``server/__main__.py``).

``python -m server`` runs uvicorn with it (``server/__main__.py``).
"""

from __future__ import annotations

import asyncio
import logging
import struct
from typing import Any, Protocol

from uvicorn.protocols.utils import ClientDisconnected
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import CloseCode as WsCloseCode
from websockets.http11 import Request
from websockets.protocol import State
from websockets.server import ServerProtocol

from .protocol import CloseCode

TOO_LARGE_REASON = "Mensaje demasiado grande."
STOPPED_READING_REASON = "Conexión sin respuesta."
# The scope extension that carries the connection's ``CocreaWebSocketProtocol``.
DIRECT_SEND = "cocrea.direct_send"
_BINARY = 0x82  # FIN + binary opcode
# Messages read ahead of the application (and their bytes) before the socket
# stops being read: uvicorn stops after every message and starts again when
# the application takes it, two ``epoll_ctl`` calls per message (a tenth of
# the server's time while 3,000 clients joined). A client that sends faster
# than it is served (the endpoint's rate limit sleeping) is still stopped,
# TCP pushing back on it, once this much waits.
READ_AHEAD_MESSAGES = 16
READ_AHEAD_BYTES = 256 * 1024
# websockets' own log of the connection ("connection open" for each one): its
# warnings and errors only; uvicorn's "[accepted]" line says the same.
_protocol_log = logging.getLogger("server.sync.ws_protocol.connection")
_protocol_log.setLevel(logging.WARNING)


def binary_frame(data: bytes) -> bytes:
    """``data`` as one unmasked, unfragmented binary frame (RFC 6455 5.2)."""
    length = len(data)
    if length < 126:
        return bytes((_BINARY, length)) + data
    if length < 65536:
        return struct.pack("!BBH", _BINARY, 126, length) + data
    return struct.pack("!BBQ", _BINARY, 127, length) + data


class _Connection(ServerProtocol):
    def fail(self, code: WsCloseCode | int, reason: str = "") -> None:
        if code == WsCloseCode.MESSAGE_TOO_BIG:
            code, reason = CloseCode.TOO_LARGE, TOO_LARGE_REASON
        super().fail(code, reason)


class Reader(Protocol):
    """What a socket handed over by the application (``hand_over``) tells:
    each message as it is read (``received``), and its end (``ended``:
    the client closed or went away, or the server is shutting down)."""

    def received(self, data: bytes) -> None: ...

    def ended(self) -> None: ...


class _Inbox:
    """What uvicorn's protocol uses of its ``asyncio.Queue`` (``put_nowait``,
    ``get``, ``empty``) for the one application task that reads it, without
    the queue's four deques and its event (about 3 KB per idle connection).
    ``nbytes`` counts the received messages' bytes waiting."""

    __slots__ = ("_items", "_waiter", "nbytes", "reader")

    def __init__(self) -> None:
        self._items: list[Any] = []
        self._waiter: asyncio.Future[None] | None = None
        self.nbytes = 0
        # Once the socket is handed over, what uvicorn's protocol queues for
        # the application goes to the reader instead, as it comes.
        self.reader: Reader | None = None

    def __len__(self) -> int:
        return len(self._items)

    def put_nowait(self, item: Any) -> None:
        reader = self.reader
        if reader is not None:
            if item["type"] == "websocket.receive":
                data = item.get("bytes")
                if data is not None:  # text frames are not part of the protocol
                    reader.received(data)
            else:
                self.reader = None  # nothing more is read
                reader.ended()
            return
        self._items.append(item)
        data = item.get("bytes") or item.get("text")
        if data:
            self.nbytes += len(data)
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def empty(self) -> bool:
        return not self._items

    async def get(self) -> Any:
        while not self._items:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        item = self._items.pop(0)
        data = item.get("bytes") or item.get("text")
        if data:
            self.nbytes -= len(data)
        return item


class _Writable:
    """What uvicorn's protocol uses of its ``writable`` ``asyncio.Event``
    (``set``, ``clear``, ``wait``) without the event's deque of waiters
    (about 700 bytes per connection): the list of waiters exists only while
    someone waits (the transport's buffer is full)."""

    __slots__ = ("_set", "_waiters")

    def __init__(self) -> None:
        self._set = True
        self._waiters: list[asyncio.Future[None]] | None = None

    def is_set(self) -> bool:
        return self._set

    def set(self) -> None:
        self._set = True
        waiters, self._waiters = self._waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(None)

    def clear(self) -> None:
        self._set = False

    async def wait(self) -> None:
        while not self._set:
            waiter = asyncio.get_running_loop().create_future()
            if self._waiters is None:
                self._waiters = []
            self._waiters.append(waiter)
            await waiter


class CocreaWebSocketProtocol(WebSocketsSansIOProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        conn = self.conn
        self.conn = _Connection(
            extensions=conn.available_extensions, max_size=conn.max_message_size, logger=_protocol_log
        )
        self.queue: _Inbox = _Inbox()  # type: ignore[assignment]
        self.writable = _Writable()  # type: ignore[assignment]

    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        self.request = None  # type: ignore[assignment]  # read above; not needed again
        # The parser's generator (websockets' ``ServerProtocol.parse``) keeps
        # the request in its frame for the connection's whole life; its
        # headers were copied into the scope above and are not read again.
        event.headers.clear()
        scope = getattr(self, "scope", None)
        if scope is not None and not self.conn.extensions:
            scope["extensions"][DIRECT_SEND] = self

    def send_receive_event_to_app(self) -> None:
        # uvicorn's, reading on while little waits (``READ_AHEAD_MESSAGES``).
        data = self.frames[0] if len(self.frames) == 1 else b"".join(self.frames)
        self.frames = []
        if self.close_sent:
            return  # past our close: dropped, reading goes on until the client's close
        if self.curr_msg_data_type == "text":
            try:
                self.queue.put_nowait({"type": "websocket.receive", "text": data.decode()})
            except UnicodeDecodeError:
                self.logger.exception("Invalid UTF-8 sequence received from client.")
                self.conn.send_close(1007)
                self.handle_parser_exception()
                return
        else:
            self.queue.put_nowait({"type": "websocket.receive", "bytes": data})
        queue = self.queue
        if not self.read_paused and (len(queue) >= READ_AHEAD_MESSAGES or queue.nbytes >= READ_AHEAD_BYTES):
            self.read_paused = True
            self.transport.pause_reading()

    async def send(self, message: Any) -> None:
        await super().send(message)
        if self.handshake_complete:
            self.response = None  # type: ignore[assignment]  # sent with the accept; its headers go

    def hand_over(self, reader: Reader) -> None:
        """The application lets its ASGI task end and the socket live on:
        from now on each message read goes to ``reader.received`` in the
        protocol's callback (what was read meanwhile first), and uvicorn
        does not close the socket when the application returns. The socket
        is then written with ``write_frame`` and closed with ``close_with``."""
        inbox = self.queue
        waiting, inbox._items, inbox.nbytes = inbox._items, [], 0
        inbox.reader = reader
        # Read on (the inbox's read-ahead may have stopped reading) before
        # the reader takes what waited: its rate limit may stop it again.
        self.start_reading()
        for item in waiting:
            inbox.put_nowait(item)

    @property
    def handed_over(self) -> bool:
        return self.queue.reader is not None

    def stop_reading(self) -> None:
        """Stop reading (a handed-over socket's rate limit): TCP pushes back."""
        if not self.read_paused:
            self.read_paused = True
            self.transport.pause_reading()

    def start_reading(self) -> None:
        if self.read_paused:
            self.read_paused = False
            self.transport.resume_reading()

    def close_with(self, code: int, reason: str) -> None:
        """Close a handed-over socket as uvicorn closes on the application's
        ``websocket.close``: the close frame after what was written, then
        reading on (and dropping) until the client's close, or
        ``close_timeout``. The reader hears no more."""
        self.queue.reader = None
        if self.close_sent or self.disconnected or self.transport.is_closing():
            return
        if self.conn.state is not State.OPEN:
            # The client's close came in the same read, after the message
            # that made us close: uvicorn answers it (``handle_close``) as it
            # does when the application closes too late.
            return
        self.conn.send_close(code, reason)
        self.transport.write(b"".join(self.conn.data_to_send()))
        self.close_sent = True
        self.start_reading()
        self.close_timer = self.loop.call_later(self.close_timeout, self.transport.close)

    async def run_asgi(self) -> None:
        # uvicorn's, but a socket handed over (``hand_over``) stays open when
        # the application returns.
        try:
            result = await self.app(self.scope, self.receive, self.send)
        except ClientDisconnected:
            pass
        except BaseException:
            self.logger.exception("Exception in ASGI application\n")
            self.send_500_response()
        else:
            if not self.handshake_complete:
                self.logger.error("ASGI callable returned without completing handshake.")
                self.send_500_response()
            elif result is not None:
                self.logger.error("ASGI callable should return None, but returned '%s'.", result)
        if self.close_timer is None and not self.handed_over:
            self.transport.close()

    def write_frame(self, frame: bytes) -> bool:
        """Write one frame made by ``binary_frame``, in order with what the
        application sent through ASGI (the handshake is done by then);
        False once the connection is closing."""
        if self.close_sent or self.disconnected or self.conn.state is not State.OPEN:
            return False
        transport = self.transport
        if transport.is_closing():
            return False
        transport.write(frame)
        return True

    def write_buffer_size(self) -> int:
        """Bytes written but not yet taken by the kernel."""
        return self.transport.get_write_buffer_size()

    def keepalive_timeout(self) -> None:
        # uvicorn's, with 1013 for 1011.
        self.pong_timer = None
        self.pending_ping_payload = None
        if self.close_sent or self.transport.is_closing():
            return
        self.conn.fail(CloseCode.TRY_AGAIN_LATER, STOPPED_READING_REASON)
        self.transport.write(b"".join(self.conn.data_to_send()))
        self.close_sent = True
        # Linger as uvicorn does after the application's own close: keep
        # reading (and dropping) what the client still sends, and close after
        # ``close_timeout``. Closing at once would answer the client's late
        # pongs with a reset, and a reset makes the client's kernel drop the
        # frames it has not read yet, this close frame among them (1006).
        # The application hears of it now (its room lets the socket go), as
        # after its own close.
        self.queue.put_nowait({"type": "websocket.disconnect", "code": int(CloseCode.TRY_AGAIN_LATER)})
        if self.read_paused:
            self.read_paused = False
            self.transport.resume_reading()
        self.close_timer = self.loop.call_later(self.close_timeout, self.transport.close)
