from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from workshops.ballot import ApprovalChoice, parse_choice
from workshops.errors import ConflictError, NotAllowedError, ValidationError
from workshops.phases import Phase
from workshops.roles import FACILITATOR_SECTOR, Role, Sector
from workshops.voting import (
    OPTIONS_MAX,
    SECRET_SECTOR_MIN_VOTERS,
    Ballot,
    Round,
    RoundStatus,
    Secrecy,
    Visibility,
    cast_ballot,
    close_round,
    latest_ballots,
    open_round,
    participation,
    results_visible_to,
    tally,
)
from workshops.voting_methods import (
    DEFAULT_CRITERIA,
    Criterion,
    DotsConfig,
    Method,
    NoConfig,
    Outcome,
    RankedConfig,
    RankedRule,
    ScoreConfig,
)
from workshops.workshop import Participant

NOW = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(minutes=1)
AVAILABLE = ("a1", "a2", "a3", "a4", "a5")
OSC, SP, OG, ACA = Sector.SOCIEDAD_CIVIL, Sector.SERVICIO_PUBLICO, Sector.ORGANISMO_GARANTE, Sector.ACADEMIA


def person(pid, sector=OSC, role=Role.PARTICIPANT):
    return Participant(pid, "w", pid.upper(), str(sector), role, NOW)


FACILITATOR = person("f", FACILITATOR_SECTOR, Role.FACILITATOR)
OBSERVER = person("obs", ACA, Role.OBSERVER)


def opened(method="approval", options=("a1", "a2", "a3"), **data):
    body = {"method": method, "options": list(options) if isinstance(options, tuple) else options, **data}
    voting, _ = open_round(
        body, actor_role=Role.FACILITATOR, actor_id="f", round_id="r", options_available=AVAILABLE, now=NOW
    )
    return voting


def vote(voting, voter, body, at=NOW):
    return cast_ballot(voting, body, voter=voter, phase=Phase.VOTACION, now=at)[0]


def results(voting, votes, extra_eligible=()):
    """``votes``: (participant, ballot body) pairs; everyone listed is eligible."""
    ballots = [vote(voting, p, body) for p, body in votes]
    return tally(voting, ballots, [p for p, _ in votes] + list(extra_eligible))


def scores(*values):
    return dict(zip([c.id for c in DEFAULT_CRITERIA], values, strict=True))


# --- opening a round ---------------------------------------------------------


def test_the_facilitator_opens_a_round_with_documented_defaults():
    voting, events = open_round(
        {"method": "approval", "options": ["a2", "a1"], "question": "  ¿Cuál priorizamos?  "},
        actor_role=Role.FACILITATOR,
        actor_id="f",
        round_id="r",
        options_available=AVAILABLE,
        now=NOW,
    )
    assert voting.options == ("a2", "a1") and voting.question == "¿Cuál priorizamos?"
    assert voting.visibility is Visibility.HIDDEN_UNTIL_CLOSE and voting.secrecy is Secrecy.SECRET
    assert (voting.quorum, voting.require_every_sector, voting.status) == (None, False, RoundStatus.OPEN)
    assert voting.config == NoConfig() and voting.opened_at == NOW and voting.opened_by == "f"
    assert [(e.kind, e.actor_id) for e in events] == [("voting_opened", "f")]
    assert events[0].payload == {
        "round_id": "r",
        "method": "approval",
        "options": ["a2", "a1"],
        "config": {},
        "visibility": "hidden_until_close",
        "secrecy": "secret",
        "quorum": None,
        "require_every_sector": False,
        "question": "¿Cuál priorizamos?",
    }
    json.dumps(events[0].payload)


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.OBSERVER])
def test_only_the_facilitator_opens_a_round(role):
    with pytest.raises(NotAllowedError):
        open_round(
            {"method": "approval", "options": ["a1", "a2"]},
            actor_role=role,
            actor_id="p",
            round_id="r",
            options_available=AVAILABLE,
            now=NOW,
        )


def test_a_consent_check_may_be_on_a_single_option_other_methods_need_two():
    assert opened("consent", ["a1"]).options == ("a1",)
    assert opened("fist_to_five", ["a1"]).options == ("a1",)
    for method in ("approval", "dots", "score", "ranked"):
        with pytest.raises(ValidationError) as raised:
            opened(method, ["a1"])
        assert raised.value.field == "options"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"options": "a1,a2"}, "options"),
        ({"options": ["a1", "zz"]}, "options"),
        ({"options": ["a1", 3]}, "options"),
        ({"options": ["a1", "a1"]}, "options"),
        ({"options": []}, "options"),
        ({"method": "plurality"}, "method"),
        ({"method": None}, "method"),
        ({"visibility": "sometimes"}, "visibility"),
        ({"secrecy": "anonymous"}, "secrecy"),
        ({"visibility": "live"}, "visibility"),  # secret by default: live would leak
        ({"quorum": 0}, "quorum"),
        ({"quorum": True}, "quorum"),
        ({"quorum": "3"}, "quorum"),
        ({"quorum": 0.5}, "quorum"),
        ({"require_every_sector": "yes"}, "require_every_sector"),
        ({"question": "x" * 301}, "question"),
        ({"deadline": "mañana"}, "deadline"),
        ({"config": ["budget"]}, "config"),
        ({"config": {"budget": 3}}, "config.budget"),  # approval takes no config
    ],
)
def test_open_round_refuses_bad_settings(data, field):
    with pytest.raises(ValidationError) as raised:
        opened(**{"method": "approval", "options": ["a1", "a2"], **data})
    assert raised.value.field == field and raised.value.message


def test_open_round_refuses_data_that_is_not_an_object_and_too_many_options():
    with pytest.raises(ValidationError) as raised:
        open_round(["approval"], actor_role=Role.FACILITATOR, actor_id="f", round_id="r", options_available=(), now=NOW)
    assert raised.value.field == "round"
    many = [f"x{i}" for i in range(OPTIONS_MAX + 1)]
    with pytest.raises(ValidationError):
        open_round(
            {"method": "approval", "options": many},
            actor_role=Role.FACILITATOR,
            actor_id="f",
            round_id="r",
            options_available=many,
            now=NOW,
        )


def test_live_results_need_a_public_round():
    voting = opened(visibility="live", secrecy="public", quorum=2, require_every_sector=True)
    assert (voting.visibility, voting.secrecy, voting.quorum, voting.require_every_sector) == (
        Visibility.LIVE,
        Secrecy.PUBLIC,
        2,
        True,
    )


def test_method_configs_have_documented_defaults():
    assert opened("dots").config == DotsConfig(budget=3, max_per_option=3)
    assert opened("dots", config={"budget": 5}).config == DotsConfig(5, 5)
    assert opened("dots", config={"budget": 5, "max_per_option": 2}).config == DotsConfig(5, 2)
    score = opened("score").config
    assert score == ScoreConfig(DEFAULT_CRITERIA, 0, 5)
    assert [c.label for c in score.criteria] == [
        "Factibilidad técnica",
        "Factibilidad jurídica",
        "Factibilidad presupuestal",
        "Viabilidad política e institucional",
        "Impacto esperado",
        "Tiempo",
    ]
    custom = opened(
        "score", config={"criteria": [{"id": "costo", "label": "Costo", "weight": 0.5}], "min": 1, "max": 10}
    )
    assert custom.config == ScoreConfig((Criterion("costo", "Costo", 0.5),), 1, 10)
    assert opened("ranked").config == RankedConfig(RankedRule.SCHULZE)
    assert opened("ranked", config={"rule": "borda"}).config == RankedConfig(RankedRule.BORDA)
    assert opened("ranked", config=None).config == RankedConfig()


def criteria(*items):
    return {"criteria": list(items)}


@pytest.mark.parametrize(
    ("method", "config", "field"),
    [
        ("dots", {"budget": 0}, "config.budget"),
        ("dots", {"budget": 101}, "config.budget"),
        ("dots", {"budget": True}, "config.budget"),
        ("dots", {"budget": 3, "max_per_option": 4}, "config.max_per_option"),
        ("dots", {"budget": 3, "max_per_option": 0}, "config.max_per_option"),
        ("dots", {"points": 3}, "config.points"),
        ("score", {"min": 5, "max": 5}, "config.max"),
        ("score", {"min": -101}, "config.min"),
        ("score", {"max": 101}, "config.max"),
        ("score", {"scale": 5}, "config.scale"),
        ("score", criteria(), "config.criteria"),
        ("score", {"criteria": "técnica"}, "config.criteria"),
        ("score", criteria(*[{"id": f"c{i}", "label": "C"} for i in range(13)]), "config.criteria"),
        ("score", criteria("técnica"), "config.criteria.0"),
        ("score", criteria({"id": "técnica", "label": "Técnica"}), "config.criteria.0.id"),
        ("score", criteria({"id": "", "label": "Vacío"}), "config.criteria.0.id"),
        ("score", criteria({"id": "a", "label": "A"}, {"id": "a", "label": "B"}), "config.criteria.1.id"),
        ("score", criteria({"id": "a"}), "config.criteria.0.label"),
        ("score", criteria({"id": "a", "label": "A", "weight": 0}), "config.criteria.0.weight"),
        ("score", criteria({"id": "a", "label": "A", "weight": float("nan")}), "config.criteria.0.weight"),
        ("score", criteria({"id": "a", "label": "A", "weight": True}), "config.criteria.0.weight"),
        ("score", criteria({"id": "a", "label": "A", "weight": "1"}), "config.criteria.0.weight"),
        ("score", criteria({"id": "a", "label": "A", "weight": 1001}), "config.criteria.0.weight"),
        ("score", criteria({"id": "a", "label": "A", "peso": 1}), "config.criteria.0.peso"),
        ("ranked", {"rule": "copeland"}, "config.rule"),
        ("consent", {"threshold": 1}, "config.threshold"),
    ],
)
def test_open_round_refuses_bad_method_configs(method, config, field):
    with pytest.raises(ValidationError) as raised:
        opened(method, config=config)
    assert raised.value.field == field


def test_round_to_dict_is_json_ready():
    voting = opened("dots", config={"budget": 4})
    data = voting.to_dict()
    assert data["config"] == {"budget": 4, "max_per_option": 4} and data["closed_at"] is None
    assert data["opened_at"] == NOW.isoformat() and data["status"] == "open"
    closed, _, _ = close_round(
        voting, [], eligible=[], actor_role=Role.FACILITATOR, actor_id="f", phase=Phase.VOTACION, now=LATER
    )
    assert closed.to_dict()["closed_at"] == LATER.isoformat() and closed.to_dict()["closed_by"] == "f"
    assert json.loads(json.dumps(opened("score").to_dict()))["config"]["criteria"][0]["id"] == "technical"


# --- casting ballots -----------------------------------------------------------


@pytest.mark.parametrize("voter", [FACILITATOR, OBSERVER], ids=["facilitator", "observer"])
def test_the_facilitator_and_observers_cannot_vote(voter):
    with pytest.raises(NotAllowedError) as raised:
        vote(opened(), voter, {"approve": ["a1"]})
    assert raised.value.fields["role"] is voter.role


def test_a_closed_round_refuses_every_ballot():
    voting = opened()
    closed, _, _ = close_round(
        voting, [], eligible=[], actor_role=Role.FACILITATOR, actor_id="f", phase=Phase.VOTACION, now=NOW
    )
    with pytest.raises(ConflictError):
        vote(closed, person("p"), {"approve": ["a1"]})


def test_a_ballot_is_normalised_to_the_rounds_option_order():
    p = person("p")
    assert vote(opened(), p, {"approve": ["a3", "a1"]}).choice.approve == ("a1", "a3")
    dots = vote(opened("dots"), p, {"dots": {"a3": 1, "a2": 0, "a1": 2}}).choice
    assert dict(dots.dots) == {"a1": 2, "a3": 1} and list(dots.dots) == ["a1", "a3"]
    assert vote(opened("ranked"), p, {"ranking": ["a3", "a1"]}).choice.ranking == ("a3", "a1")
    consent = vote(
        opened("consent"),
        p,
        {"consent": {"a2": "object", "a1": "agree"}, "reasons": {"a2": "  Cuesta demasiado.  ", "a1": ""}},
    ).choice
    assert dict(consent.consent) == {"a1": "agree", "a2": "object"} and dict(consent.reasons) == {
        "a2": "Cuesta demasiado."
    }
    ballot = vote(opened(), p, {"approve": []})
    assert ballot == Ballot("r", "p", "sociedad_civil", ApprovalChoice(()), NOW)


def test_a_ballot_is_immutable():
    ballot = vote(opened("dots"), person("p"), {"dots": {"a1": 1}})
    with pytest.raises(TypeError):
        ballot.choice.dots["a1"] = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        ballot.voter_id = "q"


BAD_BALLOTS = [
    ("approval", ["a1"], "ballot"),
    ("approval", {}, "approve"),
    ("approval", {"approve": "a1"}, "approve"),
    ("approval", {"approve": ["a4"]}, "approve"),  # an alternative outside this round
    ("approval", {"approve": ["a1", "a1"]}, "approve"),
    ("approval", {"approve": [1]}, "approve"),
    ("approval", {"approve": ["a1"], "ranking": ["a1"]}, "ranking"),
    ("approval", {1: ["a1"]}, "ballot"),
    ("dots", {"dots": {"a1": 2, "a2": 2}}, "dots"),  # over the budget of 3
    ("dots", {"dots": {"a1": 4}}, "dots.a1"),
    ("dots", {"dots": {"a1": -1}}, "dots.a1"),
    ("dots", {"dots": {"a1": 1.0}}, "dots.a1"),
    ("dots", {"dots": {"a1": True}}, "dots.a1"),
    ("dots", {"dots": {"a9": 1}}, "dots.a9"),
    ("dots", {"dots": [["a1", 1]]}, "dots"),
    ("score", {"scores": {"a1": scores(5, 5, 5, 5, 5, 6)}}, "scores.a1.time"),
    ("score", {"scores": {"a1": scores(5, 5, 5, 5, 5, -1)}}, "scores.a1.time"),
    ("score", {"scores": {"a1": scores(5, 5, 5, 5, 5, 4.5)}}, "scores.a1.time"),
    ("score", {"scores": {"a1": {"technical": 3}}}, "scores.a1.legal"),
    ("score", {"scores": {"a1": {**scores(1, 1, 1, 1, 1, 1), "costo": 2}}}, "scores.a1.costo"),
    ("score", {"scores": {"a1": 5}}, "scores.a1"),
    ("score", {"scores": {"a7": scores(1, 1, 1, 1, 1, 1)}}, "scores.a7"),
    ("ranked", {"ranking": ["a1", "a2", "a1"]}, "ranking"),
    ("ranked", {"ranking": ["a1", "zz"]}, "ranking"),
    ("ranked", {"ranking": {"a1": 1}}, "ranking"),
    ("consent", {"consent": {"a1": "yes"}}, "consent.a1"),
    ("consent", {"consent": {"a1": "object"}}, "reasons.a1"),
    ("consent", {"consent": {"a1": "object"}, "reasons": {"a1": "   "}}, "reasons.a1"),
    ("consent", {"consent": {"a1": "object"}, "reasons": {"a1": "x" * 1001}}, "reasons.a1"),
    ("consent", {"consent": {"a1": "object"}, "reasons": {"a1": 3}}, "reasons.a1"),
    ("consent", {"consent": {"a1": "agree"}, "reasons": {"a2": "¿?"}}, "reasons.a2"),
    ("consent", {"consent": {"a1": "agree"}, "reasons": "¿?"}, "reasons"),
    ("consent", {"fist": {"a1": 3}}, "fist"),
    ("fist_to_five", {"fist": {"a1": 6}}, "fist.a1"),
    ("fist_to_five", {"fist": {"a1": -1}}, "fist.a1"),
    ("fist_to_five", {"fist": {"a1": "5"}}, "fist.a1"),
    ("fist_to_five", {"fist": {"a1": 0}}, "reasons.a1"),
    ("fist_to_five", {"fist": {"a1": 1}}, "reasons.a1"),
    ("fist_to_five", {"fist": {"a4": 5}}, "fist.a4"),
]


@pytest.mark.parametrize(("method", "body", "field"), BAD_BALLOTS)
def test_invalid_ballots_are_refused_with_the_offending_field(method, body, field):
    with pytest.raises(ValidationError) as raised:
        vote(opened(method), person("p"), body)
    assert raised.value.field == field and raised.value.message


def test_the_dot_budget_and_limit_per_option_come_from_the_round():
    voting = opened("dots", config={"budget": 5, "max_per_option": 2})
    assert sum(vote(voting, person("p"), {"dots": {"a1": 2, "a2": 2, "a3": 1}}).choice.dots.values()) == 5
    with pytest.raises(ValidationError) as raised:
        vote(voting, person("p"), {"dots": {"a1": 3}})
    assert raised.value.field == "dots.a1"


def test_fist_to_five_reservations_and_support_need_no_reason():
    choice = vote(opened("fist_to_five"), person("p"), {"fist": {"a1": 2, "a2": 5, "a3": 1}, "reasons": {"a3": "No"}})
    assert dict(choice.choice.fist) == {"a1": 2, "a2": 5, "a3": 1}


def test_the_event_of_a_secret_ballot_does_not_say_what_was_chosen():
    _, events = cast_ballot(opened(), {"approve": ["a1"]}, voter=person("p", SP), phase=Phase.VOTACION, now=NOW)
    assert [(e.kind, e.actor_id, e.payload) for e in events] == [
        ("ballot_cast", "p", {"round_id": "r", "voter_id": "p", "sector": "servicio_publico"})
    ]
    _, events = cast_ballot(
        opened(secrecy="public"), {"approve": ["a1"]}, voter=person("p", SP), phase=Phase.VOTACION, now=NOW
    )
    assert events[0].payload["choice"] == {"approve": ["a1"]}


# --- replacing ballots ---------------------------------------------------------


def test_a_second_ballot_replaces_the_first_until_close():
    voting, p = opened(), person("p")
    first, second = vote(voting, p, {"approve": ["a1"]}), vote(voting, p, {"approve": ["a2"]}, at=LATER)
    assert latest_ballots([first, second]) == [second] == latest_ballots([second, first])
    result = tally(voting, [first, second], [p])
    assert result.totals == {"a1": 0, "a2": 1, "a3": 0} and result.participation["voted"] == 1


def test_at_equal_times_the_later_ballot_in_the_sequence_wins():
    voting, p, q = opened(), person("p"), person("q")
    first, second = vote(voting, p, {"approve": ["a1"]}), vote(voting, p, {"approve": ["a2"]})
    other = vote(voting, q, {"approve": ["a3"]})
    assert latest_ballots([first, other, second]) == [second, other]


# --- counting ------------------------------------------------------------------


def test_approval_counts_approvals_by_option_and_sector():
    result = results(
        opened(),
        [
            (person("p1", OSC), {"approve": ["a1", "a2"]}),
            (person("p2", OSC), {"approve": ["a1"]}),
            (person("p3", SP), {"approve": ["a2", "a1"]}),
            (person("p4", SP), {"approve": []}),
        ],
        extra_eligible=[person("p5", OG), FACILITATOR, OBSERVER],
    )
    assert result.totals == {"a1": 3, "a2": 2, "a3": 0}
    assert (result.outcome, result.winner, result.tie) == (Outcome.DECIDED, "a1", None)
    assert result.participation == {
        "eligible": 5,
        "voted": 4,
        "voters": ["p1", "p2", "p3", "p4"],
        "by_sector": {
            "sociedad_civil": {"eligible": 2, "voted": 2},
            "servicio_publico": {"eligible": 2, "voted": 2},
            "organismo_garante": {"eligible": 1, "voted": 0},
        },
    }
    # Secret, and a sector with fewer than three voters: nobody's ballot can be read off it.
    assert result.by_sector == {} and result.by_sector_withheld is True
    assert "ballots" not in result.to_dict() and result.final is False


def test_dots_count_points():
    voting = opened("dots", secrecy="public", config={"budget": 4})
    result = results(
        voting,
        [(person("p1", OSC), {"dots": {"a1": 4}}), (person("p2", SP), {"dots": {"a2": 3, "a3": 1}})],
    )
    assert result.totals == {"a1": 4, "a2": 3, "a3": 1} and result.winner == "a1"
    assert result.by_sector == {
        "sociedad_civil": {"a1": 4, "a2": 0, "a3": 0},
        "servicio_publico": {"a1": 0, "a2": 3, "a3": 1},
    }
    assert result.ballots == [
        {"voter_id": "p1", "sector": "sociedad_civil", "dots": {"a1": 4}},
        {"voter_id": "p2", "sector": "servicio_publico", "dots": {"a2": 3, "a3": 1}},
    ]


def test_score_is_the_weighted_mean_over_those_who_scored_the_option():
    config = {
        "criteria": [{"id": "tec", "label": "Técnica", "weight": 2}, {"id": "imp", "label": "Impacto"}],
        "min": 1,
        "max": 5,
    }
    voting = opened("score", secrecy="public", config=config)
    result = results(
        voting,
        [
            (person("p1"), {"scores": {"a1": {"tec": 5, "imp": 2}, "a2": {"tec": 1, "imp": 1}}}),
            (person("p2"), {"scores": {"a1": {"tec": 3, "imp": 5}}}),  # a partial ballot
            (person("p3"), {"scores": {}}),
        ],
    )
    # p1: (2·5 + 2) / 3 = 4; p2: (2·3 + 5) / 3 = 11/3; mean 23/6.
    assert result.totals == {"a1": pytest.approx(23 / 6), "a2": 1, "a3": None}
    assert result.extras["scored_by"] == {"a1": 2, "a2": 1, "a3": 0}
    assert result.extras["by_criterion"] == {
        "a1": {"tec": 4, "imp": 3.5},
        "a2": {"tec": 1, "imp": 1},
        "a3": {"tec": None, "imp": None},
    }
    assert result.extras["scale"] == {"min": 1, "max": 5} and result.winner == "a1"
    assert result.participation["voted"] == 3


def test_score_with_nobody_scoring_has_no_winner():
    result = results(opened("score"), [(person("p1"), {"scores": {}})])
    assert result.outcome is Outcome.NO_VOTES and result.totals == {"a1": None, "a2": None, "a3": None}


def test_ranked_reports_borda_and_schulze_and_the_rule_decides():
    # Three voters a1 > a2 > a3 and two a2 > a3 > a1: a1 is the Condorcet
    # winner, while Borda prefers the broadly liked a2.
    votes = [(person(f"p{i}"), {"ranking": ["a1", "a2", "a3"]}) for i in range(3)]
    votes += [(person(f"q{i}"), {"ranking": ["a2", "a3", "a1"]}) for i in range(2)]
    schulze = results(opened("ranked"), votes)
    assert schulze.winner == "a1" and schulze.extras["schulze_ranking"] == [["a1"], ["a2"], ["a3"]]
    assert schulze.totals == schulze.extras["borda"] == {"a1": 6, "a2": 7, "a3": 2}
    assert schulze.extras["borda_ranking"] == [["a2"], ["a1"], ["a3"]]
    assert schulze.extras["pairwise"] == {"a1": {"a2": 3, "a3": 3}, "a2": {"a1": 2, "a3": 5}, "a3": {"a1": 2, "a2": 0}}
    assert schulze.extras["rule"] == "schulze" and "Schulze" in schulze.tie_rule
    borda = results(opened("ranked", config={"rule": "borda"}), votes)
    assert borda.winner == "a2" and "Borda" in borda.tie_rule


def test_schulze_on_the_classic_45_voter_example():
    # Schulze's own example (also on Wikipedia): E > A > C > B > D.
    options = ("a1", "a2", "a3", "a4", "a5")  # A B C D E
    profile = [
        (5, "ACBED"),
        (5, "ADECB"),
        (8, "BEDAC"),
        (3, "CABED"),
        (7, "CAEBD"),
        (2, "CBADE"),
        (7, "DCEBA"),
        (8, "EBADC"),
    ]
    name = dict(zip("ABCDE", options, strict=True))
    orders = [[name[c] for c in order] for n, order in profile for _ in range(n)]
    votes = [(person(f"p{k}"), {"ranking": order}) for k, order in enumerate(orders)]
    result = results(opened("ranked", options=options), votes)
    assert result.extras["schulze_ranking"] == [["a5"], ["a1"], ["a3"], ["a2"], ["a4"]]
    assert result.extras["strongest_paths"]["a1"] == {"a2": 28, "a3": 28, "a4": 30, "a5": 24}
    assert result.extras["strongest_paths"]["a5"]["a4"] == 31 and result.winner == "a5"


def test_partial_rankings_share_the_lowest_borda_places():
    voting = opened("ranked", options=("a1", "a2", "a3", "a4"))
    result = results(voting, [(person("p1"), {"ranking": ["a3"]}), (person("p2"), {"ranking": []})])
    # p1: a3 gets 3 and the three others share 2 + 1 + 0; p2 abstains (all share 3+2+1+0).
    assert result.totals == {"a1": 2.5, "a2": 2.5, "a3": 4.5, "a4": 2.5}
    assert result.extras["pairwise"]["a3"] == {"a1": 1, "a2": 1, "a4": 1}
    assert result.extras["pairwise"]["a1"] == {"a2": 0, "a3": 0, "a4": 0}


def test_consent_reaches_consensus_only_without_objections():
    voting = opened("consent", secrecy="public")
    result = results(
        voting,
        [
            (person("p1"), {"consent": {"a1": "agree", "a2": "object"}, "reasons": {"a2": "Sin presupuesto."}}),
            (person("p2"), {"consent": {"a1": "can_live_with", "a2": "agree"}, "comments": {"a1": "Con reservas."}}),
            (person("p3"), {"consent": {"a2": "object"}, "reasons": {"a2": "Ajeno al problema."}}),
        ],
    )
    assert result.extras["consensus"] == {"a1": True, "a2": False, "a3": False}
    assert result.extras["counts"]["a1"] == {"agree": 1, "can_live_with": 1, "object": 0}
    assert result.extras["objections"] == {"a1": [], "a2": ["Ajeno al problema.", "Sin presupuesto."], "a3": []}
    assert result.extras["comments"]["a1"] == ["Con reservas."]
    assert result.totals == {"a1": 2, "a2": 1, "a3": 0} and result.winner == "a1"


def test_a_single_objection_blocks_consensus():
    result = results(
        opened("consent", options=["a1"]),
        [
            (person("p1"), {"consent": {"a1": "agree"}}),
            (person("p2"), {"consent": {"a1": "object"}, "reasons": {"a1": "No"}}),
        ],
    )
    assert result.extras["consensus"] == {"a1": False}
    assert (result.outcome, result.winner, result.tie) == (Outcome.NO_CONSENSUS, None, None)


def test_fist_to_five_counts_fingers_and_consensus():
    result = results(
        opened("fist_to_five", options=["a1", "a2"]),
        [
            (person("p1"), {"fist": {"a1": 2, "a2": 5}}),
            (person("p2"), {"fist": {"a1": 3, "a2": 1}, "reasons": {"a2": "Riesgo jurídico."}}),
        ],
    )
    assert result.extras["consensus"] == {"a1": True, "a2": False}
    assert result.extras["counts"] == {
        "a1": {"support": 1, "reservations": 1, "object": 0},
        "a2": {"support": 1, "reservations": 0, "object": 1},
    }
    assert result.extras["fingers"]["a1"] == {"0": 0, "1": 0, "2": 1, "3": 1, "4": 0, "5": 0}
    assert result.extras["objections"]["a2"] == ["Riesgo jurídico."] and result.winner == "a1"
    assert "dedos" in result.tie_rule


def test_consent_without_any_response_decides_nothing():
    result = results(opened("consent"), [(person("p1"), {"consent": {}})])
    assert result.outcome is Outcome.NO_VOTES and result.participation["voted"] == 1


# --- ties -----------------------------------------------------------------------


def test_ties_are_reported_never_broken():
    approval = results(opened(), [(person("p1"), {"approve": ["a2"]}), (person("p2"), {"approve": ["a1"]})])
    assert (approval.outcome, approval.winner, approval.tie) == (Outcome.TIE, None, ["a1", "a2"])
    assert "empate" in approval.tie_rule
    cycle = [["a1", "a2", "a3"], ["a2", "a3", "a1"], ["a3", "a1", "a2"]]
    ranked = results(opened("ranked"), [(person(f"p{i}"), {"ranking": r}) for i, r in enumerate(cycle)])
    assert ranked.tie == ["a1", "a2", "a3"] and ranked.extras["schulze_ranking"] == [["a1", "a2", "a3"]]
    borda = results(
        opened("ranked", config={"rule": "borda"}),
        [(person("p"), {"ranking": ["a1", "a2"]}), (person("q"), {"ranking": ["a2", "a1"]})],
    )
    assert borda.tie == ["a1", "a2"]
    consent = results(
        opened("consent"), [(person("p1"), {"consent": {"a3": "agree", "a1": "agree", "a2": "can_live_with"}})]
    )
    assert consent.tie == ["a1", "a3"]
    score = results(
        opened("score"), [(person("p1"), {"scores": {"a1": scores(1, 2, 3, 4, 5, 0), "a2": scores(5, 4, 3, 2, 1, 0)}})]
    )
    assert score.tie == ["a1", "a2"]


def test_every_method_explains_its_tie_rule_in_spanish():
    for method in Method:
        voting = opened(str(method))
        assert "empate" in tally(voting, [], []).tie_rule


def test_no_ballots_or_only_blank_ballots_decide_nothing():
    for method, blank in [("approval", {"approve": []}), ("dots", {"dots": {}}), ("ranked", {"ranking": []})]:
        assert tally(opened(method), [], []).outcome is Outcome.NO_VOTES
        result = results(opened(method), [(person("p"), blank)])
        assert (result.outcome, result.winner, result.tie) == (Outcome.NO_VOTES, None, None)


# --- quorum, sectors, eligibility ------------------------------------------------


def test_quorum_is_a_number_of_ballots_from_participants():
    voting = opened(quorum=2)
    p1, p2 = person("p1"), person("p2")
    staff = [FACILITATOR, OBSERVER]
    one = tally(voting, [vote(voting, p1, {"approve": ["a1"]})], [p1, p2, *staff])
    assert one.quorum == {"required": 2, "every_sector": False, "missing_sectors": [], "met": False}
    assert (one.outcome, one.winner) == (Outcome.NO_QUORUM, None) and one.participation["eligible"] == 2
    two = tally(voting, [vote(voting, p1, {"approve": ["a1"]}), vote(voting, p2, {"approve": []})], [p1, p2])
    assert two.quorum["met"] is True and two.winner == "a1"


def test_every_sector_present_must_vote_when_required():
    voting = opened(require_every_sector=True)
    osc, sp, og = person("p1", OSC), person("p2", SP), person("p3", OG)
    ballots = [vote(voting, osc, {"approve": ["a1"]}), vote(voting, sp, {"approve": ["a1"]})]
    missing = tally(voting, ballots, [osc, sp, og, FACILITATOR])
    assert missing.quorum["missing_sectors"] == ["organismo_garante"] and missing.outcome is Outcome.NO_QUORUM
    everyone = tally(voting, [*ballots, vote(voting, og, {"approve": []})], [osc, sp, og, FACILITATOR])
    assert everyone.quorum["met"] is True and everyone.winner == "a1"


def test_ballots_from_outside_the_eligible_list_never_count():
    voting, p, gone = opened(), person("p"), person("gone")
    staff = Ballot("r", "f", FACILITATOR_SECTOR, ApprovalChoice(("a2",)), NOW)
    watcher = Ballot("r", "obs", "academia", ApprovalChoice(("a2",)), NOW)
    ballots = [vote(voting, p, {"approve": ["a1"]}), vote(voting, gone, {"approve": ["a2"]}), staff, watcher]
    result = tally(voting, ballots, [p, FACILITATOR, OBSERVER])
    assert result.totals == {"a1": 1, "a2": 0, "a3": 0} and result.participation["voters"] == ["p"]


def test_tally_refuses_ballots_of_another_round_or_method():
    voting, p = opened(), person("p")
    other = dataclasses.replace(vote(voting, p, {"approve": ["a1"]}), round_id="r2")
    with pytest.raises(ValueError, match="r2"):
        tally(voting, [other], [p])
    dots = vote(opened("dots"), p, {"dots": {"a1": 1}})
    for method in ("approval", "dots", "score", "ranked", "consent", "fist_to_five"):
        wrong = dots if method != "dots" else vote(voting, p, {"approve": ["a1"]})
        with pytest.raises(ValueError, match="another method"):
            tally(opened(method), [wrong], [p])


def test_participation_is_available_without_results():
    voting, p, q = opened(), person("p", OSC), person("q", SP)
    assert participation(voting, [vote(voting, p, {"approve": ["a1"]})], [q, p, OBSERVER]) == {
        "eligible": 2,
        "voted": 1,
        "voters": ["p"],
        "by_sector": {"sociedad_civil": {"eligible": 1, "voted": 1}, "servicio_publico": {"eligible": 1, "voted": 0}},
    }


def test_unknown_sectors_sort_after_the_known_ones():
    voting, odd, p = opened(), person("x", "vecindad"), person("p", ACA)
    assert list(participation(voting, [], [odd, p])["by_sector"]) == ["academia", "vecindad"]


# --- secrecy and visibility -------------------------------------------------------


def test_secret_rounds_show_sectors_only_when_every_voting_sector_is_large_enough():
    voting = opened()
    crowd = [(person(f"o{i}", OSC), {"approve": ["a1"]}) for i in range(SECRET_SECTOR_MIN_VOTERS)]
    crowd += [(person(f"s{i}", SP), {"approve": ["a2"]}) for i in range(SECRET_SECTOR_MIN_VOTERS)]
    shown = results(voting, crowd, extra_eligible=[person("g", OG)])  # a sector that did not vote is no risk
    assert shown.by_sector_withheld is False
    assert shown.by_sector == {
        "sociedad_civil": {"a1": 3, "a2": 0, "a3": 0},
        "servicio_publico": {"a1": 0, "a2": 3, "a3": 0},
    }
    lone = results(voting, [*crowd, (person("g", OG), {"approve": ["a3"]})])
    assert lone.by_sector == {} and lone.by_sector_withheld is True
    data = lone.to_dict()
    assert "ballots" not in data and "by_sector" in data  # an empty by_sector, never a missing one
    assert data["participation"]["voters"] == sorted([p.id for p, _ in crowd] + ["g"])


def test_public_rounds_list_every_ballot_and_every_sector():
    result = results(opened(secrecy="public"), [(person("p", OG), {"approve": ["a3"]})])
    assert result.by_sector == {"organismo_garante": {"a1": 0, "a2": 0, "a3": 1}}
    assert result.to_dict()["ballots"] == [{"voter_id": "p", "sector": "organismo_garante", "approve": ["a3"]}]


@pytest.mark.parametrize("role", list(Role))
def test_hidden_results_stay_hidden_for_every_role_until_close(role):
    hidden = opened()
    assert results_visible_to(hidden, role) is False
    closed, _, _ = close_round(
        hidden, [], eligible=[], actor_role=Role.FACILITATOR, actor_id="f", phase=Phase.VOTACION, now=NOW
    )
    assert results_visible_to(closed, role) is True
    assert results_visible_to(opened(visibility="live", secrecy="public"), role) is True


# --- closing ----------------------------------------------------------------------


def test_closing_computes_final_results_and_logs_them():
    voting, p = opened(), person("p")
    ballots = [vote(voting, p, {"approve": ["a2"]})]
    closed, result, events = close_round(
        voting, ballots, eligible=[p], actor_role=Role.FACILITATOR, actor_id="f", phase=Phase.VOTACION, now=LATER
    )
    assert closed.status is RoundStatus.CLOSED and (closed.closed_at, closed.closed_by) == (LATER, "f")
    assert voting.status is RoundStatus.OPEN  # values are not changed in place
    assert result.final is True and result.winner == "a2"
    assert [(e.kind, e.actor_id) for e in events] == [("voting_closed", "f")]
    payload = events[0].payload
    assert (payload["round_id"], payload["outcome"], payload["winner"], payload["tie"]) == ("r", "decided", "a2", None)
    assert payload["results"] == result.to_dict()
    json.dumps(payload)


def test_only_the_facilitator_closes_and_only_once():
    voting = opened()
    for role in (Role.PARTICIPANT, Role.OBSERVER):
        with pytest.raises(NotAllowedError):
            close_round(voting, [], eligible=[], actor_role=role, actor_id="p", phase=Phase.VOTACION, now=NOW)
    closed, _, _ = close_round(
        voting, [], eligible=[], actor_role=Role.FACILITATOR, actor_id="f", phase=Phase.VOTACION, now=NOW
    )
    with pytest.raises(ConflictError):
        close_round(closed, [], eligible=[], actor_role=Role.FACILITATOR, actor_id="f", phase=Phase.VOTACION, now=NOW)


def test_a_round_without_quorum_still_closes_with_no_winner():
    voting, p = opened(quorum=3), person("p")
    _, result, events = close_round(
        voting,
        [vote(voting, p, {"approve": ["a1"]})],
        eligible=[p],
        actor_role=Role.FACILITATOR,
        actor_id="f",
        phase=Phase.VOTACION,
        now=NOW,
    )
    assert (result.outcome, result.winner) == (Outcome.NO_QUORUM, None) and events[0].payload["outcome"] == "no_quorum"


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("approval", {"approve": ["a1"]}),
        ("dots", {"dots": {"a1": 3}}),
        ("score", {"scores": {"a1": scores(1, 2, 3, 4, 5, 5)}}),
        ("ranked", {"ranking": ["a2", "a1"]}),
        ("consent", {"consent": {"a1": "object"}, "reasons": {"a1": "No"}}),
        ("fist_to_five", {"fist": {"a1": 3}}),
    ],
)
@pytest.mark.parametrize("secrecy", ["secret", "public"])
def test_results_to_dict_is_json_ready_and_a_copy(method, body, secrecy):
    result = results(opened(method, secrecy=secrecy), [(person("p"), body)])
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert {"totals", "by_sector", "participation", "quorum", "winner", "tie", "tie_rule", "outcome"} <= data.keys()
    assert ("ballots" in data) is (secrecy == "public")
    data["totals"]["a1"] = 99
    data["participation"]["voters"].append("intruso")
    assert result.to_dict() != data


def test_rounds_are_frozen():
    voting = opened()
    assert isinstance(voting, Round)
    with pytest.raises(dataclasses.FrozenInstanceError):
        voting.status = RoundStatus.CLOSED


def test_an_objection_withdrawn_does_not_publish_its_reason():
    """Switching from «Objeción» to «Puedo vivir con ello» with the text still
    in the reason field: the text is dropped, never published as a comment."""
    voting = opened("consent", options=["a1"], secrecy="public")
    withdrawn = {"consent": {"a1": "can_live_with"}, "reasons": {"a1": "Sin presupuesto para la red."}}
    result = results(voting, [(person("p1"), withdrawn)])
    assert result.extras["objections"] == {"a1": []}
    assert result.extras["comments"] == {"a1": []}
    choice = parse_choice(Method.CONSENT, voting.config, ["a1"], withdrawn)
    assert choice.to_dict() == {"consent": {"a1": "can_live_with"}, "reasons": {}, "comments": {}}


def test_a_comment_is_kept_on_an_answer_and_dropped_on_an_objection():
    voting = opened("fist_to_five", options=["a1", "a2"], secrecy="public")
    ballot = {
        "fist": {"a1": 2, "a2": 0},
        "reasons": {"a2": "Ajeno al problema."},
        "comments": {"a1": "Con reservas.", "a2": "Texto de otra respuesta."},
    }
    result = results(voting, [(person("p1"), ballot)])
    assert result.extras["comments"] == {"a1": ["Con reservas."], "a2": []}
    assert result.extras["objections"] == {"a1": [], "a2": ["Ajeno al problema."]}


def test_a_comment_without_an_answer_is_refused():
    voting = opened("consent", options=["a1", "a2"])
    with pytest.raises(ValidationError) as raised:
        parse_choice(Method.CONSENT, voting.config, ["a1", "a2"], {"consent": {"a1": "agree"}, "comments": {"a2": "?"}})
    assert raised.value.field == "comments.a2"
