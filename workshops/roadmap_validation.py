"""The hoja de ruta's validation and the agreement it gates.

``validate_roadmap`` gives the live checks as ``Issue``s: errors (a required
field left empty, dates out of order or out of the term, weights that do not
add up to 100 %, an indicator without baseline or goal, a missing means of
verification) and warnings (an indicator's goal against its direction).
``agree_roadmap`` records the mesa's agreement and refuses while an error
remains.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ConflictError, ValidationError
from .messages import _, format_date, format_number, listing
from .permissions import check_facilitator
from .roadmap import (
    BASELINE_KEYS,
    DIRECTION_LOWER_ES,
    RESPONSIBLE_KEYS,
    ROADMAP_KEYS,
    WEIGHT_TOTAL,
    Direction,
    Roadmap,
    describe,
    iso_date,
    one_year_from,
)
from .roles import Role
from .tree_check import Severity
from .workshop import Event

WEIGHT_TOLERANCE = 0.005  # weights are written with at most two decimals
MAX_LISTED_PROBLEMS = 10


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


# ---------------------------------------------------------------- validation


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
                start=iso_date(r.start),
                end=iso_date(r.end),
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
                    start=iso_date(a.start),
                    end=iso_date(a.end),
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
                    date=iso_date(a.start),
                    limit=iso_date(r.start),
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
                    date=iso_date(a.end),
                    limit=iso_date(r.end),
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
        facts = {"term_start": iso_date(term[0]), "term_end": iso_date(term[1]), "plan_term": plan_term is not None}
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
        "start": iso_date(r.start),
        "end": iso_date(r.end),
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
