"""The voting methods: what each one asks of the round's configuration, what
a valid ballot looks like, and how its ballots are counted.

``voting.py`` owns a round's life (open, cast, close), who may vote and what
the results show; this module only knows methods, ballots and numbers.

Counting is exact (integers and fractions), so a tie is a tie whatever the
order the ballots arrive in; results carry plain ints and floats.

- approval: ``{"approve": [option, ...]}``, any subset; the most approvals wins.
- dots: ``{"dots": {option: points}}``, at most ``budget`` points in all and
  ``max_per_option`` on one option; the most points wins.
- score: ``{"scores": {option: {criterion: n}}}``, any subset of the options,
  but every criterion of each option scored. An option's total is the mean,
  over the voters who scored it, of their weighted mean over the criteria.
- ranked: ``{"ranking": [option, ...]}`` best first, any subset; unranked
  options are tied below the ranked ones. Borda: in a round of ``m`` options
  the i-th ranked option (from 0) gets ``m - 1 - i`` points and the unranked
  ones share the rest equally (each gets ``(m - 1 - k) / 2`` when ``k`` are
  ranked), so every ballot hands out ``m (m - 1) / 2`` points. Schulze, with
  winning votes: the strongest path from a to b is the widest path in the
  digraph of pairwise defeats; a is above b when that path is stronger than
  the one back. Both are reported; the config's ``rule`` decides.
- consent: ``{"consent": {option: "agree" | "can_live_with" | "object"},
  "reasons": {option: text}, "comments": {option: text}}``; an objection
  needs a reason; the other answers may carry a comment. A reason on an
  answer that is not an objection, or a comment on one that is, is dropped:
  the text of an objection withdrawn is never published as a comment.
  Consensus on an option: at least one response and no objection.
- fist_to_five: ``{"fist": {option: 0..5}, "reasons": {...}, "comments":
  {...}}``; 0–1 objects (a reason is needed), 2 is reservations, 3–5 is
  support; reasons and comments as in consent. Consensus: at least one
  response and no 0 or 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any, TypeVar

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


class ConsentResponse(StrEnum):
    AGREE = "agree"
    CAN_LIVE_WITH = "can_live_with"
    OBJECT = "object"


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
REASON_MAX = 1000
FIST_MAX = 5
FIST_OBJECTION_MAX = 1  # 0 and 1 object
FIST_RESERVATIONS = 2
_CRITERION_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_V = TypeVar("_V")


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


@dataclass(frozen=True)
class ApprovalChoice:
    approve: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"approve": list(self.approve)}


@dataclass(frozen=True)
class DotsChoice:
    dots: Mapping[str, int]  # only options that got points

    def to_dict(self) -> dict[str, Any]:
        return {"dots": dict(self.dots)}


@dataclass(frozen=True)
class ScoreChoice:
    scores: Mapping[str, Mapping[str, int]]

    def to_dict(self) -> dict[str, Any]:
        return {"scores": {o: dict(s) for o, s in self.scores.items()}}


@dataclass(frozen=True)
class RankingChoice:
    ranking: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"ranking": list(self.ranking)}


@dataclass(frozen=True)
class ConsentChoice:
    consent: Mapping[str, ConsentResponse]
    reasons: Mapping[str, str]  # on objections only
    comments: Mapping[str, str]  # on the other answers only

    def to_dict(self) -> dict[str, Any]:
        return {
            "consent": {o: str(r) for o, r in self.consent.items()},
            "reasons": dict(self.reasons),
            "comments": dict(self.comments),
        }


@dataclass(frozen=True)
class FistChoice:
    fist: Mapping[str, int]
    reasons: Mapping[str, str]  # on objections (0–1) only
    comments: Mapping[str, str]  # on the other answers only

    def to_dict(self) -> dict[str, Any]:
        return {"fist": dict(self.fist), "reasons": dict(self.reasons), "comments": dict(self.comments)}


Choice = ApprovalChoice | DotsChoice | ScoreChoice | RankingChoice | ConsentChoice | FistChoice


# --- reading input -----------------------------------------------------------


def _object(value: object, field: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise ValidationError(_("«{field}» debe ser un objeto con claves de texto.", field=field), field=field)
    return value


def _required(data: Mapping[str, object], key: str) -> object:
    if key not in data:
        raise ValidationError(_("Falta el campo «{key}».", key=key), field=key)
    return data[key]


def _only_keys(data: Mapping[str, object], allowed: Sequence[str], prefix: str = "") -> None:
    unknown = sorted(k for k in data if k not in allowed)
    if unknown:
        raise ValidationError(
            _("Campo desconocido: «{prefix}{unknown}».", prefix=prefix, unknown=unknown[0]),
            field=f"{prefix}{unknown[0]}",
        )


def _list(value: object, field: str) -> list[object]:
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


def _option(value: object, options: Sequence[str], field: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise ValidationError(_("La opción {value!r} no está en esta votación.", value=value), field=field)
    return value


def _distinct_options(value: object, options: Sequence[str], field: str) -> list[str]:
    chosen: list[str] = []
    for item in _list(value, field):
        option = _option(item, options, field)
        if option in chosen:
            raise ValidationError(_("La opción «{option}» aparece más de una vez.", option=option), field=field)
        chosen.append(option)
    return chosen


def parse_config(method: Method, value: object) -> MethodConfig:
    data = _object({} if value is None else value, "config")
    if method is Method.DOTS:
        _only_keys(data, ("budget", "max_per_option"), "config.")
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
        _only_keys(data, ("criteria", "min", "max"), "config.")
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
        _only_keys(data, ("rule",), "config.")
        rule = data.get("rule", RankedRule.SCHULZE)
        if rule not in tuple(RankedRule):
            raise ValidationError("La regla debe ser «schulze» o «borda».", field="config.rule")
        return RankedConfig(RankedRule(str(rule)))
    _only_keys(data, (), "config.")
    return NoConfig()


def _parse_criteria(value: object) -> tuple[Criterion, ...]:
    items = _list(value, "config.criteria")
    if not 1 <= len(items) <= CRITERIA_MAX:
        raise ValidationError(
            _("Se califican de 1 a {criteria_max} criterios.", criteria_max=CRITERIA_MAX), field="config.criteria"
        )
    criteria: list[Criterion] = []
    for i, item in enumerate(items):
        field = f"config.criteria.{i}"
        data = _object(item, field)
        _only_keys(data, ("id", "label", "weight"), f"{field}.")
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


def parse_choice(method: Method, config: MethodConfig, options: Sequence[str], data: object) -> Choice:
    """Validate a ballot's content for ``method`` and return it normalised
    (options in the round's order, zero dots dropped, reasons trimmed)."""
    if not isinstance(data, Mapping):
        raise ValidationError("La boleta debe ser un objeto.", field="ballot")
    body = _object(data, "ballot")
    if method is Method.APPROVAL:
        _only_keys(body, ("approve",))
        chosen = _distinct_options(_required(body, "approve"), options, "approve")
        return ApprovalChoice(tuple(o for o in options if o in chosen))
    if method is Method.DOTS:
        assert isinstance(config, DotsConfig)
        return _parse_dots(config, options, body)
    if method is Method.SCORE:
        assert isinstance(config, ScoreConfig)
        return _parse_scores(config, options, body)
    if method is Method.RANKED:
        _only_keys(body, ("ranking",))
        return RankingChoice(tuple(_distinct_options(_required(body, "ranking"), options, "ranking")))
    if method is Method.CONSENT:
        _only_keys(body, ("consent", "reasons", "comments"))
        consent = {
            option: _consent_response(value, f"consent.{option}")
            for option, value in _option_map(_required(body, "consent"), options, "consent").items()
        }
        objecting = {o for o, r in consent.items() if r is ConsentResponse.OBJECT}
        reasons, comments = _reasons(body, consent, objecting)
        return ConsentChoice(_frozen(consent, options), _frozen(reasons, options), _frozen(comments, options))
    _only_keys(body, ("fist", "reasons", "comments"))
    fist = {
        option: bounded_int(
            value, field=f"fist.{option}", low=0, high=FIST_MAX, what=_("La mano sobre «{option}»", option=option)
        )
        for option, value in _option_map(_required(body, "fist"), options, "fist").items()
    }
    reasons, comments = _reasons(body, fist, {o for o, n in fist.items() if n <= FIST_OBJECTION_MAX})
    return FistChoice(_frozen(fist, options), _frozen(reasons, options), _frozen(comments, options))


def _option_map(value: object, options: Sequence[str], field: str) -> Mapping[str, object]:
    data = _object(value, field)
    for key in data:
        _option(key, options, f"{field}.{key}")
    return data


def _frozen(values: Mapping[str, _V], options: Sequence[str]) -> Mapping[str, _V]:
    return MappingProxyType({o: values[o] for o in options if o in values})


def _parse_dots(config: DotsConfig, options: Sequence[str], body: Mapping[str, object]) -> DotsChoice:
    _only_keys(body, ("dots",))
    dots: dict[str, int] = {}
    for option, value in _option_map(_required(body, "dots"), options, "dots").items():
        what = f"Los puntos en «{option}»"
        points = bounded_int(value, field=f"dots.{option}", low=0, high=config.max_per_option, what=what)
        if points:
            dots[option] = points
    spent = sum(dots.values())
    if spent > config.budget:
        raise ValidationError(
            _("Repartiste {spent} puntos; cada persona tiene {budget}.", spent=spent, budget=config.budget),
            field="dots",
            budget=config.budget,
        )
    return DotsChoice(_frozen(dots, options))


def _parse_scores(config: ScoreConfig, options: Sequence[str], body: Mapping[str, object]) -> ScoreChoice:
    _only_keys(body, ("scores",))
    ids = [c.id for c in config.criteria]
    scores: dict[str, Mapping[str, int]] = {}
    for option, value in _option_map(_required(body, "scores"), options, "scores").items():
        field = f"scores.{option}"
        given = _object(value, field)
        _only_keys(given, ids, f"{field}.")
        missing = [c for c in config.criteria if c.id not in given]
        if missing:
            raise ValidationError(
                _(
                    "Califica todos los criterios de «{option}»: falta «{label}».",
                    option=option,
                    label=missing[0].label,
                ),
                field=f"{field}.{missing[0].id}",
            )
        scores[option] = MappingProxyType(
            {
                c.id: bounded_int(
                    given[c.id],
                    field=f"{field}.{c.id}",
                    low=config.scale_min,
                    high=config.scale_max,
                    what=_("La calificación de «{value}»", value=c.label),
                )
                for c in config.criteria
            }
        )
    return ScoreChoice(_frozen(scores, options))


def _consent_response(value: object, field: str) -> ConsentResponse:
    if value not in tuple(ConsentResponse):
        raise ValidationError("La respuesta es «agree», «can_live_with» u «object».", field=field)
    return ConsentResponse(str(value))


def _reasons(
    body: Mapping[str, object], answered: Mapping[str, object], objecting: set[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The reasons of the objections and the comments on the other answers.
    A reason on an answer that is not an objection is dropped, so is a
    comment on an objection: whoever switches from «Objeción» to «Puedo vivir
    con ello» does not publish the objection's text as a comment."""
    texts: dict[str, dict[str, str]] = {"reasons": {}, "comments": {}}
    for key, keep in (("reasons", objecting), ("comments", answered.keys() - objecting)):
        value = body.get(key)
        for option, text in _object({} if value is None else value, key).items():
            field = f"{key}.{option}"
            noun = _("una razón") if key == "reasons" else _("un comentario")
            if option not in answered:
                raise ValidationError(
                    _("Hay {noun} sobre «{option}», pero no una respuesta.", noun=noun, option=option), field=field
                )
            cleaned = clean_text(text, field=field, max_len=REASON_MAX, required=False, multiline=True)
            if cleaned and option in keep:
                texts[key][option] = cleaned
    for option in sorted(objecting - texts["reasons"].keys()):
        raise ValidationError(
            _("Una objeción a «{option}» necesita una razón.", option=option), field=f"reasons.{option}"
        )
    return texts["reasons"], texts["comments"]


# --- counting ----------------------------------------------------------------

_C = TypeVar("_C", ApprovalChoice, DotsChoice, ScoreChoice, RankingChoice, ConsentChoice, FistChoice)
NO_TIE_BREAK_ES = (
    "Los empates no se rompen en automático: el resultado dice «empate» y nombra las opciones empatadas, "
    "y la persona facilitadora abre una nueva ronda entre ellas."
)
_CONSENT_KEYS = {
    Method.CONSENT: ("agree", "can_live_with", "object"),
    Method.FIST_TO_FIVE: ("support", "reservations", "object"),
}
_SUPPORT, _RESERVATIONS, _OBJECTION = 0, 1, 2


@dataclass(frozen=True)
class Count:
    """What a method makes of the ballots of one round (one per voter)."""

    totals: dict[str, Fraction | None]  # None: nobody scored the option
    outcome: Outcome  # DECIDED, TIE, NO_VOTES or NO_CONSENSUS
    top: tuple[str, ...]  # the winner, or the tied options
    extras: dict[str, Any]  # JSON-ready


def plain(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def tie_rule(method: Method, config: MethodConfig) -> str:
    """How the round picks a winner and what a tie means, in plain Spanish."""
    if isinstance(config, RankedConfig):
        if config.rule is RankedRule.BORDA:
            return f"Decide el conteo Borda: gana la opción con más puntos. {NO_TIE_BREAK_ES}"
        return (
            "Decide el método Schulze: gana la opción a la que ninguna otra supera por su camino más fuerte "
            f"de preferencias por pares. {NO_TIE_BREAK_ES}"
        )
    first = {
        Method.APPROVAL: "Gana la opción con más aprobaciones.",
        Method.DOTS: "Gana la opción con más puntos.",
        Method.SCORE: "Gana la opción con el promedio ponderado más alto entre quienes la calificaron.",
        Method.CONSENT: "Hay consenso en una opción si alguien respondió y nadie objetó; entre las opciones "
        "con consenso gana la que tiene más respuestas «de acuerdo».",
        Method.FIST_TO_FIVE: "Hay consenso en una opción si alguien respondió y nadie mostró 0 o 1 dedos; "
        "entre las opciones con consenso gana la que tiene más apoyos (3 a 5 dedos).",
    }[method]
    return f"{first} {NO_TIE_BREAK_ES}"


def _of_type(choices: Sequence[Choice], kind: type[_C]) -> list[_C]:
    typed = [c for c in choices if isinstance(c, kind)]
    if len(typed) != len(choices):
        raise ValueError(f"ballots of another method in a {kind.__name__} count")
    return typed


def _decide(
    values: Mapping[str, Fraction], options: Sequence[str], empty: Outcome = Outcome.NO_VOTES
) -> tuple[Outcome, tuple[str, ...]]:
    if not values:
        return empty, ()
    best = max(values.values())
    top = tuple(o for o in options if values.get(o) == best)
    return (Outcome.DECIDED if len(top) == 1 else Outcome.TIE), top


def _tiers(values: Mapping[str, Fraction], options: Sequence[str]) -> list[list[str]]:
    return [[o for o in options if values[o] == v] for v in sorted(set(values.values()), reverse=True)]


def _sums(options: Sequence[str], ballots: Sequence[Mapping[str, int]]) -> dict[str, Fraction | None]:
    sums = dict.fromkeys(options, 0)
    for ballot in ballots:
        for option, n in ballot.items():
            sums[option] += n
    return {o: Fraction(n) for o, n in sums.items()}


def count_totals(
    method: Method, config: MethodConfig, options: Sequence[str], choices: Sequence[Choice]
) -> dict[str, Fraction | None]:
    """Each option's number: approvals, points, weighted mean (None when nobody
    scored it), Borda points, or responses that do not object."""
    if method is Method.APPROVAL:
        return _sums(options, [dict.fromkeys(c.approve, 1) for c in _of_type(choices, ApprovalChoice)])
    if method is Method.DOTS:
        return _sums(options, [c.dots for c in _of_type(choices, DotsChoice)])
    if method is Method.RANKED:
        return dict(borda(options, [c.ranking for c in _of_type(choices, RankingChoice)]))
    return count(method, config, options, choices).totals


def count(method: Method, config: MethodConfig, options: Sequence[str], choices: Sequence[Choice]) -> Count:
    if method is Method.RANKED:
        assert isinstance(config, RankedConfig)
        return _count_ranked(config, options, [c.ranking for c in _of_type(choices, RankingChoice)])
    if method in CONSENT_METHODS:
        return _count_consent(method, options, choices)
    if method is Method.SCORE:
        assert isinstance(config, ScoreConfig)
        return _count_scores(config, options, _of_type(choices, ScoreChoice))
    totals = count_totals(method, config, options, choices)
    outcome, top = _decide({o: v for o, v in totals.items() if v}, options)
    return Count(totals, outcome, top, {})


def _count_scores(config: ScoreConfig, options: Sequence[str], choices: Sequence[ScoreChoice]) -> Count:
    weights = {c.id: Fraction(str(c.weight)) for c in config.criteria}
    total_weight = sum(weights.values(), Fraction(0))
    sums = {o: dict.fromkeys(weights, 0) for o in options}
    voters = dict.fromkeys(options, 0)
    for choice in choices:
        for option, scores in choice.scores.items():
            voters[option] += 1
            row = sums[option]
            for cid, n in scores.items():
                row[cid] += n
    totals: dict[str, Fraction | None] = {
        o: sum((weights[c] * n for c, n in sums[o].items()), Fraction(0)) / (total_weight * voters[o])
        if voters[o]
        else None
        for o in options
    }
    extras = {
        "criteria": [c.to_dict() for c in config.criteria],
        "scale": {"min": config.scale_min, "max": config.scale_max},
        "scored_by": voters,
        "by_criterion": {
            o: {c: plain(Fraction(n, voters[o])) if voters[o] else None for c, n in sums[o].items()} for o in options
        },
    }
    outcome, top = _decide({o: v for o, v in totals.items() if v is not None}, options)
    return Count(totals, outcome, top, extras)


def borda(options: Sequence[str], rankings: Sequence[Sequence[str]]) -> dict[str, Fraction]:
    """Borda points, unranked options sharing the lowest places equally."""
    m = len(options)
    doubled = dict.fromkeys(options, 0)  # half points stay integers until the end
    shared = 0
    for ranking in rankings:
        share = m - 1 - len(ranking)
        shared += share
        for i, option in enumerate(ranking):
            doubled[option] += 2 * (m - 1 - i) - share
    return {o: Fraction(n + shared, 2) for o, n in doubled.items()}


def pairwise(options: Sequence[str], rankings: Sequence[Sequence[str]]) -> dict[str, dict[str, int]]:
    """``d[a][b]``: how many voters put ``a`` above ``b`` (ranked beats unranked)."""
    d = {a: {b: 0 for b in options if b != a} for a in options}
    for ranking in rankings:
        ranked = set(ranking)
        rest = [o for o in options if o not in ranked]
        for i, a in enumerate(ranking):
            row = d[a]
            for b in ranking[i + 1 :]:
                row[b] += 1
            for b in rest:
                row[b] += 1
    return d


def schulze(
    options: Sequence[str], d: Mapping[str, Mapping[str, int]]
) -> tuple[dict[str, dict[str, int]], list[list[str]]]:
    """Strongest paths (winning votes) and the Schulze ranking as tiers, best first.

    A link a → b exists when more voters prefer a to b than b to a, with the
    strength of ``d[a][b]``; a path is as strong as its weakest link, and the
    strongest path is the widest one (Floyd–Warshall over the defeat digraph).
    a beats b when ``p[a][b] > p[b][a]``; that relation is a strict partial
    order (Schulze 2011), so its topological generations are the tiers: each
    holds the options nobody left beats, tied with each other.
    """
    import networkx as nx  # 7 MB: imported when a Schulze count runs, not at the server's start

    defeats = nx.DiGraph()
    defeats.add_nodes_from(options)
    defeats.add_weighted_edges_from(
        ((a, b, d[a][b]) for a in options for b in options if a != b and d[a][b] > d[b][a]), weight="strength"
    )
    p = {a: {b: 0 for b in options if b != a} for a in options}
    for a, b, strength in defeats.edges(data="strength"):
        p[a][b] = strength
    for k in defeats:
        p_k = p[k]
        for i in defeats:
            p_ik = p[i][k] if i != k else 0
            if not p_ik:
                continue
            row = p[i]
            for j, p_kj in p_k.items():
                if j != i and min(p_ik, p_kj) > row[j]:
                    row[j] = min(p_ik, p_kj)
    beats = nx.DiGraph()
    beats.add_nodes_from(options)
    beats.add_edges_from((a, b) for a in options for b in p[a] if p[a][b] > p[b][a])
    order = {o: i for i, o in enumerate(options)}
    tiers = [sorted(tier, key=order.__getitem__) for tier in nx.topological_generations(beats)]
    return p, tiers


def _count_ranked(config: RankedConfig, options: Sequence[str], rankings: Sequence[Sequence[str]]) -> Count:
    points = borda(options, rankings)
    d = pairwise(options, rankings)
    strongest, schulze_tiers = schulze(options, d)
    extras = {
        "rule": str(config.rule),
        "borda": {o: plain(v) for o, v in points.items()},
        "borda_ranking": _tiers(points, options),
        "schulze_ranking": schulze_tiers,
        "pairwise": d,
        "strongest_paths": strongest,
    }
    totals: dict[str, Fraction | None] = dict(points)
    if not any(rankings):
        return Count(totals, Outcome.NO_VOTES, (), extras)
    if config.rule is RankedRule.BORDA:
        outcome, top = _decide(points, options)
    else:
        top = tuple(schulze_tiers[0])
        outcome = Outcome.DECIDED if len(top) == 1 else Outcome.TIE
    return Count(totals, outcome, top, extras)


def _level(answer: ConsentResponse | int) -> int:
    if isinstance(answer, ConsentResponse):
        return (ConsentResponse.AGREE, ConsentResponse.CAN_LIVE_WITH, ConsentResponse.OBJECT).index(answer)
    if answer <= FIST_OBJECTION_MAX:
        return _OBJECTION
    return _RESERVATIONS if answer == FIST_RESERVATIONS else _SUPPORT


def _count_consent(method: Method, options: Sequence[str], choices: Sequence[Choice]) -> Count:
    keys = _CONSENT_KEYS[method]
    counts = {o: dict.fromkeys(keys, 0) for o in options}
    fingers = {o: {str(n): 0 for n in range(FIST_MAX + 1)} for o in options}
    objections: dict[str, list[str]] = {o: [] for o in options}
    comments: dict[str, list[str]] = {o: [] for o in options}
    answers: Mapping[str, ConsentResponse | int]
    for choice in choices:
        if isinstance(choice, ConsentChoice) and method is Method.CONSENT:
            answers = choice.consent
        elif isinstance(choice, FistChoice) and method is Method.FIST_TO_FIVE:
            answers = choice.fist
        else:
            raise ValueError(f"ballots of another method in a {method} count")
        for option, answer in answers.items():
            level = _level(answer)
            counts[option][keys[level]] += 1
            if not isinstance(answer, ConsentResponse):
                fingers[option][str(answer)] += 1
            if level == _OBJECTION and option in choice.reasons:
                objections[option].append(choice.reasons[option])
            elif level != _OBJECTION and option in choice.comments:
                comments[option].append(choice.comments[option])
    responses = {o: sum(c.values()) for o, c in counts.items()}
    consensus = {o: responses[o] > 0 and counts[o]["object"] == 0 for o in options}
    totals: dict[str, Fraction | None] = {o: Fraction(responses[o] - counts[o]["object"]) for o in options}
    extras: dict[str, Any] = {
        "consensus": consensus,
        "counts": counts,
        # Sorted, so the order says nothing about who wrote what.
        "objections": {o: sorted(r) for o, r in objections.items()},
        "comments": {o: sorted(r) for o, r in comments.items()},
    }
    if method is Method.FIST_TO_FIVE:
        extras["fingers"] = fingers
    if not any(responses.values()):
        return Count(totals, Outcome.NO_VOTES, (), extras)
    support = {o: Fraction(counts[o][keys[_SUPPORT]]) for o in options if consensus[o]}
    outcome, top = _decide(support, options, empty=Outcome.NO_CONSENSUS)
    return Count(totals, outcome, top, extras)
