"""The wire: y-protocols message framing, our one extension, close codes.

Parsing and encoding go through pycrdt's codec (``Decoder`` and the
``create_*`` helpers); this module only names the numbers and turns bad
frames into ``ProtocolError`` instead of an exception deep in a room.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from pycrdt import (
    Decoder,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_update_message,
    write_var_uint,
)
from pycrdt._sync import create_sync_step1_message, create_sync_step2_message

from workshops.document_schema import MESSAGE_SAVE_BARRIER


class MessageType(IntEnum):
    SYNC = YMessageType.SYNC
    AWARENESS = YMessageType.AWARENESS
    AUTH = 2
    QUERY_AWARENESS = 3
    SAVE_BARRIER = MESSAGE_SAVE_BARRIER


class SyncType(IntEnum):
    STEP1 = YSyncMessageType.SYNC_STEP1
    STEP2 = YSyncMessageType.SYNC_STEP2
    UPDATE = YSyncMessageType.SYNC_UPDATE


class CloseCode(IntEnum):
    """4000 + the HTTP status it stands for. y-websocket >= 3.1 treats
    4400-4499 as final (no reconnect); the others make it reconnect."""

    BAD_MESSAGE = 4400
    UNAUTHORIZED = 4401
    FORBIDDEN = 4403
    NOT_FOUND = 4404
    TOO_LARGE = 4413
    # Non-final: the client reconnects and resynchronises.
    GOING_AWAY = 1001
    INTERNAL_ERROR = 1011
    TRY_AGAIN_LATER = 1013
    SERVICE_RESTART = 1012


EMPTY_UPDATE = b"\x00\x00"


class ProtocolError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Frame:
    type: int
    sync_type: int | None = None
    payload: bytes = b""
    number: int = 0  # the SAVE_BARRIER counter


# lib0 varuints stop at 2^53; anything longer is garbage (and pycrdt's own
# reader would spend quadratic time on a megabyte of 0xFF bytes).
MAX_VARUINT_BYTES = 8


class BoundedDecoder(Decoder):
    """pycrdt's decoder with the bounds a network peer needs: short numbers,
    lengths that fit in what is left, and a way to tell trailing bytes."""

    def read_var_uint(self) -> int:
        if self.length > 0 and self.stream[self.i0] < 0x80:  # the usual one-byte number
            self.i0 += 1
            self.length -= 1
            return self.stream[self.i0 - 1]
        value = 0
        for i in range(MAX_VARUINT_BYTES):
            if self.length <= 0:
                raise ProtocolError("mensaje truncado")
            byte = self.stream[self.i0]
            self.i0 += 1
            self.length -= 1
            value |= (byte & 0x7F) << (7 * i)
            if byte < 0x80:
                return value
        raise ProtocolError("número demasiado largo")

    def read_message(self) -> bytes | None:
        if self.length == 0:
            return None
        length = self.read_var_uint()
        if length > self.length:
            raise ProtocolError("longitud mayor que el mensaje")
        message = self.stream[self.i0 : self.i0 + length]
        self.i0 += length
        self.length -= length
        return message

    def check_done(self) -> None:
        if self.length:
            raise ProtocolError("bytes de más al final del mensaje (un mensaje por trama)")


def parse_frame(data: bytes) -> Frame:
    """Decode one client frame; raise ``ProtocolError`` for anything malformed."""
    try:
        decoder = BoundedDecoder(data)
        frame = _read_frame(decoder)
        decoder.check_done()
        return frame
    except ProtocolError:
        raise
    except (IndexError, RuntimeError, ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"mensaje mal formado ({exc.__class__.__name__})") from None


def _read_frame(decoder: BoundedDecoder) -> Frame:
    message_type = decoder.read_var_uint()
    if message_type == MessageType.SYNC:
        sync_type = decoder.read_var_uint()
        if sync_type not in SyncType.__members__.values():
            raise ProtocolError(f"tipo de mensaje de sincronización desconocido: {sync_type}")
        payload = decoder.read_message()
        if payload is None:
            raise ProtocolError("mensaje de sincronización sin contenido")
        return Frame(MessageType.SYNC, sync_type, payload)
    if message_type == MessageType.AWARENESS:
        payload = decoder.read_message()
        if payload is None:
            raise ProtocolError("mensaje de presencia sin contenido")
        return Frame(MessageType.AWARENESS, None, payload)
    if message_type == MessageType.QUERY_AWARENESS:
        return Frame(MessageType.QUERY_AWARENESS)
    if message_type == MessageType.SAVE_BARRIER:
        return Frame(MessageType.SAVE_BARRIER, number=decoder.read_var_uint())
    if message_type == MessageType.AUTH:
        raise ProtocolError("los clientes no envían mensajes de autorización")
    raise ProtocolError(f"tipo de mensaje desconocido: {message_type}")


def is_panic(exc: BaseException) -> bool:
    """A Rust panic in pycrdt: pyo3's ``PanicException`` derives from
    ``BaseException``, so ``except Exception`` lets it through."""
    return type(exc).__name__ == "PanicException"


def sync_step1(state_vector: bytes) -> bytes:
    return create_sync_step1_message(state_vector)


def sync_step2(update: bytes) -> bytes:
    return create_sync_step2_message(update)


def update_message(update: bytes) -> bytes:
    return create_update_message(update)


def awareness_message(update: bytes) -> bytes:
    return create_awareness_message(update)


def save_barrier_message(number: int) -> bytes:
    return write_var_uint(MessageType.SAVE_BARRIER) + write_var_uint(number)


__all__ = [
    "EMPTY_UPDATE",
    "CloseCode",
    "Frame",
    "MessageType",
    "ProtocolError",
    "SyncType",
    "awareness_message",
    "is_panic",
    "parse_frame",
    "save_barrier_message",
    "sync_step1",
    "sync_step2",
    "update_message",
]
