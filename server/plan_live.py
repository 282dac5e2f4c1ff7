"""A plan's ``live`` document: ``/ws/plans/<plan_id>/live``.

The workshop's ``live`` document (server/live.py) for a Plan de Acción and
its follow-up, which belong to no workshop. After every write of a plan
(details, commitments taken, refreshed, removed, reordered or marked, the
template) or of its follow-up (publication, links, reports, verifications,
measurements, reviews), the server bumps the version of each topic the write
touched in this Yjs document, which its open pages read and nobody but the
server writes. Pages ask for the topic's HTTP resource again when its
version changes: the other editor sees the commitment attached, the
organismo garante the activity reported, without reloading.

``PlanLiveStore`` wraps the store that server/plans.py and server/follow_up.py
write through (one place, as ``LiveStore`` does for workshops). The push goes
through the room like any server-side edit (``Room.edit``): stored, sent to
this process's sockets and, scaled out, to the other processes through Redis.

Only versions go in (no ``state``): nothing in it is private, because after
publishing anyone may read it. Readers: the plan's editors (plan-editor
token, or the ``cocrea_p_<plan_id>`` cookie), the holders of one of its
follow-up links (their token, or the ``cocrea_f_<plan_id>`` cookie) and,
once the plan is published, anyone. The schema is in docs/realtime.md («A
plan's `live` document»).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from starlette.websockets import WebSocket

from workshops.document_schema import (
    ARTIFACT_LIVE,
    PLAN_LIVE_ROOM,
    PLAN_TOPIC_FOLLOW_UP,
    PLAN_TOPIC_HISTORY,
    PLAN_TOPIC_PLAN,
    PLAN_TOPIC_TEMPLATE,
)
from workshops.errors import NotFoundError, WorkshopError
from workshops.workshop import Event

from .auth import bearer_token, follow_up_cookie_name, plan_cookie_name
from .errors import ApiError, Unauthorized
from .keyed_locks import KeyedLocks
from .live import write_live
from .sync.endpoint import Closing, accept_socket, refuse_socket, serve_seat
from .sync.protocol import CloseCode

if TYPE_CHECKING:
    from .app import Cocrea
    from .storage import Store, StoredPlan, StoredPlanFile, StoredPlanRecord, StoredPlanTemplate
    from .sync.manager import RoomManager

log = logging.getLogger(__name__)

# Which topic a follow-up row belongs to (server/storage PLAN_RECORD_KINDS);
# a kind not named here (a reminder's claim) changes nothing a page shows.
RECORD_TOPICS: dict[str, tuple[str, ...]] = {
    "publication": (PLAN_TOPIC_FOLLOW_UP,),
    "link": (PLAN_TOPIC_FOLLOW_UP,),
    "update": (PLAN_TOPIC_FOLLOW_UP,),
    "measurement": (PLAN_TOPIC_FOLLOW_UP,),
    "review": (PLAN_TOPIC_FOLLOW_UP,),
}
PUBLICATION = "publication"


def plan_doc_id(plan_id: str) -> str:
    return f"{PLAN_LIVE_ROOM}/{plan_id}/{ARTIFACT_LIVE}"


def is_plan_doc(doc_id: str) -> bool:
    return doc_id.startswith(PLAN_LIVE_ROOM + "/") and doc_id.endswith("/" + ARTIFACT_LIVE)


# The server's presence entry in a plan's live document: nobody writes it.
SERVER_STATE = {"artifact": ARTIFACT_LIVE, "locked": True, "editable_by": []}


class PlanLiveChannel:
    """Writes a plan's ``live`` document after its changes."""

    def __init__(self, rooms: RoomManager) -> None:
        self.rooms = rooms
        self._locks = KeyedLocks()
        previous = rooms.server_state
        rooms.server_state = lambda doc_id: dict(SERVER_STATE) if is_plan_doc(doc_id) else previous(doc_id)

    async def touch(self, plan_id: str, topics: Iterable[str]) -> None:
        """Push that ``topics`` changed. Never raises: the change is stored,
        and a failed push must not turn it into an error."""
        bumped = sorted(set(topics))
        if not bumped:
            return
        try:
            async with self._locks(plan_id), self.rooms.joined(plan_doc_id(plan_id)) as room:
                room.edit(lambda doc: write_live(doc, bumped, {}))
        except Exception:
            log.exception("could not push %s of plan %s", ",".join(bumped), plan_id)


def _history(events: list[Event]) -> set[str]:
    return {PLAN_TOPIC_HISTORY} if events else set()


class PlanLiveStore:
    """The store, telling the plan's live channel what each plan write
    changed. Everything else passes straight through."""

    def __init__(self, store: Store, live: PlanLiveChannel) -> None:
        self._store = store
        self._live = live

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def insert_plan(self, plan: StoredPlan, events: list[Event]) -> bool:
        inserted = await self._store.insert_plan(plan, events)
        if inserted:
            await self._live.touch(plan.id, {PLAN_TOPIC_PLAN} | _history(events))
        return inserted

    async def save_plan(self, plan: StoredPlan, events: list[Event]) -> None:
        await self._store.save_plan(plan, events)
        await self._live.touch(plan.id, {PLAN_TOPIC_PLAN} | _history(events))

    async def save_plan_template(self, template: StoredPlanTemplate, events: list[Event]) -> None:
        await self._store.save_plan_template(template, events)
        await self._live.touch(template.plan_id, {PLAN_TOPIC_TEMPLATE} | _history(events))

    async def delete_plan_template(self, plan_id: str, events: list[Event]) -> bool:
        deleted = await self._store.delete_plan_template(plan_id, events)
        if deleted:
            await self._live.touch(plan_id, {PLAN_TOPIC_TEMPLATE} | _history(events))
        return deleted

    async def insert_plan_records(
        self,
        plan_id: str,
        records: list[StoredPlanRecord],
        events: list[Event],
        files: Sequence[StoredPlanFile] = (),
    ) -> bool:
        inserted = await self._store.insert_plan_records(plan_id, records, events, files)
        if inserted:
            topics = {topic for record in records for topic in RECORD_TOPICS.get(record.kind, ())}
            await self._live.touch(plan_id, topics | (_history(events) if topics else set()))
        return inserted


class PlanSeat:
    """A reader's socket on a plan's live document: no presence, no writes."""

    __slots__ = ("doc_id", "identity", "person")

    silent = True

    def __init__(self, plan_id: str, person: str) -> None:
        self.person = person
        self.doc_id = plan_doc_id(plan_id)
        self.identity = {"id": person, "name": "", "sector": "", "role": "reader"}

    async def enter(self) -> None:
        return None

    def leave(self) -> None:
        return None

    def can_write(self) -> bool:
        return False

    def refusal(self) -> Closing:
        return Closing(CloseCode.FORBIDDEN, "El estado en vivo del plan es de solo lectura: lo escribe el servidor.")


async def plan_reader(cocrea: Cocrea, ws: WebSocket, plan_id: str) -> str:
    """Who reads: an editor's or a link's id, or a new anonymous id once the
    plan is published. A token given as ``?token=`` (or Bearer) must be
    valid even then; a stale cookie on a published plan is ignored. Raises
    the error whose close code refuses the socket (4401, 4403, 4404)."""
    follow_up = cocrea.follow_up
    if await cocrea.store.find_plan(plan_id) is None:
        raise NotFoundError("No existe ese plan.", plan_id=plan_id)
    bearer = bearer_token(ws)
    given = bearer if bearer is not None else ws.query_params.get("token")
    if given:
        return (await follow_up.authenticate(plan_id, given)).id
    published = await follow_up.publication(plan_id) is not None
    refusal: ApiError | None = None
    for cookie in (follow_up_cookie_name(plan_id), plan_cookie_name(plan_id)):
        token = ws.cookies.get(cookie)
        if not token:
            continue
        try:
            return (await follow_up.authenticate(plan_id, token)).id
        except ApiError as exc:
            refusal = refusal or exc
    if published:
        return "public-" + secrets.token_hex(8)
    raise refusal or Unauthorized("Falta el enlace de edición o de seguimiento del plan.")


async def plan_live_endpoint(ws: WebSocket) -> None:
    cocrea: Cocrea = ws.app.state.cocrea
    plan_id = ws.path_params["plan_id"]
    if not await accept_socket(ws, cocrea):
        return
    try:
        person = await plan_reader(cocrea, ws, plan_id)
    except (ApiError, WorkshopError) as exc:
        await refuse_socket(ws, exc)
        return
    await serve_seat(ws, cocrea, PlanSeat(plan_id, person))
