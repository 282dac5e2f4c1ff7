"""The hoja de ruta, application side: the ``roadmap`` Yjs document (one map
per commitment, created by the server), its reading into the domain's draft,
the live checks, and the mesa's agreement stored as a record with its event.

The document is untrusted: whoever may write it can put any Yjs type
anywhere. Reading never fails on content; what does not fit becomes a
``ValidationError`` that names the field, shown as an issue
(docs/realtime.md, «The roadmap document»).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pycrdt import Array, Doc, Map, Text, XmlElement, XmlFragment, XmlText

from workshops.document_schema import (
    ARTIFACT_ROADMAP,
    ROADMAP_ITEM_ID,
    ROADMAP_ITEMS,
    ROADMAP_LINE_LIST_KEYS,
    ROADMAP_PLAIN_KEYS,
)
from workshops.errors import ConflictError, NotFoundError, PhaseError, ValidationError
from workshops.messages import _
from workshops.permissions import check_facilitator
from workshops.phases import PHASE_LABELS_ES, Phase
from workshops.roadmap import (
    ACTIVITY_KEYS,
    BASELINE_KEYS,
    INDICATOR_KEYS,
    ORGANIZATION_KEYS,
    RECORD_KEYS,
    RESPONSIBLE_KEYS,
    ROADMAP_KEYS,
    Roadmap,
    one_year_from,
    parse_roadmap,
    roadmap_from_dict,
    roadmap_to_dict,
)
from workshops.roadmap_validation import Issue, agree_roadmap, validate_roadmap
from workshops.tree_check import Severity
from workshops.workshop import Participant

from .services import Services, new_id, now, split_doc_id
from .storage import StoredRecord
from .sync.manager import RoomManager
from .sync.room import Room

log = logging.getLogger(__name__)

AGREEMENT_PHASES = frozenset({Phase.HOJA_DE_RUTA, Phase.CIERRE})
RECORD_TABLE = "roadmap"
# The schema nests four levels (roadmap → indicators → item → baseline);
# anything deeper is junk and is not walked.
MAX_DEPTH = 6
# How many broken fields the lenient reading (``for_plan``) drops at most.
MAX_LENIENT_DROPS = 200
PARSE_RULE = "invalid"

# The lists of objects, and which keys each of their items holds.
ITEM_KEYS = {"organizations": ORGANIZATION_KEYS, "activities": ACTIVITY_KEYS, "indicators": INDICATOR_KEYS}
_ROADMAP_MAPS = {"responsible": RESPONSIBLE_KEYS}
_ITEM_MAPS = {"baseline": BASELINE_KEYS}


# ------------------------------------------------------------ document layout


def _fields(
    keys: tuple[str, ...], maps: Mapping[str, tuple[str, ...]], data: Mapping[str, Any], new_id: Callable[[], str]
) -> dict[str, Any]:
    """Every key with its value from ``data`` (missing: empty), as a client
    writes them: nested Y.Map, Y.Array of items (each with a fresh ``id``), a
    plain value (dates, numbers, the direction), or Y.Text (texts and the
    one-per-line lists)."""
    fields: dict[str, Any] = {}
    for key in keys:
        value = data.get(key)
        if key in maps:
            fields[key] = Map(_fields(maps[key], {}, value or {}, new_id))
        elif key in ITEM_KEYS:
            items = [_item_map(key, new_id(), item, new_id) for item in value or []]
            fields[key] = Array(items)
        elif key in ROADMAP_PLAIN_KEYS:
            fields[key] = value
        else:
            fields[key] = Text(value or "")
    return fields


def _item_map(list_name: str, item_id: str, data: Mapping[str, Any], new_id: Callable[[], str]) -> Map[Any]:
    return Map({ROADMAP_ITEM_ID: item_id, **_fields(ITEM_KEYS[list_name], _ITEM_MAPS, data, new_id)})


def _no_id() -> str:
    raise AssertionError("an empty field has no items")


def _empty_fields(keys: tuple[str, ...], maps: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
    return _fields(keys, maps, {}, _no_id)


def empty_roadmap() -> Map[Any]:
    """A commitment's map as the server creates it: every key present."""
    return Map(_empty_fields(ROADMAP_KEYS, _ROADMAP_MAPS))


def filled_roadmap(data: Mapping[str, Any], new_id: Callable[[], str]) -> Map[Any]:
    """A commitment's map holding ``data`` (the demo's hoja de ruta), every
    key present: what participants would have typed."""
    return Map(_fields(ROADMAP_KEYS, _ROADMAP_MAPS, data, new_id))


def new_item(list_name: str, item_id: str) -> Map[Any]:
    """What a client appends to ``organizations``, ``activities`` or
    ``indicators``: a Y.Map with a fresh ``id`` and every key."""
    return _item_map(list_name, item_id, {}, _no_id)


def _is_complete(value: object) -> bool:
    if not isinstance(value, Map):
        return False
    if any(key not in value for key in ROADMAP_KEYS):
        return False
    responsible = value["responsible"]
    return not isinstance(responsible, Map) or all(key in responsible for key in RESPONSIBLE_KEYS)


def lacking(doc: Doc[Any], commitment_ids: Iterable[str]) -> list[str]:
    """The commitments whose map is missing (or is not a map) or lacks a key."""
    roadmaps = doc.get(ROADMAP_ITEMS, type=Map)
    return [cid for cid in commitment_ids if not _is_complete(roadmaps.get(cid))]


def ensure_roadmaps(doc: Doc[Any], commitment_ids: Iterable[str]) -> None:
    """Create what ``lacking`` finds missing; never overwrites a value that is
    there (a wrong one is reported as an issue, not erased)."""
    roadmaps = doc.get(ROADMAP_ITEMS, type=Map)
    for cid in commitment_ids:
        current = roadmaps.get(cid)
        if not isinstance(current, Map):
            roadmaps[cid] = empty_roadmap()
            continue
        for key, empty in _empty_fields(ROADMAP_KEYS, _ROADMAP_MAPS).items():
            if key not in current:
                current[key] = empty
        responsible = current["responsible"]
        if isinstance(responsible, Map):
            for key, empty in _empty_fields(RESPONSIBLE_KEYS, {}).items():
                if key not in responsible:
                    responsible[key] = empty


# ----------------------------------------------------------------- reading


class Foreign:
    """A value no field takes (XML, binary data, a non-finite number, deep
    nesting): the parser refuses it, naming the field."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return f"<{self.what}>"


def plain(value: object, depth: int = 0) -> Any:
    """Yjs values as plain Python: Y.Text → str, Y.Map → dict, Y.Array →
    list. Numbers come as floats from Yjs (JavaScript has no integers);
    whole ones become ``int`` so a year reads as a year."""
    if depth > MAX_DEPTH:
        return Foreign("anidamiento excesivo")
    if isinstance(value, XmlText | XmlElement | XmlFragment):
        return Foreign("XML")
    if isinstance(value, Text):
        return str(value)
    if isinstance(value, Map | dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, Array | list):
        return [plain(v, depth + 1) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return Foreign("número no finito")
        return int(value) if value.is_integer() else value
    return Foreign(f"dato de tipo {type(value).__name__}")


def json_safe(value: Any) -> Any:
    """``plain``'s output for a JSON answer: foreign values as ``null``."""
    if isinstance(value, Foreign):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    return value


def read_document_draft(doc: Doc[Any], commitment_id: str) -> Any:
    """The commitment's map as plain values (``None`` when there is none)."""
    return plain(doc.get(ROADMAP_ITEMS, type=Map).get(commitment_id))


def draft_from_plain(data: object) -> Any:
    """The dict ``parse_roadmap`` reads, from the document's plain values or
    the browser's draft: items lose their ``id``; a line list given as one
    text becomes its non-blank lines, trimmed. Anything else is left for the
    parser to judge."""
    if not isinstance(data, Mapping):
        return data
    draft = _split_lines(data)
    for name in ITEM_KEYS:
        items = draft.get(name)
        if isinstance(items, list):
            draft[name] = [_item(item) for item in items]
    return draft


def _item(item: object) -> object:
    if not isinstance(item, Mapping):
        return item
    return _split_lines({k: v for k, v in item.items() if k != ROADMAP_ITEM_ID})


def _split_lines(obj: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(obj)
    for key in ROADMAP_LINE_LIST_KEYS:
        value = out.get(key)
        if isinstance(value, str):
            out[key] = [line.strip() for line in value.splitlines() if line.strip()]
    return out


def parse_draft(draft: object) -> Roadmap:
    """``parse_roadmap`` for a value of any type."""
    if not isinstance(draft, Mapping):
        raise ValidationError("La hoja de ruta debe ser un objeto.", field="roadmap")
    return parse_roadmap(draft)


def check_draft(draft: object) -> tuple[Roadmap | None, list[Issue]]:
    """The roadmap and its issues; a draft that does not parse gives its
    parse error as the one issue."""
    try:
        roadmap = parse_draft(draft)
    except ValidationError as exc:
        return None, [Issue(exc.field or "", Severity.ERROR, exc.message, PARSE_RULE)]
    return roadmap, validate_roadmap(roadmap)


def parse_leniently(draft: object) -> Roadmap:
    """What parses of a broken draft: each field the parser refuses is
    dropped and the rest read again; an empty roadmap if nothing is left."""
    for _attempt in range(MAX_LENIENT_DROPS):
        try:
            return parse_draft(draft)
        except ValidationError as exc:
            if not exc.field or exc.field == "roadmap" or not _drop(draft, exc.field.split(".")):
                return Roadmap()
    return Roadmap()


def _drop(container: Any, path: list[str]) -> bool:
    for step in path[:-1]:
        container = _child(container, step)
    last = path[-1]
    if isinstance(container, dict) and last in container:
        del container[last]
        return True
    if isinstance(container, list) and last.isdigit() and int(last) < len(container):
        del container[int(last)]
        return True
    return False


def _child(container: Any, step: str) -> Any:
    if isinstance(container, dict):
        return container.get(step)
    if isinstance(container, list) and step.isdigit() and int(step) < len(container):
        return container[int(step)]
    return None


def _content(data: Mapping[str, Any]) -> dict[str, Any]:
    """A roadmap dict without its agreement record (to compare contents)."""
    return {k: v for k, v in data.items() if k not in RECORD_KEYS and k != "commitment_id"}


# ----------------------------------------------------------------- service


async def seed_commitment(rooms: RoomManager, workshop_id: str, commitment_id: str) -> None:
    """Create a new commitment's map in the live document. Best effort: a
    failure is logged and repaired the next time the room or the API is
    used for that commitment."""
    try:
        async with rooms.joined(f"{workshop_id}/{ARTIFACT_ROADMAP}") as room:
            room.edit(lambda doc: ensure_roadmaps(doc, [commitment_id]))
            await room.flush()
    except Exception:
        log.exception("could not seed the roadmap of commitment %s", commitment_id)


class Roadmaps:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.store
        self.rooms = services.rooms
        # One agreement at a time per workshop (two clicks record one).
        self._lock = services.locks("roadmap")
        self.rooms.on_load.append(self._seed_loaded_room)

    def _doc_id(self, workshop_id: str) -> str:
        return f"{workshop_id}/{ARTIFACT_ROADMAP}"

    async def _commitment_ids(self, workshop_id: str) -> list[str]:
        return [r.id for r in await self.store.list_records("commitment", workshop_id)]

    async def _check_commitment(self, workshop_id: str, commitment_id: str) -> None:
        if commitment_id not in await self._commitment_ids(workshop_id):
            raise NotFoundError("No existe ese compromiso.", commitment_id=commitment_id)

    async def _seed_loaded_room(self, room: Room) -> None:
        workshop_id, artifact = split_doc_id(room.doc_id)
        if artifact != ARTIFACT_ROADMAP:
            return
        ids = await self._commitment_ids(workshop_id)
        if room.read(lambda doc: lacking(doc, ids)):
            room.edit(lambda doc: ensure_roadmaps(doc, ids))

    async def _ensure_seeded(self, workshop_id: str, commitment_id: str) -> None:
        doc_id = self._doc_id(workshop_id)
        if await self.rooms.read_document(doc_id, lambda doc: lacking(doc, [commitment_id])):
            async with self.rooms.joined(doc_id) as room:
                room.edit(lambda doc: ensure_roadmaps(doc, [commitment_id]))
                await room.flush()

    async def _draft(self, workshop_id: str, commitment_id: str) -> Any:
        doc_id = self._doc_id(workshop_id)
        raw = await self.rooms.read_document(doc_id, lambda doc: read_document_draft(doc, commitment_id))
        return draft_from_plain(raw)

    async def _agreed(self, workshop_id: str, commitment_id: str) -> dict[str, Any] | None:
        records = await self.store.list_records(RECORD_TABLE, workshop_id, parent_id=commitment_id)
        return {k: v for k, v in records[-1].data.items() if k != "commitment_id"} if records else None

    async def view(self, workshop_id: str, commitment_id: str) -> dict[str, Any]:
        """The live draft with its issues, and the last agreement."""
        await self._check_commitment(workshop_id, commitment_id)
        await self._ensure_seeded(workshop_id, commitment_id)
        draft = await self._draft(workshop_id, commitment_id)
        roadmap, issues = check_draft(draft)
        agreed = await self._agreed(workshop_id, commitment_id)
        matches = roadmap is not None and agreed is not None and _content(roadmap_to_dict(roadmap)) == _content(agreed)
        term = one_year_from(roadmap.start) if roadmap is not None and roadmap.start else None
        return {
            "commitment_id": commitment_id,
            "draft": json_safe(draft),
            "issues": [i.to_dict() for i in issues],
            "agreed": agreed,
            "agreed_matches_draft": matches,
            "term": None if term is None else {"start": term[0].isoformat(), "end": term[1].isoformat()},
        }

    def check(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Live validation of the browser's own draft; a wrong type raises."""
        if "roadmap" not in data:
            raise ValidationError("Falta la hoja de ruta («roadmap»).", field="roadmap")
        roadmap = parse_draft(draft_from_plain(data["roadmap"]))
        return {"issues": [i.to_dict() for i in validate_roadmap(roadmap)]}

    async def agree(self, workshop_id: str, actor: Participant, commitment_id: str) -> dict[str, Any]:
        """The facilitator records the mesa's agreement on the document as the
        server holds it. Errors left → ``ValidationError`` with ``issues``."""
        check_facilitator(actor.role, _("registra el acuerdo de la hoja de ruta"))
        await self._check_commitment(workshop_id, commitment_id)
        workshop = await self.services.get_workshop(workshop_id)
        if workshop.phase not in AGREEMENT_PHASES:
            raise PhaseError(
                _(
                    "La hoja de ruta se acuerda en «Hoja de ruta» o «Cierre»; la mesa está en «{phase}».",
                    phase=PHASE_LABELS_ES[workshop.phase],
                ),
                phase=workshop.phase,
            )
        await self._ensure_seeded(workshop_id, commitment_id)
        async with self._lock(workshop_id):
            roadmap, issues = check_draft(await self._draft(workshop_id, commitment_id))
            if roadmap is None:
                raise ValidationError(
                    _("La hoja de ruta todavía no puede acordarse. {message}", message=issues[0].message),
                    field=issues[0].field,
                    issues=[i.to_dict() for i in issues],
                )
            previous = await self._agreed(workshop_id, commitment_id)
            if previous is not None and _content(roadmap_to_dict(roadmap)) == _content(previous):
                raise ConflictError(
                    "Esta versión de la hoja de ruta ya está acordada; no hay cambios que registrar.",
                    commitment_id=commitment_id,
                )
            agreed, events = agree_roadmap(
                roadmap,
                actor_role=actor.role,
                actor_id=actor.id,
                plan_term=None,
                now=now(),
                commitment_id=commitment_id,
            )
            assert agreed.agreed_at is not None
            data = roadmap_to_dict(agreed)
            record = StoredRecord(new_id(), workshop_id, agreed.agreed_at, {"commitment_id": commitment_id, **data})
            await self.store.save_records(workshop_id, [(RECORD_TABLE, record)], events)
        return {"agreed": data, "warnings": events[0].payload["warnings"]}

    async def for_plan(self, workshop_id: str, commitment_id: str) -> Roadmap:
        """The hoja de ruta a plan shows: the last agreed version, else what
        parses of the current draft (never raises for a broken draft)."""
        await self._check_commitment(workshop_id, commitment_id)
        agreed = await self._agreed(workshop_id, commitment_id)
        if agreed is not None:
            return roadmap_from_dict(agreed)
        return parse_leniently(await self._draft(workshop_id, commitment_id))
