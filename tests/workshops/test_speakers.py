"""The list of speakers: one hand per person, points of order first, the
balance rule shares the floor by sector, and speaking time is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshops.errors import ConflictError, NotAllowedError, NotFoundError, ValidationError
from workshops.roles import FACILITATOR_SECTOR, Role, Sector
from workshops.speakers import (
    SpeakerList,
    give_floor,
    lower_hand,
    ordered,
    raise_hand,
    reorder,
    set_rules,
    speaking_by_sector,
    spoken_seconds,
    stop_speech,
)

T0 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
FAC = Role.FACILITATOR


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def hand(speakers, pid, sector=Sector.SOCIEDAD_CIVIL, kind="contribution", t=0.0, role=Role.PARTICIPANT):
    return raise_hand(speakers, participant_id=pid, role=role, sector=str(sector), kind=kind, now=at(t))


def test_a_point_of_order_goes_first_then_replies_then_arrival_order():
    s = hand(SpeakerList(), "ana", t=1)
    s = hand(s, "beto", kind="reply", t=2)
    s = hand(s, "caro", t=3)
    s = hand(s, "dani", kind="point_of_order", t=4)
    assert [e.participant_id for e in ordered(s)] == ["dani", "beto", "ana", "caro"]


def test_one_hand_per_person_and_none_while_speaking():
    s = hand(SpeakerList(), "ana")
    with pytest.raises(ConflictError):
        hand(s, "ana", kind="point_of_order")
    s = give_floor(s, role=FAC, now=at(5))
    with pytest.raises(ConflictError, match="Tienes la palabra"):
        hand(s, "ana", t=6)


def test_who_may_queue():
    with pytest.raises(NotAllowedError):
        hand(SpeakerList(), "fac", sector=FACILITATOR_SECTOR, role=Role.FACILITATOR)
    with pytest.raises(NotAllowedError):
        hand(SpeakerList(), "obs", role=Role.OBSERVER)
    allowed = set_rules(SpeakerList(), role=FAC, allow_observers=True)
    assert [e.participant_id for e in hand(allowed, "obs", role=Role.OBSERVER).waiting] == ["obs"]
    with pytest.raises(ConflictError, match="cerrada"):
        hand(set_rules(SpeakerList(), role=FAC, closed=True), "ana")
    with pytest.raises(ValidationError):
        hand(SpeakerList(), "ana", kind="shout")


def test_only_the_facilitator_gives_stops_reorders_and_sets_rules():
    s = hand(hand(SpeakerList(), "ana"), "beto")
    for change in (
        lambda: give_floor(s, role=Role.PARTICIPANT, now=at(1)),
        lambda: stop_speech(s, role=Role.PARTICIPANT, now=at(1)),
        lambda: reorder(s, role=Role.PARTICIPANT, participant_ids=["beto", "ana"]),
        lambda: set_rules(s, role=Role.OBSERVER, closed=True),
    ):
        with pytest.raises(NotAllowedError):
            change()


def test_speaking_time_is_recorded_by_sector_and_person():
    s = hand(SpeakerList(), "ana", sector=Sector.SOCIEDAD_CIVIL)
    s = hand(s, "beto", sector=Sector.SERVICIO_PUBLICO)
    s = give_floor(s, role=FAC, now=at(10))
    s = give_floor(s, role=FAC, now=at(70))  # ana's speech ends, beto's starts
    assert s.current is not None and s.current.participant_id == "beto"
    s = stop_speech(s, role=FAC, now=at(100))
    assert spoken_seconds(s, Sector.SOCIEDAD_CIVIL) == 60
    assert spoken_seconds(s, Sector.SERVICIO_PUBLICO) == 30
    assert s.seconds_by_participant == {"ana": 60, "beto": 30}
    assert [(r.sector, r.turns, r.seconds) for r in speaking_by_sector(s)] == [
        (Sector.SERVICIO_PUBLICO, 1, 30),
        (Sector.SOCIEDAD_CIVIL, 1, 60),
    ]
    with pytest.raises(ConflictError):
        stop_speech(s, role=FAC, now=at(101))


def test_the_speech_in_progress_counts_up_to_now_when_asked():
    s = give_floor(hand(SpeakerList(), "ana"), role=FAC, now=at(0))
    assert speaking_by_sector(s, now=at(12))[0].seconds == 12
    assert speaking_by_sector(s) == []


def test_giving_the_floor_to_a_chosen_person_and_errors():
    s = hand(hand(SpeakerList(), "ana"), "beto")
    s = give_floor(s, role=FAC, now=at(1), participant_id="beto")
    assert s.current.participant_id == "beto" and [e.participant_id for e in s.waiting] == ["ana"]
    with pytest.raises(NotFoundError):
        give_floor(s, role=FAC, now=at(2), participant_id="nadie")
    with pytest.raises(ConflictError, match="Nadie espera"):
        give_floor(SpeakerList(), role=FAC, now=at(2))


def test_lowering_a_hand_and_reordering():
    s = hand(hand(hand(SpeakerList(), "ana"), "beto"), "caro")
    s = lower_hand(s, participant_id="beto")
    with pytest.raises(NotFoundError):
        lower_hand(s, participant_id="beto")
    s = reorder(s, role=FAC, participant_ids=["caro", "ana"])
    assert [e.participant_id for e in ordered(s)] == ["caro", "ana"]
    for bad in (["caro"], ["caro", "caro"], ["caro", "ana", "zoe"]):
        with pytest.raises(ValidationError):
            reorder(s, role=FAC, participant_ids=bad)
    # A new hand after a reorder goes to the end.
    assert [e.participant_id for e in ordered(hand(s, "dani"))] == ["caro", "ana", "dani"]


def test_a_refused_change_leaves_the_list_as_it_was():
    s = hand(SpeakerList(), "ana")
    before = repr(s)
    for change in (
        lambda: hand(s, "ana"),
        lambda: set_rules(s, role=FAC, closed=True, speech_limit_seconds=0),
        lambda: reorder(s, role=FAC, participant_ids=[]),
    ):
        with pytest.raises((ConflictError, ValidationError)):
            change()
    assert repr(s) == before


@pytest.mark.parametrize("limit", [0, -1, 30 * 60 + 1, 1.5, True, "60"])
def test_speech_limit_bounds(limit):
    with pytest.raises(ValidationError):
        set_rules(SpeakerList(), role=FAC, speech_limit_seconds=limit)


def test_speech_limit_is_set_and_cleared():
    s = set_rules(SpeakerList(), role=FAC, speech_limit_seconds=120)
    assert s.speech_limit_seconds == 120
    assert set_rules(s, role=FAC, speech_limit_seconds=None).speech_limit_seconds is None
    assert set_rules(s, role=FAC, closed=True).speech_limit_seconds == 120


SECTORS = [str(s) for s in Sector]

# A mesa as a sequence of steps: someone raises a hand, or the facilitator
# gives the floor to the next in line after some seconds.
steps = st.lists(
    st.one_of(
        st.tuples(st.just("hand"), st.integers(0, 11), st.sampled_from(SECTORS)),
        st.tuples(st.just("next"), st.integers(1, 600), st.none()),
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(steps)
def test_with_balance_the_next_speaker_is_from_a_sector_that_spoke_least(plan):
    s = set_rules(SpeakerList(), role=FAC, balance_by_sector=True)
    clock = 0.0
    sector_of: dict[str, str] = {}
    for action, value, sector in plan:
        if action == "hand":
            pid = f"p{value}"
            sector = sector_of.setdefault(pid, sector)
            if (s.current and s.current.participant_id == pid) or any(e.participant_id == pid for e in s.waiting):
                continue
            s = hand(s, pid, sector=sector, t=clock)
        elif s.waiting:
            clock += value
            # What each waiting sector has spoken once the current speech ends now.
            after = stop_speech(s, role=FAC, now=at(clock)) if s.current else s
            least = min(spoken_seconds(after, e.sector) for e in s.waiting)
            s = give_floor(s, role=FAC, now=at(clock))
            assert spoken_seconds(after, s.current.sector) == least
    total = sum(s.seconds_by_sector.values())
    assert total == pytest.approx(sum(s.seconds_by_participant.values()))
