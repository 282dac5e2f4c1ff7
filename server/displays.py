"""Projector displays: the facilitator makes a read-only link for the room's
projector (``POST /api/workshops/{id}/displays``). A display is not a
member: it is stored in its own table, never among participants, so it is
never in presence, attendance, a denominator or a document.

Its token is a third kind (``Sessions.issue_display``). With it, HTTP reads
pass (``Services.authenticate(..., display=True)`` on GET) and any write is
403 ``display_read_only``; its sockets read every document, a write closes
them with 4403, and its presence frames are dropped unread, so nobody sees it
(server/sync/endpoint.py). The facilitator revokes it like a person's access
(``DELETE /api/workshops/{id}/displays/{display_id}``): a revocation record
(server/revocation.py) makes the token 401 ``revoked`` and closes its sockets."""

from __future__ import annotations

from workshops.errors import NotFoundError
from workshops.messages import _
from workshops.permissions import check_facilitator
from workshops.workshop import Event, Participant

from .revocation import close_sockets, revoked_ids
from .services import DISPLAY_TABLE, REVOCATION_TABLE, Services, new_id, now
from .storage import StoredRecord


def display_path(workshop_id: str, token: str) -> str:
    """The display page's private link (``pages.display_page``)."""
    return f"/w/{workshop_id}/pantalla?key={token}"


async def create_display(services: Services, workshop_id: str, actor: Participant) -> tuple[str, str]:
    """A new display of the workshop: its id and token (facilitator only)."""
    check_facilitator(actor.role, _("crea enlaces de pantalla"))
    display_id = new_id()
    record = StoredRecord(display_id, workshop_id, now(), {"display_id": display_id, "created_by": actor.id})
    event = Event("display_created", {"display_id": display_id}, actor_id=actor.id)
    await services.store.save_records(workshop_id, [(DISPLAY_TABLE, record)], [event])
    return display_id, services.sessions.issue_display(workshop_id, display_id)


async def revoke_display(services: Services, workshop_id: str, actor: Participant, display_id: str) -> None:
    """The facilitator withdraws a display link (idempotent)."""
    check_facilitator(actor.role, _("retira enlaces de pantalla"))
    if not await services.store.list_records(DISPLAY_TABLE, workshop_id, parent_id=display_id):
        raise NotFoundError("No hay ninguna pantalla con ese identificador en esta mesa.", display_id=display_id)
    if display_id not in await revoked_ids(services, workshop_id):
        record = StoredRecord(display_id, workshop_id, now(), {"participant_id": display_id, "revoked_by": actor.id})
        event = Event("display_revoked", {"display_id": display_id}, actor_id=actor.id)
        await services.store.save_records(workshop_id, [(REVOCATION_TABLE, record)], [event])
    await close_sockets(services.rooms, workshop_id, {display_id})
    services.rooms.announce_state_change(workshop_id)
