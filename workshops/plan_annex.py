"""What a plan keeps of each commitment's mesa besides its content: which
mesa it came from, who attended by sector, and the minutes (relatoría).

Public documents report attendance by sector (the aviso de privacidad of
``server/notices.py``): counts and the organizations people named when
joining, never a person's name. The minutes are public texts written from the
event log (``workshops/minutes.py``); they name roles, not people.

Readers take the plan's ``FieldReader`` so errors name the field the way the
rest of the plan does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .errors import ValidationError
from .field_reader import LONG_TEXT_MAX, SHORT_TEXT_MAX, FieldReader
from .messages import _
from .roles import FACILITATOR_SECTOR, Sector

MAX_ORGANIZATIONS_PER_SECTOR = 200
MAX_MINUTES = 2000
MAX_PEOPLE = 1_000_000
ANNEX_SECTORS = (*(str(s) for s in Sector), FACILITATOR_SECTOR)

MESA_KEYS = ("title", "date", "entity")
ATTENDANCE_KEYS = ("sector", "people", "organizations")
MINUTE_KEYS = ("at", "text")


@dataclass(frozen=True)
class MesaSummary:
    """The workshop (mesa) a commitment came from."""

    title: str
    date: dt.date | None = None
    entity: str = ""
    # The mesa's minuta as the plan's documents print it (issue 13): its
    # status now (a ``workshops.minuta.MinutaStatus`` value) and its latest
    # sealed version, with the page that verifies it. Filled by whoever
    # exports the plan from the minuta's store; never read from nor written
    # to the plan's JSON (``mesa_to_dict``), so the open data is unchanged.
    minuta_status: str | None = None
    minuta_version: int | None = None
    minuta_sha256: str | None = None
    verification_url: str | None = None


@dataclass(frozen=True)
class SectorAttendance:
    sector: str  # a Sector value or FACILITATOR_SECTOR
    people: int
    organizations: tuple[str, ...] = ()


@dataclass(frozen=True)
class MinuteEntry:
    at: dt.datetime  # timezone-aware
    text: str  # public wording, no personal names
    # A stable id of the entry (the minuta's draft passage: ``e<seq>`` of its
    # event); "" where nobody needs one. Not part of the entry's value (the
    # plan's JSON does not carry it).
    key: str = field(default="", compare=False)


def read_mesa(read: FieldReader, value: object, path: str) -> MesaSummary | None:
    if value is None:
        return None
    obj = read.mapping(value, path, MESA_KEYS)
    return MesaSummary(
        title=read.text(obj.get("title"), f"{path}.title", SHORT_TEXT_MAX, required=True),
        date=read.date(obj.get("date"), f"{path}.date"),
        entity=read.text(obj.get("entity"), f"{path}.entity", SHORT_TEXT_MAX),
    )


def read_attendance(read: FieldReader, value: object, path: str) -> tuple[SectorAttendance, ...]:
    rows = []
    for p, item in read.items(value, path, len(ANNEX_SECTORS)):
        obj = read.mapping(item, p, ATTENDANCE_KEYS)
        sector = obj.get("sector")
        if sector not in ANNEX_SECTORS:
            raise ValidationError(
                _("Sector desconocido en «{name}»; usa {list}.", name=read.name(p), list=", ".join(ANNEX_SECTORS)),
                field=f"{p}.sector",
            )
        people = read.number(obj.get("people"), f"{p}.people", low=0, high=MAX_PEOPLE, integer=True)
        organizations = read.texts(obj.get("organizations"), f"{p}.organizations", MAX_ORGANIZATIONS_PER_SECTOR)
        rows.append(SectorAttendance(str(sector), int(people or 0), organizations))
    if len({r.sector for r in rows}) != len(rows):
        raise ValidationError("Un sector aparece dos veces en la asistencia.", field=path)
    return tuple(rows)


def read_minutes(read: FieldReader, value: object, path: str) -> tuple[MinuteEntry, ...]:
    entries = []
    for p, item in read.items(value, path, MAX_MINUTES):
        obj = read.mapping(item, p, MINUTE_KEYS)
        at = read.datetime(obj.get("at"), f"{p}.at")
        if at is None:
            raise ValidationError(_("Falta «{name}».", name=read.name(p + ".at")), field=f"{p}.at")
        entries.append(MinuteEntry(at, read.text(obj.get("text"), f"{p}.text", LONG_TEXT_MAX, required=True)))
    return tuple(entries)


def mesa_to_dict(mesa: MesaSummary | None) -> dict[str, Any] | None:
    if mesa is None:
        return None
    return {"title": mesa.title, "date": None if mesa.date is None else mesa.date.isoformat(), "entity": mesa.entity}


def attendance_to_dict(rows: tuple[SectorAttendance, ...]) -> list[dict[str, Any]]:
    return [{"sector": r.sector, "people": r.people, "organizations": list(r.organizations)} for r in rows]


def minutes_to_dict(entries: tuple[MinuteEntry, ...]) -> list[dict[str, Any]]:
    return [{"at": e.at.isoformat(), "text": e.text} for e in entries]
