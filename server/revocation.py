"""Revoking a participant's access: the facilitator ends every session of
one person in the mesa (a token that leaked, a phone that was lost, someone
who should not be there). Their tokens stop authenticating (401
``revoked``), their open sockets close with 4401, and the log says who did
it. What they wrote stays. Sessions are signed tokens, not stored rows, so
a revocation is a record that ``Services.authenticate`` consults.

Sockets close in this process at once; with Redis, the revocation is
announced like a phase change (``announce_state_change``) and every other
process closes the person's sockets when it hears it. A lost message (Redis
away) is caught by the periodic re-read of workshop state
(``STATE_REFRESH_SECONDS``), which checks the workshops that have live rooms
here."""

from __future__ import annotations

import contextlib

from workshops.errors import NotFoundError, ValidationError
from workshops.messages import _
from workshops.permissions import check_facilitator
from workshops.workshop import Event, Participant

from .errors import close_reason
from .services import REVOCATION_TABLE, Services, now
from .storage import StoredRecord
from .sync.manager import RoomManager
from .sync.protocol import CloseCode

REVOKED_MESSAGE = _("La facilitación revocó tu acceso a esta mesa.")


async def revoked_ids(services: Services, workshop_id: str) -> set[str]:
    records = await services.store.list_records(REVOCATION_TABLE, workshop_id)
    return {str(r.data.get("participant_id")) for r in records}


async def revoke(services: Services, workshop_id: str, actor: Participant, participant_id: str) -> Participant:
    """The facilitator revokes ``participant_id``'s access (idempotent)."""
    check_facilitator(actor.role, _("revoca el acceso de una persona"))
    if participant_id == actor.id:
        raise ValidationError("No puedes revocar tu propia sesión.", field="participant_id")
    person = await services.store.find_participant(workshop_id, participant_id)
    if person is None:
        raise NotFoundError("No hay nadie con ese identificador en esta mesa.", participant_id=participant_id)
    if participant_id not in await revoked_ids(services, workshop_id):
        record = StoredRecord(
            participant_id, workshop_id, now(), {"participant_id": participant_id, "revoked_by": actor.id}
        )
        event = Event("participant_revoked", {"participant_id": participant_id}, actor_id=actor.id)
        await services.store.save_records(workshop_id, [(REVOCATION_TABLE, record)], [event])
    await close_sockets(services.rooms, workshop_id, {participant_id})
    services.rooms.announce_state_change(workshop_id)
    return person


async def close_sockets(rooms: RoomManager, workshop_id: str, participant_ids: set[str]) -> None:
    """Close this process's sockets of these participants in the workshop (4401)."""
    for room in rooms.rooms_of(workshop_id):
        for channel in list(room.clients):
            if channel.identity.get("id") not in participant_ids:
                continue
            close = getattr(channel, "close", None)
            ws = getattr(channel, "ws", None)
            if close is not None:  # a socket handed over by the endpoint (``DirectChannel``)
                close(CloseCode.UNAUTHORIZED, REVOKED_MESSAGE)
            elif ws is not None:
                with contextlib.suppress(Exception):
                    await ws.close(CloseCode.UNAUTHORIZED, close_reason(REVOKED_MESSAGE, ws))


class RevocationListener:
    """Follows revocations made through other processes: chained onto the
    room manager's ``on_state_change`` (as ``Commitments`` does), so the
    announcement that reaches it also closes the revoked people's sockets."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._next = services.rooms.on_state_change
        services.rooms.on_state_change = self._state_changed

    async def _state_changed(self, workshop_id: str | None) -> None:
        if self._next is not None:
            await self._next(workshop_id)
        rooms = self.services.rooms
        live = {doc_id.split("/", 1)[0] for doc_id in rooms.rooms}
        for wid in [workshop_id] if workshop_id else sorted(live):
            if wid in live and any(r.clients for r in rooms.rooms_of(wid)):
                await close_sockets(rooms, wid, await revoked_ids(self.services, wid))
