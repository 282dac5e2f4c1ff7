"""The voting methods: their names and labels, the outcomes a count can
reach, and what each method asks of the round's configuration.

A round's life (open, cast, close), who may vote and what the results show
live in ``voting.py``; what a valid ballot looks like, in ``ballot.py``; how
the ballots are counted, in ``vote_count.py``.

- approval, consent and fist_to_five take no configuration.
- dots: ``{"budget": n, "max_per_option": n}``, the points each voter hands
  out and the most on one option (``max_per_option`` defaults to the budget).
- score: ``{"criteria": [{"id", "label", "weight"}, ...], "min": n, "max":
  n}``, the criteria every scored option is scored on (``DEFAULT_CRITERIA``
  when left out), their weights and the scale.
- ranked: ``{"rule": "schulze" | "borda"}``, the count that decides.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .errors import ValidationError
from .messages import _
from .workshop import clean_text


class Method(StrEnum):
    APPROVAL = "approval"
    DOTS = "dots"
    SCORE = "score"
    RANKED = "ranked"
    CONSENT = "consent"
    FIST_TO_FIVE = "fist_to_five"


class RankedRule(StrEnum):
    SCHULZE = "schulze"
    BORDA = "borda"


class Outcome(StrEnum):
    DECIDED = "decided"
    TIE = "tie"
    NO_QUORUM = "no_quorum"
    NO_VOTES = "no_votes"
    NO_CONSENSUS = "no_consensus"


METHOD_LABELS_ES = {
    Method.APPROVAL: "Aprobación",
    Method.DOTS: "Votación por puntos",
    Method.SCORE: "Calificación por criterios",
    Method.RANKED: "Orden de preferencia",
    Method.CONSENT: "Consulta de consentimiento",
    Method.FIST_TO_FIVE: "Puño a cinco",
}
OUTCOME_LABELS_ES = {
    Outcome.DECIDED: "Hay una opción ganadora",
    Outcome.TIE: "Empate",
    Outcome.NO_QUORUM: "Sin quórum",
    Outcome.NO_VOTES: "Sin votos",
    Outcome.NO_CONSENSUS: "Sin consenso",
}
CONSENT_METHODS = frozenset({Method.CONSENT, Method.FIST_TO_FIVE})

DOTS_BUDGET_DEFAULT = 3
DOTS_BUDGET_MAX = 100
SCORE_MIN_DEFAULT = 0
SCORE_MAX_DEFAULT = 5
SCORE_BOUND = 100
CRITERIA_MAX = 12
CRITERION_LABEL_MAX = 120
WEIGHT_MAX = 1000
_CRITERION_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    weight: int | float = 1

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "weight": self.weight}


DEFAULT_CRITERIA = (
    Criterion("technical", "Factibilidad técnica"),
    Criterion("legal", "Factibilidad jurídica"),
    Criterion("budgetary", "Factibilidad presupuestal"),
    Criterion("political", "Viabilidad política e institucional"),
    Criterion("impact", "Impacto esperado"),
    Criterion("time", "Tiempo"),
)


@dataclass(frozen=True)
class NoConfig:
    """Approval and the consent checks take no configuration."""

    def to_dict(self) -> dict[str, Any]:
        return {}


@dataclass(frozen=True)
class DotsConfig:
    budget: int = DOTS_BUDGET_DEFAULT
    max_per_option: int = DOTS_BUDGET_DEFAULT

    def to_dict(self) -> dict[str, Any]:
        return {"budget": self.budget, "max_per_option": self.max_per_option}


@dataclass(frozen=True)
class ScoreConfig:
    criteria: tuple[Criterion, ...] = DEFAULT_CRITERIA
    scale_min: int = SCORE_MIN_DEFAULT
    scale_max: int = SCORE_MAX_DEFAULT

    def to_dict(self) -> dict[str, Any]:
        return {"criteria": [c.to_dict() for c in self.criteria], "min": self.scale_min, "max": self.scale_max}


@dataclass(frozen=True)
class RankedConfig:
    rule: RankedRule = RankedRule.SCHULZE

    def to_dict(self) -> dict[str, Any]:
        return {"rule": str(self.rule)}


MethodConfig = NoConfig | DotsConfig | ScoreConfig | RankedConfig


# --- reading input (ballot.py reads ballots with these too) ------------------


def as_object(value: object, field: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise ValidationError(_("«{field}» debe ser un objeto con claves de texto.", field=field), field=field)
    return value


def only_keys(data: Mapping[str, object], allowed: Sequence[str], prefix: str = "") -> None:
    unknown = sorted(k for k in data if k not in allowed)
    if unknown:
        raise ValidationError(
            _("Campo desconocido: «{prefix}{unknown}».", prefix=prefix, unknown=unknown[0]),
            field=f"{prefix}{unknown[0]}",
        )


def as_list(value: object, field: str) -> list[object]:
    if not isinstance(value, list | tuple):
        raise ValidationError(_("«{field}» debe ser una lista.", field=field), field=field)
    return list(value)


def bounded_int(value: object, *, field: str, low: int, high: int, what: str) -> int:
    """An integer (not a boolean) in ``low..high``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            _("{what} debe ser un número entero entre {low} y {high}.", what=what, low=low, high=high), field=field
        )
    return value


def parse_config(method: Method, value: object) -> MethodConfig:
    data = as_object({} if value is None else value, "config")
    if method is Method.DOTS:
        only_keys(data, ("budget", "max_per_option"), "config.")
        budget = bounded_int(
            data.get("budget", DOTS_BUDGET_DEFAULT),
            field="config.budget",
            low=1,
            high=DOTS_BUDGET_MAX,
            what=_("El total de puntos por persona"),
        )
        most = bounded_int(
            data.get("max_per_option", budget),
            field="config.max_per_option",
            low=1,
            high=budget,
            what=_("El máximo de puntos en una opción"),
        )
        return DotsConfig(budget, most)
    if method is Method.SCORE:
        only_keys(data, ("criteria", "min", "max"), "config.")
        low = bounded_int(
            data.get("min", SCORE_MIN_DEFAULT),
            field="config.min",
            low=-SCORE_BOUND,
            high=SCORE_BOUND - 1,
            what=_("El mínimo de la escala"),
        )
        high = bounded_int(
            data.get("max", SCORE_MAX_DEFAULT),
            field="config.max",
            low=low + 1,
            high=SCORE_BOUND,
            what=_("El máximo de la escala"),
        )
        criteria = DEFAULT_CRITERIA if data.get("criteria") is None else _parse_criteria(data["criteria"])
        return ScoreConfig(criteria, low, high)
    if method is Method.RANKED:
        only_keys(data, ("rule",), "config.")
        rule = data.get("rule", RankedRule.SCHULZE)
        if rule not in tuple(RankedRule):
            raise ValidationError("La regla debe ser «schulze» o «borda».", field="config.rule")
        return RankedConfig(RankedRule(str(rule)))
    only_keys(data, (), "config.")
    return NoConfig()


def _parse_criteria(value: object) -> tuple[Criterion, ...]:
    items = as_list(value, "config.criteria")
    if not 1 <= len(items) <= CRITERIA_MAX:
        raise ValidationError(
            _("Se califican de 1 a {criteria_max} criterios.", criteria_max=CRITERIA_MAX), field="config.criteria"
        )
    criteria: list[Criterion] = []
    for i, item in enumerate(items):
        field = f"config.criteria.{i}"
        data = as_object(item, field)
        only_keys(data, ("id", "label", "weight"), f"{field}.")
        cid = data.get("id")
        if not isinstance(cid, str) or not _CRITERION_ID_RE.match(cid):
            raise ValidationError(
                "El identificador de un criterio lleva de 1 a 40 letras sin acento, números, «_» o «-».",
                field=f"{field}.id",
            )
        if any(c.id == cid for c in criteria):
            raise ValidationError(_("El criterio «{cid}» aparece más de una vez.", cid=cid), field=f"{field}.id")
        label = clean_text(data.get("label"), field=f"{field}.label", max_len=CRITERION_LABEL_MAX, required=True)
        weight = data.get("weight", 1)
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or not 0 < weight <= WEIGHT_MAX
        ):
            raise ValidationError(
                _("El peso de un criterio es un número mayor que 0 y hasta {weight_max}.", weight_max=WEIGHT_MAX),
                field=f"{field}.weight",
            )
        criteria.append(Criterion(cid, label, weight))
    return tuple(criteria)
