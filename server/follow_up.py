"""The follow-up of a published Plan de Acción, application side (issue 14):
publishing, the private links of the people who report and verify, their
updates with evidence files, verifications, indicator measurements and the
six-month and final reviews. The rules are workshops/follow_up.py's.

Who acts (``Actor``):

- the plan's **editor** (plan-editor token, server/plans.py): publishes,
  makes links, and may report, verify, measure and review (the editor acts
  with the rights of each role, like the Secretariado Técnico);
- a **reporter** (``responsable`` or ``corresponsable``) of one commitment,
  through the private link the editor made for them: reports the activities
  and measures the indicators of *that* commitment only;
- the **verifier** (the organismo garante), through a link per plan:
  verifies or returns activities and records reviews.

Links are follow-up tokens (server/auth.py, their own salt) naming the plan
and the link; the link's row says its role and commitment.

Storage: rows of ``plan_record`` (``server/storage``: kinds ``publication``,
``link``, ``update``, ``measurement``, ``review``), only ever inserted, with
their event in the plan's audit log (``plan_event``) in the same
transaction; evidence files in ``plan_file``. Every write reads, checks
every rule and writes under the plan's lock (the one plan edits take).

``follow_up_state`` gathers everything the public outputs show.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from exporters.plan_view import DISPLAY_TIMEZONE
from workshops.errors import ConflictError, NotAllowedError, NotFoundError, ValidationError
from workshops.follow_up import (
    REPORTERS,
    VERIFIERS,
    ActivityStatus,
    FollowUpRole,
    Measurement,
    ReviewKind,
    TrackedActivity,
    Update,
    clean_links,
    commitment_progress,
    current_status,
    is_late,
    measure,
    plan_progress,
    report,
    review_commitments,
    verify,
)
from workshops.messages import _
from workshops.plan import Plan, PlanCommitment
from workshops.plan_editing import validate_plan
from workshops.problem_tree import Severity
from workshops.workshop import Event, clean_name

from .auth import BadToken
from .errors import ApiError, Forbidden, Unauthorized
from .evidence import MAX_FILES, check_evidence
from .plans import clean_filename
from .services import new_id, now
from .storage import StoredPlanFile, StoredPlanRecord

if TYPE_CHECKING:
    from .app import Cocrea

PUBLIC_PAGE = "/publico/planes/{plan_id}"
EVIDENCE_URL = "/api/plans/{plan_id}/evidence/{file_id}"
LINK_PAGE = "/planes/{plan_id}/seguimiento?clave={token}"
DUE_SOON_DAYS = 15
NAME_MAX = 300
# The plan's audit-log entries the public history lists (after publishing),
# and the fields of their payload it shows: never tokens, link or editor ids.
PUBLIC_EVENTS = {
    "plan_updated": ("fields",),
    "plan_commitment_attached": ("commitment_id", "title"),
    "plan_commitment_refreshed": ("commitment_id", "title"),
    "plan_commitment_detached": ("commitment_id", "title"),
    "plan_commitment_origin": ("commitment_id", "title", "origin"),
    "plan_commitments_reordered": (),
    "follow_up_update": ("commitment_id", "activity_id", "status", "role"),
    "follow_up_verification": ("commitment_id", "activity_id", "status", "role"),
    "follow_up_measurement": ("commitment_id", "indicator_id", "period", "value", "role"),
    "follow_up_review": ("review", "role"),
}


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who calls a follow-up route: ``id`` is the editor's or the link's."""

    plan_id: str
    role: FollowUpRole
    id: str
    commitment_id: str | None = None


@dataclasses.dataclass(frozen=True)
class EvidenceFile:
    """A file as received: its name as sent and its bytes."""

    filename: str
    data: bytes


EMAIL_MAX = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def clean_email(value: object) -> str:
    """Where the link's reminders go (optional): one address, no display name."""
    text = clean_name(value, field="email", max_len=EMAIL_MAX, required=False)
    if text and not _EMAIL.fullmatch(text):
        raise ValidationError("El correo electrónico no es válido.", field="email")
    return text


def today() -> dt.date:
    """The day in Mexico: an activity is late from the day after its end there."""
    return now().astimezone(DISPLAY_TIMEZONE).date()


def activity_key(commitment_id: str, item_id: str) -> str:
    """``parent_id`` of an activity's or indicator's rows (ids are unique per commitment)."""
    return f"{commitment_id}/{item_id}"


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _update_from(record: StoredPlanRecord) -> Update:
    d = record.data
    return Update(
        record.parent_id or "",
        ActivityStatus(d["status"]),
        d.get("note", ""),
        tuple(d.get("links", ())),
        FollowUpRole(d["role"]),
        dt.datetime.fromisoformat(d["at"]),
    )


def _evidence_json(plan_id: str, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": e["id"],
            "name": e["name"],
            "media_type": e["media_type"],
            "size": e["size"],
            "sha256": e["sha256"],
            "url": EVIDENCE_URL.format(plan_id=plan_id, file_id=e["id"]),
        }
        for e in items
    ]


def _check_role(actor: Actor, commitment_id: str) -> None:
    """A reporter acts on their own commitment only."""
    if actor.role in REPORTERS and actor.commitment_id != commitment_id:
        raise Forbidden("Tu enlace es para reportar otro compromiso de este plan.", code="not_this_commitment")


class FollowUp:
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

    # -- reading -----------------------------------------------------------

    async def publication(self, plan_id: str) -> StoredPlanRecord | None:
        return next(iter(await self.store.list_plan_records(plan_id, "publication")), None)

    async def _updates(self, plan_id: str, key: str) -> list[Update]:
        return [_update_from(r) for r in await self.store.list_plan_records(plan_id, "update", key)]

    @staticmethod
    def _commitment(plan: Plan, commitment_id: str) -> PlanCommitment:
        entry = plan.find_commitment(commitment_id)
        if entry is None:
            message = _("El compromiso «{commitment_id}» no está en el plan.", commitment_id=commitment_id[:60])
            raise NotFoundError(message, commitment_id=commitment_id)
        return entry

    @staticmethod
    def _activity(entry: PlanCommitment, activity_id: str) -> int:
        if activity_id not in entry.activity_ids:
            raise NotFoundError(
                _("La actividad «{activity_id}» no está en este compromiso.", activity_id=activity_id[:60]),
                activity_id=activity_id,
            )
        return entry.activity_ids.index(activity_id)

    # -- publishing and links ------------------------------------------------

    async def publish(self, actor: Actor) -> dt.datetime:
        """Publish the plan (once; again: the same publication). Refused while
        the plan has error-severity issues (``validate_plan``)."""
        self.require_editor(actor, _("lo publica"))
        async with self._lock(actor.plan_id):
            existing = await self.publication(actor.plan_id)
            if existing is not None:
                return dt.datetime.fromisoformat(existing.data["published_at"])
            plan = await self.cocrea.plans.get(actor.plan_id)
            errors = [i for i in validate_plan(plan) if i.severity is Severity.ERROR]
            if errors:
                raise ApiError(
                    422,
                    "not_publishable",
                    _(
                        "El plan todavía no puede publicarse: la página del plan señala lo que falta ({n}).",
                        n=len(errors),
                    ),
                    field=errors[0].field,
                    issues=[i.to_dict() for i in errors[:20]],
                )
            at = now()
            record = StoredPlanRecord(
                f"{actor.plan_id}/publication", actor.plan_id, "publication", None, at, {"published_at": at.isoformat()}
            )
            event = Event("plan_published", {"plan_id": actor.plan_id}, actor_id=actor.id)
            if not await self.store.insert_plan_records(actor.plan_id, [record], [event]):
                raise ConflictError("El plan ya se publicó.")
            return at

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

    # -- activities ----------------------------------------------------------

    async def post_update(
        self,
        actor: Actor,
        commitment_id: str,
        activity_id: str,
        data: Mapping[str, object],
        files: Sequence[EvidenceFile] = (),
    ) -> dict[str, Any]:
        """A report on an activity: status, note, links and evidence files."""
        _check_role(actor, commitment_id)
        if len(files) > MAX_FILES:
            raise ValidationError(_("Se adjuntan hasta {n} archivos por reporte.", n=MAX_FILES), field="evidence")
        # The editor reports with a reporter's rights (the domain's reporters).
        as_role = FollowUpRole.RESPONSABLE if actor.role is FollowUpRole.EDITOR else actor.role
        async with self._lock(actor.plan_id):
            entry = self._commitment(await self.cocrea.plans.get(actor.plan_id), commitment_id)
            self._activity(entry, activity_id)
            key = activity_key(commitment_id, activity_id)
            at = now()
            update = report(
                await self._updates(actor.plan_id, key),
                key,
                role=as_role,
                status=data.get("status"),
                note=data.get("note"),
                links=data.get("links"),
                now=at,
            )
            update = dataclasses.replace(update, by_role=actor.role)
            stored: list[StoredPlanFile] = []
            evidence = []
            for file in files:
                name = clean_filename(file.filename)
                kind = check_evidence(name, file.data)
                file_id = "ev-" + new_id()
                stored.append(StoredPlanFile(file_id, actor.plan_id, at, file.data))
                evidence.append(
                    {
                        "id": file_id,
                        "name": name,
                        "media_type": kind.media_type,
                        "size": len(file.data),
                        "sha256": hashlib.sha256(file.data).hexdigest(),
                    }
                )
            return await self._store_update(actor, commitment_id, activity_id, update, evidence, stored)

    async def _store_update(
        self,
        actor: Actor,
        commitment_id: str,
        activity_id: str,
        update: Update,
        evidence: list[dict[str, Any]],
        files: Sequence[StoredPlanFile] = (),
    ) -> dict[str, Any]:
        record_id = "upd-" + new_id()
        body = {
            "commitment_id": commitment_id,
            "activity_id": activity_id,
            "status": str(update.status),
            "note": update.note,
            "links": list(update.links),
            "role": str(update.by_role),
            "by": actor.id,
            "at": update.at.isoformat(),
            "evidence": evidence,
        }
        verifying = update.status in (ActivityStatus.VERIFICADA, ActivityStatus.DEVUELTA)
        kind = "follow_up_verification" if verifying else "follow_up_update"
        event = Event(
            kind,
            {
                "commitment_id": commitment_id,
                "activity_id": activity_id,
                "update_id": record_id,
                "status": str(update.status),
                "role": str(update.by_role),
                "files": [e["id"] for e in evidence],
            },
            actor_id=actor.id,
        )
        key = activity_key(commitment_id, activity_id)
        record = StoredPlanRecord(record_id, actor.plan_id, "update", key, update.at, body)
        await self.store.insert_plan_records(actor.plan_id, [record], [event], files)
        return self._update_json(actor.plan_id, record_id, body)

    @staticmethod
    def _update_json(plan_id: str, record_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "id": record_id,
            "status": body["status"],
            "note": body["note"],
            "links": list(body["links"]),
            "role": body["role"],
            "at": body["at"],
            "evidence": _evidence_json(plan_id, body.get("evidence", [])),
        }

    async def verify(
        self, actor: Actor, commitment_id: str, activity_id: str, data: Mapping[str, object]
    ) -> dict[str, Any]:
        """The verifier (or the editor) verifies an activity or returns it."""
        async with self._lock(actor.plan_id):
            entry = self._commitment(await self.cocrea.plans.get(actor.plan_id), commitment_id)
            self._activity(entry, activity_id)
            key = activity_key(commitment_id, activity_id)
            update = verify(
                await self._updates(actor.plan_id, key),
                key,
                role=actor.role,
                decision=data.get("decision"),
                reason=data.get("reason"),
                now=now(),
            )
            return await self._store_update(actor, commitment_id, activity_id, update, [])

    # -- indicators ----------------------------------------------------------

    async def record_measurement(
        self, actor: Actor, commitment_id: str, indicator_id: str, data: Mapping[str, object]
    ) -> dict[str, Any]:
        _check_role(actor, commitment_id)
        async with self._lock(actor.plan_id):
            entry = self._commitment(await self.cocrea.plans.get(actor.plan_id), commitment_id)
            if indicator_id not in entry.indicator_ids:
                raise NotFoundError(
                    _("El indicador «{indicator_id}» no está en este compromiso.", indicator_id=indicator_id[:60]),
                    indicator_id=indicator_id,
                )
            at = now()
            measurement: Measurement = measure(
                indicator_id,
                role=actor.role,
                period=data.get("period"),
                value=data.get("value"),
                note=data.get("note"),
                now=at.astimezone(DISPLAY_TIMEZONE),
            )
            evidence = data.get("evidence")
            links = clean_links([evidence] if isinstance(evidence, str) else evidence)
            record_id = "med-" + new_id()
            body = {
                "commitment_id": commitment_id,
                "indicator_id": indicator_id,
                "period": measurement.period,
                "value": measurement.value,
                "note": measurement.note,
                "links": list(links),
                "role": str(actor.role),
                "by": actor.id,
                "at": at.isoformat(),
            }
            event = Event(
                "follow_up_measurement",
                {
                    "commitment_id": commitment_id,
                    "indicator_id": indicator_id,
                    "measurement_id": record_id,
                    "period": measurement.period,
                    "value": measurement.value,
                    "role": str(actor.role),
                },
                actor_id=actor.id,
            )
            key = activity_key(commitment_id, indicator_id)
            record = StoredPlanRecord(record_id, actor.plan_id, "measurement", key, at, body)
            await self.store.insert_plan_records(actor.plan_id, [record], [event])
        return self._measurement_json(record_id, body)

    @staticmethod
    def _measurement_json(record_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        keys = ("period", "value", "note", "links", "role", "at")
        return {"id": record_id} | {k: body[k] for k in keys}

    # -- reviews -------------------------------------------------------------

    async def record_review(self, actor: Actor, data: Mapping[str, object]) -> dict[str, Any]:
        """The six-month monitoring or the final evaluation: once each, of a
        published plan, every commitment once; frozen once recorded."""
        if actor.role not in VERIFIERS:
            raise NotAllowedError("Solo el organismo garante o quien edita el plan registra revisiones.")
        kind_value = data.get("kind")
        if kind_value not in tuple(ReviewKind):
            raise ValidationError("«kind» es «seguimiento_semestral» o «evaluacion_final».", field="kind")
        kind = ReviewKind(str(kind_value))
        async with self._lock(actor.plan_id):
            if await self.publication(actor.plan_id) is None:
                raise ApiError(409, "not_published", "El plan se revisa una vez publicado.")
            plan = await self.cocrea.plans.get(actor.plan_id)
            reviews = review_commitments(data.get("commitments"), [c.id for c in plan.commitments], role=actor.role)
            at = now()
            body = {
                "kind": str(kind),
                "role": str(actor.role),
                "by": actor.id,
                "at": at.isoformat(),
                "commitments": [
                    {
                        "commitment_id": r.commitment_id,
                        "completion": str(r.completion),
                        "opened_government": str(r.opened_government),
                        "quality": r.quality,
                        "relevance": r.relevance,
                        "notes": r.notes,
                    }
                    for r in reviews
                ],
            }
            record = StoredPlanRecord(f"{actor.plan_id}/review/{kind}", actor.plan_id, "review", None, at, body)
            event = Event("follow_up_review", {"review": str(kind), "role": str(actor.role)}, actor_id=actor.id)
            if not await self.store.insert_plan_records(actor.plan_id, [record], [event]):
                raise ConflictError("Esa revisión ya se registró y no cambia.", kind=str(kind))
        return self._review_json(body)

    @staticmethod
    def _review_json(body: Mapping[str, Any]) -> dict[str, Any]:
        return {k: body[k] for k in ("kind", "role", "at", "commitments")}

    # -- evidence ------------------------------------------------------------

    async def evidence(self, plan_id: str, file_id: str, actor: Actor | None) -> tuple[bytes, dict[str, Any]]:
        """An evidence file and its description: anyone's once the plan is
        published, before only its editor's and its links' (else 404)."""
        if actor is None and await self.publication(plan_id) is None:
            raise NotFoundError("No existe esa evidencia.", plan_id=plan_id)
        for record in await self.store.list_plan_records(plan_id, "update"):
            for item in record.data.get("evidence", []):
                if item["id"] == file_id:
                    file = await self.store.find_plan_file(plan_id, file_id)
                    if file is not None:
                        return file.data, item
        raise NotFoundError("No existe esa evidencia.", plan_id=plan_id)

    # -- the private view ----------------------------------------------------

    async def private_view(self, actor: Actor) -> dict[str, Any]:
        """What the caller follows: their commitment (a reporter) or all, with
        statuses, what is due in the next 15 days and what is late."""
        state = (await follow_up_state(self.cocrea, actor.plan_id)).data
        commitments = [c for c in state["commitments"] if actor.role not in REPORTERS or c["id"] == actor.commitment_id]
        due, late = [], []
        for c in commitments:
            for a in c["activities"]:
                item = {"commitment_id": c["id"], "activity_id": a["id"]}
                item |= {"description": a["description"], "end": a["end"]}
                if a["late"]:
                    late.append(item)
                elif a["due_soon"]:
                    due.append(item)
        view = {
            "role": str(actor.role),
            "commitment_id": actor.commitment_id,
            "published": state["published"],
            "published_at": state["published_at"],
            "public_path": state["public_path"],
            "today": state["today"],
            "progress": state["progress"],
            "commitments": commitments,
            "due_soon": due,
            "late": late,
            "reviews": state["reviews"],
            "history": state["history"],
        }
        if actor.role is FollowUpRole.EDITOR:
            view["links"] = [
                {"id": r.id, "email": r.data.get("email", "")}
                | {k: r.data[k] for k in ("role", "commitment_id", "name", "organization", "created_at")}
                for r in await self.store.list_plan_records(actor.plan_id, "link")
            ]
        return view


@dataclasses.dataclass(frozen=True)
class FollowUpState:
    """``follow_up_state``'s answer: the domain plan and the JSON-ready data."""

    plan: Plan
    data: dict[str, Any]


async def follow_up_state(cocrea: Cocrea, plan_id: str, on: dt.date | None = None) -> FollowUpState:
    """Everything the public outputs of a plan's follow-up show, as of the
    day ``on`` (today in Mexico by default). ``NotFoundError`` for no plan.

    ``FollowUpState.plan`` is the ``workshops.plan.Plan`` (for exporters that
    reuse the plan's own view); ``FollowUpState.data`` is JSON-ready, holds no
    token, no link or editor id and no reporter's name::

        {
          "plan": {"id", "title", "entity", "type", "guarantor", "start", "end", "approved_on"},
          "published": bool, "published_at": iso datetime | None,
          "public_path": "/publico/planes/{plan_id}",
          "today": "AAAA-MM-DD",
          "progress": {"verified": 0–100, "reported": 0–100, "late": int},
          "commitments": [{
            "id", "title", "origin", "start", "end",
            "responsible": {"name", "position", "institution"}, "organizations": [name, ...],
            "result",
            "progress": {"verified": 0–100, "reported": 0–100, "late": int},
            "activities": [{
              "id", "description", "responsible", "start", "end", "weight" (number | None),
              "products": [...], "verification": [...],
              "status": sin_iniciar | iniciada | por_verificar | verificada | devuelta,
              "late": bool, "due_soon": bool (ends within 15 days, not verified),
              "updates": [{"id", "status", "note", "links": [url text], "role", "at",
                           "evidence": [{"id", "name", "media_type", "size", "sha256", "url"}]}]
            }],
            "indicators": [{
              "id", "name", "definition", "method", "unit", "frequency",
              "baseline": {"value", "year"}, "goal", "direction" (ascendente | descendente | constante | None),
              "measurements": [{"id", "period", "value", "note", "links", "role", "at"}]  (by period)
            }]
          }],
          "reviews": [{"kind", "role", "at", "commitments": [{"commitment_id", "completion",
                       "opened_government", "quality", "relevance", "notes"}]}],
          "history": [{"seq", "at", "kind", ...the public fields of PUBLIC_EVENTS[kind]}]  (after publishing;
                      e.g. {"kind": "follow_up_verification", "commitment_id", "activity_id", "status", "role"})
        }

    Progress follows workshops/follow_up.py: a commitment's verified progress
    is the share of its activities' weights that are verified (equal weights
    when the hoja de ruta gives none), ``reported`` the share waiting for
    verification, shown apart; the plan's is the mean of its commitments'.
    ``updates`` are oldest first: the activity's status is its last one's.
    """
    plan = await cocrea.plans.get(plan_id)
    store = cocrea.store
    day = on or today()
    records = await store.list_plan_records(plan_id)
    by_kind: dict[str, list[StoredPlanRecord]] = {}
    for record in records:
        by_kind.setdefault(record.kind, []).append(record)
    publication = next(iter(by_kind.get("publication", [])), None)
    updates_by_key: dict[str, list[StoredPlanRecord]] = {}
    for record in by_kind.get("update", []):
        updates_by_key.setdefault(record.parent_id or "", []).append(record)
    measurements_by_key: dict[str, list[StoredPlanRecord]] = {}
    for record in by_kind.get("measurement", []):
        measurements_by_key.setdefault(record.parent_id or "", []).append(record)

    commitments = []
    progresses = []
    for entry in plan.commitments:
        roadmap = entry.roadmap
        tracked = [
            TrackedActivity(key, a.end, a.weight)
            for key, a in zip((activity_key(entry.id, i) for i in entry.activity_ids), roadmap.activities, strict=True)
        ]
        domain_updates = [_update_from(r) for t in tracked for r in updates_by_key.get(t.id, [])]
        progress = commitment_progress(tracked, domain_updates, day)
        progresses.append(progress)
        activities = []
        for activity_id, activity, track in zip(entry.activity_ids, roadmap.activities, tracked, strict=True):
            status = current_status(domain_updates, track.id)
            due_soon = (
                activity.end is not None
                and day <= activity.end <= day + dt.timedelta(days=DUE_SOON_DAYS)
                and status is not ActivityStatus.VERIFICADA
            )
            activities.append(
                {
                    "id": activity_id,
                    "description": activity.description,
                    "responsible": activity.responsible,
                    "start": _iso(activity.start),
                    "end": _iso(activity.end),
                    "weight": activity.weight,
                    "products": list(activity.products),
                    "verification": list(activity.verification),
                    "status": str(status),
                    "late": is_late(track, status, day),
                    "due_soon": due_soon,
                    "updates": [FollowUp._update_json(plan_id, r.id, r.data) for r in updates_by_key.get(track.id, [])],
                }
            )
        indicators = []
        for indicator_id, indicator in zip(entry.indicator_ids, roadmap.indicators, strict=True):
            rows = measurements_by_key.get(activity_key(entry.id, indicator_id), [])
            indicators.append(
                {
                    "id": indicator_id,
                    "name": indicator.name,
                    "definition": indicator.definition,
                    "method": indicator.method,
                    "unit": indicator.unit,
                    "frequency": indicator.frequency,
                    "baseline": {"value": indicator.baseline.value, "year": indicator.baseline.year},
                    "goal": indicator.goal,
                    "direction": None if indicator.direction is None else str(indicator.direction),
                    "measurements": sorted(
                        (FollowUp._measurement_json(r.id, r.data) for r in rows), key=lambda m: m["period"]
                    ),
                }
            )
        commitments.append(
            {
                "id": entry.id,
                "title": str(entry.commitment.sheet.get("title", "")),
                "origin": str(entry.origin),
                "start": _iso(roadmap.start),
                "end": _iso(roadmap.end),
                "responsible": dataclasses.asdict(roadmap.responsible),
                "organizations": [o.name for o in roadmap.organizations],
                "result": roadmap.result,
                "progress": {"verified": progress.verified, "reported": progress.reported, "late": progress.late},
                "activities": activities,
                "indicators": indicators,
            }
        )
    reported = math.fsum(p.reported for p in progresses) / len(progresses) if progresses else 0.0
    data = {
        "plan": {
            "id": plan.id,
            "title": plan.title,
            "entity": plan.entity,
            "type": str(plan.type),
            "guarantor": plan.guarantor,
            "start": _iso(plan.start),
            "end": _iso(plan.end),
            "approved_on": _iso(plan.approved_on),
        },
        "published": publication is not None,
        "published_at": None if publication is None else publication.data["published_at"],
        "public_path": PUBLIC_PAGE.format(plan_id=plan_id),
        "today": day.isoformat(),
        "progress": {
            "verified": plan_progress(progresses),
            "reported": round(reported, 2),
            "late": sum(p.late for p in progresses),
        },
        "commitments": commitments,
        "reviews": [FollowUp._review_json(r.data) for r in by_kind.get("review", [])],
        "history": await _history(cocrea, plan_id) if publication is not None else [],
    }
    return FollowUpState(plan, data)


async def _history(cocrea: Cocrea, plan_id: str) -> list[dict[str, Any]]:
    """The plan's changes after it was published, with their public fields."""
    events = await cocrea.store.list_plan_events(plan_id)
    published = next((e.seq for e in events if e.kind == "plan_published"), None)
    if published is None:
        return []
    return [
        {"seq": e.seq, "at": e.created_at.isoformat(), "kind": e.kind}
        | {k: e.payload[k] for k in PUBLIC_EVENTS[e.kind] if k in e.payload}
        for e in events
        if e.seq > published and e.kind in PUBLIC_EVENTS
    ]
