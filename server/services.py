"""The application layer: domain rules + storage + live rooms.

HTTP routes and the sync endpoint call these methods; they call the domain
for every decision, persist its events, and tell live rooms what changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from pycrdt import Array, Doc, Map, Text

from workshops import ideation, problem_tree, tree_check, voting
from workshops.document_schema import (
    ARTIFACT_LIVE,
    ARTIFACT_TREE,
    ARTIFACTS,
    EDGE_SOURCE,
    EDGE_TARGET,
    NODE_CREATED_AT,
    NODE_CREATED_BY,
    NODE_KIND,
    NODE_MERGED_FROM,
    NODE_OBJECTIVE,
    NODE_OUT_OF_SCOPE,
    NODE_TEXT,
    SHEET_ARTIFACT_SEPARATOR,
    TREE_EDGES,
    TREE_NODES,
)
from workshops.errors import NotFoundError
from workshops.messages import _
from workshops.objective_tree import suggest_objectives
from workshops.permissions import can_edit, check_edit, check_facilitator, editing_roles
from workshops.phases import Phase
from workshops.roles import FACILITATOR_SECTOR, Role
from workshops.tree_merge import MergePlan, plan_merge
from workshops.workshop import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    NAME_MAX,
    Event,
    Participant,
    Workshop,
    change_phase,
    clean_name,
    create_workshop,
    join_workshop,
    normalize_join_code,
    set_lock,
)
from workshops.workshop_details import edit_details

from .auth import BadToken, Sessions
from .errors import Forbidden, Unauthorized
from .keyed_locks import KeyedLocks, SharedLocks
from .live import LiveChannel, LiveGate, LiveStore
from .notices import notice_versions
from .storage import Store
from .sync.manager import RoomManager

# Participants whose access the facilitator revoked (server/revocation.py).
REVOCATION_TABLE = "token_revocation"
# The timer and the list of speakers of each workshop (server/moderation.py).
MODERATION_TABLE = "moderation"
# Projector displays (server/displays.py); a revoked one is in REVOCATION_TABLE.
DISPLAY_TABLE = "display"
DISPLAY_NAME = "Pantalla"


def display_participant(workshop_id: str, display_id: str, created_at: dt.datetime) -> Participant:
    """What a display is to the routes that read: never stored, never a member."""
    return Participant(display_id, workshop_id, DISPLAY_NAME, "", Role.DISPLAY, created_at)


def new_id() -> str:
    return secrets.token_hex(8)


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _i in range(JOIN_CODE_LENGTH))


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class CreatedWorkshop:
    workshop: Workshop
    facilitator: Participant
    token: str


class DocumentGate(Protocol):
    """Who writes a kind of document that the phase table does not cover."""

    async def has_document(self, workshop_id: str, artifact: str) -> bool: ...
    def can_write(self, participant: Participant, artifact: str) -> bool: ...
    def check_write(self, participant: Participant, artifact: str) -> None: ...
    def server_state(self, workshop: Workshop, artifact: str) -> dict[str, Any]: ...


def server_state(workshop: Workshop, artifact: str) -> dict[str, Any]:
    """What the server's presence entry says about a document (docs/realtime.md)."""
    locked = artifact in workshop.locked
    return {
        "phase": str(workshop.phase),
        "artifact": artifact,
        "locked": locked,
        "editable_by": [str(r) for r in editing_roles(artifact, workshop.phase, locked=locked)],
    }


def read_tree_document(doc: Doc[Any]) -> dict[str, Any]:
    return {
        TREE_NODES: json_value(doc.get(TREE_NODES, type=Map)),
        TREE_EDGES: json_value(doc.get(TREE_EDGES, type=Map)),
    }


# The tree's nodes and edges are maps of maps; anything deeper is not ours.
MAX_READ_DEPTH = 8


def json_value(value: object, depth: int = 0) -> Any:
    """A document value as JSON can carry it, whatever a client wrote: XML,
    binary data, non-finite numbers and anything nested deeper than the
    schema are ``None`` (readers then treat them as missing)."""
    if isinstance(value, Text):
        return str(value)
    if isinstance(value, Map):
        return {str(k): json_value(v, depth + 1) for k, v in value.items()} if depth < MAX_READ_DEPTH else None
    if isinstance(value, Array):
        return [json_value(v, depth + 1) for v in value] if depth < MAX_READ_DEPTH else None
    if isinstance(value, dict):
        return {str(k): json_value(v, depth + 1) for k, v in value.items()} if depth < MAX_READ_DEPTH else None
    if isinstance(value, list):
        return [json_value(v, depth + 1) for v in value] if depth < MAX_READ_DEPTH else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, bool | int | str):
        return value
    return None


def versioned_tree_document(doc: Doc[Any]) -> tuple[str, dict[str, Any]]:
    """The tree and a tag of the whole document state (deletions included)."""
    return hashlib.blake2b(doc.get_update(), digest_size=12).hexdigest(), read_tree_document(doc)


def replace_tree(doc: Doc[Any], tree: problem_tree.ProblemTree) -> None:
    nodes = doc.get(TREE_NODES, type=Map)
    edges = doc.get(TREE_EDGES, type=Map)
    for key in list(edges.keys()):
        del edges[key]
    for key in list(nodes.keys()):
        del nodes[key]
    for node in tree.nodes:
        fields: dict[str, Any] = {NODE_KIND: node.kind, NODE_TEXT: Text(node.text)}
        if node.objective:
            fields[NODE_OBJECTIVE] = Text(node.objective)
        if node.created_by:
            fields[NODE_CREATED_BY] = node.created_by
        if node.created_at is not None:
            fields[NODE_CREATED_AT] = node.created_at
        if node.out_of_scope:
            fields[NODE_OUT_OF_SCOPE] = True
        nodes[node.id] = Map(fields)
    for edge in tree.edges:
        edges[edge.id] = Map({EDGE_SOURCE: edge.source, EDGE_TARGET: edge.target})


def apply_merge(doc: Doc[Any], plan: MergePlan) -> None:
    nodes = doc.get(TREE_NODES, type=Map)
    edges = doc.get(TREE_EDGES, type=Map)
    for edge_id, (source, target) in plan.relink.items():
        edge = edges[edge_id]
        edge[EDGE_SOURCE] = source
        edge[EDGE_TARGET] = target
    for edge_id in plan.drop_edges:
        del edges[edge_id]
    kept = nodes[plan.keep]
    previous = kept.get(NODE_MERGED_FROM) if NODE_MERGED_FROM in kept else []
    removed = nodes[plan.remove]
    removed_history = removed.get(NODE_MERGED_FROM) if NODE_MERGED_FROM in removed else []
    kept[NODE_MERGED_FROM] = [*(previous or []), plan.merged_record, *(removed_history or [])]
    del nodes[plan.remove]


def split_doc_id(doc_id: str) -> tuple[str, str]:
    workshop_id, _sep, artifact = doc_id.partition("/")
    return workshop_id, artifact


class Services:
    def __init__(self, store: Store, sessions: Sessions, rooms: RoomManager) -> None:
        # Every authoritative write through ``self.store`` is pushed to the
        # workshop's ``live`` document (server/live.py).
        self.live = LiveChannel(store, rooms)
        self.store: Store = LiveStore(store, self.live)
        self.sessions = sessions
        self.rooms = rooms
        # The state (phase, locks) of each workshop with live rooms: the
        # database is the source of truth; this avoids a query per message.
        self._workshops: dict[str, Workshop] = {}
        self._connections: dict[str, int] = {}
        self._tree_reports: dict[str, tuple[str, dict[str, Any]]] = {}
        # Documents outside the phase table, by artifact kind (the name before
        # «-»): a commitment's ``sheet-<id>`` follows its status (commitments.py).
        self.document_gates: dict[str, DocumentGate] = {ARTIFACT_LIVE: LiveGate()}
        bridge = rooms.bridge
        self._shared_locks: SharedLocks | None = None
        if bridge is not None:
            # redis is imported only by a deployment that uses it (a 4 MB
            # package; tests/server/test_start_imports.py).
            from .shared_locks import RedisLocks

            self._shared_locks = RedisLocks(bridge.redis, bridge.prefix)
        # The cache of this process; phase and lock changes also take
        # ``_change_lock``, which spans the processes of a deployment.
        self._state_lock = KeyedLocks()
        self._change_lock = self.locks("state")
        # Voting rounds and silent ideation, shared with server/voting.py,
        # server/alternatives.py and server/ideation.py: a phase change and a
        # ballot, a card or the opening of a round never cross.
        self.rounds_lock = self.locks("rounds")
        self.ideation_lock = self.locks("ideation")
        settings = rooms.settings
        self.notices = notice_versions(settings.data_controller, settings.privacy_legal_basis)
        rooms.server_state = self._server_state
        rooms.on_state_change = self.reload_state

    def locks(self, name: str) -> KeyedLocks:
        """Per-key locks for one kind of authoritative change, shared with
        the deployment's other processes when Redis is configured."""
        return KeyedLocks(name, self._shared_locks)

    # -- workshops ---------------------------------------------------------

    async def create_workshop(self, data: dict[str, Any], *, join_code: str | None = None) -> CreatedWorkshop:
        facilitator_name = clean_name(
            data.get("facilitator_name") or "Facilitación", field="facilitator_name", max_len=NAME_MAX, required=True
        )
        code = join_code
        while code is None:
            candidate = new_join_code()
            if await self.store.find_workshop_by_code(candidate) is None:
                code = candidate
        workshop, events = create_workshop(data, workshop_id=new_id(), join_code=code, now=now())
        facilitator = Participant(
            id=new_id(),
            workshop_id=workshop.id,
            name=facilitator_name,
            sector=FACILITATOR_SECTOR,
            role=Role.FACILITATOR,
            joined_at=workshop.created_at,
        )
        await self.store.insert_workshop(workshop, facilitator, events)
        return CreatedWorkshop(workshop, facilitator, self.sessions.issue(workshop.id, facilitator.id))

    async def get_workshop(self, workshop_id: str) -> Workshop:
        workshop = await self.store.find_workshop(workshop_id)
        if workshop is None:
            raise NotFoundError("No existe ese taller.", workshop_id=workshop_id)
        return workshop

    async def find_by_code(self, code: str) -> Workshop | None:
        return await self.store.find_workshop_by_code(normalize_join_code(code))

    async def join(self, workshop_id: str, data: dict[str, Any]) -> tuple[Participant, str]:
        workshop = await self.get_workshop(workshop_id)
        participant, events = join_workshop(workshop, data, participant_id=new_id(), now=now(), notices=self.notices)
        await self.store.insert_participant(participant, events)
        return participant, self.sessions.issue(workshop.id, participant.id)

    async def authenticate(self, workshop_id: str, token: str | None, *, display: bool = False) -> Participant:
        """The participant a token names, if it belongs to this workshop.
        A display token (server/displays.py) passes only where ``display``
        says a reader is enough (403 ``display_read_only`` elsewhere)."""
        if not token:
            raise Unauthorized()
        try:
            claim = self.sessions.read(token)
        except BadToken:
            return await self._authenticate_display(workshop_id, token, display)
        if claim.workshop_id != workshop_id:
            raise Forbidden("Tu sesión es de otro taller.", code="not_a_member")
        participant = await self.store.find_participant(workshop_id, claim.participant_id)
        if participant is None:
            raise Unauthorized("La sesión ya no es válida.")
        if await self.store.list_records(REVOCATION_TABLE, workshop_id, parent_id=participant.id):
            raise Unauthorized("La facilitación revocó tu acceso a esta mesa.", code="revoked")
        return participant

    async def _authenticate_display(self, workshop_id: str, token: str, allowed: bool) -> Participant:
        try:
            claim = self.sessions.read_display(token)
        except BadToken:
            raise Unauthorized("El token de sesión no es válido.") from None
        if claim.workshop_id != workshop_id:
            raise Forbidden("Esta pantalla es de otro taller.", code="not_a_member")
        record = next(iter(await self.store.list_records(DISPLAY_TABLE, workshop_id, parent_id=claim.display_id)), None)
        if record is None:
            raise Unauthorized("La pantalla ya no es válida.")
        if await self.store.list_records(REVOCATION_TABLE, workshop_id, parent_id=claim.display_id):
            raise Unauthorized("La facilitación retiró esta pantalla.", code="revoked")
        if not allowed:
            raise Forbidden("Una pantalla solo muestra la mesa; no puede escribir.", code="display_read_only")
        return display_participant(workshop_id, claim.display_id, record.created_at)

    async def set_phase(self, workshop_id: str, actor: Participant, phase: object) -> Workshop:
        """Change the phase; an open voting round or silent ideation is
        suspended on leaving its phases and resumed on coming back, in the
        same write (docs/voting.md)."""
        async with self.rounds_lock(workshop_id), self.ideation_lock(workshop_id):
            rounds = await self.store.list_records("voting_round", workshop_id)
            # A round with a purpose (the minuta's approval) is voted in any phase: never suspended.
            open_round = next(
                (r.id for r in rounds if r.data.get("status") == voting.RoundStatus.OPEN and "purpose" not in r.data),
                None,
            )
            latest_ideation = await self.store.find_latest_round(workshop_id)

            def change(w: Workshop) -> tuple[Workshop, list[Event]]:
                changed, events = change_phase(w, actor_role=actor.role, actor_id=actor.id, phase=phase)
                if events:
                    before, after = w.phase, changed.phase
                    events += voting.suspension_events(open_round, before=before, after=after, actor_id=actor.id)
                    events += ideation.suspension_events(latest_ideation, before=before, after=after, actor_id=actor.id)
                return changed, events

            return await self._change_state(workshop_id, change)

    async def set_lock(self, workshop_id: str, actor: Participant, artifact: object, locked: object) -> Workshop:
        return await self._change_state(
            workshop_id,
            lambda w: set_lock(w, actor_role=actor.role, actor_id=actor.id, artifact=artifact, locked=locked),
        )

    async def edit_details(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> Workshop:
        """Correct the mesa's details (workshops/workshop_details.py)."""
        return await self._change_state(
            workshop_id, lambda w: edit_details(w, data, actor_role=actor.role, actor_id=actor.id)
        )

    async def _change_state(
        self, workshop_id: str, change: Callable[[Workshop], tuple[Workshop, list[Event]]]
    ) -> Workshop:
        """Read, change and store a workshop's phase, locks or details, one change at a
        time per workshop, then tell its live rooms."""
        async with self._change_lock(workshop_id), self._state_lock(workshop_id):
            workshop, events = change(await self.get_workshop(workshop_id))
            if events:
                await self.store.save_workshop_state(workshop, events)
            if workshop_id in self._connections:
                self._workshops[workshop_id] = workshop
        for room in self.rooms.rooms_of(workshop_id):
            room.set_server_state(self._server_state(room.doc_id))
        self.rooms.announce_state_change(workshop_id)
        return workshop

    async def reload_state(self, workshop_id: str | None) -> None:
        """Another process changed a workshop's phase or locks (``None``: a
        periodic check of them all): re-read the cached ones from the
        database, so this process's write gate and rooms follow."""
        for wid in [workshop_id] if workshop_id else list(self._workshops):
            async with self._state_lock(wid):
                cached = self._workshops.get(wid)
                if cached is None:
                    continue
                workshop = await self.store.find_workshop(wid)
                if workshop is None or workshop == cached or wid not in self._workshops:
                    continue
                self._workshops[wid] = workshop
            for room in self.rooms.rooms_of(wid):
                room.set_server_state(self._server_state(room.doc_id))

    # -- documents ---------------------------------------------------------

    @asynccontextmanager
    async def connected(self, workshop_id: str) -> AsyncIterator[None]:
        """Keep the workshop's state cached while a socket of it is open."""
        await self.connect(workshop_id)
        try:
            yield
        finally:
            self.disconnect(workshop_id)

    async def connect(self, workshop_id: str) -> None:
        """A socket of the workshop opens (``disconnect`` when it ends): its
        state stays cached meanwhile. Under the same lock as state changes,
        so the cache never misses one."""
        async with self._state_lock(workshop_id):
            self._connections[workshop_id] = self._connections.get(workshop_id, 0) + 1
            if workshop_id not in self._workshops:
                try:
                    self._workshops[workshop_id] = await self.get_workshop(workshop_id)
                except BaseException:
                    self._release(workshop_id)
                    raise
                # Rooms alive without sockets (a server-side edit, the grace
                # period) got an empty presence entry while nothing was cached.
                for room in self.rooms.rooms_of(workshop_id):
                    room.set_server_state(self._server_state(room.doc_id))

    def disconnect(self, workshop_id: str) -> None:
        """A socket counted by ``connect`` ended."""
        self._release(workshop_id)

    def _release(self, workshop_id: str) -> None:
        self._connections[workshop_id] -= 1
        if not self._connections[workshop_id]:
            del self._connections[workshop_id]
            self._workshops.pop(workshop_id, None)
            self._tree_reports.pop(workshop_id, None)

    def phase_of(self, workshop_id: str) -> Phase:
        return self._workshops[workshop_id].phase

    def is_locked(self, workshop_id: str, artifact: str) -> bool:
        return artifact in self._workshops[workshop_id].locked

    def _gate(self, artifact: str) -> DocumentGate | None:
        kind = artifact.partition(SHEET_ARTIFACT_SEPARATOR)[0]
        return None if artifact in ARTIFACTS else self.document_gates.get(kind)

    async def has_document(self, workshop_id: str, artifact: str) -> bool:
        """Whether the workshop has a document by that name."""
        gate = self._gate(artifact)
        return artifact in ARTIFACTS or (gate is not None and await gate.has_document(workshop_id, artifact))

    def can_write(self, participant: Participant, artifact: str) -> bool:
        if gate := self._gate(artifact):
            return gate.can_write(participant, artifact)
        workshop = self._workshops[participant.workshop_id]
        return can_edit(participant.role, artifact, workshop.phase, locked=artifact in workshop.locked)

    def check_write(self, participant: Participant, artifact: str) -> None:
        """Raise the domain's reason why ``participant`` may not write now."""
        if gate := self._gate(artifact):
            return gate.check_write(participant, artifact)
        workshop = self._workshops[participant.workshop_id]
        check_edit(participant.role, artifact, workshop.phase, locked=artifact in workshop.locked)

    def _server_state(self, doc_id: str) -> dict[str, Any]:
        workshop_id, artifact = split_doc_id(doc_id)
        workshop = self._workshops.get(workshop_id)
        gate = self._gate(artifact)
        if workshop is not None and gate is not None:
            return gate.server_state(workshop, artifact)
        if workshop is None or artifact not in ARTIFACTS:
            return {}
        return server_state(workshop, artifact)

    async def get_tree(self, workshop_id: str) -> tuple[str, dict[str, Any]]:
        """The tree with its checks and objective suggestions, and a version
        tag of the document state. Every open page asks again after each edit,
        so the last report of each workshop is kept while its state is unchanged."""
        version, raw = await self.rooms.read_document(f"{workshop_id}/{ARTIFACT_TREE}", versioned_tree_document)
        cached = self._tree_reports.get(workshop_id)
        if cached is not None and cached[0] == version:
            return cached
        report = (version, self._tree_report(raw))
        self._tree_reports[workshop_id] = report
        return report

    def _tree_report(self, raw: dict[str, Any]) -> dict[str, Any]:
        tree = problem_tree.tree_from_document(raw)
        result = tree.to_dict()
        suggestions = {s.node_id: s for s in suggest_objectives(tree)}
        for node in result["nodes"]:
            suggestion = suggestions.get(node["id"])
            node["objective_role"] = suggestion.role if suggestion else None
            node["suggested_objective"] = suggestion.text if suggestion else ""
        result["checks"] = [c.to_dict() for c in tree_check.check_tree(tree)]
        return result

    async def read_tree(self, workshop_id: str) -> problem_tree.ProblemTree:
        raw = await self.rooms.read_document(f"{workshop_id}/{ARTIFACT_TREE}", read_tree_document)
        return problem_tree.tree_from_document(raw)

    async def import_tree(self, workshop_id: str, actor: Participant, tree: problem_tree.ProblemTree) -> None:
        """Replace the tree with an imported one (facilitator, while the tree
        is editable for the facilitator); recorded in the log."""
        workshop = await self.get_workshop(workshop_id)
        check_facilitator(actor.role, _("importa un árbol"))
        check_edit(actor.role, ARTIFACT_TREE, workshop.phase, locked=ARTIFACT_TREE in workshop.locked)
        async with self.rooms.joined(f"{workshop_id}/{ARTIFACT_TREE}") as room:
            room.edit(lambda doc: replace_tree(doc, tree))
            await room.flush()
        event = Event("tree_imported", {"nodes": len(tree.nodes), "edges": len(tree.edges)}, actor_id=actor.id)
        await self.store.append_events(workshop_id, [event])

    async def merge_nodes(self, workshop_id: str, actor: Participant, data: dict[str, Any]) -> dict[str, Any]:
        """The facilitator merges a duplicate into the node kept; recorded."""
        workshop = await self.get_workshop(workshop_id)
        check_facilitator(actor.role, _("fusiona elementos del árbol"))
        check_edit(actor.role, ARTIFACT_TREE, workshop.phase, locked=ARTIFACT_TREE in workshop.locked)
        async with self.rooms.joined(f"{workshop_id}/{ARTIFACT_TREE}") as room:
            tree = problem_tree.tree_from_document(read_tree_document(room.doc))
            plan = plan_merge(tree, data.get("keep"), data.get("remove"))
            room.edit(lambda doc: apply_merge(doc, plan))
            await room.flush()
        event = Event("nodes_merged", {"keep": plan.keep, "removed": plan.merged_record}, actor_id=actor.id)
        await self.store.append_events(workshop_id, [event])
        return {"keep": plan.keep, "removed": plan.remove}

    async def seed_tree(
        self, workshop_id: str, nodes: list[tuple[str, str, str]], edges: list[tuple[str, str, str]], author: str
    ) -> None:
        """Write an initial tree as the document's snapshot (demo and tests)."""
        doc: Doc[Any] = Doc()
        node_map = doc.get(TREE_NODES, type=Map)
        edge_map = doc.get(TREE_EDGES, type=Map)
        with doc.transaction():
            for node_id, kind, text in nodes:
                node_map[node_id] = Map({NODE_KIND: kind, NODE_TEXT: Text(text), NODE_CREATED_BY: author})
            for edge_id, source, target in edges:
                edge_map[edge_id] = Map({EDGE_SOURCE: source, EDGE_TARGET: target})
        await self.store.compact_document(f"{workshop_id}/{ARTIFACT_TREE}", doc.get_update(), 0)
