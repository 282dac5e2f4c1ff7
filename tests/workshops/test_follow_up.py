"""Public follow-up: statuses move one way per role, progress is computed
from verified weights, late is computed from dates, reviews cover every
commitment once."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshops.errors import NotAllowedError, ValidationError
from workshops.follow_up import (
    ActivityStatus,
    Progress,
    TrackedActivity,
    Update,
    commitment_progress,
    current_status,
    is_late,
    measure,
    plan_progress,
    report,
    review_commitments,
    verify,
)

NOW = dt.datetime(2027, 6, 15, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def reported(updates, activity_id, status, role="responsable", **fields):
    body = {"note": "Se hizo el taller", "links": ["https://ejemplo.mx/minuta.pdf"], **fields}
    return [*updates, report(updates, activity_id, role=role, status=status, now=NOW, **body)]


def decided(updates, activity_id, decision, reason="", role="verificador"):
    return [*updates, verify(updates, activity_id, role=role, decision=decision, reason=reason, now=NOW)]


def test_the_path_of_an_activity():
    log: list[Update] = []
    assert current_status(log, "a1") is ActivityStatus.SIN_INICIAR
    log = reported(log, "a1", "iniciada")
    log = reported(log, "a1", "por_verificar", role="corresponsable")
    log = decided(log, "a1", "devuelta", reason="Falta la lista de asistencia")
    assert current_status(log, "a1") is ActivityStatus.DEVUELTA and log[-1].note == "Falta la lista de asistencia"
    log = reported(log, "a1", "por_verificar")
    log = decided(log, "a1", "verificada", role="editor")
    assert current_status(log, "a1") is ActivityStatus.VERIFICADA
    with pytest.raises(NotAllowedError, match="ya fue verificada"):
        reported(log, "a1", "iniciada")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda: reported([], "a1", "verificada"), ValidationError),
        (lambda: reported([], "a1", "iniciada", role="verificador"), NotAllowedError),
        (lambda: reported([], "a1", "iniciada", role="ciudadania"), NotAllowedError),
        (lambda: reported([], "a1", "terminada"), ValidationError),
        (lambda: reported([], "a1", "por_verificar", note="", links=[]), ValidationError),
        (lambda: reported([], "a1", "iniciada", links=["javascript:alert(1)"]), ValidationError),
        (lambda: reported([], "a1", "iniciada", links=["ftp://x.mx/a"]), ValidationError),
        (lambda: reported([], "a1", "iniciada", links="https://x.mx"), ValidationError),
        (lambda: reported([], "a1", "iniciada", links=["https://x.mx"] * 11), ValidationError),
        (lambda: decided([], "a1", "verificada"), ValidationError),
        (lambda: decided(reported([], "a1", "por_verificar"), "a1", "verificada", role="responsable"), NotAllowedError),
        (lambda: decided(reported([], "a1", "por_verificar"), "a1", "devuelta", reason=""), ValidationError),
        (lambda: decided(reported([], "a1", "por_verificar"), "a1", "iniciada"), ValidationError),
    ],
)
def test_refused_moves(change, error):
    with pytest.raises(error):
        change()


def test_progress_counts_verified_weights_and_shows_reported_apart():
    activities = [
        TrackedActivity("a1", dt.date(2027, 3, 1), 50),
        TrackedActivity("a2", dt.date(2027, 5, 1), 30),
        TrackedActivity("a3", dt.date(2027, 12, 1), 20),
    ]
    log = decided(reported([], "a1", "por_verificar"), "a1", "verificada")
    log = reported(log, "a3", "por_verificar")
    assert commitment_progress(activities, log, TODAY) == Progress(verified=50.0, reported=20.0, late=1)
    # Without weights, every activity weighs the same.
    unweighted = [TrackedActivity(a.id, a.end, None) for a in activities]
    assert commitment_progress(unweighted, log, TODAY).verified == pytest.approx(33.33)
    assert plan_progress([Progress(50, 0, 0), Progress(100, 0, 0)]) == 75
    assert plan_progress([]) == 0


def test_late_is_computed_from_dates():
    activity = TrackedActivity("a1", dt.date(2027, 6, 14), 10)
    assert is_late(activity, ActivityStatus.POR_VERIFICAR, TODAY)
    assert not is_late(activity, ActivityStatus.VERIFICADA, TODAY)
    assert not is_late(activity, ActivityStatus.INICIADA, dt.date(2027, 6, 14))
    assert not is_late(TrackedActivity("a2", None, 10), ActivityStatus.SIN_INICIAR, TODAY)


statuses = st.sampled_from(list(ActivityStatus))
plans = st.lists(
    st.tuples(st.one_of(st.none(), st.floats(0.5, 100)), statuses, st.dates(dt.date(2026, 1, 1), dt.date(2028, 1, 1))),
    min_size=1,
    max_size=12,
)


def log_for(rows):
    return [
        Update(f"a{i}", status, "", (), "verificador", NOW)  # type: ignore[arg-type]
        for i, (_, status, _) in enumerate(rows)
    ]


@given(plans)
def test_progress_properties(rows):
    activities = [TrackedActivity(f"a{i}", end, weight) for i, (weight, _, end) in enumerate(rows)]
    log = log_for(rows)
    progress = commitment_progress(activities, log, TODAY)
    assert 0 <= progress.verified <= 100 and 0 <= progress.reported <= 100
    assert progress.verified + progress.reported <= 100.01
    all_verified = all(status is ActivityStatus.VERIFICADA for _, status, _ in rows)
    assert (progress.verified == 100) == all_verified
    assert progress.late == sum(1 for _, status, end in rows if end < TODAY and status is not ActivityStatus.VERIFICADA)


@given(plans, st.integers(0, 11))
def test_verifying_one_more_activity_never_lowers_progress(rows, index):
    index %= len(rows)
    activities = [TrackedActivity(f"a{i}", end, weight) for i, (weight, _, end) in enumerate(rows)]
    before = commitment_progress(activities, log_for(rows), TODAY).verified
    more = [*log_for(rows), Update(f"a{index}", ActivityStatus.VERIFICADA, "", (), "verificador", NOW)]  # type: ignore[arg-type]
    assert commitment_progress(activities, more, TODAY).verified >= before


def test_measurements():
    m = measure("i1", role="responsable", period="2027-05", value=42, note="", now=NOW)
    assert (m.period, m.value) == ("2027-05", 42.0)
    assert measure("i1", role="editor", period="2027", value=1.5, note=None, now=NOW).value == 1.5
    for period in ("2027-07", "2028", "mayo", "2027-13", 2027):
        with pytest.raises(ValidationError):
            measure("i1", role="responsable", period=period, value=1, note="", now=NOW)
    for value in ("42", float("nan"), float("inf"), True, None):
        with pytest.raises(ValidationError):
            measure("i1", role="responsable", period="2027-01", value=value, note="", now=NOW)
    with pytest.raises(NotAllowedError):
        measure("i1", role="verificador", period="2027-01", value=1, note="", now=NOW)


def test_reviews_cover_every_commitment_once():
    one = {"completion": "sustancial", "opened_government": "mayor", "quality": "Buena", "relevance": "Alta"}
    reviews = review_commitments(
        [{"commitment_id": "c1", **one}, {"commitment_id": "c2", **one, "completion": "completo"}],
        ["c1", "c2"],
        role="verificador",
    )
    assert [(r.commitment_id, r.completion) for r in reviews] == [("c1", "sustancial"), ("c2", "completo")]
    for bad in (
        [{"commitment_id": "c1", **one}],
        [{"commitment_id": "c1", **one}, {"commitment_id": "c1", **one}],
        [{"commitment_id": "c1", **one}, {"commitment_id": "c3", **one}],
        [{"commitment_id": "c1", **one, "completion": "casi"}, {"commitment_id": "c2", **one}],
        [{"commitment_id": "c1", **one, "opened_government": 5}, {"commitment_id": "c2", **one}],
        "todo",
    ):
        with pytest.raises(ValidationError):
            review_commitments(bad, ["c1", "c2"], role="verificador")
    with pytest.raises(NotAllowedError):
        review_commitments([], [], role="responsable")
