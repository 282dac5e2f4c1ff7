"""The minuta's lifecycle (issue 13 groundwork): from a draft generated from
the event log to amendments by attendees, an approval by consent, and a
sealed version anyone can verify.

- **Draft.** Version *n* of the minutes is a draft the facilitator edits.
- **Amendments.** Anyone who attended (a participant who joined and was
  present; not observers, not the facilitation) proposes an amendment to a
  passage with a reason; the facilitator accepts or rejects each, with a
  reason. All of them are listed in the sealed document's annex.
- **Approval.** The facilitator opens the approval of the current version
  (consent: agree / can live with / object with a reason, attendees only,
  with the workshop's quorum). It passes with quorum and no objection; an
  objection reopens amendments on the same version.
- **Seal.** An approved version is sealed: its canonical serialization
  (``canonical_bytes``, documented in docs/minutes.md) and that text's
  SHA-256. A sealed version never changes; a correction is version *n+1*
  through the same path.

Pure: every change returns a new ``Minuta`` after checking all its rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .errors import ConflictError, NotAllowedError, NotFoundError, ValidationError
from .messages import _
from .permissions import check_facilitator
from .roles import Role
from .workshop import clean_text

PASSAGE_MAX = 300
AMENDMENT_TEXT_MAX = 4000
REASON_MAX = 1000
AMENDMENTS_PER_PERSON_MAX = 20
DIGEST_RE = re.compile(r"^[0-9a-f]{64}$")
# The canonical serialization's format, written into it: a verifier knows
# how the bytes were made.
CANONICAL_FORMAT = "cocrea.minuta/1"


class MinutaStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SEALED = "sealed"


class AmendmentDecision(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Amendment:
    id: str
    version: int
    passage: str
    text: str
    reason: str
    author_id: str
    sector: str
    proposed_at: dt.datetime
    decision: AmendmentDecision = AmendmentDecision.PENDING
    response: str = ""


@dataclass(frozen=True)
class Seal:
    version: int
    sha256: str
    sealed_at: dt.datetime
    canonical: bytes


@dataclass(frozen=True)
class Minuta:
    version: int = 1
    status: MinutaStatus = MinutaStatus.DRAFT
    amendments: tuple[Amendment, ...] = ()
    approval_round: str | None = None
    seals: tuple[Seal, ...] = ()


def _check_open(minuta: Minuta) -> None:
    if minuta.status is MinutaStatus.SEALED:
        raise ConflictError(
            _(
                "La versión {version} de la minuta está sellada; una corrección abre la siguiente.",
                version=minuta.version,
            )
        )
    if minuta.status is MinutaStatus.APPROVED:
        raise ConflictError(_("La versión {version} ya fue aprobada; solo falta sellarla.", version=minuta.version))


def propose_amendment(
    minuta: Minuta,
    data: Mapping[str, object],
    *,
    role: Role,
    attended: bool,
    author_id: str,
    sector: str,
    amendment_id: str,
    now: dt.datetime,
) -> Minuta:
    """An attendee proposes a change to a passage, with a reason."""
    if role is not Role.PARTICIPANT or not attended:
        raise NotAllowedError("Solo las personas que asistieron a la mesa proponen enmiendas a la minuta.")
    _check_open(minuta)
    if minuta.status is MinutaStatus.IN_REVIEW:
        raise ConflictError("La minuta está en aprobación; las enmiendas se reciben antes o después de la votación.")
    passage = clean_text(data.get("passage"), field="passage", max_len=PASSAGE_MAX, required=True)
    text = clean_text(data.get("text"), field="text", max_len=AMENDMENT_TEXT_MAX, required=True, multiline=True)
    reason = clean_text(data.get("reason"), field="reason", max_len=REASON_MAX, required=True, multiline=True)
    if sum(1 for a in minuta.amendments if a.author_id == author_id) >= AMENDMENTS_PER_PERSON_MAX:
        raise ConflictError(
            _(
                "Cada persona puede proponer hasta {amendments_per_person_max} enmiendas.",
                amendments_per_person_max=AMENDMENTS_PER_PERSON_MAX,
            )
        )
    amendment = Amendment(amendment_id, minuta.version, passage, text, reason, author_id, sector, now)
    return dataclasses.replace(minuta, amendments=(*minuta.amendments, amendment))


def decide_amendment(minuta: Minuta, amendment_id: str, decision: object, reason: object, *, role: Role) -> Minuta:
    """The facilitator accepts or rejects an amendment, always with a reason."""
    check_facilitator(role, _("responde las enmiendas"))
    _check_open(minuta)
    found = next((a for a in minuta.amendments if a.id == amendment_id), None)
    if found is None:
        raise NotFoundError("No hay una enmienda con ese identificador.")
    if decision not in (AmendmentDecision.ACCEPTED, AmendmentDecision.REJECTED):
        raise ValidationError("«decision» debe ser «accepted» o «rejected».", field="decision")
    if found.decision is not AmendmentDecision.PENDING:
        raise ConflictError("Esa enmienda ya tiene respuesta.")
    response = clean_text(reason, field="reason", max_len=REASON_MAX, required=True, multiline=True)
    changed = dataclasses.replace(found, decision=AmendmentDecision(str(decision)), response=response)
    return dataclasses.replace(
        minuta, amendments=tuple(changed if a.id == amendment_id else a for a in minuta.amendments)
    )


def open_approval(minuta: Minuta, *, role: Role, round_id: str) -> Minuta:
    """The facilitator puts the current version to the attendees' consent;
    every amendment of this version must have its answer first."""
    check_facilitator(role, _("abre la aprobación de la minuta"))
    _check_open(minuta)
    if minuta.status is MinutaStatus.IN_REVIEW:
        raise ConflictError("La aprobación de esta versión ya está abierta.")
    pending = [a for a in minuta.amendments if a.version == minuta.version and a.decision is AmendmentDecision.PENDING]
    if pending:
        raise ConflictError(
            _("Responde antes las {count} enmiendas pendientes.", count=len(pending)), pending=len(pending)
        )
    return dataclasses.replace(minuta, status=MinutaStatus.IN_REVIEW, approval_round=round_id)


def approval_closed(minuta: Minuta, *, round_id: str, quorum_met: bool, objections: int) -> Minuta:
    """The consent round closed: approved with quorum and no objection;
    otherwise back to draft, open to amendments again."""
    if minuta.status is not MinutaStatus.IN_REVIEW or minuta.approval_round != round_id:
        raise ConflictError("Esa votación no es la aprobación abierta de la minuta.")
    status = MinutaStatus.APPROVED if quorum_met and objections == 0 else MinutaStatus.DRAFT
    return dataclasses.replace(minuta, status=status, approval_round=None)


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Mapping):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def canonical_bytes(record: Mapping[str, Any]) -> bytes:
    """The canonical serialization: the record with ``format`` set, every
    string in Unicode NFC, as JSON with keys sorted, no insignificant
    whitespace, non-ASCII kept as UTF-8, and one final newline. Anyone can
    recompute the digest: ``sha256sum minuta.json``."""
    body = {**_normalise(dict(record)), "format": CANONICAL_FORMAT}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (text + "\n").encode("utf-8")


def digest(canonical: bytes) -> str:
    return hashlib.sha256(canonical).hexdigest()


def seal(minuta: Minuta, record: Mapping[str, Any], *, role: Role, now: dt.datetime) -> Minuta:
    """Seal the approved version: ``record`` is the minuta's content (text,
    attendance, amendments annex, approval result) as the server assembles it."""
    check_facilitator(role, _("sella la minuta"))
    if minuta.status is MinutaStatus.SEALED:
        raise ConflictError(_("La versión {version} ya está sellada.", version=minuta.version))
    if minuta.status is not MinutaStatus.APPROVED:
        raise ConflictError("Solo se sella una minuta aprobada por las personas asistentes.")
    canonical = canonical_bytes({**record, "version": minuta.version, "sealed_at": now.isoformat()})
    stamp = Seal(minuta.version, digest(canonical), now, canonical)
    return dataclasses.replace(minuta, status=MinutaStatus.SEALED, seals=(*minuta.seals, stamp))


def start_correction(minuta: Minuta, *, role: Role) -> Minuta:
    """After sealing, a correction is version n+1 through the same path."""
    check_facilitator(role, _("abre una corrección de la minuta"))
    if minuta.status is not MinutaStatus.SEALED:
        raise ConflictError("Solo una minuta sellada se corrige con una nueva versión.")
    return dataclasses.replace(minuta, version=minuta.version + 1, status=MinutaStatus.DRAFT)


def check_digest(value: object) -> str:
    """A digest as the verification routes accept it: 64 lowercase hex characters."""
    text = value.lower() if isinstance(value, str) else ""
    if not DIGEST_RE.match(text):
        raise ValidationError("Un sello SHA-256 tiene 64 caracteres hexadecimales.", field="sha256")
    return text
