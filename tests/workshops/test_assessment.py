"""The feasibility and viability review: criteria rules, assessments and
the summary per alternative."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshops.alternatives import Alternative, Disposition
from workshops.assessment import (
    CRITERIA_MAX,
    CRITERION_ID_MAX,
    DEFAULT_CRITERIA,
    Assessment,
    Criterion,
    Level,
    assess,
    criterion_id_from_label,
    parse_criteria,
    review,
    set_criteria,
    summarize,
)
from workshops.errors import ConflictError, NotAllowedError, PhaseError, ValidationError
from workshops.phases import Phase
from workshops.roles import Role
from workshops.workshop import create_workshop

NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def workshop(phase=Phase.ALTERNATIVAS):
    w, _ = create_workshop({"title": "Mesa", "entity": "Toluca"}, workshop_id="w", join_code="ABC234", now=NOW)
    return dataclasses.replace(w, phase=phase)


def alternative(alt_id="a1", disposition=Disposition.PENDING):
    return Alternative(alt_id, "w", "Red de enlaces", ("c1",), "ana", NOW, ("ana",), disposition)


def record(data, previous=None, role=Role.FACILITATOR, phase=Phase.ALTERNATIVAS, alt=None, criteria=DEFAULT_CRITERIA):
    return assess(
        workshop(phase),
        alt or alternative(),
        criteria,
        data,
        actor_role=role,
        actor_id="fac",
        previous=previous,
        now=NOW,
    )


def test_default_criteria_are_the_six_of_the_guide():
    assert [(c.id, c.label) for c in DEFAULT_CRITERIA] == [
        ("factibilidad_tecnica", "Factibilidad técnica"),
        ("factibilidad_juridica", "Factibilidad jurídica"),
        ("factibilidad_presupuestal", "Factibilidad presupuestal"),
        ("viabilidad_politica", "Viabilidad política e institucional"),
        ("impacto", "Impacto esperado"),
        ("tiempo", "Tiempo de implementación"),
    ]


def test_new_criteria_get_ids_from_their_labels_and_kept_ones_keep_theirs():
    criteria = parse_criteria(
        [{"id": "impacto", "label": "Impacto social esperado"}, {"label": "Participación ciudadana"}, {"label": "¿?"}]
    )
    assert criteria == (
        Criterion("impacto", "Impacto social esperado"),
        Criterion("participacion_ciudadana", "Participación ciudadana"),
        Criterion("criterio", "¿?"),
    )
    # A new label that slugs to a kept id gets a distinct one.
    assert parse_criteria([{"id": "impacto", "label": "Otro"}, {"label": "Impacto"}])[1].id == "impacto_2"


@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        "impacto",
        [{"label": f"Criterio {i}"} for i in range(CRITERIA_MAX + 1)],
        [{"label": ""}],
        [{"label": "x" * 121}],
        [{"label": "Costo"}, {"label": "costo"}],
        [{"id": "a", "label": "Uno"}, {"id": "a", "label": "Dos"}],
        [{"id": "Con espacio", "label": "Uno"}],
        [{"id": "x" * (CRITERION_ID_MAX + 1), "label": "Uno"}],
        [{"id": 3, "label": "Uno"}],
        ["Costo"],
    ],
)
def test_bad_criteria_are_refused(value):
    with pytest.raises(ValidationError):
        parse_criteria(value)


def test_twelve_criteria_and_a_label_of_120_characters_are_accepted():
    assert len(parse_criteria([{"label": f"Criterio {i}"} for i in range(CRITERIA_MAX)])) == CRITERIA_MAX
    assert parse_criteria([{"label": "x" * 120}])[0].label == "x" * 120


@given(st.lists(st.text(min_size=1, max_size=40).filter(lambda s: s.strip()), min_size=1, max_size=CRITERIA_MAX))
def test_derived_ids_are_valid_and_distinct(labels):
    taken: set[str] = set()
    for label in labels:
        cid = criterion_id_from_label(label, taken)
        assert ID_RE.match(cid) and len(cid) <= CRITERION_ID_MAX and cid not in taken
        taken.add(cid)


@given(
    st.lists(
        st.fixed_dictionaries(
            {"label": st.text(alphabet="abcdeáéñ ÑÓ-_0123", min_size=1, max_size=30).filter(lambda s: s.strip())}
        ),
        min_size=1,
        max_size=CRITERIA_MAX,
        unique_by=lambda d: d["label"].strip().casefold(),
    )
)
def test_parsed_criteria_round_trip_with_their_ids(items):
    criteria = parse_criteria(items)
    assert len({c.id for c in criteria}) == len(criteria)
    assert parse_criteria([c.to_dict() for c in criteria]) == criteria


def test_only_the_facilitator_edits_criteria_and_removal_is_recorded():
    current = DEFAULT_CRITERIA
    data = {"criteria": [{"id": "impacto", "label": "Impacto social"}, {"label": "Sostenibilidad"}]}
    for role in (Role.PARTICIPANT, Role.OBSERVER):
        with pytest.raises(NotAllowedError):
            set_criteria(workshop(), current, data, actor_role=role, actor_id="x")
    with pytest.raises(PhaseError):
        set_criteria(workshop(Phase.CIERRE), current, data, actor_role=Role.FACILITATOR, actor_id="f")
    criteria, events = set_criteria(
        workshop(Phase.PREPARACION), current, data, actor_role=Role.FACILITATOR, actor_id="f", assessed={"tiempo"}
    )
    assert [c.id for c in criteria] == ["impacto", "sostenibilidad"]
    payload = events[0].payload
    assert events[0].kind == "assessment_criteria_changed" and events[0].actor_id == "f"
    assert payload["added"] == ["sostenibilidad"] and "tiempo" in payload["removed"]
    assert payload["renamed"] == {"impacto": ["Impacto esperado", "Impacto social"]}
    assert payload["hidden"] == ["tiempo"]
    same, none = set_criteria(
        workshop(), criteria, {"criteria": [c.to_dict() for c in criteria]}, actor_role=Role.FACILITATOR, actor_id="f"
    )
    assert same == criteria and none == []


def test_the_facilitator_records_a_level_and_a_note_with_who_and_when():
    cell, events = record({"criterion": "factibilidad_tecnica", "level": "media", "note": "Requiere un sistema"})
    assert cell.level is Level.MEDIA and cell.note == "Requiere un sistema"
    assert (cell.updated_by, cell.updated_at, cell.criterion_label) == ("fac", NOW, "Factibilidad técnica")
    assert events[0].kind == "alternative_assessed" and events[0].actor_id == "fac"
    assert events[0].payload == {
        "alternative_id": "a1",
        "criterion": "factibilidad_tecnica",
        "criterion_label": "Factibilidad técnica",
        "level": "media",
        "note": "Requiere un sistema",
        "previous_level": None,
    }
    changed, events = record({"criterion": "factibilidad_tecnica", "level": "alta", "note": ""}, previous=cell)
    assert changed.level is Level.ALTA and events[0].payload["previous_level"] == "media"
    again, none = record({"criterion": "factibilidad_tecnica", "level": "alta"}, previous=changed)
    assert again == changed and none == []
    cleared, events = record({"criterion": "factibilidad_tecnica", "level": None}, previous=changed)
    assert cleared.level is None and events[0].payload["level"] is None


@pytest.mark.parametrize(
    "data",
    [
        {"criterion": "nope", "level": "alta"},
        {"criterion": None, "level": "alta"},
        {"criterion": "impacto", "level": "altísima"},
        {"criterion": "impacto", "level": 3},
        {"criterion": "impacto", "level": "baja", "note": "x" * 1001},
        {"criterion": "impacto", "level": "baja", "note": 5},
    ],
)
def test_bad_assessments_are_refused(data):
    with pytest.raises(ValidationError):
        record(data)


def test_who_and_when_an_assessment_may_be_recorded():
    data = {"criterion": "impacto", "level": "alta"}
    for role in (Role.PARTICIPANT, Role.OBSERVER):
        with pytest.raises(NotAllowedError):
            record(data, role=role)
    for phase in (Phase.PREPARACION, Phase.ARBOL_DE_PROBLEMAS, Phase.ARBOL_DE_OBJETIVOS, Phase.CIERRE):
        with pytest.raises(PhaseError):
            record(data, phase=phase)
    for phase in (Phase.ALTERNATIVAS, Phase.VOTACION, Phase.HOJA_DE_RUTA):
        assert record(data, phase=phase)[0].level is Level.ALTA
    for disposition in (Disposition.MERGED, Disposition.SPLIT):
        with pytest.raises(ConflictError):
            record(data, alt=alternative(disposition=disposition))
    assert record(data, alt=alternative(disposition=Disposition.ADOPTED))[0].level is Level.ALTA


def test_a_note_of_1000_characters_is_kept_whole_and_round_trips():
    cell, _ = record({"criterion": "impacto", "level": "baja", "note": "ñ" * 1000})
    assert Assessment.from_dict(cell.to_dict()) == cell


LEVELS = st.sampled_from([None, Level.ALTA, Level.MEDIA, Level.BAJA])


@given(st.lists(LEVELS, min_size=len(DEFAULT_CRITERIA), max_size=len(DEFAULT_CRITERIA)))
def test_the_summary_counts_every_criterion_once(levels):
    cells = {
        c.id: Assessment("a1", c.id, level, "", "fac", NOW)
        for c, level in zip(DEFAULT_CRITERIA, levels, strict=True)
        if level is not None or c.id == "impacto"
    }
    summary = summarize(DEFAULT_CRITERIA, cells)
    assert sum(summary["counts"].values()) + len(summary["pending"]) == len(DEFAULT_CRITERIA)
    assert summary["counts"] == {str(level): levels.count(level) for level in Level}
    assert summary["pending"] == [c.id for c, level in zip(DEFAULT_CRITERIA, levels, strict=True) if level is None]
    assert summary["complete"] == (None not in levels)


def test_the_review_hides_removed_criteria_and_keeps_count_of_them():
    cells = [
        Assessment("a1", "impacto", Level.ALTA, "Alto", "fac", NOW, "Impacto esperado"),
        Assessment("a1", "tiempo", Level.BAJA, "", "fac", NOW, "Tiempo de implementación"),
        Assessment("a3", "tiempo", Level.MEDIA, "", "fac", NOW, "Tiempo de implementación"),
    ]
    criteria = (Criterion("impacto", "Impacto"), Criterion("costo", "Costo"))
    alternatives = [alternative("a1"), alternative("a2", Disposition.MERGED), alternative("a3", Disposition.SPLIT)]
    body = review(criteria, alternatives, cells)
    assert body["levels"] == ["alta", "media", "baja"]
    rows = {row["alternative_id"]: row for row in body["alternatives"]}
    # a2 (merged, never assessed) is left out; a3 (split) has only a hidden assessment.
    assert list(rows) == ["a1"]
    assert rows["a1"]["cells"]["impacto"]["level"] == "alta" and rows["a1"]["cells"]["costo"] is None
    assert rows["a1"]["summary"]["pending"] == ["costo"]
    assert body["retired"] == [{"id": "tiempo", "label": "Tiempo de implementación", "assessments": 2}]
    # Restoring the criterion shows them again: they were never deleted.
    restored = review((*criteria, Criterion("tiempo", "Tiempo")), alternatives, cells)
    rows = {row["alternative_id"]: row for row in restored["alternatives"]}
    assert rows["a1"]["cells"]["tiempo"]["level"] == "baja" and rows["a3"]["assessable"] is False
    assert restored["retired"] == []
