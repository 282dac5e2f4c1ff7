"""Ballots: what a valid ballot looks like for each voting method, and how
its content is read, checked against the round's options and configuration
(``voting_methods.py``) and normalised.

- approval: ``{"approve": [option, ...]}``, any subset.
- dots: ``{"dots": {option: points}}``, at most ``budget`` points in all and
  ``max_per_option`` on one option.
- score: ``{"scores": {option: {criterion: n}}}``, any subset of the options,
  but every criterion of each option scored.
- ranked: ``{"ranking": [option, ...]}`` best first, any subset.
- consent: ``{"consent": {option: "agree" | "can_live_with" | "object"},
  "reasons": {option: text}, "comments": {option: text}}``; an objection
  needs a reason; the other answers may carry a comment. A reason on an
  answer that is not an objection, or a comment on one that is, is dropped:
  the text of an objection withdrawn is never published as a comment.
- fist_to_five: ``{"fist": {option: 0..5}, "reasons": {...}, "comments":
  {...}}``; 0–1 objects (a reason is needed), 2 is reservations, 3–5 is
  support; reasons and comments as in consent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from .errors import ValidationError
from .messages import _
from .voting_methods import (
    DotsConfig,
    Method,
    MethodConfig,
    ScoreConfig,
    as_list,
    as_object,
    bounded_int,
    only_keys,
)
from .workshop import clean_text


class ConsentResponse(StrEnum):
    AGREE = "agree"
    CAN_LIVE_WITH = "can_live_with"
    OBJECT = "object"


REASON_MAX = 1000
FIST_MAX = 5
FIST_OBJECTION_MAX = 1  # 0 and 1 object
FIST_RESERVATIONS = 2
_V = TypeVar("_V")


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


def _required(data: Mapping[str, object], key: str) -> object:
    if key not in data:
        raise ValidationError(_("Falta el campo «{key}».", key=key), field=key)
    return data[key]


def _option(value: object, options: Sequence[str], field: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise ValidationError(_("La opción {value!r} no está en esta votación.", value=value), field=field)
    return value


def _distinct_options(value: object, options: Sequence[str], field: str) -> list[str]:
    chosen: list[str] = []
    for item in as_list(value, field):
        option = _option(item, options, field)
        if option in chosen:
            raise ValidationError(_("La opción «{option}» aparece más de una vez.", option=option), field=field)
        chosen.append(option)
    return chosen


def parse_choice(method: Method, config: MethodConfig, options: Sequence[str], data: object) -> Choice:
    """Validate a ballot's content for ``method`` and return it normalised
    (options in the round's order, zero dots dropped, reasons trimmed)."""
    if not isinstance(data, Mapping):
        raise ValidationError("La boleta debe ser un objeto.", field="ballot")
    body = as_object(data, "ballot")
    if method is Method.APPROVAL:
        only_keys(body, ("approve",))
        chosen = _distinct_options(_required(body, "approve"), options, "approve")
        return ApprovalChoice(tuple(o for o in options if o in chosen))
    if method is Method.DOTS:
        assert isinstance(config, DotsConfig)
        return _parse_dots(config, options, body)
    if method is Method.SCORE:
        assert isinstance(config, ScoreConfig)
        return _parse_scores(config, options, body)
    if method is Method.RANKED:
        only_keys(body, ("ranking",))
        return RankingChoice(tuple(_distinct_options(_required(body, "ranking"), options, "ranking")))
    if method is Method.CONSENT:
        only_keys(body, ("consent", "reasons", "comments"))
        consent = {
            option: _consent_response(value, f"consent.{option}")
            for option, value in _option_map(_required(body, "consent"), options, "consent").items()
        }
        objecting = {o for o, r in consent.items() if r is ConsentResponse.OBJECT}
        reasons, comments = _reasons(body, consent, objecting)
        return ConsentChoice(_frozen(consent, options), _frozen(reasons, options), _frozen(comments, options))
    only_keys(body, ("fist", "reasons", "comments"))
    fist = {
        option: bounded_int(
            value, field=f"fist.{option}", low=0, high=FIST_MAX, what=_("La mano sobre «{option}»", option=option)
        )
        for option, value in _option_map(_required(body, "fist"), options, "fist").items()
    }
    reasons, comments = _reasons(body, fist, {o for o, n in fist.items() if n <= FIST_OBJECTION_MAX})
    return FistChoice(_frozen(fist, options), _frozen(reasons, options), _frozen(comments, options))


def _option_map(value: object, options: Sequence[str], field: str) -> Mapping[str, object]:
    data = as_object(value, field)
    for key in data:
        _option(key, options, f"{field}.{key}")
    return data


def _frozen(values: Mapping[str, _V], options: Sequence[str]) -> Mapping[str, _V]:
    return MappingProxyType({o: values[o] for o in options if o in values})


def _parse_dots(config: DotsConfig, options: Sequence[str], body: Mapping[str, object]) -> DotsChoice:
    only_keys(body, ("dots",))
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
    only_keys(body, ("scores",))
    ids = [c.id for c in config.criteria]
    scores: dict[str, Mapping[str, int]] = {}
    for option, value in _option_map(_required(body, "scores"), options, "scores").items():
        field = f"scores.{option}"
        given = as_object(value, field)
        only_keys(given, ids, f"{field}.")
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
        for option, text in as_object({} if value is None else value, key).items():
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
