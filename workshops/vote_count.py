"""Counting a round's ballots: what each voting method makes of them, and
how the round picks a winner.

Counting is exact (integers and fractions), so a tie is a tie whatever the
order the ballots arrive in; results carry plain ints and floats. Ties are
never broken here: the outcome says «tie» and names the tied options.

- approval: the most approvals wins.
- dots: the most points wins.
- score: an option's total is the mean, over the voters who scored it, of
  their weighted mean over the criteria; the highest wins.
- ranked: unranked options are tied below the ranked ones. Borda: in a round
  of ``m`` options the i-th ranked option (from 0) gets ``m - 1 - i`` points
  and the unranked ones share the rest equally (each gets ``(m - 1 - k) / 2``
  when ``k`` are ranked), so every ballot hands out ``m (m - 1) / 2`` points.
  Schulze, with winning votes: the strongest path from a to b is the widest
  path in the digraph of pairwise defeats; a is above b when that path is
  stronger than the one back. Both are reported; the config's ``rule``
  decides.
- consent: consensus on an option is at least one response and no
  objection; among the options with consensus, the most «agree» wins.
- fist_to_five: consensus is at least one response and no 0 or 1; among the
  options with consensus, the most support (3 to 5) wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeVar

from .ballot import (
    FIST_MAX,
    FIST_OBJECTION_MAX,
    FIST_RESERVATIONS,
    ApprovalChoice,
    Choice,
    ConsentChoice,
    ConsentResponse,
    DotsChoice,
    FistChoice,
    RankingChoice,
    ScoreChoice,
)
from .voting_methods import CONSENT_METHODS, Method, MethodConfig, Outcome, RankedConfig, RankedRule, ScoreConfig

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
