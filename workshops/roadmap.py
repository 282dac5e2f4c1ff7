"""The hoja de ruta: a commitment's work plan as structures, not free text.

The Guía Básica (seeds/001) asks for eight fields: 1 the responsible public
servant, 2 the co-responsible civil-society organizations, 3 activities,
4 the final result, 5 expected products, 6 indicators (as in Mexican MIR
practice), 7 means of verification, 8 start and end dates.

``parse_roadmap`` reads a draft: lenient about what is missing (a draft may be
incomplete), strict about types and formats; it raises ``ValidationError``
with a dotted ``field`` counted from 0 (``activities.2.end``).
``validate_roadmap`` gives the live checks as ``Issue``s; ``agree_roadmap``
records the mesa's agreement and refuses while an error remains.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from .commitment import TEXT_FIELD_MAX
from .errors import ConflictError, ValidationError
from .messages import Message, _, listing
from .permissions import check_facilitator
from .problem_tree import Severity
from .roles import Role
from .workshop import Event, clean_text

SHORT_TEXT_MAX = 300
ITEM_TEXT_MAX = 1000  # one product or one means of verification
LONG_TEXT_MAX = TEXT_FIELD_MAX
ID_MAX = 200
MAX_ORGANIZATIONS = 30
MAX_ACTIVITIES = 100
MAX_INDICATORS = 30
MAX_ITEMS = 50
NUMBER_LIMIT = 1e15
YEAR_MIN, YEAR_MAX = 1900, 2100
WEIGHT_TOTAL = 100
WEIGHT_TOLERANCE = 0.005  # weights are written with at most two decimals
MAX_LISTED_PROBLEMS = 10

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")
_SURROGATE = re.compile("[\ud800-\udfff]")

E = TypeVar("E", bound=StrEnum)


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


@dataclass(frozen=True)
class Issue:
    """One finding of the live validation; errors block the agreement."""

    field: str
    severity: Severity
    message: str
    rule: str
    # The facts the message states (dates as ISO text, numbers, the item's
    # number and name), so a client can say it in another language.
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "severity": str(self.severity),
            "message": self.message,
            "rule": self.rule,
            "params": dict(self.params),
        }


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


def _at(path: str, key: str | int) -> str:
    return f"{path}.{key}" if path else str(key)


# ------------------------------------------------------------------- parsing


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
    return [_read.text(obj.get(k), _at(path, k), SHORT_TEXT_MAX) for k in keys]


def _activity(value: object, path: str) -> Activity:
    obj = _read.mapping(value, path, ACTIVITY_KEYS)
    return Activity(
        description=_read.text(obj.get("description"), _at(path, "description"), LONG_TEXT_MAX, multiline=True),
        responsible=_read.text(obj.get("responsible"), _at(path, "responsible"), SHORT_TEXT_MAX),
        start=_read.date(obj.get("start"), _at(path, "start")),
        end=_read.date(obj.get("end"), _at(path, "end")),
        products=_read.texts(obj.get("products"), _at(path, "products")),
        verification=_read.texts(obj.get("verification"), _at(path, "verification")),
        weight=_read.number(obj.get("weight"), _at(path, "weight"), low=0, high=WEIGHT_TOTAL),
    )


def _indicator(value: object, path: str) -> Indicator:
    obj = _read.mapping(value, path, INDICATOR_KEYS)
    base_path = _at(path, "baseline")
    base = _read.mapping(obj.get("baseline"), base_path, BASELINE_KEYS)
    year = _read.number(base.get("year"), _at(base_path, "year"), low=YEAR_MIN, high=YEAR_MAX, integer=True)
    return Indicator(
        name=_read.text(obj.get("name"), _at(path, "name"), SHORT_TEXT_MAX),
        definition=_read.text(obj.get("definition"), _at(path, "definition"), LONG_TEXT_MAX, multiline=True),
        method=_read.text(obj.get("method"), _at(path, "method"), LONG_TEXT_MAX, multiline=True),
        unit=_read.text(obj.get("unit"), _at(path, "unit"), SHORT_TEXT_MAX),
        frequency=_read.text(obj.get("frequency"), _at(path, "frequency"), SHORT_TEXT_MAX),
        baseline=Baseline(
            value=_read.number(base.get("value"), _at(base_path, "value"), low=-NUMBER_LIMIT, high=NUMBER_LIMIT),
            year=None if year is None else int(year),
        ),
        goal=_read.number(obj.get("goal"), _at(path, "goal"), low=-NUMBER_LIMIT, high=NUMBER_LIMIT),
        direction=_read.choice(obj.get("direction"), Direction, _at(path, "direction")),
        verification=_read.texts(obj.get("verification"), _at(path, "verification")),
    )


class FieldReader:
    """Readers of untrusted input, shared with ``workshops/plan.py``: each
    checks one value and names the field at fault by its dotted path, and
    people by ``describe(path)``."""

    def __init__(self, describe: Callable[[str], str], root_name: str) -> None:
        self.describe = describe
        self.root_name = root_name

    def name(self, path: str) -> str:
        return self.describe(path) if path else self.root_name

    def mapping(self, value: object, path: str, keys: tuple[str, ...]) -> Mapping[str, object]:
        """A mapping (``None`` reads as empty) with no key outside ``keys``."""
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise ValidationError(_("«{name}» debe ser un objeto.", name=self.name(path)), field=path or None)
        for key in value:
            if key not in keys:
                raise ValidationError(
                    _("Campo desconocido «{key}» en «{name}».", key=str(key)[:60], name=self.name(path)),
                    field=_at(path, str(key)),
                )
        return value

    def items(self, value: object, path: str, limit: int) -> Iterator[tuple[str, object]]:
        """(path, item) of a list; ``None`` reads as empty."""
        if value is None:
            return iter(())
        if not isinstance(value, list | tuple):
            raise ValidationError(_("«{name}» debe ser una lista.", name=self.name(path)), field=path)
        if len(value) > limit:
            raise ValidationError(
                _(
                    "«{name}» admite como máximo {limit} elementos ({count} recibidos).",
                    name=self.name(path),
                    limit=limit,
                    count=len(value),
                ),
                field=path,
                limit=limit,
            )
        return ((_at(path, i), item) for i, item in enumerate(value))

    def text(self, value: object, path: str, max_len: int, *, multiline: bool = False, required: bool = False) -> str:
        """``clean_text`` (NFC, trimmed, no control characters, bounded), with
        the field named as people read it; lone surrogates are refused too."""
        try:
            text = clean_text(value, field=path, max_len=max_len, required=required, multiline=multiline)
        except ValidationError as exc:
            extra = {k: v for k, v in exc.fields.items() if k != "field"}
            message = exc.message
            if message.params.get("label") == path:  # clean_text named the field by its path
                message = Message(message.template, {**message.params, "label": self.name(path)})
            raise ValidationError(message, field=path, **extra) from None
        if _SURROGATE.search(text):
            raise ValidationError(_("«{name}» contiene caracteres no válidos.", name=self.name(path)), field=path)
        return text

    def texts(
        self, value: object, path: str, max_items: int = MAX_ITEMS, max_len: int = ITEM_TEXT_MAX
    ) -> tuple[str, ...]:
        """A list of texts; the empty entries of a draft are dropped."""
        texts = (self.text(item, p, max_len, multiline=True) for p, item in self.items(value, path, max_items))
        return tuple(t for t in texts if t)

    def date(self, value: object, path: str) -> dt.date | None:
        """``AAAA-MM-DD`` exactly; ``None`` or ``""`` read as missing."""
        if value is None or value == "":
            return None
        if isinstance(value, str) and _DATE_RE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        shown = repr(value)[:40]
        raise ValidationError(
            _("Fecha no válida en «{name}»: {shown}; usa el formato AAAA-MM-DD.", name=self.name(path), shown=shown),
            field=path,
        )

    def datetime(self, value: object, path: str) -> dt.datetime | None:
        """ISO 8601 with a time zone; ``None`` reads as missing."""
        if value is None:
            return None
        if isinstance(value, str) and _DATETIME_RE.match(value):
            try:
                return dt.datetime.fromisoformat(value)
            except ValueError:
                pass
        raise ValidationError(
            _(
                "«{name}» debe ser una fecha y hora ISO 8601 con zona horaria (2026-03-02T17:30:00+00:00).",
                name=self.name(path),
            ),
            field=path,
        )

    def number(self, value: object, path: str, *, low: float, high: float, integer: bool = False) -> float | None:
        """A JSON number (not a boolean, not text) in [low, high]."""
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(_("«{name}» debe ser un número.", name=self.name(path)), field=path)
        # JSON has one number type: 2026.0 is the integer 2026 (JSON Schema's `integer` agrees).
        if integer and not (isinstance(value, int) or (math.isfinite(value) and float(value).is_integer())):
            raise ValidationError(_("«{name}» debe ser un número entero.", name=self.name(path)), field=path)
        if not math.isfinite(value) or not low <= value <= high:
            raise ValidationError(
                _(
                    "«{name}» debe estar entre {low} y {high}.",
                    name=self.name(path),
                    low=format_number(low),
                    high=format_number(high),
                ),
                field=path,
            )
        return value

    def choice(self, value: object, enum: type[E], path: str) -> E | None:
        """One of ``enum``'s values; ``None`` or ``""`` read as missing."""
        if value is None or value == "":
            return None
        if isinstance(value, str) and value in enum._value2member_map_:
            return enum(value)
        known = listing((str(e) for e in enum), quoted=True)
        raise ValidationError(
            _("Valor desconocido en «{name}»; usa {known}.", name=self.name(path), known=known), field=path
        )


_read = FieldReader(describe, _("hoja de ruta"))


def format_number(value: float) -> str:
    """12 → «12», 1234.5 → «1,234.5», 33.333 → «33.33» (es-MX)."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_date(value: dt.date) -> str:
    return _("{day} de {month} de {year}", day=value.day, month=MONTHS_ES[value.month - 1], year=value.year)


MONTHS_ES = (
    _("enero"),
    _("febrero"),
    _("marzo"),
    _("abril"),
    _("mayo"),
    _("junio"),
    _("julio"),
    _("agosto"),
    _("septiembre"),
    _("octubre"),
    _("noviembre"),
    _("diciembre"),
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
                "start": _iso(a.start),
                "end": _iso(a.end),
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
        "start": _iso(r.start),
        "end": _iso(r.end),
        "agreed_at": None if r.agreed_at is None else r.agreed_at.isoformat(),
        "agreed_by": r.agreed_by,
    }


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


# ---------------------------------------------------------------- validation


def one_year_from(start: dt.date) -> tuple[dt.date, dt.date]:
    """The default term: a plan is valid one year (seeds/001, seeds/004)."""
    try:
        next_year = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        next_year = dt.date(start.year + 1, 3, 1)
    return start, next_year - dt.timedelta(days=1)


def validate_roadmap(roadmap: Roadmap, *, plan_term: tuple[dt.date, dt.date] | None = None) -> list[Issue]:
    """Everything that keeps the hoja de ruta from being agreed (errors) or
    looks off (warnings). ``plan_term`` is the plan's (start, end); without
    it, one year from the commitment's start."""
    return [
        *_required_issues(roadmap),
        *_date_issues(roadmap, plan_term),
        *_weight_issues(roadmap),
        *_indicator_issues(roadmap),
        *_verification_issues(roadmap),
    ]


def _error(path: str, message: str, rule: str, **params: Any) -> Issue:
    return Issue(path, Severity.ERROR, message, rule, params)


def _required_issues(r: Roadmap) -> list[Issue]:
    missing: list[str] = [f"responsible.{k}" for k in RESPONSIBLE_KEYS if not getattr(r.responsible, k)]
    missing += [f"organizations.{i}.name" for i, o in enumerate(r.organizations) if not o.name]
    for i, a in enumerate(r.activities):
        missing += [f"activities.{i}.{k}" for k in ("description", "responsible", "start", "end") if not getattr(a, k)]
        missing += [f"activities.{i}.products"] if not a.products else []
        missing += [f"activities.{i}.weight"] if a.weight is None else []
    missing += ["result"] if not r.result else []
    missing += ["products"] if not r.products else []
    for i, ind in enumerate(r.indicators):
        keys = ("name", "definition", "method", "unit", "frequency", "direction")
        missing += [f"indicators.{i}.{k}" for k in keys if not getattr(ind, k)]
    missing += ["verification"] if not r.verification else []
    missing += [k for k in ("start", "end") if getattr(r, k) is None]
    issues = [_error(p, _("Falta completar «{name}».", name=describe(p)), "required") for p in missing]
    for name, lacking in (
        ("organizations", _("Falta al menos una organización de la sociedad civil corresponsable.")),
        ("activities", _("Falta al menos una actividad.")),
        ("indicators", _("Falta al menos un indicador.")),
    ):
        if not getattr(r, name):
            issues.append(_error(name, lacking, "required"))
    return sorted(issues, key=lambda issue: _field_order(issue.field))


def _field_order(path: str) -> tuple[int, int]:
    head, _sep, rest = path.partition(".")
    index = rest.partition(".")[0]
    return (ROADMAP_KEYS.index(head), int(index) if index.isdigit() else -1)


def _date_issues(r: Roadmap, plan_term: tuple[dt.date, dt.date] | None) -> list[Issue]:
    issues = []
    if r.start and r.end and r.start > r.end:
        issues.append(
            _error(
                "end",
                _(
                    "La fecha de conclusión del compromiso ({end}) es anterior a la de inicio ({start}).",
                    end=format_date(r.end),
                    start=format_date(r.start),
                ),
                "commitment_dates_order",
                start=_iso(r.start),
                end=_iso(r.end),
            )
        )
    for i, a in enumerate(r.activities):
        n = i + 1
        if a.start and a.end and a.start > a.end:
            issues.append(
                _error(
                    f"activities.{i}.end",
                    _(
                        "La actividad {n} termina ({end}) antes de empezar ({start}).",
                        n=n,
                        end=format_date(a.end),
                        start=format_date(a.start),
                    ),
                    "activity_dates_order",
                    n=n,
                    start=_iso(a.start),
                    end=_iso(a.end),
                )
            )
        if a.start and r.start and a.start < r.start:
            issues.append(
                _error(
                    f"activities.{i}.start",
                    _(
                        "La actividad {n} empieza ({start}) antes que el compromiso ({limit}).",
                        n=n,
                        start=format_date(a.start),
                        limit=format_date(r.start),
                    ),
                    "activity_within_commitment",
                    n=n,
                    date=_iso(a.start),
                    limit=_iso(r.start),
                )
            )
        if a.end and r.end and a.end > r.end:
            issues.append(
                _error(
                    f"activities.{i}.end",
                    _(
                        "La actividad {n} termina ({end}) después que el compromiso ({limit}).",
                        n=n,
                        end=format_date(a.end),
                        limit=format_date(r.end),
                    ),
                    "activity_within_commitment",
                    n=n,
                    date=_iso(a.end),
                    limit=_iso(r.end),
                )
            )
    term = plan_term if plan_term is not None else (one_year_from(r.start) if r.start else None)
    if term is not None:
        span = {"first": format_date(term[0]), "last": format_date(term[1])}
        if plan_term is not None:
            early = _("El compromiso empieza antes de la vigencia del plan ({first} al {last}).", **span)
            late = _("El compromiso termina después de la vigencia del plan ({first} al {last}).", **span)
        else:
            early = _(
                "El compromiso empieza antes de la vigencia de un año desde su inicio ({first} al {last}).", **span
            )
            late = _(
                "El compromiso termina después de la vigencia de un año desde su inicio ({first} al {last}).", **span
            )
        facts = {"term_start": _iso(term[0]), "term_end": _iso(term[1]), "plan_term": plan_term is not None}
        if r.start and r.start < term[0]:
            issues.append(
                _error(
                    "start",
                    early,
                    "commitment_within_term",
                    **facts,
                )
            )
        if r.end and r.end > term[1]:
            issues.append(
                _error(
                    "end",
                    late,
                    "commitment_within_term",
                    **facts,
                )
            )
    return issues


def _weight_issues(r: Roadmap) -> list[Issue]:
    weights = [a.weight for a in r.activities]
    if not weights or any(w is None for w in weights):
        return []  # a missing weight is reported as a required field
    total = math.fsum(w for w in weights if w is not None)
    if abs(total - WEIGHT_TOTAL) <= WEIGHT_TOLERANCE:
        return []
    return [
        _error(
            "activities",
            _(
                "Los pesos de las actividades suman {total} %; deben sumar {goal} %.",
                total=format_number(round(total, 2)),
                goal=WEIGHT_TOTAL,
            ),
            "weights_total",
            total=round(total, 2),
            goal=WEIGHT_TOTAL,
        )
    ]


def _indicator_issues(r: Roadmap) -> list[Issue]:
    issues = []
    for i, ind in enumerate(r.indicators):
        name = _("El indicador {n} («{name}»)", n=i + 1, name=ind.name) if ind.name else _("El indicador {n}", n=i + 1)
        who = {"n": i + 1, "name": ind.name}
        base = ind.baseline
        if base.value is None or base.year is None:
            if base.value is None and base.year is None:
                incomplete = _("{name} no tiene línea base completa: faltan el valor y el año.", name=name)
            elif base.value is None:
                incomplete = _("{name} no tiene línea base completa: falta el valor.", name=name)
            else:
                incomplete = _("{name} no tiene línea base completa: falta el año.", name=name)
            key = "value" if base.value is None else "year"
            issues.append(
                _error(
                    f"indicators.{i}.baseline.{key}",
                    incomplete,
                    "indicator_baseline",
                    **who,
                    missing=[k for k in BASELINE_KEYS if getattr(base, k) is None],
                )
            )
        if ind.goal is None:
            issues.append(
                _error(f"indicators.{i}.goal", _("{name} no tiene meta.", name=name), "indicator_goal", **who)
            )
        if base.value is not None and ind.goal is not None and ind.direction is not None:
            expected = {
                Direction.ASCENDENTE: ind.goal > base.value,
                Direction.DESCENDENTE: ind.goal < base.value,
                Direction.CONSTANTE: ind.goal == base.value,
            }[ind.direction]
            if not expected:
                issues.append(
                    Issue(
                        f"indicators.{i}.goal",
                        Severity.WARNING,
                        _(
                            "{name} es {direction}, pero su meta ({goal}) no va en ese sentido desde la línea "
                            "base ({baseline}).",
                            name=name,
                            direction=DIRECTION_LOWER_ES[ind.direction],
                            goal=format_number(ind.goal),
                            baseline=format_number(base.value),
                        ),
                        "indicator_direction",
                        {**who, "direction": str(ind.direction), "goal": ind.goal, "baseline": base.value},
                    )
                )
    return issues


def _verification_issues(r: Roadmap) -> list[Issue]:
    issues = [
        _error(
            f"activities.{i}.verification",
            _("La actividad {n} no tiene medio de verificación.", n=i + 1),
            "activity_verification",
            n=i + 1,
        )
        for i, a in enumerate(r.activities)
        if not a.verification
    ]
    issues += [
        _error(
            f"indicators.{i}.verification",
            _("El indicador {n} no tiene medio de verificación.", n=i + 1),
            "indicator_verification",
            n=i + 1,
        )
        for i, ind in enumerate(r.indicators)
        if not ind.verification
    ]
    return issues


# ----------------------------------------------------------------- agreement


def roadmap_summary(roadmap: Roadmap) -> dict[str, Any]:
    """What the decision log keeps of an agreed hoja de ruta."""
    r = roadmap
    return {
        "responsible": {k: getattr(r.responsible, k) for k in RESPONSIBLE_KEYS},
        "organizations": [o.name for o in r.organizations],
        "activities": len(r.activities),
        "indicators": [i.name for i in r.indicators],
        "result": r.result,
        "start": _iso(r.start),
        "end": _iso(r.end),
    }


def agree_roadmap(
    roadmap: Roadmap,
    *,
    actor_role: Role,
    actor_id: str,
    plan_term: tuple[dt.date, dt.date] | None,
    now: dt.datetime,
    commitment_id: str | None = None,
) -> tuple[Roadmap, list[Event]]:
    """The mesa agrees the hoja de ruta (the facilitator records it). Refused
    while any error-severity issue remains; warnings go into the record."""
    check_facilitator(actor_role, _("registra el acuerdo de la hoja de ruta"))
    if roadmap.agreed_at is not None:
        raise ConflictError(
            _(
                "La hoja de ruta ya se acordó el {date}; una versión modificada se acuerda de nuevo.",
                date=format_date(roadmap.agreed_at.date()),
            )
        )
    issues = validate_roadmap(roadmap, plan_term=plan_term)
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if errors:
        listed = [i.message for i in errors[:MAX_LISTED_PROBLEMS]]
        if len(errors) > MAX_LISTED_PROBLEMS:
            listed.append(_("y {count} pendientes más.", count=len(errors) - MAX_LISTED_PROBLEMS))
        raise ValidationError(
            _("La hoja de ruta todavía no puede acordarse. {problems}", problems=listing(listed, " ")),
            field=errors[0].field,
            issues=[i.to_dict() for i in errors],
        )
    agreed = dataclasses.replace(roadmap, agreed_at=now, agreed_by=actor_id)
    event = Event(
        "roadmap_agreed",
        {
            "commitment_id": commitment_id,
            "agreed_at": now.isoformat(),
            "summary": roadmap_summary(agreed),
            "warnings": [i.to_dict() for i in issues if i.severity is Severity.WARNING],
        },
        actor_id=actor_id,
    )
    return agreed, [event]
