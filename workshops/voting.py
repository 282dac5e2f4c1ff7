"""Voting rounds on alternatives: the facilitator opens a round, participants
cast ballots, the facilitator closes it and the tally decides.

Consensus first; after broad discussion, majority (DESIGN.md §1). The
facilitator has voice but no vote: only ``Role.PARTICIPANT`` votes, and
nobody else counts in a denominator, a quorum or a sector rule. The methods
live in ``voting_methods.py``, their ballots in ``ballot.py`` and their
arithmetic in ``vote_count.py``.

Choices the server, the docs and the minutes rely on:

- Ties are never broken in silence: the outcome is ``"tie"``, ``tie`` names
  the tied options and the facilitator opens a new round among them.
- ``quorum`` is a minimum number of ballots (an integer, not a fraction):
  the number announced at the mesa and written in the minute, which does not
  move when someone arrives late. ``require_every_sector`` asks for a ballot
  from every sector present among the eligible participants. A round closes
  without them, but with outcome ``"no_quorum"`` and no winner.
- A ballot may say nothing (an empty approval, no dots, no ranking, no
  response): it is an abstention that counts as participation.
- A second ballot replaces the first until the round closes: the tally keeps,
  for each voter, the ballot with the latest ``cast_at`` (at equal times, the
  later one in the sequence). See ``latest_ballots``.
- Results of a ``hidden_until_close`` round are hidden from everyone until
  it closes, the facilitator included: whoever runs the process should not
  time the close on who is ahead. Participation (how many, who) is never
  hidden; the facilitator needs it to know when to close.
- A ``secret`` round shows totals and who took part, never who voted what;
  ``by_sector`` is shown only when every sector that voted has at least
  ``SECRET_SECTOR_MIN_VOTERS`` voters (otherwise one person's ballot could be
  read off their sector, or off the totals minus the other sectors). Live
  results would reveal each secret ballot as it arrives, so a secret round
  cannot be ``live``. A ``public`` round lists every ballot with its voter.
- Rounds live in ``VOTING_PHASES`` (alternativas, votación): opened, voted,
  closed and decided there. Moving the mesa out of them with a round open
  suspends it: ballots are refused (``wrong_phase``), none is lost or
  counted, and moving back resumes it (``suspension_events``).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .ballot import Choice, parse_choice
from .errors import ConflictError, NotAllowedError, ValidationError
from .messages import _, listing
from .phases import VOTING_PHASES, Phase, check_phase
from .roles import Role, Sector, can_vote
from .vote_count import count, count_totals, plain, tie_rule
from .voting_methods import CONSENT_METHODS, Method, MethodConfig, Outcome, bounded_int, parse_config
from .workshop import Event, Participant, clean_text

QUESTION_MAX = 300
OPTIONS_MAX = 50
QUORUM_MAX = 10_000
SECRET_SECTOR_MIN_VOTERS = 3
ROUND_FIELDS = ("method", "options", "config", "visibility", "secrecy", "quorum", "require_every_sector", "question")


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Visibility(StrEnum):
    HIDDEN_UNTIL_CLOSE = "hidden_until_close"
    LIVE = "live"


class Secrecy(StrEnum):
    SECRET = "secret"
    PUBLIC = "public"


Number = int | float


@dataclass(frozen=True)
class Round:
    id: str
    method: Method
    options: tuple[str, ...]  # alternative ids, in the order shown
    config: MethodConfig
    opened_at: dt.datetime
    opened_by: str
    visibility: Visibility = Visibility.HIDDEN_UNTIL_CLOSE
    secrecy: Secrecy = Secrecy.SECRET
    quorum: int | None = None  # minimum number of ballots
    require_every_sector: bool = False
    question: str = ""
    status: RoundStatus = RoundStatus.OPEN
    closed_at: dt.datetime | None = None
    closed_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": str(self.method),
            "options": list(self.options),
            "config": self.config.to_dict(),
            "visibility": str(self.visibility),
            "secrecy": str(self.secrecy),
            "quorum": self.quorum,
            "require_every_sector": self.require_every_sector,
            "question": self.question,
            "status": str(self.status),
            "opened_at": self.opened_at.isoformat(),
            "opened_by": self.opened_by,
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "closed_by": self.closed_by,
        }


@dataclass(frozen=True)
class Ballot:
    round_id: str
    voter_id: str
    sector: str
    choice: Choice
    cast_at: dt.datetime


@dataclass(frozen=True)
class Results:
    """A round's count. ``totals`` per method: approvals; points; weighted
    mean (None when nobody scored the option); Borda points; responses that
    do not object (consent and fist-to-five)."""

    round_id: str
    method: Method
    final: bool  # the round is closed
    options: tuple[str, ...]
    totals: dict[str, Number | None]
    by_sector: dict[str, dict[str, Number | None]]
    by_sector_withheld: bool
    participation: dict[str, Any]
    quorum: dict[str, Any]
    outcome: Outcome
    winner: str | None
    tie: list[str] | None
    tie_rule: str
    extras: dict[str, Any] = field(default_factory=dict)  # the method's own figures
    ballots: list[dict[str, Any]] | None = None  # public rounds only

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "round_id": self.round_id,
            "method": str(self.method),
            "final": self.final,
            "options": list(self.options),
            "totals": self.totals,
            "by_sector": self.by_sector,
            "by_sector_withheld": self.by_sector_withheld,
            "participation": self.participation,
            "quorum": self.quorum,
            "outcome": str(self.outcome),
            "winner": self.winner,
            "tie": self.tie,
            "tie_rule": self.tie_rule,
            **self.extras,
        }
        if self.ballots is not None:
            data["ballots"] = self.ballots
        return copy.deepcopy(data)


def _choice(value: object, enum: type[StrEnum], field: str) -> Any:
    if value not in tuple(enum):
        names = [str(v) for v in enum]
        raise ValidationError(
            _(
                "«{field}» debe ser {choices} o «{last}».",
                field=field,
                choices=listing(names[:-1], quoted=True),
                last=names[-1],
            ),
            field=field,
        )
    return enum(str(value))


def _parse_options(value: object, method: Method, available: Collection[str]) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise ValidationError("«options» debe ser una lista de alternativas.", field="options")
    fewest = 1 if method in CONSENT_METHODS else 2
    if not fewest <= len(value) <= OPTIONS_MAX:
        raise ValidationError(
            _(
                "Esta votación necesita de {fewest} a {options_max} alternativas ({count} recibidas).",
                fewest=fewest,
                options_max=OPTIONS_MAX,
                count=len(value),
            ),
            field="options",
        )
    for option in value:
        if not isinstance(option, str) or option not in available:
            raise ValidationError(_("Alternativa desconocida: {option!r}.", option=option), field="options")
    if len(set(value)) != len(value):
        raise ValidationError("Una alternativa aparece más de una vez.", field="options")
    return tuple(value)


def check_round_phase(phase: Phase, what: str) -> None:
    """Rounds are opened, voted, closed and decided only in ``VOTING_PHASES``."""
    check_phase(phase, VOTING_PHASES, what)


def check_can_open(actor_role: Role, phase: Phase) -> None:
    """Who opens a round (the facilitator) and when (a voting phase); the
    request itself is checked by ``open_round``."""
    if actor_role is not Role.FACILITATOR:
        raise NotAllowedError("Solo la persona facilitadora abre una votación.", role=actor_role)
    check_round_phase(phase, _("Las votaciones se abren"))


def open_round(
    data: Mapping[str, object],
    *,
    actor_role: Role,
    actor_id: str,
    round_id: str,
    options_available: Collection[str],
    now: dt.datetime,
) -> tuple[Round, list[Event]]:
    """Open a round on some alternatives (facilitator only)."""
    if actor_role is not Role.FACILITATOR:
        raise NotAllowedError("Solo la persona facilitadora abre una votación.", role=actor_role)
    if not isinstance(data, Mapping):
        raise ValidationError("Los datos de la votación deben ser un objeto.", field="round")
    unknown = sorted(k for k in data if k not in ROUND_FIELDS)
    if unknown:
        raise ValidationError(_("Campo desconocido: «{unknown}».", unknown=unknown[0]), field=unknown[0])
    method = _choice(data.get("method"), Method, "method")
    visibility = _choice(data.get("visibility", Visibility.HIDDEN_UNTIL_CLOSE), Visibility, "visibility")
    secrecy = _choice(data.get("secrecy", Secrecy.SECRET), Secrecy, "secrecy")
    if visibility is Visibility.LIVE and secrecy is Secrecy.SECRET:
        raise ValidationError(
            "Los resultados en vivo revelarían cada voto secreto al llegar: elige votación pública "
            "o resultados al cierre.",
            field="visibility",
        )
    quorum = data.get("quorum")
    if quorum is not None:
        quorum = bounded_int(quorum, field="quorum", low=1, high=QUORUM_MAX, what=_("El quórum (número de votos)"))
    every_sector = data.get("require_every_sector", False)
    if not isinstance(every_sector, bool):
        raise ValidationError("«require_every_sector» debe ser true o false.", field="require_every_sector")
    voting = Round(
        id=round_id,
        method=method,
        options=_parse_options(data.get("options"), method, options_available),
        config=parse_config(method, data.get("config")),
        opened_at=now,
        opened_by=actor_id,
        visibility=visibility,
        secrecy=secrecy,
        quorum=quorum,
        require_every_sector=every_sector,
        question=clean_text(data.get("question"), field="question", max_len=QUESTION_MAX, required=False),
    )
    payload = {k: v for k, v in voting.to_dict().items() if k in ROUND_FIELDS}
    return voting, [Event("voting_opened", {"round_id": round_id, **payload}, actor_id=actor_id)]


def cast_ballot(
    round: Round,
    data: Mapping[str, object],
    *,
    voter: Participant,
    phase: Phase,
    now: dt.datetime,
    any_phase: bool = False,
) -> tuple[Ballot, list[Event]]:
    """A participant's ballot while the mesa is in a voting phase (in any
    phase with ``any_phase``: the approval of the minuta); it replaces any
    earlier one of theirs until close.

    The event says who voted from which sector; what they chose only in a
    public round (the log is read by every member of the workshop).
    """
    if not can_vote(voter.role):
        if voter.role is Role.FACILITATOR:
            raise NotAllowedError("La persona facilitadora tiene voz, pero no voto.", role=voter.role)
        raise NotAllowedError("Las personas observadoras no votan.", role=voter.role)
    if not any_phase:
        check_round_phase(phase, _("Las boletas se reciben"))
    if round.status is not RoundStatus.OPEN:
        raise ConflictError("La votación ya se cerró; no admite más boletas.", round_id=round.id)
    ballot = read_ballot(round, data, voter=voter, cast_at=now)
    payload: dict[str, Any] = {"round_id": round.id, "voter_id": voter.id, "sector": voter.sector}
    if round.secrecy is Secrecy.PUBLIC:
        payload["choice"] = ballot.choice.to_dict()
    return ballot, [Event("ballot_cast", payload, actor_id=voter.id)]


def read_ballot(round: Round, data: Mapping[str, object], *, voter: Participant, cast_at: dt.datetime) -> Ballot:
    """A ballot validated against its round (also to rebuild stored ones)."""
    choice = parse_choice(round.method, round.config, round.options, data)
    return Ballot(round.id, voter.id, voter.sector, choice, cast_at)


def suspension_events(open_round_id: str | None, *, before: Phase, after: Phase, actor_id: str | None) -> list[Event]:
    """What a phase change does to the open round, if any: leaving the
    voting phases suspends it, coming back resumes it."""
    if open_round_id is None or (before in VOTING_PHASES) == (after in VOTING_PHASES):
        return []
    kind = "voting_resumed" if after in VOTING_PHASES else "voting_suspended"
    return [Event(kind, {"round_id": open_round_id, "phase": str(after)}, actor_id=actor_id)]


def latest_ballots(ballots: Sequence[Ballot]) -> list[Ballot]:
    """One ballot per round and voter: the latest ``cast_at``; at equal times,
    the later one in the sequence. Sorted by round and voter."""
    kept: dict[tuple[str, str], Ballot] = {}
    for ballot in ballots:
        key = (ballot.round_id, ballot.voter_id)
        if key not in kept or ballot.cast_at >= kept[key].cast_at:
            kept[key] = ballot
    return [kept[k] for k in sorted(kept)]


def _sector_key(sector: str) -> tuple[int, str]:
    known = tuple(Sector)
    return (known.index(Sector(sector)), "") if sector in known else (len(known), sector)


def _counted(
    round: Round, ballots: Sequence[Ballot], eligible: Sequence[Participant]
) -> tuple[dict[str, Participant], dict[str, Ballot]]:
    """Who may vote, and each one's current ballot. Ballots of anyone else
    (the facilitator, an observer, someone no longer in the list) are ignored."""
    foreign = {b.round_id for b in ballots} - {round.id}
    if foreign:
        raise ValueError(f"ballots of other rounds in the tally of {round.id!r}: {sorted(foreign)}")
    voters = {p.id: p for p in eligible if can_vote(p.role)}
    current = {b.voter_id: b for b in latest_ballots(ballots) if b.voter_id in voters}
    return voters, current


def participation(round: Round, ballots: Sequence[Ballot], eligible: Sequence[Participant]) -> dict[str, Any]:
    """How many may vote and how many did, in all and by sector; who voted.
    Never hidden: it says nothing about what anyone chose."""
    return _turnout(*_counted(round, ballots, eligible))


def _turnout(voters: Mapping[str, Participant], current: Mapping[str, Ballot]) -> dict[str, Any]:
    eligible = Counter(p.sector for p in voters.values())
    voted = Counter(voters[v].sector for v in current)
    return {
        "eligible": len(voters),
        "voted": len(current),
        "voters": sorted(current),
        "by_sector": {s: {"eligible": eligible[s], "voted": voted[s]} for s in sorted(eligible, key=_sector_key)},
    }


def _quorum(round: Round, turnout: Mapping[str, Any]) -> dict[str, Any]:
    missing = [s for s, n in turnout["by_sector"].items() if not n["voted"]] if round.require_every_sector else []
    enough = round.quorum is None or turnout["voted"] >= round.quorum
    return {
        "required": round.quorum,
        "every_sector": round.require_every_sector,
        "missing_sectors": missing,
        "met": enough and not missing,
    }


def tally(round: Round, ballots: Sequence[Ballot], eligible: Sequence[Participant]) -> Results:
    """Count the current ballots of the eligible participants. Used for live
    results (``final`` is false) and when closing."""
    voters, current = _counted(round, ballots, eligible)
    counted = [current[v] for v in sorted(current)]
    result = count(round.method, round.config, round.options, [b.choice for b in counted])
    turnout = _turnout(voters, current)
    quorum = _quorum(round, turnout)
    outcome = result.outcome if quorum["met"] else Outcome.NO_QUORUM

    by_sector: dict[str, dict[str, Number | None]] = {}
    sectors = [s for s, n in turnout["by_sector"].items() if n["voted"]]
    withheld = round.secrecy is Secrecy.SECRET and any(
        turnout["by_sector"][s]["voted"] < SECRET_SECTOR_MIN_VOTERS for s in sectors
    )
    if not withheld:
        for sector in sectors:
            choices = [b.choice for b in counted if voters[b.voter_id].sector == sector]
            totals = count_totals(round.method, round.config, round.options, choices)
            by_sector[sector] = {o: None if v is None else plain(v) for o, v in totals.items()}

    public = None
    if round.secrecy is Secrecy.PUBLIC:
        public = [{"voter_id": b.voter_id, "sector": voters[b.voter_id].sector, **b.choice.to_dict()} for b in counted]
    return Results(
        round_id=round.id,
        method=round.method,
        final=round.status is RoundStatus.CLOSED,
        options=round.options,
        totals={o: None if v is None else plain(v) for o, v in result.totals.items()},
        by_sector=by_sector,
        by_sector_withheld=withheld,
        participation=turnout,
        quorum=quorum,
        outcome=outcome,
        winner=result.top[0] if outcome is Outcome.DECIDED else None,
        tie=list(result.top) if outcome is Outcome.TIE else None,
        tie_rule=tie_rule(round.method, round.config),
        extras=result.extras,
        ballots=public,
    )


def close_round(
    round: Round,
    ballots: Sequence[Ballot],
    *,
    eligible: Sequence[Participant],
    actor_role: Role,
    actor_id: str,
    phase: Phase,
    now: dt.datetime,
    any_phase: bool = False,
) -> tuple[Round, Results, list[Event]]:
    """Close the round (facilitator only, in a voting phase unless
    ``any_phase``) and compute its final results.

    A round without quorum still closes: the minute records that it failed.
    """
    if actor_role is not Role.FACILITATOR:
        raise NotAllowedError("Solo la persona facilitadora cierra una votación.", role=actor_role)
    if not any_phase:
        check_round_phase(phase, _("Las votaciones se cierran"))
    if round.status is not RoundStatus.OPEN:
        raise ConflictError("Esta votación ya se cerró.", round_id=round.id)
    closed = dataclasses.replace(round, status=RoundStatus.CLOSED, closed_at=now, closed_by=actor_id)
    results = tally(closed, ballots, eligible)
    payload = {
        "round_id": round.id,
        "outcome": str(results.outcome),
        "winner": results.winner,
        "tie": results.tie,
        "results": results.to_dict(),
    }
    return closed, results, [Event("voting_closed", payload, actor_id=actor_id)]


def results_visible_to(round: Round, role: Role) -> bool:
    """Whether ``role`` may see the round's results now. The same answer for
    every role, the facilitator included (see the module's docstring)."""
    return round.status is RoundStatus.CLOSED or round.visibility is Visibility.LIVE
