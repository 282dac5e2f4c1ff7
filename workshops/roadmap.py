"""The hoja de ruta: a commitment's work plan as structures, not free text.

The Guía Básica (seeds/001) asks for eight fields: 1 the responsible public
servant, 2 the co-responsible civil-society organizations, 3 activities,
4 the final result, 5 expected products, 6 indicators (as in Mexican MIR
practice), 7 means of verification, 8 start and end dates.

This module owns those structures, their field names (and how people read
them, ``describe``), reading and writing them, and the default term.
``parse_roadmap`` reads a draft: lenient about what is missing (a draft may be
incomplete), strict about types and formats; it raises ``ValidationError``
with a dotted ``field`` counted from 0 (``activities.2.end``). The live checks
and the agreement are in ``workshops/roadmap_validation.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .field_reader import ID_MAX, LONG_TEXT_MAX, SHORT_TEXT_MAX, FieldReader, field_path
from .messages import _

MAX_ORGANIZATIONS = 30
MAX_ACTIVITIES = 100
MAX_INDICATORS = 30
NUMBER_LIMIT = 1e15
YEAR_MIN, YEAR_MAX = 1900, 2100
WEIGHT_TOTAL = 100


class Direction(StrEnum):
    """Which way an indicator should move (sentido del indicador)."""

    ASCENDENTE = "ascendente"
    DESCENDENTE = "descendente"
    CONSTANTE = "constante"


DIRECTION_LABELS_ES = {
    Direction.ASCENDENTE: "Ascendente",
    Direction.DESCENDENTE: "Descendente",
    Direction.CONSTANTE: "Constante",
}
DIRECTION_LOWER_ES = {
    Direction.ASCENDENTE: _("ascendente"),
    Direction.DESCENDENTE: _("descendente"),
    Direction.CONSTANTE: _("constante"),
}


@dataclass(frozen=True)
class ResponsibleOfficial:
    """1. Persona servidora pública responsable."""

    name: str = ""
    position: str = ""
    institution: str = ""


@dataclass(frozen=True)
class Organization:
    """2. Organización de la sociedad civil corresponsable."""

    name: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Activity:
    description: str = ""
    responsible: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    products: tuple[str, ...] = ()
    verification: tuple[str, ...] = ()
    weight: float | None = None  # percent of the commitment


@dataclass(frozen=True)
class Baseline:
    value: float | None = None
    year: int | None = None


@dataclass(frozen=True)
class Indicator:
    name: str = ""
    definition: str = ""
    method: str = ""  # método de cálculo
    unit: str = ""
    frequency: str = ""
    baseline: Baseline = field(default_factory=Baseline)
    goal: float | None = None
    direction: Direction | None = None
    verification: tuple[str, ...] = ()


@dataclass(frozen=True)
class Roadmap:
    responsible: ResponsibleOfficial = field(default_factory=ResponsibleOfficial)
    organizations: tuple[Organization, ...] = ()
    activities: tuple[Activity, ...] = ()
    result: str = ""
    products: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    verification: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    # The record of the agreement (set by ``agree_roadmap`` only).
    agreed_at: dt.datetime | None = None
    agreed_by: str | None = None


# ---------------------------------------------------------------- field names

ROADMAP_KEYS = (
    "responsible",
    "organizations",
    "activities",
    "result",
    "products",
    "indicators",
    "verification",
    "start",
    "end",
)
RECORD_KEYS = ("agreed_at", "agreed_by")
RESPONSIBLE_KEYS = ("name", "position", "institution")
ORGANIZATION_KEYS = ("name", "contact")
ACTIVITY_KEYS = ("description", "responsible", "start", "end", "products", "verification", "weight")
INDICATOR_KEYS = (
    "name",
    "definition",
    "method",
    "unit",
    "frequency",
    "baseline",
    "goal",
    "direction",
    "verification",
)
BASELINE_KEYS = ("value", "year")

# The eight fields, numbered as the Guía Básica numbers them.
ROADMAP_FIELD_LABELS_ES = {
    "responsible": _("Persona servidora pública responsable"),
    "organizations": _("Organizaciones de la sociedad civil corresponsables"),
    "activities": _("Actividades"),
    "result": _("Resultado final"),
    "products": _("Productos esperados"),
    "indicators": _("Indicadores"),
    "verification": _("Medios de verificación"),
    "dates": _("Fechas de inicio y conclusión"),
}
_TOP_LABELS = ROADMAP_FIELD_LABELS_ES | {
    "start": _("fecha de inicio del compromiso"),
    "end": _("fecha de conclusión del compromiso"),
    "agreed_at": _("fecha del acuerdo"),
    "agreed_by": _("quién registró el acuerdo"),
}
_ITEM_LABELS = {
    "organizations": _("Organización corresponsable"),
    "activities": _("Actividad"),
    "indicators": _("Indicador"),
    "products": _("Producto esperado"),
    "verification": _("Medio de verificación"),
}
_LEAF_LABELS = {
    "name": _("nombre"),
    "position": _("cargo"),
    "institution": _("institución"),
    "contact": _("persona de contacto"),
    "description": _("descripción"),
    "responsible": _("responsable"),
    "start": _("fecha de inicio"),
    "end": _("fecha de término"),
    "products": _("productos"),
    "verification": _("medios de verificación"),
    "weight": _("peso (%)"),
    "definition": _("definición"),
    "method": _("método de cálculo"),
    "unit": _("unidad de medida"),
    "frequency": _("frecuencia de medición"),
    "baseline": _("línea base"),
    "baseline.value": _("línea base (valor)"),
    "baseline.year": _("línea base (año)"),
    "goal": _("meta"),
    "direction": _("sentido del indicador"),
}


def describe(path: str) -> str:
    """The name people read for a dotted field path: ``activities.2.end`` →
    «Actividad 3: fecha de término»."""
    head, _sep, rest = path.partition(".")
    if not rest:
        return _TOP_LABELS.get(head, head)
    first, _sep, tail = rest.partition(".")
    if first.isdigit():
        item = _("{label} {n}", label=_ITEM_LABELS.get(head, head), n=int(first) + 1)
        return _("{item}: {leaf}", item=item, leaf=_leaf(tail)) if tail else item
    return _("{item}: {leaf}", item=_TOP_LABELS.get(head, head), leaf=_leaf(rest))


def _leaf(path: str) -> str:
    base, _sep, last = path.rpartition(".")
    if base and last.isdigit():
        return _("{label} ({n})", label=_LEAF_LABELS.get(base, base), n=int(last) + 1)
    return _LEAF_LABELS.get(path, path)


# ------------------------------------------------------------------- parsing

_read = FieldReader(describe, _("hoja de ruta"))


def parse_roadmap(data: Mapping[str, object]) -> Roadmap:
    """A draft hoja de ruta from a form or the roadmap document. Missing
    fields stay empty; a wrong type, format or length raises."""
    return _parse_roadmap(data, record=False)


def roadmap_from_dict(data: Mapping[str, object]) -> Roadmap:
    """The inverse of ``roadmap_to_dict`` (also reads the agreement record)."""
    return _parse_roadmap(data, record=True)


def _parse_roadmap(data: object, *, record: bool) -> Roadmap:
    obj = _read.mapping(data, "", ROADMAP_KEYS + (RECORD_KEYS if record else ()))
    agreed_by = obj.get("agreed_by")
    return Roadmap(
        responsible=ResponsibleOfficial(*_short_texts(obj.get("responsible"), "responsible", RESPONSIBLE_KEYS)),
        organizations=tuple(
            Organization(*_short_texts(o, p, ORGANIZATION_KEYS))
            for p, o in _read.items(obj.get("organizations"), "organizations", MAX_ORGANIZATIONS)
        ),
        activities=tuple(_activity(a, p) for p, a in _read.items(obj.get("activities"), "activities", MAX_ACTIVITIES)),
        result=_read.text(obj.get("result"), "result", LONG_TEXT_MAX, multiline=True),
        products=_read.texts(obj.get("products"), "products"),
        indicators=tuple(_indicator(i, p) for p, i in _read.items(obj.get("indicators"), "indicators", MAX_INDICATORS)),
        verification=_read.texts(obj.get("verification"), "verification"),
        start=_read.date(obj.get("start"), "start"),
        end=_read.date(obj.get("end"), "end"),
        agreed_at=_read.datetime(obj.get("agreed_at"), "agreed_at"),
        agreed_by=None if agreed_by is None else _read.text(agreed_by, "agreed_by", ID_MAX, required=True),
    )


def _short_texts(value: object, path: str, keys: tuple[str, ...]) -> list[str]:
    obj = _read.mapping(value, path, keys)
    return [_read.text(obj.get(k), field_path(path, k), SHORT_TEXT_MAX) for k in keys]


def _activity(value: object, path: str) -> Activity:
    obj = _read.mapping(value, path, ACTIVITY_KEYS)
    return Activity(
        description=_read.text(obj.get("description"), field_path(path, "description"), LONG_TEXT_MAX, multiline=True),
        responsible=_read.text(obj.get("responsible"), field_path(path, "responsible"), SHORT_TEXT_MAX),
        start=_read.date(obj.get("start"), field_path(path, "start")),
        end=_read.date(obj.get("end"), field_path(path, "end")),
        products=_read.texts(obj.get("products"), field_path(path, "products")),
        verification=_read.texts(obj.get("verification"), field_path(path, "verification")),
        weight=_read.number(obj.get("weight"), field_path(path, "weight"), low=0, high=WEIGHT_TOTAL),
    )


def _indicator(value: object, path: str) -> Indicator:
    obj = _read.mapping(value, path, INDICATOR_KEYS)
    base_path = field_path(path, "baseline")
    base = _read.mapping(obj.get("baseline"), base_path, BASELINE_KEYS)
    year = _read.number(base.get("year"), field_path(base_path, "year"), low=YEAR_MIN, high=YEAR_MAX, integer=True)
    return Indicator(
        name=_read.text(obj.get("name"), field_path(path, "name"), SHORT_TEXT_MAX),
        definition=_read.text(obj.get("definition"), field_path(path, "definition"), LONG_TEXT_MAX, multiline=True),
        method=_read.text(obj.get("method"), field_path(path, "method"), LONG_TEXT_MAX, multiline=True),
        unit=_read.text(obj.get("unit"), field_path(path, "unit"), SHORT_TEXT_MAX),
        frequency=_read.text(obj.get("frequency"), field_path(path, "frequency"), SHORT_TEXT_MAX),
        baseline=Baseline(
            value=_read.number(base.get("value"), field_path(base_path, "value"), low=-NUMBER_LIMIT, high=NUMBER_LIMIT),
            year=None if year is None else int(year),
        ),
        goal=_read.number(obj.get("goal"), field_path(path, "goal"), low=-NUMBER_LIMIT, high=NUMBER_LIMIT),
        direction=_read.choice(obj.get("direction"), Direction, field_path(path, "direction")),
        verification=_read.texts(obj.get("verification"), field_path(path, "verification")),
    )


# ------------------------------------------------------------ serialization


def roadmap_to_dict(roadmap: Roadmap) -> dict[str, Any]:
    r = roadmap
    return {
        "responsible": {k: getattr(r.responsible, k) for k in RESPONSIBLE_KEYS},
        "organizations": [{k: getattr(o, k) for k in ORGANIZATION_KEYS} for o in r.organizations],
        "activities": [
            {
                "description": a.description,
                "responsible": a.responsible,
                "start": iso_date(a.start),
                "end": iso_date(a.end),
                "products": list(a.products),
                "verification": list(a.verification),
                "weight": a.weight,
            }
            for a in r.activities
        ],
        "result": r.result,
        "products": list(r.products),
        "indicators": [
            {
                "name": i.name,
                "definition": i.definition,
                "method": i.method,
                "unit": i.unit,
                "frequency": i.frequency,
                "baseline": {"value": i.baseline.value, "year": i.baseline.year},
                "goal": i.goal,
                "direction": None if i.direction is None else str(i.direction),
                "verification": list(i.verification),
            }
            for i in r.indicators
        ],
        "verification": list(r.verification),
        "start": iso_date(r.start),
        "end": iso_date(r.end),
        "agreed_at": None if r.agreed_at is None else r.agreed_at.isoformat(),
        "agreed_by": r.agreed_by,
    }


def iso_date(value: dt.date | None) -> str | None:
    """A date as the hoja de ruta's JSON writes it (ISO), or ``None``."""
    return None if value is None else value.isoformat()


# ---------------------------------------------------------------------- term


def one_year_from(start: dt.date) -> tuple[dt.date, dt.date]:
    """The default term: a plan is valid one year (seeds/001, seeds/004)."""
    try:
        next_year = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        next_year = dt.date(start.year + 1, 3, 1)
    return start, next_year - dt.timedelta(days=1)
