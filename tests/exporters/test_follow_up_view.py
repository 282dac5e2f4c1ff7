"""The follow-up view model: progress and late as properties (whatever the
weights, dates and updates), labels in both languages, stable feed ids."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporters.follow_up_publication import PublicActivity, PublicCommitment, PublishedPlan
from exporters.follow_up_view import follow_up_view
from tests.support.follow_up_sample import TODAY, at, sample_plan
from workshops.follow_up import ActivityStatus, FollowUpRole, Update

DAY0 = dt.date(2027, 1, 1)


@st.composite
def plans(draw: st.DrawFn) -> tuple[PublishedPlan, dt.date]:
    commitments = []
    updates = []
    for c in range(draw(st.integers(0, 4))):
        acts = []
        for a in range(draw(st.integers(0, 6))):
            aid = f"a-{c}-{a}"
            end = draw(st.none() | st.dates(DAY0, dt.date(2028, 12, 31)))
            weight = draw(st.none() | st.floats(0, 1000, allow_nan=False))
            acts.append(PublicActivity(aid, f"Actividad {a}", DAY0, end, weight))
            for status in draw(st.lists(st.sampled_from(list(ActivityStatus)), max_size=4)):
                updates.append(
                    Update(aid, status, "", (), FollowUpRole.RESPONSABLE, at("2027-02-01") + dt.timedelta(len(updates)))
                )
        commitments.append(PublicCommitment(f"c-{c}", f"Compromiso {c}", activities=tuple(acts)))
    plan = dataclasses.replace(sample_plan(), commitments=tuple(commitments), updates=tuple(updates), reviews=())
    return plan, draw(st.dates(DAY0, dt.date(2029, 1, 1)))


@settings(max_examples=150, deadline=None)
@given(plans())
def test_progress_stays_between_0_and_100_and_verified_plus_reported_never_passes_100(case) -> None:
    plan, today = case
    view = follow_up_view(plan, today)
    for c in view["commitments"]:
        p = c["progress"]
        assert 0 <= p["verified"] <= 100 and 0 <= p["reported"] <= 100
        assert p["verified"] + p["reported"] <= 100.01
        assert p["late"] == sum(a["late"] for a in c["activities"])
        if c["activities"]:
            assert abs(sum(a["weight"] for a in c["activities"]) - 100) < 0.1
        verified = sum(a["weight"] for a in c["activities"] if a["status"] == "verificada")
        assert abs(p["verified"] - verified) < 0.1
    assert 0 <= view["progress"]["verified"] <= 100
    shown = [c["progress"]["verified"] for c in view["commitments"]]
    assert view["progress"]["verified"] == (round(sum(shown) / len(shown), 2) if shown else 0)


@settings(max_examples=150, deadline=None)
@given(plans())
def test_an_activity_is_late_exactly_when_its_end_has_passed_and_it_is_not_verified(case) -> None:
    plan, today = case
    view = follow_up_view(plan, today)
    ends = {a.id: a.end for c in plan.commitments for a in c.activities}
    for c in view["commitments"]:
        for a in c["activities"]:
            end = ends[a["id"]]
            assert a["late"] == (end is not None and end < today and a["status"] != "verificada")
            assert a["late_label"] == ("Atrasada" if a["late"] else "")


def test_the_sample_plan_reads_as_expected() -> None:
    view = follow_up_view(sample_plan(), TODAY)
    c1, c2 = view["commitments"]
    assert [(a["id"], a["status"], a["late"]) for a in c1["activities"]] == [
        ("a-1-1", "verificada", False),
        ("a-1-2", "iniciada", True),
        ("a-1-3", "devuelta", False),
        ("a-1-4", "por_verificar", False),
    ]
    assert (c1["progress"]["verified"], c1["progress"]["reported"], c1["progress"]["late"]) == (30, 20, 1)
    assert c2["progress"]["verified"] == 50  # equal weights when the hoja de ruta gives none
    assert view["progress"]["verified"] == 40
    assert c1["final_review"]["completion"] == "completo"
    # Late is computed from the day: the same plan before the end date is on time.
    earlier = follow_up_view(sample_plan(), dt.date(2027, 6, 30))
    assert not earlier["commitments"][0]["activities"][1]["late"]


def test_labels_in_english() -> None:
    view = follow_up_view(sample_plan(), TODAY, "en")
    a = view["commitments"][0]["activities"][1]
    assert (a["status_label"], a["late_label"]) == ("Started", "Late")
    assert view["reviews"][0]["kind_label"] == "Six-month monitoring"
    assert [c["origin"] for c in view["commitments"]] == ["Proactive", "Co-created"]
    assert [c["origin"] for c in follow_up_view(sample_plan(), TODAY)["commitments"]] == ["Proactivo", "Co-creado"]
    assert view["today"] == "July 15, 2027"
    with pytest.raises(ValueError):
        follow_up_view(sample_plan(), TODAY, "fr")


def test_feed_ids_are_stable_and_unique() -> None:
    first = follow_up_view(sample_plan(), TODAY)["events"]
    again = follow_up_view(sample_plan(), dt.date(2028, 1, 1))["events"]
    assert [e["id"] for e in first] == [e["id"] for e in again]
    assert len({e["id"] for e in first}) == len(first) == len(sample_plan().updates) + len(sample_plan().reviews)
    assert {e["kind"] for e in first} == {"update", "verification", "review"}


def test_a_plans_commitment_becomes_a_public_commitment_without_contacts() -> None:
    from exporters.follow_up_publication import plan_title, public_commitment
    from tests.workshops.test_plan import seeded_plan

    plan = seeded_plan()
    entry = plan.commitments[0]
    r = entry.roadmap
    activity_ids = [f"a-{i}" for i in range(len(r.activities))]
    indicator_ids = [f"i-{i}" for i in range(len(r.indicators))]
    shown = public_commitment(entry, activity_ids, indicator_ids)
    assert shown.id == entry.id and shown.title == entry.commitment.sheet["title"]
    assert [a.id for a in shown.activities] == activity_ids
    assert [a.description for a in shown.activities] == [a.description for a in r.activities]
    assert [i.goal for i in shown.indicators] == [i.goal for i in r.indicators]
    contacts = [o.contact for o in r.organizations if o.contact]
    assert not any(c in repr(shown) for c in contacts)
    assert r.responsible.name and r.responsible.name not in repr(shown)
    assert plan_title(plan)
    with pytest.raises(ValueError):
        public_commitment(entry, activity_ids[:-1] if activity_ids else ["x"], indicator_ids)
    view = follow_up_view(dataclasses.replace(sample_plan(), commitments=(shown,), updates=()), TODAY)
    assert view["commitments"][0]["progress"]["verified"] == 0


def test_today_is_the_day_in_central_mexico() -> None:
    from exporters.follow_up_words import local_today

    assert local_today(dt.datetime(2027, 7, 1, 5, 59, tzinfo=dt.UTC)) == dt.date(2027, 6, 30)
    assert local_today(dt.datetime(2027, 7, 1, 6, 0, tzinfo=dt.UTC)) == dt.date(2027, 7, 1)
