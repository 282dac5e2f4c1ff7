"""The view model of the minuta's documents (issue 13 §4): what the PDF,
DOCX, ODT, HTML and Markdown of one version of a mesa's minutes read, built
once by ``minuta_view`` from the pure domain's ``Minuta`` and what the
server knows of the mesa.

Plain dicts, lists, strings and numbers; every text has gone through
``xml_text`` (characters HTML and XML cannot carry become U+FFFD). The
labels come from ``LABELS`` in the view's language (Spanish, or English
with ``lang="en"``); the relatoría is the Spanish text
``workshops.minutes.minutes_from`` wrote, as it is.

What a document must say, whatever its format:

- its status: a draft says «Borrador — no aprobado» on its first line and
  carries no digest; an approved version says it is not sealed yet; a sealed
  one gives its version, its SHA-256 and when it was sealed (central Mexico,
  24 h, as the plan's times);
- attendance by sector (counts and organizations) and names only of the
  people who agreed to be named (``Attendee.named``);
- the relatoría, the *acuerdos*, the approval's tally and the annex of the
  amendments received and how they were answered;
- when sealed, the verification block: the digest, the link
  ``{public_url}/verificar/{sha256}``, where to download the canonical text
  and the one ``sha256sum`` line that recomputes the digest.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workshops.messages import format_date
from workshops.minuta import AmendmentDecision, Minuta, MinutaStatus, Seal
from workshops.plan_annex import MinuteEntry, SectorAttendance
from workshops.roles import FACILITATOR_SECTOR, SECTOR_LABELS_ES

from .plan_view import DISPLAY_TIMEZONE, english_date, time_text
from .tree_svg import xml_text

LANGUAGES = ("es", "en")
DOCUMENT_LANGS = {"es": "es-MX", "en": "en"}
# The line that recomputes the digest of the downloaded canonical file
# (docs/minutes.md says the same); ``{sha256}`` is the seal's digest.
DEFAULT_VERIFY_COMMAND = "sha256sum minuta-{sha256}.json"
# Where the canonical text is downloaded from, after ``public_url``.
CANONICAL_PATH = "/api/minutes/{sha256}/canonical"
VERIFY_PATH = "/verificar/{sha256}"

SECTOR_LABELS_EN = {
    "sociedad_civil": "Civil society",
    "servicio_publico": "Public service",
    "organismo_garante": "Guarantor body",
    "academia": "Academia",
    "ciudadania": "Citizens",
    FACILITATOR_SECTOR: "Facilitation",
}
SECTOR_LABELS = {
    "es": {str(k): v for k, v in SECTOR_LABELS_ES.items()} | {FACILITATOR_SECTOR: "Facilitación"},
    "en": SECTOR_LABELS_EN,
}
SECTOR_ORDER = (*(str(k) for k in SECTOR_LABELS_ES), FACILITATOR_SECTOR)

LABELS: dict[str, dict[str, str]] = {
    "es": {
        "document": "Minuta",
        "title": "Minuta de la mesa «{title}»",
        "mesa": "Mesa",
        "entity": "Ente",
        "date": "Fecha",
        "place": "Lugar",
        "version": "Versión",
        "status": "Estado",
        "status_draft": "Borrador — no aprobado",
        "status_in_review": "Borrador en aprobación — no aprobado",
        "status_approved": "Aprobada — todavía sin sellar",
        "status_sealed": "Sellada",
        "draft_note": (
            "Este documento es un borrador: las personas asistentes no lo han aprobado y no tiene sello. "
            "No lo cite como la minuta de la mesa."
        ),
        "approved_note": "Las personas asistentes aprobaron esta versión; el sello y su enlace de verificación faltan.",
        "sealed_note": "Versión {version}, sellada el {sealed_at}.",
        "attendance": "Asistencia",
        "attendance_note": (
            "Conforme al aviso de privacidad, la asistencia se informa por sector: el número de personas y las "
            "organizaciones que declararon al unirse; se nombra solo a quien aceptó ser nombrado."
        ),
        "attendance_columns": "Sector|Personas|Organizaciones",
        "total": "Total",
        "named": "Personas que aceptaron ser nombradas",
        "none": "—",
        "no_attendance": "Sin registro de asistencia.",
        "relatoria": "Relatoría",
        "relatoria_note": "Escrita a partir del registro de la mesa; las horas son del centro de México.",
        "relatoria_columns": "Hora|Acontecimiento",
        "no_relatoria": "Sin acontecimientos registrados.",
        "acuerdos": "Acuerdos",
        "acuerdos_columns": "Núm.|Quién|Qué|Para cuándo",
        "no_acuerdos": "Sin acuerdos de seguimiento.",
        "pending": "Pendiente",
        "approval": "Aprobación",
        "approval_columns": "Respuesta|Personas",
        "agree": "De acuerdo",
        "can_live_with": "Puede vivir con ella (con reservas)",
        "object": "Objeta",
        "reservations": "Reservas",
        "objections": "Objeciones",
        "eligible": "Personas asistentes con derecho a responder: {eligible}; respondieron: {answered}.",
        "quorum_met": "Hubo quórum.",
        "quorum_not_met": "No hubo quórum.",
        "no_approval": "Esta versión todavía no se ha sometido a aprobación.",
        "amendments": "Anexo. Enmiendas recibidas y cómo se respondieron",
        "amendments_note": (
            "Cada enmienda que propuso una persona asistente, con su razón, y la respuesta razonada de la "
            "persona facilitadora."
        ),
        "no_amendments": "No se recibieron enmiendas.",
        "amendment": "Enmienda {number} (versión {version})",
        "amendment_columns": "Campo|Contenido",
        "passage": "Pasaje",
        "proposal": "Texto propuesto",
        "reason": "Razón",
        "sector": "Sector de quien la propuso",
        "decision": "Decisión",
        "answer": "Razón de la respuesta",
        "decision_pending": "Pendiente de respuesta",
        "decision_accepted": "Aceptada",
        "decision_rejected": "Rechazada",
        "verification": "Verificación",
        "digest": "Sello SHA-256",
        "link": "Verifique en",
        "canonical": "Texto canónico",
        "how": (
            "Descargue el texto canónico y compare su huella con el sello; esta línea debe imprimir el mismo valor:"
        ),
        "no_seal": "Sin sello: solo una minuta aprobada y sellada tiene huella y enlace de verificación.",
        "page": "Página {page} de {pages}",
    },
    "en": {
        "document": "Minutes",
        "title": "Minutes of the mesa «{title}»",
        "mesa": "Mesa",
        "entity": "Entity",
        "date": "Date",
        "place": "Place",
        "version": "Version",
        "status": "Status",
        "status_draft": "Draft — not approved",
        "status_in_review": "Draft under approval — not approved",
        "status_approved": "Approved — not sealed yet",
        "status_sealed": "Sealed",
        "draft_note": (
            "This document is a draft: the attendees have not approved it and it has no seal. "
            "Do not cite it as the mesa's minutes."
        ),
        "approved_note": "The attendees approved this version; its seal and verification link are still missing.",
        "sealed_note": "Version {version}, sealed on {sealed_at}.",
        "attendance": "Attendance",
        "attendance_note": (
            "As the privacy notice says, attendance is given by sector: the number of people and the "
            "organizations they declared on joining; only people who agreed to be named are named."
        ),
        "attendance_columns": "Sector|People|Organizations",
        "total": "Total",
        "named": "People who agreed to be named",
        "none": "—",
        "no_attendance": "No attendance recorded.",
        "relatoria": "Account of the mesa (relatoría)",
        "relatoria_note": "Written from the mesa's log, in Spanish; times are central Mexico time.",
        "relatoria_columns": "Time|Event",
        "no_relatoria": "No events recorded.",
        "acuerdos": "Follow-up agreements (acuerdos)",
        "acuerdos_columns": "No.|Who|What|By when",
        "no_acuerdos": "No follow-up agreements.",
        "pending": "Pending",
        "approval": "Approval",
        "approval_columns": "Answer|People",
        "agree": "Agree",
        "can_live_with": "Can live with it (with reservations)",
        "object": "Object",
        "reservations": "Reservations",
        "objections": "Objections",
        "eligible": "Attendees entitled to answer: {eligible}; answered: {answered}.",
        "quorum_met": "Quorum was met.",
        "quorum_not_met": "Quorum was not met.",
        "no_approval": "This version has not been put to approval yet.",
        "amendments": "Annex. Amendments received and how they were answered",
        "amendments_note": (
            "Every amendment an attendee proposed, with its reason, and the facilitator's reasoned answer."
        ),
        "no_amendments": "No amendments were received.",
        "amendment": "Amendment {number} (version {version})",
        "amendment_columns": "Field|Content",
        "passage": "Passage",
        "proposal": "Proposed text",
        "reason": "Reason",
        "sector": "Sector of its author",
        "decision": "Decision",
        "answer": "Reason for the answer",
        "decision_pending": "Awaiting an answer",
        "decision_accepted": "Accepted",
        "decision_rejected": "Rejected",
        "verification": "Verification",
        "digest": "SHA-256 seal",
        "link": "Verify at",
        "canonical": "Canonical text",
        "how": (
            "Download the canonical text and compare its fingerprint with the seal; "
            "this line must print the same value:"
        ),
        "no_seal": "No seal: only approved and sealed minutes have a fingerprint and a verification link.",
        "page": "Page {page} of {pages}",
    },
}


@dataclass(frozen=True)
class MesaIdentity:
    """The workshop the minutes are of."""

    title: str
    entity: str = ""
    date: dt.date | None = None
    place: str = ""


@dataclass(frozen=True)
class Attendee:
    """A person present; ``named`` when they agreed, on joining, to be named
    in the minutes. Without that consent only their sector's count shows."""

    name: str
    sector: str
    organization: str = ""
    named: bool = False


@dataclass(frozen=True)
class Acuerdo:
    """A follow-up agreement the facilitator adds: who does what by when."""

    who: str
    what: str
    by: dt.date | str | None = None


@dataclass(frozen=True)
class ApprovalTally:
    """The result of the consent round that approved (or not) a version."""

    agree: int = 0
    can_live_with: int = 0
    object: int = 0
    eligible: int | None = None
    quorum_met: bool | None = None
    reservations: tuple[str, ...] = ()
    objections: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelatoriaSection:
    heading: str
    entries: tuple[MinuteEntry, ...]


def minuta_view(
    minuta: Minuta,
    *,
    mesa: MesaIdentity,
    relatoria: Sequence[MinuteEntry] | Sequence[RelatoriaSection] = (),
    attendance: Sequence[SectorAttendance] = (),
    attendees: Sequence[Attendee] = (),
    acuerdos: Sequence[Acuerdo] = (),
    approval: ApprovalTally | None = None,
    public_url: str = "",
    verify_command: str = DEFAULT_VERIFY_COMMAND,
    lang: str = "es",
) -> dict[str, Any]:
    """The one view every format of the minuta renders. ``relatoria``:
    ``minutes_from``'s entries (one section) or sections of them;
    ``attendance``: ``workshops.attendance.attendance_from``'s counts;
    ``attendees``: who was present, named only with ``named=True``;
    ``public_url``: the site's address (``https://…``, no trailing slash
    needed); ``verify_command``: the ``sha256sum`` line, ``{sha256}`` filled."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    labels = LABELS[lang]
    seal = _current_seal(minuta)
    title = _text(mesa.title) or labels["pending"]
    return {
        "lang": lang,
        "document_lang": DOCUMENT_LANGS[lang],
        "labels": dict(labels),
        "title": labels["title"].format(title=title),
        "filename_stem": filename_stem(mesa.title, minuta.version, None if seal else minuta.status),
        "header": {
            "mesa": title,
            "entity": _text(mesa.entity) or labels["pending"],
            "date": _date(mesa.date, lang) if mesa.date else labels["pending"],
            "date_iso": mesa.date.isoformat() if mesa.date else "",
            "place": _text(mesa.place) or labels["pending"],
            "version": minuta.version,
        },
        "status": _status(minuta, seal, labels, lang),
        "attendance": _attendance(attendance, attendees, labels, lang),
        "relatoria": _relatoria(relatoria, labels),
        "acuerdos": [
            {
                "number": n,
                "who": _text(a.who) or labels["pending"],
                "what": _text(a.what) or labels["pending"],
                "by": _by(a.by, labels, lang),
            }
            for n, a in enumerate(acuerdos, 1)
        ],
        "approval": _approval(approval, labels),
        "amendments": _amendments(minuta, labels, lang),
        "verification": _verification(seal, public_url, verify_command),
    }


def _current_seal(minuta: Minuta) -> Seal | None:
    """The seal of the version shown: only a sealed minuta has one."""
    if minuta.status is not MinutaStatus.SEALED or not minuta.seals:
        return None
    seal = minuta.seals[-1]
    return seal if seal.version == minuta.version else None


def _text(value: str) -> str:
    return xml_text(unicodedata.normalize("NFC", value)).strip() if isinstance(value, str) else ""


def _date(value: dt.date, lang: str) -> str:
    if lang == "en":
        return english_date(value)
    return format_date(value)


def sealed_time(value: dt.datetime, lang: str = "es") -> str:
    """«7 de diciembre de 2026, 12:00 h» in central Mexico's time (24 h)."""
    if lang == "es":
        return time_text(value)
    local = value.astimezone(DISPLAY_TIMEZONE)
    return f"{_date(local.date(), lang)}, {local:%H:%M} h (central Mexico)"


def _by(value: dt.date | str | None, labels: Mapping[str, str], lang: str) -> str:
    if isinstance(value, dt.date):
        return _date(value, lang)
    return _text(value or "") or labels["pending"]


def _status(minuta: Minuta, seal: Seal | None, labels: Mapping[str, str], lang: str) -> dict[str, Any]:
    status = minuta.status
    if seal is None and status is MinutaStatus.SEALED:  # no seal of this version: never claim one
        status = MinutaStatus.APPROVED
    line = labels[f"status_{status}"]
    if seal is not None:
        when = sealed_time(seal.sealed_at, lang)
        note = labels["sealed_note"].format(version=seal.version, sealed_at=when)
        return {
            "code": str(status),
            "line": f"{line}: {note}",
            "note": note,
            "draft": False,
            "sealed": True,
            "version": seal.version,
            "sha256": seal.sha256,
            "sealed_at": when,
            "sealed_at_iso": seal.sealed_at.isoformat(),
        }
    note = labels["approved_note"] if status is MinutaStatus.APPROVED else labels["draft_note"]
    return {
        "code": str(status),
        "line": line,
        "note": note,
        "draft": status is not MinutaStatus.APPROVED,
        "sealed": False,
        "version": minuta.version,
        "sha256": None,
        "sealed_at": None,
        "sealed_at_iso": None,
    }


def _attendance(
    rows: Sequence[SectorAttendance], attendees: Sequence[Attendee], labels: Mapping[str, str], lang: str
) -> dict[str, Any]:
    order = {s: i for i, s in enumerate(SECTOR_ORDER)}
    names = SECTOR_LABELS[lang]
    shown = [
        {
            "sector": r.sector,
            "sector_label": names.get(r.sector, _text(r.sector)),
            "people": r.people,
            "organizations": [t for t in (_text(o) for o in r.organizations) if t],
        }
        for r in sorted(rows, key=lambda r: order.get(r.sector, len(order)))
    ]
    named = [
        {
            "name": _text(a.name),
            "sector_label": names.get(a.sector, _text(a.sector)),
            "organization": _text(a.organization),
        }
        for a in attendees
        if a.named and _text(a.name)
    ]
    named.sort(key=lambda a: (order.get(_sector_key(a["sector_label"], names), len(order)), _plain(a["name"])))
    for a in named:
        a["line"] = a["name"] + (f" ({a['organization']})" if a["organization"] else "") + f" — {a['sector_label']}"
    return {"rows": shown, "total": sum(r.people for r in rows), "named": named}


def _sector_key(label: str, names: Mapping[str, str]) -> str:
    return next((k for k, v in names.items() if v == label), label)


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def _relatoria(value: Sequence[MinuteEntry] | Sequence[RelatoriaSection], labels: Mapping[str, str]) -> list[Any]:
    sections: list[RelatoriaSection] = []
    loose: list[MinuteEntry] = []
    for item in value:
        if isinstance(item, RelatoriaSection):
            sections.append(item)
        else:
            loose.append(item)
    if loose:
        sections.insert(0, RelatoriaSection(labels["relatoria"], tuple(loose)))
    days = {e.at.astimezone(DISPLAY_TIMEZONE).date() for s in sections for e in s.entries}
    # One day (the usual mesa): the hour is enough, the date is in the header.
    shown = _short_time if len(days) == 1 else time_text
    return [
        {
            "heading": _text(s.heading),
            "entries": [{"time": shown(e.at), "at_iso": e.at.isoformat(), "text": _text(e.text)} for e in s.entries],
        }
        for s in sections
    ]


def _short_time(at: dt.datetime) -> str:
    return f"{at.astimezone(DISPLAY_TIMEZONE):%H:%M} h"


def _approval(tally: ApprovalTally | None, labels: Mapping[str, str]) -> dict[str, Any] | None:
    if tally is None:
        return None
    answered = tally.agree + tally.can_live_with + tally.object
    notes = []
    if tally.eligible is not None:
        notes.append(labels["eligible"].format(eligible=tally.eligible, answered=answered))
    if tally.quorum_met is not None:
        notes.append(labels["quorum_met" if tally.quorum_met else "quorum_not_met"])
    return {
        "rows": [
            {"key": "agree", "label": labels["agree"], "count": tally.agree},
            {"key": "can_live_with", "label": labels["can_live_with"], "count": tally.can_live_with},
            {"key": "object", "label": labels["object"], "count": tally.object},
        ],
        "answered": answered,
        "note": " ".join(notes),
        "reservations": [t for t in (_text(r) for r in tally.reservations) if t],
        "objections": [t for t in (_text(o) for o in tally.objections) if t],
    }


def _amendments(minuta: Minuta, labels: Mapping[str, str], lang: str) -> list[dict[str, Any]]:
    names = SECTOR_LABELS[lang]
    out = []
    for n, a in enumerate(minuta.amendments, 1):
        decision = AmendmentDecision(a.decision)
        out.append(
            {
                "number": n,
                "heading": labels["amendment"].format(number=n, version=a.version),
                "version": a.version,
                "passage": _text(a.passage),
                "text": _text(a.text),
                "reason": _text(a.reason),
                "sector": names.get(a.sector, _text(a.sector)),
                "decision_code": str(decision),
                "decision": labels[f"decision_{decision}"],
                "answer": _text(a.response) or labels["none"],
            }
        )
    return out


def _verification(seal: Seal | None, public_url: str, verify_command: str) -> dict[str, Any] | None:
    if seal is None:
        return None
    base = public_url.rstrip("/")
    return {
        "sha256": seal.sha256,
        "url": base + VERIFY_PATH.format(sha256=seal.sha256),
        "canonical_url": base + CANONICAL_PATH.format(sha256=seal.sha256),
        "command": verify_command.format(sha256=seal.sha256),
    }


_SLUG = re.compile(r"[^a-z0-9]+")


def filename_stem(title: str, version: int, unsealed: MinutaStatus | None) -> str:
    """``minuta-mesa-de-movilidad-v2`` (sealed), ``…-v2-borrador`` (a draft)
    or ``…-v2-sin-sellar`` (approved, not sealed): ASCII only."""
    plain = _plain(title if isinstance(title, str) else "")
    slug = _SLUG.sub("-", plain).strip("-")[:60].strip("-") or "mesa"
    suffix = "" if unsealed is None else "-sin-sellar" if unsealed is MinutaStatus.APPROVED else "-borrador"
    return f"minuta-{slug}-v{version}{suffix}"
