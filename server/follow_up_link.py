"""Who acts on a plan's follow-up (``Actor``) and the private links they act
through: making a link, reading a token back into its ``Actor``, and the
checks on what each role may touch. The records they write are
server/follow_up.py's; the rules are workshops/follow_up.py's.

Who acts:

- the plan's **editor** (plan-editor token, server/plans.py): publishes,
  makes links, and may report, verify, measure and review (the editor acts
  with the rights of each role, like the Secretariado Técnico);
- a **reporter** (``responsable`` or ``corresponsable``) of one commitment,
  through the private link the editor made for them: reports the activities
  and measures the indicators of *that* commitment only;
- the **verifier** (the organismo garante), through a link per plan:
  verifies or returns activities and records reviews.

Links are follow-up tokens (server/auth.py, their own salt) naming the plan
and the link; the link's row (kind ``link`` of ``plan_record``) says its
role and commitment.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from workshops.errors import NotFoundError, ValidationError
from workshops.follow_up import REPORTERS, FollowUpRole
from workshops.messages import _
from workshops.plan import Plan, PlanCommitment
from workshops.workshop import Event, clean_name

from .auth import BadToken
from .errors import ApiError, Forbidden, Unauthorized
from .services import new_id, now
from .storage import StoredPlanRecord

if TYPE_CHECKING:
    from .app import Cocrea

LINK_PAGE = "/planes/{plan_id}/seguimiento?clave={token}"
NAME_MAX = 300
EMAIL_MAX = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who calls a follow-up route: ``id`` is the editor's or the link's."""

    plan_id: str
    role: FollowUpRole
    id: str
    commitment_id: str | None = None


def clean_email(value: object) -> str:
    """Where the link's reminders go (optional): one address, no display name."""
    text = clean_name(value, field="email", max_len=EMAIL_MAX, required=False)
    if text and not _EMAIL.fullmatch(text):
        raise ValidationError("El correo electrónico no es válido.", field="email")
    return text


def check_role(actor: Actor, commitment_id: str) -> None:
    """A reporter acts on their own commitment only."""
    if actor.role in REPORTERS and actor.commitment_id != commitment_id:
        raise Forbidden("Tu enlace es para reportar otro compromiso de este plan.", code="not_this_commitment")


class FollowUpLinks:
    """The plan's editor and its links' holders: who they are, and the links
    the editor makes. ``FollowUp`` (server/follow_up.py) builds on it."""

    def __init__(self, cocrea: Cocrea) -> None:
        self.cocrea = cocrea
        self.store = cocrea.store
        self.sessions = cocrea.services.sessions
        # The lock plan edits take (server/plans.py): one writer per plan.
        self._lock = cocrea.plans._lock

    # -- who ---------------------------------------------------------------

    async def authenticate(self, plan_id: str, token: str | None) -> Actor:
        """The plan's editor, or the holder of one of its follow-up links."""
        if await self.store.find_plan(plan_id) is None:
            raise NotFoundError("No existe ese plan.", plan_id=plan_id)
        if not token:
            raise Unauthorized("Falta el enlace de edición o de seguimiento del plan.")
        try:
            editor = self.sessions.read_plan_editor(token)
        except BadToken:
            pass
        else:
            if editor.plan_id != plan_id:
                raise Forbidden("Tu enlace de edición es de otro plan.", code="not_this_plan")
            return Actor(plan_id, FollowUpRole.EDITOR, editor.editor_id)
        try:
            claim = self.sessions.read_follow_up(token)
        except BadToken:
            raise Unauthorized("El enlace de seguimiento no es válido.") from None
        if claim.plan_id != plan_id:
            raise Forbidden("Tu enlace de seguimiento es de otro plan.", code="not_this_plan")
        link = next((r for r in await self.store.list_plan_records(plan_id, "link") if r.id == claim.link_id), None)
        if link is None:
            raise Unauthorized("El enlace de seguimiento no es válido.")
        return Actor(plan_id, FollowUpRole(link.data["role"]), link.id, link.data.get("commitment_id"))

    async def actor_or_none(self, plan_id: str, token: str | None) -> Actor | None:
        """The caller if they hold a valid token of this plan (public routes)."""
        if not token:
            return None
        try:
            return await self.authenticate(plan_id, token)
        except ApiError:
            return None

    @staticmethod
    def require_editor(actor: Actor, what: str) -> None:
        if actor.role is not FollowUpRole.EDITOR:
            raise Forbidden(_("Solo quien edita el plan {what}.", what=what), code="not_an_editor")

    @staticmethod
    def _commitment(plan: Plan, commitment_id: str) -> PlanCommitment:
        entry = plan.find_commitment(commitment_id)
        if entry is None:
            message = _("El compromiso «{commitment_id}» no está en el plan.", commitment_id=commitment_id[:60])
            raise NotFoundError(message, commitment_id=commitment_id)
        return entry

    # -- links ---------------------------------------------------------------

    async def create_link(
        self, actor: Actor, role: FollowUpRole, commitment_id: str | None, data: Mapping[str, object]
    ) -> tuple[str, str]:
        """A private link for a reporter of a commitment, or the plan's
        verifier: its id and token (the editor only)."""
        self.require_editor(actor, _("crea enlaces de seguimiento"))
        name = clean_name(data.get("name"), field="name", max_len=NAME_MAX, required=True)
        organization = clean_name(data.get("organization"), field="organization", max_len=NAME_MAX, required=False)
        email = clean_email(data.get("email"))
        async with self._lock(actor.plan_id):
            if commitment_id is not None:
                self._commitment(await self.cocrea.plans.get(actor.plan_id), commitment_id)
            link_id = "link-" + new_id()
            at = now()
            body = {
                "role": str(role),
                "commitment_id": commitment_id,
                "name": name,
                "organization": organization,
                "email": email,
                "created_at": at.isoformat(),
            }
            record = StoredPlanRecord(link_id, actor.plan_id, "link", commitment_id, at, body)
            event = Event(
                "follow_up_link_created",
                {"link_id": link_id, "role": str(role), "commitment_id": commitment_id},
                actor_id=actor.id,
            )
            await self.store.insert_plan_records(actor.plan_id, [record], [event])
        return link_id, self.sessions.issue_follow_up(actor.plan_id, link_id)
