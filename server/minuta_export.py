"""From the minuta's stored state to its documents (docs/minutes.md,
«Exports»): ``view_of`` adapts ``MinutaService.document`` to the inputs of
``exporters.minuta_view.minuta_view``, and ``plan_minuta`` gives the plan's
annex what it prints of a mesa's minuta.

One source per fact:

- a **sealed** minuta (the current version is the latest seal) prints from
  ``sealed_record``, the canonical text exactly as it was sealed: the mesa,
  the relatoría, attendance, the amendments and the approval are what the
  room approved, and the digest printed is the one ``/verificar`` answers
  (recomputed here from that record before anything is printed);
- anything else (draft, in review, approved; also a correction after a
  seal) prints the current relatoría, attendance, amendments and approval,
  with no digest.

Attendance comes by sector with the names of the people who agreed to be
named (the privacy notice): each name becomes an ``Attendee`` with
``named=True``; nobody else's name reaches the exporters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from exporters.minuta_view import Acuerdo, ApprovalTally, Attendee, MesaIdentity, minuta_view
from workshops.errors import ConflictError
from workshops.minuta import Amendment, AmendmentDecision, Minuta, MinutaStatus, Seal, canonical_bytes, digest
from workshops.plan import Plan
from workshops.plan_annex import MesaSummary, MinuteEntry, SectorAttendance

from .json_times import parse_time
from .minuta_seal import VERIFY_PATH, MinutaService, canonical_filename


def verify_command(workshop_id: str, version: int) -> str:
    """The one line that recomputes the digest (docs/minutes.md, «How to
    verify»), as ``minuta_view`` takes it (``{sha256}`` would be filled)."""
    name = canonical_filename(workshop_id, version).replace("{", "{{").replace("}", "}}")
    return f"sha256sum {name}"


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def _mesa(workshop: Mapping[str, Any]) -> MesaIdentity:
    return MesaIdentity(
        title=str(workshop.get("title") or ""),
        entity=str(workshop.get("entity") or ""),
        date=_date(workshop.get("date")),
        place=str(workshop.get("place") or ""),  # a version sealed before places were kept has none
    )


def _relatoria(minutes: Sequence[Mapping[str, Any]]) -> tuple[MinuteEntry, ...]:
    return tuple(MinuteEntry(parse_time(e["at"]), str(e["text"])) for e in minutes)


def _attendance(rows: Sequence[Mapping[str, Any]]) -> tuple[tuple[SectorAttendance, ...], tuple[Attendee, ...]]:
    counts = tuple(
        SectorAttendance(str(r["sector"]), int(r["people"]), tuple(str(o) for o in r.get("organizations", ())))
        for r in rows
    )
    named = tuple(Attendee(str(name), str(r["sector"]), named=True) for r in rows for name in r.get("names", ()))
    return counts, named


def _acuerdos(rows: Sequence[Mapping[str, Any]]) -> tuple[Acuerdo, ...]:
    return tuple(Acuerdo(str(r.get("who") or ""), str(r.get("what") or ""), _date(r.get("by"))) for r in rows)


def _amendments(items: Sequence[Mapping[str, Any]]) -> tuple[Amendment, ...]:
    return tuple(
        Amendment(
            id=str(a["id"]),
            version=int(a["version"]),
            passage=str(a["passage"]),
            text=str(a["text"]),
            reason=str(a["reason"]),
            author_id="",  # the documents give the author's sector, never the author
            sector=str(a["sector"]),
            proposed_at=parse_time(a["proposed_at"]),
            decision=AmendmentDecision(a["decision"]),
            response=str(a.get("response") or ""),
        )
        for a in items
    )


def _approval(result: Mapping[str, Any] | None) -> ApprovalTally | None:
    if not result:
        return None
    return ApprovalTally(
        agree=int(result.get("agree", 0)),
        can_live_with=int(result.get("can_live_with", 0)),
        object=int(result.get("object", 0)),
        eligible=result.get("eligible"),
        quorum_met=result.get("quorum_met"),
        reservations=tuple(str(c) for c in result.get("comments") or ()),
        objections=tuple(str(o) for o in result.get("objections") or ()),
    )


def view_of(document: Mapping[str, Any], *, public_url: str, lang: str) -> dict[str, Any]:
    """The documents' view model of the minuta as it stands (``document``:
    ``MinutaService.document``); ``public_url``: the site's address, the one
    ``/verificar``'s links use."""
    workshop_id = str(document["workshop"]["id"])
    record = document.get("sealed_record")
    if document.get("sealed_is_current") and record:
        canonical = canonical_bytes(record)
        sha = digest(canonical)
        if sha != document["seal"]["sha256"]:  # never expected: the stored text was changed
            raise ConflictError("El texto sellado guardado ya no corresponde a su sello.")
        version = int(record["version"])
        minuta = Minuta(
            version=version,
            status=MinutaStatus.SEALED,
            amendments=_amendments(record.get("amendments") or ()),
            seals=(Seal(version, sha, parse_time(record["sealed_at"]), canonical),),
        )
        source: Mapping[str, Any] = record
    else:
        version = int(document["version"])
        minuta = Minuta(
            version=version,
            status=MinutaStatus(document["status"]),
            amendments=_amendments(document.get("amendments") or ()),
        )
        source = document
    attendance, attendees = _attendance(source.get("attendance") or ())
    return minuta_view(
        minuta,
        mesa=_mesa(source["workshop"]),
        relatoria=_relatoria(source.get("minutes") or ()),
        acuerdos=_acuerdos(source.get("acuerdos") or ()),
        attendance=attendance,
        attendees=attendees,
        approval=_approval(source.get("approval")),
        public_url=public_url,
        verify_command=verify_command(workshop_id, version),
        lang=lang,
    )


def plan_minuta(mesa: MesaSummary, document: Mapping[str, Any], *, public_url: str) -> MesaSummary:
    """The mesa as the plan's annex prints it: its minuta's status now and
    its latest sealed version (digest and verification link), if any
    (``document``: ``MinutaService.stamp`` or ``document``)."""
    seal = document.get("seal")
    base = public_url.rstrip("/")
    return dataclasses.replace(
        mesa,
        minuta_status=str(document["status"]),
        minuta_version=int(seal["version"]) if seal else None,
        minuta_sha256=str(seal["sha256"]) if seal else None,
        verification_url=base + VERIFY_PATH.format(sha256=seal["sha256"]) if seal else None,
    )


async def plan_with_minutas(minutas: MinutaService, plan: Plan, *, public_url: str) -> Plan:
    """The plan as its documents print it: each commitment's mesa with its
    minuta (status now, latest seal), read from the minuta's store when the
    plan is exported; a mesa not on this server is left as it is."""
    stamps: dict[str, dict[str, Any] | None] = {}
    entries = []
    for entry in plan.commitments:
        workshop_id = entry.commitment.workshop_id
        if entry.mesa is not None and workshop_id not in stamps:
            stamps[workshop_id] = await minutas.stamp(workshop_id)
        stamp = stamps.get(workshop_id) if entry.mesa is not None else None
        if entry.mesa is not None and stamp is not None:
            entry = dataclasses.replace(entry, mesa=plan_minuta(entry.mesa, stamp, public_url=public_url))
        entries.append(entry)
    return dataclasses.replace(plan, commitments=tuple(entries))
