"""The mesa's details (title, entity, problem statement, date, place):
corrected by the facilitator after the creation, with the creation's rules
and messages (``workshop.clean_detail``), and logged with the value before
and after each change, so the minutes tell the correction.

A change names only the fields it changes, each with the value the editor
started from (``base``): when another tab has saved a different value of a
field since, the whole change is refused as an ``EditConflictError`` naming
the (first) field and, in ``conflicts``, each such field's value now; never
silently overwritten.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from .errors import EditConflictError, ValidationError
from .messages import _
from .permissions import check_facilitator
from .roles import Role
from .workshop import FIELD_LABELS, Event, Workshop, clean_detail

DETAIL_FIELDS = ("title", "entity", "problem_statement", "date", "place")
DETAILS_CHANGED = "workshop_details_changed"


def workshop_details(workshop: Workshop) -> dict[str, str]:
    """The details as an editor reads and sends them back as ``base``: text,
    the date ``AAAA-MM-DD`` or "" without one."""
    return {field: _wire(getattr(workshop, field)) for field in DETAIL_FIELDS}


def _wire(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _logged(value: object) -> str | None:
    """A value as the log keeps it (a missing date is ``None``, as ``workshop_created``'s date)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if isinstance(value, str) else None


def _object(data: Mapping[str, object], name: str) -> Mapping[str, object]:
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(_("El campo «{name}» debe ser un objeto.", name=name), field=name)
    return value


def edit_details(
    workshop: Workshop, data: Mapping[str, object], *, actor_role: Role, actor_id: str | None
) -> tuple[Workshop, list[Event]]:
    """Apply ``{"changes": {field: value}, "base": {field: value}}``: every
    value is checked before anything changes; a field whose value now is
    neither ``base`` nor the new value is a conflict. Fields already holding
    the new value are left out (no event when none changes)."""
    check_facilitator(actor_role, _("corrige los datos de la mesa"))
    changes, base = _object(data, "changes"), _object(data, "base")
    cleaned: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in DETAIL_FIELDS:
            raise ValidationError(
                _("Campo no admitido: «{where}».", where=f"changes.{field}"), field=f"changes.{field}"
            )
        cleaned[field] = clean_detail(field, value)
        if field not in base:
            raise ValidationError(
                _("Falta el valor de partida de «{label}».", label=FIELD_LABELS[field]), field=f"base.{field}"
            )
        if base[field] is not None and not isinstance(base[field], str):
            raise ValidationError(
                _("El campo «{label}» debe ser texto.", label=FIELD_LABELS[field]), field=f"base.{field}"
            )
    changed: dict[str, dict[str, str | None]] = {}
    conflicts: dict[str, str] = {}
    for field, value in cleaned.items():
        current = getattr(workshop, field)
        if value == current:
            continue  # already so (the other tab made the same change)
        if _wire(base[field]) != _wire(current):
            conflicts[field] = _wire(current)
        changed[field] = {"from": _logged(current), "to": _logged(value)}
    if conflicts:
        first = next(iter(conflicts))
        raise EditConflictError(
            _(
                "Alguien más cambió «{label}» mientras lo editabas. Revisa el valor actual y vuelve a guardar.",
                label=FIELD_LABELS[first],
            ),
            field=first,
            conflicts=conflicts,
        )
    if not changed:
        return workshop, []
    edited = dataclasses.replace(workshop, **{f: cleaned[f] for f in changed})
    return edited, [Event(DETAILS_CHANGED, {"changes": changed}, actor_id=actor_id)]
