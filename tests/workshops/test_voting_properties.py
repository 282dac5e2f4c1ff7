"""Invariants of the tallies, checked on random mesas and ballots.

Expected figures are recomputed here from the ballots' plain data, without
the module's helpers, so a slip in the counting code cannot hide itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import Counter
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workshops.errors import ValidationError
from workshops.roles import FACILITATOR_SECTOR, Role, Sector
from workshops.voting import Secrecy, open_round, read_ballot, tally
from workshops.voting_methods import Method, Outcome
from workshops.workshop import Participant

NOW = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)
EARLIER = NOW - dt.timedelta(minutes=5)
OPTION_IDS = tuple(f"alt-{i}" for i in range(8))
RESPONSES = ("agree", "can_live_with", "object")
CRITERIA = ("technical", "legal", "budgetary", "political", "impact", "time")


def person(pid, sector, role=Role.PARTICIPANT):
    return Participant(pid, "w", pid, str(sector), role, NOW)


def opened(method, options, secrecy="secret", config=None):
    data = {"method": str(method), "options": list(options), "secrecy": secrecy}
    if config is not None:
        data["config"] = config
    voting, _ = open_round(
        data, actor_role=Role.FACILITATOR, actor_id="f", round_id="r", options_available=OPTION_IDS, now=NOW
    )
    return voting


def vote(voting, voter, body, at=NOW):
    return read_ballot(voting, body, voter=voter, cast_at=at)


def options_of(low=2, high=6):
    return st.integers(low, high).map(lambda m: OPTION_IDS[:m])


def rankings(options, complete=False):
    perms = st.permutations(options)
    if complete:
        return perms.map(list)
    return perms.flatmap(lambda p: st.integers(0, len(p)).map(lambda k: list(p[:k])))


def body_of(method, options, budget=3):
    if method is Method.APPROVAL:
        return st.lists(st.sampled_from(options), unique=True).map(lambda a: {"approve": a})
    if method is Method.DOTS:
        return st.lists(st.sampled_from(options), max_size=budget).map(lambda picks: {"dots": dict(Counter(picks))})
    if method is Method.SCORE:
        card = st.fixed_dictionaries({c: st.integers(0, 5) for c in CRITERIA})
        return st.dictionaries(st.sampled_from(options), card).map(lambda s: {"scores": s})
    if method is Method.RANKED:
        return rankings(options).map(lambda r: {"ranking": r})
    if method is Method.CONSENT:
        answers = st.dictionaries(st.sampled_from(options), st.sampled_from(RESPONSES))
        return answers.map(
            lambda a: {"consent": a, "reasons": {o: f"Razón {o}" for o, r in a.items() if r == "object"}}
        )
    fingers = st.dictionaries(st.sampled_from(options), st.integers(0, 5))
    return fingers.map(lambda f: {"fist": f, "reasons": {o: f"Razón {o}" for o, n in f.items() if n <= 1}})


@st.composite
def mesas(draw, methods=tuple(Method), options=None, secrecy="secret", config=None, max_voters=12, body=None):
    """A round, its eligible participants and their ballots (some abstain)."""
    method = draw(st.sampled_from(methods))
    opts = draw(
        options if options is not None else options_of(1 if method in (Method.CONSENT, Method.FIST_TO_FIVE) else 2)
    )
    voting = opened(method, opts, secrecy, config)
    sectors = draw(st.lists(st.sampled_from(list(Sector)), max_size=max_voters))
    voters = [person(f"v{i}", s) for i, s in enumerate(sectors)]
    bodies = {}
    for v in voters:
        chosen = draw(st.none() | (body if body is not None else body_of(method, opts)))
        if chosen is not None:
            bodies[v.id] = chosen
    ballots = [vote(voting, v, bodies[v.id]) for v in voters if v.id in bodies]
    return voting, voters, ballots, bodies


def same(a, b):
    return a.to_dict() == b.to_dict()


# --- sums ------------------------------------------------------------------------


@given(mesas(methods=(Method.APPROVAL,)))
def test_approval_totals_are_the_sums_of_the_ballots(mesa):
    voting, voters, ballots, bodies = mesa
    result = tally(voting, ballots, voters)
    assert result.totals == {o: sum(o in b["approve"] for b in bodies.values()) for o in voting.options}
    assert (result.participation["eligible"], result.participation["voted"]) == (len(voters), len(bodies))


@given(mesas(methods=(Method.DOTS,)))
def test_dot_totals_are_the_points_given_within_the_budgets(mesa):
    voting, voters, ballots, bodies = mesa
    result = tally(voting, ballots, voters)
    assert result.totals == {o: sum(b["dots"].get(o, 0) for b in bodies.values()) for o in voting.options}
    assert sum(result.totals.values()) <= 3 * len(bodies)


@given(mesas(methods=(Method.APPROVAL, Method.DOTS, Method.RANKED, Method.CONSENT, Method.FIST_TO_FIVE)))
def test_sector_figures_add_up_to_the_totals_in_public_rounds(mesa):
    voting, voters, ballots, _ = mesa
    public = dataclasses.replace(voting, secrecy=Secrecy.PUBLIC)
    result = tally(public, ballots, voters)
    for o in voting.options:
        assert sum(sector[o] for sector in result.by_sector.values()) == result.totals[o]


BUDGETS = st.integers(1, 8).flatmap(lambda budget: st.tuples(st.just(budget), st.integers(1, budget)))


@given(BUDGETS, st.lists(st.tuples(st.sampled_from(OPTION_IDS[:4]), st.integers(0, 8))))
def test_dot_ballots_are_accepted_exactly_when_within_budget_and_limit(budget_and_limit, placements):
    budget, limit = budget_and_limit
    voting = opened(Method.DOTS, OPTION_IDS[:4], config={"budget": budget, "max_per_option": limit})
    dots = dict(placements)
    try:
        ballot = vote(voting, person("p", Sector.ACADEMIA), {"dots": dots})
    except ValidationError:
        assert sum(dots.values()) > budget or max(dots.values()) > limit
    else:
        assert sum(dots.values()) <= budget and max(dots.values(), default=0) <= limit
        assert dict(ballot.choice.dots) == {o: n for o, n in dots.items() if n}


# --- who counts ----------------------------------------------------------------


@given(mesas(), st.data())
def test_replacing_a_ballot_equals_casting_only_the_last(mesa, data):
    voting, voters, ballots, _ = mesa
    opts = voting.options
    replaced = []
    for ballot in ballots:
        earlier = data.draw(st.lists(body_of(voting.method, opts), max_size=2))
        replaced += [dataclasses.replace(vote(voting, _voter(voters, ballot), b), cast_at=EARLIER) for b in earlier]
    # Earlier ballots anywhere in the sequence; an equal-time ballot just before the last.
    mixed = data.draw(st.permutations(replaced + ballots))
    if ballots:
        first = ballots[0]
        stale = vote(voting, _voter(voters, first), data.draw(body_of(voting.method, opts)))
        mixed = [b for b in mixed if b is not first] + [stale, first]
    assert same(tally(voting, mixed, voters), tally(voting, ballots, voters))


def _voter(voters, ballot):
    return next(v for v in voters if v.id == ballot.voter_id)


@given(mesas(secrecy="public"), st.data())
def test_the_facilitator_and_observers_never_change_results_or_denominators(mesa, data):
    voting, voters, ballots, _ = mesa
    staff = [person("f", FACILITATOR_SECTOR, Role.FACILITATOR)]
    staff += [
        person(f"obs{i}", s, Role.OBSERVER) for i, s in enumerate(data.draw(st.lists(st.sampled_from(list(Sector)))))
    ]
    stand_in = person("x", Sector.CIUDADANIA)
    staff_ballots = [
        dataclasses.replace(vote(voting, stand_in, data.draw(body_of(voting.method, voting.options))), voter_id=s.id)
        for s in staff
    ]
    mixed = data.draw(st.permutations(ballots + staff_ballots))
    with_staff = tally(voting, mixed, data.draw(st.permutations(voters + staff)))
    assert same(with_staff, tally(voting, ballots, voters))


@given(mesas(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_ballots_or_people(mesa, random):
    voting, voters, ballots, _ = mesa
    shuffled_ballots, shuffled_voters = ballots[:], voters[:]
    random.shuffle(shuffled_ballots)
    random.shuffle(shuffled_voters)
    assert same(tally(voting, shuffled_ballots, shuffled_voters), tally(voting, ballots, voters))


@given(mesas(), st.randoms(use_true_random=False))
def test_a_secret_result_cannot_tell_which_voter_of_a_sector_cast_which_ballot(mesa, random):
    voting, voters, ballots, _ = mesa
    sector = {v.id: v.sector for v in voters}
    swapped = []
    for s in {sector[b.voter_id] for b in ballots}:
        group = [b for b in ballots if sector[b.voter_id] == s]
        ids = [b.voter_id for b in group]
        random.shuffle(ids)
        swapped += [dataclasses.replace(b, voter_id=i) for b, i in zip(group, ids, strict=True)]
    assert same(tally(voting, swapped, voters), tally(voting, ballots, voters))


# --- ranked ----------------------------------------------------------------------


def pairwise_of(options, ranked):
    """d[a][b]: voters putting a above b, ranked options above unranked ones."""
    place = [{o: r.index(o) if o in r else len(r) for o in options} for r in ranked]
    return {a: {b: sum(p[a] < p[b] for p in place) for b in options if b != a} for a in options}


def widest_paths(options, d):
    """Strongest paths by brute force over every simple path (small m only)."""
    link = {(a, b): d[a][b] for a in options for b in options if a != b and d[a][b] > d[b][a]}
    best = {a: dict.fromkeys((b for b in options if b != a), 0) for a in options}
    for a, b in itertools.permutations(options, 2):
        middle = [o for o in options if o not in (a, b)]
        for k in range(len(middle) + 1):
            for via in itertools.permutations(middle, k):
                path = (a, *via, b)
                steps = [link.get(step, 0) for step in itertools.pairwise(path)]
                best[a][b] = max(best[a][b], min(steps))
    return best


@st.composite
def ranked_profiles(draw, complete=False, low=2, high=5):
    options = draw(options_of(low, high))
    ranked = draw(st.lists(rankings(options, complete), min_size=1, max_size=15))
    return options, ranked


def ranked_tally(options, ranked, rule="schulze"):
    voting = opened(Method.RANKED, options, config={"rule": rule})
    voters = [person(f"v{i}", Sector.CIUDADANIA) for i in range(len(ranked))]
    ballots = [vote(voting, v, {"ranking": r}) for v, r in zip(voters, ranked, strict=True)]
    return tally(voting, ballots, voters)


@settings(max_examples=300)
@given(ranked_profiles(low=3))
def test_the_condorcet_winner_wins_under_schulze(profile):
    options, ranked = profile
    d = pairwise_of(options, ranked)
    winners = [c for c in options if all(d[c][x] > d[x][c] for x in options if x != c)]
    assume(winners)
    result = ranked_tally(options, ranked)
    assert result.winner == winners[0] and result.extras["schulze_ranking"][0] == winners
    assert result.extras["pairwise"] == d


@settings(max_examples=200)
@given(ranked_profiles())
def test_schulze_ranking_is_a_strict_weak_order_consistent_with_defeats(profile):
    options, ranked = profile
    result = ranked_tally(options, ranked)
    d = pairwise_of(options, ranked)
    p = widest_paths(options, d)
    assert result.extras["strongest_paths"] == p
    tiers = result.extras["schulze_ranking"]
    assert sorted(o for tier in tiers for o in tier) == sorted(options) and all(tiers)
    tier_of = {o: i for i, tier in enumerate(tiers) for o in tier}
    for a, b in itertools.permutations(options, 2):
        if p[a][b] > p[b][a]:
            assert tier_of[a] < tier_of[b]
        if tier_of[a] == tier_of[b]:
            assert p[a][b] == p[b][a]
    # Without a majority cycle, Schulze follows every direct pairwise defeat.
    defeats = {(a, b) for a, b in itertools.permutations(options, 2) if d[a][b] > d[b][a]}
    if all(p[b][a] == 0 for a, b in defeats):
        assert all(tier_of[a] < tier_of[b] for a, b in defeats)
    # A shared first tier is a tie, reported as such.
    if len(tiers[0]) > 1 and any(ranked):
        assert (result.outcome, result.winner, result.tie) == (Outcome.TIE, None, tiers[0])


@given(ranked_profiles(complete=True, high=7))
def test_borda_points_of_complete_rankings_sum_to_n_m_m_minus_1_over_2(profile):
    options, ranked = profile
    m, result = len(options), ranked_tally(options, ranked, "borda")
    assert sum(result.totals.values()) == len(ranked) * m * (m - 1) // 2
    assert result.totals == {o: sum(m - 1 - r.index(o) for r in ranked) for o in options}


@given(ranked_profiles(high=7))
def test_partial_rankings_share_the_lowest_places_so_the_sum_is_kept(profile):
    options, ranked = profile
    m, result = len(options), ranked_tally(options, ranked, "borda")
    expected = {o: Fraction(0) for o in options}
    for r in ranked:
        for o in options:
            expected[o] += m - 1 - r.index(o) if o in r else Fraction(m - 1 - len(r), 2)
    assert result.totals == {o: float(v) if v.denominator > 1 else int(v) for o, v in expected.items()}
    assert sum(result.totals.values()) == len(ranked) * m * (m - 1) / 2


# --- ties, scores, consent ---------------------------------------------------------


@given(
    mesas(methods=(Method.APPROVAL, Method.DOTS, Method.SCORE))
    | mesas(methods=(Method.RANKED,), config={"rule": "borda"})
)
def test_ties_are_reported_and_never_broken(mesa):
    voting, voters, ballots, bodies = mesa
    result = tally(voting, ballots, voters)
    counted = {o: v for o, v in result.totals.items() if v is not None and (v > 0 or voting.method is Method.SCORE)}
    if voting.method is Method.RANKED:
        counted = result.totals if any(b["ranking"] for b in bodies.values()) else {}
    if not counted:
        assert (result.outcome, result.winner, result.tie) == (Outcome.NO_VOTES, None, None)
        return
    top = [o for o in voting.options if counted.get(o) == max(counted.values())]
    if len(top) == 1:
        assert (result.outcome, result.winner, result.tie) == (Outcome.DECIDED, top[0], None)
    else:
        assert (result.outcome, result.winner, result.tie) == (Outcome.TIE, None, top)


WEIGHTS = st.one_of(st.integers(1, 10), st.sampled_from([0.1, 0.25, 0.5, 1.5, 2.75]))


@given(st.lists(WEIGHTS, min_size=1, max_size=4), st.data())
def test_a_score_is_the_weighted_mean_over_those_who_scored(weights, data):
    ids = [f"c{i}" for i in range(len(weights))]
    config = {"criteria": [{"id": c, "label": c.upper(), "weight": w} for c, w in zip(ids, weights, strict=True)]}
    options = OPTION_IDS[:3]
    card = st.fixed_dictionaries({c: st.integers(0, 5) for c in ids})
    body = st.dictionaries(st.sampled_from(options), card).map(lambda s: {"scores": s})
    voting, voters, ballots, bodies = data.draw(
        mesas(methods=(Method.SCORE,), options=st.just(options), config=config, body=body)
    )
    result = tally(voting, ballots, voters)
    for o in options:
        cards = [b["scores"][o] for b in bodies.values() if o in b["scores"]]
        if not cards:
            assert result.totals[o] is None
            continue
        means = [sum(w * card[c] for c, w in zip(ids, weights, strict=True)) / sum(weights) for card in cards]
        assert abs(result.totals[o] - sum(means) / len(means)) < 1e-9


@given(mesas(methods=(Method.CONSENT, Method.FIST_TO_FIVE)))
def test_consensus_means_some_response_and_no_objection(mesa):
    voting, voters, ballots, bodies = mesa
    result = tally(voting, ballots, voters)
    key = "consent" if voting.method is Method.CONSENT else "fist"
    for o in voting.options:
        answers = [b[key][o] for b in bodies.values() if o in b[key]]
        objecting = [a for a in answers if a == "object" or (isinstance(a, int) and a <= 1)]
        assert result.extras["consensus"][o] is (bool(answers) and not objecting)
        assert result.totals[o] == len(answers) - len(objecting)
        assert len(result.extras["objections"][o]) == len(objecting)
        levels = list(result.extras["counts"][o].values())  # support/agree, reservations/can live with, object
        if voting.method is Method.FIST_TO_FIVE:
            assert levels == [sum(a >= 3 for a in answers), answers.count(2), len(objecting)]
        else:
            assert levels == [answers.count(r) for r in RESPONSES]
    if result.winner is not None:
        assert result.extras["consensus"][result.winner]
