"""The follow-up of a published Plan de Acción, application side (issue 14):
publishing, the updates on activities with their evidence files,
verifications, indicator measurements, the six-month and final reviews, and
what a caller follows (``private_view``). The rules are
workshops/follow_up.py's; who acts, and through which private link, is
server/follow_up_link.py's; the stored state the public outputs show
(``follow_up_state``) is server/follow_up_state.py's.

Storage: rows of ``plan_record`` (``server/storage``: kinds ``publication``,
``link``, ``update``, ``measurement``, ``review``), only ever inserted, with
their event in the plan's audit log (``plan_event``) in the same
transaction; evidence files in ``plan_file``. Every write reads, checks
every rule and writes under the plan's lock (the one plan edits take).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from exporters.plan_view import DISPLAY_TIMEZONE
from workshops.errors import ConflictError, NotAllowedError, NotFoundError, ValidationError
from workshops.follow_up import (
    REPORTERS,
    VERIFIERS,
    ActivityStatus,
    FollowUpRole,
    Measurement,
    ReviewKind,
    Update,
    clean_links,
    measure,
    report,
    review_commitments,
    verify,
)
from workshops.messages import _
from workshops.plan import PlanCommitment
from workshops.plan_editing import validate_plan
from workshops.tree_check import Severity
from workshops.workshop import Event

from .errors import ApiError
from .evidence import MAX_FILES, check_evidence
from .follow_up_link import Actor, FollowUpLinks, check_role
from .follow_up_state import activity_key, follow_up_state, measurement_json, review_json, update_from, update_json
from .plans import clean_filename
from .services import new_id, now
from .storage import StoredPlanFile, StoredPlanRecord


@dataclasses.dataclass(frozen=True)
class EvidenceFile:
    """A file as received: its name as sent and its bytes."""

    filename: str
    data: bytes


class FollowUp(FollowUpLinks):
    """A plan's follow-up records, written by the ``Actor`` that
    ``FollowUpLinks.authenticate`` answers, and what that actor follows."""

    # -- reading -----------------------------------------------------------

    async def publication(self, plan_id: str) -> StoredPlanRecord | None:
        return next(iter(await self.store.list_plan_records(plan_id, "publication")), None)

    async def _updates(self, plan_id: str, key: str) -> list[Update]:
        return [update_from(r) for r in await self.store.list_plan_records(plan_id, "update", key)]

    @staticmethod
    def _activity(entry: PlanCommitment, activity_id: str) -> int:
        if activity_id not in entry.activity_ids:
            raise NotFoundError(
                _("La actividad «{activity_id}» no está en este compromiso.", activity_id=activity_id[:60]),
                activity_id=activity_id,
            )
        return entry.activity_ids.index(activity_id)

    # -- publishing --------------------------------------------------------

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
        check_role(actor, commitment_id)
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
        return update_json(actor.plan_id, record_id, body)

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
        check_role(actor, commitment_id)
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
        return measurement_json(record_id, body)

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
        return review_json(body)

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
