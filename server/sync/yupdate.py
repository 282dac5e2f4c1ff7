"""Read a Yjs update (v1 encoding) without applying it, to decide what of it
the room may apply.

yrs (pycrdt) and yjs disagree on an update whose dependencies are missing:
yjs keeps such structs pending until what they depend on arrives, yrs
integrates a client's structs even when they start above the clock it has
for that client. So the room never hands yrs anything with a missing
dependency: ``split`` cuts an update into the part yjs would integrate now
and the part yjs would keep pending, by yjs's own rules (``Item.getMissing``
and ``readAndApplyDeleteSet`` in yjs 13.6). Structs are encoded independently
of their clock, so both parts are slices of the original bytes.

The same pass checks the shape of what the update creates against
``workshops.document_schema``: only the shared types the documents use
(maps, arrays, texts; no XML types, no subdocuments), nested at most
``MAX_NESTING`` deep, and plain values of bounded nesting. And it bounds
every count by the bytes left, so a short frame cannot make yrs spend
seconds (a 31-byte update claiming billions of clients did).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from pycrdt import Encoder

from .protocol import BoundedDecoder, ProtocolError

# What an update may create in any of the documents of
# ``workshops.document_schema`` (docs/realtime.md): shared types by their
# Yjs type ref, only Y.Array (0), Y.Map (1) and Y.Text (2) -- no XML types,
# no subdocuments; nested at most MAX_NESTING deep (a root's children are at
# depth 1; the roadmap needs 4); plain values (arrays and objects inside a
# value) nested at most MAX_VALUE_NESTING deep.
ALLOWED_TYPE_REFS = (0, 1, 2)
MAX_NESTING = 8
MAX_VALUE_NESTING = 16

MAX_SAFE = 2**53
GC, SKIP = 0, 10
CONTENT_DELETED, CONTENT_JSON, CONTENT_BINARY, CONTENT_STRING = 1, 2, 3, 4
CONTENT_EMBED, CONTENT_FORMAT, CONTENT_TYPE, CONTENT_ANY, CONTENT_DOC = 5, 6, 7, 8, 9
TYPE_XML_ELEMENT, TYPE_XML_HOOK = 3, 5
ORIGIN, RIGHT_ORIGIN, PARENT_SUB = 0x80, 0x40, 0x20

Id = tuple[int, int]


@dataclass(eq=False)
class Struct:
    client: int
    clock: int
    length: int
    raw: bytes  # its encoding, without the clock
    kind: int
    origin: Id | None = None
    right_origin: Id | None = None
    parent: Id | str | None = None  # an explicit parent: a type item or a root name
    type_ref: int | None = None

    @property
    def end(self) -> int:
        return self.clock + self.length


@dataclass
class Update:
    # Per client, its structs in clock order (one contiguous run each).
    blocks: dict[int, list[Struct]] = field(default_factory=dict)
    deletes: list[tuple[int, int, int]] = field(default_factory=list)  # client, clock, length

    @property
    def empty(self) -> bool:
        return not self.blocks and not self.deletes

    def encode(self) -> bytes:
        encoder = Encoder()
        blocks = [(client, structs) for client, structs in self.blocks.items() if structs]
        encoder.write_var_uint(len(blocks))
        out = bytearray(encoder.to_bytes())
        for client, structs in blocks:
            head = Encoder()
            head.write_var_uint(len(structs))
            head.write_var_uint(client)
            head.write_var_uint(structs[0].clock)
            out += head.to_bytes()
            for struct in structs:
                out += struct.raw
        by_client: dict[int, list[tuple[int, int]]] = {}
        for client, clock, length in self.deletes:
            by_client.setdefault(client, []).append((clock, length))
        tail = Encoder()
        tail.write_var_uint(len(by_client))
        for client, ranges in by_client.items():
            tail.write_var_uint(client)
            tail.write_var_uint(len(ranges))
            for clock, length in ranges:
                tail.write_var_uint(clock)
                tail.write_var_uint(length)
        return bytes(out + tail.to_bytes())

    @property
    def size(self) -> int:
        return sum(len(s.raw) + 4 for structs in self.blocks.values() for s in structs) + 6 * len(self.deletes)


class _Reader(BoundedDecoder):
    def uint(self) -> int:
        value = self.read_var_uint()
        if value >= MAX_SAFE:
            raise ProtocolError("número fuera de rango en la actualización")
        return value

    def count(self, min_bytes: int) -> int:
        value = self.uint()
        if value * min_bytes > self.length:
            raise ProtocolError("la actualización anuncia más elementos de los que contiene")
        return value

    def string(self) -> str:
        data = self.read_message()
        if data is None:
            raise ProtocolError("actualización truncada")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("texto mal codificado en la actualización") from None

    def byte(self) -> int:
        if self.length <= 0:
            raise ProtocolError("actualización truncada")
        value = self.stream[self.i0]
        self.i0 += 1
        self.length -= 1
        return value

    def skip(self, n: int) -> None:
        if n > self.length:
            raise ProtocolError("actualización truncada")
        self.i0 += n
        self.length -= n

    def var_int(self) -> None:
        for _ in range(10):
            if self.byte() < 0x80:
                return
        raise ProtocolError("número demasiado largo")

    def any(self, depth: int = 0) -> None:
        """Skip one lib0 ``readAny`` value."""
        if depth > MAX_VALUE_NESTING:
            raise ProtocolError("valor anidado demasiado profundo")
        tag = self.byte()
        if tag in (127, 126, 121, 120):
            return
        if tag == 125:
            self.var_int()
        elif tag == 124:
            self.skip(4)
        elif tag in (123, 122):
            self.skip(8)
        elif tag == 119:
            self.string()
        elif tag == 118:
            for _ in range(self.count(2)):
                self.string()
                self.any(depth + 1)
        elif tag == 117:
            for _ in range(self.count(1)):
                self.any(depth + 1)
        elif tag == 116:
            if self.read_message() is None:
                raise ProtocolError("actualización truncada")
        else:
            raise ProtocolError("valor desconocido en la actualización")

    def id(self) -> Id:
        return self.uint(), self.uint()


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _read_struct(reader: _Reader, client: int, clock: int, strict: bool) -> Struct:
    start = reader.i0
    info = reader.byte()
    kind = info & 0x1F
    if kind in (GC, SKIP):
        length = reader.uint()
        struct = Struct(client, clock, length, b"", kind)
    else:
        struct = Struct(client, clock, 0, b"", kind)
        if info & ORIGIN:
            struct.origin = reader.id()
        if info & RIGHT_ORIGIN:
            struct.right_origin = reader.id()
        if not info & (ORIGIN | RIGHT_ORIGIN):
            struct.parent = reader.string() if reader.uint() == 1 else reader.id()
            if info & PARENT_SUB:
                reader.string()
        struct.length = _read_content(reader, struct, strict)
    if struct.length <= 0:
        raise ProtocolError("elemento vacío en la actualización")
    struct.raw = bytes(reader.stream[start : reader.i0])
    return struct


def _read_content(reader: _Reader, struct: Struct, strict: bool) -> int:
    kind = struct.kind
    if kind == CONTENT_DELETED:
        return reader.uint()
    if kind == CONTENT_JSON:
        n = reader.count(1)
        for _ in range(n):
            reader.string()
        return n
    if kind == CONTENT_BINARY:
        if reader.read_message() is None:
            raise ProtocolError("actualización truncada")
        return 1
    if kind == CONTENT_STRING:
        return _utf16_length(reader.string())
    if kind == CONTENT_EMBED:
        reader.string()
        return 1
    if kind == CONTENT_FORMAT:
        reader.string()
        reader.string()
        return 1
    if kind == CONTENT_TYPE:
        struct.type_ref = reader.uint()
        if struct.type_ref in (TYPE_XML_ELEMENT, TYPE_XML_HOOK):
            reader.string()
        if strict and struct.type_ref not in ALLOWED_TYPE_REFS:
            raise ProtocolError("tipo compartido no admitido en este documento (solo mapas, listas y textos)")
        return 1
    if kind == CONTENT_ANY:
        n = reader.count(1)
        for _ in range(n):
            reader.any()
        return n
    if kind == CONTENT_DOC:
        if strict:
            raise ProtocolError("los subdocumentos no están admitidos")
        reader.string()
        reader.any()
        return 1
    raise ProtocolError(f"contenido desconocido en la actualización: {kind}")


def decode(update: bytes, *, strict: bool = True) -> Update:
    """Parse ``update``; ``ProtocolError`` for anything yjs would not write,
    or (``strict``) the schema does not allow."""
    reader = _Reader(update)
    result = Update()
    try:
        for _ in range(reader.count(3)):
            n = reader.count(1)
            client = reader.uint()
            clock = reader.uint()
            if client in result.blocks:
                raise ProtocolError("cliente repetido en la actualización")
            structs = result.blocks[client] = []
            for _ in range(n):
                struct = _read_struct(reader, client, clock, strict)
                clock = struct.end
                if clock >= MAX_SAFE:
                    raise ProtocolError("reloj fuera de rango en la actualización")
                structs.append(struct)
        for _ in range(reader.count(2)):
            client = reader.uint()
            for _ in range(reader.count(2)):
                clock, length = reader.uint(), reader.uint()
                if length and clock + length < MAX_SAFE:
                    result.deletes.append((client, clock, length))
        reader.check_done()
    except (IndexError, ValueError):
        raise ProtocolError("actualización Yjs mal formada") from None
    return result


def decode_state_vector(state: bytes) -> dict[int, int]:
    reader = _Reader(state)
    return {reader.uint(): reader.uint() for _ in range(reader.count(2))}


class DocumentIndex:
    """What the room needs to know of its document to judge an update: the
    clock it has of each client, and how deep each item's parent is nested
    (per client, runs of clocks whose items share a parent depth), from the
    updates the document integrated."""

    def __init__(self) -> None:
        self.state: dict[int, int] = {}
        self._starts: dict[int, list[int]] = {}
        self._depths: dict[int, list[int | None]] = {}
        self.type_depth: dict[Id, int] = {}

    def parent_depth(self, item: Id) -> int | None:
        client, clock = item
        starts = self._starts.get(client)
        if not starts or clock >= self.state.get(client, 0):
            return None
        i = bisect.bisect_right(starts, clock) - 1
        return self._depths[client][i] if i >= 0 else None

    def record(self, struct: Struct, parent_depth: int | None) -> None:
        """Note an integrated struct (only the part past what was known)."""
        client = struct.client
        known = self.state.get(client, 0)
        if struct.end <= known:
            return
        start = max(struct.clock, known)
        depth = None if struct.kind in (GC, SKIP) else parent_depth
        starts = self._starts.setdefault(client, [])
        depths = self._depths.setdefault(client, [])
        if not depths or depths[-1] != depth:
            starts.append(start)
            depths.append(depth)
        if struct.kind == CONTENT_TYPE and depth is not None and start == struct.clock:
            self.type_depth[(client, struct.clock)] = depth + 1
        if struct.kind != SKIP:
            self.state[client] = struct.end

    def integrate(self, update: Update) -> None:
        """Index an update the document integrated (yrs's own output)."""
        self.split(update, check=False, record=True)

    def split(self, update: Update, *, check: bool = True, record: bool = False) -> tuple[Update, Update]:
        """(what yjs integrates now, what it keeps pending). With ``check``,
        refuse types nested deeper than the schema allows; with ``record``
        (the document's own output), index every struct."""
        avail = dict(self.state)
        staged: dict[int, list[tuple[int, int, int | None]]] = {}  # client -> (start, end, parent depth)
        staged_types: dict[Id, int] = {}
        position = {client: 0 for client in update.blocks}
        ready: dict[int, list[Struct]] = {client: [] for client in update.blocks}

        def available(item: Id | None, own: int) -> bool:
            if item is None:
                return True
            if item[0] == own:
                return True  # earlier in the same run (checked below)
            return item[1] < avail.get(item[0], 0)

        def depth_of_item(item: Id) -> int | None:
            for start, end, depth in staged.get(item[0], ()):
                if start <= item[1] < end:
                    return depth
            return self.parent_depth(item)

        progress = True
        while progress:
            progress = False
            for client, structs in update.blocks.items():
                while position[client] < len(structs):
                    struct = structs[position[client]]
                    if struct.kind == SKIP:
                        position[client] += 1
                        continue
                    if struct.clock > avail.get(client, 0):
                        break
                    for ref in (struct.origin, struct.right_origin):
                        if ref is not None and ref[0] == client and ref[1] >= struct.clock:
                            raise ProtocolError("referencia a un elemento posterior en la actualización")
                    parent = struct.parent if isinstance(struct.parent, tuple) else None
                    if not all(available(ref, client) for ref in (struct.origin, struct.right_origin, parent)):
                        break
                    depth = self._depth(struct, depth_of_item, staged_types)
                    if struct.kind == CONTENT_TYPE and depth is not None:
                        if check and depth + 1 > MAX_NESTING:
                            raise ProtocolError(f"tipos anidados a más de {MAX_NESTING} niveles")
                        staged_types[(client, struct.clock)] = depth + 1
                    if record:
                        self.record(struct, depth)
                    staged.setdefault(client, []).append((struct.clock, struct.end, depth))
                    avail[client] = max(avail.get(client, 0), struct.end)
                    ready[client].append(struct)
                    position[client] += 1
                    progress = True
        now = Update({c: s for c, s in ready.items() if s})
        later = Update(
            {c: update.blocks[c][position[c] :] for c in update.blocks if position[c] < len(update.blocks[c])}
        )
        if record:
            for structs in later.blocks.values():
                for struct in structs:
                    self.record(struct, None)
        for client, clock, length in update.deletes:
            have = max(avail.get(client, 0), self.state.get(client, 0))
            if clock < have:
                now.deletes.append((client, clock, min(length, have - clock)))
            if clock + length > have:
                start = max(clock, have)
                later.deletes.append((client, start, clock + length - start))
        return now, later

    def _depth(
        self, struct: Struct, depth_of_item: Callable[[Id], int | None], staged_types: dict[Id, int]
    ) -> int | None:
        """How deep the struct's parent is nested (roots: 0)."""
        if struct.kind == GC:
            return None
        if isinstance(struct.parent, str):
            return 0
        if isinstance(struct.parent, tuple):
            return staged_types.get(struct.parent, self.type_depth.get(struct.parent))
        for ref in (struct.origin, struct.right_origin):
            if ref is not None:
                depth = depth_of_item(ref)
                if depth is not None:
                    return depth
        return None
