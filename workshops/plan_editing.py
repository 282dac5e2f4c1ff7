"""The changes of a Plan de Acción and the check before publishing it. Every
change goes through one function that validates and returns events
(``create_plan``, ``update_plan``, ``attach_commitment``,
``detach_commitment``, ``reorder_commitments``); ``validate_plan`` says what
keeps the plan from being published.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from .commitment import CommitmentStatus
from .errors import ConflictError, EditConflictError, NotFoundError, ValidationError
from .field_reader import ID_MAX
from .messages import _, listing
from .permissions import check_facilitator
from .plan import (
    MAX_COMMITMENTS,
    REQUIRED_SECTORS,
    Origin,
    Plan,
    PlanCommitment,
    check_entry,
    describe_plan_field,
)
from .plan_serialization import (
    MEMBER_KEYS,
    PLAN_DETAIL_KEYS,
    PLAN_READER,
    entry_from_dict,
    entry_to_dict,
    plan_details,
    plan_to_dict,
)
from .roadmap_validation import Issue, validate_roadmap
from .roles import SECTOR_LABELS_ES, Role
from .tree_check import Severity
from .workshop import Event


def _check_editor(role: Role) -> None:
    check_facilitator(role, _("modifica el Plan de Acción"))


def create_plan(
    data: Mapping[str, object], *, plan_id: str, actor_role: Role, actor_id: str
) -> tuple[Plan, list[Event]]:
    """A new plan with no commitments yet; the term ends one year after it
    starts unless ``end`` says otherwise."""
    _check_editor(actor_role)
    obj = PLAN_READER.mapping(data, "", PLAN_DETAIL_KEYS)
    plan = Plan(id=PLAN_READER.text(plan_id, "id", ID_MAX, required=True), **plan_details(obj))
    event = Event(
        "plan_created",
        {
            "plan_id": plan.id,
            "entity": plan.entity,
            "type": str(plan.type),
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
        },
        actor_id=actor_id,
    )
    return plan, [event]


def update_plan(
    plan: Plan,
    data: Mapping[str, object],
    *,
    actor_role: Role,
    actor_id: str,
    base: Mapping[str, object] | None = None,
) -> tuple[Plan, list[Event]]:
    """Change some of the plan's own fields (title, term, approval date,
    Secretariado Técnico…); commitments change through their own functions.

    ``base``, when given, holds the value each changed field had when the
    editor started (as ``plan_to_dict`` writes it). A field whose stored value
    has moved away from its base since, to something other than the new
    value, is someone else's change: the whole change is refused
    (``EditConflictError``) before anything of it is applied."""
    _check_editor(actor_role)
    obj = PLAN_READER.mapping(data, "", PLAN_DETAIL_KEYS)
    current = plan_to_dict(plan)
    merged = {k: current[k] for k in PLAN_DETAIL_KEYS} | dict(obj)
    if base is not None:
        _check_base(plan, current, obj, base, merged)
    updated = dataclasses.replace(plan, **plan_details(merged))
    after = plan_to_dict(updated)
    # The log names what changed; a save that changes nothing logs nothing.
    changed = sorted(k for k in obj if after[k] != current[k])
    if not changed:
        return plan, []
    event = Event("plan_updated", {"plan_id": plan.id, "fields": changed}, actor_id=actor_id)
    return updated, [event]


def _comparable(key: str, value: object) -> object:
    """A base value as ``plan_to_dict`` writes it: no date is ``None``, a
    member without organization has an empty one."""
    if key in ("start", "end", "approved_on") and value == "":
        return None
    if key == "secretariat" and isinstance(value, list | tuple):
        return [
            {k: m.get(k, "") for k in MEMBER_KEYS} if isinstance(m, Mapping) and set(m) <= set(MEMBER_KEYS) else m
            for m in value
        ]
    return value


def _check_base(
    plan: Plan,
    current: Mapping[str, object],
    changes: Mapping[str, object],
    base: object,
    merged: Mapping[str, object],
) -> None:
    """Refuse the change when a field it changes was changed by someone else
    since its editor started from ``base`` (see ``update_plan``); ``current``
    is ``plan_to_dict(plan)`` and ``merged`` the details after the change."""
    given = PLAN_READER.mapping(base, "base", PLAN_DETAIL_KEYS)
    for key in PLAN_DETAIL_KEYS:
        name = describe_plan_field(key)
        if key in changes and key not in given:
            raise ValidationError(
                _("Falta en «base» el valor de «{name}» del que partió el cambio.", name=name), field=f"base.{key}"
            )
        if key in given and key not in changes:
            raise ValidationError(
                _("«base» nombra «{name}», que este cambio no modifica.", name=name), field=f"base.{key}"
            )
    moved = [k for k in PLAN_DETAIL_KEYS if k in changes and _comparable(k, given[k]) != current[k]]
    if not moved:
        return
    try:
        after: Mapping[str, object] | None = plan_to_dict(dataclasses.replace(plan, **plan_details(merged)))
    except ValidationError:
        after = None  # the new values are refused anyway; each moved field is told first
    conflicts = {
        k: current[k] for k in moved if (after[k] if after is not None else _comparable(k, changes[k])) != current[k]
    }
    if conflicts:
        raise _edit_conflict(conflicts)


def _edit_conflict(conflicts: Mapping[str, object]) -> EditConflictError:
    """The refusal of a change whose fields ``conflicts`` (field → stored
    value) someone else changed since its editor started."""
    names = listing((describe_plan_field(k) for k in conflicts), quoted=True)
    return EditConflictError(
        _(
            "Mientras editabas, alguien más cambió {fields}. No se guardó nada: elige qué valor conservar.",
            fields=names,
        ),
        field=next(iter(conflicts)),
        conflicts=dict(conflicts),
    )


def attach_commitment(
    plan: Plan,
    entry: PlanCommitment,
    *,
    actor_role: Role,
    actor_id: str,
    position: int | None = None,
) -> tuple[Plan, list[Event]]:
    """Add a commitment to the plan, at the end or at ``position`` (0 first)."""
    _check_editor(actor_role)
    if plan.find_commitment(entry.id) is not None:
        raise ConflictError(_("El compromiso «{id}» ya está en el plan.", id=entry.id), commitment_id=entry.id)
    if len(plan.commitments) >= MAX_COMMITMENTS:
        raise ValidationError(
            _("Un plan reúne como máximo {max_commitments} compromisos.", max_commitments=MAX_COMMITMENTS),
            field="commitments",
        )
    index = len(plan.commitments) if position is None else position
    if isinstance(index, bool) or not 0 <= index <= len(plan.commitments):
        raise ValidationError(
            _("La posición va de 0 a {count} ({position!r} recibida).", count=len(plan.commitments), position=position),
            field="position",
        )
    check_entry(entry, "")
    # The entry must survive the trip through the open formats.
    restored = entry_from_dict(entry_to_dict(entry), f"commitments.{index}")
    commitments = (*plan.commitments[:index], restored, *plan.commitments[index:])
    event = Event(
        "plan_commitment_attached",
        {
            "plan_id": plan.id,
            "commitment_id": entry.id,
            "title": str(entry.commitment.sheet.get("title", "")),
            "origin": str(entry.origin),
            "position": index,
        },
        actor_id=actor_id,
    )
    return dataclasses.replace(plan, commitments=commitments), [event]


def detach_commitment(plan: Plan, commitment_id: str, *, actor_role: Role, actor_id: str) -> tuple[Plan, list[Event]]:
    _check_editor(actor_role)
    found = plan.find_commitment(commitment_id)
    if found is None:
        raise NotFoundError(
            _("El compromiso «{commitment_id}» no está en el plan.", commitment_id=commitment_id),
            commitment_id=commitment_id,
        )
    commitments = tuple(c for c in plan.commitments if c.id != commitment_id)
    payload = {
        "plan_id": plan.id,
        "commitment_id": commitment_id,
        "title": str(found.commitment.sheet.get("title", "")),
    }
    event = Event("plan_commitment_detached", payload, actor_id=actor_id)
    return dataclasses.replace(plan, commitments=commitments), [event]


def reorder_commitments(
    plan: Plan,
    order: Sequence[str],
    *,
    actor_role: Role,
    actor_id: str,
    base: Sequence[str] | None = None,
) -> tuple[Plan, list[Event]]:
    """``order`` lists every commitment of the plan once, in the new order.
    ``base``, when given, is the order its editor saw: if someone else
    changed the order since (and it is not already ``order``), the move is
    refused (``EditConflictError``), as a stale page would undo their move."""
    _check_editor(actor_role)
    current = [c.id for c in plan.commitments]
    wanted = None if isinstance(order, str) or not isinstance(order, Sequence) else [str(i) for i in order]
    if base is not None:
        if isinstance(base, str) or not isinstance(base, Sequence):
            raise ValidationError("«base» es la lista de compromisos en el orden que veías.", field="base")
        # Before the check below: a commitment added or removed since is someone else's change too.
        if [str(i) for i in base] != current and wanted != current:
            raise _edit_conflict({"order": current})
    if wanted is None or sorted(wanted) != sorted(current):
        raise ValidationError(
            "El nuevo orden debe nombrar cada compromiso del plan una sola vez.", field="order", expected=current
        )
    if wanted == current:
        return plan, []
    by_id = {c.id: c for c in plan.commitments}
    reordered = tuple(by_id[i] for i in wanted)
    event = Event(
        "plan_commitments_reordered", {"plan_id": plan.id, "order": [c.id for c in reordered]}, actor_id=actor_id
    )
    return dataclasses.replace(plan, commitments=reordered), [event]


# ------------------------------------------------------------- publishing


def validate_plan(plan: Plan) -> list[Issue]:
    """What keeps the plan from being published (errors) or looks unfinished
    (warnings): a balanced Secretariado Técnico, definitive commitments, and
    every hoja de ruta complete within the plan's term."""
    issues = []
    present = {m.sector for m in plan.secretariat}
    missing = [s for s in REQUIRED_SECTORS if s not in present]
    if missing:
        names = ", ".join(SECTOR_LABELS_ES[s].lower() for s in missing)
        issues.append(
            Issue(
                "secretariat",
                Severity.ERROR,
                f"Al Secretariado Técnico le falta representación de: {names}.",
                "secretariat_balance",
                {"missing": [str(s) for s in missing]},
            )
        )
    if not plan.commitments:
        issues.append(Issue("commitments", Severity.ERROR, "El plan aún no tiene compromisos.", "no_commitments"))
    if plan.approved_on is None:
        issues.append(
            Issue("approved_on", Severity.WARNING, "Falta la fecha de aprobación del plan.", "approval_pending")
        )
    for i, entry in enumerate(plan.commitments):
        where, n = f"commitments.{i}", i + 1
        if entry.commitment.status is not CommitmentStatus.DEFINITIVO:
            issues.append(
                Issue(
                    f"{where}.commitment.status",
                    Severity.ERROR,
                    f"El compromiso {n} todavía no es definitivo.",
                    "commitment_not_definitive",
                    {"commitment": n},
                )
            )
        if entry.origin is Origin.CO_CREADO and not entry.tree.central_problem():
            issues.append(
                Issue(
                    f"{where}.problem_tree",
                    Severity.WARNING,
                    f"Al compromiso {n} le falta el problema central de su árbol.",
                    "problem_tree_missing",
                    {"commitment": n},
                )
            )
        if entry.roadmap.agreed_at is None:
            issues.append(
                Issue(
                    f"{where}.roadmap",
                    Severity.WARNING,
                    f"La hoja de ruta del compromiso {n} no se ha acordado.",
                    "roadmap_not_agreed",
                    {"commitment": n},
                )
            )
        for issue in validate_roadmap(entry.roadmap, plan_term=plan.term):
            issues.append(
                dataclasses.replace(
                    issue,
                    field=f"{where}.roadmap.{issue.field}",
                    message=f"Compromiso {n}: {issue.message}",
                    params={**issue.params, "commitment": n},
                )
            )
    return issues
