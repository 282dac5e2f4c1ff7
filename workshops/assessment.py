"""Feasibility and viability review (revisión de factibilidad y viabilidad).

Separate from score voting: after discussing each alternative against the
workshop's criteria (technical, legal and budgetary feasibility, political
and institutional viability, expected impact, time), the facilitator records
the mesa's assessment, per alternative and criterion, as a level (alta,
media, baja) and a note. Every member reads it; every change is an event
with who and when. The criteria are editable per workshop: removing one that
has assessments keeps them in the record and hides them from the review.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .alternatives import Alternative, Disposition
from .errors import ConflictError, PhaseError, ValidationError
from .messages import _, listing
from .permissions import check_facilitator
from .phases import PHASE_LABELS_ES, Phase
from .revision import check_base_revision, read_revision
from .roles import Role
from .workshop import Event, Workshop, clean_text

CRITERIA_MIN = 1
CRITERIA_MAX = 12
CRITERION_ID_MAX = 40
CRITERION_LABEL_MAX = 120
NOTE_MAX = 1000

# The mesa assesses while it weighs the alternatives and while it turns the
# adopted one into a commitment (preliminar → en revisión → definitivo).
ASSESSMENT_PHASES = frozenset({Phase.ALTERNATIVAS, Phase.VOTACION, Phase.HOJA_DE_RUTA})
# The facilitator may prepare the criteria before; the closed record stays.
CRITERIA_PHASES = frozenset(Phase) - {Phase.CIERRE}

_CRITERION_ID_RE = re.compile(f"^[a-z0-9][a-z0-9_-]{{0,{CRITERION_ID_MAX - 1}}}$")


class Level(StrEnum):
    ALTA = "alta"
    MEDIA = "media"
    BAJA = "baja"


LEVEL_LABELS_ES = {Level.ALTA: "Alta", Level.MEDIA: "Media", Level.BAJA: "Baja"}


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "label": self.label}


DEFAULT_CRITERIA = (
    Criterion("factibilidad_tecnica", "Factibilidad técnica"),
    Criterion("factibilidad_juridica", "Factibilidad jurídica"),
    Criterion("factibilidad_presupuestal", "Factibilidad presupuestal"),
    Criterion("viabilidad_politica", "Viabilidad política e institucional"),
    Criterion("impacto", "Impacto esperado"),
    Criterion("tiempo", "Tiempo de implementación"),
)


@dataclass(frozen=True)
class Assessment:
    """The mesa's assessment of one alternative on one criterion."""

    alternative_id: str
    criterion: str
    level: Level | None
    note: str
    updated_by: str
    updated_at: dt.datetime
    # The criterion's label when it was assessed: the record reads on its
    # own even after the criterion is renamed or removed.
    criterion_label: str = ""
    # Counts the cell's changes (workshops/revision.py).
    revision: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "alternative_id": self.alternative_id,
            "criterion": self.criterion,
            "criterion_label": self.criterion_label,
            "level": str(self.level) if self.level else None,
            "note": self.note,
            "updated_by": self.updated_by,
            "updated_at": self.updated_at.isoformat(),
            "revision": self.revision,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        level = data.get("level")
        return cls(
            alternative_id=str(data["alternative_id"]),
            criterion=str(data["criterion"]),
            level=Level(level) if level else None,
            note=str(data.get("note", "")),
            updated_by=str(data.get("updated_by", "")),
            updated_at=dt.datetime.fromisoformat(str(data["updated_at"])),
            criterion_label=str(data.get("criterion_label", "")),
            revision=read_revision(data, stored=True),
        )


def _check_phase(workshop: Workshop, phases: frozenset[Phase], what: str) -> None:
    if workshop.phase not in phases:
        allowed = listing((PHASE_LABELS_ES[p] for p in sorted(phases, key=list(Phase).index)), quoted=True)
        raise PhaseError(
            _(
                "{what} en las fases {allowed}; la mesa está en «{phase}».",
                what=what,
                allowed=allowed,
                phase=PHASE_LABELS_ES[workshop.phase],
            ),
            phase=workshop.phase,
        )


# -- criteria ----------------------------------------------------------------


def criterion_id_from_label(label: str, taken: Collection[str]) -> str:
    """A stable id for a new criterion: its label without accents, in
    lowercase words joined by «_», made distinct from ``taken``."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[: CRITERION_ID_MAX - 4].strip("_") or "criterio"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def parse_criteria(value: object) -> tuple[Criterion, ...]:
    """A workshop's criteria: 1 to 12, each ``{"id"?, "label"}`` with a
    distinct id and label (≤ 120 characters); a criterion given without an id
    (a new one) gets one from its label."""
    if not isinstance(value, list):
        raise ValidationError("«criteria» debe ser una lista de criterios con su nombre.", field="criteria")
    if not CRITERIA_MIN <= len(value) <= CRITERIA_MAX:
        raise ValidationError(
            _(
                "La revisión usa de {criteria_min} a {criteria_max} criterios ({count} recibidos).",
                criteria_min=CRITERIA_MIN,
                criteria_max=CRITERIA_MAX,
                count=len(value),
            ),
            field="criteria",
        )
    given: list[str | None] = []
    labels: list[str] = []
    for i, item in enumerate(value):
        field = f"criteria.{i}"
        if not isinstance(item, Mapping):
            raise ValidationError("Cada criterio es un objeto con «label» (y «id» si ya existe).", field=field)
        cid = item.get("id")
        if cid is not None and (not isinstance(cid, str) or not _CRITERION_ID_RE.match(cid)):
            raise ValidationError(
                _(
                    "El identificador de un criterio lleva de 1 a {criterion_id_max} "
                    "letras minúsculas sin acento, números, «_» o «-».",
                    criterion_id_max=CRITERION_ID_MAX,
                ),
                field=f"{field}.id",
            )
        if cid is not None and cid in given:
            raise ValidationError(_("El criterio «{cid}» aparece más de una vez.", cid=cid), field=f"{field}.id")
        try:
            label = clean_text(item.get("label"), field="name", max_len=CRITERION_LABEL_MAX, required=True)
        except ValidationError as error:
            raise ValidationError(
                _("Criterio {i}: {message}", i=i + 1, message=error.message), field=f"{field}.label"
            ) from None
        if any(label.casefold() == other.casefold() for other in labels):
            raise ValidationError(
                _("Dos criterios se llaman «{label}»; cada uno necesita su nombre.", label=label), field=field
            )
        given.append(cid)
        labels.append(label)
    taken = {cid for cid in given if cid is not None}
    criteria: list[Criterion] = []
    for cid, label in zip(given, labels, strict=True):
        if cid is None:
            cid = criterion_id_from_label(label, taken)
            taken.add(cid)
        criteria.append(Criterion(cid, label))
    return tuple(criteria)


def set_criteria(
    workshop: Workshop,
    current: Sequence[Criterion],
    data: Mapping[str, object],
    *,
    actor_role: Role,
    actor_id: str,
    assessed: Collection[str] = (),
    revision: int = 0,
) -> tuple[tuple[Criterion, ...], list[Event]]:
    """Replace the workshop's criteria (facilitator). ``assessed`` names the
    criteria that have assessments: removing one hides them, never deletes
    them. No change, no event; a change edited from another ``revision``
    than the current one is refused (``EditConflictError``)."""
    check_facilitator(actor_role, _("edita los criterios de la revisión"))
    _check_phase(workshop, CRITERIA_PHASES, _("Los criterios se editan"))
    criteria = parse_criteria(data.get("criteria"))
    if criteria == tuple(current):
        return criteria, []
    check_base_revision(revision, data.get("base_revision"))
    before = {c.id: c.label for c in current}
    after = {c.id: c.label for c in criteria}
    removed = [cid for cid in before if cid not in after]
    event = Event(
        "assessment_criteria_changed",
        {
            "criteria": [c.to_dict() for c in criteria],
            "added": [cid for cid in after if cid not in before],
            "removed": removed,
            "renamed": {cid: [before[cid], label] for cid, label in after.items() if before.get(cid, label) != label},
            "hidden": [cid for cid in removed if cid in assessed],
        },
        actor_id=actor_id,
    )
    return criteria, [event]


# -- assessments ---------------------------------------------------------------


def is_assessable(alternative: Alternative) -> bool:
    """Merged and split alternatives live on in others: those are assessed."""
    return alternative.disposition not in (Disposition.MERGED, Disposition.SPLIT)


def parse_level(value: object) -> Level | None:
    if value is None or value == "":
        return None
    try:
        return Level(str(value))
    except ValueError:
        names = listing((str(level) for level in Level), quoted=True)
        raise ValidationError(_("El nivel es {names} o null (sin valorar).", names=names), field="level") from None


def assess(
    workshop: Workshop,
    alternative: Alternative,
    criteria: Sequence[Criterion],
    data: Mapping[str, object],
    *,
    actor_role: Role,
    actor_id: str,
    previous: Assessment | None,
    now: dt.datetime,
) -> tuple[Assessment, list[Event]]:
    """Record the mesa's assessment of an alternative on one criterion
    (facilitator, after the discussion). The same level and note again
    change nothing and log nothing."""
    check_facilitator(actor_role, _("registra la revisión de factibilidad y viabilidad"))
    _check_phase(workshop, ASSESSMENT_PHASES, _("La revisión de factibilidad y viabilidad se registra"))
    if not is_assessable(alternative):
        if alternative.disposition is Disposition.MERGED:
            raise ConflictError(_("Esa alternativa se fusionó en otra; valora la que sigue en discusión."))
        raise ConflictError(_("Esa alternativa se dividió en otras; valora la que sigue en discusión."))
    cid = data.get("criterion")
    labels = {c.id: c.label for c in criteria}
    if not isinstance(cid, str) or cid not in labels:
        raise ValidationError("Elige uno de los criterios de la revisión de esta mesa.", field="criterion")
    level = parse_level(data.get("level"))
    note = clean_text(data.get("note"), field="note", max_len=NOTE_MAX, required=False, multiline=True)
    if previous is not None and (previous.level, previous.note) == (level, note):
        return previous, []
    revision = previous.revision if previous is not None else 0
    check_base_revision(revision, data.get("base_revision"))
    assessment = Assessment(alternative.id, cid, level, note, actor_id, now, labels[cid], revision + 1)
    event = Event(
        "alternative_assessed",
        {
            "alternative_id": alternative.id,
            "criterion": cid,
            "criterion_label": labels[cid],
            "level": str(level) if level else None,
            "note": note,
            "previous_level": str(previous.level) if previous and previous.level else None,
        },
        actor_id=actor_id,
    )
    return assessment, [event]


def summarize(criteria: Sequence[Criterion], cells: Mapping[str, Assessment]) -> dict[str, Any]:
    """An alternative's review at a glance: how many criteria at each level,
    and the criteria still pending (no level yet; a note alone is pending)."""
    counts = {str(level): 0 for level in Level}
    pending = []
    for criterion in criteria:
        cell = cells.get(criterion.id)
        if cell is None or cell.level is None:
            pending.append(criterion.id)
        else:
            counts[str(cell.level)] += 1
    return {
        "counts": counts,
        "assessed": len(criteria) - len(pending),
        "pending": pending,
        "complete": not pending,
    }


def review(
    criteria: Sequence[Criterion], alternatives: Sequence[Alternative], assessments: Iterable[Assessment]
) -> dict[str, Any]:
    """The matrix alternatives × criteria with a summary per alternative.
    Assessments of removed criteria are left out of the matrix and counted
    in ``retired`` (they stay in the record); a merged or split alternative
    shows only if it was assessed before."""
    current = {c.id for c in criteria}
    by_alternative: dict[str, dict[str, Assessment]] = {}
    retired: dict[str, dict[str, Any]] = {}
    for a in assessments:
        if a.criterion in current:
            by_alternative.setdefault(a.alternative_id, {})[a.criterion] = a
        elif a.level is not None or a.note:
            entry = retired.setdefault(a.criterion, {"id": a.criterion, "label": a.criterion_label, "assessments": 0})
            entry["assessments"] += 1
    rows = []
    for alternative in alternatives:
        cells = by_alternative.get(alternative.id, {})
        if not is_assessable(alternative) and not cells:
            continue
        rows.append(
            {
                "alternative_id": alternative.id,
                "disposition": str(alternative.disposition),
                "assessable": is_assessable(alternative),
                "cells": {c.id: _cell(cells.get(c.id)) for c in criteria},
                "summary": summarize(criteria, cells),
            }
        )
    return {
        "criteria": [c.to_dict() for c in criteria],
        "levels": [str(level) for level in Level],
        "alternatives": rows,
        "retired": sorted(retired.values(), key=lambda r: str(r["id"])),
    }


def _cell(assessment: Assessment | None) -> dict[str, Any] | None:
    if assessment is None:
        return None
    data = assessment.to_dict()
    return {k: data[k] for k in ("level", "note", "updated_by", "updated_at", "revision")}
