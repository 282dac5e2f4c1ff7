"""How long ``tally`` takes for a large mesa: 200 voters, 10 options.

Each method gets ballots the way a mesa fills them in: voters spread over
the five sectors (so sector figures are computed too), approvals of one to
four options, three dots, scores on the six default criteria for about two
thirds of the options, complete rankings (the most work for Borda and the
pairwise matrix), consent and fist-to-five on every option with a few
objections. Ranked ballots are timed again with 30 options, where the
Schulze strongest paths (cubic in the options) dominate. Ballots are built
once through ``cast_ballot``; only ``tally`` is timed, several times; the
table shows median and worst time and the outcome.

Run: ``.venv/bin/python bench/tally.py [--runs 7] [--seed 2024] [--voters 200]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workshops.roles import Role, Sector  # noqa: E402
from workshops.voting import Ballot, Round, open_round, read_ballot, tally  # noqa: E402
from workshops.voting_methods import DEFAULT_CRITERIA  # noqa: E402
from workshops.workshop import Participant  # noqa: E402

NOW = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)
OPTIONS = 10
SCHULZE_OPTIONS = 30
SCORED_SHARE = 0.66
OBJECTION_SHARE = 0.03
Body = Callable[[random.Random, list[str]], dict[str, Any]]


def approval(rng: random.Random, options: list[str]) -> dict[str, Any]:
    return {"approve": rng.sample(options, rng.randint(1, 4))}


def dots(rng: random.Random, options: list[str]) -> dict[str, Any]:
    spent: dict[str, int] = {}
    for option in rng.choices(options, k=3):
        spent[option] = spent.get(option, 0) + 1
    return {"dots": spent}


def score(rng: random.Random, options: list[str]) -> dict[str, Any]:
    scored = [o for o in options if rng.random() < SCORED_SHARE]
    return {"scores": {o: {c.id: rng.randint(0, 5) for c in DEFAULT_CRITERIA} for o in scored}}


def ranked(rng: random.Random, options: list[str]) -> dict[str, Any]:
    return {"ranking": rng.sample(options, len(options))}


def consent(rng: random.Random, options: list[str]) -> dict[str, Any]:
    answers = {
        o: "object" if rng.random() < OBJECTION_SHARE else rng.choice(["agree", "can_live_with"]) for o in options
    }
    return {"consent": answers, "reasons": {o: "No es viable este año." for o, a in answers.items() if a == "object"}}


def fist(rng: random.Random, options: list[str]) -> dict[str, Any]:
    hands = {o: rng.randint(0, 1) if rng.random() < OBJECTION_SHARE else rng.randint(2, 5) for o in options}
    return {"fist": hands, "reasons": {o: "Riesgo jurídico." for o, n in hands.items() if n <= 1}}


CASES: list[tuple[str, str, int, dict[str, Any], Body]] = [
    ("approval", "approval", OPTIONS, {}, approval),
    ("dots", "dots", OPTIONS, {}, dots),
    ("score", "score", OPTIONS, {}, score),
    ("ranked (schulze)", "ranked", OPTIONS, {"rule": "schulze"}, ranked),
    ("ranked (borda)", "ranked", OPTIONS, {"rule": "borda"}, ranked),
    ("consent", "consent", OPTIONS, {}, consent),
    ("fist_to_five", "fist_to_five", OPTIONS, {}, fist),
    ("ranked (schulze)", "ranked", SCHULZE_OPTIONS, {"rule": "schulze"}, ranked),
]


def mesa(
    method: str, n_options: int, config: dict[str, Any], body: Body, voters: int, seed: int
) -> tuple[Round, list[Ballot], list[Participant]]:
    rng = random.Random(seed)
    options = [f"alt-{i}" for i in range(n_options)]
    data = {"method": method, "options": options, "config": config, "quorum": voters // 2}
    voting, _ = open_round(
        data, actor_role=Role.FACILITATOR, actor_id="f", round_id="r", options_available=options, now=NOW
    )
    people = [
        Participant(f"p{i}", "w", f"P{i}", rng.choice(list(Sector)), Role.PARTICIPANT, NOW) for i in range(voters)
    ]
    ballots = [read_ballot(voting, body(rng, options), voter=p, cast_at=NOW) for p in people]
    return voting, ballots, people


def measure(case: tuple[str, str, int, dict[str, Any], Body], voters: int, runs: int, seed: int) -> dict[str, Any]:
    _, method, n_options, config, body = case
    voting, ballots, people = mesa(method, n_options, config, body, voters, seed)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = tally(voting, ballots, people)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "options": n_options,
        "median_ms": statistics.median(times),
        "max_ms": max(times),
        "outcome": f"{result.outcome} {result.winner or result.tie or ''}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--voters", type=int, default=200)
    args = parser.parse_args()
    print(f"{'method':<18} {'voters':>6} {'options':>7} {'median ms':>10} {'max ms':>8}  outcome")
    for case in CASES:
        r = measure(case, args.voters, args.runs, args.seed)
        timing = f"{r['median_ms']:>10.2f} {r['max_ms']:>8.2f}"
        print(f"{case[0]:<18} {args.voters:>6} {r['options']:>7} {timing}  {r['outcome']}")


if __name__ == "__main__":
    main()
