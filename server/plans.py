"""Plans de Acción, application side: storage, editors, snapshots of
workshops' commitments, the institution's template and the exports.

A plan is nobody's workshop. Its editors hold a plan-editor token (signed,
naming the plan and an editor id; ``server/auth.py``): the facilitator who
creates or imports a plan gets one, and anyone they give the editor link to
edits too. Editors act with the facilitator's rights over the plan; taking a
commitment from a mesa also needs that mesa's facilitator session.

Storage: one ``plan`` row (``plan_to_dict`` as JSON text), its template in
``plan_template``, and its audit log in ``plan_event`` (kind, payload,
editor id, time), written in the same transaction as the change.
Every change reads, changes through the domain and stores under one lock
per plan, so two editors never overwrite each other's change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import anyio
import anyio.to_thread

from exporters.formats import LAYOUTS, ExportContext, Format
from exporters.plan_formats import PLAN_FORMATS
from exporters.plan_json import parse_plan_json
from exporters.plan_view import DISPLAY_TIMEZONE
from workshops.errors import ConflictError, NotFoundError, ValidationError
from workshops.messages import _
from workshops.permissions import check_facilitator
from workshops.plan import PLAN_TYPE_LABELS_ES, Origin, Plan, PlanType, carry_ids
from workshops.plan_editing import (
    attach_commitment,
    create_plan,
    detach_commitment,
    reorder_commitments,
    update_plan,
    validate_plan,
)
from workshops.plan_serialization import plan_from_dict, plan_to_dict
from workshops.roadmap import one_year_from
from workshops.roles import Role
from workshops.workshop import Event, Participant

from .auth import BadToken
from .errors import ApiError, Forbidden, Unauthorized
from .plan_source import WorkshopSource
from .render_pool import SUBJECT_PLAN
from .services import new_id, now
from .storage import StoredPlan, StoredPlanEvent, StoredPlanTemplate

if TYPE_CHECKING:
    from .app import Cocrea

# Editors change a plan with the facilitator's rights over it.
EDITOR_ROLE = Role.FACILITATOR
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
# What a template upload may say it is: a .docx (browsers send a file of
# unknown type as application/octet-stream).
DOCX_MEDIA_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/octet-stream",
)
FILENAME_MAX = 200
DEFAULT_TEMPLATE_NAME = "plantilla.docx"
WORKSHOP_PLAN_PREFIX = "mesa-"

# Plan ids are cookie names (``cocrea_p_<id>``) and URL path segments.
PLAN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclasses.dataclass(frozen=True)
class Editor:
    """A caller who edits a plan (``editor_id`` names their editor link)."""

    plan_id: str
    editor_id: str
    token: str


@dataclasses.dataclass(frozen=True)
class Rendered:
    format: Format[Plan]
    body: bytes


def check_template(data: bytes) -> None:
    """Refuse a file that is not a usable DOCX, before anything is stored."""
    # The DOCX exporter's own check: the file it will write into (python-docx
    # is imported when a DOCX is made, not at start).
    from exporters.plan_docx import load_template

    load_template(data)


def clean_filename(value: str | None) -> str:
    """The template's name as shown back: its last path part, one line."""
    name = unicodedata.normalize("NFC", value or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:FILENAME_MAX] or DEFAULT_TEMPLATE_NAME


def plan_event_json(event: StoredPlanEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "kind": event.kind,
        "payload": event.payload,
        "actor_id": event.actor_id,
        "created_at": event.created_at.isoformat(),
    }


def _origin(value: object) -> Origin:
    try:
        return Origin(str(value))
    except ValueError:
        raise ValidationError(
            "El tipo del compromiso es «proactivo» o «co_creado».", field="origin", known=[str(o) for o in Origin]
        ) from None


def _text_id(data: Mapping[str, object], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ValidationError(_("Falta «{key}».", key=key), field=key)
    return value


class Plans:
    def __init__(self, cocrea: Cocrea) -> None:
        self.cocrea = cocrea
        self.store = cocrea.store
        self.sessions = cocrea.services.sessions
        self._lock = cocrea.services.locks("plan")

    # -- editors -----------------------------------------------------------

    def _new_editor(self, plan_id: str) -> Editor:
        editor_id = "editor-" + secrets.token_hex(6)
        return Editor(plan_id, editor_id, self.sessions.issue_plan_editor(plan_id, editor_id))

    async def authenticate(self, plan_id: str, token: str | None) -> Editor:
        """The editor a token names, if it is this plan's."""
        if not token:
            raise Unauthorized("Falta el enlace de edición del plan.")
        try:
            claim = self.sessions.read_plan_editor(token)
        except BadToken:
            raise Unauthorized("El enlace de edición del plan no es válido.") from None
        if claim.plan_id != plan_id:
            raise Forbidden("Tu enlace de edición es de otro plan.", code="not_an_editor")
        if await self.store.find_plan(plan_id) is None:
            raise NotFoundError("No existe ese plan.", plan_id=plan_id)
        return Editor(plan_id, claim.editor_id, token)

    async def editable(self, tokens: Mapping[str, str]) -> list[dict[str, str]]:
        """The plans these tokens (plan id → token) let edit, by title."""
        found = []
        for plan_id, token in tokens.items():
            try:
                claim = self.sessions.read_plan_editor(token)
            except BadToken:
                continue
            stored = await self.store.find_plan(plan_id) if claim.plan_id == plan_id else None
            if stored is not None:
                data = stored.data
                found.append({"id": plan_id, "title": data.get("title", ""), "entity": data.get("entity", "")})
        return sorted(found, key=lambda p: (p["title"].casefold(), p["id"]))

    # -- reading -----------------------------------------------------------

    async def get(self, plan_id: str) -> Plan:
        stored = await self.store.find_plan(plan_id)
        if stored is None:
            raise NotFoundError("No existe ese plan.", plan_id=plan_id)
        return plan_from_dict(stored.data)

    async def view(self, plan_id: str) -> dict[str, Any]:
        plan = await self.get(plan_id)
        return self.plan_json(plan) | {"template": await self.template_info(plan_id)}

    @staticmethod
    def plan_json(plan: Plan) -> dict[str, Any]:
        return plan_to_dict(plan) | {"issues": [i.to_dict() for i in validate_plan(plan)]}

    async def template_info(self, plan_id: str) -> dict[str, str] | None:
        template = await self.store.find_plan_template(plan_id, with_data=False)
        if template is None:
            return None
        return {"filename": template.filename, "uploaded_at": template.uploaded_at.isoformat()}

    async def events(self, plan_id: str) -> list[dict[str, Any]]:
        return [plan_event_json(e) for e in await self.store.list_plan_events(plan_id)]

    # -- creating ----------------------------------------------------------

    async def create(self, actor: Participant, data: Mapping[str, object]) -> tuple[Plan, Editor]:
        """A new plan by a facilitator of the workshop ``data["workshop_id"]``."""
        check_facilitator(actor.role, _("crea un Plan de Acción"))
        details = {k: v for k, v in data.items() if k != "workshop_id"}
        plan_id = new_id()
        editor = self._new_editor(plan_id)
        plan, events = create_plan(details, plan_id=plan_id, actor_role=actor.role, actor_id=editor.editor_id)
        events = [dataclasses.replace(e, payload=e.payload | {"workshop_id": actor.workshop_id}) for e in events]
        await self._insert(plan, events)
        return plan, editor

    async def import_plan(self, actor: Participant, body: bytes) -> tuple[Plan, Editor]:
        """A plan from its JSON document (``cocrea.plan/1``), under its own id."""
        check_facilitator(actor.role, _("importa un Plan de Acción"))
        plan = await self.cocrea.renders.read_import(parse_plan_json, body)
        if not PLAN_ID.fullmatch(plan.id):
            # It names the editor's cookie and appears in every plan URL.
            raise ValidationError(
                "El identificador del plan («id») admite solo letras sin acentos, números, «-» y «_» (hasta 64).",
                field="id",
            )
        editor = self._new_editor(plan.id)
        event = Event(
            "plan_imported",
            {"plan_id": plan.id, "commitments": len(plan.commitments), "workshop_id": actor.workshop_id},
            actor_id=editor.editor_id,
        )
        await self._insert(plan, [event])
        return plan, editor

    async def _insert(self, plan: Plan, events: list[Event]) -> None:
        at = now()
        if not await self.store.insert_plan(StoredPlan(plan.id, at, at, plan_to_dict(plan)), events):
            raise ConflictError(
                _("Ya existe un plan con el identificador «{id}».", id=plan.id), plan_id=plan.id, field="id"
            )

    # -- changing ----------------------------------------------------------

    async def _change(self, plan_id: str, change: Callable[[Plan], tuple[Plan, list[Event]]]) -> Plan:
        async with self._lock(plan_id):
            stored = await self.store.find_plan(plan_id)
            if stored is None:
                raise NotFoundError("No existe ese plan.", plan_id=plan_id)
            plan, events = change(plan_from_dict(stored.data))
            if events:
                await self.store.save_plan(
                    dataclasses.replace(stored, updated_at=now(), data=plan_to_dict(plan)), events
                )
        return plan

    async def update(
        self, editor: Editor, data: Mapping[str, object], base: Mapping[str, object] | None = None
    ) -> Plan:
        """Change the plan's details; with ``base``, only if nobody changed
        those fields since (``update_plan``: checked under the plan's lock,
        before anything is written)."""
        return await self._change(
            editor.plan_id,
            lambda p: update_plan(p, data, actor_role=EDITOR_ROLE, actor_id=editor.editor_id, base=base),
        )

    async def attach(self, editor: Editor, facilitator: Participant, data: Mapping[str, object]) -> tuple[Plan, bool]:
        """Take a commitment of the caller's mesa into the plan; a commitment
        already there is refreshed in its place. ``True`` when it is new."""
        check_facilitator(facilitator.role, _("agrega al plan los compromisos de su mesa"))
        unknown = sorted(k for k in data if k not in ("workshop_id", "commitment_id", "origin"))
        if unknown:
            raise ValidationError(_("Campo desconocido: «{unknown}».", unknown=unknown[0][:60]), field=unknown[0][:60])
        commitment_id = _text_id(data, "commitment_id")
        # Without «origin», a new commitment is co-created and a refreshed one keeps its own.
        origin = None if data.get("origin") is None else _origin(data["origin"])
        source = await WorkshopSource.load(self.cocrea, facilitator.workshop_id)
        entry = await source.entry(commitment_id, origin or Origin.CO_CREADO)
        added = True

        def change(plan: Plan) -> tuple[Plan, list[Event]]:
            nonlocal added
            current = plan.find_commitment(commitment_id)
            added = current is None
            if current is None:
                return attach_commitment(plan, entry, actor_role=EDITOR_ROLE, actor_id=editor.editor_id)
            # The activities and indicators it still has keep their ids (the follow-up names them).
            refreshed = carry_ids(current, dataclasses.replace(entry, origin=origin or current.origin))
            position = plan.commitments.index(current)
            return self._replace(plan, position, refreshed, editor, "plan_commitment_refreshed")

        plan = await self._change(editor.plan_id, change)
        return plan, added

    @staticmethod
    def _replace(plan: Plan, position: int, entry: Any, editor: Editor, kind: str) -> tuple[Plan, list[Event]]:
        """Put ``entry`` in place of the commitment at ``position`` (through the
        domain's detach and attach, so it is checked like a new one)."""
        without, _events = detach_commitment(plan, entry.id, actor_role=EDITOR_ROLE, actor_id=editor.editor_id)
        changed, _events = attach_commitment(
            without, entry, actor_role=EDITOR_ROLE, actor_id=editor.editor_id, position=position
        )
        payload = {
            "plan_id": plan.id,
            "commitment_id": entry.id,
            "title": str(entry.commitment.sheet.get("title", "")),
            "origin": str(entry.origin),
            "position": position,
        }
        return changed, [Event(kind, payload, actor_id=editor.editor_id)]

    async def detach(self, editor: Editor, commitment_id: str) -> Plan:
        return await self._change(
            editor.plan_id,
            lambda p: detach_commitment(p, commitment_id, actor_role=EDITOR_ROLE, actor_id=editor.editor_id),
        )

    async def reorder(self, editor: Editor, data: Mapping[str, object]) -> Plan:
        order = data.get("order")
        if not isinstance(order, list) or not all(isinstance(i, str) for i in order):
            raise ValidationError("«order» es la lista de identificadores de los compromisos.", field="order")
        base = data.get("base")
        if base is not None and (not isinstance(base, list) or not all(isinstance(i, str) for i in base)):
            raise ValidationError("«base» es la lista de identificadores de los compromisos.", field="base")
        return await self._change(
            editor.plan_id,
            lambda p: reorder_commitments(p, order, actor_role=EDITOR_ROLE, actor_id=editor.editor_id, base=base),
        )

    async def set_origin(self, editor: Editor, commitment_id: str, data: Mapping[str, object]) -> Plan:
        unknown = sorted(k for k in data if k != "origin")
        if unknown:
            raise ValidationError(_("Campo desconocido: «{unknown}».", unknown=unknown[0][:60]), field=unknown[0][:60])
        origin = _origin(data.get("origin"))

        def change(plan: Plan) -> tuple[Plan, list[Event]]:
            current = plan.find_commitment(commitment_id)
            if current is None:
                raise NotFoundError(
                    _("El compromiso «{commitment_id}» no está en el plan.", commitment_id=commitment_id),
                    commitment_id=commitment_id,
                )
            if current.origin is origin:
                return plan, []
            entry = dataclasses.replace(current, origin=origin)
            return self._replace(plan, plan.commitments.index(current), entry, editor, "plan_commitment_origin")

        return await self._change(editor.plan_id, change)

    # -- the institution's template ------------------------------------------

    async def put_template(self, editor: Editor, filename: str | None, data: bytes) -> dict[str, str]:
        if len(data) > MAX_TEMPLATE_BYTES:
            raise ApiError(
                413,
                "too_large",
                _(
                    "La plantilla supera {max_template_bytes} MB.",
                    max_template_bytes=MAX_TEMPLATE_BYTES // (1024 * 1024),
                ),
            )
        await anyio.to_thread.run_sync(check_template, data)
        template = StoredPlanTemplate(editor.plan_id, clean_filename(filename), now(), data)
        event = Event(
            "plan_template_uploaded",
            {"plan_id": editor.plan_id, "filename": template.filename, "bytes": len(data)},
            actor_id=editor.editor_id,
        )
        async with self._lock(editor.plan_id):
            await self.store.save_plan_template(template, [event])
        return {"filename": template.filename, "uploaded_at": template.uploaded_at.isoformat()}

    async def delete_template(self, editor: Editor) -> None:
        event = Event("plan_template_removed", {"plan_id": editor.plan_id}, actor_id=editor.editor_id)
        async with self._lock(editor.plan_id):
            if not await self.store.delete_plan_template(editor.plan_id, [event]):
                raise NotFoundError("Este plan no tiene plantilla.", plan_id=editor.plan_id)

    async def find_template(self, plan_id: str) -> bytes | None:
        template = await self.store.find_plan_template(plan_id)
        return None if template is None else template.data

    async def get_template(self, plan_id: str) -> StoredPlanTemplate:
        template = await self.store.find_plan_template(plan_id)
        if template is None or template.data is None:
            raise NotFoundError("Este plan no tiene plantilla.", plan_id=plan_id)
        return template

    # -- exports -------------------------------------------------------------

    @staticmethod
    def check_format(name: str) -> Format[Plan]:
        """The format ``name`` of the plan; 404 listing the formats there are."""
        if name not in PLAN_FORMATS:
            known = list(PLAN_FORMATS.names())
            raise ApiError(
                404,
                "unknown_format",
                _(
                    "Formato desconocido: «{name}». Formatos disponibles: {list}.",
                    name=name[:40],
                    list=", ".join(known),
                ),
                formats=known,
            )
        return PLAN_FORMATS.get_format(name)

    async def render(
        self, plan: Plan, format_name: str, *, layout: str | None = None, template: bytes | None = None
    ) -> Rendered:
        """The plan as ``format_name``, through the render pool (its limits,
        queue and cache: ``server/render_pool.py``); the renderer's
        ``ValidationError`` (422) comes before any byte is sent."""
        fmt = self.check_format(format_name)
        if layout is not None and layout not in LAYOUTS:
            raise ValidationError(
                _("Diseño desconocido: «{layout}»; usa {list}.", layout=layout[:40], list=" o ".join(LAYOUTS)),
                field="layout",
                known=LAYOUTS,
            )
        context = export_context(plan, layout=layout, template=template)
        return Rendered(fmt, await self.cocrea.renders.render(SUBJECT_PLAN, fmt.name, plan, context))

    async def workshop_plan(self, workshop_id: str) -> Plan:
        """One workshop's commitments as a plan made on the fly: the mesa's
        title and entity, a local plan, every commitment co-created, valid one
        year from the first hoja de ruta's start (else the mesa's date, else today)."""
        source = await WorkshopSource.load(self.cocrea, workshop_id)
        entries = [await source.entry(c, Origin.CO_CREADO) for c in source.commitments]
        starts = [e.roadmap.start for e in entries if e.roadmap.start is not None]
        start = starts[0] if starts else source.workshop.date or dt.datetime.now(DISPLAY_TIMEZONE).date()
        details = {
            "title": source.workshop.title,
            "entity": source.workshop.entity,
            "type": str(PlanType.LOCAL),
            "start": start.isoformat(),
            "end": one_year_from(start)[1].isoformat(),
        }
        plan, _events = create_plan(
            details, plan_id=WORKSHOP_PLAN_PREFIX + workshop_id, actor_role=EDITOR_ROLE, actor_id="cocrea"
        )
        for entry in entries:
            plan, _events = attach_commitment(plan, entry, actor_role=EDITOR_ROLE, actor_id="cocrea")
        return plan


def export_context(plan: Plan, *, layout: str | None, template: bytes | None) -> ExportContext:
    title = plan.title or f"{PLAN_TYPE_LABELS_ES[plan.type]} {plan.entity}"
    # The plan's documents are written in Spanish only (exporters/plan_formats.py).
    return ExportContext(title=title, lang="es", layout=layout or LAYOUTS[0], template=template)
