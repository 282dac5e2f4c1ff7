"""Revoking a participant's access: the facilitator ends every session of
one person in the mesa (a token that leaked, a phone that was lost, someone
who should not be there). Their tokens stop authenticating (401
``revoked``), their open sockets close with 4401, and the log says who did
it. What they wrote stays. Sessions are signed tokens, not stored rows, so
a revocation is a record that ``Services.authenticate`` consults.

Sockets close in this process; with Redis, those on other processes close
when they next authenticate (reconnect)."""

from __future__ import annotations

import contextlib

from workshops.errors import NotFoundError, ValidationError
from workshops.permissions import check_facilitator
from workshops.workshop import Event, Participant

from .errors import close_reason
from .services import REVOCATION_TABLE, Services, now
from .storage import StoredRecord
from .sync.protocol import CloseCode

REVOKED_MESSAGE = "La facilitación revocó tu acceso a esta mesa."


async def revoked_ids(services: Services, workshop_id: str) -> set[str]:
    records = await services.store.list_records(REVOCATION_TABLE, workshop_id)
    return {str(r.data.get("participant_id")) for r in records}


async def revoke(services: Services, workshop_id: str, actor: Participant, participant_id: str) -> Participant:
    """The facilitator revokes ``participant_id``'s access (idempotent)."""
    check_facilitator(actor.role, "revoca el acceso de una persona")
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
    await close_sockets(services, workshop_id, participant_id)
    return person


async def close_sockets(services: Services, workshop_id: str, participant_id: str) -> None:
    for room in services.rooms.rooms_of(workshop_id):
        for channel in list(room.clients):
            ws = getattr(channel, "ws", None)
            if ws is not None and channel.identity.get("id") == participant_id:
                with contextlib.suppress(Exception):
                    await ws.close(CloseCode.UNAUTHORIZED, close_reason(REVOKED_MESSAGE))
