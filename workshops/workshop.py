"""A workshop (mesa de cocreación) and the people in it.

Every change goes through one function that validates its input and returns
the new value with the domain events to append to the workshop's log.
Identifiers, join codes and clocks are passed in: this module does no I/O.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .document_schema import ARTIFACTS
from .errors import NotAllowedError, ValidationError
from .messages import _
from .permissions import check_change_phase
from .phases import INITIAL_PHASE, Phase, parse_phase
from .roles import JOINABLE_ROLES, Role, Sector
from .unicode_safety import strip_format_characters

TITLE_MAX = 200
ENTITY_MAX = 200
PROBLEM_STATEMENT_MAX = 4000
PLACE_MAX = 200
NAME_MAX = 80
ORGANIZATION_MAX = 120

# Unambiguous characters for codes people read off a projector and type.
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
_JOIN_CODE_RE = re.compile(f"^[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}$")


@dataclass(frozen=True)
class Event:
    """One entry of a workshop's accountability log."""

    kind: str
    payload: dict[str, Any]
    actor_id: str | None = None


@dataclass(frozen=True)
class Workshop:
    id: str
    title: str
    problem_statement: str
    entity: str
    date: dt.date | None
    join_code: str
    created_at: dt.datetime
    phase: Phase = INITIAL_PHASE
    # Artifacts the facilitator has locked: read-only for participants even
    # in their phase (e.g. while the mesa discusses the finished tree).
    locked: frozenset[str] = frozenset()
    # Where the mesa meets (sede), as the minuta prints it.
    place: str = ""


@dataclass(frozen=True)
class Participant:
    id: str
    workshop_id: str
    name: str
    sector: str
    role: Role
    joined_at: dt.datetime
    organization: str = ""
    privacy_accepted_at: dt.datetime | None = None
    code_of_conduct_accepted_at: dt.datetime | None = None
    # Which text was accepted (``NoticeVersions``); empty for the facilitator
    # and for people who joined before the versions were kept.
    privacy_notice_version: str = ""
    code_of_conduct_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# How fields are named to people (messages are shown next to the form).
FIELD_LABELS = {
    "title": _("título"),
    "entity": _("ente o municipio"),
    "problem_statement": _("problema público"),
    "date": _("fecha"),
    "place": _("lugar (sede)"),
    "name": _("nombre"),
    "organization": _("organización"),
    "facilitator_name": _("nombre de quien facilita"),
    "sector": _("sector"),
    "role": _("rol"),
    "reason": _("razón"),
    "note": _("nota"),
    "problem": _("problema público"),
    "description": _("descripción"),
    "how_it_helps": _("cómo contribuye"),
    "gender_perspective": _("perspectiva de género"),
    "assumptions": _("supuestos"),
    "other_actors": _("otros actores"),
    "prompt": _("pregunta"),
    "text": _("texto"),
    "label": _("etiqueta"),
}


def _label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def clean_text(value: object, *, field: str, max_len: int, required: bool, multiline: bool = False) -> str:
    """Normalise user text: NFC, trimmed, no control characters, bounded."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("El campo «{label}» debe ser texto.", label=_label(field)), field=field)
    text = unicodedata.normalize("NFC", value).strip()
    allowed = "\n\t" if multiline else ""
    if any(unicodedata.category(ch) == "Cs" for ch in text):
        raise ValidationError(
            _("El campo «{label}» contiene caracteres Unicode no válidos.", label=_label(field)), field=field
        )
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise ValidationError(_("El campo «{label}» contiene caracteres de control.", label=_label(field)), field=field)
    if required and not text:
        raise ValidationError(_("El campo «{label}» es obligatorio.", label=_label(field)), field=field)
    if len(text) > max_len:
        raise ValidationError(
            _(
                "El campo «{label}» admite como máximo {max_len} caracteres ({count} recibidos).",
                label=_label(field),
                max_len=max_len,
                count=len(text),
            ),
            field=field,
            max_length=max_len,
        )
    return text


def clean_name(value: object, *, field: str, max_len: int, required: bool) -> str:
    """``clean_text`` for a name (a person's, an organization's): without the
    invisible characters that would make it read as, or differ from, another."""
    return clean_text(
        strip_format_characters(value) if isinstance(value, str) else value,
        field=field,
        max_len=max_len,
        required=required,
    )


def parse_date(value: object, *, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValidationError(_("El campo «{label}» debe ser una fecha AAAA-MM-DD.", label=_label(field)), field=field)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _("Fecha no válida en «{label}»: {value!r}; usa el formato AAAA-MM-DD.", label=_label(field), value=value),
            field=field,
        ) from None


def is_join_code(value: str) -> bool:
    return bool(_JOIN_CODE_RE.match(value))


def normalize_join_code(value: object) -> str:
    """People type codes with spaces, dashes and lower case."""
    if not isinstance(value, str):
        return ""
    return re.sub(r"[\s-]", "", value).upper()


def clean_detail(field: str, value: object) -> Any:
    """One of the mesa's details (``workshop_details.DETAIL_FIELDS``) as its
    creation and its later corrections accept it: the same rules, the same
    messages."""
    if field == "title":
        return clean_text(value, field=field, max_len=TITLE_MAX, required=True)
    if field == "problem_statement":
        return clean_text(value, field=field, max_len=PROBLEM_STATEMENT_MAX, required=False, multiline=True)
    if field == "entity":
        return clean_name(value, field=field, max_len=ENTITY_MAX, required=True)
    if field == "date":
        return parse_date(value, field=field)
    if field == "place":
        return clean_text(value, field=field, max_len=PLACE_MAX, required=False)
    raise ValueError(f"not a detail of the mesa: {field!r}")


def create_workshop(
    data: Mapping[str, object], *, workshop_id: str, join_code: str, now: dt.datetime
) -> tuple[Workshop, list[Event]]:
    if not is_join_code(join_code):
        raise ValueError(f"bad join code {join_code!r}")
    workshop = Workshop(
        id=workshop_id,
        title=clean_detail("title", data.get("title")),
        problem_statement=clean_detail("problem_statement", data.get("problem_statement")),
        entity=clean_detail("entity", data.get("entity")),
        date=clean_detail("date", data.get("date")),
        place=clean_detail("place", data.get("place")),
        join_code=join_code,
        created_at=now,
    )
    event = Event("workshop_created", {"title": workshop.title, "entity": workshop.entity})
    return workshop, [event]


def parse_role(value: object) -> Role:
    if value in (None, ""):
        return Role.PARTICIPANT
    try:
        role = Role(str(value))
    except ValueError:
        role = None
    if role not in JOINABLE_ROLES:
        raise ValidationError("El rol debe ser «participant» u «observer».", field="role")
    assert role is not None
    return role


def parse_sector(value: object) -> Sector:
    try:
        return Sector(str(value))
    except ValueError:
        names = ", ".join(Sector)
        raise ValidationError(
            _("Sector desconocido: {value!r}. Sectores válidos: {names}.", value=value, names=names), field="sector"
        ) from None


@dataclass(frozen=True)
class NoticeVersions:
    """The versions of the aviso de privacidad and the code of conduct that
    a person accepts on joining (the server derives them from the texts)."""

    privacy_notice: str
    code_of_conduct: str


ACCEPTANCES = {
    "accept_privacy_notice": _("Para unirte debes aceptar el aviso de privacidad."),
    "accept_code_of_conduct": _("Para unirte debes aceptar el código de conducta."),
}


def join_workshop(
    workshop: Workshop,
    data: Mapping[str, object],
    *,
    participant_id: str,
    now: dt.datetime,
    notices: NoticeVersions,
) -> tuple[Participant, list[Event]]:
    """Validate a join request (code, name, sector, role, and the acceptance
    of the privacy notice and the code of conduct, both ``true``) and return
    the participant with the versions accepted and when."""
    if normalize_join_code(data.get("join_code")) != workshop.join_code:
        raise NotAllowedError("El código para unirse no es correcto.", field="join_code")
    name = clean_name(data.get("name"), field="name", max_len=NAME_MAX, required=True)
    sector = parse_sector(data.get("sector"))
    organization = clean_name(data.get("organization"), field="organization", max_len=ORGANIZATION_MAX, required=False)
    role = parse_role(data.get("role"))
    for field_name, message in ACCEPTANCES.items():
        if data.get(field_name) is not True:
            raise ValidationError(message, field=field_name)
    participant = Participant(
        id=participant_id,
        workshop_id=workshop.id,
        name=name,
        sector=sector,
        role=role,
        organization=organization,
        joined_at=now,
        privacy_accepted_at=now,
        code_of_conduct_accepted_at=now,
        privacy_notice_version=notices.privacy_notice,
        code_of_conduct_version=notices.code_of_conduct,
    )
    event = Event(
        "participant_joined",
        {"participant_id": participant_id, "sector": sector, "role": role},
        actor_id=participant_id,
    )
    return participant, [event]


def change_phase(
    workshop: Workshop, *, actor_role: Role, actor_id: str | None, phase: object
) -> tuple[Workshop, list[Event]]:
    check_change_phase(actor_role)
    new_phase = parse_phase(phase)
    if new_phase is workshop.phase:
        return workshop, []
    event = Event("phase_changed", {"from": workshop.phase, "to": new_phase}, actor_id=actor_id)
    return dataclasses.replace(workshop, phase=new_phase), [event]


def workshop_summary(w: Workshop) -> dict[str, Any]:
    """What anyone with the join code may see of a workshop."""
    return {
        "id": w.id,
        "title": w.title,
        "problem_statement": w.problem_statement,
        "entity": w.entity,
        "date": w.date.isoformat() if w.date else None,
        "place": w.place,
    }


def set_lock(
    workshop: Workshop, *, actor_role: Role, actor_id: str | None, artifact: object, locked: object
) -> tuple[Workshop, list[Event]]:
    """Lock or unlock an artifact (facilitator only)."""
    check_change_phase(actor_role)
    if artifact not in ARTIFACTS:
        raise ValidationError(_("Documento desconocido: {artifact!r}.", artifact=artifact), field="artifact")
    if not isinstance(locked, bool):
        raise ValidationError("«locked» debe ser true o false.", field="locked")
    assert isinstance(artifact, str)
    new = workshop.locked | {artifact} if locked else workshop.locked - {artifact}
    if new == workshop.locked:
        return workshop, []
    event = Event("artifact_locked" if locked else "artifact_unlocked", {"artifact": artifact}, actor_id=actor_id)
    return dataclasses.replace(workshop, locked=frozenset(new)), [event]


def participant_summary(p: Participant) -> dict[str, Any]:
    """What other members of the workshop may see of a participant."""
    return {
        "id": p.id,
        "name": p.name,
        "sector": p.sector,
        "role": str(p.role),
        "organization": p.organization,
    }
