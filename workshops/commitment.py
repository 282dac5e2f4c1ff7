"""The commitment (compromiso): the adopted alternative written as a
commitment sheet, preliminary first, reviewed for feasibility and viability,
then definitive. Each status change is recorded; the sheet's fields follow
the commitment sheets in use in Mexico (DESIGN.md §1).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .document_schema import ARTIFACT_SHEET, SHEET_ARTIFACT_SEPARATOR
from .errors import ConflictError, NotAllowedError, ValidationError
from .messages import _, listing
from .permissions import check_change_phase
from .roles import Role
from .workshop import Event, clean_text

TEXT_FIELD_MAX = 4000


class CommitmentStatus(StrEnum):
    PRELIMINAR = "preliminar"
    EN_REVISION = "en_revision"
    DEFINITIVO = "definitivo"


STATUS_LABELS_ES = {
    CommitmentStatus.PRELIMINAR: _("Preliminar"),
    CommitmentStatus.EN_REVISION: _("En revisión (factibilidad y viabilidad)"),
    CommitmentStatus.DEFINITIVO: _("Definitivo"),
}
# One way: a definitive commitment is not reopened (a new one is written).
NEXT_STATUS = {
    CommitmentStatus.PRELIMINAR: CommitmentStatus.EN_REVISION,
    CommitmentStatus.EN_REVISION: CommitmentStatus.DEFINITIVO,
}

OGP_VALUES = ("transparencia", "participacion", "rendicion_de_cuentas", "tecnologia_e_innovacion")
OGP_VALUE_LABELS_ES = {
    "transparencia": "Transparencia",
    "participacion": "Participación ciudadana",
    "rendicion_de_cuentas": "Rendición de cuentas",
    "tecnologia_e_innovacion": "Tecnología e innovación",
}
SDG_COUNT = 17

# The sheet's free-text fields, in the order a commitment sheet shows them.
SHEET_TEXT_FIELDS = (
    "title",
    "problem",
    "description",
    "how_it_helps",
    "gender_perspective",
    "assumptions",
    "other_actors",
)
SHEET_FIELD_LABELS_ES = {
    "title": _("Título del compromiso"),
    "problem": _("Problema público que atiende"),
    "description": _("¿En qué consiste el compromiso?"),
    "how_it_helps": _("¿Cómo contribuye a resolver el problema?"),
    "ogp_values": _("Relevancia para los valores de gobierno abierto"),
    "sdgs": _("Objetivos de Desarrollo Sostenible (ODS)"),
    "gender_perspective": _("Perspectiva de género"),
    "assumptions": _("Supuestos"),
    "other_actors": _("Otros actores involucrados"),
}


@dataclass(frozen=True)
class Commitment:
    id: str
    workshop_id: str
    alternative_id: str
    decision_id: str
    created_at: dt.datetime
    status: CommitmentStatus = CommitmentStatus.PRELIMINAR
    sheet: dict[str, Any] = field(default_factory=dict)


def create_preliminary(
    *,
    commitment_id: str,
    workshop_id: str,
    alternative_id: str,
    decision_id: str,
    title: str,
    problem: str,
    actor_role: Role,
    actor_id: str,
    now: dt.datetime,
) -> tuple[Commitment, list[Event]]:
    """The adopted alternative becomes a preliminary commitment."""
    check_change_phase(actor_role)
    sheet = empty_sheet() | {"title": title[:TEXT_FIELD_MAX], "problem": problem[:TEXT_FIELD_MAX]}
    commitment = Commitment(commitment_id, workshop_id, alternative_id, decision_id, now, sheet=sheet)
    event = Event(
        "commitment_created",
        {"commitment_id": commitment_id, "alternative_id": alternative_id, "decision_id": decision_id},
        actor_id=actor_id,
    )
    return commitment, [event]


def empty_sheet() -> dict[str, Any]:
    return {name: "" for name in SHEET_TEXT_FIELDS} | {"ogp_values": [], "sdgs": []}


def sheet_artifact(commitment_id: str) -> str:
    """The artifact name of a commitment's sheet document."""
    return f"{ARTIFACT_SHEET}{SHEET_ARTIFACT_SEPARATOR}{commitment_id}"


def find_sheet_commitment(artifact: str) -> str | None:
    """The commitment id a sheet artifact names, or ``None``."""
    kind, separator, commitment_id = artifact.partition(SHEET_ARTIFACT_SEPARATOR)
    return commitment_id if kind == ARTIFACT_SHEET and separator and commitment_id else None


def sheet_editing_roles(status: CommitmentStatus) -> tuple[Role, ...]:
    """Who writes the sheet: participants and the facilitator, in any phase,
    until the commitment is definitive; observers never."""
    if status is CommitmentStatus.DEFINITIVO:
        return ()
    return (Role.FACILITATOR, Role.PARTICIPANT)


def check_edit_sheet(role: Role, status: CommitmentStatus) -> None:
    """Raise why ``role`` may not write a sheet in ``status``, or return."""
    if role is Role.OBSERVER:
        raise NotAllowedError("Las personas observadoras no editan el compromiso.")
    if role not in sheet_editing_roles(status):
        raise ConflictError("El compromiso ya es definitivo; no se edita.")


def sheet_from_document(raw: Mapping[str, object], stored: Mapping[str, Any]) -> dict[str, Any]:
    """The sheet from the document's plain values (texts as ``str``, the
    choice maps as dicts): a key the document lacks comes from ``stored``
    (a sheet written before the document existed); a value of the wrong
    type reads as empty; texts are cut at ``TEXT_FIELD_MAX`` and the title
    kept on one line."""
    sheet = empty_sheet()
    for name in SHEET_TEXT_FIELDS:
        value = raw[name] if name in raw else stored.get(name, "")
        text = value[:TEXT_FIELD_MAX] if isinstance(value, str) else ""
        sheet[name] = " ".join(text.split()) if name == "title" else text
    sheet["ogp_values"] = _chosen(raw, stored, "ogp_values", OGP_VALUES)
    sheet["sdgs"] = [int(v) for v in _chosen(raw, stored, "sdgs", tuple(str(n) for n in range(1, SDG_COUNT + 1)))]
    return sheet


def _chosen(raw: Mapping[str, object], stored: Mapping[str, Any], name: str, order: tuple[str, ...]) -> list[str]:
    if name not in raw:
        return [v for v in order if v in {str(x) for x in stored.get(name) or []}]
    value = raw[name]
    if not isinstance(value, Mapping):
        return []
    return [v for v in order if value.get(v) is True]


def update_sheet(
    commitment: Commitment, data: Mapping[str, object], *, actor_role: Role, actor_id: str
) -> tuple[Commitment, list[Event]]:
    """Change some fields of the sheet (participants and the facilitator,
    until the commitment is definitive)."""
    check_edit_sheet(actor_role, commitment.status)
    unknown = sorted(set(data) - set(SHEET_TEXT_FIELDS) - {"ogp_values", "sdgs"})
    if unknown:
        raise ValidationError(_("Campos desconocidos en la ficha: {list}.", list=", ".join(unknown)), field=unknown[0])
    sheet = dict(commitment.sheet)
    for name in SHEET_TEXT_FIELDS:
        if name in data:
            sheet[name] = clean_text(
                data[name], field=name, max_len=TEXT_FIELD_MAX, required=name == "title", multiline=name != "title"
            )
    if "ogp_values" in data:
        sheet["ogp_values"] = _parse_ogp_values(data["ogp_values"])
    if "sdgs" in data:
        sheet["sdgs"] = _parse_sdgs(data["sdgs"])
    changed = sorted(k for k in data)
    event = Event("commitment_sheet_updated", {"commitment_id": commitment.id, "fields": changed}, actor_id=actor_id)
    return dataclasses.replace(commitment, sheet=sheet), [event]


def _parse_ogp_values(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("«ogp_values» es una lista.", field="ogp_values")
    unknown = [v for v in value if v not in OGP_VALUES]
    if unknown:
        raise ValidationError(
            _(
                "Valores de gobierno abierto desconocidos: {list}. Usa: {list2}.",
                list=", ".join(unknown),
                list2=", ".join(OGP_VALUES),
            ),
            field="ogp_values",
        )
    return [v for v in OGP_VALUES if v in value]


def _parse_sdgs(value: object) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ValidationError("«sdgs» es una lista de números de ODS (1 a 17).", field="sdgs")
    if any(not 1 <= v <= SDG_COUNT for v in value):
        raise ValidationError("Los ODS van del 1 al 17.", field="sdgs")
    return sorted(set(value))


def missing_fields(commitment: Commitment) -> list[str]:
    """Sheet fields still empty (a definitive commitment has none)."""
    empty = [name for name in SHEET_TEXT_FIELDS if not str(commitment.sheet.get(name, "")).strip()]
    for name in ("ogp_values", "sdgs"):
        if not commitment.sheet.get(name):
            empty.append(name)
    return empty


def advance_status(
    commitment: Commitment, to: object, *, actor_role: Role, actor_id: str, note: object = ""
) -> tuple[Commitment, list[Event]]:
    """preliminar → en revisión → definitivo, each step recorded (facilitator)."""
    check_change_phase(actor_role)
    try:
        target = CommitmentStatus(str(to))
    except ValueError:
        raise ValidationError(
            _("Estado desconocido: {to!r}. Estados: {list}.", to=to, list=", ".join(CommitmentStatus)), field="status"
        ) from None
    if NEXT_STATUS.get(commitment.status) is not target:
        raise ConflictError(
            _(
                "Un compromiso «{status}» no pasa a «{target}».",
                status=STATUS_LABELS_ES[commitment.status],
                target=STATUS_LABELS_ES[target],
            )
        )
    if target is CommitmentStatus.DEFINITIVO:
        missing = missing_fields(commitment)
        if missing:
            labels = listing(SHEET_FIELD_LABELS_ES[m] for m in missing)
            raise ValidationError(
                _("Antes de hacerlo definitivo, completa: {labels}.", labels=labels), field=missing[0]
            )
    note_text = clean_text(note, field="note", max_len=TEXT_FIELD_MAX, required=False, multiline=True)
    event = Event(
        "commitment_status",
        {"commitment_id": commitment.id, "from": str(commitment.status), "to": str(target), "note": note_text},
        actor_id=actor_id,
    )
    return dataclasses.replace(commitment, status=target), [event]
