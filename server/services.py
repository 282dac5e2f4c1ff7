"""The application layer: domain rules + storage + live rooms.

HTTP routes and the sync endpoint call these methods; they call the domain
for every decision, persist its events, and tell live rooms what changed.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from pycrdt import Doc, Map, Text

from workshops import problem_tree
from workshops.document_schema import (
    ARTIFACT_TREE,
    ARTIFACTS,
    EDGE_SOURCE,
    EDGE_TARGET,
    NODE_CREATED_BY,
    NODE_KIND,
    NODE_TEXT,
    TREE_EDGES,
    TREE_NODES,
)
from workshops.errors import NotFoundError
from workshops.permissions import can_edit, editing_roles
from workshops.phases import Phase
from workshops.roles import FACILITATOR_SECTOR, Role
from workshops.workshop import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    NAME_MAX,
    Participant,
    Workshop,
    change_phase,
    clean_text,
    create_workshop,
    join_workshop,
    normalize_join_code,
)

from .auth import BadToken, Sessions
from .errors import Forbidden, Unauthorized
from .storage import Store
from .sync.manager import RoomManager


def new_id() -> str:
    return secrets.token_hex(8)


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class CreatedWorkshop:
    workshop: Workshop
    facilitator: Participant
    token: str


def split_doc_id(doc_id: str) -> tuple[str, str]:
    workshop_id, _, artifact = doc_id.partition("/")
    return workshop_id, artifact


class Services:
    def __init__(self, store: Store, sessions: Sessions, rooms: RoomManager) -> None:
        self.store = store
        self.sessions = sessions
        self.rooms = rooms
        # The phase of each workshop with live rooms (the database is the
        # source of truth; this avoids a query per message).
        self._phases: dict[str, Phase] = {}
        rooms.server_state = self._server_state

    # -- workshops ---------------------------------------------------------

    async def create_workshop(self, data: dict[str, Any], *, join_code: str | None = None) -> CreatedWorkshop:
        facilitator_name = clean_text(
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
        participant, events = join_workshop(workshop, data, participant_id=new_id(), now=now())
        await self.store.insert_participant(participant, events)
        return participant, self.sessions.issue(workshop.id, participant.id)

    async def authenticate(self, workshop_id: str, token: str | None) -> Participant:
        """The participant a token names, if it belongs to this workshop."""
        if not token:
            raise Unauthorized()
        try:
            claim = self.sessions.read(token)
        except BadToken:
            raise Unauthorized("El token de sesión no es válido.") from None
        if claim.workshop_id != workshop_id:
            raise Forbidden("Tu sesión es de otro taller.", code="not_a_member")
        participant = await self.store.find_participant(workshop_id, claim.participant_id)
        if participant is None:
            raise Unauthorized("La sesión ya no es válida.")
        return participant

    async def set_phase(self, workshop_id: str, actor: Participant, phase: object) -> Workshop:
        workshop = await self.get_workshop(workshop_id)
        workshop, events = change_phase(workshop, actor_role=actor.role, actor_id=actor.id, phase=phase)
        if events:
            await self.store.save_phase(workshop, events)
        self._phases[workshop_id] = workshop.phase
        for room in self.rooms.rooms_of(workshop_id):
            room.set_server_state(self._server_state(room.doc_id))
        return workshop

    # -- documents ---------------------------------------------------------

    async def open_document(self, workshop: Workshop) -> None:
        """Note the phase of a workshop whose document is being opened."""
        self._phases.setdefault(workshop.id, workshop.phase)

    def phase_of(self, workshop_id: str) -> Phase:
        return self._phases[workshop_id]

    def can_write(self, participant: Participant, artifact: str) -> bool:
        return can_edit(participant.role, artifact, self.phase_of(participant.workshop_id))

    def _server_state(self, doc_id: str) -> dict[str, Any]:
        workshop_id, artifact = split_doc_id(doc_id)
        phase = self._phases.get(workshop_id)
        if phase is None or artifact not in ARTIFACTS:
            return {}
        return {
            "phase": str(phase),
            "artifact": artifact,
            "editable_by": [str(r) for r in editing_roles(artifact, phase)],
        }

    async def get_tree(self, workshop_id: str) -> dict[str, Any]:
        def read(doc: Doc) -> dict[str, Any]:
            return {
                TREE_NODES: doc.get(TREE_NODES, type=Map).to_py(),
                TREE_EDGES: doc.get(TREE_EDGES, type=Map).to_py(),
            }

        raw = await self.rooms.read_document(f"{workshop_id}/{ARTIFACT_TREE}", read)
        tree = problem_tree.tree_from_document(raw)
        result = tree.to_dict()
        result["checks"] = [c.to_dict() for c in problem_tree.check_tree(tree)]
        return result

    async def seed_tree(
        self, workshop_id: str, nodes: list[tuple[str, str, str]], edges: list[tuple[str, str, str]], author: str
    ) -> None:
        """Write an initial tree as the document's snapshot (demo and tests)."""
        doc = Doc()
        node_map = doc.get(TREE_NODES, type=Map)
        edge_map = doc.get(TREE_EDGES, type=Map)
        with doc.transaction():
            for node_id, kind, text in nodes:
                node_map[node_id] = Map({NODE_KIND: kind, NODE_TEXT: Text(text), NODE_CREATED_BY: author})
            for edge_id, source, target in edges:
                edge_map[edge_id] = Map({EDGE_SOURCE: source, EDGE_TARGET: target})
        await self.store.compact_document(f"{workshop_id}/{ARTIFACT_TREE}", doc.get_update(), 0)
